"""Churn risk (DESIGN.md §3): a customer churns if they make no purchase in the H days after a cutoff.

One concept per module: :mod:`.horizon` (H and the timeline of cutoffs), :mod:`.features` and
:mod:`.labels` (one SQL query over the transactions before / after every cutoff), :mod:`.model` (scikit-learn models),
:mod:`.baselines` (recency rule, BG/NBD 1 − P(alive)), :mod:`.metrics` (ROC AUC, PR AUC, Brier, lift),
:mod:`.report` (train at D − 2H, validate at D − H, score at D) and :mod:`.priority` (value × risk).
"""

from .features import FEATURE_NAMES, FEATURES, churn_features, churn_features_labels
from .horizon import Timeline, default_horizon_days, make_timeline, repurchase_gaps
from .labels import churn_labels
from .metrics import evaluate, top_decile_lift
from .priority import QUADRANT_ACTIONS, retention_priority
from .report import STEPS, ChurnReport, churn_report

__all__ = [
    "FEATURES", "FEATURE_NAMES", "QUADRANT_ACTIONS", "STEPS", "ChurnReport", "Timeline", "churn_features",
    "churn_features_labels", "churn_labels", "churn_report", "default_horizon_days", "evaluate", "make_timeline", "repurchase_gaps",
    "retention_priority", "top_decile_lift",
]
