"""crm_core/clv/customer_value.py: CLV per customer, and the CDNOW transactions end to end (FHL 2005, note 025)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from crm_core.clv import bgnbd, gamma_gamma
from crm_core.clv.customer_value import customer_lifetime_value, fit_btyd, predict_customers
from crm_core.customers import customer_table
from crm_core.errors import InvalidInputError
from crm_core.ingest import ingest_file

from ..conftest import TODAY
from .conftest import CDNOW_SAMPLE

BG = (0.243, 4.414, 0.793, 2.426)   # FHL (2005)
GG = (6.25, 3.74, 15.44)            # note 025


@pytest.fixture(scope="module")
def cdnow_calibration() -> pd.DataFrame:
    # identical lines are separate purchases in CDNOW (no order id): keep them, as the published summary does
    store, _ = ingest_file(CDNOW_SAMPLE, today=TODAY, mapping={"customer_id": "customer_id"}, drop_duplicates=False)
    return customer_table(store, dt.date(1997, 10, 1))  # 39-week calibration ends 1997-09-30


def test_end_to_end_cdnow_transactions_reproduce_the_published_estimates(cdnow_calibration):
    # FHL (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL −9582.4; note 025: p = 6.25, q = 3.74,
    # γ = 15.44 — from the raw transactions through the CustomerTable, to the printed precision (the
    # unrounded t_x, T and spends of the transactions, not the 2-decimal summary file).
    fitted = fit_btyd(cdnow_calibration, time_unit="week")
    bg, gg = fitted.purchases, fitted.spend
    for name, value in zip(bgnbd.PARAM_NAMES, BG, strict=True):
        assert bg.params_[name] == pytest.approx(value, abs=0.0005), name
    assert bg.log_likelihood_ == pytest.approx(-9582.4, abs=0.05)
    for name, value in zip(gamma_gamma.PARAM_NAMES, GG, strict=True):
        assert gg.params_[name] == pytest.approx(value, abs=0.005), name
    assert gg.n_customers_ == 946 and gg.n_one_time_excluded_ == 1411


def test_predict_customers_columns_and_spend_basis(cdnow_calibration):
    fitted = fit_btyd(cdnow_calibration)
    out = predict_customers(cdnow_calibration, fitted, horizon=52, discount_rate=0.0019)
    assert list(out.columns) == ["customer_id", "p_alive", "expected_purchases", "expected_spend", "spend_basis",
                                 "clv_expected"]
    assert out.attrs == {"horizon": 52, "time_unit": "week", "discount_rate_per_period": 0.0019, "margin": 1.0}
    one_time = out["spend_basis"] == "one_time_buyer"
    assert one_time.sum() == 1411
    np.testing.assert_allclose(out.loc[one_time, "expected_spend"], fitted.spend.population_mean_spend_)
    assert (out["p_alive"].between(0, 1)).all() and (out["clv_expected"] >= 0).all()
    # CLV = spend × discounted purchases; undiscounted, it is spend × E[Y(52)]
    flat = predict_customers(cdnow_calibration, fitted, horizon=52, discount_rate=0.0)
    np.testing.assert_allclose(flat["clv_expected"], flat["expected_spend"] * flat["expected_purchases"], rtol=1e-10)


def test_clv_by_hand_for_one_customer():
    # x = 2, t_x = 30.43, T = 38.86, z̄ = 22.35, 3 periods at 1 %: Σ_k (E[Y(k)] − E[Y(k−1)])/1.01^k × E[M]
    e = [0.0] + [bgnbd.expected_purchases(*BG, 2, 30.43, 38.86, k).item() for k in (1, 2, 3)]
    by_hand = sum((e[k] - e[k - 1]) / 1.01 ** k for k in (1, 2, 3)) * gamma_gamma.expected_spend(*GG, 2, 22.35).item()
    got = customer_lifetime_value(*BG, *GG, 2, 30.43, 38.86, 22.35, horizon=3, discount_rate=0.01)
    assert got.item() == pytest.approx(by_hand, rel=1e-12)
    half = customer_lifetime_value(*BG, *GG, 2, 30.43, 38.86, 22.35, horizon=3, discount_rate=0.01, margin=0.5)
    assert half.item() == pytest.approx(by_hand / 2, rel=1e-12)


def test_missing_columns_are_listed():
    with pytest.raises(InvalidInputError, match="required column.*not found; the table has: customer_id, x") as err:
        fit_btyd(pd.DataFrame({"customer_id": ["a"], "x": [1]}))
    assert err.value.columns == ["frequency", "recency", "T", "mean_repeat_spend"]


@settings(max_examples=60)
@given(x=hst.integers(0, 50), frac=hst.floats(0, 1), T=hst.floats(1, 100), m=hst.floats(1, 500),
       d1=hst.floats(0, 0.05), d2=hst.floats(0, 0.05))
def test_clv_falls_as_the_discount_rate_rises(x, frac, T, m, d1, d2):
    lo, hi = sorted((d1, d2))
    tx = frac * T if x else 0.0
    v = [customer_lifetime_value(*BG, *GG, x, tx, T, m, horizon=20, discount_rate=d).item() for d in (lo, hi)]
    assert 0 <= v[1] <= v[0] * (1 + 1e-12)


def test_identical_repeat_spend_end_to_end_gives_everyone_the_pooled_mean(tmp_path):
    # every repeat purchase day of the CDNOW sample's customers costs 30.00 ± 1 cent (first days differ): through
    # ingest and the CustomerTable, BG/NBD fits, Gamma-Gamma takes its limit, every customer's expected spend is
    # the pooled mean repeat spend computed here in pandas, and the CLVs are finite
    from .conftest import flat_spend_orders, pooled_repeat_spend

    orders = flat_spend_orders(cents_noise=True)
    path = tmp_path / "flat.csv"
    orders.to_csv(path, index=False)
    store, report = ingest_file(path, today=TODAY, mapping={"customer_id": "customer_id"}, drop_duplicates=False)
    ct = customer_table(store, report.default_as_of)
    fitted = fit_btyd(ct)
    assert fitted.spend.method_ == gamma_gamma.METHOD_POOLED_MEAN
    out = predict_customers(ct, fitted, horizon=52, discount_rate=0.0018)
    pooled = pooled_repeat_spend(orders)
    assert 29.99 < pooled < 30.01 and pooled != 30.0
    np.testing.assert_allclose(out["expected_spend"], pooled, rtol=1e-12)
    assert (out["spend_basis"] == "pooled_mean").sum() == 1139 == (ct["frequency"] > 0).sum()
    assert np.isfinite(out["clv_expected"]).all() and (out["clv_expected"] > 0).all()
