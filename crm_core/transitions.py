"""Moves between groups from one date to another as a from × to table (RFM segments, lifecycle stages)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def from_to_matrix(flows: pd.DataFrame, rows: Sequence[str], columns: Sequence[str]) -> pd.DataFrame:
    """``flows`` (``from``, ``to``, ``customers``) as a table of customers [count]: one row per group ``rows``
    on the earlier date, one column per group ``columns`` on the later date, zeros included, in that order."""
    m = flows.pivot_table(index="from", columns="to", values="customers", aggfunc="sum", fill_value=0)
    return m.reindex(index=list(rows), columns=list(columns), fill_value=0).astype(int)


def flows(before: pd.Series, after: pd.Series, new: str) -> pd.DataFrame:
    """Customers by (group on the earlier date, group now): ``from, to, customers`` [count], one row per pair
    with a customer. ``before`` and ``after`` are groups indexed by customer id; a customer only in ``after``
    comes from ``new`` (first order between the two dates); one only in ``before`` is left out (not a
    customer now — cannot happen when ``after`` is as of a later date)."""
    src = before.reindex(after.index).astype(object).where(lambda s: s.notna(), new)
    df = pd.DataFrame({"from": src.to_numpy(), "to": after.astype(object).to_numpy()})
    return df.groupby(["from", "to"]).size().rename("customers").reset_index()


def largest_moves(flow: pd.DataFrame, new: str, n: int = 3) -> pd.DataFrame:
    """The ``n`` largest moves of existing customers between two different groups (``from`` not ``new``,
    ``from`` != ``to``), most customers first, ties by ``from`` then ``to`` (stable)."""
    moved = flow[(flow["from"] != new) & (flow["from"] != flow["to"])]
    return moved.sort_values(["customers", "from", "to"], ascending=[False, True, True]).head(n).reset_index(drop=True)


def moved_count(flow: pd.DataFrame, new: str) -> tuple[int, int]:
    """(customers who changed group, customers in a group on both dates) [counts]."""
    existing = flow[flow["from"] != new]
    return int(existing.loc[existing["from"] != existing["to"], "customers"].sum()), int(existing["customers"].sum())
