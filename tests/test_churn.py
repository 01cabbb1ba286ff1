"""Churn (crm_core/churn): features, labels and repurchase gaps (sql/churn_features_labels.sql,
sql/repurchase_gaps.sql) against hand-worked histories and an independent pandas computation
(tests/churn_reference.py); features and labels at several cutoffs from one query equal those of one cutoff at a
time; the BG/NBD inputs read off the features equal the CustomerTable's; no leakage; the timeline's errors; the
metrics against scikit-learn and hand-worked lifts; the retention quadrants."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from crm_core.churn import (
    FEATURE_NAMES,
    churn_features,
    churn_features_labels,
    churn_labels,
    default_horizon_days,
    make_timeline,
    repurchase_gaps,
    retention_priority,
    top_decile_lift,
)
from crm_core.churn.baselines import btyd_inputs_from_features
from crm_core.churn.features import at_cutoff
from crm_core.churn.horizon import MIN_HISTORY_DAYS, horizon_from_gaps
from crm_core.churn.metrics import evaluate
from crm_core.customers import customer_table
from crm_core.datasets import BUNDLED
from crm_core.errors import InvalidInputError
from crm_core.ingest import ingest_file

from .churn_reference import pandas_features, pandas_labels
from .conftest import TODAY

# C1: three orders (Jan 1 two lines, Jan 11, Jan 31) and a return on Feb 5; C2: one order on Jan 20;
# C3: orders on Jan 5 and Mar 10 (after the cutoff); C4: only a return (not a customer at the cutoff);
# C5: first order after the cutoff.
HISTORY = ("order_id,customer_id,order_date,amount\n"
           "O1,C1,2024-01-01,60\nO1,C1,2024-01-01,40\nO2,C1,2024-01-11,50\nO3,C1,2024-01-31,30\n"
           "R1,C1,2024-02-05,-20\nO4,C2,2024-01-20,80\nO5,C3,2024-01-05,10\nO6,C3,2024-03-10,15\n"
           "R2,C4,2024-01-15,-5\nO7,C5,2024-02-20,25\nO8,C1,2024-02-25,5\n")
CUTOFF = dt.date(2024, 2, 10)


@pytest.fixture
def history_store(tmp_csv):
    store, _ = ingest_file(tmp_csv(HISTORY), today=TODAY)
    return store


def test_features_of_a_hand_worked_history(history_store):
    f = churn_features(history_store, CUTOFF, recent_days=14).set_index("customer_id")
    assert list(f.index) == ["C1", "C2", "C3"]  # C4 has returns only, C5 bought after the cutoff
    c1 = f.loc["C1"]
    assert c1["days_since_last_order"] == 10  # Feb 10 - Jan 31
    assert c1["tenure_days"] == 40  # Feb 10 - Jan 1
    assert c1["orders"] == 3 and c1["purchase_days"] == 3
    assert c1["orders_recent"] == 1  # window [Jan 27, Feb 10) holds the Jan 31 order
    assert c1["net_revenue"] == 160  # 100 + 50 + 30 - 20
    assert c1["net_revenue_recent"] == 10  # Jan 31 (30) and the Feb 5 return (-20)
    assert c1["avg_order_value"] == pytest.approx(160 / 3)
    assert c1["avg_gap_days"] == pytest.approx(15)  # (Jan 31 - Jan 1) / 2
    assert c1["overdue_ratio"] == pytest.approx(10 / 15)
    c2 = f.loc["C2"]
    assert (c2["days_since_last_order"], c2["tenure_days"], c2["orders"]) == (21, 21, 1)
    assert c2["avg_gap_days"] == 21 and c2["overdue_ratio"] == 1  # one-time buyer: gap = tenure
    assert f.loc["C3", "net_revenue"] == 10  # the Mar 10 order is after the cutoff


def test_recent_window_counts_orders_in_the_h_days_before_the_cutoff(history_store):
    # recent window of 14 days before Feb 10 = [Jan 27, Feb 10): C1's Jan 31 order is in it
    f = churn_features(history_store, CUTOFF, recent_days=14).set_index("customer_id")
    assert f.loc["C1", "orders_recent"] == 1
    assert churn_features(history_store, CUTOFF, recent_days=9).set_index("customer_id").loc["C1", "orders_recent"] == 0


def test_labels_of_a_hand_worked_history(history_store):
    # window [Feb 10, Mar 11): C1 buys Feb 25, C3 buys Mar 10 (the last day in it), C2 does not
    lab = churn_labels(history_store, CUTOFF, 30).set_index("customer_id")
    assert list(lab.index) == ["C1", "C2", "C3"]
    assert list(lab["churned"]) == [False, True, False]
    assert list(lab["purchases_in_window"]) == [1, 0, 1]
    # with H = 29 the window ends on Mar 10 (exclusive): C3 churns
    assert churn_labels(history_store, CUTOFF, 29).set_index("customer_id").loc["C3", "churned"]


def test_an_order_delivered_across_the_cutoff_is_not_a_return_visit(tmp_csv):
    # C6's order O9 has a purchase line before the cutoff and one after it: not a new purchase, C6 churns;
    # C7's new order O11 after the cutoff is one. Without order ids (C8) a later day is a new order.
    csv = ("order_id,customer_id,order_date,amount\n"
           "O9,C6,2024-02-08,50\nO9,C6,2024-02-12,20\n"
           "O10,C7,2024-02-01,30\nO11,C7,2024-02-15,10\n"
           ",C8,2024-02-01,30\n,C8,2024-02-15,10\n")
    store, _ = ingest_file(tmp_csv(csv), today=TODAY)
    lab = churn_labels(store, CUTOFF, 30).set_index("customer_id")
    assert lab["churned"].to_dict() == {"C6": True, "C7": False, "C8": False}
    assert lab["purchases_in_window"].to_dict() == {"C6": 0, "C7": 1, "C8": 1}


@pytest.fixture(scope="module")
def sample():
    spec = BUNDLED["sample"]
    return ingest_file(spec.path, today=TODAY, drop_duplicates=spec.drop_duplicates)


def test_features_match_an_independent_pandas_computation_on_the_sample(sample):
    store, report = sample
    tx = store.table("transactions").df()
    cutoff = dt.date(2024, 6, 1)
    got = churn_features(store, cutoff, 63).set_index("customer_id")[list(FEATURE_NAMES)]
    want = pandas_features(tx, cutoff, 63)
    pd.testing.assert_frame_equal(got.sort_index(), want, check_names=False, check_exact=False, rtol=1e-9)


def test_labels_match_an_independent_pandas_computation_on_the_sample(sample):
    store, _ = sample
    tx = store.table("transactions").df()
    c, h = dt.date(2024, 6, 1), 63
    buys = tx[tx["amount"] >= 0]
    population = sorted(set(buys.loc[buys["order_ts"] < pd.Timestamp(c), "customer_id"]))
    end = pd.Timestamp(c + dt.timedelta(days=h))
    active = set(buys.loc[(buys["order_ts"] >= pd.Timestamp(c)) & (buys["order_ts"] < end), "customer_id"])
    got = churn_labels(store, c, h)
    assert list(got["customer_id"]) == population
    assert list(got["churned"]) == [cid not in active for cid in population]


def test_no_leakage_features_ignore_everything_after_the_cutoff(sample, tmp_path):
    # the features at the cutoff from the full file equal those from a file cut at the cutoff
    store, _ = sample
    cutoff = dt.date(2024, 6, 1)
    raw = pd.read_csv(BUNDLED["sample"].path, dtype=str)
    before = raw[pd.to_datetime(raw["order_time"]) < pd.Timestamp(cutoff)]
    assert len(before) < len(raw)
    cut_path = tmp_path / "before_cutoff.csv"
    before.to_csv(cut_path, index=False)
    cut_store, _ = ingest_file(cut_path, today=TODAY)
    full = churn_features(store, cutoff, 63)
    cut = churn_features(cut_store, cutoff, 63)
    pd.testing.assert_frame_equal(full, cut)


def test_repurchase_gaps_and_default_horizon_on_the_sample(sample):
    store, report = sample
    tx = store.table("transactions").df()
    as_of = report.default_as_of
    days = (tx.loc[(tx["amount"] >= 0) & (tx["order_ts"] < pd.Timestamp(as_of))]
            .assign(day=lambda d: d["order_ts"].dt.normalize())[["customer_id", "day"]].drop_duplicates()
            .sort_values(["customer_id", "day"]))
    gaps = days.groupby("customer_id")["day"].diff().dropna().dt.days.to_numpy()
    got = repurchase_gaps(store, as_of)
    assert got["repeat_gaps"] == len(gaps)
    # SQL percentile_cont = numpy's linear interpolation
    for q in (50, 75, 90):
        assert got[f"gap_p{q}_days"] == pytest.approx(np.percentile(gaps, q))
    assert got["first_purchase_day"] == days["day"].min().date()
    expected = 7 * math.ceil(np.percentile(gaps, 75) / 7)  # the documented rule: whole weeks
    assert default_horizon_days(store, as_of) == expected == 63  # p75 = 59 days on this sample


def test_horizon_rule_is_capped_by_the_history():
    assert horizon_from_gaps(59.0, max_days=400) == 63
    assert horizon_from_gaps(0.5, max_days=400) == 7
    assert horizon_from_gaps(300.0, max_days=100) == 100


def test_timeline_cutoffs_and_the_too_long_horizon_error(sample):
    store, report = sample
    tl = make_timeline(store, dt.date(2025, 1, 1), 63)
    assert (tl.train_cutoff, tl.eval_cutoff) == (dt.date(2024, 8, 28), dt.date(2024, 10, 30))  # D − 126 d, D − 63 d
    # data start 2022-01-01: c0 must be on or after 2022-01-29, so H <= (1096 - 28) // 2 = 534
    make_timeline(store, dt.date(2025, 1, 1), np.int64(534))  # numpy integers are whole days too
    with pytest.raises(InvalidInputError, match=r"horizon_days: .* at most 534 days") as err:
        make_timeline(store, dt.date(2025, 1, 1), 535)
    assert err.value.column == "horizon_days" and err.value.rows == []
    with pytest.raises(InvalidInputError, match=r"horizon_days: must be a whole number of days from 7 to 730"):
        make_timeline(store, dt.date(2025, 1, 1), 3)
    with pytest.raises(InvalidInputError, match=r"as_of: .*choose an as-of date on or after 2022-02-12"):
        default_horizon_days(store, dt.date(2022, 2, 1))
    assert MIN_HISTORY_DAYS == 28


# ---------------------------------------------------------------- one query for several cutoffs

# A: order O1 (two lines), O2 bought Jan 20 and delivered in part on Feb 12, a return booked under O2 on Mar 1,
#    O3 on Mar 5. B: no order ids (a customer-day is an order), two lines on Jan 5, Feb 15, a return Mar 20.
# C: O4 bought Jan 25 and Feb 5, O5 bought Feb 6 and Feb 7. D: a return only, then a first order Feb 20.
# E: two orders on Jan 15, one on Feb 25.
SPANNING = ("order_id,customer_id,order_date,amount\n"
            "O1,A,2024-01-01,50\nO1,A,2024-01-01,30\nO2,A,2024-01-20,40\nO2,A,2024-02-12,10\n"
            "O2,A,2024-03-01,-15\nO3,A,2024-03-05,20\n"
            ",B,2024-01-05,10\n,B,2024-01-05,5\n,B,2024-02-15,7\n,B,2024-03-20,-3\n"
            "O4,C,2024-01-25,100\nO4,C,2024-02-05,20\nO5,C,2024-02-06,5\nO5,C,2024-02-07,5\n"
            "R9,D,2024-01-10,-5\nO6,D,2024-02-20,30\n"
            "O7,E,2024-01-15,25\nO8,E,2024-01-15,35\nO9,E,2024-02-25,10\n")
SPANNING_CUTOFFS = [dt.date(2024, 2, 10), dt.date(2024, 1, 28), dt.date(2024, 3, 1), dt.date(2024, 2, 10)]


def test_one_query_at_several_cutoffs_of_a_hand_worked_history(tmp_csv):
    store, _ = ingest_file(tmp_csv(SPANNING), today=TODAY)
    frame = churn_features_labels(store, SPANNING_CUTOFFS, 14, 30)  # recent = [c - 14, c), label [c, c + 30)
    assert sorted(set(frame["cutoff"])) == [pd.Timestamp(c) for c in sorted(set(SPANNING_CUTOFFS))]  # once each
    feb = at_cutoff(frame, dt.date(2024, 2, 10)).set_index("customer_id")
    assert list(feb.index) == ["A", "B", "C", "E"]  # D has only a return before Feb 10
    # A: O1 and O2 before Feb 10, 80 + 40; the Feb 12 line of O2 is not a return visit, O3 on Mar 5 is
    assert feb.loc["A", ["orders", "purchase_days", "net_revenue"]].tolist() == [2, 2, 120]
    assert feb.loc["A", "purchases_in_window"] == 1 and not feb.loc["A", "churned"]
    # C: O4 counts once although bought on two days; recent window [Jan 27, Feb 10) holds O4 (Feb 5) and O5
    # (Feb 6 and 7): two orders, not three bought order-days
    assert feb.loc["C", ["orders", "purchase_days", "orders_recent", "net_revenue_recent"]].tolist() == [2, 4, 2, 30]
    assert feb.loc["C", "days_since_last_order"] == 3 and feb.loc["C", "tenure_days"] == 16
    assert feb.loc["C", "churned"]  # nothing in [Feb 10, Mar 11)
    assert feb.loc["B", ["orders", "net_revenue", "purchases_in_window"]].tolist() == [1, 15, 1]
    assert feb.loc["E", ["orders", "purchase_days", "purchases_in_window"]].tolist() == [2, 1, 1]
    jan = at_cutoff(frame, dt.date(2024, 1, 28)).set_index("customer_id")
    # at Jan 28, A's Feb 12 line belongs to O2, bought Jan 20: A made no new order in [Jan 28, Feb 27)
    assert jan.loc["A", "churned"] and jan.loc["A", "purchases_in_window"] == 0
    # C in [Jan 28, Feb 27): Feb 6 and Feb 7 (O5, new); Feb 5 belongs to O4, bought before Jan 28
    assert jan.loc["C", ["orders", "orders_recent", "purchases_in_window"]].tolist() == [1, 1, 2]
    mar = at_cutoff(frame, dt.date(2024, 3, 1)).set_index("customer_id")
    assert mar.loc["A", "net_revenue"] == 130  # the Mar 1 return is on the cutoff day, not before it
    assert mar.loc["D", ["orders", "net_revenue"]].tolist() == [1, 25]  # -5 + 30
    # every cutoff: the rows equal the one-cutoff calls (same query) and the pandas reference, to the last bit
    tx = store.table("transactions").df()
    for c in set(SPANNING_CUTOFFS):
        rows = at_cutoff(frame, c)
        pd.testing.assert_frame_equal(rows[["customer_id", *FEATURE_NAMES]], churn_features(store, c, 14),
                                      check_exact=True)
        pd.testing.assert_frame_equal(rows[["customer_id", "purchases_in_window", "churned"]],
                                      churn_labels(store, c, 30), check_exact=True)
        pd.testing.assert_frame_equal(rows.set_index("customer_id")[list(FEATURE_NAMES)],
                                      pandas_features(tx, c, 14), check_exact=True, check_names=False)
        pd.testing.assert_frame_equal(rows.set_index("customer_id")[["purchases_in_window", "churned"]],
                                      pandas_labels(tx, c, 30), check_exact=True, check_names=False)


def test_one_query_at_the_report_cutoffs_equals_each_cutoff_and_pandas_on_the_sample(sample):
    store, _ = sample
    tx = store.table("transactions").df()
    cutoffs = [dt.date(2024, 8, 28), dt.date(2024, 10, 30), dt.date(2025, 1, 1)]  # D - 2H, D - H, D with H = 63
    frame = churn_features_labels(store, cutoffs, 63, 63)
    for c in cutoffs:
        rows = at_cutoff(frame, c)
        pd.testing.assert_frame_equal(rows[["customer_id", *FEATURE_NAMES]], churn_features(store, c, 63),
                                      check_exact=True)
        # to the last bit: DuckDB sums this small table in row order, as the reference does
        pd.testing.assert_frame_equal(rows.set_index("customer_id")[list(FEATURE_NAMES)],
                                      pandas_features(tx, c, 63), check_exact=True, check_names=False)
        if c < dt.date(2025, 1, 1):  # the labels at D would need data after D
            pd.testing.assert_frame_equal(rows[["customer_id", "purchases_in_window", "churned"]],
                                          churn_labels(store, c, 63), check_exact=True)
            pd.testing.assert_frame_equal(rows.set_index("customer_id")[["purchases_in_window", "churned"]],
                                          pandas_labels(tx, c, 63), check_exact=True, check_names=False)


@pytest.mark.parametrize("key,cutoff", [("sample", dt.date(2024, 10, 30)), ("cdnow", dt.date(1998, 3, 25))])
def test_bgnbd_inputs_read_off_the_features_equal_the_customer_table(key, cutoff):
    spec = BUNDLED[key]
    store, _ = ingest_file(spec.path, today=TODAY, drop_duplicates=spec.drop_duplicates)
    got = btyd_inputs_from_features(churn_features(store, cutoff, 63))
    want = customer_table(store, cutoff, time_unit="week")[["customer_id", "frequency", "recency", "T"]]
    pd.testing.assert_frame_equal(got, want, check_exact=True, check_dtype=False)  # frequency: float vs int


def test_one_query_rejects_a_negative_label_window(history_store):
    with pytest.raises(InvalidInputError, match=r"horizon_days: must be a whole number of days >= 0"):
        churn_features_labels(history_store, [CUTOFF], 14, -1)


# ---------------------------------------------------------------- metrics

def test_top_decile_lift_hand_worked():
    y = [1, 1, 0, 1, 0, 0, 0, 0, 0, 0]  # churn rate 0.3
    score = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]  # top decile = the first customer, a churner
    assert top_decile_lift(y, score) == pytest.approx(1 / 0.3)
    # top 30 %: 2 churners of 3 -> (2/3) / 0.3
    assert top_decile_lift(y, score, fraction=0.3) == pytest.approx((2 / 3) / 0.3)
    # all tied: any pick is random -> lift 1, whatever the row order
    assert top_decile_lift(y, [5] * 10) == pytest.approx(1.0)
    # ties at the boundary: top 2 of 10 = the 9 (a churner) + half a place from the two 8s (one churner)
    assert top_decile_lift([1, 1, 0, 0, 0, 0, 0, 0, 0, 0], [9, 8, 8, 1, 1, 1, 1, 1, 1, 1], fraction=0.2) == \
        pytest.approx(((1 + 0.5) / 2) / 0.2)


def test_evaluate_matches_scikit_learn_on_a_known_example():
    y = np.array([1, 0, 1, 1, 0, 1, 0, 0, 1, 1])
    p = np.array([0.9, 0.2, 0.7, 0.4, 0.5, 0.8, 0.1, 0.35, 0.6, 0.3])
    got = evaluate(y, p)
    assert got["roc_auc"] == pytest.approx(roc_auc_score(y, p))
    assert got["pr_auc"] == pytest.approx(average_precision_score(y, p))
    assert got["brier"] == pytest.approx(np.mean((p - y) ** 2)) == pytest.approx(brier_score_loss(y, p))
    # top decile = the 0.9 customer (churned); churn rate 0.6 -> lift 1 / 0.6
    assert got["top_decile_lift"] == pytest.approx(1 / 0.6)


# ---------------------------------------------------------------- retention priority

def test_retention_priority_quadrants_value_at_risk_and_actions():
    scores = pd.DataFrame({"customer_id": ["A", "B", "C", "D", "E"], "churn_prob": [0.9, 0.2, 0.8, 0.1, 0.6]})
    value = pd.DataFrame({"customer_id": ["A", "B", "C", "D", "E"], "value": [1000.0, 900.0, 10.0, 20.0, -5.0]})
    out = retention_priority(scores, value, value_threshold=500.0, risk_threshold=0.5).set_index("customer_id")
    assert out.loc["A", "value_at_risk"] == pytest.approx(900.0)  # 1000 × 0.9
    assert out.loc["C", "value_at_risk"] == pytest.approx(8.0)
    assert dict(out["quadrant"]) == {"A": "valuable_at_risk", "B": "valuable_safe", "C": "low_value_at_risk",
                                     "D": "low_value_safe", "E": "low_value_at_risk"}
    assert out.loc["A", "action"] == "win_back" and out.loc["B", "action"] == "reward_loyalty"
    ranked = retention_priority(scores, value, value_threshold=500.0)
    assert list(ranked["customer_id"]) == ["A", "B", "C", "E", "D"]  # quadrant order, then value at risk


def test_retention_priority_default_threshold_is_the_80th_percentile():
    ids = [f"C{i}" for i in range(10)]
    scores = pd.DataFrame({"customer_id": ids, "churn_prob": [0.7] * 10})
    value = pd.DataFrame({"customer_id": ids, "value": [float(v) for v in range(1, 11)]})
    out = retention_priority(scores, value)
    assert out.attrs["value_threshold"] == pytest.approx(np.quantile(np.arange(1, 11), 0.8))  # 8.2
    assert sorted(out.loc[out["quadrant"] == "valuable_at_risk", "customer_id"]) == ["C8", "C9"]
    with pytest.raises(InvalidInputError, match=r"value.value: required column"):
        retention_priority(scores, value.rename(columns={"value": "clv"}))


def test_quadrant_summary_and_chart_helpers():
    from crm_core.churn.priority import is_skewed, log_axis_floor, plot_sample, quadrant_summary
    scores = pd.DataFrame({"customer_id": list("ABCD"), "churn_prob": [0.9, 0.8, 0.1, 0.2]})
    value = pd.DataFrame({"customer_id": list("ABCD"), "value": [100.0, 1.0, 2.0, 3.0]})
    pri = retention_priority(scores, value, value_threshold=50.0)
    s = quadrant_summary(pri).set_index("quadrant")
    assert list(s.index) == ["valuable_at_risk", "valuable_safe", "low_value_at_risk", "low_value_safe"]
    assert list(s["customers"]) == [1, 0, 1, 2]
    assert s.loc["valuable_at_risk", "value_at_risk"] == pytest.approx(90.0)
    assert s.loc["low_value_safe", "value"] == pytest.approx(5.0)
    # 99th percentile of 1..100 = 99.01, more than 10 × the median 50.5? no -> linear axis
    assert not is_skewed(np.arange(1, 101)) and is_skewed([1.0] * 98 + [1000.0, 1000.0])
    assert log_axis_floor([1.0] * 98 + [1000.0, 1000.0]) == pytest.approx(1.0)  # 1000 / 10³
    assert len(plot_sample(pri, max_points=2)) == 2 and len(plot_sample(pri)) == 4


def test_no_repeat_purchase_is_a_clear_error(tmp_csv):
    text = "customer_id,order_date,amount\n" + "".join(f"C{i},2024-01-{1 + i:02d},10\n" for i in range(20))
    store, _ = ingest_file(tmp_csv(text), today=TODAY)
    with pytest.raises(InvalidInputError, match=r"no customer bought on two different days before 2024-06-01"):
        default_horizon_days(store, dt.date(2024, 6, 1))


@pytest.mark.parametrize("name", ["gradient_boosting", "logistic_regression"])
def test_batched_permutation_drops_equal_scikit_learns_permutation_importance(name):
    """feature_importance scores every permuted copy in one call (crm_core.churn.model.permutation_drops); the
    oracle is scikit-learn's own permutation_importance (same seed, scorer roc_auc): the same drops, to the last
    digit for the trees (a row's prediction does not depend on its batch) and to 1e-12 for the logistic
    regression (a matrix product whose blocking may change with the batch)."""
    from sklearn.inspection import permutation_importance

    from crm_core.churn.model import make_model, permutation_drops
    rng = np.random.default_rng(11)
    x = rng.gamma(1.5, 20.0, size=(3_000, 6))
    y = (x[:, 0] + 0.5 * x[:, 1] + rng.normal(0, 20, 3_000) > 45).astype(int)
    model = make_model(name, random_state=0).fit(x[:2_000], y[:2_000])
    want = permutation_importance(model, x[2_000:], y[2_000:], scoring="roc_auc", n_repeats=5,
                                  random_state=3).importances
    got = permutation_drops(model, x[2_000:], y[2_000:], n_repeats=5, random_state=3)
    assert got.shape == want.shape == (6, 5) and np.abs(want[0]).max() > 0.05  # the first feature matters
    if name == "gradient_boosting":
        np.testing.assert_array_equal(got, want)
    else:
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
