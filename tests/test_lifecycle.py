"""Lifecycle stages (crm_core.lifecycle, sql/stage_inputs.sql) and cohort retention (crm_core.cohorts,
sql/cohort_retention.sql).

The stage rules are the product's own (reference/TEXTBOOK.md gives 陈明亮's four stages without numeric
boundaries), so the expected stages below are worked by hand from the rules in
``crm_core.lifecycle.customer_stages`` (sql/cte_stage_rules.sql) and the defaults of ``StageThresholds``: new ≤ 90 days, exploration ≤ 2
orders, formation while tenure < 365 days or spend trend ≥ 1.5, decline when days since last > 2 × own gap
or trend < 0.5, lost when days since last > max(180, 4 × own gap) or > max(180, the data's ceiling: the 95th
percentile of all repurchase gaps before D), recent window W = 180 days.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from crm_core.cohorts import cohort_retention, retention_matrix
from crm_core.customers import customer_summary
from crm_core.datasets import BUNDLED
from crm_core.errors import InvalidInputError
from crm_core.ingest import ingest_file
from crm_core.lifecycle import (
    DEFAULT_THRESHOLDS,
    RULES,
    STAGES,
    StageThresholds,
    customer_stages,
    gap_ceilings,
    stage_counts,
    stage_inputs,
    stage_table,
)
from crm_core.lifecycle_over_time import (
    NOT_YET,
    month_starts,
    monthly_stage_counts,
    transition_matrix,
    transitions,
    validate_stages,
)
from crm_core.store import Store

from .conftest import TODAY

D = dt.date(2025, 1, 1)  # the as-of date of the hand-made histories


def _monthly(first: dt.date, last: dt.date) -> list[dt.date]:
    out, d = [], first
    while d <= last:
        out.append(d)
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def _before(*days: int) -> list[dt.date]:
    """Order dates ``days`` days before D."""
    return [D - dt.timedelta(days=k) for k in days]


# customer -> [(order date, amount)]; one order per date (order id = customer + date)
HISTORIES: dict[str, list[tuple[dt.date, float]]] = {
    # one order 31 days before D
    "new": [(dt.date(2024, 12, 1), 50.0)],
    # two orders a month apart, the last 92 days before D: not lost (92 <= 180), two orders
    "exploration": [(dt.date(2024, 9, 1), 40.0), (dt.date(2024, 10, 1), 40.0)],
    # five monthly orders since 2024-08-01: tenure 153 < 365
    "formation": [(d, 80.0) for d in _monthly(dt.date(2024, 8, 1), dt.date(2024, 12, 1))],
    # 24 monthly orders of 100 since 2023-01-01: gap 700 / 23 = 30.43 days, 31 days since the last order;
    # recent window [2024-07-05, 2025-01-01) holds Aug–Dec = 500; earlier 19 orders = 1,900 over 731 − 180
    # = 551 days -> 620.7 per 180 days; trend 500 / 620.7 = 0.81 (between 0.5 and 1.5)
    "stable": [(d, 100.0) for d in _monthly(dt.date(2023, 1, 1), dt.date(2024, 12, 1))],
    # the same rhythm stopping on 2024-09-01: 122 days since last > 2 × 30.45, but < 180: decline
    "decline_gap": [(d, 100.0) for d in _monthly(dt.date(2023, 1, 1), dt.date(2024, 9, 1))],
    # on rhythm, but spending 10 instead of 100 from July 2024: recent 50 vs 1,810 / 551 × 180 = 591.3 -> 0.085
    "decline_spend": [(d, 100.0 if d < dt.date(2024, 7, 1) else 10.0)
                      for d in _monthly(dt.date(2023, 1, 1), dt.date(2024, 12, 1))],
    # on rhythm, spending 300 instead of 100 from August 2024: recent 1,500 / 620.7 = 2.42 >= 1.5: formation
    "formation_growth": [(d, 100.0 if d < dt.date(2024, 8, 1) else 300.0)
                         for d in _monthly(dt.date(2023, 1, 1), dt.date(2024, 12, 1))],
    # three orders early in 2023, 672 days since the last
    "lost": [(dt.date(2023, 1, 1), 30.0), (dt.date(2023, 2, 1), 30.0), (dt.date(2023, 3, 1), 30.0)],
    # boundaries (gaps in days before D)
    "new_at_90": [(d, 20.0) for d in _before(90)],
    "explore_at_91": [(d, 20.0) for d in _before(91)],
    "gap10_since180": [(d, 20.0) for d in _before(200, 190, 180)],  # lost after max(180, 40): not yet
    "gap10_since181": [(d, 20.0) for d in _before(201, 191, 181)],
    # lost after max(180, 240) by its own rhythm: not yet; but 240 > max(180, ceiling 31): lost by the ceiling
    "gap60_since240": [(d, 20.0) for d in _before(360, 300, 240)],
    "gap60_since241": [(d, 20.0) for d in _before(361, 301, 241)],
    "gap30_since60": [(d, 20.0) for d in _before(120, 90, 60)],  # decline after 2 × 30 = 60: not yet
    "gap30_since61": [(d, 20.0) for d in _before(121, 91, 61)],
}
EXPECTED = {
    "new": "new", "exploration": "exploration", "formation": "formation", "stable": "stable",
    "decline_gap": "decline", "decline_spend": "decline", "formation_growth": "formation", "lost": "lost",
    "new_at_90": "new", "explore_at_91": "exploration",
    "gap10_since180": "decline", "gap10_since181": "lost",
    "gap60_since240": "lost", "gap60_since241": "lost",
    "gap30_since60": "formation", "gap30_since61": "decline",
}



def _hand_gaps() -> list[int]:
    """Every repurchase gap of HISTORIES [days], straight from the dates (one purchase per date)."""
    out = []
    for orders in HISTORIES.values():
        days = sorted({d for d, a in orders if a >= 0})
        out += [(b - a).days for a, b in zip(days, days[1:], strict=False)]
    return out


# the hand store's lost ceiling: 108 gaps, of which only four (the 60-day ones) exceed 31 days, so the 95th
# percentile (h = 107 × 0.95 = 101.65, between the 102nd and 103rd smallest) is 31 days
HAND_CEILING = 31.0


@pytest.fixture(scope="module")
def hand_store(tmp_path_factory):
    lines = ["order_id,customer_id,order_date,amount"]
    for cid, orders in HISTORIES.items():
        for day, amount in orders:
            lines.append(f"{cid}-{day},{cid},{day},{amount}")
    path = tmp_path_factory.mktemp("lifecycle") / "orders.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store, _ = ingest_file(path, today=TODAY)
    return store


@pytest.fixture(scope="module")
def sample():
    return ingest_file(BUNDLED["sample"].path, today=TODAY)


def test_one_hand_made_customer_per_stage_and_the_boundaries(hand_store):
    stages = customer_stages(hand_store, D).set_index("customer_id")
    assert stages["stage"].to_dict() == EXPECTED
    assert set(EXPECTED.values()) == set(STAGES)  # every stage is exercised
    # the rule column says which of two reasons decided
    assert stages.loc[["decline_gap", "decline_spend", "formation", "formation_growth", "lost"], "rule"].tolist() == [
        "decline_gap", "decline_spend", "formation_tenure", "formation_growth", "lost_gap"]
    assert stages.loc[["gap60_since240", "gap60_since241"], "rule"].tolist() == ["lost_ceiling", "lost_gap"]
    assert (stages["rule"].map(RULES) == stages["stage"]).all()


def test_the_hand_stores_ceiling_is_the_95th_percentile_of_its_gaps(hand_store):
    """sql/repurchase_gap_ceilings.sql on the hand-made histories, against their gaps taken from the dates."""
    gaps = _hand_gaps()
    assert len(gaps) == 108 and sorted(gaps)[-5:] == [31, 60, 60, 60, 60]
    assert np.percentile(gaps, 95) == HAND_CEILING  # numpy's default "linear" = percentile_cont
    s = customer_stages(hand_store, D)
    assert (s["lost_ceiling_days"] == HAND_CEILING).all()
    assert gap_ceilings(hand_store, [D]).to_dict() == {D: HAND_CEILING}


def test_without_the_ceiling_the_own_rhythm_decides(hand_store):
    # a fixed ceiling far beyond every silence switches the rule off: gap60_since240 is back to decline
    th = dataclasses.replace(DEFAULT_THRESHOLDS, lost_ceiling_days=10_000)
    s = customer_stages(hand_store, D, th).set_index("customer_id")
    assert s["stage"].to_dict() == {**EXPECTED, "gap60_since240": "decline"}
    assert s.loc["gap60_since240", "lost_after_days"] == pytest.approx(240.0)  # max(180, 4 × 60)
    assert "lost_ceiling" not in set(s["rule"])


def test_rule_inputs_are_the_hand_worked_numbers(hand_store):
    s = customer_stages(hand_store, D).set_index("customer_id")
    stable = s.loc["stable"]
    assert stable["orders"] == 24 and stable["tenure_days"] == 731 and stable["days_since_last_order"] == 31
    assert stable["typical_gap_days"] == pytest.approx(700 / 23)
    assert stable["recent_revenue"] == pytest.approx(500.0)
    assert stable["earlier_rate"] == pytest.approx(1900 / 551 * 180)
    assert stable["spend_trend"] == pytest.approx(500 / (1900 / 551 * 180))
    assert s.loc["decline_spend", "spend_trend"] == pytest.approx(50 / (1810 / 551 * 180))
    assert s.loc["formation_growth", "spend_trend"] == pytest.approx(1500 / (1900 / 551 * 180))
    # one-day customers take the population gap: the median own gap of the others as of D
    own = s.loc[s["gap_is_own"], "typical_gap_days"]
    assert not s.loc["new", "gap_is_own"] and s.loc["new", "typical_gap_days"] == pytest.approx(own.median())
    # lost after max(180, min(4 × 60, ceiling 31)) = 180: the ceiling cuts the own limit, the floor holds
    assert s.loc["gap60_since240", "lost_after_days"] == pytest.approx(180.0)
    assert s.loc["gap10_since180", "lost_after_days"] == pytest.approx(180.0)  # the floor lost_min_days
    assert np.isnan(s.loc["formation", "spend_trend"])  # under 2 × W of history: no earlier rate


def test_thresholds_move_customers_between_stages(hand_store):
    th = dataclasses.replace(DEFAULT_THRESHOLDS, new_days=91, exploration_max_orders=3, lost_min_days=100)
    s = customer_stages(hand_store, D, th).set_index("customer_id")["stage"]
    assert s["explore_at_91"] == "new"
    assert s["gap30_since61"] == "exploration"  # three orders are now exploration
    assert s["decline_gap"] == "lost"  # 122 > max(100, 4 × 30.45)


def test_p_alive_below_the_threshold_makes_a_customer_lost(hand_store):
    p = pd.Series({"stable": 0.05, "formation": 0.5})
    s = customer_stages(hand_store, D, p_alive=p).set_index("customer_id")
    assert s.loc["stable", "stage"] == "lost" and s.loc["formation", "stage"] == "formation"
    assert s.loc["stable", "rule"] == "lost_p_alive" and s.loc["lost", "rule"] == "lost_gap"
    assert s.loc["stable", "p_alive"] == 0.05 and np.isnan(s.loc["new", "p_alive"])  # missing: rule not applied


def test_stage_counts_and_table(hand_store):
    stages = customer_stages(hand_store, D)
    counts = stage_counts(stages)
    assert list(counts) == list(STAGES)
    assert counts == {"new": 2, "exploration": 2, "formation": 3, "stable": 1, "decline": 4, "lost": 4}
    assert stage_counts(stages[stages["stage"] == "new"]) == {s: (2 if s == "new" else 0) for s in STAGES}
    table = stage_table(stages).set_index("stage")
    assert table.loc["stable", "net_revenue"] == 2400.0 and table.loc["stable", "customers"] == 1
    total = sum(a for orders in HISTORIES.values() for _, a in orders)
    assert table["net_revenue"].sum() == pytest.approx(total)
    assert table.loc["stable", "net_revenue_share"] == pytest.approx(2400 / total)
    assert table["customer_share"].sum() == pytest.approx(1)
    assert table["profit"].isna().all()  # no cost column: profit unknown, not zero


def test_customers_before_their_first_order_are_left_out(hand_store):
    s = customer_stages(hand_store, dt.date(2024, 9, 2))  # before "new", "formation" and most boundary ones
    assert "new" not in set(s["customer_id"]) and "exploration" in set(s["customer_id"])
    assert list(s["customer_id"]) == sorted(s["customer_id"])


def test_transitions_between_two_dates(hand_store):
    before = customer_stages(hand_store, dt.date(2024, 7, 1))
    after = customer_stages(hand_store, D)
    flows = transitions(before, after)
    assert flows["customers"].sum() == len(after)
    got = flows.set_index(["from", "to"])["customers"].to_dict()
    # "new" (first order 2024-12-01) and "formation" (first order 2024-08-01) were not customers on 2024-07-01
    assert got[(NOT_YET, "new")] == 2  # "new" and "new_at_90"
    assert (NOT_YET, "formation") in got
    # "decline_gap" bought monthly until 2024-09-01: stable on 2024-07-01 (tenure 547, trend 1.0)
    b = before.set_index("customer_id")["stage"]
    assert b["decline_gap"] == "stable" and got[("stable", "decline")] >= 1
    m = transition_matrix(flows)
    assert list(m.index) == [NOT_YET, *STAGES] and list(m.columns) == list(STAGES)
    assert int(m.to_numpy().sum()) == len(after)


def test_monthly_counts_equal_one_run_per_date(hand_store):
    dates = month_starts(dt.date(2023, 1, 1), D)
    assert dates[0] == dt.date(2023, 2, 1) and dates[-1] == D and len(dates) == 24
    monthly = monthly_stage_counts(hand_store, dates).set_index("as_of")
    for d in (dt.date(2023, 6, 1), dt.date(2024, 7, 1), D):
        assert monthly.loc[d].to_dict() == stage_counts(customer_stages(hand_store, d)), d
    # a date alone gives its row of the table (the dates do not interact: population gap, ceiling per date)
    for d in (dates[0], dt.date(2024, 7, 1)):
        pd.testing.assert_frame_equal(monthly_stage_counts(hand_store, [d]).set_index("as_of"), monthly.loc[[d]])
    assert month_starts(dt.date(2024, 12, 31), dt.date(2025, 1, 15)) == [dt.date(2025, 1, 1), dt.date(2025, 1, 15)]


def test_monthly_counts_of_the_hand_histories_are_the_hand_worked_ones(hand_store):
    # 2023-02-01: the five histories starting 2023-01-01 (stable, decline_gap, decline_spend, formation_growth,
    # lost) have one order, 31 days old: new. 2023-03-01: two orders each: exploration. 2023-04-01: three
    # orders, 31 days since the last, own gap 29.5 (lost after max(180, min(4 × 29.5, ceiling)) = 180, decline
    # after 59), tenure 90 < 365: formation. D: the sixteen stages of EXPECTED.
    at_d = {s: sum(1 for v in EXPECTED.values() if v == s) for s in STAGES}
    assert at_d == {"new": 2, "exploration": 2, "formation": 3, "stable": 1, "decline": 4, "lost": 4}
    zero = dict.fromkeys(STAGES, 0)
    want = {dt.date(2023, 2, 1): {**zero, "new": 5}, dt.date(2023, 3, 1): {**zero, "exploration": 5},
            dt.date(2023, 4, 1): {**zero, "formation": 5}, D: at_d}
    got = monthly_stage_counts(hand_store, list(want)).set_index("as_of")
    assert {d: got.loc[d].to_dict() for d in want} == want


def test_monthly_counts_equal_the_pandas_rules_on_cdnow(cdnow):
    # an independent computation: the rules written again in pandas over the raw file (_stages_by_hand), at
    # four month starts of CDNOW (1997-01 .. 1998-06), against the running totals classified in SQL
    store, report = cdnow
    dates = [dt.date(1997, 4, 1), dt.date(1997, 7, 1), dt.date(1998, 1, 1), dt.date(1998, 6, 1)]
    got = monthly_stage_counts(store, dates).set_index("as_of")
    for d in dates:
        by_hand = _stages_by_hand(BUNDLED["cdnow"].path, d)["stage"].value_counts()
        want = {s: int(by_hand.get(s, 0)) for s in STAGES}
        assert sum(want.values()) > 1000
        assert got.loc[d].to_dict() == want, d


def test_running_totals_query_equals_the_direct_one_on_the_sample(sample):
    # two independent SQL routes to the same inputs: stage_inputs (one pass over the lines per date) and
    # stage_inputs_over_time (running totals per customer over the dates, each state repeated for the dates it
    # holds: the inputs that monthly_stage_counts.sql classifies)
    store, report = sample
    dates = month_starts(report.first_date, report.default_as_of)[::5]
    direct = store.run("stage_inputs", as_of_dates=dates, recent_days=120)
    running = store.run("stage_inputs_over_time", as_of_dates=dates, recent_days=120)
    assert len(direct) > 10_000
    direct = direct.drop(columns="recent_returns")  # the stage table's split; the counts do not need it
    pd.testing.assert_frame_equal(direct, running, check_dtype=False, rtol=1e-9)


def test_stage_inputs_match_pandas_on_the_sample(sample):
    store, report = sample
    as_of = report.default_as_of
    got = stage_inputs(store, [as_of], 180).set_index("customer_id")
    # independent: pandas over the ingested lines
    tx = store.table("transactions").df()
    tx = tx[tx["order_ts"] < pd.Timestamp(as_of)]
    tx["day"] = tx["order_ts"].dt.normalize()
    buy = tx[tx["amount"] >= 0]
    exp = pd.DataFrame({"orders": buy.groupby("customer_id")["order_id"].nunique(),
                        "purchase_days": buy.groupby("customer_id")["day"].nunique(),
                        "first": buy.groupby("customer_id")["day"].min(),
                        "net_revenue": tx.groupby("customer_id")["amount"].sum()})
    start = pd.Timestamp(as_of - dt.timedelta(days=180))
    recent = tx[tx["day"] >= start]
    exp["recent_revenue"] = recent.groupby("customer_id")["amount"].sum()
    exp["recent_returns"] = -recent[recent["amount"] < 0].groupby("customer_id")["amount"].sum()
    exp = exp.dropna(subset=["orders"]).fillna({"recent_revenue": 0.0, "recent_returns": 0.0})
    got = got.loc[exp.index]
    assert len(got) == len(exp) == len(customer_summary(store, as_of))
    np.testing.assert_array_equal(got["orders"], exp["orders"])
    np.testing.assert_array_equal(got["purchase_days"], exp["purchase_days"])
    np.testing.assert_allclose(got["net_revenue"], exp["net_revenue"], rtol=1e-9)
    np.testing.assert_allclose(got["recent_revenue"], exp["recent_revenue"], rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(got["recent_returns"], exp["recent_returns"], rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(got["recent_revenue"] + got["earlier_revenue"], got["net_revenue"], rtol=1e-9)
    assert (got["tenure_days"] == (pd.Timestamp(as_of) - exp["first"]).dt.days).all()


def test_recent_revenue_of_the_lost_splits_into_returns_of_earlier_purchases(sample):
    """Issue #11: the lost row's "recent 180-day revenue" was −185 on the sample at the default as-of.

    Independently, with pandas over the ingested lines: the lost customers' lines in the window
    [D − 180, D) are return lines only (negative amounts, refunds dated after the purchase they refund),
    and the stage table shows them as returns, not as negative revenue.
    """
    store, report = sample
    as_of = report.default_as_of
    stages = customer_stages(store, as_of)
    table = stage_table(stages).set_index("stage")
    tx = store.table("transactions").df()
    tx = tx[tx["order_ts"] < pd.Timestamp(as_of)]
    start = pd.Timestamp(as_of - dt.timedelta(days=DEFAULT_THRESHOLDS.recent_days))
    recent = tx[tx["order_ts"].dt.normalize() >= start].merge(stages[["customer_id", "stage"]], on="customer_id")
    buys, rets = recent[recent["amount"] >= 0], recent[recent["amount"] < 0]
    exp_purchases = buys.groupby("stage")["amount"].sum().reindex(list(STAGES), fill_value=0.0)
    exp_returns = -rets.groupby("stage")["amount"].sum().reindex(list(STAGES), fill_value=0.0)
    np.testing.assert_allclose(table["recent_purchases"], exp_purchases, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(table["recent_returns"], exp_returns, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(table["recent_revenue"], exp_purchases - exp_returns, rtol=1e-9, atol=1e-6)
    # the lost row: no purchase in the window, only returns: 221.21 from four customers (185.36 from three
    # before the lost ceiling, which also moved C003227, 194 days silent, from decline to lost)
    lost_rets = rets[rets["stage"] == "lost"]
    assert exp_purchases["lost"] == 0 and lost_rets["customer_id"].nunique() == 4
    assert table.loc["lost", "recent_returns"] == pytest.approx(-lost_rets["amount"].sum()) == pytest.approx(221.21)
    assert table.loc["lost", "recent_purchases"] == 0 and (table["recent_returns"] >= 0).all()
    # each refunds a purchase made before the window: the customer's last purchase is older than W
    last_buy = tx[tx["amount"] >= 0].groupby("customer_id")["order_ts"].max()
    assert (last_buy[lost_rets["customer_id"].unique()] < start).all()


def _raw_gaps(path, as_of: dt.date, *, time_col: str) -> pd.Series:
    """Independently of the store: every repurchase gap [days] before ``as_of``, read with pandas from the
    raw file — the distinct purchase days (a line with amount >= 0) per customer, differenced."""
    raw = pd.read_csv(path, usecols=["customer_id", time_col, "amount"], dtype={"customer_id": str})
    day = pd.to_datetime(raw[time_col]).dt.normalize()
    buys = pd.DataFrame({"c": raw["customer_id"], "day": day})[(raw["amount"] >= 0) & (day < pd.Timestamp(as_of))]
    days = buys.drop_duplicates().sort_values(["c", "day"])
    return days.groupby("c")["day"].diff().dt.days.dropna()


def test_gap_ceilings_are_the_percentiles_of_the_raw_gaps(sample):
    store, report = sample
    dates = [dt.date(2022, 1, 2), dt.date(2022, 7, 1), dt.date(2023, 10, 15), report.default_as_of]
    got = gap_ceilings(store, dates)
    assert np.isnan(got[dates[0]])  # one day of data: no gap yet, the rule does not apply
    for d in dates[1:]:
        gaps = _raw_gaps(BUNDLED["sample"].path, d, time_col="order_time")
        assert got[d] == pytest.approx(np.percentile(gaps, 95)), d
    assert got[report.default_as_of] == 183.0
    # at the 90th percentile the query agrees with percentile_cont of repurchase_gaps.sql (the churn horizon's)
    p90 = gap_ceilings(store, [report.default_as_of], dataclasses.replace(DEFAULT_THRESHOLDS,
                                                                       lost_ceiling_percentile=90.0))
    assert p90.iloc[0] == store.scalar_row("repurchase_gaps", as_of=report.default_as_of)["gap_p90_days"] == 124.0
    th = dataclasses.replace(DEFAULT_THRESHOLDS, lost_ceiling_days=400.0)
    assert gap_ceilings(store, dates, th).tolist() == [400.0] * 4  # a fixed ceiling: no query


def test_a_customer_silent_far_beyond_the_ceiling_is_lost_not_decline(sample):
    """Issue #11: C000201 (3 orders, own gap 171 days) was ``decline`` after 675 days without an order:
    4 × 171 = 684 days had not passed. The ceiling, the 95th percentile of all the sample's repurchase gaps
    (183 days, computed here from the raw CSV), makes every customer silent for longer lost."""
    store, report = sample
    as_of = report.default_as_of
    ceiling = float(np.percentile(_raw_gaps(BUNDLED["sample"].path, as_of, time_col="order_time"), 95))
    limit = max(DEFAULT_THRESHOLDS.lost_min_days, ceiling)
    s = customer_stages(store, as_of).set_index("customer_id")
    c = s.loc["C000201"]
    assert (c["orders"], c["days_since_last_order"], c["typical_gap_days"]) == (3, 675, 171.0)
    assert c["stage"] == "lost" and c["rule"] == "lost_ceiling" and c["lost_after_days"] == limit == 183.0
    assert (s.loc[s["days_since_last_order"] > limit, "stage"] == "lost").all()
    assert (s.loc[s["rule"] == "lost_ceiling", "days_since_last_order"] > limit).all()
    # without the ceiling (fixed beyond any silence), their own rhythm leaves C000201 in decline
    off = customer_stages(store, as_of, dataclasses.replace(DEFAULT_THRESHOLDS, lost_ceiling_days=10_000))
    off = off.set_index("customer_id")
    assert off.loc["C000201", "stage"] == "decline" and off.loc["C000201", "lost_after_days"] == 684.0
    moved = s.index[(s["rule"] == "lost_ceiling")]
    assert len(moved) == (off["stage"] != "lost").sum() - (s["stage"] != "lost").sum() > 0


def test_sample_stages_cover_every_customer_once(sample):
    store, report = sample
    stages = customer_stages(store, report.default_as_of)
    assert len(stages) == len(customer_summary(store, report.default_as_of)) == stages["customer_id"].nunique()
    counts = stage_counts(stages)
    assert sum(counts.values()) == len(stages) and all(v > 0 for v in counts.values())
    # new customers bought once within 90 days; lost ones not for at least 180 days
    new = stages[stages["stage"] == "new"]
    assert (new["orders"] == 1).all() and (new["tenure_days"] <= 90).all()
    assert (stages.loc[stages["stage"] == "lost", "days_since_last_order"] > 180).all()


def test_bad_thresholds_name_the_field(hand_store):
    for change, field in [({"recent_days": 0}, "recent_days"), ({"lost_p_alive": 1.5}, "lost_p_alive"),
                          ({"decline_spend_ratio": 2.0}, "decline_spend_ratio"),
                          ({"lost_gap_multiple": 1.0}, "lost_gap_multiple"),
                          ({"exploration_max_orders": 0}, "exploration_max_orders"),
                          ({"lost_ceiling_percentile": 0.0}, "lost_ceiling_percentile"),
                          ({"lost_ceiling_percentile": 100.5}, "lost_ceiling_percentile"),
                          ({"lost_ceiling_days": 0}, "lost_ceiling_days")]:
        with pytest.raises(InvalidInputError, match=field) as err:
            customer_stages(hand_store, D, StageThresholds(**change))
        assert err.value.columns == [field] and err.value.rows == []
    with pytest.raises(InvalidInputError, match="as_of: must be a date"):
        customer_stages(hand_store, "2025-01-01")
    with pytest.raises(InvalidInputError, match="p_alive"):
        customer_stages(hand_store, D, p_alive={"stable": 0.1})


def test_cohort_retention_hand_worked(tmp_csv):
    # A: Jan, Feb, Apr; B: Jan; C: Feb, Mar; D: a return only (not in any cohort)
    text = ("customer_id,order_date,amount\nA,2024-01-05,10\nA,2024-02-07,10\nA,2024-04-01,10\nB,2024-01-20,5\n"
            "C,2024-02-02,8\nC,2024-03-03,8\nD,2024-02-10,-4\n")
    store, _ = ingest_file(tmp_csv(text), today=TODAY)
    c = cohort_retention(store, dt.date(2024, 5, 1))
    rows = {(r.cohort_month, r.months_since_first): (r.active_customers, r.cohort_size) for r in c.itertuples()}
    jan, feb = dt.date(2024, 1, 1), dt.date(2024, 2, 1)
    assert rows == {(jan, 0): (2, 2), (jan, 1): (1, 2), (jan, 3): (1, 2), (feb, 0): (1, 1), (feb, 1): (1, 1)}
    m = retention_matrix(c)
    assert m.loc[jan].tolist() == [1.0, 0.5, 0.0, 0.5]  # month 2 reached, nobody bought: 0
    assert m.loc[feb, 0] == 1.0 and m.loc[feb, 1] == 1.0 and m.loc[feb, 2] == 0.0 and np.isnan(m.loc[feb, 3])


def test_cohort_retention_matches_pandas_on_the_sample(sample):
    store, report = sample
    c = cohort_retention(store, report.default_as_of)
    tx = store.table("transactions").df()
    buy = tx[(tx["amount"] >= 0) & (tx["order_ts"] < pd.Timestamp(report.default_as_of))]
    month = buy["order_ts"].dt.to_period("M")
    first = month.groupby(buy["customer_id"]).transform("min")
    pairs = pd.DataFrame({"c": buy["customer_id"], "cohort": first, "k": (month - first).apply(lambda x: x.n)})
    exp = pairs.drop_duplicates().groupby(["cohort", "k"]).size()
    assert c["active_customers"].sum() == exp.sum()
    assert c.groupby("cohort_month")["cohort_size"].first().sum() == buy["customer_id"].nunique()
    got = c.set_index([pd.PeriodIndex(pd.to_datetime(c["cohort_month"]), freq="M"), "months_since_first"])
    np.testing.assert_array_equal(got["active_customers"].to_numpy(), exp.to_numpy())


def test_a_later_lost_limit_never_loses_more_customers(sample):
    # property: lost is "days since last > max(lost_min_days, k × gap)", so raising the floor can only shrink it
    store, report = sample
    lost = [stage_counts(customer_stages(store, report.default_as_of,
                                         dataclasses.replace(DEFAULT_THRESHOLDS, lost_min_days=days)))["lost"]
            for days in (90, 180, 365, 730)]
    assert lost == sorted(lost, reverse=True) and lost[0] > lost[-1]


# ------------------------------------------------------------------ the rules against what happened next

def _stages_by_hand(path, as_of: dt.date, th: StageThresholds = DEFAULT_THRESHOLDS) -> pd.DataFrame:
    """The stage rules of ``crm_core.lifecycle.customer_stages`` (sql/cte_stage_rules.sql) written again in plain pandas over a raw file
    without order ids (CDNOW: one order = one customer-day), for the independent check of validate_stages."""
    raw = pd.read_csv(path, usecols=["customer_id", "order_date", "amount"], dtype={"customer_id": str})
    raw["day"] = pd.to_datetime(raw["order_date"])
    d, w = pd.Timestamp(as_of), th.recent_days
    before = raw[raw["day"] < d]
    buy_days = before[before["amount"] >= 0].groupby("customer_id")["day"]
    c = pd.DataFrame({"days": buy_days.nunique(), "first": buy_days.min(), "last": buy_days.max()})
    c["orders"] = c["days"]
    c["tenure"] = (d - c["first"]).dt.days
    c["since"] = (d - c["last"]).dt.days
    own = ((c["last"] - c["first"]).dt.days / (c["days"] - 1)).where(c["days"] > 1)
    gap = own.fillna(own.median())
    start = d - pd.Timedelta(days=w)
    amount = before.groupby("customer_id")["amount"]
    recent = before[before["day"] >= start].groupby("customer_id")["amount"].sum().reindex(c.index, fill_value=0)
    earlier = before[before["day"] < start].groupby("customer_id")["amount"].sum().reindex(c.index, fill_value=0)
    assert np.allclose(recent + earlier, amount.sum().reindex(c.index))
    rate = (earlier / (c["tenure"] - w) * w).where(c["tenure"] - w >= w)
    trend = (recent / rate).where((rate > 0) & (gap <= w / 2))
    ceiling = np.percentile(_raw_gaps(path, as_of, time_col="order_date"), th.lost_ceiling_percentile)
    lost = (c["since"] > np.maximum(th.lost_min_days, th.lost_gap_multiple * gap)) | (
        c["since"] > max(th.lost_min_days, ceiling))
    stage = np.select(
        [lost, (c["orders"] == 1) & (c["tenure"] <= th.new_days), c["orders"] <= th.exploration_max_orders,
         (c["since"] > th.decline_gap_multiple * gap) | (trend < th.decline_spend_ratio),
         (c["tenure"] < th.stable_min_tenure_days) | (trend >= th.growth_ratio)],
        ["lost", "new", "exploration", "decline", "formation"], default="stable")
    return pd.DataFrame({"stage": stage}, index=c.index)


@pytest.fixture(scope="module")
def cdnow():
    b = BUNDLED["cdnow"]
    return ingest_file(b.path, today=TODAY, drop_duplicates=b.drop_duplicates)


def test_validate_stages_on_cdnow_matches_pandas_and_the_share_falls_to_lost(cdnow):
    """CDNOW (Fader, Hardie & Lee 2005), stages as of 1997-10-01, purchases in the next 180 days.

    Independent: the raw CDNOW file read with pandas, the stage rules written again (``_stages_by_hand``,
    ceiling = numpy's 95th percentile of the raw gaps: 164 days, so the 180-day floor rules), buying again =
    any purchase line in [1997-10-01, 1998-03-30). Everyone first bought in Q1 1997: nobody is new or (with
    under 365 days of tenure) stable. Finding: the share falls from formation through decline to lost, but
    exploration (at most two orders: occasional buyers) comes back less often than decline (habitual buyers
    who are overdue) — the stage order is not a monotone scale of coming back.
    """
    store, report = cdnow
    as_of, h = dt.date(1997, 10, 1), 180
    got = validate_stages(store, as_of, h, data_end=report.default_as_of).set_index("stage")
    path = BUNDLED["cdnow"].path
    exp = _stages_by_hand(path, as_of)
    raw = pd.read_csv(path, usecols=["customer_id", "order_date", "amount"], dtype={"customer_id": str})
    day = pd.to_datetime(raw["order_date"])
    later = raw[(day >= pd.Timestamp(as_of)) & (day < pd.Timestamp(as_of) + pd.Timedelta(days=h))
                & (raw["amount"] >= 0)]
    exp["again"] = exp.index.isin(later["customer_id"])
    by = exp.groupby("stage")["again"].agg(["size", "sum"]).reindex(list(STAGES), fill_value=0)
    assert by["size"].sum() == 23_570 == got["customers"].sum()
    assert got["customers"].tolist() == by["size"].tolist() == [0, 2679, 3068, 0, 1502, 16321]
    assert got["bought_again"].tolist() == by["sum"].tolist() == [0, 1003, 2089, 0, 779, 2189]
    share = got["bought_again_share"]
    np.testing.assert_allclose(share.dropna(), (by["sum"] / by["size"]).dropna(), rtol=1e-12)
    np.testing.assert_allclose(share[["exploration", "formation", "decline", "lost"]],
                               [0.374, 0.681, 0.519, 0.134], atol=5e-4)
    assert share["formation"] > share["decline"] > share["lost"]  # the active stage, then decline, then lost
    assert (share.drop("lost").dropna() > 2 * share["lost"]).all()  # every other stage comes back far more
    assert share["exploration"] < share["decline"]  # the finding above
    assert np.isnan(share["new"]) and np.isnan(share["stable"])
    # the page's explanation quotes these figures (ui/labels_lifecycle.py "lc_check_note")
    from ui.i18n import t
    for stage in ("formation", "decline", "lost", "exploration"):
        assert f"{share[stage]:.1%}".replace("%", " %") in t("lc_check_note", "en"), stage
        assert f"{share[stage]:.1%}" in t("lc_check_note", "zh"), stage


def test_validate_stages_refuses_a_window_beyond_the_data(cdnow):
    store, report = cdnow
    with pytest.raises(InvalidInputError, match="1998-01-02") as err:  # 1998-07-01 − 180 days
        validate_stages(store, dt.date(1998, 3, 1), 180, data_end=report.default_as_of)
    assert err.value.columns == ["as_of"]
    with pytest.raises(InvalidInputError, match="window_days"):
        validate_stages(store, dt.date(1997, 10, 1), 0, data_end=report.default_as_of)


# ---------------------------------------------------------------- stages over inputs computed once (issue #14)
THRESHOLD_VARIANTS = [
    DEFAULT_THRESHOLDS,
    dataclasses.replace(DEFAULT_THRESHOLDS, new_days=91, exploration_max_orders=3, lost_min_days=100),
    dataclasses.replace(DEFAULT_THRESHOLDS, growth_ratio=1.1, decline_spend_ratio=0.9, decline_gap_multiple=1.5),
    dataclasses.replace(DEFAULT_THRESHOLDS, lost_gap_multiple=2.0, lost_ceiling_days=60),
    dataclasses.replace(DEFAULT_THRESHOLDS, lost_ceiling_percentile=80, stable_min_tenure_days=400),
]


@pytest.mark.parametrize("data", ["hand", "sample", "cdnow"])
def test_stages_over_inputs_computed_once_are_the_stages_from_the_transactions(data, request):
    # the lifecycle page reads the stage inputs once per date and recent window, then applies each threshold
    # setting to them (sql/customer_stages_of_inputs.sql; both queries classify through cte_stage_rows): every
    # column of every customer must be the same as customer_stages from the transactions, NULLs (no profit on
    # CDNOW, no earlier spend, P(alive) not given) too
    if data == "hand":
        store, as_of = request.getfixturevalue("hand_store"), D
    else:
        store, report = request.getfixturevalue(data)
        as_of = report.default_as_of
    p_alive = None
    for th in THRESHOLD_VARIANTS:
        inputs = store.run("stage_inputs", as_of_dates=[as_of], recent_days=th.recent_days)
        direct = customer_stages(store, as_of, th, p_alive=p_alive)
        given = customer_stages(store, as_of, th, p_alive=p_alive, inputs=inputs,
                                ceilings=gap_ceilings(store, [as_of], th))
        pd.testing.assert_frame_equal(given, direct)
        assert direct["stage"].nunique() >= 3
        p_alive = pd.Series(np.linspace(0.0, 1.0, len(direct)), index=direct["customer_id"])  # the next: P(alive) too


def _inputs_by_hand(lines: pd.DataFrame, as_of: dt.date, w: int) -> pd.DataFrame:
    """The running-totals query's columns at one date, by hand in pandas: lines before D count; an order key is
    order_id or, without one, the day; an order counts once it has a purchase line (amount >= 0) before D;
    earlier revenue: the lines before D − W."""
    d = pd.Timestamp(as_of)
    t = lines[lines["order_ts"] < d].assign(day=lambda f: f["order_ts"].dt.normalize())
    t = t.assign(key=t["order_id"].fillna(t["day"].dt.strftime("%Y-%m-%d")))
    buy = t[t["amount"] >= 0]
    g = buy.groupby("customer_id")
    out = pd.DataFrame({"orders": g["key"].nunique(), "purchase_days": g["day"].nunique(),
                        "first": g["day"].min(), "last": g["day"].max()})
    out["net_revenue"] = t.groupby("customer_id")["amount"].sum()
    out["earlier_revenue"] = t[t["day"] < d - pd.Timedelta(days=w)].groupby("customer_id")["amount"].sum()
    out = out.fillna({"earlier_revenue": 0.0})
    out["days_since_last_order"] = (d - out["last"]).dt.days
    out["tenure_days"] = (d - out["first"]).dt.days
    return out.drop(columns=["first", "last"]).sort_index()


def test_running_totals_on_hand_made_edge_cases_at_every_day():
    # the cases the sample lacks, checked at every day of a stretch (so every event falls on, just before and
    # just after a date): an order whose first line is a refund and whose purchase comes two days later; a
    # refund-only order; lines without an order id (one order per day); two orders on one day; a purchase whose
    # amount leaves the 30-day window exactly on a date; a customer who buys only after the first dates
    ts = pd.Timestamp
    rows = [
        ("a", ts("2024-01-05 10:00"), 50.0, "A1"), ("a", ts("2024-01-05 11:00"), 20.0, "A2"),
        ("a", ts("2024-01-09"), -5.0, "A3"), ("a", ts("2024-01-11"), 30.0, "A3"), ("a", ts("2024-02-04"), -50.0, "A1"),
        ("b", ts("2024-01-02"), 10.0, None), ("b", ts("2024-01-02 18:00"), 15.0, None), ("b", ts("2024-01-20"), 7.5, None),
        ("b", ts("2024-01-25"), -4.0, "R9"),
        ("c", ts("2024-01-31"), 99.0, "C1"), ("c", ts("2024-02-01"), 1.0, "C1"),
        ("e", ts("2024-02-10"), -3.0, "E0"),
    ]
    lines = pd.DataFrame(rows, columns=["customer_id", "order_ts", "amount", "order_id"]).assign(profit=lambda f: f["amount"] / 4)
    store = Store()
    store.con.register("hand_lines", lines)
    store.con.execute("CREATE TABLE transactions AS SELECT * FROM hand_lines")
    dates = [dt.date(2024, 1, 1) + dt.timedelta(days=k) for k in range(0, 50)]
    got = store.run("stage_inputs_over_time", as_of_dates=dates, recent_days=30)
    checked = 0
    for d in dates:
        want = _inputs_by_hand(lines, d, 30)
        at = got[got["as_of"] == pd.Timestamp(d)].set_index("customer_id").sort_index()
        assert list(at.index) == list(want.index), d
        for col in want.columns:
            np.testing.assert_allclose(at[col].to_numpy(dtype=float), want[col].to_numpy(dtype=float), rtol=1e-12,
                                       err_msg=f"{col} at {d}")
        checked += len(want)
    assert checked > 100
    # the refund-first order A3 counts from its purchase day on: a has 2 orders on 2024-01-10, 3 on 2024-01-12
    a = got[got["customer_id"] == "a"].set_index("as_of")["orders"]
    assert (a[pd.Timestamp("2024-01-10")], a[pd.Timestamp("2024-01-12")]) == (2, 3)
    assert "e" not in set(got["customer_id"])  # a refund-only customer has no purchase: never a customer
