"""Retention priority: which customers are worth keeping and likely to leave (value × churn risk).

This module owns the quadrants of value × churn probability, the value at risk and the recommended action
per quadrant (as data). The churn probabilities are :mod:`.report`'s; the value is the caller's choice
(predicted CLV from ``crm_core.clv``, else the pyramid's value metric from ``crm_core.value``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InvalidInputError

# Default value threshold: the top 20 % of customers by value are "valuable" — the same cut as the
# customer pyramid's VIP + major + ordinary tiers (Curry; DESIGN.md §3).
DEFAULT_VALUE_QUANTILE = 0.8
# Default churn-risk threshold: more likely to leave than to stay within the horizon.
DEFAULT_RISK_THRESHOLD = 0.5

# quadrant id -> recommended action id, listed in order of priority (labels live in the UI's label table)
QUADRANT_ACTIONS: dict[str, str] = {
    "valuable_at_risk": "win_back",  # personal contact, tailored offer, now
    "valuable_safe": "reward_loyalty",  # keep them happy: service, loyalty rewards, no discounts needed
    "low_value_at_risk": "automated_reactivation",  # low-cost, automated win-back message
    "low_value_safe": "grow",  # cross- and up-sell to raise their value
}


def value_threshold_for(value, quantile: float = DEFAULT_VALUE_QUANTILE) -> float:
    """The value at the ``quantile`` of ``value`` (numpy's linear interpolation) [currency]."""
    v = np.asarray(value, dtype=float)
    v = v[np.isfinite(v)]
    return float(np.quantile(v, quantile)) if len(v) else 0.0


def retention_priority(scores: pd.DataFrame, value: pd.DataFrame, *, value_threshold: float | None = None,
                       risk_threshold: float = DEFAULT_RISK_THRESHOLD) -> pd.DataFrame:
    """Per customer: value, churn probability, value at risk, quadrant and recommended action.

    Parameters
    ----------
    scores : DataFrame ``customer_id``, ``churn_prob`` [probability] (``ChurnReport.scores``).
    value : DataFrame ``customer_id``, ``value`` [currency] — predicted CLV, or the pyramid's value metric.
    value_threshold : a customer is valuable when value ≥ this and value > 0 [currency]; default the 80th
        percentile of ``value`` (:data:`DEFAULT_VALUE_QUANTILE`).
    risk_threshold : a customer is at risk when churn_prob ≥ this [probability], default 0.5.

    Returns
    -------
    DataFrame ``customer_id``, ``value``, ``churn_prob``, ``value_at_risk`` = value × churn_prob [currency:
    the value expected to be lost if nothing is done], ``quadrant`` and ``action`` (ids of
    :data:`QUADRANT_ACTIONS`), for the customers present in both inputs; sorted by quadrant priority, then
    value at risk (largest first), then customer id. ``attrs`` holds both thresholds.
    """
    for name, frame, col in (("scores", scores, "churn_prob"), ("value", value, "value")):
        missing = [c for c in ("customer_id", col) if c not in frame.columns]
        if missing:
            raise InvalidInputError(name, missing, reason=(
                f"required column(s) not found; the table has: {', '.join(map(str, frame.columns))}"))
    if not (0 <= risk_threshold <= 1):
        raise InvalidInputError("parameters", "risk_threshold",
                                reason=f"must be between 0 and 1; got {risk_threshold!r}",
                                reason_zh=f"流失风险阈值必须在 0 到 1 之间；当前为 {risk_threshold!r}")
    out = scores[["customer_id", "churn_prob"]].merge(value[["customer_id", "value"]], on="customer_id",
                                                      how="inner", validate="one_to_one")
    out["value"] = out["value"].astype(float)
    vt = value_threshold_for(out["value"]) if value_threshold is None else float(value_threshold)
    out["value_at_risk"] = out["value"] * out["churn_prob"]
    valuable = (out["value"] >= vt) & (out["value"] > 0)
    at_risk = out["churn_prob"] >= risk_threshold
    out["quadrant"] = np.select([valuable & at_risk, valuable & ~at_risk, ~valuable & at_risk],
                                ["valuable_at_risk", "valuable_safe", "low_value_at_risk"], "low_value_safe")
    out["action"] = out["quadrant"].map(QUADRANT_ACTIONS)
    rank = out["quadrant"].map({q: i for i, q in enumerate(QUADRANT_ACTIONS)})
    out = (out.assign(_rank=rank).sort_values(["_rank", "value_at_risk", "customer_id"],
                                              ascending=[True, False, True], kind="stable")
           .drop(columns="_rank").reset_index(drop=True))
    out = out[["customer_id", "value", "churn_prob", "value_at_risk", "quadrant", "action"]]
    out.attrs.update(value_threshold=vt, risk_threshold=float(risk_threshold))
    return out


def quadrant_summary(priority: pd.DataFrame) -> pd.DataFrame:
    """Per quadrant (in priority order, all four listed): ``customers``, ``value``, ``value_at_risk`` [currency]
    — sums over the rows of :func:`retention_priority`'s result."""
    g = priority.groupby("quadrant", observed=True)
    out = pd.DataFrame({"customers": g.size(), "value": g["value"].sum(), "value_at_risk": g["value_at_risk"].sum()})
    out = out.reindex(list(QUADRANT_ACTIONS)).fillna(0.0)
    out["customers"] = out["customers"].astype(int)
    return out.rename_axis("quadrant").reset_index()


def plot_sample(priority: pd.DataFrame, max_points: int = 5000, *, random_state: int = 0) -> pd.DataFrame:
    """At most ``max_points`` rows of ``priority`` for a scatter chart: all when fewer, else a fixed random
    subset (every quadrant keeps its share up to sampling noise)."""
    if len(priority) <= max_points:
        return priority
    return priority.sample(n=max_points, random_state=random_state).sort_index()


def is_skewed(value, ratio: float = 10.0) -> bool:
    """True when the positive values span a wide range — the 99th percentile above ``ratio`` × the median —
    so a log axis shows them better."""
    v = np.asarray(value, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    return bool(len(v) > 1 and np.quantile(v, 0.99) > ratio * np.median(v))


def log_axis_floor(value, decades: float = 3.0) -> float:
    """Lowest value a log value axis shows: ``decades`` powers of ten below the 99th percentile of the positive
    values [currency]; smaller values (e.g. a predicted CLV of 10⁻⁹ for a long-gone customer) are drawn there."""
    v = np.asarray(value, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    return float(np.quantile(v, 0.99) / 10**decades) if len(v) else 1.0
