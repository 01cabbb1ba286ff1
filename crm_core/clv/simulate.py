"""Customer summaries simulated from known BG/NBD and Gamma-Gamma parameters (for tests and benchmarks).

This module owns drawing (frequency, recency, T) and mean spends from the models' own generative
stories with a seeded ``numpy.random.Generator``, so that a fit can be checked against the parameters
that made the data. It does not fit anything.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InvalidInputError


def simulate_bgnbd(*, r: float, alpha: float, a: float, b: float, n_customers: int, T, seed: int,
                   days_per_unit: float | None = None) -> pd.DataFrame:
    """Per-customer (frequency, recency, T) drawn from the BG/NBD model.

    Parameters
    ----------
    r, alpha, a, b : float
        BG/NBD parameters (> 0); ``alpha`` [time unit].
    n_customers : int
        Number of customers.
    T : float or array_like
        Observation length per customer after the first purchase [time unit] (scalar or one per customer).
    seed : int
        Seed of ``numpy.random.default_rng``; the same arguments give the same rows.
    days_per_unit : float, optional
        If given (e.g. 7 for weeks), T and the last purchase time are floored to whole days and
        divided by it, like summaries built from day-stamped transactions: many rows repeat. By
        default times stay continuous and no two rows with x > 0 are alike.

    Returns
    -------
    DataFrame
        Columns ``frequency`` [count], ``recency`` and ``T`` [time unit], and the drawn ``lambda``
        [purchases per time unit] and ``p`` [probability].

    Notes
    -----
    The generative story of Fader, Hardie & Lee (2005), section 3: λ ~ Gamma(r, rate α),
    p ~ Beta(a, b); repeat purchases form a Poisson process of rate λ, and after each repeat purchase
    the customer drops out with probability p. So the repeat purchases made before dropping out are
    J ~ Geometric(p) (J >= 1); with N ~ Poisson(λT) events in (0, T], x = min(N, J); given N = n, the
    event times are n uniform order statistics on (0, T], so t_x = T · Beta(x, n − x + 1) for x > 0.
    With ``days_per_unit`` several purchases on one day still count separately.
    """
    if n_customers < 0 or int(n_customers) != n_customers:
        raise InvalidInputError("parameters", "n_customers", reason=f"must be a whole number >= 0; got {n_customers!r}")
    rng = np.random.default_rng(seed)
    t_end = np.broadcast_to(np.asarray(T, dtype=np.float64), (int(n_customers),)).copy()
    if days_per_unit:
        t_end = np.floor(t_end * days_per_unit) / days_per_unit
    lam = rng.gamma(r, 1.0 / alpha, n_customers)
    p = rng.beta(a, b, n_customers)
    n_events = rng.poisson(lam * t_end)
    j = rng.geometric(p)
    x = np.minimum(n_events, j)
    rep = x > 0
    tx = np.zeros(n_customers)
    tx[rep] = t_end[rep] * rng.beta(x[rep], n_events[rep] - x[rep] + 1)
    if days_per_unit:
        tx = np.floor(tx * days_per_unit) / days_per_unit
    return pd.DataFrame({"frequency": x.astype(np.int64), "recency": tx, "T": t_end, "lambda": lam, "p": p})


def simulate_mean_spend(*, p: float, q: float, v: float, frequency, seed: int) -> np.ndarray:
    """Mean spend per repeat purchase drawn from the Gamma-Gamma model (NaN where frequency = 0).

    Parameters
    ----------
    p, q, v : float
        Gamma-Gamma parameters (> 0): spend per purchase ~ Gamma(shape p, rate ν), ν ~ Gamma(shape q,
        rate v) per customer; ``v`` [currency].
    frequency : array_like
        Repeat purchases x per customer [count].
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    ndarray
        z̄ [currency]: the mean of x draws, which is Gamma(shape p·x, rate ν·x) (Fader & Hardie 2013,
        note 025).
    """
    rng = np.random.default_rng(seed)
    x = np.asarray(frequency, dtype=np.float64)
    nu = rng.gamma(q, 1.0 / v, x.size)
    out = np.full(x.size, np.nan)
    rep = x > 0
    out[rep] = rng.gamma(p * x[rep], 1.0 / (nu[rep] * x[rep]))
    return out
