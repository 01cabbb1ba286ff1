"""Fixtures of the CLV tests: the published CDNOW calibration summary (Fader, Hardie & Lee 2005)."""

from __future__ import annotations

import pandas as pd
import pytest

from ..conftest import DATA

CDNOW_SUMMARY = DATA / "cdnow" / "cdnow_customers_summary_with_transactions.csv"
CDNOW_SAMPLE = DATA / "cdnow" / "cdnow_sample.csv"


@pytest.fixture(scope="session")
def cdnow_summary() -> pd.DataFrame:
    """2,357 customers: ID, x, t_x, T (weeks, 2 decimals), zbar (USD, 2 decimals; 0 when x = 0)."""
    return pd.read_csv(CDNOW_SUMMARY)


def flat_spend_orders(*, cents_noise: bool = False) -> pd.DataFrame:
    """The CDNOW sample's purchase days (one line per customer and day) with spend that does not differ
    between customers: every repeat day 30.00 (``cents_noise``: 29.99, 30.00 or 30.01 in turn); first days
    10, 17, … 38 by customer, so total spend still differs. customer_id, order_date, amount."""
    days = pd.read_csv(CDNOW_SAMPLE).drop_duplicates(["customer_id", "order_date"])
    days = days.sort_values(["customer_id", "order_date"], kind="stable")[["customer_id", "order_date"]].copy()
    first = ~days.duplicated("customer_id")
    noise = [-0.01, 0.0, 0.01] if cents_noise else [0.0]
    repeat = [round(30.0 + noise[i % len(noise)], 2) for i in range(len(days))]
    days["amount"] = [10.0 + 7 * (c % 5) if f else r for c, f, r in zip(days["customer_id"], first, repeat, strict=True)]
    return days.reset_index(drop=True)


def pooled_repeat_spend(orders: pd.DataFrame) -> float:
    """By hand, in pandas: all spend on each customer's purchase days after their first, over those days."""
    days = orders.groupby(["customer_id", "order_date"], as_index=False)["amount"].sum()
    days = days.sort_values(["customer_id", "order_date"], kind="stable")
    repeat = days[days.duplicated("customer_id")]
    return float(repeat["amount"].sum() / len(repeat))
