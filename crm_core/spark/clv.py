"""BG/NBD + Gamma-Gamma CLV on Spark: the fits on the driver from the customers' distinct patterns, the
predictions on the cluster — the numbers of :func:`crm_core.customer_report.predicted_clv`.

- **BG/NBD** needs (frequency x, recency t_x, T) per customer; customers with the same triple add the same term
  to the log-likelihood, so the cluster sends the distinct triples with their counts and
  :meth:`crm_core.clv.bgnbd.BetaGeo.fit` fits them with ``weights`` (it merges identical rows itself, so the
  fit is the one of the per-customer rows). Day-stamped data in weeks give a bounded number of triples.
- **Gamma-Gamma** needs (x, mean repeat spend): the distinct pairs with their counts, fitted with ``weights``.
  Spend is continuous, so the pairs are about one per repeat customer.
- Either set of patterns beyond :data:`DRIVER_MAX_PATTERNS` rows is refused, with the count (a sampled fit is
  not implemented: it would not give the DuckDB engine's parameters).
- **predictions**: :func:`crm_core.clv.customer_value.predict_customers` with the fitted models in
  ``mapInPandas`` (each customer's formula needs only their own row).
- **holdout check** (``--calibration-end``, :func:`holdout_on_spark`): the DuckDB report's
  :func:`crm_core.clv.holdout.holdout_check` — BG/NBD fitted on the CustomerTable as of the calibration end, each
  calibration customer's holdout purchase days = frequency at the as-of date − frequency at calibration — from
  the distinct (x, t_x, T, holdout purchases) rows and their counts (``compare_holdout``'s weights).
"""

from __future__ import annotations

from ..clv.bgnbd import BetaGeo
from ..clv.customer_value import FittedBTYD, predict_customers
from ..clv.gamma_gamma import GammaGamma
from ..clv.holdout import compare_holdout, holdout_length
from ..customer_report import PREDICTION_COLUMNS, clv_fit_summary, clv_settings, holdout_summary, prediction_columns
from ..errors import InvalidInputError

DRIVER_MAX_PATTERNS = 5_000_000  # distinct (x, t_x, T) or (x, spend) rows the fits may collect to the driver


def _patterns(customers, columns: list[str], model: str):
    from pyspark.sql import functions as F

    grouped = customers.groupBy(*columns).agg(F.count("*").alias("customers"))
    patterns = grouped.limit(DRIVER_MAX_PATTERNS + 1).toPandas()  # one job; one row too many says "too many"
    rows = len(patterns)
    if rows > DRIVER_MAX_PATTERNS:
        rows = grouped.count()
        raise InvalidInputError("customers", columns, reason=(
            f"the {model} fit needs the distinct ({', '.join(columns)}) rows on the driver: {rows:,} > "
            f"{DRIVER_MAX_PATTERNS:,} (crm_core.spark.clv.DRIVER_MAX_PATTERNS); use --time-unit week or month "
            "(fewer distinct recencies), or the DuckDB engine"),
            reason_zh=f"{model} 拟合需要在驱动端汇总不同的 ({', '.join(columns)}) 组合：{rows:,} 行，超过上限 "
                      f"{DRIVER_MAX_PATTERNS:,}")
    return patterns, rows


def fit_on_patterns(customers, time_unit: str) -> tuple[FittedBTYD, dict]:
    """Both fits from the distinct patterns of the CustomerTable frame ``customers``; and the pattern counts."""
    bg, n_bg = _patterns(customers, ["frequency", "recency", "T"], "BG/NBD")
    purchases = BetaGeo(time_unit=time_unit).fit(bg["frequency"], bg["recency"], bg["T"], weights=bg["customers"])
    gg, n_gg = _patterns(customers, ["frequency", "mean_repeat_spend"], "Gamma-Gamma")
    spend = GammaGamma().fit(gg["frequency"], gg["mean_repeat_spend"], weights=gg["customers"])
    return FittedBTYD(purchases, spend, time_unit), {"bgnbd": n_bg, "gamma_gamma": n_gg}


def _predictor(fitted: FittedBTYD, horizon: int, rate: float):
    def predict(batches):
        for pdf in batches:
            pred = predict_customers(pdf, fitted, horizon=horizon, discount_rate=rate)
            for col, values in prediction_columns(pred).items():
                pdf[col] = values
            yield pdf
    return predict


def clv_frame(customers, settings):
    """The Spark twin of :func:`crm_core.customer_report.predicted_clv`: (customers + ``PREDICTION_COLUMNS``,
    the summary's ``clv`` with ``driver_patterns``). A fit that cannot be made leaves the columns NULL and says
    why in ``clv.error``, as the DuckDB engine does. The holdout check (``settings.calibration_end``) is
    :func:`holdout_on_spark`, run by the report after this fit succeeded (as the DuckDB engine does)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import DoubleType, StructField, StructType

    clv = clv_settings(settings)
    try:
        fitted, patterns = fit_on_patterns(customers, settings.time_unit)
    except InvalidInputError as err:
        clv["error"] = str(err)
        return customers.select("*", *[F.lit(None).cast("double").alias(c) for c in PREDICTION_COLUMNS]), clv
    clv.update(clv_fit_summary(fitted))
    clv["driver_patterns"] = patterns
    schema = StructType(list(customers.schema.fields) + [StructField(c, DoubleType()) for c in PREDICTION_COLUMNS])
    return customers.mapInPandas(_predictor(fitted, settings.horizon, clv["discount_rate"]), schema), clv


def holdout_on_spark(calibration, at_end, *, calibration_end, holdout_end, time_unit: str) -> dict:
    """The summary's ``clv.holdout`` from two CustomerTable frames of one ingest, as of ``calibration_end`` and
    as of ``holdout_end`` (the report's as-of date) — the numbers of the DuckDB report's ``holdout_check(...,
    cumulative=False)``.

    A calibration customer's holdout purchases = ``frequency`` at the holdout end − at calibration [purchase
    days] (:func:`crm_core.clv.holdout.holdout_purchases`); customers who first bought in the holdout are left
    out. The cluster sends the distinct (frequency, recency, T, holdout purchases) rows with their counts; BG/NBD is
    fitted on them with ``weights`` (the fit of the per-customer rows) and ``compare_holdout`` weighs each row by
    its customers."""
    from pyspark.sql import functions as F

    length = holdout_length(calibration_end, holdout_end, time_unit)
    ends = at_end.select("customer_id", F.col("frequency").alias("_frequency_at_end"))
    joined = (calibration.select("customer_id", "frequency", "recency", "T").join(ends, "customer_id", "left")
              .select("customer_id", "frequency", "recency", "T",
                      (F.col("_frequency_at_end") - F.col("frequency")).alias("holdout_purchases")))
    rows, _ = _patterns(joined, ["frequency", "recency", "T", "holdout_purchases"], "holdout check")
    wrong = rows["holdout_purchases"].isna() | (rows["holdout_purchases"] < 0)
    if wrong.any():  # not from one ingest: the DuckDB engine's holdout_purchases refuses it too
        bad = joined.where(F.col("holdout_purchases").isNull() | (F.col("holdout_purchases") < 0)).limit(10)
        raise InvalidInputError("customers", "customer_id", rows=[r[0] for r in bad.select("customer_id").collect()],
                                reason="calibration customers missing from, or with fewer purchase days in, the "
                                       "table at the holdout end: the two tables must come from one ingest",
                                reason_zh="校准期客户在验证期末的客户表中缺失或购买天数变少：两张表必须来自同一次导入")
    fit_rows = rows.groupby(["frequency", "recency", "T"], as_index=False)["customers"].sum()
    model = BetaGeo(time_unit=time_unit).fit(fit_rows["frequency"], fit_rows["recency"], fit_rows["T"],
                                              weights=fit_rows["customers"])
    _, errors = compare_holdout(rows, rows["holdout_purchases"], model, holdout_length=length,
                                weights=rows["customers"])
    return holdout_summary(calibration_end, holdout_end, errors)
