"""crm_core/clv/readings.py: each reading by hand from published parameters (FHL 2005; note 025)."""

from __future__ import annotations

import math

import pytest

from crm_core.clv.readings import bgnbd_readings, gamma_gamma_readings
from crm_core.errors import InvalidInputError

# Fader, Hardie & Lee (2005), CDNOW sample, weeks; Fader & Hardie (2013), note 025
R, ALPHA, A, B = 0.243, 4.414, 0.793, 2.426
P, Q, GAMMA = 6.25, 3.74, 15.44


def test_bgnbd_readings_of_the_cdnow_estimates_by_hand():
    got = bgnbd_readings(R, ALPHA, A, B)
    # mean rate r/α = 0.243/4.414 = 0.05505 a week -> once every 4.414/0.243 = 18.16 weeks while active
    assert got["purchase_rate"] == pytest.approx(0.05505, abs=5e-6)
    assert got["periods_between_purchases"] == pytest.approx(18.16, abs=0.005)
    assert f"{got['periods_between_purchases']:.1f}" == "18.2"
    # a/(a+b) = 0.793/3.219 = 0.2463 -> 24.6 % drop out after each purchase
    assert f"{100 * got['dropout_mean']:.1f}" == "24.6"
    assert got["dropout_mean"] == pytest.approx(0.793 / 3.219, rel=1e-12)
    # Beta SD: √(0.793·2.426 / (3.219²·4.219)) = √(1.923818 / 43.71774) = 0.2098
    assert got["dropout_sd"] == pytest.approx(0.2098, abs=5e-5)
    # Gamma CV 1/√0.243 = 2.029
    assert got["purchase_rate_cv"] == pytest.approx(2.029, abs=5e-4)


def test_the_interval_follows_the_time_unit():
    # the same customers in days: α is 7 times the weekly one, so the interval is 7 times as long
    assert bgnbd_readings(R, 7 * ALPHA, A, B)["periods_between_purchases"] == pytest.approx(7 * 18.1646, abs=5e-3)


def test_gamma_gamma_readings_of_note_025_by_hand():
    got = gamma_gamma_readings(P, Q, GAMMA)
    assert got["mean_spend"] == pytest.approx(6.25 * 15.44 / 2.74, rel=1e-12)  # 35.22
    assert round(got["mean_spend"], 2) == 35.22
    assert got["spend_cv_within"] == pytest.approx(0.4, rel=1e-12)  # 1/√6.25
    assert got["spend_cv_between"] == pytest.approx(1 / math.sqrt(1.74), rel=1e-12)  # 0.758
    assert gamma_gamma_readings(2.0, 1.5, 10.0)["spend_cv_between"] == math.inf  # q <= 2: no finite variance


def test_readings_check_their_parameters():
    with pytest.raises(InvalidInputError, match="the 'q' parameter of gamma_gamma_readings must be > 1"):
        gamma_gamma_readings(6.0, 0.9, 15.0)
    with pytest.raises(InvalidInputError, match="the 'alpha' parameter of bgnbd_readings must be > 0"):
        bgnbd_readings(0.2, 0.0, 1.0, 1.0)
