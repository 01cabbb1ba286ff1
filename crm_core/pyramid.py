"""The customer pyramid (客户金字塔): value tiers, their shares, the Pareto (Lorenz) curve.

Customers are ranked by value (descending; ties by customer id, ascending, so the ranking
does not depend on row order). With ``n`` customers in all, the customer at rank ``k``
(1-based) belongs to the first tier whose cumulative share ``c`` satisfies ``k <= c·n``;
customers with zero or negative value form their own tier, ``lead`` (Zeithaml, Rust & Lemon
2001, "The Customer Pyramid", California Management Review 43(4): lead = customers who cost
more than they bring). Default shares after Curry & Curry (2000), "The Customer Marketing
Method": VIP 1 %, major 4 %, ordinary 15 %, small 80 %.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import InvalidInputError

TIERS: tuple[str, ...] = ("vip", "major", "ordinary", "small")
LEAD = "lead"
UNKNOWN = "unknown"  # value unknown (a blank cost): not ranked, never lead
# cumulative share of customers at the bottom of each tier (Curry's 1 / 4 / 15 / 80 %)
DEFAULT_CUTS: tuple[float, float, float] = (0.01, 0.05, 0.20)


@dataclass(frozen=True)
class ParetoSummary:
    """Concentration of value: the Lorenz points and the Gini coefficient."""

    customer_share: np.ndarray  # cumulative share of customers, best first, from 0 to 1
    value_share: np.ndarray  # cumulative share of value at each point
    gini: float  # 0 = every customer brings the same, -> 1 = one customer brings everything

    def top_share(self, customer_share: float) -> float:
        """Share of value brought by the top ``customer_share`` of customers (interpolated)."""
        return float(np.interp(customer_share, self.customer_share, self.value_share))


def check_cuts(cuts) -> tuple[float, float, float]:
    """``cuts`` as three floats if they are cumulative shares 0 < VIP < major < ordinary < 1, else a refusal."""
    cuts = tuple(float(c) for c in cuts)
    if len(cuts) != 3 or not (0 < cuts[0] < cuts[1] < cuts[2] < 1):
        raise InvalidInputError("parameters", "cuts",
                                reason=f"must be three cumulative shares 0 < vip < major < ordinary < 1; got {cuts!r}",
                                reason_zh=f"必须是三个累计占比，且 0 < VIP < 主要 < 普通 < 1；当前为 {cuts!r}")
    return cuts


def assign_tiers(customer_id: pd.Series, value: pd.Series, cuts=DEFAULT_CUTS) -> pd.Series:
    """Tier id of each customer (``vip``, ``major``, ``ordinary``, ``small`` or ``lead``).

    Parameters
    ----------
    customer_id : customer ids (the tie-break), aligned with ``value``.
    value : value per customer [currency].
    cuts : cumulative customer shares closing the VIP, major and ordinary tiers [fraction].

    Returns
    -------
    Series of tier ids with ``value``'s index. Rank ``k`` of ``n`` is VIP when ``k <= cuts[0]·n``,
    major when ``k <= cuts[1]·n``, ordinary when ``k <= cuts[2]·n``, else small; value <= 0 is lead.
    A NaN value (unknown profit) is ``unknown``: ranked nowhere, counted in no tier's ``n``.
    """
    cuts = check_cuts(cuts)
    known = value.notna().to_numpy()
    if not known.all():
        out = pd.Series(UNKNOWN, index=value.index, name="tier", dtype=object)
        if known.any():
            out[known] = assign_tiers(customer_id[known], value[known], cuts).to_numpy()
        return out
    n = len(value)
    ids = customer_id.astype(str)
    neg = -value.to_numpy(float)
    if ids.is_monotonic_increasing:  # already in id order (the CustomerTable is): a stable sort keeps it for ties
        order = np.argsort(neg, kind="stable")
    else:
        order = np.lexsort((ids.to_numpy(), neg))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(1, n + 1)
    return pd.Series(tiers_of_ranks(rank, value.to_numpy(float), n, cuts), index=value.index, name="tier")


def tiers_of_ranks(rank: np.ndarray, value: np.ndarray, n: int, cuts=DEFAULT_CUTS) -> np.ndarray:
    """Tier ids from ranks: rank ``k`` (1 = best) of ``n`` ranked customers is VIP when ``k <= cuts[0]·n``,
    major when ``k <= cuts[1]·n``, ordinary when ``k <= cuts[2]·n``, else small; ``value <= 0`` is lead.
    The rule of :func:`assign_tiers`, shared with the Spark engine (which ranks on the cluster)."""
    bounds = np.array(check_cuts(cuts)) * n
    tier_idx = np.searchsorted(bounds, rank, side="left")  # 0 vip, 1 major, 2 ordinary, 3 small
    tiers = np.array(TIERS, dtype=object)[tier_idx]
    tiers[value <= 0] = LEAD
    return tiers


def tier_table(customers: pd.DataFrame, tier: pd.Series, value: pd.Series) -> pd.DataFrame:
    """One row per tier (VIP … small, lead): counts, revenue, profit, their shares, behaviour.

    Columns: customers, customer_share, value, value_share, net_revenue, revenue_share, profit,
    profit_share (NaN without profit data), orders_per_customer, avg_order_value [currency],
    avg_days_since_last_order [days], min_value [currency, the tier's entry threshold].
    Shares are of the totals over all customers; value shares may exceed 1 when lead value is negative.
    """
    df = pd.DataFrame({"tier": tier, "value": value, "net_revenue": customers["net_revenue"].astype(float),
                       "profit": customers["profit"].astype(float), "orders": customers["orders"],
                       "days": customers["days_since_last_order"]})
    g = df.groupby("tier", sort=False)
    stats = pd.DataFrame({
        "customers": g.size(),
        "value": g["value"].sum(),
        "net_revenue": g["net_revenue"].sum(),
        "profit": g["profit"].sum(min_count=1),
        "orders": g["orders"].sum(),
        "avg_days_since_last_order": g["days"].mean(),
        "min_value": g["value"].min(),
    })
    totals = {"customers": len(df), "value": df["value"].sum(), "net_revenue": df["net_revenue"].sum(),
              "profit": df["profit"].sum(min_count=1)}
    return tier_table_from_stats(stats, totals)


TIER_STATS = ("customers", "value", "net_revenue", "profit", "orders", "avg_days_since_last_order", "min_value")


def tier_table_from_stats(stats: pd.DataFrame, totals: dict) -> pd.DataFrame:
    """:func:`tier_table` from its per-tier aggregates — the part both engines share (the Spark engine
    aggregates on the cluster, :mod:`crm_core.spark.segments`).

    ``stats``: indexed by tier, the columns of :data:`TIER_STATS` — count, Σ value, Σ net revenue, Σ profit
    (NaN when no customer of the tier has a known profit), Σ orders, mean days since the last order, min value;
    ``totals``: customers, value, net_revenue and profit (NaN: unknown) over all customers.
    """
    out = stats.reindex([*TIERS, LEAD])
    out["customers"] = out["customers"].fillna(0).astype(int)
    out["orders"] = out["orders"].fillna(0)
    out["customer_share"] = out["customers"] / max(totals["customers"], 1)
    out["value_share"] = out["value"] / totals["value"] if totals["value"] else np.nan
    out["revenue_share"] = out["net_revenue"] / totals["net_revenue"] if totals["net_revenue"] else np.nan
    total_profit = totals["profit"]
    out["profit_share"] = out["profit"] / total_profit if pd.notna(total_profit) and total_profit else np.nan
    out["orders_per_customer"] = out["orders"] / out["customers"].replace(0, np.nan)
    out["avg_order_value"] = out["net_revenue"] / out["orders"].replace(0, np.nan)
    out.index.name = "tier"
    cols = ["customers", "customer_share", "value", "value_share", "net_revenue", "revenue_share", "profit",
            "profit_share", "orders_per_customer", "avg_order_value", "avg_days_since_last_order", "min_value"]
    return out[cols].reset_index()


def pareto(value: pd.Series) -> ParetoSummary:
    """Lorenz curve of value, best customers first, and the Gini coefficient.

    Negative values are counted as 0 (a customer cannot bring less than nothing to the share).
    Gini = 1 − 2·(area under the descending cumulative curve − 1/2) computed with the trapezoid
    rule; equivalently G = Σ_i Σ_j |x_i − x_j| / (2 n² x̄) (Gini 1912).
    """
    x = np.sort(np.clip(value.dropna().to_numpy(float), 0, None))[::-1]  # unknown (NaN) values left out
    n = len(x)
    total = x.sum()
    if n == 0 or total <= 0:
        return ParetoSummary(np.array([0.0, 1.0]), np.array([0.0, 0.0]), float("nan"))
    cum_c = np.arange(0, n + 1) / n
    cum_v = np.concatenate([[0.0], np.cumsum(x) / total])
    area = np.trapezoid(cum_v, cum_c)  # area under the best-first curve, in [1/2, 1]
    return ParetoSummary(cum_c, cum_v, float(2 * area - 1))
