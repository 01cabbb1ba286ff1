"""Referrals: how many customers each customer brought, from a mapped ``referrer`` column (推荐人, 邀请人,
referred_by …) — the evidence for the upper rungs of Kotler's ladder (advocate, partner), which orders alone
cannot show. Without a referrer column there is nothing to count: :func:`referral_counts` returns ``None``.

Definitions (``sql/customer_referrals.sql``): the ingest reads a referrer cell with the customer id rule
(``sql/macro_id_text.sql``: trimmed, "12389.0" read as "12389"), so it matches the customer it names. A
customer's referrer is the one on their earliest line (by order time, then file row) naming someone other than
themselves; a referred customer counts when they have an order before the as-of date. A referrer value that
is no buyer's id (a referrer who never bought, or an id from another system) is not a customer: it is left out
of :func:`referral_counts` and listed by :func:`referrers_without_orders`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..store import Store
from .measures import _check_as_of


def has_referrer(store: Store) -> bool:
    """Whether the dataset has a mapped referrer column (the ingest keeps ``referrer`` only when mapped)."""
    return "referrer" in store.columns("transactions")


def _referrals(store: Store, as_of: dt.date) -> pd.DataFrame | None:
    _check_as_of(as_of)
    if not has_referrer(store):
        return None
    out = store.run("customer_referrals", as_of=as_of)
    out["referred_customers"] = out["referred_customers"].astype("int64")
    return out


def referral_counts(store: Store, as_of: dt.date) -> pd.DataFrame | None:
    """Customers each customer referred, as of ``as_of``.

    Parameters
    ----------
    store : the dataset's database (table ``transactions``, with ``referrer`` when mapped).
    as_of : date; lines dated before it count.

    Returns
    -------
    DataFrame or None
        ``None`` when the dataset has no referrer column. Else one row per customer with an order before
        ``as_of``, sorted: ``customer_id``, ``referred_customers`` [count of distinct customers with an order
        before ``as_of`` whose referrer is this customer; 0 when none].
    """
    out = _referrals(store, as_of)
    if out is None:
        return None
    return out.loc[out["is_customer"], ["customer_id", "referred_customers"]].reset_index(drop=True)


def referrers_without_orders(store: Store, as_of: dt.date) -> pd.DataFrame | None:
    """Referrer values that are no customer's (no order before ``as_of``): ``customer_id`` [the referrer value],
    ``referred_customers`` [count]; ``None`` without a referrer column."""
    out = _referrals(store, as_of)
    if out is None:
        return None
    return out.loc[~out["is_customer"], ["customer_id", "referred_customers"]].reset_index(drop=True)
