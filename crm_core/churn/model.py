"""The scikit-learn churn models: their settings (as data), fitting, scoring and feature importance.

Two models, both fast enough for a million customers on a laptop:

- ``gradient_boosting``: :class:`~sklearn.ensemble.HistGradientBoostingClassifier` on the raw features
  (trees need no scaling; early stopping on a held-out 10 % of the training customers);
- ``logistic_regression``: :class:`~sklearn.linear_model.LogisticRegression` on standardised
  sign(x)·log(1 + |x|) features (the money and count features are heavily right-skewed).

Both predict P(churn) = P(no purchase in the H days after the cutoff). The feature list is :mod:`.features`'.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from .features import FEATURE_NAMES

# Hyper-parameters (scikit-learn defaults except where a comment says why).
GRADIENT_BOOSTING = {
    "learning_rate": 0.1,
    "max_iter": 200,
    "max_leaf_nodes": 15,  # fewer leaves than the default 31: ten features, shallow interactions suffice
    "min_samples_leaf": 40,  # smoother probabilities on small shops (default 20)
    "l2_regularization": 1.0,
    # always on (scikit-learn's "auto" turns it on above 10,000 rows only): stop when 10 rounds do not improve
    # the loss on a held-out 10 % of the training customers — small shops overfit 200 rounds otherwise
    "early_stopping": True,
    "validation_fraction": 0.1,
    "n_iter_no_change": 10,
}
LOGISTIC_REGRESSION = {"C": 1.0, "max_iter": 1000}
MODEL_NAMES = ("gradient_boosting", "logistic_regression")

# Permutation importance is computed on at most this many evaluation customers (speed at a million).
IMPORTANCE_SAMPLE = 20_000
IMPORTANCE_REPEATS = 5


def signed_log1p(x):
    """sign(x) · log(1 + |x|), element-wise: compresses skewed counts and money, keeps the sign of a net loss."""
    x = np.asarray(x, dtype=float)
    return np.sign(x) * np.log1p(np.abs(x))


def make_model(name: str, *, random_state: int = 0):
    """An unfitted estimator ``name`` (one of ``MODEL_NAMES``) with the settings above."""
    if name == "gradient_boosting":
        return HistGradientBoostingClassifier(**GRADIENT_BOOSTING, random_state=random_state)
    if name == "logistic_regression":
        return Pipeline([("log", FunctionTransformer(signed_log1p)), ("scale", StandardScaler()),
                         ("logit", LogisticRegression(**LOGISTIC_REGRESSION, random_state=random_state))])
    raise ValueError(f"unknown model {name!r}; known: {', '.join(MODEL_NAMES)}")


def model_settings() -> dict:
    """The models and their key hyper-parameters (JSON-serialisable)."""
    return {"gradient_boosting": {"estimator": "HistGradientBoostingClassifier", **GRADIENT_BOOSTING},
            "logistic_regression": {"estimator": "LogisticRegression on standardised sign·log1p features",
                                    **LOGISTIC_REGRESSION}}


def feature_matrix(features: pd.DataFrame) -> np.ndarray:
    """The features in ``FEATURE_NAMES`` order as a float array (rows = customers)."""
    return features[list(FEATURE_NAMES)].to_numpy(dtype=np.float64)


def fit_model(name: str, features: pd.DataFrame, churned, *, random_state: int = 0):
    """Fit model ``name`` on ``features`` (from :func:`.features.churn_features`) and 0/1 labels; returns it."""
    return make_model(name, random_state=random_state).fit(feature_matrix(features), np.asarray(churned, int))


def churn_probability(model, features: pd.DataFrame) -> np.ndarray:
    """P(churn) of each row of ``features`` under a fitted model [probability]."""
    return model.predict_proba(feature_matrix(features))[:, 1]


def feature_importance(model, features: pd.DataFrame, churned, *, random_state: int = 0) -> pd.DataFrame:
    """How much each feature matters to a fitted model, and in which direction, on labelled customers.

    Returns
    -------
    DataFrame ``feature``, ``importance`` (mean drop in ROC AUC when the feature's values are shuffled among
    the customers, over ``IMPORTANCE_REPEATS`` shuffles [AUC points]), ``importance_std``, ``direction``
    (+1 when customers with higher values get higher churn probabilities — the sign of the Spearman rank
    correlation between the feature and the model's prediction — −1 when lower, 0 when unrelated).
    Sorted by importance, largest first. At most ``IMPORTANCE_SAMPLE`` customers (a fixed random subset).

    References
    ----------
    Breiman (2001), "Random Forests", Machine Learning 45, 5–32 (permutation importance), as implemented
    by scikit-learn's ``permutation_importance``.
    """
    y = np.asarray(churned, int)
    rng = np.random.default_rng(random_state)
    idx = np.sort(rng.choice(len(y), IMPORTANCE_SAMPLE, replace=False)) if len(y) > IMPORTANCE_SAMPLE \
        else np.arange(len(y))
    x = feature_matrix(features)[idx]
    ys = y[idx]
    if ys.min() == ys.max():
        imp = np.zeros((x.shape[1], 1))
    else:
        # the trees' prediction pays per call (OpenMP regions): one call for all copies, 1.1x quiet and 3.7x at load 6
        # (bench/bench_importance.py); the logistic regression's is cheap and the copies cost more (0.7x): per copy
        drops = permutation_drops if isinstance(model, HistGradientBoostingClassifier) else _sklearn_drops
        imp = drops(model, x, ys, n_repeats=IMPORTANCE_REPEATS, random_state=random_state)
    pred = pd.Series(model.predict_proba(x)[:, 1])
    corr = [pd.Series(x[:, j]).corr(pred, method="spearman") for j in range(x.shape[1])]
    direction = [0 if not np.isfinite(c) or abs(c) < 0.05 else int(np.sign(c)) for c in corr]
    out = pd.DataFrame({"feature": list(FEATURE_NAMES), "importance": imp.mean(axis=1),
                        "importance_std": imp.std(axis=1), "direction": direction})
    return out.sort_values(["importance", "feature"], ascending=[False, True], ignore_index=True)


def _sklearn_drops(model, x: np.ndarray, y: np.ndarray, *, n_repeats: int, random_state: int) -> np.ndarray:
    from sklearn.inspection import permutation_importance
    return permutation_importance(model, x, y, scoring="roc_auc", n_repeats=n_repeats,
                                  random_state=random_state).importances


def permutation_drops(model, x: np.ndarray, y: np.ndarray, *, n_repeats: int, random_state: int) -> np.ndarray:
    """The drop in ROC AUC when each feature's column is shuffled, ``n_repeats`` times per feature [AUC points;
    array features × repeats] — scikit-learn's ``permutation_importance(model, x, y, scoring="roc_auc",
    n_repeats=n_repeats, random_state=random_state).importances``, with the same shuffles in the same order (one
    seed drawn from ``random_state``; per feature a RandomState of that seed shuffling an index array in place,
    each shuffle applied to the column as the previous one left it), and the same scores (the decision function,
    as the ``roc_auc`` scorer prefers it), but all features × repeats permuted copies scored in **one** call of
    the model: one pass of the trees' prediction instead of one per copy (the per-call cost dominates on 20,000
    rows). ``tests/test_churn.py`` checks it against scikit-learn's function."""
    seed = np.random.RandomState(random_state).randint(np.iinfo(np.int32).max + 1)
    score = model.decision_function if hasattr(model, "decision_function") else (lambda a: model.predict_proba(a)[:, 1])
    n, k = x.shape
    copies = np.empty((k * n_repeats * n, k), dtype=x.dtype)
    for j in range(k):
        rs, xp, order = np.random.RandomState(seed), x.copy(), np.arange(n)
        for r in range(n_repeats):
            rs.shuffle(order)
            xp[:, j] = xp[order, j]
            copies[(j * n_repeats + r) * n:(j * n_repeats + r + 1) * n] = xp
    scored = score(copies)
    baseline = roc_auc_score(y, score(x))
    permuted = [roc_auc_score(y, scored[b * n:(b + 1) * n]) for b in range(k * n_repeats)]
    return baseline - np.asarray(permuted).reshape(k, n_repeats)
