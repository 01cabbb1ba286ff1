"""The value × loyalty matrix (issue #12, section 2): four quadrants by customer value and behavioural
loyalty, split at adjustable lines (default: the medians), with the action of Reinartz & Kumar (2002) and the
loyalty-programme level of the course per quadrant.

Ids only here: the quadrants' names (R&K's strangers / butterflies / barnacles / true friends, and the course's
认识关系 / 功能关系 / 情感关系 / 伙伴关系) and the action texts are labels of the interface. Which course name
belongs to which quadrant is the product's reading: the course lists the four relationship types and the two
axes, not the grid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InvalidInputError

QUADRANTS: tuple[str, ...] = ("strangers", "butterflies", "barnacles", "true_friends")
# quadrant -> (high value, high loyalty); high = at or above the split line
QUADRANT_AXES: dict[str, tuple[bool, bool]] = {
    "strangers": (False, False),
    "butterflies": (True, False),
    "barnacles": (False, True),
    "true_friends": (True, True),
}
# Reinartz & Kumar (2002), HBR 80(7), the exhibit "Customer Loyalty and Profitability": what to do per quadrant
QUADRANT_ACTIONS: dict[str, str] = {
    "strangers": "no_investment",  # do not invest: make every transaction pay
    "butterflies": "harvest",  # enjoy them while they buy, stop investing once they stop
    "barnacles": "share_of_wallet",  # small share of wallet: up-sell; large: cut the cost to serve
    "true_friends": "reward",  # reward and keep in touch; nurture, defend, retain
}
# The course's three levels of loyalty programme (1 financial rewards, 2 personalised service per segment,
# 3 structural bonds); which level suits which quadrant is the product's reading, as the quadrant names are.
PROGRAMME_LEVELS: dict[int, str] = {1: "financial_rewards", 2: "personalised_service", 3: "structural_bonds"}
QUADRANT_PROGRAMME: dict[str, int] = {
    "strangers": 1,  # at most the general, cheap offers open to every buyer; nothing dedicated
    "butterflies": 1,  # they respond to deals: financial rewards while they buy, no lasting investment
    "barnacles": 2,  # personalised service to learn their share of wallet and sell more, or serve them cheaper
    "true_friends": 3,  # structural bonds: a community and resources they cannot get elsewhere
}
DEFAULT_SPLIT_PERCENTILE = 50.0  # the medians


def split_at(x: pd.Series, percentile: float = DEFAULT_SPLIT_PERCENTILE) -> float:
    """The split line at ``percentile`` [0 … 100] of ``x`` (NaN left out), interpolated linearly between
    neighbours (numpy's default; 50 = the median). NaN when ``x`` has no value."""
    if isinstance(percentile, bool) or not isinstance(percentile, (int, float, np.integer, np.floating)) \
            or not 0 <= percentile <= 100:
        raise InvalidInputError("parameters", "percentile", reason=f"must be a number from 0 to 100; got {percentile!r}",
                                reason_zh=f"必须是 0 到 100 之间的数；收到 {percentile!r}")
    known = x.dropna().to_numpy(dtype=float)
    return float(np.percentile(known, percentile)) if len(known) else float("nan")


def assign_quadrants(value: pd.Series, score: pd.Series, value_split: float | None = None,
                     loyalty_split: float | None = None) -> pd.Series:
    """Each customer's quadrant of the value × loyalty matrix.

    Parameters
    ----------
    value : per-customer value [currency] (e.g. :func:`crm_core.value.customer_value`); NaN = unknown.
    score : loyalty score [0 … 1] (:func:`.score.loyalty_score`), same index as ``value``.
    value_split, loyalty_split : the split lines [currency; score]; None = the median of the known values.

    Returns
    -------
    Series of categorical dtype (categories :data:`QUADRANTS`, in that order), indexed like ``value``, named
    ``loyalty_quadrant``; NaN where the value or the score is unknown.

    Notes
    -----
    high value ⇔ value >= value_split; high loyalty ⇔ score >= loyalty_split (a customer on a line counts as
    high). strangers = low/low, butterflies = high value & low loyalty, barnacles = low value & high loyalty,
    true_friends = high/high.

    References
    ----------
    Reinartz, W. & Kumar, V. (2002), "The Mismanagement of Customer Loyalty", Harvard Business Review 80(7),
    86–94: profitability × projected relationship duration → strangers, butterflies, barnacles, true friends.
    """
    if not value.index.equals(score.index):
        raise InvalidInputError("parameters", "score", reason="must have the same index (customers) as value",
                                reason_zh="必须与 value 的索引（客户）相同")
    v, s = value.astype(float), score.astype(float)
    vs = split_at(v) if value_split is None else float(value_split)
    ls = split_at(s) if loyalty_split is None else float(loyalty_split)
    high_v, high_l = v >= vs, s >= ls
    known = v.notna() & s.notna()
    ids = np.select([~high_v & ~high_l, high_v & ~high_l, ~high_v & high_l, high_v & high_l], list(QUADRANTS),
                    default="")
    out = pd.Series(pd.Categorical(np.where(known, ids, None), categories=list(QUADRANTS)), index=value.index,
                    name="loyalty_quadrant")
    return out


def quadrant_table(value: pd.Series, quadrant: pd.Series) -> pd.DataFrame:
    """One row per quadrant (all four, in :data:`QUADRANTS` order), the customers with a quadrant only.

    Returns
    -------
    DataFrame: ``quadrant`` (id); ``customers`` [count]; ``customer_share`` [share of the customers with a
    quadrant]; ``value`` [currency, Σ value]; ``value_share`` [Σ value / total value; NaN when the total is
    0; with negative values (losses) a share can be below 0 or above 1]; ``action`` (id,
    :data:`QUADRANT_ACTIONS`); ``programme_level`` (1, 2, 3: :data:`QUADRANT_PROGRAMME`).
    """
    if not value.index.equals(quadrant.index):
        raise InvalidInputError("parameters", "quadrant", reason="must have the same index (customers) as value",
                                reason_zh="必须与 value 的索引（客户）相同")
    frame = pd.DataFrame({"q": quadrant.astype(object), "v": value.astype(float)}).dropna(subset=["q"])
    return quadrant_table_from_stats(frame.groupby("q")["q"].size(), frame.groupby("q")["v"].sum())


def quadrant_table_from_stats(counts: pd.Series, sums: pd.Series) -> pd.DataFrame:
    """:func:`quadrant_table` from the customers [count] and Σ value [currency] per quadrant (Series indexed by
    quadrant id; a quadrant without customers may be absent). The Spark engine's per-quadrant aggregate."""
    counts = counts.reindex(QUADRANTS, fill_value=0)
    sums = sums.reindex(QUADRANTS, fill_value=0.0)
    n, total = int(counts.sum()), float(sums.sum())
    return pd.DataFrame({
        "quadrant": list(QUADRANTS),
        "customers": counts.to_numpy(dtype=int),
        "customer_share": counts.to_numpy() / n if n else np.nan,
        "value": sums.to_numpy(dtype=float),
        "value_share": sums.to_numpy() / total if total != 0 else np.nan,
        "action": [QUADRANT_ACTIONS[q] for q in QUADRANTS],
        "programme_level": [QUADRANT_PROGRAMME[q] for q in QUADRANTS],
    })
