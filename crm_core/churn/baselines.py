"""The two baselines a churn model must beat: a recency rule and BG/NBD's 1 − P(alive).

- ``recency_rule``: rank customers by days since their last order (longer = riskier). Its probability, needed
  for the Brier score, is a one-feature logistic regression on log(1 + days since last order) fitted at the
  training cutoff; it is increasing in the days, so its ranking (ROC AUC, PR AUC, lift) is the rule's own.
- ``bgnbd_p_alive``: 1 − P(alive) of the BG/NBD model (Fader, Hardie & Lee 2005, eq. (A.3); note 021),
  fitted on the CustomerTable at the cutoff in weeks. BG/NBD needs no labels, so it is fitted on the
  history before the evaluation cutoff itself. 1 − P(alive) is the probability of having *already* left;
  an alive customer may still not buy within H days, so it tends to understate the churn rate (its Brier
  score suffers, its ranking need not).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from ..clv.bgnbd import BetaGeo
from ..customers import customer_table
from ..errors import InvalidInputError
from ..store import Store

BASELINE_NAMES = ("bgnbd_p_alive", "recency_rule")


class RecencyRule:
    """P(churn) from days since the last order alone: logistic regression on log(1 + days).

    P = 1 / (1 + exp(−(β₀ + β₁ · log(1 + days)))); ``coef_`` = (β₀, β₁) after :meth:`fit`.
    """

    def fit(self, days_since_last_order, churned) -> RecencyRule:
        x = np.log1p(np.asarray(days_since_last_order, float)).reshape(-1, 1)
        m = LogisticRegression(max_iter=1000).fit(x, np.asarray(churned, int))
        self.coef_ = (float(m.intercept_[0]), float(m.coef_[0, 0]))
        self._model = m
        return self

    def predict_proba(self, days_since_last_order) -> np.ndarray:
        """P(churn) [probability] for each customer."""
        x = np.log1p(np.asarray(days_since_last_order, float)).reshape(-1, 1)
        return self._model.predict_proba(x)[:, 1]


def bgnbd_churn_probability(store: Store, cutoff: dt.date, customer_ids) -> tuple[np.ndarray, str]:
    """1 − P(alive) at ``cutoff`` for ``customer_ids``, and a note ("" when fine).

    The BG/NBD model (``crm_core.clv.bgnbd.BetaGeo``, weeks — the purchase half of
    ``crm_core.clv.customer_value.fit_btyd``; the spend model is not needed here, so its own failures cannot
    remove this baseline) is fitted on the CustomerTable as of ``cutoff``. When the data cannot support the fit (``InvalidInputError``), the result is all NaN and the
    note says why; customers missing from the table get NaN.
    """
    ct = customer_table(store, cutoff, time_unit="week")
    try:
        fitted = BetaGeo(time_unit="week").fit(ct["frequency"], ct["recency"], ct["T"])
    except InvalidInputError as err:
        return np.full(len(customer_ids), np.nan), f"BG/NBD could not be fitted: {err}"
    alive = fitted.p_alive(ct["frequency"], ct["recency"], ct["T"])
    by_id = pd.Series(1.0 - np.asarray(alive, float), index=ct["customer_id"].to_numpy())
    return by_id.reindex(pd.Index(customer_ids)).to_numpy(dtype=float), ""
