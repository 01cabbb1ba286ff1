"""How good a churn score is on labelled customers: ROC AUC, PR AUC, Brier score, top-decile lift, curves.

Pure functions of (label, predicted probability) arrays; the positive class is "churned" (label 1). The
area metrics are scikit-learn's; the lift is ours (:func:`top_decile_lift`), with ties handled so that the
result never depends on row order.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score, roc_curve

METRICS = ("roc_auc", "pr_auc", "brier", "top_decile_lift")


def top_decile_lift(y_true, score, fraction: float = 0.1) -> float:
    """Churn rate among the ``fraction`` of customers with the highest score, over the overall churn rate.

    Parameters
    ----------
    y_true : array_like of 0/1 (1 = churned).
    score : array_like [any monotone score; higher = more likely to churn].
    fraction : share of customers targeted [0..1], default 0.1 (the top decile).

    Returns
    -------
    float
        lift = (churners in the top k) / k ÷ (churners / n), k = ⌈fraction · n⌉ [ratio; 1 = no better than
        random]. Customers tied with the k-th score enter with their group's mean churn rate for the places
        left, i.e. the expected lift of a random pick among the ties. NaN when nobody churned.

    References
    ----------
    Berry & Linoff (2004), *Data Mining Techniques*, 2nd ed., ch. 3 ("lift").
    """
    y = np.asarray(y_true, dtype=float)
    s = np.asarray(score, dtype=float)
    n = len(y)
    if n == 0 or y.sum() == 0:
        return float("nan")
    k = math.ceil(fraction * n)
    order = np.argsort(-s, kind="stable")
    boundary = s[order[k - 1]]
    above = s > boundary
    tied = s == boundary
    slots = k - int(above.sum())
    hits = y[above].sum() + slots * y[tied].mean()
    return float((hits / k) / (y.sum() / n))


def evaluate(y_true, prob) -> dict[str, float]:
    """ROC AUC, PR AUC (average precision), Brier score and top-decile lift of ``prob`` against ``y_true``.

    ``roc_auc``: probability that a random churner is scored above a random stayer [0..1];
    ``pr_auc``: average precision for the churners [0..1] (its no-skill level is the churn rate);
    ``brier``: mean (prob − y)² [lower is better]; ``top_decile_lift``: :func:`top_decile_lift`.
    Metrics that need both classes are NaN when only one is present.
    """
    y = np.asarray(y_true, dtype=int)
    p = np.asarray(prob, dtype=float)
    both = 0 < y.sum() < len(y)
    return {
        "roc_auc": float(roc_auc_score(y, p)) if both else float("nan"),
        "pr_auc": float(average_precision_score(y, p)) if both else float("nan"),
        "brier": float(brier_score_loss(y, p)) if len(y) else float("nan"),
        "top_decile_lift": top_decile_lift(y, p),
    }


def calibration_table(y_true, prob, *, n_bins: int = 10) -> pd.DataFrame:
    """Reliability curve: per quantile bin of ``prob``, the mean predicted and the observed churn rate.

    Columns ``mean_predicted``, ``observed_rate`` [probabilities]; bins with no customers are dropped
    (scikit-learn's ``calibration_curve`` with ``strategy="quantile"``).
    """
    observed, predicted = calibration_curve(np.asarray(y_true, int), np.clip(np.asarray(prob, float), 0, 1),
                                            n_bins=n_bins, strategy="quantile")
    return pd.DataFrame({"mean_predicted": predicted, "observed_rate": observed})


def roc_points(y_true, prob, *, points: int = 101) -> pd.DataFrame:
    """The ROC curve on a fixed grid of false-positive rates (``points`` values 0..1), for charts.

    Columns ``fpr``, ``tpr`` [rates]; the true-positive rate is interpolated on scikit-learn's ``roc_curve``.
    """
    fpr, tpr, _ = roc_curve(np.asarray(y_true, int), np.asarray(prob, float))
    grid = np.linspace(0.0, 1.0, points)
    return pd.DataFrame({"fpr": grid, "tpr": np.interp(grid, fpr, tpr)})
