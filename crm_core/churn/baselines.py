"""The two baselines a churn model must beat: a recency rule and BG/NBD's 1 − P(alive).

- ``recency_rule``: rank customers by days since their last order (longer = riskier). Its probability, needed
  for the Brier score, is a one-feature logistic regression on log(1 + days since last order) fitted at the
  training cutoff; it is increasing in the days, so its ranking (ROC AUC, PR AUC, lift) is the rule's own.
- ``bgnbd_p_alive``: 1 − P(alive) of the BG/NBD model (Fader, Hardie & Lee 2005, eq. (A.3); note 021),
  fitted on the CustomerTable's BTYD inputs at the cutoff in weeks (read off the churn features there, so no
  other scan of the lines). BG/NBD needs no labels, so it is fitted on the history before the evaluation
  cutoff itself. 1 − P(alive) is the probability of having *already* left;
  an alive customer may still not buy within H days, so it tends to understate the churn rate (its Brier
  score suffers, its ranking need not).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from ..clv.bgnbd import BetaGeo
from ..errors import InvalidInputError

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


# Days per BG/NBD time unit: weeks, as the CLV page's default (crm_core.customers.TIME_UNITS["week"]).
BGNBD_UNIT_DAYS = 7.0


def btyd_inputs_from_features(features: pd.DataFrame, *, unit_days: float = BGNBD_UNIT_DAYS) -> pd.DataFrame:
    """The BTYD inputs of ``sql/btyd_inputs.sql`` at a cutoff, read off the churn features at that cutoff.

    Parameters
    ----------
    features : :func:`.features.churn_features` at cutoff c (``purchase_days``, ``tenure_days``,
        ``days_since_last_order`` [days]).
    unit_days : days per time unit [days]; 7 = weeks.

    Returns
    -------
    DataFrame ``customer_id``, ``frequency`` [repeat purchase days], ``recency``, ``T`` [units], in the rows
    and order of ``features`` — the customers with a purchase before c, by ``customer_id``, the rows of
    ``customer_table(store, c)``.

    Notes
    -----
    With first / last purchase day f, l before c (Fader, Hardie & Lee 2005's x, t_x, T; DESIGN.md §2):
    x = purchase_days − 1; t_x = (l − f) / u = (tenure_days − days_since_last_order) / u;
    T = (c − 1 − f) / u = (tenure_days − 1) / u (T runs to the last observed day, as in
    ``crm_core.customers.customer_table``). The day differences are whole numbers, so these divisions give
    the same floating-point values as the SQL's.
    """
    tenure = features["tenure_days"].to_numpy(dtype=np.float64)
    silence = features["days_since_last_order"].to_numpy(dtype=np.float64)
    return pd.DataFrame({"customer_id": features["customer_id"].to_numpy(),
                         "frequency": features["purchase_days"].to_numpy(dtype=np.float64) - 1.0,
                         "recency": (tenure - silence) / float(unit_days),
                         "T": (tenure - 1.0) / float(unit_days)})


def bgnbd_churn_probability(features: pd.DataFrame) -> tuple[np.ndarray, str]:
    """1 − P(alive) at a cutoff for each row of ``features`` (the churn features there), and a note ("" when fine).

    The BG/NBD model (``crm_core.clv.bgnbd.BetaGeo``, weeks — the purchase half of
    ``crm_core.clv.customer_value.fit_btyd``; the spend model is not needed here, so its own failures cannot
    remove this baseline) is fitted on every customer with a purchase before the cutoff, with the inputs
    of :func:`btyd_inputs_from_features` (the CustomerTable's frequency, recency and T, without another scan
    of the lines). When the data cannot support the fit (``InvalidInputError``), the result is all NaN and
    the note says why.

    Returns
    -------
    (1 − P(alive) [probability] per row of ``features``, note). P(alive): Fader, Hardie & Lee (2005),
    "Counting your customers the easy way", Marketing Science 24(2), eq. (A.3); note 021.
    """
    ct = btyd_inputs_from_features(features)
    try:
        fitted = BetaGeo(time_unit="week").fit(ct["frequency"], ct["recency"], ct["T"])
    except InvalidInputError as err:
        return np.full(len(ct), np.nan), f"BG/NBD could not be fitted: {err}"
    alive = fitted.p_alive(ct["frequency"], ct["recency"], ct["T"])
    return 1.0 - np.asarray(alive, float), ""
