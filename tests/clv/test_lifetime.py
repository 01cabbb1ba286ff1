"""crm_core/clv/lifetime.py: the expected time still active within H periods under BG/NBD, checked against an
independent integral over p, a Monte Carlo simulation of the model's own story, and its closed-form limits."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate
from scipy.special import betaln

from crm_core.clv import bgnbd
from crm_core.clv.lifetime import expected_active_time
from crm_core.errors import InvalidInputError

CDNOW = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)  # Fader, Hardie & Lee (2005), CDNOW 39-week calibration


def _by_quad(r, alpha, a, b, x, tx, T, H):
    """The other route: the t-integral in closed form, E_λ over Gamma(r+x, α+T) taken first, then scipy's
    adaptive quadrature over p ~ Beta(a, b+x): β/(p(s−1))·[1 − (1 + pH/β)^{1−s}], s = r + x."""
    beta, s = alpha + T, r + x

    def inner(p):
        return beta / p * np.log1p(p * H / beta) if s == 1 else beta / (p * (s - 1)) * (1 - (1 + p * H / beta) ** (1 - s))

    def dens(p):
        return np.exp((a - 1) * np.log(p) + (b + x - 1) * np.log1p(-p) - betaln(a, b + x))

    val, _ = integrate.quad(lambda p: inner(p) * dens(p), 0, 1, limit=200, points=[1e-6, 1e-3, 1e-1])
    return bgnbd.p_alive(r, alpha, a, b, [x], [tx], [T])[0] * val


@pytest.mark.parametrize("x,tx,T,H", [(0, 0, 38.86, 52), (2, 30.43, 38.86, 52), (10, 38, 39, 520),
                                      (1, 5, 39, 5200), (3, 20, 39, 0.5), (0, 0, 2, 104)])
def test_matches_an_independent_integral_over_p(x, tx, T, H):
    got = expected_active_time(**CDNOW, frequency=[x], recency=[tx], T=[T], horizon=H)[0]
    assert got == pytest.approx(_by_quad(**CDNOW, x=x, tx=tx, T=T, H=H), rel=1e-8)


def _simulate(r, alpha, a, b, n, T, H, seed):
    """BG/NBD's story (FHL 2005, §3) run past T: repeat purchases at rate λ ~ Gamma(r, α); after each, dropout
    with probability p ~ Beta(a, b). Returns x, t_x in (0, T] and the time actually active in (T, T + H]."""
    rng = np.random.default_rng(seed)
    lam, p = rng.gamma(r, 1 / alpha, n), rng.beta(a, b, n)
    last = rng.geometric(p)  # the repeat purchase after which the customer drops out
    s, x, tx, tau = np.zeros(n), np.zeros(n), np.zeros(n), np.full(n, np.inf)
    going, k = np.ones(n, dtype=bool), 0
    while going.any():
        s[going] += rng.exponential(1 / lam[going])
        k += 1
        seen = going & (s <= T)
        x[seen], tx[seen] = k, s[seen]
        died = going & (last == k)
        tau[died] = s[died]
        going &= ~died & (s <= T + H)
    return x, tx, np.clip(tau - T, 0, H)


def test_mean_active_time_matches_a_monte_carlo_simulation_of_the_model():
    # E[E[A | data] · 1{data in group}] = E[A · 1{data in group}] (tower property): per frequency group, the
    # mean prediction equals the mean simulated active time, within 4 standard errors of the simulation.
    T, H, n = 39.0, 52.0, 60_000
    x, tx, active = _simulate(**CDNOW, n=n, T=T, H=H, seed=7)
    pred = expected_active_time(**CDNOW, frequency=x, recency=tx, T=np.full(n, T), horizon=H)
    for lo, hi in ((0, 0), (1, 1), (2, 4), (5, np.inf)):
        m = (x >= lo) & (x <= hi)
        assert m.sum() > 500
        se = active[m].std(ddof=1) / np.sqrt(m.sum())
        assert abs(pred[m].mean() - active[m].mean()) < 4 * se, (lo, hi, pred[m].mean(), active[m].mean(), se)


def test_limits_short_horizon_and_infinite_horizon_with_a_above_one():
    x, tx, T = np.array([0, 3, 8]), np.array([0.0, 20.0, 35.0]), np.array([39.0, 39.0, 39.0])
    alive = bgnbd.p_alive(**CDNOW, frequency=x, recency=tx, T=T)
    # H → 0: still active for (almost) all of a tiny horizon, weighted by P(alive)
    np.testing.assert_allclose(expected_active_time(**CDNOW, frequency=x, recency=tx, T=T, horizon=1e-6),
                               alive * 1e-6, rtol=1e-5)
    # a > 1 and r + x > 1: E[1/(λp)] = (α+T)/(r+x−1) · (a+b+x−1)/(a−1) is finite; H = 1e7 is close to ∞
    # (the remainder falls as H^{1−a}·… with a = 3: relative 1e-6 or less)
    r, alpha, a, b = 2.5, 10.0, 3.0, 4.0
    alive = bgnbd.p_alive(r, alpha, a, b, x, tx, T)
    limit = alive * (alpha + T) / (r + x - 1) * (a + b + x - 1) / (a - 1)
    got = expected_active_time(r, alpha, a, b, x, tx, T, horizon=1e7, n_nodes=64)
    np.testing.assert_allclose(got, limit, rtol=1e-4)


def test_between_zero_and_the_horizon_and_zero_for_a_zero_horizon():
    x, tx, T = np.array([0, 1, 5, 40]), np.array([0.0, 1.0, 30.0, 38.0]), np.full(4, 39.0)
    got = expected_active_time(**CDNOW, frequency=x, recency=tx, T=T, horizon=52)
    assert np.all((got > 0) & (got < 52))
    assert np.all(expected_active_time(**CDNOW, frequency=x, recency=tx, T=T, horizon=0) == 0)


def test_a_negative_horizon_is_refused():
    with pytest.raises(InvalidInputError, match="horizon must be >= 0"):
        expected_active_time(**CDNOW, frequency=[1], recency=[1], T=[2], horizon=-1)
