"""The whole churn analysis for one as-of date: train, validate out of time against the baselines, score.

This module owns the order of the steps (the timeline of :mod:`.horizon`) and the :class:`ChurnReport` they
produce; each step is another module's function. Steps, for as-of date D and horizon H:

1. features at c0 = D − 2H, c1 = D − H and D (:mod:`.features`) and labels at c0 and c1 (:mod:`.labels`),
   all from one query (``sql/churn_features_labels.sql``: the lines are read once for the order structure and
   once for the money sums, for every cutoff at once);
2. each scikit-learn model (:mod:`.model`) is trained at c0 and evaluated at c1, next to the recency rule
   (trained at c0) and BG/NBD's 1 − P(alive) (fitted on the history before c1) (:mod:`.baselines`);
3. the scikit-learn model with the best validation ROC AUC is retrained at c1 (labels end at D) and scores the
   features at D: ``churn_prob`` = P(no purchase in [D, D + H)).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InvalidInputError
from ..store import Store
from .baselines import BASELINE_NAMES, RecencyRule, bgnbd_churn_probability
from .features import FEATURE_NAMES, FEATURES, at_cutoff, churn_features_labels
from .horizon import MIN_HISTORY_DAYS, Timeline, default_horizon_from_gaps, make_timeline, repurchase_gaps
from .metrics import METRICS, calibration_table, evaluate, roc_points
from .model import MODEL_NAMES, churn_probability, feature_importance, fit_model, model_settings

# Each label class must hold at least this many customers at both cutoffs (both classes are needed to
# learn anything, and a handful of one class gives meaningless metrics). Our own floor.
MIN_CLASS_CUSTOMERS = 10

# (fraction done when the step starts, step id) — for a progress bar; the UI has a label per step id.
STEPS = (
    (0.00, "timeline"), (0.05, "features"), (0.35, "train"), (0.55, "bgnbd"), (0.70, "validate"),
    (0.85, "retrain"), (0.95, "score"),
)

Progress = Callable[[float, str], None]


@dataclass
class ChurnReport:
    """Result of :func:`churn_report`.

    Attributes
    ----------
    horizon_days : H [days].
    settings : the models and their hyper-parameters, the cutoffs (ISO dates), features, population,
        the scoring model and the churn rates at each cutoff (JSON-serialisable).
    validation : one row per model (``MODEL_NAMES`` then ``BASELINE_NAMES``): ``model``, ``roc_auc``,
        ``pr_auc``, ``brier``, ``top_decile_lift``, ``note`` — all measured at c1 on labels in [c1, D).
    scores : ``customer_id``, ``churn_prob`` for every customer with a purchase before D, sorted by id.
    calibration : ``model``, ``mean_predicted``, ``observed_rate`` (10 quantile bins per model, at c1).
    roc : ``model``, ``fpr``, ``tpr`` (101 points per model, at c1).
    importance : ``feature``, ``importance`` [ROC AUC drop], ``importance_std``, ``direction`` (±1, 0)
        of the scoring model, measured at c1.
    timings : seconds per step.
    """

    horizon_days: int
    settings: dict
    validation: pd.DataFrame
    scores: pd.DataFrame
    calibration: pd.DataFrame
    roc: pd.DataFrame
    importance: pd.DataFrame
    timings: dict = field(default_factory=dict)

    @property
    def scoring_model(self) -> str:
        return self.settings["scoring_model"]


WHICH_ZH = {"training": "训练", "evaluation": "评估"}


def check_classes(frame: pd.DataFrame, cutoff: dt.date, tl: Timeline, which: str) -> None:
    """Refuse a cutoff whose label classes have fewer than MIN_CLASS_CUSTOMERS customers (which, why, what to do)."""
    churned = int(frame["churned"].sum())
    stayed = len(frame) - churned
    if min(churned, stayed) >= MIN_CLASS_CUSTOMERS:
        return
    end = cutoff + dt.timedelta(days=tl.horizon_days)
    if stayed < MIN_CLASS_CUSTOMERS:
        what = (f"only {stayed} of the {len(frame):,} customers who had bought before the {which} cutoff {cutoff} "
                f"bought again in [{cutoff}, {end})")
        fix = "choose a longer horizon or a later as-of date"
        what_zh = (f"在{WHICH_ZH.get(which, which)}截止日 {cutoff} 之前有购买的 {len(frame):,} 位客户中，"
                   f"只有 {stayed} 位在 [{cutoff}, {end}) 内再次购买")
        fix_zh = "请选择更长的流失观察期，或更晚的分析基准日"
    else:
        what = (f"only {churned} of the {len(frame):,} customers who had bought before the {which} cutoff {cutoff} "
                f"made no purchase in [{cutoff}, {end})")
        fix = "choose a shorter horizon or an earlier as-of date"
        what_zh = (f"在{WHICH_ZH.get(which, which)}截止日 {cutoff} 之前有购买的 {len(frame):,} 位客户中，"
                   f"只有 {churned} 位在 [{cutoff}, {end}) 内没有购买")
        fix_zh = "请选择更短的流失观察期，或更早的分析基准日"
    raise InvalidInputError("parameters", "horizon_days", reason=(
        f"with a horizon of {tl.horizon_days} days {what}; each class needs at least {MIN_CLASS_CUSTOMERS} "
        f"customers to learn from; {fix}"), reason_zh=(
        f"流失观察期为 {tl.horizon_days} 天时，{what_zh}；流失和留存两类客户各至少需要 {MIN_CLASS_CUSTOMERS} 位"
        f"才能训练模型；{fix_zh}"))


def churn_report(store: Store, as_of: dt.date, horizon_days: int | None = None, *, random_state: int = 0,
                 progress: Progress | None = None) -> ChurnReport:
    """Train, validate and score the churn models for ``as_of`` (see the module docstring).

    Parameters
    ----------
    store : the dataset's store.
    as_of : the as-of date D [date]; lines dated before it count.
    horizon_days : H [days]; default :func:`.horizon.default_horizon_days`.
    random_state : seed of every random choice (early-stopping split, importance shuffles).
    progress : optional ``progress(fraction, step)`` called as each step starts and ends (fraction 0..1,
        step one of the ids in ``STEPS``, and ``"done"`` at 1.0).

    Raises
    ------
    InvalidInputError
        When the history is too short for c0 = D − 2H (which parameter, why, what to choose instead), or a
        label class has fewer than ``MIN_CLASS_CUSTOMERS`` customers at c0 or c1.
    """
    timings: dict[str, float] = {}
    clock = [time.perf_counter()]
    fractions = dict((s, f) for f, s in STEPS)

    def step(name: str, *, end: bool = False) -> None:
        now = time.perf_counter()
        if end:
            timings[name] = round(now - clock[0], 3)
        clock[0] = now
        if progress is not None:
            nxt = [f for f, _ in STEPS if f > fractions[name]]
            progress(nxt[0] if (end and nxt) else (1.0 if end else fractions[name]), name)

    step("timeline")
    gaps = repurchase_gaps(store, as_of)
    if horizon_days is None:
        horizon_days = default_horizon_from_gaps(gaps, as_of)
    tl = make_timeline(store, as_of, horizon_days, gaps=gaps)
    h = tl.horizon_days
    step("timeline", end=True)

    step("features")
    # one query for the three cutoffs; the labels at D (window [D, D + H)) are not used
    frame = churn_features_labels(store, [tl.train_cutoff, tl.eval_cutoff, as_of], h, h)
    train = at_cutoff(frame, tl.train_cutoff)
    check_classes(train, tl.train_cutoff, tl, "training")
    evaluation = at_cutoff(frame, tl.eval_cutoff)
    check_classes(evaluation, tl.eval_cutoff, tl, "evaluation")
    current = at_cutoff(frame, as_of)
    del frame
    step("features", end=True)

    fitted = fit_and_validate(tl, train, evaluation, random_state=random_state, step=step)

    step("score")
    scores = pd.DataFrame({"customer_id": current["customer_id"].to_numpy(),
                           "churn_prob": churn_probability(fitted.final, current)})
    step("score", end=True)
    if progress is not None:
        progress(1.0, "done")
    settings = churn_settings(tl, fitted.best, random_state, train=train, evaluation=evaluation, scored=len(scores))
    return ChurnReport(h, settings, fitted.validation, scores, fitted.calibration, fitted.roc, fitted.importance, timings)


@dataclass
class FittedChurn:
    """What :func:`fit_and_validate` gives: the validation table, calibration and ROC points at c1, the scoring
    model's name and feature importance, and that model retrained at c1 (``final``, it scores the features at D)."""

    validation: pd.DataFrame
    calibration: pd.DataFrame
    roc: pd.DataFrame
    importance: pd.DataFrame
    best: str
    final: object


def fit_and_validate(tl: Timeline, train: pd.DataFrame, evaluation: pd.DataFrame, *, random_state: int = 0,
                     step: Callable | None = None) -> FittedChurn:
    """Steps 2 and 3 of the module docstring up to the retrained model: each model trained on ``train`` (the
    features and labels at c0) and validated on ``evaluation`` (at c1) beside the baselines; the best by ROC AUC
    retrained on ``evaluation``. ``step(name, end=False)`` is told each step (timings, progress). The same code
    for both engines (the Spark engine passes the rows it brought to the driver, :mod:`crm_core.spark.churn`)."""
    def noop(name, *, end=False):
        return None
    step = step or noop
    step("train")
    # The fits depend on nothing of each other: each model and the BG/NBD baseline in its own thread. The gradient
    # boosting runs its OpenMP threads; the logistic regression's L-BFGS and BG/NBD's likelihood are numpy and
    # Cython loops over whole arrays that let the GIL go, so they fill the cores the trees leave idle (at 1M
    # customers the three fits take 7.5–8.8 s together against 10.2 s one after the other, bench/README.md). Each
    # fit is deterministic: the same models and numbers as in sequence. "bgnbd" is then the wait for that thread.
    with ThreadPoolExecutor(max_workers=len(MODEL_NAMES) + 1) as pool:
        bg_fit = pool.submit(bgnbd_churn_probability, evaluation)
        fits = {name: pool.submit(fit_model, name, train, train["churned"], random_state=random_state)
                for name in MODEL_NAMES}
        recency = RecencyRule().fit(train["days_since_last_order"], train["churned"])
        models = {name: fit.result() for name, fit in fits.items()}
        step("train", end=True)

        step("bgnbd")
        bg_prob, bg_note = bg_fit.result()
        step("bgnbd", end=True)

    step("validate")
    y_eval = evaluation["churned"].to_numpy(dtype=int)
    probs = {name: churn_probability(m, evaluation) for name, m in models.items()}
    probs["bgnbd_p_alive"] = bg_prob
    probs["recency_rule"] = recency.predict_proba(evaluation["days_since_last_order"])
    names = (*MODEL_NAMES, *BASELINE_NAMES)
    scored = {name: np.isfinite(probs[name]) for name in names}  # the customers each model scores
    bg_ok = scored["bgnbd_p_alive"]
    if bg_ok.any() and not bg_ok.all():
        bg_note = bg_note or f"{int((~bg_ok).sum())} customer(s) without a BG/NBD score left out"

    def measured(name: str):
        ok, p = scored[name], probs[name]
        note = bg_note if name == "bgnbd_p_alive" else ""
        if not ok.any():
            return {"model": name, **dict.fromkeys(METRICS, float("nan")), "note": note}, None, None
        return ({"model": name, **evaluate(y_eval[ok], p[ok]), "note": note},
                calibration_table(y_eval[ok], p[ok]).assign(model=name), roc_points(y_eval[ok], p[ok]).assign(model=name))

    # each model's metrics and curves in a thread: numpy's sorts of ~1M scores let the GIL go (at 1M customers
    # 3.0 s -> 1.6-1.8 s for three models, the same figures: bench/README.md)
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        results = list(pool.map(measured, names))
    rows = [row for row, _, _ in results]
    calib = [c for _, c, _ in results if c is not None]
    roc = [r for _, _, r in results if r is not None]
    validation = pd.DataFrame(rows, columns=["model", *METRICS, "note"])
    best = validation[validation["model"].isin(MODEL_NAMES)].sort_values(
        "roc_auc", ascending=False, kind="stable")["model"].iloc[0]
    importance = feature_importance(models[best], evaluation, y_eval, random_state=random_state)
    step("validate", end=True)

    step("retrain")
    final = fit_model(best, evaluation, y_eval, random_state=random_state)
    step("retrain", end=True)
    return FittedChurn(validation, pd.concat(calib, ignore_index=True), pd.concat(roc, ignore_index=True),
                       importance, best, final)


def churn_settings(tl: Timeline, best: str, random_state: int, *, train: pd.DataFrame, evaluation: pd.DataFrame,
                   scored: int) -> dict:
    """:attr:`ChurnReport.settings` (JSON-serialisable): the timeline, label, population, features, models,
    baselines, the scoring model, customers at each step and the churn rates at c0 and c1."""
    h = tl.horizon_days
    return {
        "timeline": tl.as_dict(),
        "label": f"churned = no purchase (a line with amount >= 0) in the {h} days after the cutoff",
        "population": "every customer with a purchase before the cutoff (no further filter)",
        "features": {name: {"unit": unit, "meaning": meaning} for name, (unit, meaning) in FEATURES.items()},
        "models": model_settings(),
        "baselines": {"recency_rule": "logistic regression on log(1 + days since last order), fitted at c0",
                      "bgnbd_p_alive": "1 - P(alive), BG/NBD (weeks) fitted on the CustomerTable at c1"},
        "scoring_model": best,
        "scoring": "the scoring model retrained at c1 (labels [c1, D)) scores the features before D",
        "min_history_days": MIN_HISTORY_DAYS,
        "min_class_customers": MIN_CLASS_CUSTOMERS,
        "random_state": random_state,
        "customers": {"train": len(train), "evaluation": len(evaluation), "scored": scored},
        "churn_rate": {"train": float(train["churned"].mean()),
                       "evaluation": float(evaluation["churned"].to_numpy(dtype=int).mean())},
        "feature_names": list(FEATURE_NAMES),
    }
