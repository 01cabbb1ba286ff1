"""Customer pyramid: tiers on hand-worked rankings, Gini against the mean-difference formula, and
tier figures against a plain pandas computation over the bundled sample."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from crm_core.clv.customer_value import fit_btyd, predict_customers, rate_per_period
from crm_core.customers import customer_table
from crm_core.datasets import BUNDLED
from crm_core.errors import InvalidInputError
from crm_core.ingest import ingest_file
from crm_core.pyramid import assign_tiers, pareto, tier_table
from crm_core.value import available_metrics, customer_value, with_predicted_clv

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


# ---------------------------------------------------------------- predicted CLV as a value metric

def test_predicted_clv_joins_by_customer_id_and_is_offered():
    customers = pd.DataFrame({"customer_id": ["a", "b", "c"], "net_revenue": [10.0, 20.0, 30.0]})
    pred = pd.DataFrame({"customer_id": ["b", "a"], "clv_expected": [7.5, 2.0]})  # other order, c missing
    pred.attrs["horizon"] = 52
    assert available_metrics(customers, has_profit=False) == ["net_revenue"]
    assert available_metrics(customers, has_profit=False, can_predict=True) == ["net_revenue", "clv_pred"]
    joined = with_predicted_clv(customers, pred)
    assert joined["clv_pred"].tolist()[:2] == [2.0, 7.5] and np.isnan(joined["clv_pred"].iloc[2])
    assert "clv_pred" not in customers.columns  # the input is not modified
    assert joined.attrs["clv_pred"] == {"horizon": 52}
    assert available_metrics(joined, has_profit=False) == ["net_revenue", "clv_pred"]
    assert customer_value(joined, "clv_pred").tolist() == [2.0, 7.5, 0.0]  # no prediction counts as 0
    # ranks of 3: b (7.5) <= 0.34·3 -> vip, a (2.0) <= 0.67·3 -> major, c (0) -> lead
    assert list(assign_tiers(joined["customer_id"], customer_value(joined, "clv_pred"), cuts=(0.34, 0.67, 0.9))) == [
        "major", "vip", "lead"]


def test_predicted_clv_errors_name_the_column_and_rows():
    customers = pd.DataFrame({"customer_id": ["a", "b"]})
    with pytest.raises(InvalidInputError, match=r"predictions\.clv_expected: .*required column"):
        with_predicted_clv(customers, pd.DataFrame({"customer_id": ["a"]}))
    with pytest.raises(InvalidInputError, match="these customer ids repeat") as err:
        with_predicted_clv(customers, pd.DataFrame({"customer_id": ["a", "b", "a"], "clv_expected": [1.0, 2, 3]}))
    assert err.value.rows == [0, 2]
    with pytest.raises(InvalidInputError, match="the 'clv_pred' metric needs this column"):
        customer_value(customers, "clv_pred")


def test_pyramid_by_predicted_clv_on_the_sample_matches_a_pandas_ranking():
    # FHL (2005) BG/NBD × Fader & Hardie (2013) Gamma-Gamma, 52 weeks at 10 % a year: the rate by hand
    spec = BUNDLED["sample"]
    store, report = ingest_file(spec.path, today=TODAY)
    ct = customer_table(store, report.default_as_of)
    weekly = 1.10 ** (1 / 52) - 1
    assert rate_per_period(0.10) == pytest.approx(weekly, rel=1e-15)
    pred = predict_customers(ct, fit_btyd(ct), horizon=52, discount_rate=weekly)
    joined = with_predicted_clv(ct, pred)
    tiers = assign_tiers(joined["customer_id"], customer_value(joined, "clv_pred"))
    # independent: merge with pandas, sort by value then id, the first 1 % are VIP
    exp = ct.merge(pred[["customer_id", "clv_expected"]], on="customer_id", how="left")
    exp = exp.sort_values(["clv_expected", "customer_id"], ascending=[False, True])
    assert set(joined.loc[tiers == "vip", "customer_id"]) == set(exp["customer_id"].head(int(0.01 * len(ct))))
    assert (tiers == "lead").sum() == (exp["clv_expected"] <= 0).sum()
