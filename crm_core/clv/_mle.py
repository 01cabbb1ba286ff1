"""Shared machinery of the BTYD fitters: input checks, row compression, the optimiser, errors.

This module owns what :mod:`bgnbd` and :mod:`gamma_gamma` fit with, not any model: turning the
caller's columns into checked float arrays (errors name the rows), compressing identical rows
into weights, maximising a log-likelihood on log-parameters (Newton steps on the analytic gradient
and Hessian, L-BFGS-B as fallback), and the standard errors from the Hessian at the optimum.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import zeta

from ..errors import InvalidInputError

TABLE = "customers"  # the table named in error messages: the CustomerTable (or the caller's summary)

# Box on the log-parameters: e^±30 covers any unit from seconds to centuries. A fit that ends on
# this box has not found an interior maximum (the data do not identify the model).
LOG_PARAM_BOUND = 30.0

# Convergence, per customer on the log-parameter scale: Newton stops when the largest gradient
# component is below NEWTON_GTOL; the L-BFGS-B fallback on relative change of the mean log-likelihood
# (FTOL) or largest gradient component (GTOL). Refits agree to ~1e-12 in the log-likelihood.
FTOL = 1e-13
GTOL = 1e-7
NEWTON_GTOL = 1e-9
MAX_ITER = 1000


# Below this length a dot product goes to BLAS (single-threaded there, and fastest); above it to einsum:
# OpenBLAS splits long dot products over threads, which on a busy 2-core machine stalled 0.04 → 8 ms.
BLAS_DOT_MAX = 4096


def dot(u: np.ndarray, v: np.ndarray) -> float:
    """Σ u·v, avoiding multi-threaded BLAS on long vectors."""
    if u.size <= BLAS_DOT_MAX:
        return float(u @ v)
    return float(np.einsum("i,i->", u, v))


def trigamma(x):
    """ψ'(x) = ζ(2, x), by the Hurwitz zeta ufunc (scipy's polygamma wrapper costs ~10 µs a call)."""
    return zeta(2.0, x)


def labels_of(values) -> np.ndarray:
    """Row labels of a column for error messages: its index if it is a Series, else 0-based positions."""
    if isinstance(values, pd.Series):
        return values.index.to_numpy()
    return np.arange(len(np.atleast_1d(np.asarray(values))))


def as_column(values, name: str, *, labels: np.ndarray | None = None) -> np.ndarray:
    """``values`` as a 1-d float64 array; non-numeric or non-finite entries raise with their rows."""
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(TABLE, name, reason=f"must be numbers ({exc})") from None
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise InvalidInputError(TABLE, name, reason=f"must be one column; got shape {arr.shape}")
    bad = ~np.isfinite(arr)
    if bad.any():
        rows = (labels if labels is not None else np.arange(arr.size))[bad]
        raise InvalidInputError(TABLE, name, rows=list(rows),
                                reason=f"{int(bad.sum())} value(s) are missing or not finite",
                                reason_zh=f"有 {int(bad.sum())} 个值缺失或不是有限数值")
    return arr


def require(condition: np.ndarray, name: str, rule: str, labels: np.ndarray) -> None:
    """Raise naming the rows where ``condition`` (a boolean array: the rule holds) is False."""
    bad = ~condition
    if bad.any():
        raise InvalidInputError(TABLE, name, rows=list(labels[bad]),
                                reason=f"{int(bad.sum())} row(s) break the rule {rule}",
                                reason_zh=f"有 {int(bad.sum())} 行不符合规则 {rule}")


def same_length(columns: dict[str, np.ndarray]) -> None:
    """All columns must have one length (sklearn's check_consistent_length, with the names)."""
    lengths = {k: v.size for k, v in columns.items()}
    if len(set(lengths.values())) > 1:
        raise InvalidInputError(TABLE, list(lengths), reason=f"columns differ in length: {lengths}")


def check_positive(name: str, value: float, *, caller: str, minimum: float = 0.0) -> None:
    """A model parameter must be a finite number above ``minimum`` (sklearn's wording)."""
    if not (np.isfinite(value) and value > minimum):
        raise InvalidInputError("parameters", name,
                                reason=f"the {name!r} parameter of {caller} must be > {minimum:g}; got {value!r}")


def factorize_rows(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of identical rows of ``columns``: (``inverse`` per row, ``first`` row of each code).

    Hash-based (``pd.factorize`` per column, then on the combined code): O(n), no sort. Codes are
    numbered in order of first appearance.
    """
    key = np.zeros(columns[0].size, dtype=np.int64)
    span = 1
    for col in columns:
        code, uniq = pd.factorize(col)
        if span > np.iinfo(np.int64).max // max(len(uniq), 1):  # the combined code would overflow
            key = pd.factorize(key)[0].astype(np.int64)
            span = int(key.max()) + 1
        key = key * len(uniq) + code
        span *= max(len(uniq), 1)
    inverse = pd.factorize(key)[0]
    n_unique = int(inverse.max()) + 1 if inverse.size else 0
    first = np.empty(n_unique, dtype=np.int64)
    first[inverse[::-1]] = np.arange(inverse.size - 1, -1, -1)  # the last write per code is its first row
    return inverse, first


# Compression pays only when rows repeat, which needs every column to take few distinct values (times
# on a day grid, not continuous). A strided sample of COMPRESS_SAMPLE rows decides: if some column has
# more than COMPRESS_MAX_DISTINCT of the sample's rows distinct, the rows are used as they are.
COMPRESS_SAMPLE = 20_000
COMPRESS_MAX_DISTINCT = 0.5
# When the grid of all combinations of the columns' distinct values has at most this many cells per
# row, identical rows are counted on that grid (a bincount) instead of by hashing (about 2× faster).
DENSE_SPAN_PER_ROW = 16


def compress(*columns: np.ndarray, weights: np.ndarray | None = None) -> tuple[list[np.ndarray], np.ndarray]:
    """Identical rows of ``columns`` merged into one, with the summed weights (1 per row by default).

    Columns with continuous values (see ``COMPRESS_MAX_DISTINCT``) are returned unmerged: the
    log-likelihood is a weighted sum over rows, so the result is the same, without the cost.
    """
    n = columns[0].size
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    if n > COMPRESS_SAMPLE:
        step = n // COMPRESS_SAMPLE
        sample = -(-n // step)
        if any(len(pd.unique(c[::step])) > COMPRESS_MAX_DISTINCT * sample for c in columns):
            return list(columns), w
    codes, uniques = zip(*(pd.factorize(c) for c in columns), strict=True)
    shape = tuple(max(len(u), 1) for u in uniques)
    if float(np.prod(shape, dtype=np.float64)) <= DENSE_SPAN_PER_ROW * max(n, 1):
        # few distinct values per column: count on the dense grid of code combinations, no hashing
        key = np.ravel_multi_index(codes, shape)
        counts = np.bincount(key, weights=w, minlength=int(np.prod(shape)))
        occupied = np.flatnonzero(counts)
        cells = np.unravel_index(occupied, shape)
        return [np.asarray(u)[c] for u, c in zip(uniques, cells, strict=True)], counts[occupied]
    inverse, first = factorize_rows(*columns)
    return [c[first] for c in columns], np.bincount(inverse, weights=w, minlength=first.size)


class FitFailedError(InvalidInputError):
    """A fit that found no proper maximum; ``params`` holds the optimiser's last iterate (natural scale).

    A model may read the iterate to recognise a known limit of its likelihood (Gamma-Gamma's ridge, see
    :mod:`.gamma_gamma`); to everyone else it is the :class:`InvalidInputError` it always was.
    """

    def __init__(self, *args, params: np.ndarray, **kwargs):
        self.params = params
        super().__init__(*args, **kwargs)


@dataclass(frozen=True)
class MLEResult:
    """What the optimiser found: log-parameters, total log-likelihood, covariance of the parameters."""

    params: np.ndarray          # natural scale
    log_likelihood: float       # total, over all (weighted) rows
    covariance: np.ndarray      # of the natural-scale parameters (delta method from the log scale)
    converged: bool
    n_iter: int
    message: str


# On data with more rows than this, Newton first runs on every k-th row (about this many); starting
# from that estimate, within a few per cent of the final one, two or three full-data steps suffice.
WARM_START_ROWS = 20_000


def warm_start_step(rows: int) -> int | None:
    """The stride k of the warm-start subsample of ``rows`` rows, or None when the data are small."""
    return -(-rows // WARM_START_ROWS) if rows > 4 * WARM_START_ROWS else None


def maximise(neg_mean_ll: Callable[[np.ndarray, bool], tuple], x0: np.ndarray, *, n_total: float,
             names: Sequence[str], model: str, warm_start: Callable | None = None) -> MLEResult:
    """Maximum likelihood on log-parameters with the analytic gradient and Hessian.

    ``neg_mean_ll(log_params, hessian)`` returns the negative mean log-likelihood per customer and its
    gradient with respect to the log-parameters, and with ``hessian=True`` also their Hessian.
    ``warm_start``, the same function on a subsample, if given, moves the start to its maximum first.

    The optimiser is :func:`newton` (a few iterations from the models' starting values; each costs one
    pass over the data). Should it stop short, ``scipy.optimize.minimize`` with L-BFGS-B (gradient only)
    continues from where it stopped, in the box of ±30 on the log scale. Standard errors come from the
    inverse of the analytic Hessian of the total negative log-likelihood at the maximum, carried to the
    natural scale by the delta method: Cov(θ) = diag(θ) Cov(log θ) diag(θ).

    Raises
    ------
    FitFailedError
        (an :class:`InvalidInputError` with the last iterate) The optimiser did not converge, a parameter ran to the edge of the box (e^±30), or the Hessian
        at the maximum is not positive definite: the data do not identify the model.
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if warm_start is not None:
            xw, *_, warm_ok = newton(warm_start, x0)
            x0 = xw if warm_ok and np.all(np.abs(xw) < LOG_PARAM_BOUND) else x0
        x, f, g, h, n_iter, ok = newton(neg_mean_ll, x0)
        message = "Newton: gradient below tolerance" if ok else "Newton stopped short"
        if not ok:
            start = np.clip(x if np.all(np.isfinite(x)) else x0, -LOG_PARAM_BOUND, LOG_PARAM_BOUND)
            res = minimize(lambda t: neg_mean_ll(t, False), start, jac=True, method="L-BFGS-B",
                           bounds=[(-LOG_PARAM_BOUND, LOG_PARAM_BOUND)] * len(x0),
                           options={"ftol": FTOL, "gtol": GTOL, "maxiter": MAX_ITER, "maxcor": 20})
            n_iter += int(res.nit)
            x, message = res.x, f"L-BFGS-B: {res.message}"
            f, g, h = neg_mean_ll(x, True)
    at_edge = np.abs(x) > LOG_PARAM_BOUND - 1e-3
    if at_edge.any():
        which = ", ".join(f"{n}={np.exp(v):.3g}" for n, v, e in zip(names, x, at_edge, strict=True) if e)
        raise FitFailedError(TABLE, None, params=_natural(x), reason=(
            f"the {model} fit did not find a maximum inside the parameter range ({which}): the data do not "
            "identify the model (too few repeat buyers, or too short a history)"), reason_zh=(
            f"{model} 模型拟合未能在参数范围内找到最优解（{which}）：这些数据不足以确定模型"
            "（复购客户太少，或数据时间跨度太短）"))
    converged = bool(np.isfinite(f) and np.all(np.isfinite(g)) and np.max(np.abs(g)) < 1e-5)
    if not converged:
        raise FitFailedError(TABLE, None, params=_natural(x), reason=(
            f"the {model} fit did not converge after {n_iter} iterations ({message}); "
            f"max |gradient| = {np.max(np.abs(g)):.2g}"), reason_zh=(
            f"{model} 模型拟合在 {n_iter} 次迭代后仍未收敛（{message}）；"
            f"最大 |梯度| = {np.max(np.abs(g)):.2g}"))
    theta = np.exp(x)
    cov_log = _inverse(h * n_total)
    if np.isnan(cov_log).any():
        values = ", ".join(f"{n}={v:.3g}" for n, v in zip(names, theta, strict=True))
        raise FitFailedError(TABLE, None, params=theta, reason=(
            f"the {model} fit ended on a flat ridge of the likelihood ({values}): the data do not identify the "
            "parameters (too few repeat buyers, or purchase histories too alike)"), reason_zh=(
            f"{model} 模型拟合停在似然函数的平坦区域（{values}）：这些数据不足以确定模型参数"
            "（复购客户太少，或客户的购买记录过于相似）"))
    return MLEResult(theta, -f * n_total, cov_log * np.outer(theta, theta), converged, n_iter, message)


def newton(fun: Callable[[np.ndarray, bool], tuple], x0: np.ndarray, *, gtol: float = NEWTON_GTOL,
           max_iter: int = 100, max_step: float = 2.0):
    """Minimise ``fun`` (value, gradient, Hessian) by Newton steps with a line search.

    Each step solves H p = −g with H's eigenvalues replaced by their absolute values (at least 1e-8), so
    p always points downhill, even where H is not positive definite far from the minimum; the step is
    capped at ``max_step`` (log scale: a factor e² per parameter) and halved until the value falls by
    at least 1e-4 of the predicted decrease (Armijo), or, where the value is flat to rounding, until the
    gradient shrinks. Near the minimum these are plain Newton steps, which converge quadratically.
    Stops when max |g| < ``gtol``.

    Returns
    -------
    (x, f, g, H, iterations, converged)
    """
    x = np.asarray(x0, dtype=np.float64)
    f, g, h = fun(x, True)
    for it in range(max_iter):
        if not (np.isfinite(f) and np.all(np.isfinite(g)) and np.all(np.isfinite(h))):
            return x, f, g, h, it, False
        if np.max(np.abs(g)) < gtol:
            return x, f, g, h, it, True
        ev, vec = np.linalg.eigh((h + h.T) / 2)
        p = -vec @ ((vec.T @ g) / np.maximum(np.abs(ev), 1e-8))
        p *= min(1.0, max_step / np.max(np.abs(p)))
        slope = g @ p
        noise = 1e-13 * (1 + abs(f))  # rounding in a mean over many customers
        t = 1.0
        for _ in range(40):
            f_new, g_new, h_new = fun(x + t * p, True)
            if np.isfinite(f_new) and (f_new <= f + 1e-4 * t * slope or (
                    f_new <= f + noise and np.max(np.abs(g_new)) < np.max(np.abs(g)))):
                break  # sufficient decrease; or, at the bottom where f is flat to rounding, a smaller gradient
            t /= 2
        else:
            return x, f, g, h, it, np.max(np.abs(g)) < 1e-6
        x, f, g, h = x + t * p, f_new, g_new, h_new
    return x, f, g, h, max_iter, np.max(np.abs(g)) < gtol


def _natural(log_params: np.ndarray) -> np.ndarray:
    """exp of log-parameters, +inf where they overflow (an iterate that ran off)."""
    with np.errstate(over="ignore"):
        return np.exp(log_params)


def _inverse(h: np.ndarray) -> np.ndarray:
    """Inverse of a Hessian of −ln L; NaN when it is not positive definite (no proper maximum)."""
    try:
        inv = np.linalg.inv((h + h.T) / 2)
    except np.linalg.LinAlgError:
        return np.full(h.shape, np.nan)
    return inv if np.all(np.diag(inv) > 0) else np.full(h.shape, np.nan)
