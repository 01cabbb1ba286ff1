"""The churn model's features at a cutoff: what each customer's history before the cutoff looks like.

This module owns the feature list (as data, with units and meanings) and the one query that computes them,
``sql/churn_features.sql`` — one GROUP BY over the lines dated before the cutoff, so nothing on or after the
cutoff (the label window) can leak into a feature. The label is :mod:`.labels`'.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..store import Store
from .horizon import _check_date

# feature -> (unit, meaning). Every one is computed from lines dated before the cutoff.
FEATURES: dict[str, tuple[str, str]] = {
    "days_since_last_order": ("days", "cutoff − last purchase day"),
    "tenure_days": ("days", "cutoff − first purchase day"),
    "orders": ("orders", "distinct order ids (customer-days without them)"),
    "purchase_days": ("days", "distinct days with a purchase"),
    "orders_recent": ("orders", "orders in the H days before the cutoff"),
    "net_revenue": ("currency", "net revenue, returns subtracted"),
    "net_revenue_recent": ("currency", "net revenue in the H days before the cutoff"),
    "avg_order_value": ("currency per order", "net revenue / orders"),
    "avg_gap_days": ("days", "mean days between purchase days (one-time buyer: tenure)"),
    "overdue_ratio": ("ratio", "days since last order / mean gap (1 = as late as usual)"),
}
FEATURE_NAMES: tuple[str, ...] = tuple(FEATURES)


def churn_features(store: Store, cutoff: dt.date, recent_days: int) -> pd.DataFrame:
    """One row per customer with a purchase before ``cutoff``: ``customer_id`` and :data:`FEATURES`.

    Parameters
    ----------
    store : the dataset's store (table ``transactions``).
    cutoff : lines dated before this day count [date].
    recent_days : length of the "recent" window before the cutoff [days]; the churn horizon H.

    Returns
    -------
    DataFrame sorted by ``customer_id``; units as in :data:`FEATURES`.
    """
    _check_date("cutoff", cutoff)
    out = store.run("churn_features", cutoff=cutoff, recent_days=int(recent_days))
    for name in FEATURE_NAMES:
        out[name] = out[name].astype("float64")
    return out[["customer_id", *FEATURE_NAMES]]
