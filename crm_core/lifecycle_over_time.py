"""Lifecycle stages over time: stage counts month by month, movement between two as-of dates, and the
check of the rules against what happened next.

The stage rules are those of :mod:`crm_core.lifecycle` (``sql/cte_stage_rules.sql``); this module counts them
at many dates (``sql/monthly_stage_counts.sql``), compares two results customer by customer, and compares the stages at
a past date with the purchases after it (``sql/churn_labels.sql``, the churn label's definition of buying
again).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .churn.labels import churn_labels
from .errors import InvalidInputError
from .lifecycle import (
    DEFAULT_THRESHOLDS,
    RULE_STAGE_CODES,
    STAGES,
    StageThresholds,
    check_date,
    customer_stages,
    gap_ceilings,
    stage_rule_params,
)
from .store import Store
from .transitions import flows, from_to_matrix

NOT_YET = "not_yet"  # transitions: not a customer yet at the earlier date
VALIDATION_WINDOW_DAYS = 180  # the rules' check: bought again within this many days after the stage date


def month_starts(first_date: dt.date, as_of: dt.date) -> list[dt.date]:
    """As-of dates for month-by-month counts: the first day of every month after ``first_date``'s month
    up to ``as_of``, plus ``as_of`` itself (as of the 1st = the state at the end of the month before)."""
    check_date(first_date, "first_date")
    check_date(as_of)
    out, y, m = [], first_date.year, first_date.month
    while True:
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        d = dt.date(y, m, 1)
        if d >= as_of:
            break
        out.append(d)
    return [*out, as_of]


def monthly_stage_counts(store: Store, as_of_dates, thresholds: StageThresholds = DEFAULT_THRESHOLDS) -> pd.DataFrame:
    """Customers per stage at each date of ``as_of_dates`` (e.g. :func:`month_starts`).

    The stage rules are those of :func:`customer_stages` — the same SQL, ``sql/cte_stage_rules.sql``, applied
    at every date to the lines before it (the population gap is the median at that date; the lost ceiling
    the percentile of the gaps before that date, :func:`crm_core.lifecycle.gap_ceilings`). The inputs are
    ``sql/cte_stage_inputs_over_time.sql``: running totals per customer over the dates, each state repeated
    for the dates it holds, so the lines are read once for all dates; ``sql/monthly_stage_counts.sql``
    classifies them in the database and returns only the (date, rule) counts [customers]. At 10M lines, 1M
    customers and 36 dates: 11.4–12.1 s, 3.2–3.9× the bare customer summary in the same process (bench/README.md,
    2026-12-04), where the first SQL route took 20.6 s and the route before it (per-customer rows shipped to
    pandas in 4M-row chunks) 21× the summary. The counts are those of one :func:`customer_stages` per date
    (tests/test_lifecycle.py).

    Parameters
    ----------
    store : a store holding ``transactions`` (may be frozen: the query only reads).
    as_of_dates : the dates D [dates]; lines dated before each D count; duplicates are dropped.
    thresholds : the rule boundaries (:class:`StageThresholds`; P(alive) is not used here).

    Returns
    -------
    One row per date, sorted: ``as_of`` then one column per id of ``STAGES`` [customers].
    """
    thresholds.check()
    dates = sorted({d for d in as_of_dates})
    if not dates:
        raise InvalidInputError("parameters", "as_of_dates", reason="at least one date is needed")
    for d in dates:
        check_date(d, "as_of_dates")
    params = stage_rule_params(thresholds, gap_ceilings(store, dates, thresholds))
    got = store.run("monthly_stage_counts", **params)
    counts = np.zeros((len(dates), len(STAGES)), dtype=np.int64)
    if len(got):
        at = np.searchsorted(np.array(dates, dtype="datetime64[D]"), got["as_of"].to_numpy(dtype="datetime64[D]"))
        stage = RULE_STAGE_CODES[got["rule_code"].to_numpy()]
        np.add.at(counts, (at, stage), got["customers"].to_numpy(dtype=np.int64))
    table = pd.DataFrame(counts, index=pd.Index(dates), columns=list(STAGES))
    table.index.name = "as_of"
    table.columns.name = None
    return table.reset_index()


def transitions(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Customers moving between stages from ``before`` to ``after`` (two :func:`customer_stages` results).

    Customers only in ``after`` come from ``NOT_YET`` (first order between the two dates). Returns
    ``from, to, customers`` for every pair with at least one customer, sorted in ``STAGES`` order.
    """
    out = flows(before.set_index("customer_id")["stage"], after.set_index("customer_id")["stage"], NOT_YET)
    rank = {s: i for i, s in enumerate([NOT_YET, *STAGES])}
    return out.sort_values(["from", "to"], key=lambda c: c.map(rank)).reset_index(drop=True)


def transition_matrix(flows: pd.DataFrame) -> pd.DataFrame:
    """:func:`transitions` as a from × to table of customers (rows ``NOT_YET`` + ``STAGES``, columns
    ``STAGES``), zeros included."""
    return from_to_matrix(flows, [NOT_YET, *STAGES], STAGES)


def validate_stages(store: Store, as_of: dt.date, window_days: int = VALIDATION_WINDOW_DAYS,
                    thresholds: StageThresholds = DEFAULT_THRESHOLDS, *, data_end: dt.date) -> pd.DataFrame:
    """The stage rules checked against what happened next: per stage at a past date, the share of its
    customers who bought again in the following ``window_days``.

    Parameters
    ----------
    as_of : the stage date D (lines before it decide the stages, :func:`crm_core.lifecycle.customer_stages`).
    window_days : H [days]; the outcome window is [D, D + H).
    thresholds : the stage rules' boundaries (without P(alive)).
    data_end : the day after the data's last line (lines before it are known); D + H must not be later,
        or the window would count purchases nobody could have seen yet.

    Returns
    -------
    One row per id of ``STAGES``, in order: ``stage``, ``customers`` [as of D], ``bought_again`` [customers
    with a purchase of a new order in [D, D + H), ``sql/churn_labels.sql``], ``bought_again_share``
    [= bought_again / customers; NaN for an empty stage].

    Notes
    -----
    If the rules read the purchase rhythm well, the share falls from the active stages (formation, stable)
    through decline to lost: lost customers should rarely come back. Source: this product's check (issue
    #11), the churn label's window (DESIGN.md §3, "Churn").
    """
    check_date(as_of)
    check_date(data_end, "data_end")
    h = window_days
    if isinstance(h, bool) or not isinstance(h, (int, np.integer)) or h < 1:
        raise InvalidInputError("parameters", "window_days", reason=f"must be a whole number of days >= 1; got {h!r}",
                                reason_zh=f"观察窗口必须是不小于 1 的整数天数；当前为 {h!r}")
    end = as_of + dt.timedelta(days=int(h))
    if end > data_end:
        raise InvalidInputError("parameters", "as_of", reason=(
            f"the window [{as_of}, {end}) of {h} days after the stage date ends after the data (last line on "
            f"{data_end - dt.timedelta(days=1)}); choose a stage date on or before {data_end - dt.timedelta(days=int(h))}"),
            reason_zh=(f"阶段日期之后 {h} 天的观察窗口 [{as_of}, {end}) 超出了数据范围（最后一行在 "
                       f"{data_end - dt.timedelta(days=1)}）；请选择 {data_end - dt.timedelta(days=int(h))} 或更早的阶段日期"))
    stages = customer_stages(store, as_of, thresholds)
    if stages.empty:
        raise InvalidInputError("parameters", "as_of", reason=f"no purchase before {as_of}; choose a later date",
                                reason_zh=f"{as_of} 之前没有任何购买；请选择更晚的日期")
    labels = churn_labels(store, as_of, int(h))
    both = stages[["customer_id", "stage"]].merge(labels, on="customer_id", how="left", validate="one_to_one")
    bought = both.groupby("stage")["churned"].agg(customers="size", bought_again=lambda c: int((~c).sum()))
    out = bought.reindex(list(STAGES)).fillna(0).astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["bought_again_share"] = np.where(out["customers"] > 0, out["bought_again"] / out["customers"], np.nan)
    out.index.name = "stage"
    return out.reset_index()
