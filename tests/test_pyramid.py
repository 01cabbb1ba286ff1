"""Customer pyramid: tiers on hand-worked rankings, Gini against the mean-difference formula, and
tier figures against a plain pandas computation over the bundled sample."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from crm_core.customers import customer_table
from crm_core.datasets import BUNDLED
from crm_core.errors import InvalidInputError
from crm_core.ingest import ingest_file
from crm_core.pyramid import assign_tiers, pareto, tier_table
from crm_core.value import customer_value

from .conftest import TODAY


def test_curry_shares_on_200_customers():
    # 200 customers with values 200, 199, …, 1: VIP = ranks 1–2 (1 %), major 3–10 (next 4 %),
    # ordinary 11–40 (next 15 %), small 41–200 (80 %)
    ids = pd.Series([f"C{i:03d}" for i in range(200)])
    value = pd.Series(np.arange(200, 0, -1, dtype=float))
    tiers = assign_tiers(ids, value)
    assert tiers.value_counts().to_dict() == {"small": 160, "ordinary": 30, "major": 8, "vip": 2}
    assert list(tiers[:3]) == ["vip", "vip", "major"] and tiers[40] == "small" and tiers[39] == "ordinary"


def test_zero_and_negative_value_is_lead_and_ties_break_by_id():
    ids = pd.Series(["b", "a", "c", "d"])
    value = pd.Series([5.0, 5.0, 0.0, -3.0])
    tiers = assign_tiers(ids, value, cuts=(0.25, 0.5, 0.75))
    # a and b tie at 5: a ranks first (id order) -> vip, b second -> major
    assert list(tiers) == ["major", "vip", "lead", "lead"]
    shuffled = assign_tiers(ids[::-1].reset_index(drop=True), value[::-1].reset_index(drop=True), cuts=(0.25, 0.5, 0.75))
    assert list(shuffled[::-1]) == list(tiers)


def test_bad_cuts():
    with pytest.raises(InvalidInputError, match=r"cuts: must be three cumulative shares"):
        assign_tiers(pd.Series(["a"]), pd.Series([1.0]), cuts=(0.2, 0.1, 0.5))


def _gini_mean_difference(x):
    """Gini (1912) as the mean absolute difference over twice the mean: Σ_i Σ_j |x_i − x_j| / (2 n² x̄)."""
    x = np.clip(np.asarray(x, float), 0, None)
    return np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())


@pytest.mark.parametrize("values, expected", [([1, 1, 1, 1], 0.0), ([0, 0, 0, 1], 0.75), ([1, 2, 3, 4], 0.25)])
def test_gini_hand_worked(values, expected):
    # [1,2,3,4]: Σ|xi−xj| = 2·(1+2+3+1+2+1) = 20; 2·n²·x̄ = 2·16·2.5 = 80 -> 0.25
    assert pareto(pd.Series(values, dtype=float)).gini == pytest.approx(expected)


@settings(max_examples=50, deadline=None)
@given(hst.lists(hst.floats(-100, 1e6, allow_nan=False), min_size=1, max_size=60))
def test_gini_matches_mean_difference_and_shares_sum_to_one(values):
    s = pd.Series(values)
    if (s.clip(lower=0)).sum() <= 0:
        return
    p = pareto(s)
    assert p.gini == pytest.approx(_gini_mean_difference(values), abs=1e-9)
    assert p.value_share[-1] == pytest.approx(1.0)
    ids = pd.Series([f"c{i}" for i in range(len(values))])
    tiers = assign_tiers(ids, s)
    table = tier_table(pd.DataFrame({"net_revenue": s, "profit": s, "orders": 1, "days_since_last_order": 1}),
                       tiers, s)
    assert table["customer_share"].sum() == pytest.approx(1.0)
    assert table["customers"].sum() == len(values)


def test_top_share_interpolates():
    p = pareto(pd.Series([60.0, 30.0, 10.0, 0.0]))  # top 25 % -> 60 %, top 50 % -> 90 %
    assert p.top_share(0.25) == pytest.approx(0.6) and p.top_share(0.5) == pytest.approx(0.9)
    assert p.top_share(0.125) == pytest.approx(0.3)


def test_tier_table_matches_pandas_on_the_sample():
    spec = BUNDLED["sample"]
    store, report = ingest_file(spec.path, today=TODAY)
    ct = customer_table(store, report.default_as_of)
    value = customer_value(ct, "profit")
    tiers = assign_tiers(ct["customer_id"], value)
    got = tier_table(ct, tiers, value).set_index("tier")

    # independent: sort with pandas, cut by position
    df = ct.assign(value=value).sort_values(["value", "customer_id"], ascending=[False, True]).reset_index(drop=True)
    n = len(df)
    pos = np.arange(1, n + 1)
    df["tier"] = np.select([pos <= 0.01 * n, pos <= 0.05 * n, pos <= 0.20 * n], ["vip", "major", "ordinary"], "small")
    df.loc[df.value <= 0, "tier"] = "lead"
    exp = df.groupby("tier").agg(customers=("customer_id", "size"), profit=("profit", "sum"),
                                 net_revenue=("net_revenue", "sum"), orders=("orders", "sum"))
    for tier in exp.index:
        assert got.loc[tier, "customers"] == exp.loc[tier, "customers"]
        assert got.loc[tier, "profit"] == pytest.approx(exp.loc[tier, "profit"])
        assert got.loc[tier, "revenue_share"] == pytest.approx(exp.loc[tier, "net_revenue"] / df.net_revenue.sum())
        assert got.loc[tier, "avg_order_value"] == pytest.approx(exp.loc[tier, "net_revenue"] / exp.loc[tier, "orders"])
    assert got.loc["vip", "customers"] == int(0.01 * n)
