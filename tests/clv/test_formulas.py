"""crm_core/clv/formulas.py against the CRM course's worked examples (shared/reference/TEXTBOOK.md)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as hst

from crm_core.clv.formulas import (
    READINGS,
    discounted_clv,
    discounted_clv_table,
    retention_clv,
    retention_discount_grid,
    simple_clv,
    simple_clv_from_totals,
    tornado,
)
from crm_core.errors import InvalidInputError

# Textbook example 例3.1: n = 5 years, Co = 400, Po = 2,000, In = 500, r = 9 %, Cs = 10.
EXAMPLE_3_1 = dict(years=5, acquisition_cost=400, first_purchase=2000, revenue_increase=500, interest_rate=0.09,
                   service_cost=10)
CENT = 0.005  # the course prints money to the cent: half a cent is the rounding of the printed figure


def test_simple_clv_dairy_store_manager():
    # TEXTBOOK.md: the angry dairy-store customer, 100 USD a week × 52 weeks × 10 years = 52,000 USD
    assert simple_clv(100, 52, 10) == 52_000


def test_simple_clv_from_totals_averages_spend_per_purchase():
    # 10 customers, 200 purchases worth 5,000 over 2 years, 60 customer-years of lifespan in all:
    # 25 per purchase × 10 purchases a year × 6 years = 1,500
    assert simple_clv_from_totals(total_spend=5000, total_purchases=200, customers=10, periods=2,
                                  total_lifespan_periods=60) == pytest.approx(1500)


@pytest.mark.parametrize(("reading", "expected"), [("A", 3505.93), ("B", 10895.93), ("C", 7061.45)])
def test_example_3_1_three_readings(reading, expected):
    # TEXTBOOK.md, 例3.1: the three readings of the yearly revenue path
    assert discounted_clv(**EXAMPLE_3_1, reading=reading) == pytest.approx(expected, abs=CENT)


def test_example_3_1_reading_a_yearly_present_values():
    # TEXTBOOK.md, 例3.1 reading A: yearly terms (In − Cs)/(1+r)^t = 449.54, 412.42, 378.37, 347.13, 318.47
    table = discounted_clv_table(**EXAMPLE_3_1, reading="A")
    assert list(table["year"]) == [0, 1, 2, 3, 4, 5]
    np.testing.assert_allclose(table["present_value"].iloc[1:], [449.54, 412.42, 378.37, 347.13, 318.47], atol=CENT)
    assert table["present_value"].iloc[0] == 1600  # Po − Co at t = 0, undiscounted
    assert table["cumulative_present_value"].iloc[-1] == pytest.approx(3505.93, abs=CENT)
    np.testing.assert_allclose(table["discount_factor"], 1.09 ** -np.arange(6))


def test_example_3_1_reading_b_revenue_path():
    table = discounted_clv_table(**EXAMPLE_3_1, reading="B")
    assert list(table["revenue"]) == [0, 2000, 2500, 3000, 3500, 4000]  # R_t = Po + (t − 1)·In
    assert list(table["cost"]) == [400, 10, 10, 10, 10, 10]


def test_profit_basis_and_share_of_wallet_scale_revenue_not_costs():
    # reading A with margin g and share s: g·s·Po − Co + Σ (g·s·In − Cs)/(1+r)^t, computed by hand
    g, s = 0.3, 0.5
    by_hand = g * s * 2000 - 400 + sum((g * s * 500 - 10) / 1.09 ** t for t in range(1, 6))
    got = discounted_clv(**EXAMPLE_3_1, basis="profit", gross_margin=g, share_of_wallet=s)
    assert got == pytest.approx(by_hand, rel=1e-12)


def test_every_reading_is_documented():
    assert set(READINGS) == {"A", "B", "C"}


def test_retention_clv_textbook_example():
    # TEXTBOOK.md (Gupta & Lehmann): m = 100, r = 0.8, d = 0.1 → 266.67 (infinite), 212.41 (n = 5)
    assert retention_clv(margin=100, retention=0.8, discount_rate=0.1) == pytest.approx(266.67, abs=CENT)
    assert retention_clv(margin=100, retention=0.8, discount_rate=0.1, periods=5) == pytest.approx(212.41, abs=CENT)


def test_retention_clv_start_timing_adds_the_margin_of_now():
    # "start": m(1+d)/(1+d−r) = m + m·r/(1+d−r)
    end = retention_clv(margin=100, retention=0.8, discount_rate=0.1)
    start = retention_clv(margin=100, retention=0.8, discount_rate=0.1, timing="start")
    assert start == pytest.approx(100 + end, rel=1e-12)
    # the finite sum tends to the infinite one
    assert retention_clv(margin=100, retention=0.8, discount_rate=0.1, periods=500) == pytest.approx(end, rel=1e-12)


def test_tornado_orders_by_swing_and_moves_each_input_20_percent():
    out = tornado(retention_clv, dict(margin=100, retention=0.8, discount_rate=0.1))
    assert list(out["input"]) == ["retention", "margin", "discount_rate"]
    assert out.attrs["base_clv"] == pytest.approx(266.67, abs=CENT)
    row = out.set_index("input").loc["margin"]
    assert (row["low_value"], row["high_value"]) == (80, 120)
    assert row["clv_high"] == pytest.approx(320)  # linear in the margin
    assert (out["swing"].diff().dropna() <= 0).all()


def test_tornado_clips_fractions_to_their_bounds():
    out = tornado(retention_clv, dict(margin=100, retention=0.9, discount_rate=0.1)).set_index("input")
    assert out.loc["retention", "high_value"] == 1.0  # 0.9 × 1.2 = 1.08 is not a retention rate


def test_retention_discount_grid_matches_the_formula_and_marks_divergence():
    grid = retention_discount_grid(margin=100, retentions=[0.8, 1.0], discount_rates=[0.0, 0.1])
    assert grid.loc[0.8, 0.1] == pytest.approx(266.67, abs=CENT)
    assert np.isnan(grid.loc[1.0, 0.0])  # r >= 1 + d: the infinite sum diverges


def test_bad_inputs_name_the_parameter():
    with pytest.raises(InvalidInputError, match="reading must be one of A, B, C; got 'D'") as err:
        discounted_clv(**EXAMPLE_3_1, reading="D")
    assert err.value.column == "reading" and err.value.rows == []
    with pytest.raises(InvalidInputError, match="gross_margin is required"):
        discounted_clv(**EXAMPLE_3_1, basis="profit")
    with pytest.raises(InvalidInputError, match="retention must be between 0 and 1; got 1.2"):
        retention_clv(margin=100, retention=1.2, discount_rate=0.1)


@given(m=hst.floats(1, 1e4), r=hst.floats(0.01, 0.99), d1=hst.floats(0.0, 0.5), d2=hst.floats(0.0, 0.5),
       n=hst.one_of(hst.none(), hst.integers(1, 50)))
def test_retention_clv_falls_as_the_discount_rate_rises(m, r, d1, d2, n):
    lo, hi = sorted((d1, d2))
    assert retention_clv(margin=m, retention=r, discount_rate=hi, periods=n) <= \
        retention_clv(margin=m, retention=r, discount_rate=lo, periods=n) * (1 + 1e-12)


@given(r1=hst.floats(0.0, 0.3), r2=hst.floats(0.0, 0.3), reading=hst.sampled_from(["A", "B", "C"]))
def test_discounted_clv_falls_as_the_interest_rate_rises(r1, r2, reading):
    # every yearly net inflow of 例3.1 is positive, so a higher rate can only lower the sum
    lo, hi = sorted((r1, r2))
    kw = {**EXAMPLE_3_1, "reading": reading}
    assert discounted_clv(**{**kw, "interest_rate": hi}) <= discounted_clv(**{**kw, "interest_rate": lo}) + 1e-9


@given(r1=hst.floats(0.0, 0.95), r2=hst.floats(0.0, 0.95))
def test_retention_clv_rises_with_retention(r1, r2):
    lo, hi = sorted((r1, r2))
    assert retention_clv(margin=100, retention=lo, discount_rate=0.1) <= \
        retention_clv(margin=100, retention=hi, discount_rate=0.1) + 1e-9
