"""The per-customer report — every view's columns for every customer as of a date, and the summary — shared by
the command line's ``report`` and ``profile`` and by the app's customer profile, so that all three give the same
numbers.

Columns (``customers``): the CustomerTable (:mod:`.customers`), the pyramid tier, the RFM scores, code, segment
and Chinese class, the BG/NBD + Gamma-Gamma predictions (p_alive, expected_purchases, expected_spend, clv_pred),
the lifecycle stage and the rule that decided it, churn_prob, and the loyalty columns (loyalty_score,
loyalty_quadrant, ladder_rung, regularity; promo_share with a discount column). Each view with its defaults
unless :class:`ReportSettings` says otherwise.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from .churn import churn_report
from .clv.customer_value import PERIODS_PER_YEAR, default_rate, fit_btyd, predict_customers
from .clv.gamma_gamma import METHOD_POOLED_MEAN
from .clv.holdout import holdout_check
from .customers import customer_table
from .errors import InvalidInputError
from .ingest import IngestReport
from .lifecycle import DEFAULT_THRESHOLDS, RULES, customer_stages, gap_ceilings, stage_counts
from .loyalty import DEFAULT_PERIOD, DEFAULT_WINDOW_DAYS, loyalty_summary
from .loyalty.behaviour import customer_behaviour
from .loyalty.equity import equity_summary
from .loyalty.profile import loyalty_profile, profile_summary
from .loyalty.promotion import customer_promotion, promotion_summary
from .loyalty.referrals import referral_counts
from .progress import Progress, tell
from .pyramid import DEFAULT_CUTS, assign_tiers, pareto, tier_table
from .rfm import CLASS8_NAMES_ZH, score_rfm, segment_table
from .store import Store
from .value import PREDICTED_METRIC, available_metrics, customer_value


@dataclass(frozen=True)
class ReportSettings:
    """The report's settings (the command line's options of the same names; the app's defaults)."""

    time_unit: str = "week"  # of the BTYD columns recency and T
    horizon: int = 52  # CLV horizon [periods of time_unit]
    discount_rate: float | None = None  # per period of time_unit; None: 10 % a year (the CLV page's default)
    calibration_end: dt.date | None = None  # also check BG/NBD on a holdout ending at the as-of date
    rfm_monetary: str = "total"
    churn_horizon: int | None = None  # days; None: from the data's repurchase gaps
    retention_period: str = DEFAULT_PERIOD
    second_purchase_days: int = DEFAULT_WINDOW_DAYS
    value_metric: str | None = None  # the pyramid's: profit / net_revenue / clv_pred; None: profit if known, else revenue
    pyramid_cuts: tuple[float, float, float] = DEFAULT_CUTS  # cumulative customer shares closing VIP, major, ordinary


def customer_report(store: Store, report: IngestReport, as_of: dt.date,
                    settings: ReportSettings = ReportSettings(), *,
                    progress: Progress | None = None) -> tuple[pd.DataFrame, dict]:
    """Every customer with an order before ``as_of`` with every view's columns, and the summary (``summary.json``:
    the tier table, RFM tables and cut points, the CLV fit, lifecycle counts, the churn model's validation and
    the loyalty measures). A model the data cannot support leaves its columns empty and says why in the
    summary (``clv.error``, ``churn.error``); the rest is still computed. ``progress`` is told each stage of
    :data:`crm_core.progress.REPORT_STAGES` as it starts."""
    tell(progress, "customers")
    table = customer_table(store, as_of, time_unit=settings.time_unit)
    tell(progress, "clv")
    predicted, clv = predicted_clv(store, table, settings, as_of)  # first: the pyramid may rank by predicted CLV
    metric = settings.value_metric
    if metric == PREDICTED_METRIC and "error" in clv:  # nothing to rank by: the default metric, and why
        metric = None
    tell(progress, "segments")
    customers, summary = segment_customers(predicted if metric == PREDICTED_METRIC else table,
                                           has_profit=report.has_profit, monetary=settings.rfm_monetary,
                                           metric=metric, cuts=settings.pyramid_cuts)
    if settings.value_metric == PREDICTED_METRIC and metric is None:
        summary["pyramid"]["value_metric_note"] = f"predicted CLV could not be fitted ({clv['error']})"
    customers = customers.drop(columns=PREDICTION_COLUMNS, errors="ignore").join(predicted[PREDICTION_COLUMNS])
    tell(progress, "lifecycle")
    customers, lifecycle = lifecycle_stages(store, customers, as_of)
    tell(progress, "churn")
    customers, churn = churn_risk(store, customers, settings, as_of)
    tell(progress, "loyalty")
    loyalty = loyalty_summary(store, as_of, settings.retention_period, settings.second_purchase_days)
    customers, loyalty_more = loyalty_columns(store, customers, as_of, has_profit=report.has_profit)
    loyalty = loyalty_with_equity_settings(loyalty, loyalty_more, clv)
    summary = {"as_of": as_of.isoformat(), "dataset": report.source_name, "currency": report.currency,
               "customers": len(customers), **summary, "clv": clv, "lifecycle": lifecycle, "churn": churn,
               "loyalty": loyalty}
    return customers, summary


def segment_customers(customers, *, has_profit: bool, monetary: str = "total", metric: str | None = None,
                      cuts: tuple[float, float, float] = DEFAULT_CUTS):
    """CustomerTable + tier and RFM columns, and the summary's tier table, segment tables and cut points.

    ``metric``: the value the pyramid ranks by (None: the default, profit when the data has cost or margin, else
    net revenue; ``clv_pred`` needs that column in ``customers``); ``cuts``: the pyramid's cumulative shares.
    """
    metric = chosen_metric(customers.columns, metric, has_profit=has_profit)
    value = customer_value(customers, metric)
    tiers = assign_tiers(customers["customer_id"], value, cuts)
    scores, rfm_cuts = score_rfm(customers, monetary=monetary)
    out = customers.copy()
    out["tier"] = tiers
    for col in ("r_score", "f_score", "m_score", "rfm_code", "rfm_segment"):
        out[col] = scores[col]
    out["rfm_class8"] = scores["rfm_class8"].map(CLASS8_NAMES_ZH)
    p = pareto(value)
    summary = {
        "pyramid": {"value_metric": metric, "cuts": [float(c) for c in cuts], "gini": p.gini,
                    "profit_unknown_customers": int(value.isna().sum()),  # tier "unknown": a blank cost
                    "top_20pct_value_share": p.top_share(0.2),
                    "tiers": tier_table(customers, tiers, value).to_dict(orient="records")},
        "rfm": {"monetary": monetary, "cut_points": rfm_cuts.as_dict(),
                "segments": segment_table(scores, "rfm_segment").to_dict(orient="records"),
                "classes8": segment_table(scores, "rfm_class8").assign(
                    name_zh=lambda t: t["segment"].map(CLASS8_NAMES_ZH)).to_dict(orient="records")},
    }
    return out, summary


def chosen_metric(columns, metric: str | None, *, has_profit: bool) -> str:
    """The pyramid's value metric for a customer table with ``columns``: ``metric``, or the default when None
    (profit when the data has cost or margin, else net revenue); a metric the table cannot give is refused."""
    allowed = available_metrics(pd.DataFrame(columns=list(columns)), has_profit=has_profit)
    if metric is None:
        return allowed[0]
    if metric not in allowed:
        raise InvalidInputError("parameters", "value_metric", reason=(
            f"{metric!r} cannot be used for this data; choose one of: {', '.join(allowed)}"))
    return metric


PREDICTION_COLUMNS = ["p_alive", "expected_purchases", "expected_spend", "clv_pred"]


def predicted_clv(store, customers, settings: ReportSettings, as_of):
    """CustomerTable + p_alive, expected_purchases, expected_spend, clv_pred; and the summary's ``clv`` object.

    A fit that cannot be made (too few repeat buyers, no convergence) leaves the columns empty and puts
    the reason in ``clv.error``: the rest of the report is still written.
    """
    clv = clv_settings(settings)
    out = customers.copy()
    try:
        fitted = fit_btyd(customers, time_unit=settings.time_unit)
        pred = predict_customers(customers, fitted, horizon=settings.horizon, discount_rate=clv["discount_rate"])
    except InvalidInputError as err:
        for col in PREDICTION_COLUMNS:
            out[col] = float("nan")
        clv["error"] = str(err)
        return out, clv
    for col, values in prediction_columns(pred).items():
        out[col] = values
    clv.update(clv_fit_summary(fitted))
    if settings.calibration_end:
        check = holdout_check(store, calibration_as_of=settings.calibration_end, holdout_as_of=as_of,
                              time_unit=settings.time_unit, cumulative=False)
        clv["holdout"] = holdout_summary(settings.calibration_end, as_of, check.errors)
    return out, clv


def holdout_summary(calibration_end: dt.date, holdout_end: dt.date, errors: pd.DataFrame) -> dict:
    """The summary's ``clv.holdout``: both dates and the rows of :class:`crm_core.clv.holdout.HoldoutCheck`
    ``errors`` (model and naive: MAE, RMSE, totals [purchase days])."""
    return {"calibration_end": calibration_end.isoformat(), "holdout_end": holdout_end.isoformat(),
            "errors": errors.rename_axis("model").reset_index().to_dict(orient="records")}


def clv_settings(settings: ReportSettings) -> dict:
    """The start of the summary's ``clv``: time unit, horizon, the discount rate per period in force and why."""
    periods = PERIODS_PER_YEAR[settings.time_unit]
    rate = settings.discount_rate if settings.discount_rate is not None else default_rate(periods)
    return {"time_unit": settings.time_unit, "horizon": settings.horizon, "discount_rate": rate,
            "discount_rate_note": f"per {settings.time_unit}; default = 10 % a year compounded {periods} times a year "
                                  "(the CLV page's default)"}


def prediction_columns(pred: pd.DataFrame) -> dict[str, np.ndarray]:
    """The report's ``PREDICTION_COLUMNS`` from :func:`crm_core.clv.customer_value.predict_customers`' frame."""
    return {"p_alive": pred["p_alive"].to_numpy(), "expected_purchases": pred["expected_purchases"].to_numpy(),
            "expected_spend": pred["expected_spend"].to_numpy(), "clv_pred": pred["clv_expected"].to_numpy()}


def clv_fit_summary(fitted) -> dict:
    """The fitted parameters of the summary's ``clv``: BG/NBD r, α, a, b and log-likelihood; Gamma-Gamma p, q,
    γ (None when not finite), how expected spends were obtained and the population mean spend."""
    clv = {}
    bg, gg = fitted.purchases, fitted.spend
    clv["bgnbd"] = {**{k: float(v) for k, v in bg.params_.items()}, "log_likelihood": float(bg.log_likelihood_)}
    gp = gg.params_.to_dict()
    clv["gamma_gamma"] = {k: _finite_or_none(gp[name]) for k, name in (("p", "p"), ("q", "q"), ("gamma", "v"))}
    # how the expected spends were obtained: the fit, or its limit when spend does not differ between customers
    clv["spend_method"] = gg.method_
    clv["population_mean_spend"] = float(gg.population_mean_spend_)
    if gg.method_ == METHOD_POOLED_MEAN:
        clv["spend_note"] = gg.warnings_[0]
    return clv


def _finite_or_none(value: float) -> float | None:
    """A parameter for JSON: None when not finite (q = γ = ∞ and p unestimated in the pooled-mean limit)."""
    value = float(value)
    return value if math.isfinite(value) else None


def lifecycle_stages(store, customers, as_of):
    """CustomerTable + ``lifecycle_stage`` (an id of ``crm_core.lifecycle.STAGES``) and ``lifecycle_rule`` (the
    rule that decided it, a key of ``crm_core.lifecycle.RULES``, e.g. ``lost_ceiling``); the summary's
    ``lifecycle``, with the lost ceiling in force [days] (``lost_ceiling_days`` of the thresholds is None: it
    comes from the data, the ``lost_ceiling_percentile`` of the repurchase gaps before the as-of date).

    The default thresholds, without P(alive) — the lifecycle page's defaults.
    """
    stages = customer_stages(store, as_of, DEFAULT_THRESHOLDS).set_index("customer_id")
    out = customers.copy()
    out["lifecycle_stage"] = out["customer_id"].map(stages["stage"])
    out["lifecycle_rule"] = out["customer_id"].map(stages["rule"])
    ceiling = gap_ceilings(store, [as_of], DEFAULT_THRESHOLDS).iloc[0]
    rules = {r: int((stages["rule"] == r).sum()) for r in RULES}
    return out, lifecycle_summary(DEFAULT_THRESHOLDS, ceiling, stage_counts(stages), rules)


def lifecycle_summary(thresholds, ceiling: float, stages: dict[str, int], rules: dict[str, int]) -> dict:
    """The summary's ``lifecycle``: the thresholds, the lost ceiling in force [days; None: no repurchase gap],
    the customers per stage and per deciding rule."""
    return {"thresholds": asdict(thresholds), "uses_p_alive": False,
            "lost_ceiling_days": None if math.isnan(ceiling) else float(ceiling),
            "stage_counts": stages, "rule_counts": rules}


def loyalty_with_equity_settings(loyalty: dict, more: dict, clv: dict) -> dict:
    """The summary's ``loyalty``: the order-only measures, the profile's additions, and the customer equity's
    prediction settings — those of the ``clv`` object (horizon, time unit, discount rate; margin 1)."""
    if "customer_equity" in more:
        more["customer_equity"].update(horizon=clv["horizon"], time_unit=clv["time_unit"],
                                       discount_rate_per_period=clv["discount_rate"], margin=1.0)
    return {**loyalty, **more}


def loyalty_columns(store, customers, as_of, *, has_profit: bool):
    """CustomerTable + ``loyalty_score`` (0–1), ``loyalty_quadrant`` (``strangers``, ``butterflies``, ``barnacles``,
    ``true_friends``), ``ladder_rung`` (``first_time``, ``repeat``, ``client``; ``advocate`` with a referrer
    column), ``regularity`` (CV of the gaps between orders), and ``promo_share`` when a discount column is mapped;
    the summary's ``loyalty`` additions: the quadrant table and ladder counts (``crm_core.loyalty.profile``), the
    promotion summary, and ``customer_equity`` (Σ clv_pred, split by tier and by quadrant).

    The loyalty page's defaults: equal weights, median splits, client = 4 orders over 6 months; the value axis is
    the pyramid's value metric (profit when the data has cost or margin, else net revenue).
    """
    metric = available_metrics(customers, has_profit=has_profit)[0]
    value = customer_value(customers, metric).set_axis(customers["customer_id"].to_numpy())
    prof = loyalty_profile(customer_behaviour(store, as_of), value, referrals=referral_counts(store, as_of))
    prof = prof.set_index("customer_id")
    out = customers.copy()
    for col in ("loyalty_score", "loyalty_quadrant", "ladder_rung", "regularity"):
        out[col] = out["customer_id"].map(prof[col]).to_numpy()
    extra = {"value_metric": metric, **profile_summary(prof.reset_index())}
    promo = customer_promotion(store, as_of)
    if promo is not None:
        out["promo_share"] = out["customer_id"].map(promo.set_index("customer_id")["promo_share"]).to_numpy()
        extra["promotion"] = promotion_summary(promo)
    clv = out.set_index("customer_id")["clv_pred"] if "clv_pred" in out.columns else None
    if clv is not None:
        groupings = {"tier": out.set_index("customer_id")["tier"], "quadrant": prof["loyalty_quadrant"]}
        extra["customer_equity"] = equity_summary(clv, groupings)
    return out, extra


def churn_risk(store, customers, settings: ReportSettings, as_of):
    """CustomerTable + ``churn_prob`` (no order in the next H days after the as-of date); the summary's ``churn``.

    Data too short for the horizon, or a cutoff with one class only, leaves the column empty and puts the
    reason in ``churn.error``: the rest of the report is still written.
    """
    out = customers.copy()
    try:
        rep = churn_report(store, as_of, settings.churn_horizon)
    except InvalidInputError as err:
        out["churn_prob"] = float("nan")
        return out, {"horizon_days": settings.churn_horizon, "error": str(err)}
    out["churn_prob"] = out["customer_id"].map(rep.scores.set_index("customer_id")["churn_prob"])
    return out, churn_summary(rep.horizon_days, rep.settings, rep.validation)


def churn_summary(horizon_days: int, settings: dict, validation: pd.DataFrame) -> dict:
    """The summary's ``churn``: the horizon [days], the churn report's settings and its validation table."""
    validation = validation[["model", "roc_auc", "pr_auc", "brier", "top_decile_lift"]]
    validation = validation.astype(object).where(validation.notna(), None)  # NaN (a failed baseline) -> null
    return {"horizon_days": horizon_days, "settings": settings, "validation": validation.to_dict(orient="records")}
