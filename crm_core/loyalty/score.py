"""The behavioural loyalty score (issue #12, section 2): one number in [0, 1] per customer, the weighted mean of
the percentile ranks of named components of :func:`.behaviour.customer_behaviour`.

The components and their default weights are data (:data:`SCORE_COMPONENTS`); their explanations are labels of
the interface. The score measures repeat patronage only: orders do not show the attitude axis of loyalty (Dick &
Basu 1994), so a high score can be spurious loyalty (inertia, no alternative) as well as true loyalty.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..errors import InvalidInputError


@dataclasses.dataclass(frozen=True)
class ScoreComponent:
    """One component: the behaviour column it ranks, whether more of it is more loyal, its default weight."""

    column: str
    higher_is_loyal: bool
    default_weight: float


# component id -> how it is ranked. Equal weights by default: the example (the mean of the four
# percentile ranks); the course names repeat purchases and relationship length as loyal behaviour.
SCORE_COMPONENTS: dict[str, ScoreComponent] = {
    "relationship_length": ScoreComponent("relationship_days", True, 1.0),  # longer = more loyal
    "order_rate": ScoreComponent("orders_per_year", True, 1.0),  # more orders per year = more loyal
    "regularity": ScoreComponent("regularity", False, 1.0),  # lower CV of the gaps = more regular = more loyal
    "recency": ScoreComponent("days_since_last_order", False, 1.0),  # fewer days since the last order
}


def default_weights() -> dict[str, float]:
    """Component id -> its default weight."""
    return {k: c.default_weight for k, c in SCORE_COMPONENTS.items()}


def check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """``weights`` completed with the defaults for components not given; each must be a number >= 0, not all 0."""
    out = default_weights()
    if weights is None:
        return out
    unknown = [k for k in weights if k not in SCORE_COMPONENTS]
    if unknown:
        raise InvalidInputError("parameters", "weights", reason=(
            f"unknown component(s) {', '.join(map(repr, unknown))}; known: {', '.join(SCORE_COMPONENTS)}"),
            reason_zh=f"未知的组成项 {', '.join(map(repr, unknown))}；可用：{', '.join(SCORE_COMPONENTS)}")
    for k, w in weights.items():
        if isinstance(w, bool) or not isinstance(w, (int, float, np.integer, np.floating)) or not np.isfinite(w) \
                or w < 0:
            raise InvalidInputError("parameters", f"weights[{k!r}]", reason=f"must be a number >= 0; got {w!r}",
                                    reason_zh=f"必须是不小于 0 的数；收到 {w!r}")
        out[k] = float(w)
    if sum(out.values()) <= 0:
        raise InvalidInputError("parameters", "weights", reason="at least one weight must be above 0; all are 0",
                                reason_zh="至少一个权重必须大于 0；当前全部为 0")
    return out


def percentile_rank(x: pd.Series, *, higher_is_loyal: bool = True) -> pd.Series:
    """Percentile rank in [0, 1]: (r − 1) / (n − 1), r the rank 1 … n of the customer's value, ties averaged.

    The least loyal value gets 0, the most loyal 1; with ``higher_is_loyal=False`` the order is reversed. A
    missing value (NaN: e.g. no regularity with fewer than 2 gaps) ranks below every known value, the missing
    ones tied with each other. With one customer the rank is 0.5 (no one to compare with).
    """
    s = x.astype(float)
    loyal = s if higher_is_loyal else -s
    loyal = loyal.fillna(-np.inf)  # missing = least loyal
    n = len(loyal)
    if n == 0:
        return pd.Series(dtype=float, index=x.index)
    if n == 1:
        return pd.Series(0.5, index=x.index)
    return (loyal.rank(method="average") - 1) / (n - 1)


def component_ranks(behaviour: pd.DataFrame) -> pd.DataFrame:
    """One column per component id: its percentile rank (:func:`percentile_rank`), indexed like ``behaviour``."""
    missing = [c.column for c in SCORE_COMPONENTS.values() if c.column not in behaviour.columns]
    if missing:
        raise InvalidInputError("customers", missing, reason=(
            f"required column(s) not found; the table has: {', '.join(map(str, behaviour.columns))}"))
    return pd.DataFrame({k: percentile_rank(behaviour[c.column], higher_is_loyal=c.higher_is_loyal)
                         for k, c in SCORE_COMPONENTS.items()}, index=behaviour.index)


def loyalty_score(behaviour: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.Series:
    """The behavioural loyalty score of each customer [0 … 1; 1 = most loyal], indexed like ``behaviour``.

    Parameters
    ----------
    behaviour : :func:`crm_core.loyalty.behaviour.customer_behaviour` (one row per customer).
    weights : component id -> weight [>= 0, not all 0]; components not given keep their default (1).

    Notes
    -----
    score_i = Σ_k w_k · p_ik / Σ_k w_k, with p_ik the percentile rank of customer i on component k
    (:func:`percentile_rank`: (rank − 1) / (n − 1), ties averaged, oriented so that 1 = most loyal):
    relationship length (longer), orders per year (more), regularity (lower CV; customers without a CV rank
    lowest), days since the last order (fewer). Ranks, not raw values: the components have different units
    and skewed distributions; a rank is also robust to a few extreme customers. The score is relative to the
    customers of the same data and date.

    References
    ----------
    Dick, A. S. & Basu, K. (1994), Journal of the Academy of Marketing Science 22(2), 99–113: loyalty is
    relative attitude × repeat patronage; orders measure the second axis only. The course (客户价值与忠诚度
    管理): repeat purchases, relationship length and purchase intervals as behavioural loyalty.
    """
    return score_from_ranks(component_ranks(behaviour), weights)


def score_from_ranks(ranks: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.Series:
    """:func:`loyalty_score` from the components' percentile ranks (one column per component id, as
    :func:`component_ranks` gives them over all customers; the Spark engine ranks on the cluster)."""
    w = check_weights(weights)
    total = sum(w.values())
    score = sum(ranks[k] * (w[k] / total) for k in SCORE_COMPONENTS)
    return pd.Series(np.clip(np.asarray(score, dtype=float), 0.0, 1.0), index=ranks.index, name="loyalty_score")
