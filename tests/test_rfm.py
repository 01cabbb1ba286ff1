"""RFM: scores against an independent computation and hand-worked examples, the 125 codes, the
Chinese 8 classes against their verbal definitions (reference/TEXTBOOK.md), row-order invariance."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from crm_core.customers import customer_table
from crm_core.datasets import BUNDLED
from crm_core.errors import InvalidInputError
from crm_core.ingest import ingest_file
from crm_core.rfm import (
    CLASS8_NAMES_ZH,
    SEGMENTS,
    CutPoints,
    rf_grid,
    score_rfm,
    segment_of,
    segment_table,
    transitions,
)

from .conftest import TODAY


def _customers(days, orders, revenue):
    n = len(days)
    return pd.DataFrame({"customer_id": [f"C{i}" for i in range(n)], "days_since_last_order": days,
                         "orders": orders, "net_revenue": revenue,
                         "avg_order_value": np.asarray(revenue, float) / np.asarray(orders, float)})


def test_hand_worked_quintiles():
    # ten customers, values 1..10: numpy's linear quantiles at 20/40/60/80 % are 2.8, 4.6, 6.4, 8.2
    ct = _customers(days=list(range(1, 11)), orders=list(range(1, 11)), revenue=[float(v) for v in range(1, 11)])
    scores, cuts = score_rfm(ct)
    assert cuts.orders == pytest.approx((2.8, 4.6, 6.4, 8.2))
    assert list(scores["f_score"]) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert list(scores["m_score"]) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert list(scores["r_score"]) == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]  # fewest days = most recent = 5
    assert scores["rfm_code"].iloc[0] == "511" and scores["rfm_code"].iloc[-1] == "155"


def test_ties_share_a_score():
    ct = _customers(days=[5] * 6 + [50, 60], orders=[1] * 6 + [3, 9], revenue=[10.0] * 8)
    scores, _ = score_rfm(ct)
    assert scores["f_score"].iloc[:6].nunique() == 1 and scores["r_score"].iloc[:6].nunique() == 1


def test_manual_cut_points():
    ct = _customers(days=[3, 40, 400], orders=[1, 4, 12], revenue=[50.0, 500.0, 5000.0])
    manual = CutPoints(recency_days=(30, 90, 180, 365), orders=(1, 2, 5, 10), monetary=(100, 300, 1000, 3000))
    scores, cuts = score_rfm(ct, manual_cuts=manual)
    assert cuts == manual
    # 40 days is past one cut (30) -> R 4; 4 orders past two (1, 2) -> F 3; 500 past two (100, 300) -> M 3
    assert list(scores["rfm_code"]) == ["511", "433", "155"]
    with pytest.raises(InvalidInputError, match=r"orders: must be 4 ascending cut points"):
        score_rfm(ct, manual_cuts=CutPoints((1, 2, 3, 4), (5, 1, 2, 3), (1, 2, 3, 4)))


def test_average_monetary_mode_uses_net_revenue_per_order():
    ct = _customers(days=[1, 2], orders=[1, 10], revenue=[100.0, 500.0])
    scores, _ = score_rfm(ct, monetary="average")
    assert list(scores["monetary"]) == [100.0, 50.0]


def test_every_one_of_the_125_codes_maps_to_exactly_one_named_segment():
    codes = list(itertools.product(range(1, 6), repeat=3))
    r = pd.Series([c[0] for c in codes])
    fm = pd.Series([(c[1] + c[2] + 1) // 2 for c in codes])
    seg = segment_of(r, fm)
    assert len(seg) == 125 and seg.notna().all()
    assert set(seg) == set(SEGMENTS)  # all 11 segments are used, none other ("Others" does not exist)


# TEXTBOOK.md, RFM table: (R recent?, F high?, M high?) -> class, as the course defines them in words.
VERBAL = {
    ("recent", "high", "high"): "重要价值客户",
    ("recent", "low", "high"): "重要发展客户",
    ("not recent", "high", "high"): "重要保持客户",
    ("not recent", "low", "high"): "重要挽留客户",
    ("recent", "high", "low"): "一般价值客户",
    ("recent", "low", "low"): "一般发展客户",
    ("not recent", "high", "low"): "一般保持客户",
    ("not recent", "low", "low"): "一般挽留客户",
}


def test_chinese_8_classes_follow_their_verbal_definitions():
    # eight customers, one per pattern, around means of 50 days / 5 orders / 500 currency
    patterns = list(VERBAL)
    days = [10 if r == "recent" else 90 for r, _, _ in patterns]
    orders = [9 if f == "high" else 1 for _, f, _ in patterns]
    revenue = [900.0 if m == "high" else 100.0 for _, _, m in patterns]
    scores, _ = score_rfm(_customers(days, orders, revenue))
    got = [CLASS8_NAMES_ZH[c] for c in scores["rfm_class8"]]
    assert got == [VERBAL[p] for p in patterns]


@settings(max_examples=30, deadline=None)
@given(hst.lists(hst.tuples(hst.integers(1, 400), hst.integers(1, 30), hst.floats(1, 1e4)), min_size=5, max_size=80),
       hst.randoms())
def test_scores_do_not_depend_on_row_order(rows, rnd):
    ct = _customers([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
    a, _ = score_rfm(ct)
    shuffled = ct.sample(frac=1, random_state=rnd.randint(0, 10**6))
    b, _ = score_rfm(shuffled)
    pd.testing.assert_frame_equal(a.set_index("customer_id").sort_index(), b.set_index("customer_id").sort_index())


def test_scores_match_an_independent_computation_on_the_sample():
    store, report = ingest_file(BUNDLED["sample"].path, today=TODAY)
    ct = customer_table(store, report.default_as_of)
    scores, cuts = score_rfm(ct)
    # independent: pandas quantiles (linear) and searchsorted
    for col, measure, reverse in [("r_score", "days_since_last_order", True), ("f_score", "orders", False),
                                  ("m_score", "net_revenue", False)]:
        x = ct[measure].astype(float)
        q = x.quantile([0.2, 0.4, 0.6, 0.8]).to_numpy()
        above = np.searchsorted(q, x.to_numpy(), side="left")  # number of cut points strictly below x
        exp = 5 - above if reverse else 1 + above
        np.testing.assert_array_equal(scores[col].to_numpy(), exp, err_msg=col)
    table = segment_table(scores)
    assert table["customers"].sum() == len(ct) and table["customer_share"].sum() == pytest.approx(1)
    grid = rf_grid(scores)
    assert len(grid) == 25 and grid["customers"].sum() == len(ct)


def test_transitions_count_new_customers():
    before = pd.DataFrame({"customer_id": ["a", "b"], "rfm_segment": ["champions", "lost"]})
    after = pd.DataFrame({"customer_id": ["a", "b", "c"], "rfm_segment": ["at_risk", "lost", "new_customers"]})
    t = transitions(before, after).set_index(["from", "to"])["customers"].to_dict()
    assert t == {("champions", "at_risk"): 1, ("lost", "lost"): 1, ("new", "new_customers"): 1}


def test_rf_grid_top_segment_is_the_most_common_in_the_cell():
    scores = pd.DataFrame({"r_score": [5, 5, 5, 1], "f_score": [1, 1, 1, 5], "monetary": [1.0, 2.0, 3.0, 9.0],
                           "rfm_segment": ["new_customers", "potential_loyalist", "potential_loyalist", "cant_lose"]})
    g = rf_grid(scores).set_index(["r_score", "f_score"])
    assert g.loc[(5, 1), "top_segment"] == "potential_loyalist" and g.loc[(5, 1), "customers"] == 3
    assert g.loc[(5, 1), "avg_monetary"] == 2.0 and g.loc[(3, 3), "customers"] == 0
