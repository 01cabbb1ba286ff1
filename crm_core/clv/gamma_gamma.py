"""The Gamma-Gamma model of spend per purchase (Fader & Hardie 2013, note 025): likelihood, expected spend, fitter.

This module owns the spend side of BTYD: the density of a customer's mean repeat spend, the
expected spend per purchase given the customer's history, the check of the model's independence
assumption, and :class:`GammaGamma`, the maximum-likelihood fitter. Purchase counts are
:mod:`.bgnbd`'s; money over a horizon is :mod:`.customer_value`'s.

Inputs, per customer: ``frequency`` x, the repeat purchases [count], and ``mean_spend`` z̄, their mean
value [dataset currency] (the CustomerTable's ``mean_repeat_spend``). Parameters: spend per purchase
~ Gamma(shape p, rate ν), ν ~ Gamma(shape q, rate v) across customers; ``v`` is γ of note 025
[currency]; all > 0, and q > 1 for a finite mean.

References
----------
.. [1] Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma Model of Monetary Value.
   http://brucehardie.com/notes/025/
.. [2] Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: Using Iso-Value Curves for
   Customer Base Analysis. Journal of Marketing Research 42(4), 415-430 (the model's first use).

When the customers do not differ in spend, the likelihood has no interior maximum: it rises along a ridge
towards q, γ → ∞ with the population mean p·γ/(q − 1) fixed. :class:`GammaGamma` then uses the model's limit
(:func:`pooled_mean_spend`) and says so (``method_``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import digamma, gammaln

from ..errors import InvalidInputError
from . import _mle

PARAM_NAMES = ("p", "q", "v")

# Gamma-Gamma assumes spend per purchase independent of purchase frequency (note 025). Above this
# |Pearson correlation| of x and z̄ we warn (the threshold; the CDNOW sample has 0.11).
MAX_ABS_FREQUENCY_SPEND_CORRELATION = 0.3

# Fewer repeat buyers with positive spend than this and we refuse to fit (our rule of thumb).
MIN_REPEAT_CUSTOMERS = 20

# How the expected spends were obtained (``GammaGamma.method_``).
METHOD_FIT = "gamma_gamma"              # maximum likelihood, note 025
METHOD_POOLED_MEAN = "pooled_mean_limit"  # the model's limit without between-customer heterogeneity

# The ridge. Under the model a customer's mean spend per purchase is ζ = p/ν with ν ~ Gamma(q, γ), so across
# customers CV(ζ) = 1/√(q − 2) (q > 2). Below NEGLIGIBLE_SPEND_CV (1 %: a spread of cents on a mean of some
# yuan; our choice) the customers do not differ in spend for any purpose of the app; the q this takes is
# RIDGE_MIN_Q = 2 + 1/0.01² = 10,002 (CDNOW's q is 3.74). An optimum or a last iterate beyond it whose
# population mean p·γ/(q − 1) agrees with the limit's (:func:`pooled_mean_spend`) to RIDGE_MEAN_RTOL is on the
# ridge: q and γ grow together along it. When the optimiser ran off to non-finite values, the data decide: a
# CV of the observed z̄ at most NEGLIGIBLE_SPEND_CV bounds the between-customer CV as well (the observed spread
# adds sampling noise to it, never removes any).
NEGLIGIBLE_SPEND_CV = 0.01
RIDGE_MIN_Q = 2.0 + NEGLIGIBLE_SPEND_CV ** -2
RIDGE_MEAN_RTOL = 1e-3


def _check_params(p, q, v, caller: str) -> tuple[float, float, float]:
    values = tuple(float(x) for x in (p, q, v))
    for name, x in zip(PARAM_NAMES, values, strict=True):
        _mle.check_positive(name, x, caller=caller)
    _mle.check_positive("q", values[1], caller=caller, minimum=1.0)
    return values


def _check_spend(frequency, mean_spend, *, need_spend_when_repeat: bool = True):
    """(x, z̄, labels); z̄ may be missing (NaN) only where x = 0."""
    labels = _mle.labels_of(frequency)
    x = _mle.as_column(frequency, "frequency", labels=labels)
    m = np.asarray(mean_spend, dtype=np.float64).reshape(-1) if np.ndim(mean_spend) else np.array([mean_spend], float)
    _mle.same_length({"frequency": x, "mean_spend": m})
    _mle.require((x >= 0) & (x == np.floor(x)), "frequency", "frequency is a whole number >= 0", labels)
    if need_spend_when_repeat:
        _mle.require(np.isfinite(m) | (x == 0), "mean_spend", "mean_spend is a number when frequency > 0", labels)
    return x, m, labels


def log_likelihood(p, q, v, frequency, mean_spend) -> np.ndarray:
    """Log-density of each repeat customer's mean spend z̄ given x, under Gamma-Gamma.

    Parameters
    ----------
    p, q, v : float
        Gamma-Gamma parameters (> 0); ``v`` [currency].
    frequency : array_like
        Repeat purchases x [count], > 0.
    mean_spend : array_like
        Mean spend per repeat purchase z̄ [currency], > 0.

    Returns
    -------
    ndarray
        ln f(z̄ | p, q, v; x) [log of a density per currency unit].

    Notes
    -----
    .. math::

        f(\\bar z \\mid p, q, \\gamma; x) = \\frac{\\Gamma(px+q)}{\\Gamma(px)\\Gamma(q)}
        \\frac{\\gamma^q\\, \\bar z^{px-1}\\, x^{px}}{(\\gamma + x\\bar z)^{px+q}}

    with γ = ``v``: z̄ | ν ~ Gamma(px, νx) mixed over ν ~ Gamma(q, γ).

    References
    ----------
    [1]_ p. 2 (module references).
    """
    p, q, v = (float(t) for t in (p, q, v))
    for name, t in zip(PARAM_NAMES, (p, q, v), strict=True):
        _mle.check_positive(name, t, caller="log_likelihood")
    x, m, labels = _check_spend(frequency, mean_spend)
    _mle.require(x > 0, "frequency", "frequency > 0 (one-time buyers have no repeat spend)", labels)
    _mle.require(m > 0, "mean_spend", "mean_spend > 0", labels)
    px = p * x
    return (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(v) + (px - 1) * np.log(m) + px * np.log(x)
            - (px + q) * np.log(v + x * m))


def population_mean_spend(p, q, v) -> float:
    """Mean spend per purchase across customers, E[Z] = p·v/(q − 1) [currency]; requires q > 1.

    References
    ----------
    [1]_ p. 3 (module references).
    """
    p, q, v = _check_params(p, q, v, "population_mean_spend")
    return p * v / (q - 1)


def expected_spend(p, q, v, frequency, mean_spend) -> np.ndarray:
    """Expected mean spend per purchase for each customer, E[M | x, z̄].

    Parameters
    ----------
    p, q, v : float
        Gamma-Gamma parameters (> 0, q > 1); ``v`` [currency].
    frequency : array_like
        Repeat purchases x [count], >= 0.
    mean_spend : array_like
        Mean spend per repeat purchase z̄ [currency]; ignored (may be NaN) where x = 0.

    Returns
    -------
    ndarray
        E[M | x, z̄] [currency]; the population mean p·v/(q−1) for one-time buyers (x = 0).

    Notes
    -----
    A weighted mean of the population mean and the customer's own mean:

    .. math::

        E[M \\mid x, \\bar z] = (1-w)\\,\\frac{p\\gamma}{q-1} + w\\,\\bar z,
        \\qquad w = \\frac{px}{px+q-1}

    so it lies between the two, and moves to z̄ as x grows.

    References
    ----------
    [1]_ p. 3, eq. (5) (module references).
    """
    p, q, v = _check_params(p, q, v, "expected_spend")
    x, m, _ = _check_spend(frequency, mean_spend)
    w = p * x / (p * x + q - 1)
    pop = p * v / (q - 1)
    return np.where(x > 0, (1 - w) * pop + w * np.where(x > 0, m, 0.0), pop)


def pooled_mean_spend(frequency, mean_spend, weights=None) -> float:
    """Gamma-Gamma's limit without between-customer heterogeneity: the pooled mean repeat spend [currency].

    Parameters
    ----------
    frequency : array_like
        Repeat purchases x [count]; customers with x = 0 or z̄ <= 0 are left out (as in the fit).
    mean_spend : array_like
        Mean spend per repeat purchase z̄ [currency].
    weights : array_like, optional
        Customers per row [count] (1 each by default).

    Returns
    -------
    float
        μ̂ = Σ x·z̄ / Σ x: all repeat spend over all repeat purchases [currency]; every customer's expected
        spend per purchase in the limit, whatever their own history.

    Notes
    -----
    Gamma-Gamma (note 025): spend per purchase ~ Gamma(p, ν), ν ~ Gamma(q, γ) across customers, so ν has
    mean q/γ and variance q/γ². Let q → ∞ with q/γ → ν₀ fixed: ν concentrates at ν₀, every customer's mean
    spend is the same μ = p/ν₀, and the population mean p·γ/(q − 1) → μ. Each customer's expectation

    .. math::

        E[M \\mid x, \\bar z] = (1-w)\\,\\frac{p\\gamma}{q-1} + w\\,\\bar z,
        \\qquad w = \\frac{px}{px+q-1} \\to 0

    tends to μ: with no differences between customers, a customer's own history says nothing more about
    their spend than everyone's does. This is the ridge the likelihood climbs when spend does not vary
    between customers (q, γ grow without bound, p·γ/(q − 1) stays put). In the limit z̄ | x ~ Gamma(px, ν₀x),
    so ln L(ν₀) = Σ (px ln ν₀ − ν₀ x z̄) + const, maximal at ν̂₀ = p Σx / Σ x z̄: μ̂ = p/ν̂₀ = Σ x z̄ / Σ x,
    whatever p. (p, the spread of each customer's spends around their mean, does not enter the expectation
    and is not estimated.)

    References
    ----------
    [1]_ p. 2-3, eq. (5); [2]_ (the model's first use, with the conditional expectation) (module references).

    Examples
    --------
    >>> pooled_mean_spend([1, 3], [10.0, 30.0])   # (1·10 + 3·30) / 4
    25.0
    """
    x, m, labels = _check_spend(frequency, mean_spend)
    w = np.ones_like(x) if weights is None else _mle.as_column(weights, "weights", labels=labels)
    keep = (x > 0) & (m > 0) & (w > 0)
    purchases = _mle.dot(w[keep], x[keep])
    if purchases <= 0:
        raise InvalidInputError(_mle.TABLE, "frequency", reason="no repeat purchase with positive spend",
                                reason_zh="没有消费额为正的重复购买")
    return _mle.dot(w[keep] * x[keep], m[keep]) / purchases


def on_spend_ridge(params, frequency, mean_spend, weights=None) -> bool:
    """Whether a Gamma-Gamma fit (or the optimiser's last iterate) ``params`` = (p, q, γ) is on the ridge.

    True when q > ``RIDGE_MIN_Q`` (between-customer CV of mean spend 1/√(q − 2) below ``NEGLIGIBLE_SPEND_CV``)
    and p·γ/(q − 1) is within ``RIDGE_MEAN_RTOL`` of :func:`pooled_mean_spend`; or, when the iterate is not
    finite, when the customers' z̄ themselves vary by at most ``NEGLIGIBLE_SPEND_CV`` (weighted CV over the
    repeat customers with positive spend).
    """
    x, m, labels = _check_spend(frequency, mean_spend)
    w = np.ones_like(x) if weights is None else _mle.as_column(weights, "weights", labels=labels)
    keep = (x > 0) & (m > 0) & (w > 0)
    if not keep.any():
        return False
    pooled = pooled_mean_spend(x[keep], m[keep], w[keep])
    p, q, v = (float(t) for t in params)
    with np.errstate(over="ignore", invalid="ignore"):
        mean = p * v / (q - 1)
    if np.isfinite(mean) and np.isfinite(q) and q > 0 and mean > 0:
        return bool(q > RIDGE_MIN_Q and abs(mean / pooled - 1) <= RIDGE_MEAN_RTOL)
    z_mean = _mle.dot(w[keep], m[keep]) / float(w[keep].sum())
    z_var = _mle.dot(w[keep], (m[keep] - z_mean) ** 2) / float(w[keep].sum())
    return bool(np.sqrt(z_var) <= NEGLIGIBLE_SPEND_CV * z_mean)


def frequency_spend_correlation(frequency, mean_spend) -> float:
    """Pearson correlation of x and z̄ over repeat customers with positive spend (NaN if undefined).

    Gamma-Gamma assumes none: above ``MAX_ABS_FREQUENCY_SPEND_CORRELATION`` (0.3) in absolute value,
    expected spends (and so CLV) are biased. The CDNOW sample's 946 repeat buyers give 0.11.
    """
    x, m, _ = _check_spend(frequency, mean_spend)
    keep = (x > 0) & (m > 0)
    return _weighted_correlation(x[keep], m[keep], np.ones(int(keep.sum())))


def _weighted_correlation(x, m, w) -> float:
    if x.size < 3 or np.ptp(x) == 0 or np.ptp(m) == 0:
        return float("nan")
    c = np.cov(x, m, aweights=w)
    return float(c[0, 1] / np.sqrt(c[0, 0] * c[1, 1]))


def _sufficient(x, m, w) -> tuple:
    """What :func:`_neg_mean_ll` needs of repeat customers (x, z̄, weight): data-only sums precomputed."""
    nx_full = np.bincount(x.astype(np.int64), weights=w)
    ux = np.flatnonzero(nx_full).astype(np.float64)
    nx = nx_full[ux.astype(np.int64)]
    wx = w * x
    logm = np.log(m)
    return (float(w.sum()), ux, nx, _mle.dot(wx, logm), _mle.dot(w, logm), _mle.dot(nx * ux, np.log(ux)), w, wx, x * m)


def _objective(stats: tuple):
    """``f(log_params, hessian)`` for :func:`._mle.maximise` on the sufficient statistics ``stats``."""
    return lambda theta, hessian: _neg_mean_ll(theta, *stats, hessian=hessian)


def _neg_mean_ll(theta, n, ux, nx, wx_sum_logm, w_sum_logm, wx_sum_logx, w, wx, xm, hessian=False):
    """−ln L / n, its gradient and (optionally) Hessian in (ln p, ln q, ln v); Gamma terms once per distinct x.

    ln L = Σ_x n_x [lnΓ(px+q) − lnΓ(px)] − n lnΓ(q) + n q ln v + p Σ w x (ln z̄ + ln x) − Σ w ln z̄
    − Σ w (px+q) ln(v + x z̄): the sum of :func:`log_likelihood`, with its data-only sums precomputed.
    """
    th = np.exp(theta)
    p, q, v = th
    pu = p * ux
    lv = np.log(v)
    psi_pq, psi_p = digamma(pu + q), digamma(pu)
    lvm = np.log(v + xm)
    inv = 1.0 / (v + xm)
    s_wx_lvm, s_w_lvm = _mle.dot(wx, lvm), _mle.dot(w, lvm)
    s_wx_inv, s_w_inv = _mle.dot(wx, inv), _mle.dot(w, inv)
    ll = (_mle.dot(nx, gammaln(pu + q) - gammaln(pu)) - n * gammaln(q) + n * q * lv
          + p * (wx_sum_logm + wx_sum_logx) - w_sum_logm - p * s_wx_lvm - q * s_w_lvm)
    grad = np.array([_mle.dot(nx * ux, psi_pq - psi_p) + wx_sum_logm + wx_sum_logx - s_wx_lvm,
                     _mle.dot(nx, psi_pq) - n * digamma(q) + n * lv - s_w_lvm,
                     n * q / v - p * s_wx_inv - q * s_w_inv])
    if not hessian:
        return -ll / n, -(grad * th) / n
    t_pq, t_p = _mle.trigamma(pu + q), _mle.trigamma(pu)
    h = np.empty((3, 3))
    h[0, 0] = _mle.dot(nx * ux * ux, t_pq - t_p)
    h[0, 1] = h[1, 0] = _mle.dot(nx * ux, t_pq)
    h[0, 2] = h[2, 0] = -s_wx_inv
    h[1, 1] = _mle.dot(nx, t_pq) - n * _mle.trigamma(q)
    h[1, 2] = h[2, 1] = n / v - s_w_inv
    h[2, 2] = -n * q / v ** 2 + _mle.dot(p * wx + q * w, inv * inv)
    h_log = h * np.outer(th, th) + np.diag(grad * th)          # chain rule to the log scale
    return -ll / n, -(grad * th) / n, -h_log / n


class GammaGamma:
    """Gamma-Gamma spend model fitted by maximum likelihood on repeat customers (note 025).

    Parameters
    ----------
    min_repeat_customers : int, default MIN_REPEAT_CUSTOMERS (20)
        Fewer repeat customers with positive spend raise :class:`InvalidInputError`.

    Attributes
    ----------
    params_ : pandas.Series
        p, q, v (γ of note 025) [v in currency].
    standard_errors_ : pandas.Series
        Asymptotic standard errors (inverse Hessian, delta method from the log scale).
    covariance_ : pandas.DataFrame
        Their covariance matrix.
    log_likelihood_ : float
        Total ln L over the fitted customers.
    method_ : str
        ``METHOD_FIT`` ("gamma_gamma"): the maximum-likelihood fit; ``METHOD_POOLED_MEAN``
        ("pooled_mean_limit"): the fit ran onto the ridge of no between-customer heterogeneity
        (:func:`on_spend_ridge`) and the model's limit is used: p = NaN (not estimated), q = γ = ∞, standard
        errors and log-likelihood NaN, every expected spend = :func:`pooled_mean_spend`.
    converged_ : bool
        True for a fit (a fit that does not converge raises instead, unless it is on the ridge); False in the
        pooled-mean limit.
    n_iter_ : int
        Optimiser iterations (Newton steps, plus L-BFGS-B ones if it had to take over).
    n_customers_ : float
        Customers in the fit: x > 0 and z̄ > 0 (sum of weights).
    n_one_time_excluded_ : float
        One-time buyers (x = 0) left out: they carry no repeat spend; :meth:`expected_spend` gives them
        the population mean.
    n_nonpositive_spend_excluded_ : float
        Repeat customers left out because z̄ <= 0 (returns and refunds netted to nothing or less).
    population_mean_spend_ : float
        p·v/(q−1) [currency]; the pooled mean repeat spend in the limit.
    frequency_spend_correlation_ : float
        Pearson correlation of x and z̄ over the fitted customers.
    warnings_ : list of str
        Assumption checks that failed (|correlation| > 0.3), for the user to read.

    See Also
    --------
    log_likelihood, expected_spend, population_mean_spend : the formulas this class wraps.

    Notes
    -----
    Maximises the sum of :func:`log_likelihood` over (ln p, ln q, ln v) by Newton steps on the
    analytic gradient and Hessian (L-BFGS-B as fallback), from p = 1, q = 2, v = mean z̄ (on large data,
    first from the estimate of a strided subsample). The Gamma-function terms are computed once per
    distinct x. A fit with q <= 1 (spend with no finite mean) raises. A fit (or a failed one's last
    iterate) on the ridge of :func:`on_spend_ridge` gives the pooled-mean limit instead (``method_``).

    References
    ----------
    See the module references [1]_, [2]_.

    Examples
    --------
    >>> from crm_core.clv.simulate import simulate_mean_spend
    >>> x = np.tile([1, 2, 3, 5, 8], 2000)
    >>> z = simulate_mean_spend(p=6.0, q=4.0, v=15.0, frequency=x, seed=3)
    >>> GammaGamma().fit(x, z).params_.round(0).to_dict()
    {'p': 6.0, 'q': 4.0, 'v': 15.0}
    """

    def __init__(self, *, min_repeat_customers: int = MIN_REPEAT_CUSTOMERS):
        self.min_repeat_customers = min_repeat_customers

    def fit(self, frequency, mean_spend, weights=None) -> GammaGamma:
        """Fit p, q, v on the repeat customers with positive mean spend; the rest are counted, not used.

        Raises
        ------
        InvalidInputError
            Bad rows (named), too few repeat customers, q <= 1, or a fit that does not converge (unless it
            ran onto the ridge of no between-customer differences: then the pooled-mean limit, ``method_``).
        """
        x, m, labels = _check_spend(frequency, mean_spend)
        w = np.ones_like(x)
        if weights is not None:
            w = _mle.as_column(weights, "weights", labels=labels)
            _mle.same_length({"frequency": x, "weights": w})
            _mle.require(w >= 0, "weights", "weights >= 0", labels)
        repeat = x > 0
        usable = repeat & (m > 0)                    # NaN spend compares False
        n_all, n_repeat = float(w.sum()), _mle.dot(w, repeat.astype(np.float64))
        keep = np.flatnonzero(usable & (w > 0))
        x, m, w = x.take(keep), m.take(keep), w.take(keep)
        n = float(w.sum())
        n_one_time, n_nonpositive = n_all - n_repeat, n_repeat - n
        if n < self.min_repeat_customers:
            raise InvalidInputError(_mle.TABLE, "frequency", reason=(
                f"Gamma-Gamma needs at least {self.min_repeat_customers} repeat customers with positive spend; "
                f"the data have {n:g}"), reason_zh=(
                f"复购客户太少：Gamma-Gamma 模型至少需要 {self.min_repeat_customers} 位消费为正的复购客户；"
                f"数据中只有 {n:g} 位"))
        stats = _sufficient(x, m, w)
        x0 = np.array([0.0, np.log(2.0), np.log(_mle.dot(w, m) / n)])
        step = _mle.warm_start_step(x.size)
        warm = None if step is None else _objective(_sufficient(x[::step], m[::step], w[::step]))
        try:
            res = _mle.maximise(_objective(stats), x0, n_total=n, names=PARAM_NAMES, model="Gamma-Gamma",
                                warm_start=warm)
        except _mle.FitFailedError as err:
            if not on_spend_ridge(err.params, x, m, w):
                raise
            return self._pooled_limit(x, m, w, n, n_one_time, n_nonpositive, n_iter=0)
        if on_spend_ridge(res.params, x, m, w):  # an optimum far out on the ridge: its q, γ mean nothing
            return self._pooled_limit(x, m, w, n, n_one_time, n_nonpositive, n_iter=res.n_iter)
        p, q, v = res.params
        if q <= 1:
            raise InvalidInputError(_mle.TABLE, "mean_repeat_spend", reason=(
                f"the Gamma-Gamma fit gives q = {q:.3g} <= 1: spend per purchase has no finite mean under the "
                "model (a few very large spends?)"), reason_zh=(
                f"Gamma-Gamma 模型拟合得到 q = {q:.3g} <= 1：在该模型下单次消费金额没有有限的均值"
                "（是否有少数金额特别大的消费？）"))
        names = list(PARAM_NAMES)
        self.method_ = METHOD_FIT
        self.params_ = pd.Series(res.params, index=names, name="estimate")
        self.covariance_ = pd.DataFrame(res.covariance, index=names, columns=names)
        self.standard_errors_ = pd.Series(np.sqrt(np.diag(res.covariance)), index=names, name="standard_error")
        self.log_likelihood_ = res.log_likelihood
        self.converged_ = res.converged
        self.n_iter_ = res.n_iter
        self.n_customers_ = n
        self.n_one_time_excluded_ = n_one_time
        self.n_nonpositive_spend_excluded_ = n_nonpositive
        self.population_mean_spend_ = p * v / (q - 1)
        corr = _weighted_correlation(x, m, w)
        self.frequency_spend_correlation_ = corr
        self.warnings_ = []
        if abs(corr) > MAX_ABS_FREQUENCY_SPEND_CORRELATION:
            self.warnings_.append(
                f"frequency and mean spend are correlated (r = {corr:.2f}, |r| > {MAX_ABS_FREQUENCY_SPEND_CORRELATION}): "
                "Gamma-Gamma assumes they are independent, so its expected spends are biased for these data")
        return self

    def _pooled_limit(self, x, m, w, n, n_one_time, n_nonpositive, *, n_iter: int) -> GammaGamma:
        """Set the attributes of the model's limit (:func:`pooled_mean_spend`): q = γ = ∞, p not estimated."""
        names = list(PARAM_NAMES)
        pooled = pooled_mean_spend(x, m, w)
        self.method_ = METHOD_POOLED_MEAN
        self.params_ = pd.Series([np.nan, np.inf, np.inf], index=names, name="estimate")
        self.covariance_ = pd.DataFrame(np.nan, index=names, columns=names)
        self.standard_errors_ = pd.Series(np.nan, index=names, name="standard_error")
        self.log_likelihood_ = float("nan")
        self.converged_ = False
        self.n_iter_ = n_iter
        self.n_customers_ = n
        self.n_one_time_excluded_ = n_one_time
        self.n_nonpositive_spend_excluded_ = n_nonpositive
        self.population_mean_spend_ = pooled
        self.frequency_spend_correlation_ = _weighted_correlation(x, m, w)
        self.warnings_ = [
            f"spend per purchase hardly differs between customers (the Gamma-Gamma fit runs off with q, gamma -> "
            f"infinity): every customer's expected spend is the pooled mean repeat spend, {pooled:.2f}"]
        return self

    def _params(self) -> tuple[float, float, float]:
        if not hasattr(self, "params_"):
            raise AttributeError("This GammaGamma instance is not fitted yet. Call 'fit' with appropriate arguments first.")
        return tuple(float(t) for t in self.params_)

    def expected_spend(self, frequency, mean_spend) -> np.ndarray:
        """:func:`expected_spend` with the fitted parameters (population mean for x = 0); in the pooled-mean
        limit (``method_``), the pooled mean repeat spend for everyone."""
        params = self._params()
        if self.method_ == METHOD_POOLED_MEAN:
            x, _, _ = _check_spend(frequency, mean_spend)
            return np.full(x.shape, self.population_mean_spend_)
        return expected_spend(*params, frequency, mean_spend)
