"""Per-customer predicted CLV: BG/NBD purchases × Gamma-Gamma spend, discounted, for a CustomerTable.

This module owns the combination of the two fitted models into money per customer, and the one
call that fits both on a CustomerTable. The models themselves are :mod:`.bgnbd` and
:mod:`.gamma_gamma`; the CustomerTable (``frequency``, ``recency``, ``T`` in one time unit,
``mean_repeat_spend``) is ``crm_core.customers``'.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InvalidInputError
from . import bgnbd, gamma_gamma
from .bgnbd import BetaGeo
from .gamma_gamma import GammaGamma

REQUIRED_COLUMNS = ("customer_id", "frequency", "recency", "T", "mean_repeat_spend")

# The app's default forecast for predicted CLV as a value metric: the next 52 weeks, money discounted at
# 10 % a year (a common cost-of-capital figure; the CLV page lets the user change both).
DEFAULT_HORIZON_WEEKS = 52
DEFAULT_DISCOUNT_RATE_ANNUAL = 0.10
WEEKS_PER_YEAR = 52
# periods of each BTYD time unit in a year, for the default discount rate per period (a 52-week year, as the
# CLV page counts it; crm_core.customers.TIME_UNITS holds each unit's length in days)
PERIODS_PER_YEAR: dict[str, int] = {"week": WEEKS_PER_YEAR, "day": 365, "month": 12}


def rate_per_period(annual_rate: float, periods_per_year: float = WEEKS_PER_YEAR) -> float:
    """The per-period discount rate equivalent to ``annual_rate`` compounded ``periods_per_year`` times.

    Parameters
    ----------
    annual_rate : float
        Discount rate per year [fraction / year], > -1.
    periods_per_year : float, default 52
        Periods in a year [periods / year], > 0 (52 weeks, 12 months, 365 days).

    Returns
    -------
    float
        d = (1 + annual_rate)^(1 / periods_per_year) − 1 [fraction / period]; 10 % a year is
        0.001835 a week, (1.001835)^52 = 1.10.

    Examples
    --------
    >>> round(rate_per_period(0.10), 6)
    0.001835
    """
    if not (np.isfinite(annual_rate) and annual_rate > -1):
        raise InvalidInputError("parameters", "annual_rate", reason=f"annual_rate must be > -1; got {annual_rate!r}",
                                reason_zh=f"年折现率必须大于 -1；当前为 {annual_rate!r}")
    if not (np.isfinite(periods_per_year) and periods_per_year > 0):
        raise InvalidInputError("parameters", "periods_per_year",
                                reason=f"periods_per_year must be > 0; got {periods_per_year!r}")
    return float((1.0 + annual_rate) ** (1.0 / periods_per_year) - 1.0)


def default_rate(periods_per_year: float = WEEKS_PER_YEAR) -> float:
    """The app's default discount rate per period: 10 % a year (:func:`rate_per_period`), rounded to 6 decimals
    (4 decimals of a percent, as the CLV page shows it), so that every page asks for the same predictions.

    >>> default_rate()
    0.001835
    """
    return round(rate_per_period(DEFAULT_DISCOUNT_RATE_ANNUAL, periods_per_year), 6)


# How each customer's expected spend was obtained (the ``spend_basis`` column).
SPEND_BASIS = {
    "own_history": "Gamma-Gamma: own repeat spend shrunk towards the population mean",
    "one_time_buyer": "population mean (no repeat purchase yet: Gamma-Gamma uses repeat spend only)",
    "nonpositive_spend": "population mean (repeat spend net of returns is zero or less)",
    "pooled_mean": "pooled mean repeat spend (spend does not differ between customers: the Gamma-Gamma "
                   "model's limit)",
}


def customer_lifetime_value(r, alpha, a, b, p, q, v, frequency, recency, T, mean_spend, *, horizon: int,
                            discount_rate: float, margin: float = 1.0) -> np.ndarray:
    """Expected discounted value of each customer's purchases over the next ``horizon`` periods.

    Parameters
    ----------
    r, alpha, a, b : float
        BG/NBD parameters; ``alpha`` [time unit].
    p, q, v : float
        Gamma-Gamma parameters (q > 1); ``v`` [currency].
    frequency, recency, T : array_like
        x [count], t_x and T [time unit].
    mean_spend : array_like
        Mean repeat spend z̄ [currency]; ignored where x = 0 (population mean used).
    horizon : int
        Forecast horizon H [whole periods of the time unit].
    discount_rate : float
        d per period of the time unit [fraction]; e.g. 10 % a year is (1.10)^(1/52) − 1 ≈ 0.00183 per week.
    margin : float, default 1.0
        Fraction of spend counted as value (1 = revenue; a gross margin gives profit) [0..1].

    Returns
    -------
    ndarray
        CLV_H = margin × E[M | x, z̄] × Σ_{k=1..H} (E[Y(k)] − E[Y(k−1)]) / (1+d)^k [currency].

    Notes
    -----
    Purchases of period k (T+k−1, T+k] are discounted by (1+d)^k, as if made at its end (see
    :func:`.bgnbd.discounted_expected_purchases`); spend per purchase is Gamma-Gamma's expectation,
    independent of the count (the model's assumption). The present is the end of the calibration
    window T; the customer's past purchases are not part of the value.

    References
    ----------
    Fader, Hardie & Lee (2005), Marketing Science 24(2), eq. (10); Fader & Hardie (2013), note 025, eq. (5).
    """
    if not (np.isfinite(margin) and 0 <= margin <= 1):
        raise InvalidInputError("parameters", "margin", reason=f"margin must be between 0 and 1; got {margin!r}",
                                reason_zh=f"毛利率必须在 0 到 1 之间；当前为 {margin!r}")
    det = bgnbd.discounted_expected_purchases(r, alpha, a, b, frequency, recency, T, horizon=horizon,
                                              discount_rate=discount_rate)
    return margin * gamma_gamma.expected_spend(p, q, v, frequency, mean_spend) * det


@dataclass(frozen=True)
class FittedBTYD:
    """Both models fitted on one CustomerTable, with the time unit they share."""

    purchases: BetaGeo
    spend: GammaGamma
    time_unit: str


def _require_columns(customers: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in customers.columns]
    if missing:
        raise InvalidInputError("customers", missing, reason=(
            f"required column(s) not found; the table has: {', '.join(map(str, customers.columns))}"))


def fit_btyd(customers: pd.DataFrame, *, time_unit: str = "week") -> FittedBTYD:
    """Fit BG/NBD on every customer and Gamma-Gamma on the repeat customers with positive spend.

    When spend does not differ between customers, the Gamma-Gamma part is the model's limit (every expected
    spend = the pooled mean repeat spend; ``fitted.spend.method_``, see :mod:`.gamma_gamma`).

    Parameters
    ----------
    customers : DataFrame
        A CustomerTable (``crm_core.customers.customer_table``) built with the same ``time_unit``.
    time_unit : {"day", "week", "month"}, default "week"
        The unit of ``recency`` and ``T`` in ``customers``.

    Returns
    -------
    FittedBTYD
    """
    _require_columns(customers)
    purchases = BetaGeo(time_unit=time_unit).fit(customers["frequency"], customers["recency"], customers["T"])
    spend = GammaGamma().fit(customers["frequency"], customers["mean_repeat_spend"])
    return FittedBTYD(purchases, spend, time_unit)


def predict_customers(customers: pd.DataFrame, fitted: FittedBTYD, *, horizon: int, discount_rate: float,
                      margin: float = 1.0) -> pd.DataFrame:
    """Per customer: P(alive), expected purchases and spend, and CLV over the horizon.

    Parameters
    ----------
    customers : DataFrame
        A CustomerTable in ``fitted.time_unit``.
    fitted : FittedBTYD
        From :func:`fit_btyd`.
    horizon : int
        H [whole periods of ``fitted.time_unit``].
    discount_rate : float
        Per period of ``fitted.time_unit`` [fraction].
    margin : float, default 1.0
        Fraction of spend counted as value [0..1].

    Returns
    -------
    DataFrame
        ``customer_id``; ``p_alive`` [probability]; ``expected_purchases`` in the next H periods
        [purchases]; ``expected_spend`` per purchase [currency]; ``spend_basis`` (categorical, the keys
        of ``SPEND_BASIS``); ``clv_expected`` = margin × spend × discounted purchases [currency].
        ``attrs`` holds horizon, time_unit, discount_rate_per_period and margin.
    """
    _require_columns(customers)
    x, tx, t_end = customers["frequency"], customers["recency"], customers["T"]
    m = customers["mean_repeat_spend"].to_numpy(dtype=np.float64, na_value=np.nan)
    bg, gg = fitted.purchases, fitted.spend
    x_arr = x.to_numpy(dtype=np.float64)
    own = (x_arr > 0) & (m > 0)
    pooled = gg.method_ == gamma_gamma.METHOD_POOLED_MEAN
    codes = np.where(own, 3 if pooled else 0, np.where(x_arr == 0, 1, 2))
    basis = pd.Categorical.from_codes(codes, categories=list(SPEND_BASIS))
    spend = gg.expected_spend(np.where(own, x_arr, 0.0), np.where(own, m, 0.0))  # x = 0: population mean
    if not (np.isfinite(margin) and 0 <= margin <= 1):
        raise InvalidInputError("parameters", "margin", reason=f"margin must be between 0 and 1; got {margin!r}",
                                reason_zh=f"毛利率必须在 0 到 1 之间；当前为 {margin!r}")
    fc = bg.forecast(x, tx, t_end, horizon=horizon, discount_rate=discount_rate)
    out = pd.DataFrame({
        "customer_id": customers["customer_id"].to_numpy(),
        "p_alive": fc["p_alive"],
        "expected_purchases": fc["expected_purchases"],
        "expected_spend": spend,
        "spend_basis": basis,
        "clv_expected": margin * spend * fc["discounted_purchases"],
    })
    out.attrs.update(horizon=horizon, time_unit=fitted.time_unit, discount_rate_per_period=discount_rate,
                     margin=margin)
    return out
