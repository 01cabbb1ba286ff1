"""Lifecycle stages on Spark: ``repurchase_gap_ceilings.sql`` and ``customer_stages.sql`` — the queries of
:func:`crm_core.lifecycle.customer_stages` — transpiled and run on the cluster; the numbers of
:func:`crm_core.customer_report.lifecycle_stages`. Only the stage counts come to the driver."""

from __future__ import annotations

from ..customer_report import lifecycle_summary
from ..lifecycle import DEFAULT_THRESHOLDS, RULE_STAGE_CODES, RULES, STAGES, gap_ceilings, stage_rule_params


def lifecycle_frame(engine, customers, as_of, thresholds=DEFAULT_THRESHOLDS):
    """(customers + ``lifecycle_stage``, ``lifecycle_rule``; the summary's ``lifecycle``) — the default
    thresholds without P(alive), as the DuckDB engine's report."""
    from pyspark.sql import functions as F

    ceilings = gap_ceilings(engine, [as_of], thresholds)  # one row: the driver
    empty = engine.spark.createDataFrame([], "customer_id string, p_alive double")
    got = engine.frame_with("customer_stages", {"stage_p_alive": empty}, **stage_rule_params(thresholds, ceilings))
    stage_of_code = F.array(*[F.lit(STAGES[c]) for c in RULE_STAGE_CODES])
    rule_of_code = F.array(*[F.lit(r) for r in RULES])
    stages = got.select("customer_id", stage_of_code[F.col("rule_code")].alias("lifecycle_stage"),
                        rule_of_code[F.col("rule_code")].alias("lifecycle_rule"))
    stages = engine.keep(stages)  # counted here, joined below: computed once
    out = customers.join(stages, "customer_id", "left")
    counts = {(r["lifecycle_stage"], r["lifecycle_rule"]): int(r["n"])
              for r in stages.groupBy("lifecycle_stage", "lifecycle_rule").agg(F.count("*").alias("n")).collect()}
    stage_counts = {s: sum(n for (st, _), n in counts.items() if st == s) for s in STAGES}
    rule_counts = {r: sum(n for (_, ru), n in counts.items() if ru == r) for r in RULES}
    return out, lifecycle_summary(thresholds, float(ceilings.iloc[0]), stage_counts, rule_counts)
