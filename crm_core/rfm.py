"""RFM (最近一次消费 / 消费频率 / 消费金额): scores, the 11 named segments, the Chinese 8 classes.

Inputs come from the CustomerTable: R = ``days_since_last_order`` [days], F = ``orders``
[count], M = ``net_revenue`` [currency] (total) or ``avg_order_value`` (average per order).

Scores 1–5: by default the cut points are the 20/40/60/80 % quantiles of the values
(``numpy.quantile``, linear interpolation); a customer scores 1 + the number of cut points
their value exceeds — for R the fewest days score 5 (recent = 5). Equal values always get the
same score, so scores do not depend on row order; with many ties (e.g. one-time buyers) a
score can stay empty. Manual cut points (days, orders, amount) replace the quantiles.

The segment maps are data: ``SEGMENT_GRID`` (R × FM, FM = ⌊(F + M + 1) / 2⌋, i.e. the mean of
F and M rounded half up) names every one of the 125 codes; ``CLASS8`` maps the above/below-mean
pattern of (R, F, M) to the Chinese 8 classes, where R is "high" when days since last order
≤ the mean (recent).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import InvalidInputError
from .transitions import flows, from_to_matrix

SCORE_LEVELS = 5
MONETARY_MODES = ("total", "average")

# The 11 named segments, after the R × FM grid used by Putler and others ("RFM analysis for
# customer segmentation"); the exact cells are this product's own choice, documented here.
SEGMENTS: tuple[str, ...] = ("champions", "loyal", "potential_loyalist", "new_customers", "promising",
                             "need_attention", "about_to_sleep", "at_risk", "cant_lose", "hibernating", "lost")
# rows: R = 5 … 1; columns: FM = 1 … 5
SEGMENT_GRID: dict[int, tuple[str, str, str, str, str]] = {
    5: ("new_customers", "potential_loyalist", "potential_loyalist", "champions", "champions"),
    4: ("promising", "potential_loyalist", "potential_loyalist", "loyal", "champions"),
    3: ("about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"),
    2: ("hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"),
    1: ("lost", "lost", "hibernating", "at_risk", "cant_lose"),
}

# Chinese 8 classes: (R recent?, F above mean?, M above mean?) -> class id (labels in ui/i18n.py)
CLASS8: dict[tuple[bool, bool, bool], str] = {
    (True, True, True): "important_value",      # 重要价值客户
    (True, False, True): "important_develop",   # 重要发展客户
    (False, True, True): "important_retain",    # 重要保持客户
    (False, False, True): "important_winback",  # 重要挽留客户
    (True, True, False): "general_value",       # 一般价值客户
    (True, False, False): "general_develop",    # 一般发展客户
    (False, True, False): "general_retain",     # 一般保持客户
    (False, False, False): "general_winback",   # 一般挽留客户
}
CLASS8_NAMES_ZH: dict[str, str] = {
    "important_value": "重要价值客户", "important_develop": "重要发展客户", "important_retain": "重要保持客户",
    "important_winback": "重要挽留客户", "general_value": "一般价值客户", "general_develop": "一般发展客户",
    "general_retain": "一般保持客户", "general_winback": "一般挽留客户",
}


_CODES = np.array([f"{r}{f}{m}" for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)], dtype=object)


@dataclass(frozen=True)
class CutPoints:
    """The four cut points of each measure [days, orders, currency], ascending."""

    recency_days: tuple[float, float, float, float]
    orders: tuple[float, float, float, float]
    monetary: tuple[float, float, float, float]

    def as_dict(self) -> dict[str, list[float]]:
        return {"recency_days": list(self.recency_days), "orders": list(self.orders), "monetary": list(self.monetary)}


def rfm_values(customers: pd.DataFrame, monetary: str = "total") -> pd.DataFrame:
    """R, F, M of each customer: ``recency_days`` [days], ``orders`` [count], ``monetary`` [currency]."""
    if monetary not in MONETARY_MODES:
        raise InvalidInputError("parameters", "monetary",
                                reason=f"must be one of {', '.join(MONETARY_MODES)}; got {monetary!r}")
    m = customers["net_revenue"] if monetary == "total" else customers["avg_order_value"]
    return pd.DataFrame({"customer_id": customers["customer_id"],
                         "recency_days": customers["days_since_last_order"].astype(float),
                         "orders": customers["orders"].astype(float), "monetary": m.astype(float)},
                        index=customers.index)


def quantile_cuts(values: pd.Series) -> tuple[float, float, float, float]:
    """The 20/40/60/80 % quantiles of ``values`` (linear interpolation, numpy's default)."""
    return tuple(float(q) for q in np.quantile(values.to_numpy(float), [0.2, 0.4, 0.6, 0.8]))


def _check_manual(name: str, cuts) -> tuple[float, float, float, float]:
    cuts = tuple(float(c) for c in cuts)
    if len(cuts) != SCORE_LEVELS - 1 or any(b < a for a, b in zip(cuts, cuts[1:], strict=False)):
        raise InvalidInputError("parameters", name,
                                reason=f"must be 4 ascending cut points; got {list(cuts)!r}",
                                reason_zh=f"必须是 4 个从小到大排列的分界点；当前为 {list(cuts)!r}")
    return cuts


def score_values(values: pd.Series, cuts, *, reverse: bool = False) -> pd.Series:
    """1 + number of cut points a value exceeds; ``reverse`` scores small values high (R: recent = 5)."""
    v = values.to_numpy(float)
    above = (v[:, None] > np.asarray(cuts, float)[None, :]).sum(axis=1)
    score = (SCORE_LEVELS - above) if reverse else (1 + above)
    return pd.Series(score.astype(np.int64), index=values.index)


def score_rfm(customers: pd.DataFrame, *, monetary: str = "total", manual_cuts: CutPoints | None = None,
              class8_means: dict[str, float] | None = None) -> tuple[pd.DataFrame, CutPoints]:
    """R, F, M scores (1–5), the code ("545"), the named segment and the Chinese class of every customer.

    Parameters
    ----------
    customers : the CustomerTable (``customer_id, days_since_last_order, orders, net_revenue,
        avg_order_value``).
    monetary : ``"total"`` (net revenue) or ``"average"`` (net revenue per order).
    manual_cuts : cut points to use instead of the quintiles [days, orders, currency].
    class8_means : the means of recency_days, orders and monetary that split the 8 classes, when
        ``customers`` is a part of the table (the Spark engine scores partitions); default: its own means.

    Returns
    -------
    (scores, cuts) — ``scores`` has ``customer_id, recency_days, orders, monetary, r_score, f_score,
    m_score, rfm_code, fm_score, rfm_segment, rfm_class8``; ``cuts`` the cut points used.
    """
    v = rfm_values(customers, monetary)
    if manual_cuts is None:
        cuts = CutPoints(quantile_cuts(v["recency_days"]), quantile_cuts(v["orders"]), quantile_cuts(v["monetary"]))
    else:
        cuts = CutPoints(_check_manual("recency_days", manual_cuts.recency_days),
                         _check_manual("orders", manual_cuts.orders), _check_manual("monetary", manual_cuts.monetary))
    out = v.copy()
    out["r_score"] = score_values(v["recency_days"], cuts.recency_days, reverse=True)
    out["f_score"] = score_values(v["orders"], cuts.orders)
    out["m_score"] = score_values(v["monetary"], cuts.monetary)
    idx = 25 * (out["r_score"].to_numpy() - 1) + 5 * (out["f_score"].to_numpy() - 1) + out["m_score"].to_numpy() - 1
    out["rfm_code"] = _CODES[idx]  # "111" … "555" by lookup: string building per row is slow at 1M customers
    out["fm_score"] = (out["f_score"] + out["m_score"] + 1) // 2
    out["rfm_segment"] = segment_of(out["r_score"], out["fm_score"])
    out["rfm_class8"] = classify8(v, class8_means)
    return out, cuts


def segment_of(r_score: pd.Series, fm_score: pd.Series) -> pd.Series:
    """The named segment of each (R, FM) pair, looked up in ``SEGMENT_GRID``."""
    grid = np.array([[SEGMENT_GRID[r][fm - 1] for fm in range(1, 6)] for r in range(1, 6)], dtype=object)
    return pd.Series(grid[r_score.to_numpy() - 1, fm_score.to_numpy() - 1], index=r_score.index)


def classify8(values: pd.DataFrame, means: dict[str, float] | None = None) -> pd.Series:
    """Chinese 8-class id by above/below the mean: R high = days since last order ≤ mean (recent);
    F high = orders > mean; M high = monetary > mean. ``means``: the three means when ``values`` is a part
    of the customers (default: the means of ``values``)."""
    if means is None:
        means = {c: values[c].mean() for c in ("recency_days", "orders", "monetary")}
    r_high = (values["recency_days"] <= means["recency_days"]).to_numpy()
    f_high = (values["orders"] > means["orders"]).to_numpy()
    m_high = (values["monetary"] > means["monetary"]).to_numpy()
    # look the 8 patterns up by their bits (r, f, m) -> 4r + 2f + m: one vectorised take
    table = np.array([CLASS8[(bool(k & 4), bool(k & 2), bool(k & 1))] for k in range(8)], dtype=object)
    return pd.Series(table[4 * r_high + 2 * f_high + m_high], index=values.index)


def segment_table(scores: pd.DataFrame, by: str = "rfm_segment") -> pd.DataFrame:
    """One row per segment (or class): customers, share, revenue (monetary sum), share, mean R/F/M."""
    g = scores.groupby(by)
    stats = pd.DataFrame({"customers": g.size(), "monetary": g["monetary"].sum(),
                          "avg_recency_days": g["recency_days"].mean(), "avg_orders": g["orders"].mean(),
                          "avg_monetary": g["monetary"].mean()})
    return segment_table_from_stats(stats, customers=len(scores), monetary=scores["monetary"].sum(), by=by)


SEGMENT_STATS = ("customers", "monetary", "avg_recency_days", "avg_orders", "avg_monetary")


def segment_table_from_stats(stats: pd.DataFrame, *, customers: int, monetary: float, by: str = "rfm_segment"
                             ) -> pd.DataFrame:
    """:func:`segment_table` from its per-segment aggregates (:data:`SEGMENT_STATS`, indexed by segment) and
    the totals over all customers — the part both engines share (:mod:`crm_core.spark.segments`)."""
    out = stats.copy()
    out["customer_share"] = out["customers"] / customers
    out["monetary_share"] = out["monetary"] / monetary if monetary else np.nan
    order = list(SEGMENTS) if by == "rfm_segment" else list(CLASS8.values())
    out = out.reindex([s for s in order if s in out.index])
    out.index.name = "segment"
    return out.reset_index()[["segment", "customers", "customer_share", "monetary", "monetary_share",
                              "avg_recency_days", "avg_orders", "avg_monetary"]]


def rf_grid(scores: pd.DataFrame) -> pd.DataFrame:
    """The 5 × 5 Recency × Frequency grid: per (r_score, f_score) the customers, their mean monetary
    value and ``top_segment``, the most common named segment in the cell (ties: segment order)."""
    g = scores.groupby(["r_score", "f_score"])
    out = pd.DataFrame({"customers": g.size(), "avg_monetary": g["monetary"].mean()})
    counts = scores.groupby(["r_score", "f_score", "rfm_segment"]).size().rename("n").reset_index()
    counts["rank"] = counts["rfm_segment"].map({s: i for i, s in enumerate(SEGMENTS)})
    top = counts.sort_values(["n", "rank"], ascending=[False, True]).drop_duplicates(["r_score", "f_score"])
    out["top_segment"] = top.set_index(["r_score", "f_score"])["rfm_segment"]
    full = pd.MultiIndex.from_product([range(1, 6), range(1, 6)], names=["r_score", "f_score"])
    out = out.reindex(full)
    out["customers"] = out["customers"].fillna(0).astype(int)
    return out.reset_index()


def transitions(before: pd.DataFrame, after: pd.DataFrame, by: str = "rfm_segment") -> pd.DataFrame:
    """Customers moving between segments from ``before`` to ``after`` (two ``score_rfm`` results).

    Customers only in ``after`` come from ``"new"`` (first order between the two dates).
    Returns ``from, to, customers``.
    """
    return flows(before.set_index("customer_id")[by], after.set_index("customer_id")[by], "new")


def segment_transition_matrix(flows: pd.DataFrame) -> pd.DataFrame:
    """:func:`transitions` as a from × to table of customers: rows ``"new"`` + ``SEGMENTS`` (before),
    columns ``SEGMENTS`` (after), zeros included [customers]."""
    return from_to_matrix(flows, ["new", *SEGMENTS], SEGMENTS)


def movers(before: pd.DataFrame, after: pd.DataFrame, source: str, target: str,
           by: str = "rfm_segment") -> pd.DataFrame:
    """The customers in ``source`` on the earlier date and in ``target`` now (``source="new"``: no order
    before the earlier date): ``after``'s rows for them, with ``segment_before``, most valuable first
    (monetary, then id). The list behind one flow of the movement Sankey."""
    was = before.set_index("customer_id")[by]
    out = after.copy()
    out.insert(1, "segment_before", was.reindex(out["customer_id"]).fillna("new").to_numpy())
    out = out[(out["segment_before"] == source) & (out[by] == target)]
    return out.sort_values(["monetary", "customer_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
