"""The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005): likelihood, expectations, P(alive), fitter.

This module owns the BG/NBD formulas as pure functions of explicit parameters, and :class:`BetaGeo`,
the maximum-likelihood fitter around them. It leaves spend to :mod:`.gamma_gamma`, the combination
into money to :mod:`.customer_value`, and the inputs to the CustomerTable (``crm_core.customers``).

Inputs, per customer, in one time unit chosen by the caller (weeks by default in the CustomerTable):

- ``frequency`` x: repeat purchases (purchase days after the first) [count, integer >= 0];
- ``recency`` t_x: time from the first to the last purchase [time unit], 0 when x = 0;
- ``T``: time from the first purchase to the end of the observation window [time unit], T >= t_x.

Parameters: purchase rate λ ~ Gamma(shape r, rate α) [α in the time unit]; drop-out probability after
each repeat purchase p ~ Beta(a, b). All four must be > 0.

References
----------
.. [1] Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting Your Customers" the Easy Way:
   An Alternative to the Pareto/NBD Model. Marketing Science 24(2), 275-284.
.. [2] Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2008). Computing P(alive) Using the BG/NBD Model.
   http://brucehardie.com/notes/021/
.. [3] Fader, P. S. & Hardie, B. G. S. (2013). Overcoming the BG/NBD Model's #NUM! Error Problem.
   http://brucehardie.com/notes/027/
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import digamma, expit, gammaln, hyp2f1

from ..customers import TIME_UNITS
from ..errors import InvalidInputError
from . import _mle

PARAM_NAMES = ("r", "alpha", "a", "b")

# A fit needs repeat buyers to learn the drop-out process from; below this count we refuse to fit.
# Our own rule of thumb (the literature gives none): 4 parameters, at least a handful of repeaters each.
MIN_REPEAT_CUSTOMERS = 20


# ----------------------------------------------------------------------------------------------
# input checks


def _check_params(r, alpha, a, b, caller: str) -> tuple[float, float, float, float]:
    values = tuple(float(v) for v in (r, alpha, a, b))
    for name, v in zip(PARAM_NAMES, values, strict=True):
        _mle.check_positive(name, v, caller=caller)
    return values


def _check_summary(frequency, recency, T):
    """(x, t_x, T, row labels) as float arrays; rows that break the model's preconditions raise."""
    labels = _mle.labels_of(frequency)
    x = _mle.as_column(frequency, "frequency", labels=labels)
    tx = _mle.as_column(recency, "recency", labels=labels)
    t_end = _mle.as_column(T, "T", labels=labels)
    _mle.same_length({"frequency": x, "recency": tx, "T": t_end})
    _mle.require((x >= 0) & (x == np.floor(x)), "frequency", "frequency is a whole number >= 0", labels)
    _mle.require(tx >= 0, "recency", "recency >= 0", labels)
    _mle.require(tx <= t_end, "recency", "recency <= T", labels)
    _mle.require((x > 0) | (tx == 0), "recency", "recency = 0 when frequency = 0", labels)
    return x, tx, t_end, labels


def _check_horizon(t, name: str = "t") -> np.ndarray:
    arr = np.asarray(t, dtype=np.float64)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise InvalidInputError("parameters", name, reason=f"{name} must be >= 0 (in the time unit); got {t!r}",
                                reason_zh=f"{name} 必须不小于 0（按时间单位计）；当前为 {t!r}")
    return arr


# ----------------------------------------------------------------------------------------------
# formulas


def log_likelihood(r, alpha, a, b, frequency, recency, T) -> np.ndarray:
    """Log-likelihood of each customer's (x, t_x, T) under BG/NBD, in the numerically stable form.

    Parameters
    ----------
    r, alpha, a, b : float
        BG/NBD parameters (> 0); ``alpha`` [time unit].
    frequency : array_like
        Repeat purchases x [count].
    recency : array_like
        First to last purchase t_x [time unit].
    T : array_like
        First purchase to end of window [time unit]; ``0 <= recency <= T``.

    Returns
    -------
    ndarray
        ln L per customer [log of a density in the time unit].

    Notes
    -----
    Eq. (6) of [1]_, written as in solution #2 of [3]_ so that no term over- or underflows:

    .. math::

        \\ln L = A_1 + A_2 + \\ln\\left(e^{A_3} + \\delta_{x>0}\\, e^{A_4}\\right)

    with :math:`A_1 = \\ln\\Gamma(r+x) - \\ln\\Gamma(r) + r\\ln\\alpha`,
    :math:`A_2 = \\ln\\Gamma(a+b) + \\ln\\Gamma(b+x) - \\ln\\Gamma(b) - \\ln\\Gamma(a+b+x)`,
    :math:`A_3 = -(r+x)\\ln(\\alpha+T)` and
    :math:`A_4 = \\ln a - \\ln(b+x-1) - (r+x)\\ln(\\alpha+t_x)`; the last logarithm is a log-sum-exp.

    References
    ----------
    [1]_ eq. (6); [3]_ solution #2, pp. 3-4 (module references).
    """
    r, alpha, a, b = _check_params(r, alpha, a, b, "log_likelihood")
    x, tx, t_end, _ = _check_summary(frequency, recency, T)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + t_end)
    repeat = x > 0
    a4 = np.full_like(x, -np.inf)
    a4[repeat] = np.log(a) - np.log(b + x[repeat] - 1) - (r + x[repeat]) * np.log(alpha + tx[repeat])
    return a1 + a2 + np.logaddexp(a3, a4)


def p_alive(r, alpha, a, b, frequency, recency, T) -> np.ndarray:
    """Probability that each customer is still active at the end of the window, P(τ > T | x, t_x, T).

    Parameters
    ----------
    r, alpha, a, b : float
        BG/NBD parameters (> 0); ``alpha`` [time unit].
    frequency, recency, T : array_like
        x [count], t_x and T [time unit], ``0 <= recency <= T``.

    Returns
    -------
    ndarray
        P(alive) [probability, 0..1]; exactly 1 when x = 0 (BG/NBD lets customers drop out only right
        after a repeat purchase).

    Notes
    -----
    .. math::

        P(\\text{alive}) = \\left[1 + \\delta_{x>0}\\,\\frac{a}{b+x-1}
        \\left(\\frac{\\alpha+T}{\\alpha+t_x}\\right)^{r+x}\\right]^{-1}

    computed as expit(-u) with u the logarithm of the second term, so large x cannot overflow.

    References
    ----------
    [2]_ (module references).
    """
    r, alpha, a, b = _check_params(r, alpha, a, b, "p_alive")
    x, tx, t_end, _ = _check_summary(frequency, recency, T)
    return _p_alive(r, alpha, a, b, x, tx, t_end)


def _p_alive(r, alpha, a, b, x, tx, t_end):
    out = np.ones_like(x)
    rep = x > 0
    xr = x[rep]
    u = np.log(a) - np.log(b + xr - 1) + (r + xr) * (np.log(alpha + t_end[rep]) - np.log(alpha + tx[rep]))
    out[rep] = expit(-u)
    return out


def _stay_factor(r, alpha, a, b, x, beta, t):
    """F = (β/(β+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(β+t)), by Euler's transformation.

    Euler: 2F1(A, B; C; z) = (1−z)^(C−A−B) 2F1(C−A, C−B; C; z). With z = t/(β+t) this gives
    F = (β/(β+t))^(a−1) · 2F1(a+b−1−r, a−1; a+b+x−1; z), whose first two arguments do not grow with x,
    so the series stays small for heavy buyers (the untransformed 2F1 overflows for x in the hundreds).
    """
    z = t / (beta + t)
    c, z = np.broadcast_arrays(np.asarray(a + b + x - 1, dtype=np.float64), z)
    f = np.asarray(hyp2f1(a + b - 1 - r, a - 1, c, z), dtype=np.float64)
    bad = ~np.isfinite(f)
    if bad.any():
        # scipy's 2F1 returns inf when c − a − b is a large whole number and z > 0.9 (e.g. 2F1(1, 1; 101;
        # 10/11)); the function is smooth in c, so take the mean at c·(1 ± 1e-9) (error ~1e-18 relative).
        f = f.copy()
        cb, zb = c[bad], z[bad]
        f[bad] = (hyp2f1(a + b - 1 - r, a - 1, cb * (1 + 1e-9), zb) + hyp2f1(a + b - 1 - r, a - 1, cb * (1 - 1e-9), zb)) / 2
    return (beta / (beta + t)) ** (a - 1) * f


def _scale(a, b, x):
    return (a + b + x - 1) / (a - 1)


def _with_a_not_one(fn, r, alpha, a, b, *args):
    """Evaluate ``fn`` at a = 1 as the mean of a = 1 ± 1e-6 (the formulas' 1/(a−1) is removable there)."""
    if abs(a - 1) < 1e-6:
        return (fn(r, alpha, 1 - 1e-6, b, *args) + fn(r, alpha, 1 + 1e-6, b, *args)) / 2
    return fn(r, alpha, a, b, *args)


def expected_purchases_new_customer(r, alpha, a, b, t) -> np.ndarray:
    """Expected repeat purchases E[X(t)] in the first ``t`` periods of a new customer.

    Parameters
    ----------
    r, alpha, a, b : float
        BG/NBD parameters (> 0); ``alpha`` [time unit].
    t : float or array_like
        Time since the first purchase [time unit], >= 0.

    Returns
    -------
    ndarray
        E[X(t)] [purchases]; 0 at t = 0, non-decreasing in t.

    Notes
    -----
    .. math::

        E[X(t)] = \\frac{a+b-1}{a-1}\\left[1 - \\left(\\frac{\\alpha}{\\alpha+t}\\right)^r
        {}_2F_1\\left(r, b; a+b-1; \\frac{t}{\\alpha+t}\\right)\\right]

    (the conditional expectation below with x = 0, T = 0).

    References
    ----------
    [1]_ eq. (9) (module references).
    """
    r, alpha, a, b = _check_params(r, alpha, a, b, "expected_purchases_new_customer")
    t = _check_horizon(t)
    return _with_a_not_one(lambda r, al, a, b, t: np.maximum(
        _scale(a, b, 0.0) * (1 - _stay_factor(r, al, a, b, 0.0, al, t)), 0.0), r, alpha, a, b, t)  # see below


def expected_purchases(r, alpha, a, b, frequency, recency, T, t) -> np.ndarray:
    """Expected purchases in the next ``t`` periods, E[Y(t) | x, t_x, T], for each customer.

    Parameters
    ----------
    r, alpha, a, b : float
        BG/NBD parameters (> 0); ``alpha`` [time unit].
    frequency, recency, T : array_like
        x [count], t_x and T [time unit], ``0 <= recency <= T``.
    t : float
        Length of the forecast window after T [time unit], >= 0.

    Returns
    -------
    ndarray
        E[Y(t) | x, t_x, T] [purchases]; 0 at t = 0, non-decreasing in t.

    Notes
    -----
    .. math::

        E[Y(t)\\mid x, t_x, T] = P(\\text{alive}) \\cdot \\frac{a+b+x-1}{a-1}
        \\left[1 - \\left(\\frac{\\alpha+T}{\\alpha+T+t}\\right)^{r+x}
        {}_2F_1\\left(r+x, b+x; a+b+x-1; \\frac{t}{\\alpha+T+t}\\right)\\right]

    The bracket is evaluated through Euler's transformation of 2F1 (stable for any x), once per
    distinct (x, T) pair when ``t`` is a scalar.

    References
    ----------
    [1]_ eq. (10) (module references).
    """
    r, alpha, a, b = _check_params(r, alpha, a, b, "expected_purchases")
    x, tx, t_end, _ = _check_summary(frequency, recency, T)
    t = _check_horizon(t)
    return _with_a_not_one(_expected_purchases, r, alpha, a, b, x, tx, t_end, t)


def _expected_purchases(r, alpha, a, b, x, tx, t_end, t):
    if np.ndim(t) == 0:
        inverse, first = _mle.factorize_rows(x, t_end)
        stay = _stay_factor(r, alpha, a, b, x[first], alpha + t_end[first], float(t))[inverse]
    else:
        stay = _stay_factor(r, alpha, a, b, x, alpha + t_end, t)
    # near a = 1 the removable 1/(a−1) of the scale amplifies rounding in 1 − stay to ~1e-10, which can be
    # negative for a tiny t: an expected count is >= 0, so clip there (found by the property test)
    return np.maximum(_p_alive(r, alpha, a, b, x, tx, t_end) * _scale(a, b, x) * (1 - stay), 0.0)


def discounted_expected_purchases(r, alpha, a, b, frequency, recency, T, *, horizon: int,
                                  discount_rate: float) -> np.ndarray:
    """Expected purchases in each of the next ``horizon`` periods, discounted to the end of the window.

    Parameters
    ----------
    r, alpha, a, b : float
        BG/NBD parameters (> 0); ``alpha`` [time unit].
    frequency, recency, T : array_like
        x [count], t_x and T [time unit], ``0 <= recency <= T``.
    horizon : int
        Number of whole periods H after T [time unit], >= 0.
    discount_rate : float
        Discount rate d per period of the time unit [fraction, e.g. 0.0019 per week ≈ 10 % a year], > -1.

    Returns
    -------
    ndarray
        DET = Σ_{k=1..H} (E[Y(k)] − E[Y(k−1)]) / (1+d)^k [discounted purchases].

    Notes
    -----
    Timing convention: the purchases expected in period k, (T+k−1, T+k], are all discounted as if
    made at its end, by (1+d)^k. With d = 0 this equals E[Y(H)]. Each E[Y(k)] is eq. (10) of [1]_;
    the 2F1 factor is computed once per distinct (x, T) pair and period.
    """
    r, alpha, a, b = _check_params(r, alpha, a, b, "discounted_expected_purchases")
    x, tx, t_end, _ = _check_summary(frequency, recency, T)
    horizon, discount_rate = _check_discounting(horizon, discount_rate)
    return _with_a_not_one(_discounted, r, alpha, a, b, x, tx, t_end, horizon, discount_rate)


def _discounted(r, alpha, a, b, x, tx, t_end, horizon, discount_rate):
    return _forecast(r, alpha, a, b, x, tx, t_end, horizon, discount_rate)[2]


def _forecast(r, alpha, a, b, x, tx, t_end, horizon, discount_rate):
    """(P(alive), E[Y(H)], DET) with one P(alive) and one 2F1 per distinct (x, T) and period."""
    inverse, first = _mle.factorize_rows(x, t_end)
    xu, beta = x[first], alpha + t_end[first]
    total = np.zeros_like(xu)
    prev = np.ones_like(xu)
    for k in range(1, horizon + 1):
        cur = _stay_factor(r, alpha, a, b, xu, beta, float(k))
        total += (prev - cur) / (1 + discount_rate) ** k
        prev = cur
    alive = _p_alive(r, alpha, a, b, x, tx, t_end)
    per_customer = alive * _scale(a, b, x)
    return alive, per_customer * (1 - prev)[inverse], per_customer * total[inverse]


def forecast(r, alpha, a, b, frequency, recency, T, *, horizon: int, discount_rate: float) -> dict[str, np.ndarray]:
    """P(alive), expected purchases and discounted expected purchases over ``horizon``, in one pass.

    The same numbers as :func:`p_alive`, :func:`expected_purchases` (t = ``horizon``) and
    :func:`discounted_expected_purchases`, computed together (each 2F1 once).

    Returns
    -------
    dict
        ``p_alive`` [probability], ``expected_purchases`` [purchases in the next H periods],
        ``discounted_purchases`` [discounted purchases], one array each.
    """
    r, alpha, a, b = _check_params(r, alpha, a, b, "forecast")
    x, tx, t_end, _ = _check_summary(frequency, recency, T)
    horizon, discount_rate = _check_discounting(horizon, discount_rate)
    alive, expected, discounted = _with_a_not_one(
        lambda r, al, a, b: np.stack(_forecast(r, al, a, b, x, tx, t_end, horizon, discount_rate)), r, alpha, a, b)
    return {"p_alive": alive, "expected_purchases": expected, "discounted_purchases": discounted}


def _check_discounting(horizon, discount_rate) -> tuple[int, float]:
    if int(horizon) != horizon or horizon < 0:
        raise InvalidInputError("parameters", "horizon", reason=f"horizon must be a whole number >= 0; got {horizon!r}",
                                reason_zh=f"预测期必须是不小于 0 的整数；当前为 {horizon!r}")
    if not (np.isfinite(discount_rate) and discount_rate > -1):
        raise InvalidInputError("parameters", "discount_rate",
                                reason=f"discount_rate must be > -1 (per period); got {discount_rate!r}",
                                reason_zh=f"折现率必须大于 -1（每期）；当前为 {discount_rate!r}")
    return int(horizon), float(discount_rate)


# ----------------------------------------------------------------------------------------------
# the fitter


@dataclass(frozen=True)
class _Prepared:
    """The data of a fit, compressed: the log-likelihood needs nothing else."""

    n: float            # customers (sum of weights)
    ux: np.ndarray      # distinct x, with
    nx: np.ndarray      # their weights
    tz: np.ndarray      # x = 0: distinct T, with
    wz: np.ndarray      # their weights
    xp: np.ndarray      # x > 0: distinct (x, t_x, T) rows ...
    xp1: np.ndarray     # x − 1
    txp: np.ndarray
    tp: np.ndarray
    wp: np.ndarray      # ... their weights,
    wxp: np.ndarray     # and weight · x


def _prepare(x, tx, t_end, w) -> _Prepared:
    rep = x > 0
    iz, ip = np.flatnonzero(~rep), np.flatnonzero(rep)
    wz_in, wp_in = (None, None) if w is None else (w.take(iz), w.take(ip))
    (tz,), wz = _mle.compress(t_end.take(iz), weights=wz_in)   # x = 0 (so t_x = 0): only T matters
    (xp, txp, tp), wp = _mle.compress(x.take(ip), tx.take(ip), t_end.take(ip), weights=wp_in)
    keep_z, keep_p = wz > 0, wp > 0
    return _assemble(tz[keep_z], wz[keep_z], xp[keep_p], txp[keep_p], tp[keep_p], wp[keep_p])


def _assemble(tz, wz, xp, txp, tp, wp) -> _Prepared:
    nx = np.bincount(xp.astype(np.int64), weights=wp, minlength=1)
    nx[0] = wz.sum()
    ux = np.flatnonzero(nx).astype(np.float64)
    return _Prepared(float(wz.sum() + wp.sum()), ux, nx[ux.astype(np.int64)], tz, wz, xp, xp - 1, txp, tp, wp,
                     wp * xp)


def _subsample(d: _Prepared, step: int) -> _Prepared:
    """Every ``step``-th row of each part (for starting values only)."""
    return _assemble(d.tz[::step], d.wz[::step], d.xp[::step], d.txp[::step], d.tp[::step], d.wp[::step])


def _objective(d: _Prepared):
    """``f(log_params, hessian)`` for :func:`._mle.maximise` on the data ``d``."""
    return lambda theta, hessian: _neg_mean_ll(theta, d, hessian)


def _neg_mean_ll(theta: np.ndarray, d: _Prepared, hessian: bool = False):
    """−ln L / n, its gradient and (optionally) Hessian in (ln r, ln α, ln a, ln b); ln L = Σ weight · eq. (6).

    Terms that depend on x alone (the Gamma functions) are summed over the distinct x; customers with
    x = 0 need only ln(α+T); the rest is the log-sum-exp of [3]_ over the distinct (x, t_x, T) rows,
    ln(e^A3 + e^A4) = A3 + softplus(u) with u = A4 − A3, whose derivatives are s = expit(u) and s(1−s).
    """
    th = np.exp(theta)
    r, al, a, b = th
    n, ux, nx = d.n, d.ux, d.nx
    psi_ab, psi_abx = digamma(a + b), digamma(a + b + ux)
    ll = _mle.dot(nx, gammaln(r + ux) + gammaln(b + ux) - gammaln(a + b + ux)) \
        + n * (gammaln(a + b) - gammaln(r) - gammaln(b) + r * np.log(al))
    g_r = _mle.dot(nx, digamma(r + ux)) + n * (np.log(al) - digamma(r))
    g_al = n * r / al
    g_a = n * psi_ab - _mle.dot(nx, psi_abx)
    g_b = _mle.dot(nx, digamma(b + ux) - psi_abx) + n * (psi_ab - digamma(b))
    h = np.zeros((4, 4))
    if hessian:
        t_ab, t_abx = _mle.trigamma(a + b), _mle.trigamma(a + b + ux)
        h[0, 0] = _mle.dot(nx, _mle.trigamma(r + ux)) - n * _mle.trigamma(r)
        h[0, 1] = n / al
        h[1, 1] = -n * r / al ** 2
        h[2, 2] = h[2, 3] = n * t_ab - _mle.dot(nx, t_abx)
        h[3, 3] = _mle.dot(nx, _mle.trigamma(b + ux) - t_abx) + n * (t_ab - _mle.trigamma(b))
    if d.tz.size:  # x = 0: ln(e^A3) = −r ln(α+T)
        lz = np.log(al + d.tz)
        iz = 1.0 / (al + d.tz)
        swl, swi = _mle.dot(d.wz, lz), _mle.dot(d.wz, iz)
        ll -= r * swl
        g_r -= swl
        g_al -= r * swi
        if hessian:
            h[0, 1] -= swi
            h[1, 1] += r * _mle.dot(d.wz, iz * iz)
    if d.tp.size:  # x > 0: A3 + softplus(A4 − A3)
        lt_end = np.log(al + d.tp)
        diff = lt_end - np.log(al + d.txp)                  # >= 0
        k = r + d.xp
        u = k * diff - np.log(b + d.xp1) + np.log(a)         # A4 − A3
        e = np.exp(-np.abs(u))
        softplus = np.maximum(u, 0) + np.log1p(e)
        s = np.where(u >= 0, 1.0, e) / (1 + e)               # d softplus / du
        swl = _mle.dot(d.wp, lt_end)
        ll += _mle.dot(d.wp, softplus) - r * swl - _mle.dot(d.wxp, lt_end)
        ws = d.wp * s
        inv_end, inv_x = 1.0 / (al + d.tp), 1.0 / (al + d.txp)
        di = inv_end - inv_x                                  # d diff / dα
        kdi = k * di                                          # du / dα
        ib = 1.0 / (b + d.xp1)                                # −du / db
        wk = r * d.wp + d.wxp                                 # weight · k
        g_r += _mle.dot(ws, diff) - swl
        g_al += _mle.dot(ws, kdi) - _mle.dot(wk, inv_end)
        g_a += ws.sum() / a
        g_b -= _mle.dot(ws, ib)
        if hessian:  # softplus'' · ∇u∇uᵀ + softplus' · ∇²u, plus the second derivatives of −k ln(α+T)
            c = ws * (1 - s)
            c_diff, c_kdi, c_ib = c * diff, c * kdi, c * ib
            h[0, 0] += _mle.dot(c_diff, diff)
            h[0, 1] += _mle.dot(c_diff, kdi) + _mle.dot(ws, di) - _mle.dot(d.wp, inv_end)
            h[0, 2] += c_diff.sum() / a
            h[0, 3] -= _mle.dot(c_diff, ib)
            h[1, 1] += _mle.dot(c_kdi, kdi) + _mle.dot(ws * k, inv_x * inv_x - inv_end * inv_end) + _mle.dot(wk, inv_end * inv_end)
            h[1, 2] += c_kdi.sum() / a
            h[1, 3] -= _mle.dot(c_kdi, ib)
            h[2, 2] += (c.sum() - ws.sum()) / a ** 2
            h[2, 3] -= c_ib.sum() / a
            h[3, 3] += _mle.dot(c_ib + ws * ib, ib)
    grad = np.array([g_r, g_al, g_a, g_b])
    if not hessian:
        return -ll / n, -(grad * th) / n
    h = np.triu(h) + np.triu(h, 1).T
    h_log = h * np.outer(th, th) + np.diag(grad * th)          # chain rule to the log scale
    return -ll / n, -(grad * th) / n, -h_log / n


class BetaGeo:
    """BG/NBD model fitted by maximum likelihood (Fader, Hardie & Lee 2005).

    Parameters
    ----------
    time_unit : {"day", "week", "month"}, default "week"
        The unit of ``recency`` and ``T`` given to :meth:`fit`; ``alpha`` and every forecast horizon
        and per-period discount rate are in this unit. It labels the results, it rescales nothing.
    min_repeat_customers : int, default MIN_REPEAT_CUSTOMERS (20)
        Fewer customers with x > 0 than this raise :class:`InvalidInputError`.

    Attributes
    ----------
    params_ : pandas.Series
        r, alpha [time unit], a, b.
    standard_errors_ : pandas.Series
        Asymptotic standard errors of ``params_`` (inverse Hessian of −ln L, delta method from the
        log scale the fit works on).
    covariance_ : pandas.DataFrame
        Their covariance matrix.
    log_likelihood_ : float
        Total ln L at the estimate (eq. 6 of [1]_, summed over customers).
    converged_ : bool
        True (a fit that does not converge raises instead).
    n_iter_ : int
        Optimiser iterations (Newton steps, plus L-BFGS-B ones if it had to take over).
    n_customers_ : float
        Customers fitted (sum of weights).
    n_repeat_customers_ : float
        Of which with x > 0.
    n_distinct_rows_ : int
        Rows the likelihood was evaluated on: identical (x, t_x, T) rows merged when times lie on a
        grid (whole days), every row when they are continuous.

    See Also
    --------
    log_likelihood, p_alive, expected_purchases, expected_purchases_new_customer,
    discounted_expected_purchases : the formulas this class wraps.

    Notes
    -----
    The log-likelihood (solution #2 of [3]_) is maximised over (ln r, ln α, ln a, ln b) by Newton
    steps on its analytic gradient and Hessian (``_mle.newton``; L-BFGS-B with the analytic gradient
    takes over should Newton stop short). Start: r = a = b = 1, α = mean T (CDNOW needs 6 steps); on
    large data, first the estimate of a strided subsample (``_mle.WARM_START_ROWS`` rows).
    Identical (x, t_x, T) rows are evaluated once, with their count as weight (customers with x = 0
    differ only by T); the Gamma-function terms once per distinct x.

    References
    ----------
    See the module references [1]_ - [3]_.

    Examples
    --------
    >>> from crm_core.clv.simulate import simulate_bgnbd
    >>> T = np.linspace(26, 78, 50_000)  # weeks observed after each customer's first purchase
    >>> data = simulate_bgnbd(r=0.25, alpha=4.0, a=0.8, b=2.5, n_customers=50_000, T=T, seed=1)
    >>> model = BetaGeo().fit(data["frequency"], data["recency"], data["T"])
    >>> model.params_.round(2).to_dict()
    {'r': 0.25, 'alpha': 3.97, 'a': 0.8, 'b': 2.53}
    """

    def __init__(self, *, time_unit: str = "week", min_repeat_customers: int = MIN_REPEAT_CUSTOMERS):
        self.time_unit = time_unit
        self.min_repeat_customers = min_repeat_customers

    def fit(self, frequency, recency, T, weights=None) -> BetaGeo:
        """Fit r, α, a, b to per-customer (x, t_x, T) rows; ``weights`` counts customers per row.

        Raises
        ------
        InvalidInputError
            Bad rows (named), too few repeat buyers, or a fit that does not converge.
        """
        if self.time_unit not in TIME_UNITS:
            raise InvalidInputError("parameters", "time_unit", reason=(
                f"the 'time_unit' parameter of BetaGeo must be one of {', '.join(TIME_UNITS)}; got {self.time_unit!r}"))
        x, tx, t_end, labels = _check_summary(frequency, recency, T)
        w = None
        if weights is not None:
            w = _mle.as_column(weights, "weights", labels=labels)
            _mle.same_length({"frequency": x, "weights": w})
            _mle.require(w >= 0, "weights", "weights >= 0", labels)
        d = _prepare(x, tx, t_end, w)
        n_repeat = float(d.wp.sum())
        if n_repeat < self.min_repeat_customers:
            raise InvalidInputError(_mle.TABLE, "frequency", reason=(
                f"BG/NBD needs at least {self.min_repeat_customers} repeat buyers (frequency > 0); "
                f"the data have {n_repeat:g} of {d.n:g} customers"), reason_zh=(
                f"复购客户太少：BG/NBD 模型至少需要 {self.min_repeat_customers} 位复购客户（frequency > 0）；"
                f"数据中 {d.n:g} 位客户里只有 {n_repeat:g} 位"))
        mean_t = (d.wz @ d.tz + d.wp @ d.tp) / d.n
        x0 = np.array([0.0, np.log(max(mean_t, 1e-3)), 0.0, 0.0])
        step = _mle.warm_start_step(d.tz.size + d.tp.size)
        res = _mle.maximise(_objective(d), x0, n_total=d.n, names=PARAM_NAMES, model="BG/NBD",
                            warm_start=None if step is None else _objective(_subsample(d, step)))
        self.params_ = pd.Series(res.params, index=list(PARAM_NAMES), name="estimate")
        self.covariance_ = pd.DataFrame(res.covariance, index=list(PARAM_NAMES), columns=list(PARAM_NAMES))
        self.standard_errors_ = pd.Series(np.sqrt(np.diag(res.covariance)), index=list(PARAM_NAMES),
                                          name="standard_error")
        self.log_likelihood_ = res.log_likelihood
        self.converged_ = res.converged
        self.n_iter_ = res.n_iter
        self.n_customers_ = d.n
        self.n_repeat_customers_ = n_repeat
        self.n_distinct_rows_ = int(d.tz.size + d.tp.size)
        return self

    def _params(self) -> tuple[float, float, float, float]:
        if not hasattr(self, "params_"):
            raise AttributeError("This BetaGeo instance is not fitted yet. Call 'fit' with appropriate arguments first.")
        return tuple(float(v) for v in self.params_)

    def p_alive(self, frequency, recency, T) -> np.ndarray:
        """:func:`p_alive` with the fitted parameters."""
        return p_alive(*self._params(), frequency, recency, T)

    def expected_purchases(self, t, frequency, recency, T) -> np.ndarray:
        """:func:`expected_purchases` in the next ``t`` periods, with the fitted parameters."""
        return expected_purchases(*self._params(), frequency, recency, T, t)

    def expected_purchases_new_customer(self, t) -> np.ndarray:
        """:func:`expected_purchases_new_customer` with the fitted parameters."""
        return expected_purchases_new_customer(*self._params(), t)

    def forecast(self, frequency, recency, T, *, horizon: int, discount_rate: float) -> dict[str, np.ndarray]:
        """:func:`forecast` with the fitted parameters."""
        return forecast(*self._params(), frequency, recency, T, horizon=horizon, discount_rate=discount_rate)

    def discounted_expected_purchases(self, frequency, recency, T, *, horizon: int, discount_rate: float):
        """:func:`discounted_expected_purchases` with the fitted parameters."""
        return discounted_expected_purchases(*self._params(), frequency, recency, T, horizon=horizon,
                                             discount_rate=discount_rate)
