"""The loyalty columns and summary on Spark — the numbers of :func:`crm_core.customer_report.loyalty_columns` and
:func:`crm_core.loyalty.loyalty_summary`, computed on the cluster from the same query files.

What runs where:

- **queries** (transpiled, on the cluster): ``customer_order_gaps``, ``customer_order_sequence``,
  ``retention_by_period``, ``customer_referrals`` (with a referrer column), ``customer_promotion`` (with a discount
  column).
- **per customer** (``mapInPandas``, crm_core's own functions on each batch): the behaviour columns
  (:func:`crm_core.loyalty.behaviour.behaviour_from_gaps`) and the ladder rung
  (:func:`crm_core.loyalty.ladder.ladder_rungs`); the loyalty score from the components' ranks
  (:func:`crm_core.loyalty.score.score_from_ranks`) and the quadrant (:func:`crm_core.loyalty.quadrants.assign_quadrants`
  with the split lines of the whole table); the promotion columns (:func:`crm_core.loyalty.promotion.promotion_columns`).
- **the percentile ranks** of the four score components (:func:`crm_core.loyalty.score.percentile_rank`: ties
  averaged, a missing value lowest): one count per distinct value, sorted by Spark's distributed sort; a value's
  rank is the customers below it — those of the partitions before (one sum per partition, collected) plus those
  before it in its partition (a window within the partition) — plus (its count + 1) / 2. Exact; no single-partition
  window over the customers.
- **split lines** (the medians of value and score): Spark's exact ``percentile`` (numpy's linear interpolation, as
  :func:`crm_core.loyalty.quadrants.split_at`; the last-bit caveat of the RFM cut points, :mod:`.segments`).
- **summaries**: the repeat-purchase counts of :func:`crm_core.loyalty.measures.sequence_counts` per batch, summed;
  the time to the second order's quartiles by exact ``percentile``; per-quadrant, per-rung, per-group aggregates
  on the cluster, the tables by crm_core's ``*_from_stats`` functions on the driver (a few rows). The retention
  table is one row per period: the driver.
"""

from __future__ import annotations

import pandas as pd

from ..customer_report import loyalty_with_equity_settings
from ..loyalty import DEFAULT_PERIOD, DEFAULT_WINDOW_DAYS, retention_by_period
from ..loyalty.behaviour import behaviour_from_gaps
from ..loyalty.equity import UNASSIGNED, equity_rows, equity_table_from_stats
from ..loyalty.ladder import DEFAULT_THRESHOLDS, ladder_funnel_from_counts, ladder_rungs, rungs_of
from ..loyalty.measures import sequence_counts, summary_from_counts
from ..loyalty.profile import summary_of_tables
from ..loyalty.promotion import PROMO_DRIVEN_SHARE, has_discount, promotion_columns, promotion_summary_from_sums
from ..loyalty.quadrants import DEFAULT_SPLIT_PERCENTILE, QUADRANTS, assign_quadrants, quadrant_table_from_stats
from ..loyalty.referrals import has_referrer
from ..loyalty.score import SCORE_COMPONENTS, check_weights, score_from_ranks
from ..value import available_metrics
from .segments import VALUE, value_column

LOYALTY_COLUMNS = ("loyalty_score", "loyalty_quadrant", "ladder_rung", "regularity")
_RANK = "_prank_"  # + component id: its percentile rank
_COUNTS = ("customers", "repeat_customers", "eligible", "within", "first_orders", "repeat_orders", "first_value",
           "repeat_value")


def _behaviour(engine, as_of, referrals: bool):
    """customer_id, the score components' columns, regularity and the ladder rung, one row per customer with an
    order before ``as_of`` (customer_order_gaps.sql; the referral counts joined when the data has a referrer)."""
    from pyspark.sql import functions as F

    gaps = engine.frame("customer_order_gaps", as_of=as_of)
    if referrals:
        counts = engine.frame("customer_referrals", as_of=as_of).where(F.col("is_customer"))
        gaps = gaps.join(counts.select("customer_id", "referred_customers"), "customer_id", "left")
    components = [c.column for c in SCORE_COMPONENTS.values()]

    def batch(batches):
        for pdf in batches:
            b = behaviour_from_gaps(pdf, as_of)
            refs = (pdf[["customer_id", "referred_customers"]].fillna({"referred_customers": 0})
                    if referrals else None)
            rung = ladder_rungs(b, DEFAULT_THRESHOLDS, refs)
            out = b[["customer_id", *dict.fromkeys([*components, "regularity"])]].copy()
            out["ladder_rung"] = rung.astype(str).to_numpy()
            yield out

    schema = ("customer_id string, " + ", ".join(
        f"{c} {'bigint' if c in ('relationship_days', 'days_since_last_order') else 'double'}"
        for c in dict.fromkeys([*components, "regularity"])) + ", ladder_rung string")
    return gaps.mapInPandas(batch, schema)


def percentile_ranks(frame, column: str, higher_is_loyal: bool, n: int, name: str, keep=None):
    """customer_id and ``name``: :func:`crm_core.loyalty.score.percentile_rank` of ``column`` over the ``n`` rows of
    ``frame`` — (r − 1) / (n − 1), r the rank of the value (ties averaged, NULL lowest); 0.5 with one row.
    ``keep`` (frame -> frame) persists the counts per distinct value (read twice) so that the caller can release
    them; without it they are persisted until the session ends."""
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    key = F.col(column).cast("double") * (1.0 if higher_is_loyal else -1.0)
    keyed = frame.select("customer_id", key.alias("_k"))
    if n == 1:
        return keyed.select("customer_id", F.lit(0.5).alias(name))
    counts = keyed.groupBy("_k").agg(F.count("*").alias("_c")).orderBy(F.col("_k").asc_nulls_first())
    counts = counts.withColumn("_part", F.spark_partition_id())
    counts = keep(counts) if keep is not None else counts.persist(StorageLevel.MEMORY_AND_DISK)
    totals = sorted((r["_part"], r["rows"]) for r in counts.groupBy("_part").agg(F.sum("_c").alias("rows")).collect())
    offsets, before = [], 0
    for part, rows in totals:
        offsets.append((part, before))
        before += rows
    base = frame.sparkSession.createDataFrame(offsets or [(0, 0)], "_part int, _base long")
    within = Window.partitionBy("_part").orderBy(F.col("_k").asc_nulls_first()).rowsBetween(
        Window.unboundedPreceding, -1)
    below = F.coalesce(F.sum("_c").over(within), F.lit(0)) + F.col("_base")
    rank = (below.cast("double") + (F.col("_c").cast("double") + 1.0) / 2.0 - 1.0) / float(n - 1)
    ranks = counts.join(F.broadcast(base), "_part").select("_k", rank.alias(name))
    # the NULL key (no regularity) joins by null-safe equality
    return keyed.join(ranks, keyed["_k"].eqNullSafe(ranks["_k"])).select("customer_id", name)


def _split(frame, column: str, percentile: float = DEFAULT_SPLIT_PERCENTILE) -> float:
    """:func:`crm_core.loyalty.quadrants.split_at` on the cluster: the exact percentile of the known values."""
    from pyspark.sql import functions as F

    got = frame.where(F.col(column).isNotNull()).agg(F.percentile(F.col(column).cast("double"), percentile / 100)).first()[0]
    return float("nan") if got is None else float(got)


def loyalty_frame(engine, customers, as_of, *, has_profit: bool, clv: dict,
                  period: str = DEFAULT_PERIOD, window_days: int = DEFAULT_WINDOW_DAYS):
    """The Spark twin of the DuckDB report's loyalty step: (customers + :data:`LOYALTY_COLUMNS` (+ ``promo_share``
    with a discount column); the summary's ``loyalty``; the frames persisted on the way)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    kept = []

    def keep(frame):
        frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
        kept.append(frame)
        return frame

    summary = loyalty_summary_frame(engine, as_of, period, window_days)
    referrals = has_referrer(engine)
    behaviour = keep(_behaviour(engine, as_of, referrals))
    n = behaviour.count()
    weights = check_weights(None)
    metric = available_metrics(customers, has_profit=has_profit)[0]
    value = value_column(customers, metric).select("customer_id", F.col(VALUE).alias("value"))
    scored = behaviour.join(value, "customer_id", "left")
    for comp, c in SCORE_COMPONENTS.items():
        scored = scored.join(percentile_ranks(behaviour, c.column, c.higher_is_loyal, n, _RANK + comp, keep),
                             "customer_id")
    rank_cols = [_RANK + comp for comp in SCORE_COMPONENTS]

    def score(batches):
        for pdf in batches:
            ranks = pdf[rank_cols].set_axis(list(SCORE_COMPONENTS), axis=1)
            yield pd.DataFrame({"customer_id": pdf["customer_id"], "value": pdf["value"],
                                "loyalty_score": score_from_ranks(ranks, weights).to_numpy()})

    scores = keep(scored.select("customer_id", "value", *rank_cols).mapInPandas(
        score, "customer_id string, value double, loyalty_score double"))
    v_split, l_split = _split(scores, "value"), _split(scores, "loyalty_score")

    def quadrant(batches):
        for pdf in batches:
            q = assign_quadrants(pdf["value"].astype(float), pdf["loyalty_score"].astype(float), v_split, l_split)
            yield pd.DataFrame({"customer_id": pdf["customer_id"], "value": pdf["value"],
                                "loyalty_score": pdf["loyalty_score"], "loyalty_quadrant": q.astype(object).to_numpy()})

    quads = scores.mapInPandas(quadrant, "customer_id string, value double, loyalty_score double, "
                                         "loyalty_quadrant string")
    profile = keep(quads.join(behaviour.select("customer_id", "regularity", "ladder_rung"), "customer_id"))
    out = customers.join(profile.select("customer_id", *LOYALTY_COLUMNS), "customer_id", "left")

    with_quadrant = profile.where(F.col("loyalty_quadrant").isNotNull())
    q_stats = {r["loyalty_quadrant"]: (int(r["n"]), float(r["v"])) for r in
               with_quadrant.groupBy("loyalty_quadrant").agg(F.count("*").alias("n"), F.sum("value").alias("v")).collect()}
    quad = quadrant_table_from_stats(pd.Series({q: s[0] for q, s in q_stats.items()}, dtype="int64"),
                                     pd.Series({q: s[1] for q, s in q_stats.items()}, dtype=float))
    rungs = {r["ladder_rung"]: int(r["n"]) for r in
             profile.groupBy("ladder_rung").agg(F.count("*").alias("n")).collect()}
    rung_order = list(rungs_of(pd.DataFrame() if referrals else None))  # advocate is a rung with a referrer column
    funnel = ladder_funnel_from_counts(pd.Series(rungs, dtype="int64"), rung_order)
    more = {"value_metric": metric, **summary_of_tables(quad, funnel, {"value_split": v_split, "loyalty_split": l_split,
                                                                      "weights": weights})}
    if has_discount(engine):
        promo = keep(_promotion(engine, as_of))
        out = out.join(promo.select("customer_id", "promo_share"), "customer_id", "left")
        row = promo.agg(F.count("*"), F.sum(F.col("promotion_driven").cast("long")), F.sum("orders"),
                        F.sum("discounted_orders"), F.sum("revenue"), F.sum("discount_total")).first()
        more["promotion"] = promotion_summary_from_sums(int(row[0]), int(row[1] or 0), int(row[2] or 0),
                                                        int(row[3] or 0), float(row[4] or 0.0), float(row[5] or 0.0))
    if "clv_pred" in customers.columns:
        more["customer_equity"] = _equity(out)
    return out, loyalty_with_equity_settings(summary, more, clv), kept


def _promotion(engine, as_of):
    """customer_promotion.sql with :func:`crm_core.loyalty.promotion.promotion_columns` on each batch."""
    def batch(batches):
        for pdf in batches:
            yield promotion_columns(pdf, PROMO_DRIVEN_SHARE)[["customer_id", "orders", "discounted_orders", "promo_share",
                                                              "revenue", "discount_total", "promotion_driven"]]
    return engine.frame("customer_promotion", as_of=as_of).mapInPandas(
        batch, "customer_id string, orders bigint, discounted_orders bigint, promo_share double, revenue double, "
               "discount_total double, promotion_driven boolean")


def _equity(out) -> dict:
    """:func:`crm_core.loyalty.equity.equity_summary` of ``clv_pred`` by tier and by quadrant, from aggregates."""
    from pyspark.sql import functions as F

    finite = F.col("clv_pred").isNotNull() & ~F.isnan("clv_pred") & (F.abs(F.col("clv_pred")) != float("inf"))
    ok = F.when(finite, 1).otherwise(0)
    clv = F.when(finite, F.col("clv_pred")).otherwise(0.0)
    base = out.agg(F.count("*"), F.sum(ok), F.sum(clv)).first()
    customers, predicted, total = int(base[0]), int(base[1] or 0), float(base[2] or 0.0)
    result = {"total": total, "customers": customers, "predicted": predicted, "not_predicted": customers - predicted,
              "horizon": None, "time_unit": None, "discount_rate_per_period": None, "margin": None, "by": {}}
    # the DuckDB engine's order (customer_equity): a categorical's categories (the quadrants), else the labels sorted
    for name, col, order in (("tier", "tier", None), ("quadrant", "loyalty_quadrant", list(QUADRANTS))):
        label = F.coalesce(F.col(col).cast("string"), F.lit(UNASSIGNED))
        rows = out.groupBy(label.alias("group")).agg(F.count("*").alias("customers"), F.sum(ok).alias("predicted"),
                                                      F.sum(clv).alias("equity")).collect()
        stats = pd.DataFrame([r.asDict() for r in rows], columns=["group", "customers", "predicted", "equity"])
        stats = stats.set_index("group")
        if order is None:
            order = sorted(g for g in stats.index if g != UNASSIGNED)
        groups = list(order) + ([UNASSIGNED] if UNASSIGNED in stats.index else [])
        result["by"][name] = equity_rows(equity_table_from_stats(stats, groups, total))
    return result


def loyalty_summary_frame(engine, as_of, period: str = DEFAULT_PERIOD, window_days: int = DEFAULT_WINDOW_DAYS) -> dict:
    """:func:`crm_core.loyalty.loyalty_summary` on the cluster: the retention table (one row per period) on the
    driver; the repeat-purchase counts of :func:`crm_core.loyalty.measures.sequence_counts` per batch, summed; the
    quartiles of the days to the second order by exact ``percentile``."""
    from pyspark.sql import functions as F

    retention = retention_by_period(engine, as_of, period)
    seq = engine.frame("customer_order_sequence", as_of=as_of)

    def counts(batches):
        for pdf in batches:
            for col in ("first_order_day", "second_order_day"):
                pdf[col] = pd.to_datetime(pdf[col])
            yield pd.DataFrame([sequence_counts(pdf, as_of, window_days)])

    schema = ", ".join(f"{k} {'double' if k.endswith('value') else 'bigint'}" for k in _COUNTS)
    row = seq.mapInPandas(counts, schema).agg(*[F.sum(k).alias(k) for k in _COUNTS]).first()
    totals = {k: (row[k] if row[k] is not None else 0) for k in _COUNTS}
    gap = F.datediff(F.col("second_order_day"), F.col("first_order_day")).cast("double")
    q = seq.where(F.col("second_order_day").isNotNull()).agg(
        F.count("*").alias("n"), F.percentile(gap, F.array(*[F.lit(p) for p in (0.25, 0.5, 0.75)])).alias("q")).first()
    quartiles = [float(x) for x in q["q"]] if q["n"] else [float("nan")] * 3
    tts = {"customers": int(q["n"]), "p25": quartiles[0], "median": quartiles[1], "p75": quartiles[2]}
    return summary_from_counts(retention, period, window_days, totals, tts)
