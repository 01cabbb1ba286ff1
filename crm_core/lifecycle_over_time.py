"""Lifecycle stages over time: stage counts month by month, and movement between two as-of dates.

The stage rules are those of :mod:`crm_core.lifecycle`; this module applies them at many dates
(``sql/stage_inputs_over_time.sql``) and compares two results customer by customer.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .errors import InvalidInputError
from .lifecycle import DEFAULT_THRESHOLDS, STAGES, StageThresholds, check_date, stage_codes
from .store import Store

NOT_YET = "not_yet"  # transitions: not a customer yet at the earlier date


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


def monthly_stage_counts(store: Store, as_of_dates, thresholds: StageThresholds = DEFAULT_THRESHOLDS, *,
                         max_rows: int = 4_000_000) -> pd.DataFrame:
    """Customers per stage at each date of ``as_of_dates`` (e.g. :func:`month_starts`).

    The stage rules are those of :func:`customer_stages`, applied at every date to the lines before it
    (the population gap is the median at that date). The inputs come from
    ``sql/stage_inputs_over_time.sql``: running totals per customer and day, looked up at each date, so
    the lines are read once per query rather than once per date (at 1M lines and 36 dates about 8×
    faster than ``stage_inputs.sql`` with the same dates, and equal to it). To bound memory, a query
    covers at most ``max_rows`` (customer, date) rows: the last date runs first and sizes the rest.

    Returns one row per date: ``as_of`` then one column per id of ``STAGES`` [customers].
    """
    thresholds.check()
    dates = sorted({d for d in as_of_dates})
    if not dates:
        raise InvalidInputError("parameters", "as_of_dates", reason="at least one date is needed")
    for d in dates:
        check_date(d, "as_of_dates")
    index = {d: i for i, d in enumerate(dates)}
    counts = np.zeros((len(dates), len(STAGES)), dtype=np.int64)

    def count(chunk: list[dt.date]) -> int:
        inputs = store.run("stage_inputs_over_time", as_of_dates=chunk, recent_days=int(thresholds.recent_days))
        if len(inputs):
            codes = stage_codes(inputs, thresholds)["stage_code"]
            pos = np.searchsorted(np.array(chunk, dtype="datetime64[D]"), inputs["as_of"].to_numpy(dtype="datetime64[D]"))
            at = np.array([index[d] for d in chunk])[pos]  # row of each input in the full table
            counts.reshape(-1)[:] += np.bincount(at * len(STAGES) + codes, minlength=counts.size)
        return len(inputs)

    customers = count([dates[-1]])  # the most customers any of the dates has
    step = max(1, max_rows // max(customers, 1))
    for k in range(0, len(dates) - 1, step):
        count(dates[k:min(k + step, len(dates) - 1)])
    table = pd.DataFrame(counts, index=pd.Index(dates), columns=list(STAGES))
    table.index.name = "as_of"
    table.columns.name = None
    return table.reset_index()


def transitions(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Customers moving between stages from ``before`` to ``after`` (two :func:`customer_stages` results).

    Customers only in ``after`` come from ``NOT_YET`` (first order between the two dates). Returns
    ``from, to, customers`` for every pair with at least one customer, sorted in ``STAGES`` order.
    """
    a = before.set_index("customer_id")["stage"]
    b = after.set_index("customer_id")["stage"]
    src = a.reindex(b.index).fillna(NOT_YET)
    df = pd.DataFrame({"from": src.to_numpy(), "to": b.to_numpy()})
    out = df.groupby(["from", "to"]).size().rename("customers").reset_index()
    rank = {s: i for i, s in enumerate([NOT_YET, *STAGES])}
    return out.sort_values(["from", "to"], key=lambda c: c.map(rank)).reset_index(drop=True)


def transition_matrix(flows: pd.DataFrame) -> pd.DataFrame:
    """:func:`transitions` as a from × to table of customers (rows ``NOT_YET`` + ``STAGES``, columns
    ``STAGES``), zeros included."""
    m = flows.pivot_table(index="from", columns="to", values="customers", aggfunc="sum", fill_value=0)
    return m.reindex(index=[NOT_YET, *STAGES], columns=list(STAGES), fill_value=0).astype(int)
