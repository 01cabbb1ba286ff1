"""What keeping customers is worth (issue #12 §3): the retention-based CLV per customer group, its retention
elasticity, and the what-if "retention + X points" beside the same relative gain in margin and in
acquisition cost, with the published figures it is read against (Gupta, Lehmann & Stuart 2004; Reichheld &
Sasser 1990).

This module owns the group inputs (measured retention, margin per period, active customers: SQL
``sql/group_retention_value.sql``) and the levers' arithmetic. The CLV formula itself is
:func:`crm_core.clv.formulas.retention_clv` (Gupta & Lehmann's m·r/(1+d−r), end-of-period timing); the
retention rate's definition is :func:`crm_core.loyalty.retention_by_period`'s.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from ..clv.customer_value import DEFAULT_DISCOUNT_RATE_ANNUAL, rate_per_period
from ..clv.formulas import retention_clv
from ..errors import InvalidInputError
from ..store import Store
from .measures import DEFAULT_PERIOD, _check_as_of, _months, period_label

ALL = "all"  # the group id when no grouping is given: the whole customer base
BASES = ("net_revenue", "profit")  # what a period's margin m is measured in
# A what-if never raises retention above this: r = 1 is a customer who never leaves, and m·r/(1+d−r) then
# becomes m/d, the value of a perpetuity — a limit of the formula, not a forecast. Our own cap.
MAX_RETENTION = 0.99
MAX_POINTS = 10.0  # the slider's range: +0 … +10 points (Reichheld & Sasser's example is 5)
RELATIVE_GAIN = 0.01  # GLS 2004 compare the levers at a 1 % improvement

# Gupta, Lehmann & Stuart (2004), "Valuing Customers", J. Marketing Research 41(1):7–18: change in customer
# (firm) value from a 1 % improvement of each lever [%], over the five firms studied (retention 3–7 %,
# about 5 % on average).
GLS_2004: dict[str, dict[str, float | None]] = {
    "retention": {"value_change_pct": 5.0, "low_pct": 3.0, "high_pct": 7.0},
    "margin": {"value_change_pct": 1.0, "low_pct": None, "high_pct": None},
    "acquisition_cost": {"value_change_pct": 0.1, "low_pct": None, "high_pct": None},
}
# Reichheld & Sasser (1990), "Zero Defections: Quality Comes to Services", Harvard Business Review 68(5):
# profit increase [%] from cutting defections by 5 points, per business.
REICHHELD_SASSER_1990: dict[str, float] = {"bank_branches": 85.0, "insurance_brokerage": 50.0,
                                           "auto_service_chain": 30.0}
REICHHELD_SASSER_POINTS = 5.0
LEVERS = ("retention", "margin", "acquisition_cost")


def retention_elasticity(retention, discount_rate) -> np.ndarray:
    """Retention elasticity of the retention-based CLV m·r/(1+d−r).

    Parameters
    ----------
    retention : array_like
        r [share per period], 0 <= r < 1 + d.
    discount_rate : array_like
        d [fraction per period], > −1.

    Returns
    -------
    ndarray
        ε = ∂ln CLV / ∂ln r = (1 + d)/(1 + d − r) [dimensionless]: a 1 % higher r gives about ε % more CLV.

    Notes
    -----
    ln CLV = ln m + ln r − ln(1 + d − r), so ∂ln CLV/∂r = 1/r + 1/(1 + d − r) = (1 + d)/(r(1 + d − r)); times
    r: ε = (1 + d)/(1 + d − r). The margin elasticity of the same formula is 1. Example: r = 0.9, d = 0.12 →
    1.12/0.22 = 5.09.

    References
    ----------
    Gupta, S., Lehmann, D. R. & Stuart, J. A. (2004). Valuing Customers. J. Marketing Research 41(1), 7–18.
    """
    r = np.asarray(retention, dtype=float)
    d = np.asarray(discount_rate, dtype=float)
    if np.any(~np.isfinite(r)) or np.any(r < 0) or np.any(~np.isfinite(d)) or np.any(d <= -1) or np.any(r >= 1 + d):
        raise InvalidInputError("parameters", "retention", reason=(
            f"needs 0 <= retention < 1 + discount_rate and discount_rate > -1; got retention={retention!r}, "
            f"discount_rate={discount_rate!r}"),
            reason_zh=f"需要 0 <= 保持率 < 1 + 折现率，且折现率 > -1；当前保持率={retention!r}，折现率={discount_rate!r}")
    return (1 + d) / (1 + d - r)


def period_discount_rate(annual_rate: float = DEFAULT_DISCOUNT_RATE_ANNUAL, period: str = DEFAULT_PERIOD) -> float:
    """The discount rate per calendar ``period`` equivalent to ``annual_rate`` [fraction / period]:
    (1 + annual_rate)^(months / 12) − 1; 10 % a year is 2.41 % a quarter."""
    return rate_per_period(annual_rate, 12 / _months(period))


def _groups_frame(store: Store, as_of: dt.date, groups: pd.Series | None) -> pd.DataFrame:
    if groups is None:
        ids = store.run("customer_ids", as_of=as_of)["customer_id"]
        return pd.DataFrame({"customer_id": ids.astype(str), "grp": ALL})
    if not isinstance(groups, pd.Series):
        raise InvalidInputError("parameters", "groups", reason=(
            f"groups must be a Series of group ids indexed by customer_id; got {type(groups).__name__}"))
    if groups.index.duplicated().any():
        dup = list(groups.index[groups.index.duplicated()][:5])
        raise InvalidInputError("parameters", "groups", rows=dup,
                                reason="one group per customer expected; these customer ids repeat")
    known = groups.notna()
    return pd.DataFrame({"customer_id": groups.index[known].astype(str),
                         "grp": groups[known].astype(str).to_numpy()})


def group_retention_inputs(store: Store, as_of: dt.date, period: str = DEFAULT_PERIOD,
                           groups: pd.Series | None = None, *, basis: str = "net_revenue") -> pd.DataFrame:
    """Per customer group, the measured inputs of the retention-based CLV (latest complete period).

    Parameters
    ----------
    store : the dataset's database (table ``transactions``).
    as_of : date; lines dated before it count.
    period : ``"month"``, ``"quarter"`` or ``"year"``: the period of r and m.
    groups : Series of group ids indexed by customer_id (e.g. pyramid tiers, value × loyalty quadrants);
        ``None``: the whole base, one group ``"all"``. Customers without a group (not in it, or NaN) are left
        out; a categorical's category order is kept.
    basis : ``"net_revenue"`` (default) or ``"profit"`` (when the data has cost or margin): what m is in.

    Returns
    -------
    DataFrame, one row per group: ``group``, ``period`` (t, e.g. ``"2024-Q4"``), ``active_before``
    [customers who bought in t − 1], ``retained`` [of those, customers who bought in t], ``retention`` = retained
    / active_before [share; NaN when nobody bought in t − 1], ``customers`` [customers who bought in t: those
    the CLV values], ``margin`` [currency per customer per period], ``profit_unknown_lines`` [lines of t left
    out of a profit margin: blank cost].

    Notes
    -----
    t = the latest calendar period complete before ``as_of``; retention as in
    :func:`~crm_core.loyalty.retention_by_period`: r_g = |B_{g,t−1} ∩ B_{g,t}| / |B_{g,t−1}|. The margin per
    period is the group's value in t per active customer: m_g = Σ value of the lines in t of B_{g,t} / |B_{g,t}|,
    value = net revenue (amount, returns netted) or profit.
    """
    _check_as_of(as_of)
    months = _months(period)
    if basis not in BASES:
        raise InvalidInputError("parameters", "basis", reason=f"must be one of {', '.join(BASES)}; got {basis!r}",
                                reason_zh=f"必须是 {', '.join(BASES)} 之一；收到 {basis!r}")
    frame = _groups_frame(store, as_of, groups)
    raw = store.run_with("group_retention_value", {"customer_groups": frame}, as_of=as_of, months_per_period=months)
    if groups is not None and isinstance(groups.dtype, pd.CategoricalDtype):
        order = [str(c) for c in groups.cat.categories]
    else:
        order = sorted(frame["grp"].unique())
    raw = raw.set_index("grp").reindex(order)
    latest = (as_of.year * 12 + as_of.month - 1) // months - 1
    value = raw["active_revenue"] if basis == "net_revenue" else raw["active_profit"]
    active = raw["active"].fillna(0).astype(int)
    before = raw["active_before"].fillna(0).astype(int)
    retained = raw["retained"].fillna(0).astype(int)
    out = pd.DataFrame({
        "group": order,
        "period": period_label(latest, period),
        "active_before": before.to_numpy(),
        "retained": retained.to_numpy(),
        "retention": (retained / before.where(before > 0)).to_numpy(),
        "customers": active.to_numpy(),
        "margin": (value.astype(float) / active.where(active > 0)).to_numpy(),
        "profit_unknown_lines": (raw["profit_unknown_lines"].fillna(0).astype(int).to_numpy()
                                 if basis == "profit" else 0),
    })
    out.attrs.update(period=period, basis=basis, as_of=as_of)
    return out


@dataclasses.dataclass(frozen=True)
class RetentionWhatIf:
    """The what-if's result. ``by_group``: per group ``group``, ``customers``, ``retention``, ``margin``,
    ``valued`` [bool: has customers, a retention and a margin], ``clv`` = m·r/(1+d−r), ``elasticity``
    (1+d)/(1+d−r), ``retention_new`` = min(r + x, 0.99), ``relative_gain`` = (retention_new − r)/r,
    ``clv_new``, ``equity`` = customers·clv, ``delta_retention``, ``delta_margin``, ``delta_acquisition``
    [currency]. ``levers``: per lever (``retention``, ``margin``, ``acquisition_cost``) ``delta`` [currency] and
    ``delta_pct`` [% of the base value]. ``base_value`` = Σ customers·(clv − acquisition_cost) [currency]."""

    points: float
    discount_rate: float
    acquisition_cost: float
    by_group: pd.DataFrame
    levers: pd.DataFrame
    base_value: float
    capped_groups: tuple[str, ...]
    unvalued_groups: tuple[str, ...]


def _clv(margin: float, retention: float, d: float) -> float:
    return retention_clv(margin=margin, retention=retention, discount_rate=d)


def _what_if(inputs: pd.DataFrame, new_retention, d: float, c: float, points: float) -> RetentionWhatIf:
    g = inputs[["group", "customers", "retention", "margin"]].copy()
    g["valued"] = (g["customers"] > 0) & g["retention"].notna() & g["margin"].notna()
    v = g["valued"].to_numpy()
    r = g["retention"].to_numpy(float)
    m = g["margin"].to_numpy(float)
    r_new = np.where(v, np.asarray(new_retention, float), np.nan)
    clv = np.array([_clv(mi, ri, d) if ok else np.nan for mi, ri, ok in zip(m, r, v, strict=True)])
    clv_new = np.array([_clv(mi, ri, d) if ok else np.nan for mi, ri, ok in zip(m, r_new, v, strict=True)])
    with np.errstate(divide="ignore", invalid="ignore"):
        gain = np.where(r > 0, (r_new - r) / r, np.nan)  # r = 0: no relative gain (CLV is 0 either way)
    n = g["customers"].to_numpy(float)
    g["clv"] = clv
    g["elasticity"] = np.where(v, (1 + d) / (1 + d - np.nan_to_num(r)), np.nan)
    g["retention_new"] = r_new
    g["relative_gain"] = gain
    g["clv_new"] = clv_new
    g["equity"] = n * clv
    g["delta_retention"] = n * (clv_new - clv)
    g["delta_margin"] = n * clv * np.nan_to_num(gain)  # m·(1 + gain): CLV is linear in m
    g["delta_acquisition"] = n * c * np.nan_to_num(gain)  # c·(1 − gain): value net of c rises by c·gain
    base = float(np.nansum(n * (clv - c)))
    deltas = [float(np.nansum(g[col])) for col in ("delta_retention", "delta_margin", "delta_acquisition")]
    levers = pd.DataFrame({"lever": LEVERS, "delta": deltas,
                           "delta_pct": [100 * x / base if base > 0 else np.nan for x in deltas]})
    return RetentionWhatIf(points, d, c, g, levers, base, (), tuple(g.loc[~v, "group"]))


def _check_common(inputs: pd.DataFrame, discount_rate: float, acquisition_cost: float) -> tuple[float, float]:
    missing = [c for c in ("group", "customers", "retention", "margin") if c not in inputs.columns]
    if missing:
        raise InvalidInputError("inputs", missing, reason=(
            f"required column(s) not found; the table has: {', '.join(map(str, inputs.columns))}"))
    d = float(discount_rate)
    if not (np.isfinite(d) and d > 0):
        raise InvalidInputError("parameters", "discount_rate", reason=(
            f"discount_rate must be > 0 per period (a retention near 100 % needs discounting); got {discount_rate!r}"),
            reason_zh=f"折现率必须大于 0（保持率接近 100% 时需要折现）；当前为 {discount_rate!r}")
    c = float(acquisition_cost)
    if not (np.isfinite(c) and c >= 0):
        raise InvalidInputError("parameters", "acquisition_cost", reason=(
            f"acquisition_cost must be >= 0 [currency per new customer]; got {acquisition_cost!r}"),
            reason_zh=f"获客成本必须不小于 0（每位新客户的金额）；当前为 {acquisition_cost!r}")
    return d, c


def retention_what_if(inputs: pd.DataFrame, *, points: float, discount_rate: float,
                      acquisition_cost: float = 0.0) -> RetentionWhatIf:
    """Change in customer value if every group's retention rose by ``points`` percentage points, beside the
    same relative gain in margin and in acquisition cost.

    Parameters
    ----------
    inputs : DataFrame
        :func:`group_retention_inputs` (``group``, ``customers``, ``retention``, ``margin``).
    points : float
        x [percentage points], 0 <= x <= 100; r + x is capped at ``MAX_RETENTION`` (0.99).
    discount_rate : float
        d [fraction per period of the inputs], > 0 (:func:`period_discount_rate`).
    acquisition_cost : float, default 0
        c [currency per new customer], >= 0; 0 = not known (the acquisition lever is then 0).

    Returns
    -------
    RetentionWhatIf

    Notes
    -----
    Per group g with n_g active customers: CLV_g = m_g·r_g/(1+d−r_g) (:func:`~crm_core.clv.formulas.
    retention_clv`); the value net of acquisition V = Σ_g n_g (CLV_g − c) (Gupta, Lehmann & Stuart 2004 value a
    customer net of what acquiring one costs). Levers, each as a change of V:
    retention ΔV = Σ n_g (CLV_g(r_g') − CLV_g(r_g)), r_g' = min(r_g + x, 0.99); with the same relative gain
    γ_g = (r_g' − r_g)/r_g, margin ΔV = Σ n_g γ_g CLV_g (CLV is linear in m) and acquisition cost (c lower by
    γ_g) ΔV = Σ n_g γ_g c. Percent changes are of V.

    References
    ----------
    Gupta, S., Lehmann, D. R. & Stuart, J. A. (2004). Valuing Customers. J. Marketing Research 41(1), 7–18.
    Reichheld, F. F. & Sasser, W. E. (1990). Zero Defections. Harvard Business Review 68(5) (a 5-point cut in
    defections = retention + 5 points).
    """
    d, c = _check_common(inputs, discount_rate, acquisition_cost)
    x = float(points)
    if not (np.isfinite(x) and 0 <= x <= 100):
        raise InvalidInputError("parameters", "points", reason=f"points must be between 0 and 100; got {points!r}",
                                reason_zh=f"提升的百分点必须在 0 到 100 之间；当前为 {points!r}")
    r = inputs["retention"].to_numpy(float)
    new_r = np.maximum(r, np.minimum(r + x / 100, MAX_RETENTION))  # never lower a retention already above the cap
    out = _what_if(inputs, new_r, d, c, x)
    capped = tuple(out.by_group.loc[out.by_group["valued"] & (r + x / 100 > MAX_RETENTION), "group"])
    return dataclasses.replace(out, capped_groups=capped)


def one_percent_levers(inputs: pd.DataFrame, *, discount_rate: float, acquisition_cost: float = 0.0) -> pd.DataFrame:
    """GLS 2004's comparison on this data: the % change in customer value from a 1 % improvement of each lever.

    Parameters
    ----------
    inputs, discount_rate, acquisition_cost : as in :func:`retention_what_if`.

    Returns
    -------
    DataFrame, one row per lever (``retention``, ``margin``, ``acquisition_cost``): ``delta`` [currency],
    ``delta_pct`` [% of V, this data], ``published_pct``, ``published_low_pct``, ``published_high_pct``
    [% change in value, Gupta, Lehmann & Stuart 2004].

    Notes
    -----
    Retention r_g → r_g·1.01 (capped at 0.99), margin m_g → 1.01·m_g, acquisition cost c → 0.99·c, each exact
    (not linearised); for a single group the retention figure is ≈ the elasticity (1+d)/(1+d−r) %.
    """
    d, c = _check_common(inputs, discount_rate, acquisition_cost)
    r = inputs["retention"].to_numpy(float)
    new_r = np.maximum(r, np.minimum(r * (1 + RELATIVE_GAIN), MAX_RETENTION))
    out = _what_if(inputs, new_r, d, c, 0.0).levers
    out["published_pct"] = [GLS_2004[k]["value_change_pct"] for k in LEVERS]
    out["published_low_pct"] = [GLS_2004[k]["low_pct"] for k in LEVERS]
    out["published_high_pct"] = [GLS_2004[k]["high_pct"] for k in LEVERS]
    return out
