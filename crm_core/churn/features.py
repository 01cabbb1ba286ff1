"""The churn model's features at a cutoff: what each customer's history before the cutoff looks like.

This module owns the feature list (as data, with units and meanings) and the one query that computes them,
``sql/churn_features_labels.sql``: one statement gives the features at every cutoff of a list (each from the
lines dated before its cutoff only, so nothing on or after it — the label window — can leak
into a feature) together with the label of :mod:`.labels`, whose definition that query also holds. The churn
report asks for its three cutoffs at once (:func:`churn_features_labels`); :func:`churn_features` is the same
query with one cutoff.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..errors import InvalidInputError
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


def churn_features_labels(store: Store, cutoffs, recent_days: int, horizon_days: int) -> pd.DataFrame:
    """Features and label of every customer with a purchase before each cutoff, all cutoffs in one query.

    Parameters
    ----------
    store : the dataset's store (table ``transactions``).
    cutoffs : the cutoffs c [dates]; for each, the features count the lines dated before c.
    recent_days : length of the "recent" window [c − recent_days, c) [days]; the churn horizon H.
    horizon_days : length H of the label window [c, c + H) [days, ≥ 0]; 0 leaves every label "churned" and
        reads nothing on or after the last cutoff.

    Returns
    -------
    DataFrame ``cutoff`` [datetime64: midnight of the cutoff day], ``customer_id``, :data:`FEATURES` (float64,
    units as there), ``purchases_in_window`` [distinct days in [c, c + H) with a purchase of a new order], ``churned`` [bool:
    purchases_in_window = 0]; sorted by cutoff, then ``customer_id``. The rows of one cutoff equal
    ``churn_features(store, c, recent_days)`` and ``churn_labels(store, c, H)`` (same query, same sums).

    Notes
    -----
    The label is DESIGN.md §3's: a customer churns if no order in the H days after the cutoff; see
    :mod:`.labels` for the population and the rule for an order delivered across the cutoff.
    """
    cutoffs = list(cutoffs)
    for c in cutoffs:
        _check_date("cutoff", c)
    if isinstance(horizon_days, bool) or int(horizon_days) != horizon_days or horizon_days < 0:
        raise InvalidInputError("parameters", "horizon_days",
                                reason=f"must be a whole number of days >= 0; got {horizon_days!r}",
                                reason_zh=f"流失观察期必须是不小于 0 的整数天数；当前为 {horizon_days!r}")
    out = store.run("churn_features_labels", cutoffs=cutoffs, recent_days=int(recent_days),
                    horizon_days=int(horizon_days))
    out["cutoff"] = pd.to_datetime(out["cutoff"])
    for name in FEATURE_NAMES:
        out[name] = out[name].astype("float64")
    out["purchases_in_window"] = out["purchases_in_window"].astype("int64")
    out["churned"] = out["churned"].astype(bool)
    return out[["cutoff", "customer_id", *FEATURE_NAMES, "purchases_in_window", "churned"]]


def at_cutoff(frame: pd.DataFrame, cutoff: dt.date) -> pd.DataFrame:
    """The rows of one cutoff of a :func:`churn_features_labels` frame, without the ``cutoff`` column,
    sorted by ``customer_id`` and indexed 0, 1, …"""
    return frame[frame["cutoff"] == pd.Timestamp(cutoff)].drop(columns="cutoff").reset_index(drop=True)


def churn_features(store: Store, cutoff: dt.date, recent_days: int) -> pd.DataFrame:
    """One row per customer with a purchase before ``cutoff``: ``customer_id`` and :data:`FEATURES`.

    Parameters
    ----------
    store : the dataset's store (table ``transactions``).
    cutoff : lines dated before this day count [date].
    recent_days : length of the "recent" window before the cutoff [days]; the churn horizon H.

    Returns
    -------
    DataFrame sorted by ``customer_id``; units as in :data:`FEATURES`. :func:`churn_features_labels` with
    the one cutoff and no label window (nothing on or after the cutoff is read).
    """
    _check_date("cutoff", cutoff)
    out = churn_features_labels(store, [cutoff], recent_days, 0)
    return at_cutoff(out, cutoff)[["customer_id", *FEATURE_NAMES]]
