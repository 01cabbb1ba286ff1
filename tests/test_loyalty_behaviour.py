"""Per-customer loyal behaviour, the loyalty score, the value × loyalty quadrants and Kotler's ladder
(crm_core.loyalty.behaviour / score / quadrants / ladder / profile; sql/customer_order_gaps.sql) on a hand-made
history whose every number is worked by hand below, and the sample's regularity and ladder against an
independent plain-pandas computation from data/sample_orders.csv."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from crm_core.errors import InvalidInputError
from crm_core.ingest import ingest_file
from crm_core.loyalty.behaviour import customer_behaviour
from crm_core.loyalty.ladder import LadderThresholds, ladder_funnel, ladder_over_time, ladder_rungs, snapshot_dates
from crm_core.loyalty.profile import loyalty_profile, profile_summary
from crm_core.loyalty.quadrants import QUADRANTS, assign_quadrants, quadrant_table, split_at
from crm_core.loyalty.score import loyalty_score, percentile_rank

from .conftest import DATA, orders_csv_text, write_csv

TODAY = dt.date(2026, 1, 1)
AS_OF = dt.date(2025, 1, 1)
# Six customers in 2024 (order id, customer, day, amount):
#   R regular: every 60 days from Jan 1 (Jan 1, Mar 1, Apr 30, Jun 29, Aug 28): gaps 60, 60, 60, 60
#   I irregular: Mar 1, Mar 11, Apr 30: gaps 10, 50 (and a return-only order on May 10: not an order)
#   O one order on Jun 1; T two orders Feb 1 and Nov 1 (one gap of 274 days: 29+31+30+31+30+31+31+30+31)
#   S four orders Oct 1, 11, 21, 31 (gaps 10, 10, 10; a 30-day relationship); N one order on Dec 20
LINES = [("R1", "R", "2024-01-01", 100), ("R2", "R", "2024-03-01", 200), ("R3", "R", "2024-04-30", 200),
         ("R4", "R", "2024-06-29", 200), ("R5", "R", "2024-08-28", 300),
         ("I1", "I", "2024-03-01", 50), ("I2", "I", "2024-03-11", 50), ("I3", "I", "2024-04-30", 100),
         ("IR", "I", "2024-05-10", -30),
         ("O1", "O", "2024-06-01", 50), ("T1", "T", "2024-02-01", 100), ("T2", "T", "2024-11-01", 200),
         ("S1", "S", "2024-10-01", 25), ("S2", "S", "2024-10-11", 25), ("S3", "S", "2024-10-21", 25),
         ("S4", "S", "2024-10-31", 25), ("N1", "N", "2024-12-20", 400)]
# per customer, by hand (as of 2025-01-01):
#          orders  relationship  tenure  since last  gaps: count mean   sd (population)  CV
#   I        3        60           306      246          2    30     sqrt((20²+20²)/2)=20  20/30 = 0.667
#   N        1         0            12       12          0    –      –                    –
#   O        1         0           214      214          0    –      –                    –
#   R        5       240           366      126          4    60     0                    0
#   S        4        30            92       62          3    10     0                    0
#   T        2       274           335       61          1   274     0                    – (1 gap: no rhythm)
HAND = pd.DataFrame({
    "customer_id": ["I", "N", "O", "R", "S", "T"],
    "orders": [3, 1, 1, 5, 4, 2],
    "relationship_days": [60, 0, 0, 240, 30, 274],
    "tenure_days": [306, 12, 214, 366, 92, 335],
    "days_since_last_order": [246, 12, 214, 126, 62, 61],
    "gap_count": [2, 0, 0, 4, 3, 1],
    "gap_mean_days": [30, np.nan, np.nan, 60, 10, 274],
    "gap_sd_days": [20, np.nan, np.nan, 0, 0, 0],
    "regularity": [2 / 3, np.nan, np.nan, 0, 0, np.nan],
    # orders / (max(tenure, 30) / 365.25): N's 12 days count as 30 → 1 / (30 / 365.25) = 12.175
    "orders_per_year": [3 / (306 / 365.25), 1 / (30 / 365.25), 1 / (214 / 365.25), 5 / (366 / 365.25),
                        4 / (92 / 365.25), 2 / (335 / 365.25)],
})
# Percentile ranks (rank − 1) / (6 − 1), ties averaged, 1 = most loyal:
#   relationship (longer): N, O tie at 0 (ranks 1, 2 → 1.5 → 0.1), S 0.4, I 0.6, R 0.8, T 1
#   orders per year (more): O 1.71 → 0, T 2.18 → 0.2, I 3.58 → 0.4, R 4.99 → 0.6, N 12.18 → 0.8, S 15.88 → 1
#   regularity (lower CV; no CV = lowest): N, O, T tie (ranks 1–3 → 2 → 0.2), I 0.667 → 0.6, R, S 0 (5.5) → 0.9
#   recency (fewer days since): I 246 → 0, O 214 → 0.2, R 126 → 0.4, S 62 → 0.6, T 61 → 0.8, N 12 → 1
# score = mean: I (0.6+0.4+0.6+0)/4 = 0.4; N (0.1+0.8+0.2+1)/4 = 0.525; O (0.1+0+0.2+0.2)/4 = 0.125;
#               R (0.8+0.6+0.9+0.4)/4 = 0.675; S (0.4+1+0.9+0.6)/4 = 0.725; T (1+0.2+0.2+0.8)/4 = 0.55
HAND_SCORE = [0.4, 0.525, 0.125, 0.675, 0.725, 0.55]
# value per customer for the matrix (hand-given, not the orders): medians 250 (200, 300) and 0.5375 (0.525, 0.55)
HAND_VALUE = pd.Series([200.0, 400.0, 50.0, 1000.0, 100.0, 300.0], index=list("INORST"))
# I 200 < 250, 0.4 < 0.5375: strangers; N 400 high, 0.525 low: butterflies; O low/low: strangers;
# R high/high: true_friends; S 100 low, 0.725 high: barnacles; T 300 high, 0.55 high: true_friends
HAND_QUADRANT = ["strangers", "butterflies", "strangers", "true_friends", "barnacles", "true_friends"]


def _csv(with_order_id: bool) -> str:
    return orders_csv_text(LINES, with_order_id)


@pytest.fixture(scope="module", params=[True, False], ids=["order_id", "customer_day"])
def hand_store(request, tmp_path_factory):
    path = write_csv(tmp_path_factory.mktemp("loyalty_behaviour") / "orders.csv", _csv(request.param))
    store, _ = ingest_file(path, today=TODAY)
    return store


@pytest.fixture(scope="module")
def behaviour(hand_store):
    return customer_behaviour(hand_store, AS_OF)


def test_customer_order_gaps_sql_worked_by_hand(hand_store):
    raw = hand_store.run("customer_order_gaps", as_of=AS_OF)
    assert list(raw["customer_id"]) == list(HAND["customer_id"])
    assert list(raw["orders"]) == list(HAND["orders"])
    assert list(raw["gap_count"]) == list(HAND["gap_count"])
    assert list(raw["relationship_days"]) == list(HAND["relationship_days"])
    # Σ g = mean · count, Σ g² = count · (sd² + mean²) from the hand table (0 without a gap)
    n = HAND["gap_count"]
    assert list(raw["gap_sum_days"]) == list((HAND["gap_mean_days"] * n).fillna(0).astype(int))
    assert list(raw["gap_sumsq_days"]) == list((n * (HAND["gap_sd_days"] ** 2 + HAND["gap_mean_days"] ** 2))
                                               .fillna(0).round().astype(int))
    assert str(raw.loc[raw["customer_id"] == "R", "last_order_day"].item())[:10] == "2024-08-28"


def test_behaviour_worked_by_hand(behaviour):
    got = behaviour.set_index("customer_id")
    want = HAND.set_index("customer_id")
    for col in ("orders", "relationship_days", "tenure_days", "days_since_last_order", "gap_count"):
        assert list(got[col]) == list(want[col]), col
    np.testing.assert_allclose(got["orders_per_year"], want["orders_per_year"], rtol=1e-12)
    np.testing.assert_allclose(got["orders_per_year"]["N"], 12.175)  # the 30-day floor
    np.testing.assert_allclose(got["regularity"], want["regularity"], atol=1e-12)  # NaN where NaN
    assert got.loc["R", "regularity"] == 0 and round(got.loc["I", "regularity"], 3) == 0.667


def test_behaviour_as_of_an_earlier_date_counts_only_earlier_lines(hand_store):
    # as of 2024-03-11: R has Jan 1 and Mar 1 (one gap of 60: no CV); I has only Mar 1 (Mar 11 is not before)
    got = customer_behaviour(hand_store, dt.date(2024, 3, 11)).set_index("customer_id")
    assert sorted(got.index) == ["I", "R", "T"]
    assert got.loc["R", "orders"] == 2 and got.loc["R", "gap_mean_days"] == 60 and np.isnan(got.loc["R", "regularity"])
    assert got.loc["I", "orders"] == 1 and got.loc["I", "days_since_last_order"] == 10


def test_percentile_rank_ties_averaged_and_missing_lowest():
    s = pd.Series([10.0, 20.0, 20.0, np.nan, 5.0])
    # ascending: NaN (lowest) 1, 5 → 2, 10 → 3, 20, 20 → 4.5; (r − 1) / 4
    np.testing.assert_allclose(percentile_rank(s), [0.5, 0.875, 0.875, 0.0, 0.25])
    # lower is loyal: 5 → most loyal; NaN still lowest: −20, −20 → 2.5, −10 → 4, −5 → 5
    np.testing.assert_allclose(percentile_rank(s, higher_is_loyal=False), [0.75, 0.375, 0.375, 0.0, 1.0])
    assert percentile_rank(pd.Series([3.0])).tolist() == [0.5]


def test_loyalty_score_worked_by_hand(behaviour):
    np.testing.assert_allclose(loyalty_score(behaviour), HAND_SCORE, atol=1e-12)
    # without regularity: I (0.6+0.4+0)/3, R (0.8+0.6+0.4)/3, S (0.4+1+0.6)/3
    got = loyalty_score(behaviour, {"regularity": 0}).set_axis(behaviour["customer_id"])
    np.testing.assert_allclose(got[["I", "R", "S"]], [1 / 3, 0.6, 2 / 3])
    # recency alone: its percentile rank; weight 3 on recency with the others 1: (sum + 2·recency) / 6 for N
    only = loyalty_score(behaviour, {"relationship_length": 0, "order_rate": 0, "regularity": 0})
    np.testing.assert_allclose(only, [0, 1, 0.2, 0.4, 0.6, 0.8])
    heavy = loyalty_score(behaviour, {"recency": 3}).set_axis(behaviour["customer_id"])
    np.testing.assert_allclose(heavy["N"], (0.1 + 0.8 + 0.2 + 3 * 1) / 6)


@pytest.mark.parametrize("weights,match", [
    ({"recency": -1}, r"weights\['recency'\].*>= 0; got -1"),
    ({"relationship_length": 0, "order_rate": 0, "regularity": 0, "recency": 0}, "at least one weight"),
    ({"loyalty": 1}, "unknown component.*'loyalty'"),
    ({"recency": float("nan")}, ">= 0; got nan"),
])
def test_bad_weights_say_which_and_why(behaviour, weights, match):
    with pytest.raises(InvalidInputError, match=match):
        loyalty_score(behaviour, weights)


def test_quadrants_at_the_medians_and_at_hand_splits():
    score = pd.Series(HAND_SCORE, index=HAND_VALUE.index)
    assert split_at(HAND_VALUE) == 250 and split_at(score) == pytest.approx(0.5375)
    assert list(assign_quadrants(HAND_VALUE, score)) == HAND_QUADRANT
    # on the lines counts as high: T (300, 0.55) stays a true friend; one cent above T's value, a barnacle
    assert list(assign_quadrants(HAND_VALUE, score, 300, 0.55)) == HAND_QUADRANT
    assert assign_quadrants(HAND_VALUE, score, 300.01, 0.55)["T"] == "barnacles"
    table = quadrant_table(HAND_VALUE, assign_quadrants(HAND_VALUE, score)).set_index("quadrant")
    assert list(table.index) == list(QUADRANTS)
    # strangers I + O = 250, butterflies N 400, barnacles S 100, true friends R + T = 1300; total 2050
    assert list(table["customers"]) == [2, 1, 1, 2]
    np.testing.assert_allclose(table["value"], [250, 400, 100, 1300])
    np.testing.assert_allclose(table["value_share"], [250 / 2050, 400 / 2050, 100 / 2050, 1300 / 2050])
    np.testing.assert_allclose(table["customer_share"], [2 / 6, 1 / 6, 1 / 6, 2 / 6])
    assert list(table["action"]) == ["no_investment", "harvest", "share_of_wallet", "reward"]
    assert list(table["programme_level"]) == [1, 1, 2, 3]


def test_a_customer_without_a_value_has_no_quadrant():
    value = HAND_VALUE.copy()
    value["O"] = np.nan  # unknown profit: left out, not low value
    q = assign_quadrants(value, pd.Series(HAND_SCORE, index=value.index))
    assert pd.isna(q["O"]) and quadrant_table(value, q)["customers"].sum() == 5


def test_ladder_worked_by_hand(behaviour):
    rungs = ladder_rungs(behaviour).set_axis(behaviour["customer_id"])
    # R: 5 orders, Jan 1 → Aug 28 ≥ Jul 1 (6 months): client; S: 4 orders but Oct 1 → Oct 31 < Apr 1: repeat
    assert dict(rungs) == {"I": "repeat", "N": "first_time", "O": "first_time", "R": "client", "S": "repeat",
                           "T": "repeat"}
    funnel = ladder_funnel(rungs)
    assert list(funnel["customers"]) == [2, 3, 1] and list(funnel["reached"]) == [6, 4, 1]
    np.testing.assert_allclose(funnel["climb_share"], [np.nan, 4 / 6, 1 / 4])
    # no span needed: S's 4 orders make a client; 3 orders over a month: I (Mar 1 → Apr 30 ≥ Apr 1) and R
    loose = ladder_rungs(behaviour, LadderThresholds(4, 0)).set_axis(behaviour["customer_id"])
    assert sorted(loose[loose == "client"].index) == ["R", "S"]
    three = ladder_rungs(behaviour, LadderThresholds(3, 1)).set_axis(behaviour["customer_id"])
    assert sorted(three[three == "client"].index) == ["I", "R"]


def test_advocates_need_referrals_and_the_rungs_below(behaviour):
    referrals = pd.DataFrame({"customer_id": ["R", "O", "S"], "referred_customers": [2, 1, 0]})
    rungs = ladder_rungs(behaviour, referrals=referrals).set_axis(behaviour["customer_id"])
    assert rungs["R"] == "advocate" and rungs["O"] == "first_time"  # O referred one but bought once
    funnel = ladder_funnel(rungs)
    assert list(funnel["rung"]) == ["first_time", "repeat", "client", "advocate"]
    assert list(funnel["customers"]) == [2, 3, 0, 1] and list(funnel["reached"]) == [6, 4, 1, 1]
    np.testing.assert_allclose(funnel["climb_share"], [np.nan, 4 / 6, 1 / 4, 1.0])


@pytest.mark.parametrize("kw,match", [({"client_min_orders": 1}, "client_min_orders.*>= 2; got 1"),
                                      ({"client_min_span_months": -1}, ">= 0; got -1"),
                                      ({"client_min_orders": 2.5}, "whole number")])
def test_bad_ladder_thresholds(kw, match):
    with pytest.raises(InvalidInputError, match=match):
        LadderThresholds(**kw)


def test_ladder_over_time_worked_by_hand(hand_store):
    assert snapshot_dates(dt.date(2024, 1, 1), AS_OF, "quarter") == [
        dt.date(2024, 4, 1), dt.date(2024, 7, 1), dt.date(2024, 10, 1), dt.date(2025, 1, 1)]
    assert snapshot_dates(dt.date(2024, 1, 1), AS_OF, "year") == [dt.date(2025, 1, 1)]
    got = ladder_over_time(hand_store, [dt.date(2024, 7, 1), AS_OF])
    # before Jul 1: R Jan 1 … Jun 29 (4 orders, span < 6 months: repeat), I 3 orders (repeat), O and T one each
    first = got[got["as_of"] == dt.date(2024, 7, 1)]
    assert list(first["customers"]) == [2, 2, 0] and list(first["reached"]) == [4, 2, 0]
    np.testing.assert_allclose(first["climb_share"], [np.nan, 0.5, 0.0])
    assert list(got.loc[got["as_of"] == AS_OF, "customers"]) == [2, 3, 1]


def test_profile_and_summary_compose_the_parts(behaviour):
    profile = loyalty_profile(behaviour, HAND_VALUE)
    assert list(profile["loyalty_quadrant"]) == HAND_QUADRANT
    np.testing.assert_allclose(profile["loyalty_score"], HAND_SCORE)
    summary = profile_summary(profile)
    assert summary["value_split"] == 250 and [q["customers"] for q in summary["quadrants"]] == [2, 1, 1, 2]
    assert [r["reached"] for r in summary["ladder"]] == [6, 4, 1]
    assert profile.attrs["thresholds"] == {"client_min_orders": 4, "client_min_span_months": 6,
                                           "advocate_min_referred": 1}
    # split lines at other percentiles: the 80th of the sorted values 50, 100, 200, 300, 400, 1000: h = 5 × 0.8 = 4 → 400
    high = loyalty_profile(behaviour, HAND_VALUE, value_percentile=80)
    assert high.attrs["value_split"] == 400
    assert list(high.loc[high["value"] >= 400, "customer_id"]) == ["N", "R"]


# ----------------------------------------------------------------- the sample, independently from the CSV

def sample_per_customer():
    """Plain pandas from the CSV (no crm_core): orders = order ids with a purchase line, dated by their first
    purchase line; per customer orders, first / last order day, the gaps' count, mean, population SD and CV,
    and the ladder rung. Returns (as_of, frame)."""
    df = pd.read_csv(DATA / "sample_orders.csv", usecols=["order_id", "customer_id", "order_time", "amount"])
    df["order_time"] = pd.to_datetime(df["order_time"])
    as_of = (df["order_time"].max() + pd.Timedelta(days=1)).normalize()
    buys = df[df["amount"] >= 0]
    orders = (buys.groupby(["customer_id", "order_id"])["order_time"].min().dt.normalize()
              .reset_index().sort_values(["customer_id", "order_time", "order_id"]))
    orders["gap"] = orders.groupby("customer_id")["order_time"].diff().dt.days
    per = orders.groupby("customer_id").agg(orders=("order_id", "size"), first=("order_time", "min"),
                                            last=("order_time", "max"), gaps=("gap", "count"),
                                            mean=("gap", "mean"), sd=("gap", lambda g: g.dropna().std(ddof=0)))
    per["cv"] = (per["sd"] / per["mean"]).where((per["gaps"] >= 2) & (per["mean"] > 0))
    client = (per["orders"] >= 4) & (per["last"] >= per["first"] + pd.DateOffset(months=6))
    per["rung"] = np.where(client, "client", np.where(per["orders"] >= 2, "repeat", "first_time"))
    per["net"] = df.groupby("customer_id")["amount"].sum().reindex(per.index)
    return as_of, per


@pytest.fixture(scope="module")
def sample_independent():
    as_of, per = sample_per_customer()
    return as_of.date(), per


@pytest.fixture(scope="module")
def sample_behaviour(sample_independent):
    store, _ = ingest_file(DATA / "sample_orders.csv")
    return customer_behaviour(store, sample_independent[0]).set_index("customer_id")


def test_sample_regularity_equals_an_independent_pandas_computation(sample_independent, sample_behaviour):
    _, per = sample_independent
    assert list(sample_behaviour.index) == sorted(per.index)
    got = sample_behaviour["regularity"]
    want = per["cv"].reindex(got.index)
    assert got.isna().equals(want.isna()) and got.notna().sum() > 1000
    np.testing.assert_allclose(got.dropna(), want.dropna(), rtol=1e-9)
    assert (sample_behaviour["relationship_days"] == (per["last"] - per["first"]).dt.days.reindex(got.index)).all()


def test_sample_ladder_counts_equal_an_independent_pandas_computation(sample_independent, sample_behaviour):
    _, per = sample_independent
    funnel = ladder_funnel(ladder_rungs(sample_behaviour.reset_index()))
    want = per["rung"].value_counts()
    assert list(funnel["customers"]) == [want["first_time"], want["repeat"], want["client"]]


@pytest.mark.parametrize("thresholds", [LadderThresholds(), LadderThresholds(client_min_orders=2,
                                                                               client_min_span_months=0),
                                        LadderThresholds(client_min_orders=6, client_min_span_months=13)])
def test_ladder_over_time_in_one_pass_equals_the_rungs_at_each_date(sample_behaviour, thresholds):
    # the one-query ladder (sql/ladder_reach_days.sql) against ladder_rungs of the behaviour as of each date
    store, _ = ingest_file(DATA / "sample_orders.csv")
    dates = snapshot_dates(dt.date(2022, 1, 1), dt.date(2025, 1, 1), "quarter") + [dt.date(2023, 8, 31)]
    got = ladder_over_time(store, dates, thresholds)
    for d in sorted(set(dates)):
        want = ladder_funnel(ladder_rungs(customer_behaviour(store, d), thresholds))
        mine = got[got["as_of"] == d].reset_index(drop=True)
        assert list(mine["customers"]) == list(want["customers"]), d
        assert list(mine["reached"]) == list(want["reached"]), d
