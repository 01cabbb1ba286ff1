"""The order-only loyalty measures (crm_core.loyalty; sql/retention_by_period.sql,
sql/customer_order_sequence.sql, sql/repeat_revenue_by_period.sql) on a hand-made history worked by hand,
and the sample's retention against an independent plain-pandas computation from the CSV."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from crm_core import loyalty
from crm_core.datasets import BUNDLED
from crm_core.errors import InvalidInputError
from crm_core.ingest import ingest_file

from .conftest import DATA, orders_csv_text, write_csv

TODAY = dt.date(2026, 1, 1)
AS_OF = dt.date(2024, 10, 1)  # Q4 2024 starts on the as-of date: Q1–Q3 are complete, Q4 is left out
# 5 customers over three quarters of 2024 (order id, customer, day, amount):
#   A buys Jan 10, Feb 15, Apr 20, Jul 5; B Jan 20, Aug 10 (and Oct 15, on/after the as-of date: not counted);
#   C Feb 1 and returns 10 on Feb 10 under its own order id (a return only: not an order);
#   D Apr 1, May 1 (30, with a return of 10 on the same order / day: the order is worth 20); E Jul 20, Sep 25.
LINES = [("A1", "A", "2024-01-10", 100), ("A2", "A", "2024-02-15", 50), ("A3", "A", "2024-04-20", 80),
         ("A4", "A", "2024-07-05", 60), ("B1", "B", "2024-01-20", 200), ("B2", "B", "2024-08-10", 100),
         ("B3", "B", "2024-10-15", 500), ("C1", "C", "2024-02-01", 40), ("CR", "C", "2024-02-10", -10),
         ("D1", "D", "2024-04-01", 120), ("D2", "D", "2024-05-01", 30), ("D2", "D", "2024-05-01", -10),
         ("E1", "E", "2024-07-20", 90), ("E2", "E", "2024-09-25", 45)]
# Quarterly buyers: Q1 {A, B, C}, Q2 {A, D}, Q3 {A, B, E} → Q2: of Q1's 3, A came back = 1/3; Q3: of Q2's 2, A = 1/2
HAND_QUARTERS = [("2024-Q2", 3, 1), ("2024-Q3", 2, 1)]
# Monthly buyers: Jan {A,B} Feb {A,C} Mar {} Apr {A,D} May {D} Jun {} Jul {A,E} Aug {B} Sep {E}
HAND_MONTHS = [("2024-02", 2, 1), ("2024-03", 2, 0), ("2024-04", 0, 0), ("2024-05", 2, 1), ("2024-06", 1, 0),
               ("2024-07", 0, 0), ("2024-08", 2, 0), ("2024-09", 1, 0)]


def _csv(with_order_id: bool) -> str:
    return orders_csv_text(LINES, with_order_id)


@pytest.fixture(scope="module", params=[True, False], ids=["order_id", "customer_day"])
def hand_store(request, tmp_path_factory):
    # the same numbers both ways: with order ids, and one order = one customer-day without them
    path = write_csv(tmp_path_factory.mktemp("loyalty") / "orders.csv", _csv(request.param))
    store, _ = ingest_file(path, today=TODAY)
    return store


def test_quarterly_retention_worked_by_hand(hand_store):
    got = loyalty.retention_by_period(hand_store, AS_OF, "quarter")
    assert list(zip(got["period"], got["active_before"], got["retained"], strict=True)) == HAND_QUARTERS
    np.testing.assert_allclose(got["rate"], [1 / 3, 1 / 2])
    assert got["period_end"].iloc[-1] == dt.date(2024, 10, 1)


def test_monthly_retention_worked_by_hand_with_months_after_an_empty_month(hand_store):
    got = loyalty.retention_by_period(hand_store, AS_OF, "month")
    assert list(zip(got["period"], got["active_before"], got["retained"], strict=True)) == HAND_MONTHS
    np.testing.assert_allclose(got["rate"], [0.5, 0, np.nan, 0.5, 0, np.nan, 0, 0])


def test_incomplete_period_is_left_out(hand_store):
    # as of Sep 30 Q3 is not complete: only Q2 remains; yearly: 2024 has no earlier year and is not complete
    got = loyalty.retention_by_period(hand_store, dt.date(2024, 9, 30), "quarter")
    assert list(got["period"]) == ["2024-Q2"]
    assert loyalty.retention_by_period(hand_store, AS_OF, "year").empty


def test_repeat_measures_worked_by_hand(hand_store):
    seq = loyalty.order_sequence(hand_store, AS_OF)
    # orders: A 4, B 2 (B's Oct 15 order is on/after the as-of date), C 1 (the return is not an order), D 2, E 2
    assert dict(zip(seq["customer_id"], seq["orders"], strict=True)) == {"A": 4, "B": 2, "C": 1, "D": 2, "E": 2}
    assert loyalty.repeat_purchase_rate(seq) == pytest.approx(4 / 5)
    # days to the 2nd order: A Jan 10 → Feb 15 = 36, B Jan 20 → Aug 10 = 203 (2024 is a leap year),
    # D Apr 1 → May 1 = 30, E Jul 20 → Sep 25 = 67; sorted 30, 36, 67, 203 (linear quartiles at 0.75, 1.5, 2.25)
    tts = loyalty.time_to_second_order(seq)
    assert tts == {"customers": 4, "p25": 34.5, "median": 51.5, "p75": 101.0}
    # first orders 100 + 200 + 40 + 120 + 90 = 550 over 5; repeat orders A 50 + 80 + 60, B 100, D 30 − 10,
    # E 45 = 355 over 6
    aov = loyalty.order_value_split(seq)
    assert aov["first_orders"] == 5 and aov["repeat_orders"] == 6
    assert aov["first_order_aov"] == pytest.approx(110.0) and aov["repeat_order_aov"] == pytest.approx(355 / 6)


def test_second_purchase_rate_counts_only_customers_with_the_whole_window(hand_store):
    seq = loyalty.order_sequence(hand_store, AS_OF)
    # N = 90: first order + 90 days before Oct 1 → first before Jul 3: A, B, C, D (not E, Jul 20);
    # within 90 days: A (36), D (30) → 2 / 4
    got = loyalty.second_purchase_rate(seq, AS_OF, 90)
    assert (got.eligible, got.within, got.rate) == (4, 2, 0.5)
    # N = 60: first before Aug 2: all five; A and D within (E took 67 days) → 2 / 5
    got = loyalty.second_purchase_rate(seq, AS_OF, 60)
    assert (got.eligible, got.within) == (5, 2)
    # N = 67: E's window ends Sep 25 < Oct 1, and E's 67 days count as within
    assert loyalty.second_purchase_rate(seq, AS_OF, 67).within == 3
    with pytest.raises(InvalidInputError, match="window_days"):
        loyalty.second_purchase_rate(seq, AS_OF, 0)


def test_repeat_revenue_share_per_quarter_worked_by_hand(hand_store):
    got = loyalty.repeat_revenue_by_period(hand_store, AS_OF, "quarter")
    assert list(got["period"]) == ["2024-Q1", "2024-Q2", "2024-Q3"]
    # Q1: first A 100, B 200, C 40; repeat A 50. Q2: first D 120; repeat A 80, D 20. Q3: first E 90; repeat
    # A 60, B 100, E 45
    assert list(got["first_orders"]) == [3, 1, 1] and list(got["repeat_orders"]) == [1, 2, 3]
    np.testing.assert_allclose(got["first_order_value"], [340, 120, 90])
    np.testing.assert_allclose(got["repeat_order_value"], [50, 100, 205])
    np.testing.assert_allclose(got["repeat_revenue_share"], [50 / 390, 100 / 220, 205 / 295])


def test_summary_is_plain_data(hand_store):
    s = loyalty.loyalty_summary(hand_store, AS_OF, "quarter", 90)
    assert s["retention"] == [{"period": "2024-Q2", "active_before": 3, "retained": 1, "rate": pytest.approx(1 / 3)},
                              {"period": "2024-Q3", "active_before": 2, "retained": 1, "rate": 0.5}]
    assert s["repeat_purchase_rate"] == pytest.approx(0.8)
    assert s["second_purchase_rate"] == {"window_days": 90, "eligible": 4, "within": 2, "rate": 0.5}
    assert s["time_to_second_order"] == {"customers": 4, "p25": 34.5, "median": 51.5, "p75": 101.0}


def test_bad_period_is_named(hand_store):
    with pytest.raises(InvalidInputError, match="period"):
        loyalty.retention_by_period(hand_store, AS_OF, "week")


def independent_retention(csv_path, as_of: dt.date, freq: str,
                          columns: tuple[str, str, str] = ("customer_id", "order_time", "amount")) -> pd.DataFrame:
    """Plain pandas from the CSV: buyers (amount >= 0) per calendar period, then |B(t−1) ∩ B(t)| / |B(t−1)|.

    ``columns``: the file's customer, date and amount headers."""
    df = pd.read_csv(csv_path, usecols=list(columns))
    df = df.rename(columns=dict(zip(columns, ("customer_id", "order_time", "amount"), strict=True)))
    df["order_time"] = pd.to_datetime(df["order_time"])
    df = df[(df["order_time"] < pd.Timestamp(as_of)) & (df["amount"] >= 0)]
    per = df["order_time"].dt.to_period(freq)
    buyers = df.groupby(per)["customer_id"].agg(set)
    rows = []
    for p in pd.period_range(buyers.index.min() + 1, buyers.index.max(), freq=freq):
        if p.end_time >= pd.Timestamp(as_of):
            continue  # not complete before the as-of date
        before, now = buyers.get(p - 1, set()), buyers.get(p, set())
        rows.append((len(before), len(before & now)))
    return pd.DataFrame(rows, columns=["active_before", "retained"])


@pytest.fixture(scope="module")
def sample():
    store, report = ingest_file(BUNDLED["sample"].path, today=TODAY)
    return store, report


@pytest.mark.parametrize("period,freq", [("quarter", "Q"), ("month", "M"), ("year", "Y")])
def test_sample_retention_matches_plain_pandas(sample, period, freq):
    store, report = sample
    as_of = report.default_as_of
    got = loyalty.retention_by_period(store, as_of, period)
    want = independent_retention(DATA / "sample_orders.csv", as_of, freq)
    assert len(got) == len(want) > 0
    assert list(got["active_before"]) == list(want["active_before"])
    assert list(got["retained"]) == list(want["retained"])


@pytest.fixture(scope="module")
def cdnow():
    spec = BUNDLED["cdnow"]
    return ingest_file(spec.path, today=TODAY, drop_duplicates=spec.drop_duplicates)


@pytest.mark.parametrize("period,freq", [("quarter", "Q"), ("month", "M")])
def test_cdnow_retention_matches_plain_pandas(cdnow, period, freq):
    # the real CDNOW master file: 23,570 customers who all first bought in Q1 1997, followed to June 1998
    store, report = cdnow
    as_of = report.default_as_of
    got = loyalty.retention_by_period(store, as_of, period)
    want = independent_retention(DATA / "cdnow" / "cdnow_master.csv", as_of, freq,
                                 columns=("customer_id", "order_date", "amount"))
    assert len(got) == len(want) > 0
    assert list(got["active_before"]) == list(want["active_before"])
    assert list(got["retained"]) == list(want["retained"])
    if period == "quarter":  # Q2 1997: of Q1's buyers — every customer — how many bought again in Q2
        assert got["period"].iloc[0] == "1997-Q2" and got["active_before"].iloc[0] == 23_570
