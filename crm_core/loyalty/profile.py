"""Per-customer loyalty profile (issue #12, sections 1–2 together): behaviour, loyalty score, value × loyalty
quadrant and ladder rung in one table — what the page lists and the CLI's report writes — and its summary
(the quadrant table and the ladder counts) as plain data for ``summary.json``.

It only composes :mod:`.behaviour`, :mod:`.score`, :mod:`.quadrants` and :mod:`.ladder`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..errors import InvalidInputError
from .ladder import DEFAULT_THRESHOLDS, LadderThresholds, ladder_funnel, ladder_rungs
from .quadrants import DEFAULT_SPLIT_PERCENTILE, assign_quadrants, quadrant_table, split_at
from .score import check_weights, loyalty_score


def loyalty_profile(behaviour: pd.DataFrame, value: pd.Series, *, weights: Mapping[str, float] | None = None,
                    value_percentile: float = DEFAULT_SPLIT_PERCENTILE,
                    loyalty_percentile: float = DEFAULT_SPLIT_PERCENTILE,
                    thresholds: LadderThresholds = DEFAULT_THRESHOLDS,
                    referrals: pd.DataFrame | None = None) -> pd.DataFrame:
    """``behaviour`` plus ``value``, ``loyalty_score``, ``loyalty_quadrant`` and ``ladder_rung`` per customer.

    Parameters
    ----------
    behaviour : :func:`crm_core.loyalty.behaviour.customer_behaviour`.
    value : per-customer value [currency] indexed by customer_id (e.g. :func:`crm_core.value.customer_value`
        of the CustomerTable); a customer without a value (unknown profit) has no quadrant.
    weights : loyalty score weights (:func:`.score.loyalty_score`).
    value_percentile, loyalty_percentile : where the split lines are [percentile 0 … 100 of the known values;
        50 = the medians] (:func:`.quadrants.split_at`).
    thresholds, referrals : the ladder's (:func:`.ladder.ladder_rungs`).

    Returns
    -------
    DataFrame, rows of ``behaviour``; ``attrs``: ``value_split`` [currency], ``loyalty_split`` [score],
    ``weights`` (all components), ``thresholds`` (the :class:`.ladder.LadderThresholds` as a dict).
    """
    if value.index.has_duplicates:
        raise InvalidInputError("value", "customer_id", reason="one value per customer expected; ids repeat",
                                reason_zh="每位客户应只有一个价值；客户编号重复")
    w = check_weights(weights)
    out = behaviour.copy()
    out["value"] = out["customer_id"].map(value.astype(float)).to_numpy()
    out["loyalty_score"] = loyalty_score(out, w)
    v_split, l_split = split_at(out["value"], value_percentile), split_at(out["loyalty_score"], loyalty_percentile)
    out["loyalty_quadrant"] = assign_quadrants(out["value"], out["loyalty_score"], v_split, l_split)
    out["ladder_rung"] = ladder_rungs(out, thresholds, referrals)
    out.attrs.update(value_split=v_split, loyalty_split=l_split, weights=w,
                     thresholds=dataclasses.asdict(thresholds))  # plain data: attrs travel to JSON
    return out


def _num(x) -> float | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else float(x)


def profile_summary(profile: pd.DataFrame) -> dict:
    """The quadrant table and the ladder funnel of :func:`loyalty_profile` as plain data (NaN -> None)."""
    return summary_of_tables(quadrant_table(profile["value"], profile["loyalty_quadrant"]),
                             ladder_funnel(profile["ladder_rung"]), profile.attrs)


def summary_of_tables(quad: pd.DataFrame, funnel: pd.DataFrame, attrs: Mapping) -> dict:
    """:func:`profile_summary` from the quadrant table, the ladder funnel and the profile's ``attrs``
    (``value_split``, ``loyalty_split``, ``weights``)."""
    return {
        "value_split": _num(attrs.get("value_split")),
        "loyalty_split": _num(attrs.get("loyalty_split")),
        "weights": dict(attrs.get("weights", {})),
        "quadrants": [{"quadrant": r.quadrant, "customers": int(r.customers), "customer_share": _num(r.customer_share),
                       "value": _num(r.value), "value_share": _num(r.value_share), "action": r.action,
                       "programme_level": int(r.programme_level)} for r in quad.itertuples()],
        "ladder": [{"rung": r.rung, "customers": int(r.customers), "reached": int(r.reached),
                    "climb_share": _num(r.climb_share)} for r in funnel.itertuples()],
    }
