"""Breakdowns of customer groups (pyramid tiers, segments …) by sales channel or product category.

The groups come from a per-customer table computed elsewhere (``customer_id``, ``grp``); the
transaction lines are summed in SQL (``sql/group_breakdown.sql``). This module owns only the
breakdown; it does not decide how customers are grouped.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .errors import InvalidInputError
from .store import Store

DIMENSIONS: tuple[str, ...] = ("channel", "product")


def group_breakdown(store: Store, groups: pd.DataFrame, *, dimension: str, as_of: dt.date) -> pd.DataFrame:
    """Net revenue, profit, customers and orders per (group, category) from lines before ``as_of``.

    Parameters
    ----------
    store : a store holding the ``transactions`` table.
    groups : one row per customer: ``customer_id`` and ``grp`` (the group id, e.g. a tier).
    dimension : ``"channel"`` or ``"product"``, the line column that is the category.
    as_of : lines dated before this day count.

    Returns
    -------
    DataFrame with ``grp, category`` (NULL when the line has none), ``customers`` [count],
    ``orders`` [count], ``net_revenue``, ``profit`` [dataset currency; NaN without cost/margin] and
    ``revenue_share`` [fraction of the group's net revenue; NaN when that total is <= 0].
    """
    if dimension not in DIMENSIONS:
        raise InvalidInputError("parameters", "dimension",
                                reason=f"must be one of {', '.join(DIMENSIONS)}; got {dimension!r}")
    if not isinstance(as_of, dt.date):
        raise InvalidInputError("parameters", "as_of", reason=f"must be a date; got {as_of!r}")
    missing = [c for c in ("customer_id", "grp") if c not in groups.columns]
    if missing:
        raise InvalidInputError("groups", missing, reason=f"required column(s) not found; the table has: "
                                                          f"{', '.join(map(str, groups.columns))}")
    frame = pd.DataFrame({"customer_id": groups["customer_id"].astype(str).to_numpy(),
                          "grp": groups["grp"].astype(str).to_numpy()})
    out = store.run_with("group_breakdown", {"customer_groups": frame}, as_of=as_of, dimension=dimension)
    total = out.groupby("grp")["net_revenue"].transform("sum")
    out["revenue_share"] = np.where(total > 0, out["net_revenue"] / total.where(total > 0), np.nan)
    return out
