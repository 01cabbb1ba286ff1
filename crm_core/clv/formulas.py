"""Textbook CLV as a what-if calculator: simple, discounted multi-year (例3.1), retention-based, sensitivities.

This module owns the closed-form CLV formulas the CRM course teaches (see the project's
``shared/reference/TEXTBOOK.md``) as pure functions of explicit inputs, and two sensitivity views
on any of them: a tornado (each input ±20 %) and a retention × discount-rate grid. It uses no
customer data; per-customer predicted CLV from transactions is :mod:`.customer_value`'s.

Money is in one currency throughout (the caller's); rates are fractions per period (0.09 = 9 %).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import InvalidInputError

Reading = Literal["A", "B", "C"]

# The three readings of the yearly revenue path of textbook example 例3.1 (TEXTBOOK.md): the printed
# answer was not available, each fits the inputs. The value is (revenue at t = 0, revenue in year t).
READINGS: dict[str, str] = {
    "A": "first purchase Po at t = 0; each later year brings the increase In only: R_t = In",
    "B": "no revenue at t = 0; year t brings Po plus t−1 increases: R_t = Po + (t−1)·In",
    "C": "first purchase Po at t = 0; year t brings t increases: R_t = t·In",
}

# Inputs that are fractions of a whole: a ±20 % tornado step is clipped to these bounds.
FRACTION_INPUTS: dict[str, tuple[float, float]] = {
    "retention": (0.0, 1.0),
    "share_of_wallet": (0.0, 1.0),
    "gross_margin": (0.0, 1.0),
}


def _positive(name: str, value, *, allow_zero: bool = True) -> float:
    v = float(value)
    ok = np.isfinite(v) and (v >= 0 if allow_zero else v > 0)
    if not ok:
        rule = ">= 0" if allow_zero else "> 0"
        rule_zh = "不小于 0" if allow_zero else "大于 0"
        raise InvalidInputError("parameters", name, reason=f"{name} must be {rule}; got {value!r}",
                                reason_zh=f"{name} 必须{rule_zh}；当前为 {value!r}")
    return v


def _fraction(name: str, value, *, low: float = 0.0, high: float = 1.0) -> float:
    v = float(value)
    if not (np.isfinite(v) and low <= v <= high):
        raise InvalidInputError("parameters", name, reason=f"{name} must be between {low:g} and {high:g}; got {value!r}",
                                reason_zh=f"{name} 必须在 {low:g} 到 {high:g} 之间；当前为 {value!r}")
    return v


def _rate(name: str, value) -> float:
    v = float(value)
    if not (np.isfinite(v) and v > -1):
        raise InvalidInputError("parameters", name, reason=f"{name} must be > -1 (a fraction per period); got {value!r}",
                                reason_zh=f"{name} 必须大于 -1（每期的比例）；当前为 {value!r}")
    return v


def simple_clv(spend_per_purchase: float, purchases_per_period: float, lifespan_periods: float) -> float:
    """Simple CLV of the course slides: spend per purchase × purchase frequency × lifespan.

    Parameters
    ----------
    spend_per_purchase : float
        Average spend per purchase [currency], >= 0.
    purchases_per_period : float
        Average purchases per customer per period [purchases / period], >= 0.
    lifespan_periods : float
        Average customer lifespan [periods], >= 0.

    Returns
    -------
    float
        CLV [currency]; undiscounted, revenue (not profit) unless the spend is a margin.

    Notes
    -----
    CLV = s · f · L. The course's dairy-store example: 100 USD a week × 52 weeks a year × 10 years
    = 52,000 USD (``simple_clv(100, 52, 10)`` with the period a year).

    References
    ----------
    CRM course material (客户终生价值), see TEXTBOOK.md "Customer lifetime value".

    Examples
    --------
    >>> simple_clv(100, 52, 10)
    52000.0
    """
    return (_positive("spend_per_purchase", spend_per_purchase) * _positive("purchases_per_period", purchases_per_period)
            * _positive("lifespan_periods", lifespan_periods))


def simple_clv_from_totals(*, total_spend: float, total_purchases: float, customers: float, periods: float,
                           total_lifespan_periods: float) -> float:
    """Simple CLV, its three averages computed out of totals over a customer base.

    Parameters
    ----------
    total_spend : float
        All customers' spend over the observed periods [currency].
    total_purchases : float
        Their purchases over the observed periods [count], > 0.
    customers : float
        Number of customers, > 0.
    periods : float
        Length of the observation [periods], > 0.
    total_lifespan_periods : float
        Sum of the customers' lifespans [periods].

    Returns
    -------
    float
        CLV = (total_spend / total_purchases) × (total_purchases / customers / periods)
        × (total_lifespan_periods / customers) [currency].

    Notes
    -----
    The slides write "average spend = total spend / customers"; multiplied by a frequency that
    counts purchases again, that would count them twice, so spend is averaged per purchase here.
    """
    tp = _positive("total_purchases", total_purchases, allow_zero=False)
    n = _positive("customers", customers, allow_zero=False)
    per = _positive("periods", periods, allow_zero=False)
    return simple_clv(_positive("total_spend", total_spend) / tp, tp / n / per,
                      _positive("total_lifespan_periods", total_lifespan_periods) / n)


def discounted_clv_table(*, years: int, acquisition_cost: float, first_purchase: float, revenue_increase: float,
                         interest_rate: float, service_cost: float, reading: Reading = "A",
                         basis: Literal["revenue", "profit"] = "revenue", gross_margin: float | None = None,
                         share_of_wallet: float = 1.0) -> pd.DataFrame:
    """Per-year table of the discounted multi-year CLV of textbook example 例3.1.

    Parameters
    ----------
    years : int
        Length of the relationship n [years], >= 1.
    acquisition_cost : float
        Co, paid once at t = 0 [currency].
    first_purchase : float
        Po, the first purchase [currency].
    revenue_increase : float
        In, the expected increase of yearly revenue [currency / year].
    interest_rate : float
        r, the yearly discount (interest) rate [fraction / year], > -1.
    service_cost : float
        Cs, the direct service cost of each year t = 1..n [currency / year].
    reading : {"A", "B", "C"}, default "A"
        Which yearly revenue path (``READINGS``); A is the most likely reading of the textbook.
    basis : {"revenue", "profit"}, default "revenue"
        "revenue" counts revenue as the inflow (the textbook's formula); "profit" counts
        ``gross_margin`` × revenue.
    gross_margin : float, optional
        Fraction of revenue kept as gross profit [0..1]; required when ``basis="profit"``.
    share_of_wallet : float, default 1.0
        Fraction of the customer's category spend that comes to us [0..1]; scales the revenue (Po and
        In describe the customer's whole spend), not the costs.

    Returns
    -------
    DataFrame
        One row per year t = 0..n: ``year``, ``revenue`` [currency], ``inflow`` (revenue, or gross
        profit on the profit basis) [currency], ``cost`` [currency], ``net`` = inflow − cost,
        ``discount_factor`` = 1/(1+r)^t, ``present_value`` = net × factor, ``cumulative_present_value``.
        The last cumulative value is the CLV (:func:`discounted_clv`).

    Notes
    -----
    Timing: year 0 is undiscounted and carries Co (and Po in readings A and C); the service cost and
    the revenue of year t are discounted by (1+r)^t. With s = share of wallet, g = margin (1 on the
    revenue basis):

    - A: CLV = g·s·Po − Co + Σ_{t=1..n} (g·s·In − Cs)/(1+r)^t
    - B: CLV = −Co + Σ_{t=1..n} (g·s·(Po + (t−1)·In) − Cs)/(1+r)^t
    - C: CLV = g·s·Po − Co + Σ_{t=1..n} (g·s·t·In − Cs)/(1+r)^t

    例3.1 (n = 5, Co = 400, Po = 2,000, In = 500, r = 9 %, Cs = 10) gives A ¥3,505.93 (yearly present
    values 449.54, 412.42, 378.37, 347.13, 318.47), B ¥10,895.93, C ¥7,061.45.

    References
    ----------
    CRM course textbook, 例3.1 (客户终生价值的计算); TEXTBOOK.md "Customer lifetime value".

    Examples
    --------
    >>> t = discounted_clv_table(years=5, acquisition_cost=400, first_purchase=2000, revenue_increase=500,
    ...                          interest_rate=0.09, service_cost=10, reading="A")
    >>> t["present_value"].round(2).tolist()
    [1600.0, 449.54, 412.42, 378.37, 347.13, 318.47]
    >>> round(float(t["cumulative_present_value"].iloc[-1]), 2)
    3505.93
    """
    n = int(years)
    if n != years or n < 1:
        raise InvalidInputError("parameters", "years", reason=f"years must be a whole number >= 1; got {years!r}",
                                reason_zh=f"年数必须是不小于 1 的整数；当前为 {years!r}")
    if reading not in READINGS:
        raise InvalidInputError("parameters", "reading",
                                reason=f"reading must be one of {', '.join(READINGS)}; got {reading!r}")
    if basis == "revenue":
        margin = 1.0
    elif basis == "profit":
        if gross_margin is None:
            raise InvalidInputError("parameters", "gross_margin", reason="gross_margin is required when basis='profit'",
                                    reason_zh="按利润计算（basis='profit'）时必须填写毛利率 gross_margin")
        margin = _fraction("gross_margin", gross_margin)
    else:
        raise InvalidInputError("parameters", "basis", reason=f"basis must be 'revenue' or 'profit'; got {basis!r}")
    co, po = _positive("acquisition_cost", acquisition_cost), _positive("first_purchase", first_purchase)
    inc, cs = float(revenue_increase), _positive("service_cost", service_cost)
    rate = _rate("interest_rate", interest_rate)
    s = _fraction("share_of_wallet", share_of_wallet)

    t = np.arange(n + 1)
    if reading == "A":
        revenue = np.where(t == 0, po, inc)
    elif reading == "B":
        revenue = np.where(t == 0, 0.0, po + (t - 1) * inc)
    else:
        revenue = np.where(t == 0, po, t * inc)
    revenue = s * revenue
    inflow = margin * revenue
    cost = np.where(t == 0, co, cs)
    net = inflow - cost
    factor = (1 + rate) ** -t.astype(float)
    pv = net * factor
    return pd.DataFrame({"year": t, "revenue": revenue, "inflow": inflow, "cost": cost, "net": net,
                         "discount_factor": factor, "present_value": pv, "cumulative_present_value": np.cumsum(pv)})


def discounted_clv(**inputs) -> float:
    """CLV of :func:`discounted_clv_table` (same keyword inputs): the sum of its present values [currency]."""
    return float(discounted_clv_table(**inputs)["present_value"].sum())


def retention_clv(*, margin: float, retention: float, discount_rate: float, periods: int | None = None,
                  timing: Literal["end", "start"] = "end") -> float:
    """Retention-based CLV of one customer (Gupta & Lehmann), infinite or over ``periods``.

    Parameters
    ----------
    margin : float
        m, the margin a retained customer brings each period [currency / period].
    retention : float
        r, the probability of staying one more period [0..1].
    discount_rate : float
        d, the discount rate per period [fraction / period], > -1, and d > r − 1 for the infinite sum.
    periods : int, optional
        Horizon n [periods]; ``None`` (default) sums to infinity.
    timing : {"end", "start"}, default "end"
        "end": the first margin comes at the end of period 1, if the customer is retained, and is
        discounted once (Gupta & Lehmann's convention): CLV = Σ_{t=1..n} m·r^t/(1+d)^t, and
        m·r/(1+d−r) for n = ∞. "start": a margin is also earned now, at t = 0, undiscounted:
        Σ_{t=0..n−1} m·r^t/(1+d)^t, and m·(1+d)/(1+d−r) for n = ∞.

    Returns
    -------
    float
        CLV [currency].

    Notes
    -----
    Example (TEXTBOOK.md): m = 100, r = 0.8, d = 0.1 → 266.67 (infinite), 212.41 (n = 5), "end" timing.

    References
    ----------
    Gupta, S. & Lehmann, D. R. (2003). Customers as Assets. Journal of Interactive Marketing 17(1), 9-24.

    Examples
    --------
    >>> round(retention_clv(margin=100, retention=0.8, discount_rate=0.1), 2)
    266.67
    >>> round(retention_clv(margin=100, retention=0.8, discount_rate=0.1, periods=5), 2)
    212.41
    """
    m = float(margin)
    if not np.isfinite(m):
        raise InvalidInputError("parameters", "margin", reason=f"margin must be a number; got {margin!r}",
                                reason_zh=f"每期利润必须是数字；当前为 {margin!r}")
    r = _fraction("retention", retention)
    d = _rate("discount_rate", discount_rate)
    if timing not in ("end", "start"):
        raise InvalidInputError("parameters", "timing", reason=f"timing must be 'end' or 'start'; got {timing!r}")
    q = r / (1 + d)
    if periods is None:
        if q >= 1:
            raise InvalidInputError("parameters", "discount_rate", reason=(
                f"the infinite sum needs retention < 1 + discount_rate; got retention={r:g}, discount_rate={d:g}"),
                reason_zh=f"无限期求和要求留存率 < 1 + 折现率；当前 retention={r:g}，discount_rate={d:g}")
        return m * r / (1 + d - r) if timing == "end" else m * (1 + d) / (1 + d - r)
    n = int(periods)
    if n != periods or n < 0:
        raise InvalidInputError("parameters", "periods", reason=f"periods must be a whole number >= 0; got {periods!r}",
                                reason_zh=f"期数必须是不小于 0 的整数；当前为 {periods!r}")
    t = np.arange(1, n + 1) if timing == "end" else np.arange(0, n)
    return float(m * np.sum(q ** t.astype(float)))


def tornado(formula: Callable[..., float], inputs: Mapping[str, float], *, change: float = 0.2,
            vary: Sequence[str] | None = None) -> pd.DataFrame:
    """One-at-a-time sensitivity: the CLV with each input moved down and up by ``change``.

    Parameters
    ----------
    formula : callable
        A CLV function of keyword inputs (e.g. :func:`discounted_clv`, :func:`retention_clv`).
    inputs : mapping
        The base keyword inputs.
    change : float, default 0.2
        Relative move of each input [fraction]: low = x·(1 − change), high = x·(1 + change); inputs
        that are fractions of a whole (``FRACTION_INPUTS``) are clipped to their bounds.
    vary : sequence of str, optional
        The inputs to move; default every numeric input (not bools, not strings, not None).

    Returns
    -------
    DataFrame
        One row per input, largest swing first: ``input``, ``base_value``, ``low_value``,
        ``high_value``, ``clv_low``, ``clv_high`` (CLV at the low and high input) [currency],
        ``swing`` = |clv_high − clv_low| [currency]; ``attrs["base_clv"]`` is the CLV at the base.
    """
    change = _positive("change", change)
    base_clv = float(formula(**inputs))
    names = list(vary) if vary is not None else [
        k for k, v in inputs.items() if isinstance(v, int | float) and not isinstance(v, bool)]
    rows = []
    for name in names:
        if name not in inputs:
            raise InvalidInputError("parameters", "vary", reason=f"{name!r} is not one of the inputs {list(inputs)}")
        base = float(inputs[name])
        lo, hi = base * (1 - change), base * (1 + change)
        if name in FRACTION_INPUTS:
            lo, hi = np.clip([lo, hi], *FRACTION_INPUTS[name])
        if name == "years" or name == "periods":
            lo, hi = max(1, round(lo)), round(hi)
        c_lo = float(formula(**{**inputs, name: lo}))
        c_hi = float(formula(**{**inputs, name: hi}))
        rows.append({"input": name, "base_value": base, "low_value": float(lo), "high_value": float(hi),
                     "clv_low": c_lo, "clv_high": c_hi, "swing": abs(c_hi - c_lo)})
    out = pd.DataFrame(rows, columns=["input", "base_value", "low_value", "high_value", "clv_low", "clv_high", "swing"])
    out = out.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    out.attrs["base_clv"] = base_clv
    return out


def retention_discount_grid(*, margin: float, retentions: Sequence[float], discount_rates: Sequence[float],
                            periods: int | None = None, timing: Literal["end", "start"] = "end") -> pd.DataFrame:
    """:func:`retention_clv` over a grid: rows are retention rates, columns discount rates.

    Parameters
    ----------
    margin : float
        m [currency / period].
    retentions : sequence of float
        Retention rates [0..1] (rows).
    discount_rates : sequence of float
        Discount rates per period [fraction] (columns).
    periods, timing
        As in :func:`retention_clv`.

    Returns
    -------
    DataFrame
        CLV [currency]; index ``retention``, columns ``discount_rate``; NaN where the infinite sum
        diverges (retention >= 1 + discount rate).
    """
    grid = np.full((len(retentions), len(discount_rates)), np.nan)
    for i, r in enumerate(retentions):
        for j, d in enumerate(discount_rates):
            if periods is None and r >= 1 + d:
                continue
            grid[i, j] = retention_clv(margin=margin, retention=r, discount_rate=d, periods=periods, timing=timing)
    return pd.DataFrame(grid, index=pd.Index(list(retentions), name="retention"),
                        columns=pd.Index(list(discount_rates), name="discount_rate"))
