"""Monthly acquisition cohorts and their retention (the lifecycle view's cohort heatmap).

A cohort is the customers whose first purchase line (amount >= 0) falls in one calendar month;
its retention k months later is the share of its customers with a purchase line in month
cohort + k. The counting is SQL over the transactions (``sql/cohort_retention.sql``).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .errors import InvalidInputError
from .store import Store


def cohort_retention(store: Store, as_of: dt.date) -> pd.DataFrame:
    """One row per (cohort month, months since first) with at least one active customer.

    Returns ``cohort_month`` [date, first of month], ``months_since_first`` [months, 0 = the cohort's own
    month], ``active_customers``, ``cohort_size`` [customers] and ``retention`` = active / size [share].
    Lines dated before ``as_of`` count, so the last month may be partial.
    """
    if not isinstance(as_of, dt.date):
        raise InvalidInputError("parameters", "as_of", reason=f"must be a date; got {as_of!r}")
    out = store.run("cohort_retention", as_of=as_of)
    out["cohort_month"] = pd.to_datetime(out["cohort_month"]).dt.date
    out["retention"] = out["active_customers"] / out["cohort_size"]
    return out


def retention_matrix(cohorts: pd.DataFrame) -> pd.DataFrame:
    """:func:`cohort_retention` as a cohort × months-since-first table of retention shares.

    Months a cohort has not reached yet (after the last data month) are NaN; reached months without
    any active customer are 0.
    """
    if cohorts.empty:
        return pd.DataFrame()
    m = cohorts.pivot(index="cohort_month", columns="months_since_first", values="retention")
    m = m.reindex(columns=range(int(cohorts["months_since_first"].max()) + 1))
    last = max(c + pd.DateOffset(months=int(k)) for c, k in
               zip(pd.to_datetime(cohorts["cohort_month"]), cohorts["months_since_first"], strict=True))
    starts = pd.to_datetime(pd.Series(m.index))
    reached = ((last.year - starts.dt.year) * 12 + last.month - starts.dt.month).to_numpy()
    values = m.to_numpy(dtype=float)
    cols = np.arange(values.shape[1])
    values = np.where(cols[None, :] <= reached[:, None], np.nan_to_num(values, nan=0.0), np.nan)
    return pd.DataFrame(values, index=m.index, columns=m.columns)
