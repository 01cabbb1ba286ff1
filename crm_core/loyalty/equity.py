"""Customer equity (客户资产, issue #12 §3): the sum of the customers' predicted CLV, and its split by any grouping
(pyramid tier, value × loyalty quadrant, …).

This module owns the summing and the split only. The per-customer predicted CLV (BG/NBD × Gamma-Gamma,
discounted over a horizon) is :func:`crm_core.clv.customer_value.predict_customers`'s ``clv_expected``; the
groupings are their own modules' (``crm_core.pyramid.assign_tiers``; the quadrants).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from ..errors import InvalidInputError

UNASSIGNED = "unassigned"  # a customer with a prediction but no group in the grouping given


@dataclasses.dataclass(frozen=True)
class CustomerEquity:
    """Customer equity and its split.

    ``total`` [currency] = Σ clv_expected over the customers with a prediction; ``customers`` [all rows],
    ``predicted`` [rows with a finite clv_expected], ``not_predicted`` = customers − predicted (left out of
    the total, and said so). ``by_group``: ``group``, ``customers``, ``predicted``, ``equity`` [currency],
    ``equity_share`` [share of the total; NaN when the total is 0], ``clv_mean`` [currency per predicted
    customer]; None without a grouping. ``attrs``: the predictions' attrs (horizon, time_unit,
    discount_rate_per_period, margin)."""

    total: float
    customers: int
    predicted: int
    not_predicted: int
    by_group: pd.DataFrame | None
    attrs: dict


def _clv_series(clv) -> pd.Series:
    if isinstance(clv, pd.DataFrame):
        missing = [c for c in ("customer_id", "clv_expected") if c not in clv.columns]
        if missing:
            raise InvalidInputError("predictions", missing, reason=(
                f"required column(s) not found; the table has: {', '.join(map(str, clv.columns))}"))
        ids = clv["customer_id"]
        if ids.duplicated().any():
            raise InvalidInputError("predictions", "customer_id", rows=list(clv.index[ids.duplicated(keep=False)]),
                                    reason="one prediction per customer expected; these customer ids repeat")
        return pd.Series(clv["clv_expected"].to_numpy(dtype=float, na_value=np.nan), index=ids.to_numpy(),
                         name="clv_expected")
    if isinstance(clv, pd.Series):
        if clv.index.duplicated().any():
            raise InvalidInputError("predictions", "customer_id", rows=list(clv.index[clv.index.duplicated()]),
                                    reason="one prediction per customer expected; these customer ids repeat")
        return clv.astype(float)
    raise InvalidInputError("parameters", "clv", reason=(
        f"clv must be the predictions table (customer_id, clv_expected) or a Series indexed by customer_id; "
        f"got {type(clv).__name__}"))


def customer_equity(clv, groups: pd.Series | None = None) -> CustomerEquity:
    """Customer equity = Σ predicted CLV, with its split by ``groups``.

    Parameters
    ----------
    clv : DataFrame or Series
        The predictions of ``predict_customers`` (``customer_id``, ``clv_expected`` [currency]), or a Series
        of CLV [currency] indexed by customer_id. NaN (or ±inf) = not predicted: counted, left out of sums.
    groups : Series, optional
        Group id per customer, indexed by customer_id (any dtype; a categorical's category order is the row
        order, empty categories included). Customers of ``clv`` without a group form the row
        ``"unassigned"``; groups of customers not in ``clv`` are ignored.

    Returns
    -------
    CustomerEquity

    Notes
    -----
    CE = Σ_i CLV_i over customers i with a prediction; CE_g = Σ_{i ∈ g} CLV_i, so Σ_g CE_g = CE. A sum of
    discounted expected value over the predictions' horizon (not of past payments).

    References
    ----------
    Blattberg, R. C. & Deighton, J. (1996). Manage Marketing by the Customer Equity Test. Harvard Business
    Review 74(4); Gupta, Lehmann & Stuart (2004), J. Marketing Research 41(1) (customer value as firm value).
    """
    values = _clv_series(clv)
    ok = np.isfinite(values.to_numpy())
    total = float(values[ok].sum())
    attrs = dict(clv.attrs) if isinstance(clv, (pd.DataFrame, pd.Series)) else {}
    by_group = None
    if groups is not None:
        if not isinstance(groups, pd.Series):
            raise InvalidInputError("parameters", "groups", reason=(
                f"groups must be a Series of group ids indexed by customer_id; got {type(groups).__name__}"))
        if groups.index.duplicated().any():
            raise InvalidInputError("parameters", "groups", rows=list(groups.index[groups.index.duplicated()][:5]),
                                    reason="one group per customer expected; these customer ids repeat")
        g = groups.reindex(values.index)
        if isinstance(groups.dtype, pd.CategoricalDtype):
            order = [str(c) for c in groups.cat.categories]
        else:
            order = sorted({str(x) for x in groups.dropna()})
        labels = g.astype(object).where(g.notna(), UNASSIGNED).astype(str)
        if (labels == UNASSIGNED).any() and UNASSIGNED not in order:
            order.append(UNASSIGNED)
        frame = pd.DataFrame({"group": labels.to_numpy(), "clv": values.to_numpy(), "ok": ok})
        agg = frame.groupby("group", sort=False).agg(
            customers=("clv", "size"), predicted=("ok", "sum"),
            equity=("clv", lambda s: float(s[np.isfinite(s)].sum())))
        by_group = equity_table_from_stats(agg, order, total)
    return CustomerEquity(total, len(values), int(ok.sum()), int((~ok).sum()), by_group, attrs)


def equity_table_from_stats(stats: pd.DataFrame, order: list[str], total: float) -> pd.DataFrame:
    """:attr:`CustomerEquity.by_group` from the per-group ``customers``, ``predicted`` [counts] and ``equity``
    [currency, Σ finite CLV] (indexed by group label; a group without customers may be absent), the groups in
    ``order`` (``unassigned`` included when it has customers) and the ``total`` equity. The Spark engine's
    per-group aggregate."""
    agg = stats[["customers", "predicted", "equity"]].reindex(order).fillna({"customers": 0, "predicted": 0,
                                                                            "equity": 0.0})
    agg = agg.astype({"customers": int, "predicted": int, "equity": float})
    agg["equity_share"] = agg["equity"] / total if total != 0 else np.nan
    agg["clv_mean"] = agg["equity"] / agg["predicted"].where(agg["predicted"] > 0)
    return agg.rename_axis("group").reset_index()


def equity_rows(table: pd.DataFrame) -> list[dict]:
    """A ``by_group`` table as plain data (NaN -> None, numpy scalars -> Python)."""
    return [{k: (None if isinstance(v, float) and np.isnan(v) else (v.item() if isinstance(v, np.generic) else v))
             for k, v in row.items()} for row in table.to_dict("records")]


def equity_summary(clv, groupings: dict[str, pd.Series] | None = None) -> dict:
    """Customer equity as plain data (the CLI's ``summary.json`` ``customer_equity``; NaN -> None).

    Parameters
    ----------
    clv : as in :func:`customer_equity`.
    groupings : dict, optional
        Name -> grouping Series (e.g. ``{"tier": tiers, "quadrant": quadrants}``), each indexed by customer_id.

    Returns
    -------
    dict: ``total`` [currency], ``customers``, ``predicted``, ``not_predicted``, ``horizon``, ``time_unit``,
    ``discount_rate_per_period``, ``margin`` (from the predictions' attrs, None when absent), and ``by``:
    name -> list of {group, customers, predicted, equity, equity_share, clv_mean}.
    """
    base = customer_equity(clv)
    out = {"total": base.total, "customers": base.customers, "predicted": base.predicted,
           "not_predicted": base.not_predicted}
    for key in ("horizon", "time_unit", "discount_rate_per_period", "margin"):
        v = base.attrs.get(key)
        out[key] = v.item() if isinstance(v, np.generic) else v
    out["by"] = {}
    for name, grouping in (groupings or {}).items():
        out["by"][name] = equity_rows(customer_equity(clv, grouping).by_group)
    return out
