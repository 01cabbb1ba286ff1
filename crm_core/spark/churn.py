"""Churn probability on Spark: the features and labels of every customer at the three cutoffs on the cluster
(``churn_features_labels.sql``), the models trained and validated on the driver by crm_core's own code
(:func:`crm_core.churn.report.fit_and_validate`) on at most :data:`DRIVER_SAMPLE_ROWS` customers per cutoff,
and every customer scored on the cluster (``mapInPandas`` with the retrained model) — the numbers of
:func:`crm_core.customer_report.churn_risk` whenever a cutoff has at most that many customers.

The sample: a customer is kept when ``xxhash64(customer_id, seed)`` falls in the first ``f`` of its range, with
``f`` = DRIVER_SAMPLE_ROWS / the customers at that cutoff — a deterministic, order-free choice (the same customers
whatever the partitioning; about ``f`` of them, not exactly). ``churn.settings.sample`` says how many of how many
were used at each cutoff; the scores are still computed for every customer.
"""

from __future__ import annotations

import pandas as pd

from ..churn.features import FEATURE_NAMES
from ..churn.horizon import default_horizon_from_gaps, make_timeline, repurchase_gaps
from ..churn.model import churn_probability
from ..churn.report import check_classes, churn_settings, fit_and_validate
from ..customer_report import churn_summary
from ..errors import InvalidInputError
from .engine import as_date

DRIVER_SAMPLE_ROWS = 500_000  # customers per cutoff that the models are trained and validated on (the driver)
SAMPLE_SEED = 42
_HASH_RANGE = 2 ** 63


def _typed(frame):
    """The features frame with churn_features_labels' types (float64 features, int64 window, bool churned)."""
    from pyspark.sql import functions as F

    cols = [F.col("cutoff"), F.col("customer_id")] + [F.col(n).cast("double").alias(n) for n in FEATURE_NAMES]
    cols += [F.col("purchases_in_window").cast("long").alias("purchases_in_window"),
             F.col("churned").cast("boolean").alias("churned")]
    return frame.select(*cols)


def driver_rows(frame, cutoff, total: int, limit: int = DRIVER_SAMPLE_ROWS, seed: int = SAMPLE_SEED
                ) -> tuple[pd.DataFrame, dict]:
    """The rows of one cutoff (``total`` of them) on the driver, as :func:`crm_core.churn.features.at_cutoff`
    gives them (sorted by customer_id, no cutoff column): all of them up to ``limit``, else the hash sample
    (module docstring); and ``{"customers": total, "used": rows returned}``."""
    from pyspark.sql import functions as F

    rows = frame.where(F.col("cutoff") == F.lit(cutoff))
    if total > limit:
        bound = int(_HASH_RANGE * (limit / total))
        rows = rows.where(F.abs(F.xxhash64(F.col("customer_id"), F.lit(seed))) < F.lit(bound))
    out = rows.drop("cutoff").toPandas().sort_values("customer_id", kind="stable").reset_index(drop=True)
    return out, {"customers": int(total), "used": len(out)}


def _scorer(model):
    def score(batches):
        for pdf in batches:
            yield pd.DataFrame({"customer_id": pdf["customer_id"], "churn_prob": churn_probability(model, pdf)})
    return score


def churn_frame(engine, customers, settings, as_of, *, limit: int = DRIVER_SAMPLE_ROWS, random_state: int = 0):
    """(customers + ``churn_prob``; the summary's ``churn``) — the Spark twin of
    :func:`crm_core.customer_report.churn_risk`. Data too short for the horizon, or a cutoff with one class
    only, leaves the column NULL and puts the reason in ``churn.error``, as there."""
    from pyspark.sql import functions as F

    try:
        gaps = repurchase_gaps(engine, as_of)
        horizon = settings.churn_horizon if settings.churn_horizon is not None else default_horizon_from_gaps(gaps, as_of)
        tl = make_timeline(engine, as_of, horizon, gaps=gaps)
        h = tl.horizon_days
        frame = engine.keep(_typed(engine.frame("churn_features_labels", cutoffs=[tl.train_cutoff, tl.eval_cutoff, as_of],
                                                recent_days=h, horizon_days=h)))
        counts = {as_date(r["cutoff"]): int(r["n"]) for r in frame.groupBy("cutoff").agg(F.count("*").alias("n")).collect()}
        train, n_train = driver_rows(frame, tl.train_cutoff, counts.get(tl.train_cutoff, 0), limit)
        check_classes(train, tl.train_cutoff, tl, "training")
        evaluation, n_eval = driver_rows(frame, tl.eval_cutoff, counts.get(tl.eval_cutoff, 0), limit)
        check_classes(evaluation, tl.eval_cutoff, tl, "evaluation")
    except InvalidInputError as err:
        out = customers.withColumn("churn_prob", F.lit(None).cast("double"))
        return out, {"horizon_days": settings.churn_horizon, "error": str(err)}
    fitted = fit_and_validate(tl, train, evaluation, random_state=random_state)
    current = frame.where(F.col("cutoff") == F.lit(as_of)).drop("cutoff")
    scores = current.mapInPandas(_scorer(fitted.final), "customer_id string, churn_prob double")
    rep_settings = churn_settings(tl, fitted.best, random_state, train=train, evaluation=evaluation,
                                  scored=counts.get(as_of, 0))
    rep_settings["sample"] = {"driver_sample_rows": limit, "train": n_train, "evaluation": n_eval,
                              "how": "all customers of a cutoff up to driver_sample_rows, else those whose "
                                     f"xxhash64(customer_id, {SAMPLE_SEED}) falls in that share of its range"}
    out = customers.join(scores, "customer_id", "left")
    return out, churn_summary(h, rep_settings, fitted.validation)
