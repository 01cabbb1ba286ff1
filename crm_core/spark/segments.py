"""The pyramid tier and the RFM scores of every customer on Spark, and their summaries — the numbers of
:func:`crm_core.customer_report.segment_customers`, computed on the cluster.

What runs where:

- **ranks** (the pyramid): the customers with a known value, sorted by value descending then customer_id
  (the tie-break of :func:`crm_core.pyramid.assign_tiers`) by Spark's distributed sort; a customer's rank is the
  rows before its partition (one count per partition, collected) plus its place in the partition
  (``monotonically_increasing_id``, which counts the rows of a partition in order). Exact; no single-partition
  window.
- **RFM cut points**: Spark's exact ``percentile`` (linear interpolation between the two nearest ranks, numpy's
  default that :func:`crm_core.rfm.quantile_cuts` uses). It keeps a count per distinct value: recency [days] and
  orders have few, monetary about one per customer — memory on the one task that merges them (bench/README.md).
  numpy and Spark interpolate with a + (b − a)·t in different orders, so a cut point can differ in its last
  bit (1e-15 relative); a score cannot, unless a customer's value lies within that bit of the cut.
- **the class-of-8 means** (R, F, M means): one aggregate on the cluster (sums of integers for R and F: exact).
- **per customer**: :func:`crm_core.pyramid.tiers_of_ranks` and :func:`crm_core.rfm.score_rfm` (with the cut
  points and means of the whole table) in ``mapInPandas`` — crm_core's own functions on each batch.
- **summaries**: the per-tier and per-segment aggregates on the cluster, then the tables by
  :func:`crm_core.pyramid.tier_table_from_stats` and :func:`crm_core.rfm.segment_table_from_stats` on the driver
  (a few rows); the Gini and top-20 % share from the ranks (see :func:`pareto_from_sums`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..customer_report import chosen_metric
from ..pyramid import DEFAULT_CUTS, UNKNOWN, check_cuts, tier_table_from_stats, tiers_of_ranks
from ..rfm import CLASS8_NAMES_ZH, SCORE_LEVELS, CutPoints, score_rfm, segment_table_from_stats
from ..value import VALUE_METRICS

RANK = "_rank"
VALUE = "_value"
MONETARY = "_rfm_monetary"
QUANTILES = tuple(k / SCORE_LEVELS for k in range(1, SCORE_LEVELS))  # 0.2, 0.4, 0.6, 0.8
SEGMENT_COLUMNS = ("tier", "r_score", "f_score", "m_score", "rfm_code", "rfm_segment", "rfm_class8")
TOP_SHARE = 0.2  # the summary's top_20pct_value_share


def value_column(frame, metric: str):
    """``frame`` + ``_value``: the value the pyramid ranks by — :func:`crm_core.value.customer_value`'s rule
    (profit stays NULL when unknown, so the customer is ``unknown``; other metrics count a missing value as 0)."""
    from pyspark.sql import functions as F

    col = F.col(VALUE_METRICS[metric]).cast("double")
    return frame.withColumn(VALUE, col if metric == "profit" else F.coalesce(col, F.lit(0.0)))


def with_ranks(frame):
    """``frame`` (with ``_value``) + ``_rank``: 1 = the highest value, ties by customer_id ascending, among the
    rows with a value (NULL for the others); n, the number ranked; and the frames persisted on the way."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    known = frame.where(F.col(VALUE).isNotNull()).orderBy(F.col(VALUE).desc(), F.col("customer_id").asc())
    known = known.withColumn("_part", F.spark_partition_id()).withColumn("_pos", F.monotonically_increasing_id())
    known = known.persist(StorageLevel.MEMORY_AND_DISK)
    parts = sorted((r["_part"], r["rows"], r["first"]) for r in
                   known.groupBy("_part").agg(F.count("*").alias("rows"), F.min("_pos").alias("first")).collect())
    spark = frame.sparkSession
    bases, before = [], 0
    for part, rows, first in parts:
        bases.append((part, before + 1 - first))  # rank = _pos + base
        before += rows
    base = spark.createDataFrame(bases or [(0, 0)], "_part int, _base long")
    ranked = known.join(F.broadcast(base), "_part").withColumn(RANK, F.col("_pos") + F.col("_base"))
    ranked = ranked.drop("_part", "_pos", "_base")
    unknown = frame.where(F.col(VALUE).isNull()).withColumn(RANK, F.lit(None).cast("long"))
    ranked = ranked.unionByName(unknown).persist(StorageLevel.MEMORY_AND_DISK)
    return ranked, before, [known, ranked]


def rfm_cut_points_and_means(frame, monetary: str) -> tuple[CutPoints, dict[str, float]]:
    """The 20/40/60/80 % quantiles of recency, orders and monetary over all customers (exact ``percentile``),
    and their means (the 8 classes' splits) — one aggregate."""
    from pyspark.sql import functions as F

    cols = ("days_since_last_order", "orders", "net_revenue" if monetary == "total" else "avg_order_value")
    qs = F.array(*[F.lit(q) for q in QUANTILES])
    row = frame.agg(*[F.percentile(F.col(c).cast("double"), qs).alias(f"q{i}") for i, c in enumerate(cols)],
                    *[F.avg(F.col(c).cast("double")).alias(f"m{i}") for i, c in enumerate(cols)]).first()
    cuts = CutPoints(*(tuple(float(v) for v in row[f"q{i}"]) for i in range(3)))
    return cuts, {k: float(row[f"m{i}"]) for i, k in enumerate(("recency_days", "orders", "monetary"))}


def _scorer(n: int, cuts, metric: str, monetary: str, rfm_cuts: CutPoints, means: dict):
    """The mapInPandas function: each batch's tiers and RFM columns by crm_core's own functions."""
    def score(batches):
        for pdf in batches:
            value = pdf[VALUE].to_numpy(dtype=float, na_value=np.nan)
            known = ~np.isnan(value)
            tier = np.full(len(pdf), UNKNOWN, dtype=object)
            if known.any():
                tier[known] = tiers_of_ranks(pdf[RANK].to_numpy()[known].astype(np.int64), value[known], n, cuts)
            scores, _ = score_rfm(pdf, monetary=monetary, manual_cuts=rfm_cuts, class8_means=means)
            out = pdf.copy()
            out["tier"] = tier
            for col in ("r_score", "f_score", "m_score", "rfm_code", "rfm_segment", "rfm_class8"):
                out[col] = scores[col].to_numpy()
            out[MONETARY] = scores["monetary"].to_numpy(dtype=float)
            yield out
    return score


def segment_frame(customers, *, has_profit: bool, monetary: str = "total", metric: str | None = None,
                  cuts=DEFAULT_CUTS):
    """The Spark twin of :func:`crm_core.customer_report.segment_customers`: (customers + ``SEGMENT_COLUMNS``,
    ``rfm_class8`` as the Chinese class name; the summary's ``pyramid`` and ``rfm`` objects; the frames persisted,
    to unpersist when done)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

    cuts = check_cuts(cuts)
    metric = chosen_metric(customers.columns, metric, has_profit=has_profit)
    valued = value_column(customers, metric)
    ranked, n, kept = with_ranks(valued)
    rfm_cuts, means = rfm_cut_points_and_means(customers, monetary)
    schema = StructType(list(ranked.schema.fields) + [
        StructField("tier", StringType()), *(StructField(c, LongType()) for c in ("r_score", "f_score", "m_score")),
        *(StructField(c, StringType()) for c in ("rfm_code", "rfm_segment", "rfm_class8")),
        StructField(MONETARY, DoubleType())])
    scored = ranked.mapInPandas(_scorer(n, cuts, metric, monetary, rfm_cuts, means), schema)
    scored = scored.persist()
    summary = {"pyramid": pyramid_summary(scored, n, metric, cuts), "rfm": rfm_summary(scored, monetary, rfm_cuts)}
    names = F.create_map(*[F.lit(x) for kv in CLASS8_NAMES_ZH.items() for x in kv])
    keep = list(customers.columns) + [c for c in SEGMENT_COLUMNS if c not in customers.columns]
    out = scored.withColumn("rfm_class8", names[F.col("rfm_class8")]).select(*keep)
    return out, summary, [*kept, scored]


def pyramid_summary(scored, n: int, metric: str, cuts) -> dict:
    """The summary's ``pyramid``: the tier table, Gini and top-20 % share, unknown-profit count — from one
    per-tier aggregate (the totals and the Lorenz sums are sums of the tiers' sums)."""
    from pyspark.sql import functions as F

    k0 = _top_rank(n, TOP_SHARE)
    x = F.greatest(F.col(VALUE), F.lit(0.0))  # pareto counts a negative value as 0
    stats = scored.groupBy("tier").agg(
        F.count("*").alias("customers"), F.sum(VALUE).alias("value"), F.sum("net_revenue").alias("net_revenue"),
        F.sum("profit").alias("profit"), F.sum("orders").alias("orders"),
        F.avg("days_since_last_order").alias("avg_days_since_last_order"), F.min(VALUE).alias("min_value"),
        F.sum(x).alias("_x"), F.sum(x * (F.lit(n + 1) - F.col(RANK))).alias("_weighted"),
        F.sum(F.when(F.col(RANK) <= k0, x).otherwise(0.0)).alias("_head"),
        F.sum(F.when(F.col(RANK) == k0 + 1, x).otherwise(0.0)).alias("_next"),
    ).toPandas().set_index("tier")
    for col in ("value", "net_revenue", "profit", "avg_days_since_last_order", "min_value"):
        stats[col] = stats[col].astype(float)
    known = stats.drop(index=[UNKNOWN], errors="ignore")
    totals = {"customers": int(stats["customers"].sum()), "value": float(known["value"].sum()),
              "net_revenue": float(stats["net_revenue"].sum()), "profit": float(stats["profit"].sum(min_count=1))}
    table = tier_table_from_stats(known, totals)
    gini, top = pareto_from_sums(n, k0, *(float(known[c].sum()) for c in ("_x", "_weighted", "_head", "_next")))
    unknown = int(stats["customers"].get(UNKNOWN, 0))
    return {"value_metric": metric, "cuts": [float(c) for c in cuts], "gini": gini,
            "profit_unknown_customers": unknown, "top_20pct_value_share": top, "tiers": table.to_dict(orient="records")}


def _top_rank(n: int, share: float) -> int:
    """k0: the last rank k with k/n <= share (np.interp's left point at ``share`` on the points k/n)."""
    k0 = int(math.floor(share * n))
    while k0 + 1 <= n and (k0 + 1) / n <= share:
        k0 += 1
    while k0 > 0 and k0 / n > share:
        k0 -= 1
    return k0


def pareto_from_sums(n: int, k0: int, total: float, weighted: float, head: float, following: float
                     ) -> tuple[float, float]:
    """(Gini, share of value of the top ``TOP_SHARE`` of customers) of :func:`crm_core.pyramid.pareto`, from sums
    over the ranked customers: with x_k = max(value, 0) of rank k (1 = best) of n and X = Σ x_k (``total``), the
    trapezoid area under the best-first Lorenz curve is Σ_k x_k (n − k + 1) / (n X) − 1 / (2n) (``weighted`` is the
    sum) and Gini = 2·area − 1; the top share is the curve at TOP_SHARE, interpolated between k0 (the last k with
    k/n ≤ share) and k0 + 1: (S_k0 + (share − k0/n)·n·x_(k0+1)) / X, with S_k0 = ``head`` and x_(k0+1) =
    ``following``. Without value (n = 0 or X <= 0): Gini NaN and share 0, as pareto."""
    if n == 0 or total <= 0:
        return float("nan"), 0.0
    area = weighted / (n * total) - 1 / (2 * n)
    top = (head + (TOP_SHARE - k0 / n) * n * following) / total
    return float(2 * area - 1), float(top)


def rfm_summary(scored, monetary: str, rfm_cuts: CutPoints) -> dict:
    """The summary's ``rfm``: cut points, the segment table and the 8-class table — from one aggregate per
    (segment, class) pair, summed to each on the driver (means = sums / counts)."""
    from pyspark.sql import functions as F

    pairs = scored.groupBy("rfm_segment", "rfm_class8").agg(
        F.count("*").alias("customers"), F.sum(MONETARY).alias("monetary"),
        F.sum(F.col("days_since_last_order").cast("double")).alias("recency_days"),
        F.sum(F.col("orders").cast("double")).alias("orders")).toPandas()
    n, total = int(pairs["customers"].sum()), float(pairs["monetary"].sum())
    tables = {}
    for by in ("rfm_segment", "rfm_class8"):
        sums = pairs.groupby(by)[["customers", "monetary", "recency_days", "orders"]].sum()
        stats = pd.DataFrame({"customers": sums["customers"], "monetary": sums["monetary"],
                              "avg_recency_days": sums["recency_days"] / sums["customers"],
                              "avg_orders": sums["orders"] / sums["customers"],
                              "avg_monetary": sums["monetary"] / sums["customers"]})
        tables[by] = segment_table_from_stats(stats, customers=n, monetary=total, by=by)
    return {"monetary": monetary, "cut_points": rfm_cuts.as_dict(),
            "segments": tables["rfm_segment"].to_dict(orient="records"),
            "classes8": tables["rfm_class8"].assign(
                name_zh=lambda t: t["segment"].map(CLASS8_NAMES_ZH)).to_dict(orient="records")}


def top_share_at(engine, as_of, *, has_profit: bool, share: float = TOP_SHARE) -> float:
    """:func:`crm_core.overview.top_share_at` on Spark: the best ``share`` of customers' share of value as of
    ``as_of`` (``customer_summary.sql`` on the cluster, the default metric), from the ranks of :func:`with_ranks`
    and three sums (:func:`pareto_from_sums`); NaN without customers."""
    from pyspark.sql import functions as F

    if share != TOP_SHARE:
        raise ValueError(f"the Spark engine computes the top {TOP_SHARE:.0%} share only; got {share!r}")
    customers = engine.frame("customer_summary", as_of=as_of)
    metric = chosen_metric(customers.columns, None, has_profit=has_profit)
    ranked, n, kept = with_ranks(value_column(customers, metric))
    try:
        if ranked.limit(1).count() == 0:
            return float("nan")
        k0 = _top_rank(n, TOP_SHARE)
        x = F.greatest(F.col(VALUE), F.lit(0.0))
        row = ranked.where(F.col(RANK).isNotNull()).agg(
            F.sum(x).alias("x"), F.sum(F.when(F.col(RANK) <= k0, x).otherwise(0.0)).alias("head"),
            F.sum(F.when(F.col(RANK) == k0 + 1, x).otherwise(0.0)).alias("next")).first()
        _, top = pareto_from_sums(n, k0, float(row["x"] or 0.0), 0.0, float(row["head"] or 0.0),
                                  float(row["next"] or 0.0))
        return top
    finally:
        for frame in kept:
            frame.unpersist()
