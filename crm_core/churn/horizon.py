"""The churn horizon H and the timeline of cutoffs built from it.

This module owns the default horizon (from the data's repurchase rhythm, ``sql/repurchase_gaps.sql``) and
the three cutoffs every churn computation uses; it leaves the label to :mod:`.labels` and the features to
:mod:`.features`.

Timeline for an as-of date D and a horizon H [days]:

- training cutoff c0 = D − 2H: features from lines before c0, label "no purchase in [c0, c0 + H)";
- evaluation cutoff c1 = D − H: features before c1, label "no purchase in [c1, D)" — the model trained at
  c0 is scored here, so every validation number is out of time;
- scoring: the model is retrained at c1 (its labels end at D) and scores the features before D, giving each
  customer's probability of no purchase in [D, D + H).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from dataclasses import dataclass

from ..errors import InvalidInputError
from ..store import Store

# The history before the training cutoff c0 must be at least this long, so that the customers present at c0
# have some purchase history to build features from. Our own choice (four weeks), not from the literature.
MIN_HISTORY_DAYS = 28

# Bounds of H [days]: one week (shorter windows mostly measure the weekday) to two years.
MIN_HORIZON_DAYS = 7
MAX_HORIZON_DAYS = 730

# The default H is this percentile of the gaps between consecutive purchase days: three quarters of all
# repeat purchases come within H days of the previous one, so "no purchase in H days" is unusual for an
# active customer. Our own rule; the 75th percentile is one of the rules of thumb for inter-purchase time.
DEFAULT_GAP_PERCENTILE = 75


@dataclass(frozen=True)
class Timeline:
    """The cutoffs for as-of date ``as_of`` and horizon ``horizon_days`` (see the module docstring)."""

    as_of: dt.date
    horizon_days: int
    train_cutoff: dt.date  # c0 = D − 2H
    eval_cutoff: dt.date  # c1 = D − H
    data_start: dt.date  # first purchase day in the data

    def as_dict(self) -> dict:
        """The timeline with ISO dates (JSON-serialisable)."""
        return {"as_of": self.as_of.isoformat(), "horizon_days": self.horizon_days,
                "train_cutoff": self.train_cutoff.isoformat(), "train_label_end": self.eval_cutoff.isoformat(),
                "eval_cutoff": self.eval_cutoff.isoformat(), "eval_label_end": self.as_of.isoformat(),
                "score_cutoff": self.as_of.isoformat(), "data_start": self.data_start.isoformat()}


def repurchase_gaps(store: Store, as_of: dt.date) -> dict:
    """The data's repurchase rhythm before ``as_of`` (``sql/repurchase_gaps.sql``).

    Returns
    -------
    dict
        ``first_purchase_day`` [date or None], ``repeat_gaps`` [count], ``gap_p50_days``, ``gap_p75_days``,
        ``gap_p90_days`` [days between consecutive purchase days of one customer; None without repeats].
    """
    _check_date("as_of", as_of)
    return store.scalar_row("repurchase_gaps", as_of=as_of)


def max_horizon_days(as_of: dt.date, data_start: dt.date) -> int:
    """The longest H the data supports: c0 = D − 2H must leave ``MIN_HISTORY_DAYS`` after the data start.

    H_max = ⌊(D − data_start − MIN_HISTORY_DAYS) / 2⌋ [days], at most ``MAX_HORIZON_DAYS``.
    """
    return min(MAX_HORIZON_DAYS, ((as_of - data_start).days - MIN_HISTORY_DAYS) // 2)


def horizon_from_gaps(gap_p75_days: float, *, max_days: int) -> int:
    """Default H from the 75th percentile of repurchase gaps: rounded up to whole weeks, within the bounds.

    H = clip(7 · ⌈p75 / 7⌉, 7, max_days) [days]. Whole weeks keep weekday patterns out of the comparison.
    """
    weeks = max(1, math.ceil(float(gap_p75_days) / 7))
    return int(max(MIN_HORIZON_DAYS, min(7 * weeks, max_days)))


def default_horizon_days(store: Store, as_of: dt.date) -> int:
    """The default churn horizon H [days] for ``as_of``: the 75th percentile of the gaps between consecutive
    purchase days (all customers, before ``as_of``), rounded up to whole weeks and capped so that the
    timeline D − 2H still leaves ``MIN_HISTORY_DAYS`` of history (:func:`max_horizon_days`).

    Raises ``InvalidInputError`` when nobody bought twice, or the history is too short for any H ≥ 7 days.
    """
    return default_horizon_from_gaps(repurchase_gaps(store, as_of), as_of)


def default_horizon_from_gaps(gaps: dict, as_of: dt.date) -> int:
    """:func:`default_horizon_days` from an already computed :func:`repurchase_gaps` row."""
    start = gaps.get("first_purchase_day")
    if start is None:
        raise InvalidInputError("parameters", "as_of", reason=f"no purchase before {as_of}; choose a later date",
                                reason_zh=f"{as_of} 之前没有任何购买；请选择更晚的日期")
    longest = max_horizon_days(as_of, start)
    if longest < MIN_HORIZON_DAYS:
        raise InvalidInputError("parameters", "as_of", reason=(
            f"the data start on {start}; the churn model needs at least {2 * MIN_HORIZON_DAYS + MIN_HISTORY_DAYS} "
            f"days of history before the as-of date {as_of} (two horizons of {MIN_HORIZON_DAYS} days plus "
            f"{MIN_HISTORY_DAYS} days); choose an as-of date on or after "
            f"{start + dt.timedelta(days=2 * MIN_HORIZON_DAYS + MIN_HISTORY_DAYS)}"), reason_zh=(
            f"数据时间跨度太短：数据从 {start} 开始，流失模型需要分析基准日 {as_of} 之前至少 "
            f"{2 * MIN_HORIZON_DAYS + MIN_HISTORY_DAYS} 天的历史（两个 {MIN_HORIZON_DAYS} 天的流失观察期加 "
            f"{MIN_HISTORY_DAYS} 天）；请选择 {start + dt.timedelta(days=2 * MIN_HORIZON_DAYS + MIN_HISTORY_DAYS)} "
            "或之后的分析基准日"))
    if not gaps.get("repeat_gaps"):
        raise InvalidInputError("transactions", "customer_id", reason=(
            f"no customer bought on two different days before {as_of}: churn is learnt from repeat purchases"),
            reason_zh=f"{as_of} 之前没有客户在两个不同的日期购买过：流失模型需要从复购中学习")
    return horizon_from_gaps(gaps["gap_p75_days"], max_days=longest)


def make_timeline(store: Store, as_of: dt.date, horizon_days: int, *, gaps: dict | None = None) -> Timeline:
    """The cutoffs for ``as_of`` and ``horizon_days``; raises ``InvalidInputError`` when they do not fit the data.

    ``gaps``: the :func:`repurchase_gaps` row of ``as_of`` when already computed (it holds the data start).
    """
    _check_date("as_of", as_of)
    if isinstance(horizon_days, bool) or not isinstance(horizon_days, numbers.Integral) or not (
            MIN_HORIZON_DAYS <= horizon_days <= MAX_HORIZON_DAYS):
        raise InvalidInputError("parameters", "horizon_days", reason=(
            f"must be a whole number of days from {MIN_HORIZON_DAYS} to {MAX_HORIZON_DAYS}; got {horizon_days!r}"),
            reason_zh=f"流失观察期必须是 {MIN_HORIZON_DAYS} 到 {MAX_HORIZON_DAYS} 之间的整数天数；当前为 {horizon_days!r}")
    horizon_days = int(horizon_days)
    start = (gaps if gaps is not None else repurchase_gaps(store, as_of)).get("first_purchase_day")
    if start is None:
        raise InvalidInputError("parameters", "as_of", reason=f"no purchase before {as_of}; choose a later date",
                                reason_zh=f"{as_of} 之前没有任何购买；请选择更晚的日期")
    c0 = as_of - dt.timedelta(days=2 * horizon_days)
    if (c0 - start).days < MIN_HISTORY_DAYS:
        longest = max_horizon_days(as_of, start)
        fix = (f"choose a horizon of at most {longest} days, or a later as-of date" if longest >= MIN_HORIZON_DAYS
               else "choose a later as-of date")
        fix_zh = (f"请选择不超过 {longest} 天的流失观察期，或更晚的分析基准日" if longest >= MIN_HORIZON_DAYS
                  else "请选择更晚的分析基准日")
        raise InvalidInputError("parameters", "horizon_days", reason=(
            f"a horizon of {horizon_days} days puts the training cutoff (as-of date − 2 × horizon) on {c0}, "
            f"but the data start on {start} and the model needs {MIN_HISTORY_DAYS} days of history before that "
            f"cutoff; {fix}"), reason_zh=(
            f"流失观察期为 {horizon_days} 天时，训练截止日（分析基准日 − 2 × 流失观察期）为 {c0}，但数据从 {start} 才开始，"
            f"模型需要该截止日之前至少 {MIN_HISTORY_DAYS} 天的历史；{fix_zh}"))
    return Timeline(as_of, horizon_days, c0, as_of - dt.timedelta(days=horizon_days), start)


def _check_date(name: str, value) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidInputError("parameters", name, reason=f"must be a date; got {value!r}")
