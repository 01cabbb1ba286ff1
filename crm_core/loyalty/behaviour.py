"""Per-customer loyal behaviour from the orders (issue #12, section 1): relationship length, orders per year,
days since the last order and purchase regularity (the coefficient of variation of the gaps between orders).

The counting is SQL (``sql/customer_order_gaps.sql``, built on the shared order definition of
``sql/cte_customer_orders.sql``: an order is a distinct order id, else a customer-day, with at least one
purchase line; it is dated by its first purchase line). This module turns those counts into rates and the
regularity; :mod:`.score` ranks them into a loyalty score, :mod:`.ladder` reads Kotler's ladder from them.
Orders show behaviour only, not attitude (Dick & Basu 1994).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..store import Store
from .measures import _check_as_of

DAYS_PER_YEAR = 365.25  # a mean calendar year (leap years included)
# orders per year divide by the tenure, but at least this many days: a customer who first bought yesterday
# has not had a year, and 2 orders in 2 days is not a rate of 365 orders a year.
MIN_TENURE_DAYS = 30
MIN_GAPS_FOR_REGULARITY = 2  # one gap has a standard deviation of 0 by construction: no evidence of rhythm

COLUMNS = ["customer_id", "orders", "first_order_day", "last_order_day", "relationship_days", "tenure_days",
           "days_since_last_order", "orders_per_year", "gap_count", "gap_mean_days", "gap_sd_days", "regularity"]


def customer_behaviour(store: Store, as_of: dt.date) -> pd.DataFrame:
    """Each customer's relationship length, order rate, recency and purchase regularity as of ``as_of``.

    Parameters
    ----------
    store : the dataset's database (table ``transactions``).
    as_of : date; lines dated before it count.

    Returns
    -------
    DataFrame, one row per customer with an order before ``as_of``, sorted by customer_id:
    ``customer_id``; ``orders`` [orders]; ``first_order_day``, ``last_order_day`` [datetime64, midnight];
    ``relationship_days`` [days] = last − first order day; ``tenure_days`` [days] = as_of − first order day;
    ``days_since_last_order`` [days] = as_of − last order day; ``orders_per_year`` [orders / year];
    ``gap_count`` [gaps] = orders − 1; ``gap_mean_days``, ``gap_sd_days`` [days; NaN without a gap];
    ``regularity`` [ratio, >= 0; NaN with fewer than 2 gaps or a mean gap of 0].

    Notes
    -----
    orders_per_year = orders / (max(tenure_days, MIN_TENURE_DAYS) / 365.25): the rate over the whole time
    since the first order (silence since the last order lowers it), with a 30-day floor on the tenure.

    regularity = CV = σ_g / μ_g, the coefficient of variation of the customer's gaps g between consecutive
    orders' days, σ the population standard deviation (all of the customer's gaps, divided by their count).
    0 = perfectly regular (gaps 30, 30, 30); gaps 10, 50: μ = 30, σ = 20, CV = 0.667. Lower = more regular.
    NaN with fewer than 2 gaps (a single gap has σ = 0 whatever the rhythm: no evidence) or when μ = 0 (every
    order on one day).

    References
    ----------
    The course (客户价值与忠诚度管理): repeat purchases and relationship length as behavioural loyalty;
    Dick, A. S. & Basu, K. (1994), "Customer Loyalty: Toward an Integrated Conceptual Framework", Journal of
    the Academy of Marketing Science 22(2), 99–113: orders show repeat patronage, not relative attitude.
    """
    _check_as_of(as_of)
    return behaviour_from_gaps(store.run("customer_order_gaps", as_of=as_of), as_of)


def behaviour_from_gaps(raw: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """:func:`customer_behaviour` from the rows of ``sql/customer_order_gaps.sql`` (all of them or any part: each
    row is one customer's; the Spark engine calls it on each batch)."""
    out = raw.copy()
    for col in ("first_order_day", "last_order_day"):
        out[col] = pd.to_datetime(out[col])
    day = pd.Timestamp(as_of)
    out["orders"] = out["orders"].astype(int)
    out["gap_count"] = out["gap_count"].astype(int)
    out["relationship_days"] = out["relationship_days"].astype(int)
    out["tenure_days"] = (day - out["first_order_day"]).dt.days.astype(int)
    out["days_since_last_order"] = (day - out["last_order_day"]).dt.days.astype(int)
    out["orders_per_year"] = out["orders"] / (np.maximum(out["tenure_days"], MIN_TENURE_DAYS) / DAYS_PER_YEAR)
    # mean = S1 / n, population variance = (n·S2 − S1²) / n² from the exact whole-number sums (S1 = Σ g, S2 = Σ g²):
    # the numerator in integers, so every engine gets the same bits
    n = out["gap_count"].to_numpy(dtype=np.int64)
    s1 = out["gap_sum_days"].to_numpy(dtype=np.int64)
    s2 = out["gap_sumsq_days"].to_numpy(dtype=np.int64)
    has_gap = n > 0
    safe_n = np.where(has_gap, n, 1)
    out["gap_mean_days"] = np.where(has_gap, s1 / safe_n, np.nan)
    var = np.maximum(n * s2 - s1 * s1, 0) / (safe_n.astype(float) ** 2)
    out["gap_sd_days"] = np.where(has_gap, np.sqrt(var), np.nan)
    ok = (out["gap_count"] >= MIN_GAPS_FOR_REGULARITY) & (out["gap_mean_days"] > 0)
    out["regularity"] = (out["gap_sd_days"] / out["gap_mean_days"]).where(ok)
    return out[COLUMNS].reset_index(drop=True)
