"""One customer's profile (issue #13, section 2): their row of the per-customer report (every view's columns,
:mod:`crm_core.customer_report`), their order list and their contact columns — what the command line's
``profile`` prints and the app's customer profile shows, so that the two and ``report``'s customers.csv agree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from .contacts import customer_contacts
from .errors import InvalidInputError
from .store import Store

# why a customer has no profile
NOT_FOUND = "not_found"  # no line of this id before the as-of date
RETURNS_ONLY = "returns_only"  # lines, but none is a purchase: not a customer of the views


@dataclasses.dataclass(frozen=True)
class CustomerProfile:
    """``row``: the customer's report row (column -> value) or None; ``orders``: :func:`order_list`;
    ``contacts``: pass-through column -> latest value; ``missing``: None, :data:`NOT_FOUND` or
    :data:`RETURNS_ONLY`."""

    customer_id: str
    as_of: dt.date
    row: dict | None
    orders: pd.DataFrame
    contacts: dict
    missing: str | None


def order_list(store: Store, customer_id: str, as_of: dt.date) -> pd.DataFrame:
    """The customer's orders before ``as_of`` (``sql/customer_order_list.sql``): order_key, order_id, first_ts,
    lines, purchases, returns, net, profit [currency], is_order."""
    if not isinstance(as_of, dt.date):
        raise InvalidInputError("parameters", "as_of", reason=f"must be a date; got {as_of!r}",
                                reason_zh=f"必须是日期；收到 {as_of!r}")
    out = store.run("customer_order_list", as_of=as_of, customer_id=str(customer_id))
    out["first_ts"] = pd.to_datetime(out["first_ts"])
    return out


def customer_profile(store: Store, customers: pd.DataFrame, customer_id: str, as_of: dt.date,
                     contacts: pd.DataFrame | None = None) -> CustomerProfile:
    """The profile of ``customer_id`` from ``customers`` (the report's per-customer table as of ``as_of``);
    ``contacts`` is :func:`crm_core.contacts.customer_contacts` as of ``as_of`` when the caller has it already.

    A customer without a line before ``as_of`` is :data:`NOT_FOUND`; one whose lines are all returns is
    :data:`RETURNS_ONLY` (the views count customers with a purchase): both get no row, a plain message.
    """
    cid = str(customer_id).strip()
    orders = order_list(store, cid, as_of)
    match = customers.loc[customers["customer_id"].astype(str) == cid]
    contacts = customer_contacts(store, as_of) if contacts is None else contacts
    contact = contacts.loc[contacts["customer_id"].astype(str) == cid]
    contact_values = {} if contact.empty else {k: v for k, v in contact.iloc[0].items() if k != "customer_id"}
    if match.empty:
        missing = RETURNS_ONLY if len(orders) else NOT_FOUND
        return CustomerProfile(cid, as_of, None, orders, contact_values, missing)
    return CustomerProfile(cid, as_of, match.iloc[0].to_dict(), orders, contact_values, None)
