"""Moves between groups from one date to another as a from × to table (RFM segments, lifecycle stages)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def from_to_matrix(flows: pd.DataFrame, rows: Sequence[str], columns: Sequence[str]) -> pd.DataFrame:
    """``flows`` (``from``, ``to``, ``customers``) as a table of customers [count]: one row per group ``rows``
    on the earlier date, one column per group ``columns`` on the later date, zeros included, in that order."""
    m = flows.pivot_table(index="from", columns="to", values="customers", aggfunc="sum", fill_value=0)
    return m.reindex(index=list(rows), columns=list(columns), fill_value=0).astype(int)
