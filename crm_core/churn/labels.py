"""The churn label (DESIGN.md §3): a customer churns if they make no purchase in the H days after a cutoff.

Population at a cutoff: every customer with a purchase line (amount ≥ 0) before it — no further filter, so
long-lapsed customers are included (they are easy cases, and the scores at the as-of date must cover them
too). The query is ``sql/churn_features_labels.sql`` (:func:`.features.churn_features_labels`), which
computes the features of :mod:`.features` in the same statement.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..store import Store
from .features import at_cutoff, churn_features_labels
from .horizon import _check_date


def churn_labels(store: Store, cutoff: dt.date, horizon_days: int) -> pd.DataFrame:
    """Per customer with a purchase before ``cutoff``: purchases in [cutoff, cutoff + H) and ``churned``.

    Parameters
    ----------
    cutoff : start of the label window [date].
    horizon_days : H [days]; the window is [cutoff, cutoff + H), end exclusive.

    Returns
    -------
    DataFrame ``customer_id``, ``purchases_in_window`` [distinct days in the window with a purchase line of a
    new order: an order id that had a purchase line before the cutoff is not one], ``churned`` [bool:
    purchases_in_window = 0], sorted by ``customer_id``.
    """
    _check_date("cutoff", cutoff)
    out = churn_features_labels(store, [cutoff], int(horizon_days), int(horizon_days))
    return at_cutoff(out, cutoff)[["customer_id", "purchases_in_window", "churned"]]
