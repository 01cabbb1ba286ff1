"""The pass-through columns of each customer (name, phone, e-mail …), for exports used in campaigns.

A file's columns that play no canonical role (DESIGN.md §2, "any other column") are kept on every
line of ``transactions``. Per customer, this module returns the latest value each of them has
(``sql/customer_contacts.sql``), so a list of customers can be handed to a campaign tool.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .errors import InvalidInputError
from .store import Store

# the transactions table's own columns (the optional extra roles exist only when mapped)
TRANSACTION_COLUMNS = {"customer_id", "order_ts", "amount", "order_id", "cost", "margin", "profit", "channel",
                       "product", "status", "refund", "quantity", "unit_price", "discount", "referrer",
                       "source_row"}


def customer_contacts(store: Store, as_of: dt.date) -> pd.DataFrame:
    """One row per customer with a line before ``as_of``: ``customer_id`` and each pass-through column.

    Each pass-through column holds the value of the customer's latest line (by order time, then file
    row) on which it is not empty, so a phone number changed later in the file wins. Without
    pass-through columns the result is ``customer_id`` only.
    """
    if not isinstance(as_of, dt.date):
        raise InvalidInputError("parameters", "as_of", reason=f"must be a date; got {as_of!r}")
    if not set(store.columns("transactions")) - TRANSACTION_COLUMNS:
        return store.run("customer_ids", as_of=as_of)  # no pass-through column: the ids alone
    return store.run("customer_contacts", as_of=as_of)


def with_contacts(customers: pd.DataFrame, contacts: pd.DataFrame) -> pd.DataFrame:
    """``customers`` (one row per customer) with the contact columns added, in the same row order.

    A contact column whose name is already a column of ``customers`` is added as ``<name>_file``.
    """
    extra = contacts.rename(columns={c: f"{c}_file" for c in contacts.columns
                                     if c != "customer_id" and c in customers.columns})
    out = customers.merge(extra, on="customer_id", how="left", validate="one_to_one")
    out.index = customers.index
    return out
