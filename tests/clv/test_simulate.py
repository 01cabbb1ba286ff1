"""crm_core/clv/simulate.py: the simulated summaries obey the model's constraints and moments."""

from __future__ import annotations

import numpy as np
import pytest

from crm_core.clv import bgnbd
from crm_core.clv.simulate import simulate_bgnbd, simulate_mean_spend

P = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)


def test_bgnbd_summaries_are_valid_and_reproducible():
    a = simulate_bgnbd(**P, n_customers=5000, T=39.0, seed=1)
    b = simulate_bgnbd(**P, n_customers=5000, T=39.0, seed=1)
    assert a.equals(b)
    assert ((a.recency <= a["T"]) & (a.recency >= 0) & ((a.frequency > 0) | (a.recency == 0))).all()


def test_day_stamped_summaries_repeat_rows():
    d = simulate_bgnbd(**P, n_customers=20_000, T=np.random.default_rng(0).uniform(0, 78, 20_000), seed=2,
                       days_per_unit=7.0)
    assert np.allclose(d["T"] * 7, np.round(d["T"] * 7)) and np.allclose(d.recency * 7, np.round(d.recency * 7))
    assert len(d[["frequency", "recency", "T"]].drop_duplicates()) < len(d) / 2


def test_mean_repeat_purchases_match_the_model():
    # E[X(T)] of eq. (9) for a new customer vs the simulated mean: 200,000 customers, sd(X) ≈ 2 → se ≈ 0.005
    d = simulate_bgnbd(**P, n_customers=200_000, T=39.0, seed=3)
    assert d.frequency.mean() == pytest.approx(bgnbd.expected_purchases_new_customer(**P, t=39.0).item(), abs=0.02)


def test_mean_spend_mean_matches_the_population_mean():
    # E[z̄] = p·v/(q−1) for any x; 100,000 draws
    z = simulate_mean_spend(p=6.0, q=4.0, v=15.0, frequency=np.full(100_000, 3), seed=5)
    assert z.mean() == pytest.approx(6.0 * 15.0 / 3.0, rel=0.01)
    assert np.isnan(simulate_mean_spend(p=6.0, q=4.0, v=15.0, frequency=[0], seed=5)).all()
