"""Behavioural loyalty from the orders alone (the loyalty view, section 1): retention rate per period, repeat
purchase rate, second-purchase rate within N days, time to the second order, first- vs repeat-order value and
the share of revenue from repeat orders.

Definitions shared by every measure (those of ``sql/customer_summary.sql`` and ``sql/btyd_inputs.sql``):
lines dated before the as-of date count; an *order* is a distinct order id when the file has one, else a
customer-day, and counts when it has at least one purchase line (amount >= 0) — returns are not purchases;
an order's value is the net of its lines (a return on the same order id or day is subtracted). Periods are
calendar months, quarters or years; a period counts once it is complete at the as-of date (its last day is
before the as-of date); the period containing the as-of date is left out.

The counting is SQL (``sql/retention_by_period.sql``, ``sql/customer_order_sequence.sql``,
``sql/repeat_revenue_by_period.sql``); the rates here work on its per-customer or per-period results.
Orders show behaviour only, not attitude (Dick & Basu 1994): these are measures of repeat patronage.
The other loyalty modules of this package build on these per-customer and per-period results.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from ..errors import InvalidInputError
from ..store import Store

# calendar period -> months per period (the SQL's $months_per_period)
PERIODS: dict[str, int] = {"month": 1, "quarter": 3, "year": 12}
DEFAULT_PERIOD = "quarter"
DEFAULT_WINDOW_DAYS = 90  # second purchase within 90 days of the first: a common e-commerce yardstick


def _check_as_of(as_of) -> None:
    if not isinstance(as_of, dt.date):
        raise InvalidInputError("parameters", "as_of", reason=f"must be a date; got {as_of!r}",
                                reason_zh=f"必须是日期；收到 {as_of!r}")


def _months(period: str) -> int:
    if period not in PERIODS:
        raise InvalidInputError("parameters", "period", reason=f"must be one of {', '.join(PERIODS)}; got {period!r}",
                                reason_zh=f"必须是 {', '.join(PERIODS)} 之一；收到 {period!r}")
    return PERIODS[period]


def period_start(period_index: int, period: str) -> dt.date:
    """First day of period ``period_index`` (``floor((12·year + month − 1) / months)``, as in the SQL)."""
    first_month = int(period_index) * _months(period)
    return dt.date(first_month // 12, first_month % 12 + 1, 1)


def period_label(period_index: int, period: str) -> str:
    """The period's id: ``"2024-05"`` (month), ``"2024-Q2"`` (quarter), ``"2024"`` (year)."""
    start = period_start(period_index, period)
    if period == "month":
        return f"{start.year}-{start.month:02d}"
    if period == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def _with_periods(frame: pd.DataFrame, period: str, as_of: dt.date) -> pd.DataFrame:
    """``frame`` (a ``period_index`` column) with period, period_start, period_end (exclusive) [date]; rows of
    periods not complete at ``as_of`` (period_end > as_of) dropped."""
    out = frame.copy()
    out.insert(0, "period", [period_label(i, period) for i in out["period_index"]])
    out.insert(1, "period_start", [period_start(i, period) for i in out["period_index"]])
    out.insert(2, "period_end", [period_start(i + 1, period) for i in out["period_index"]])
    return out[out["period_end"] <= as_of].reset_index(drop=True)


def retention_by_period(store: Store, as_of: dt.date, period: str = DEFAULT_PERIOD) -> pd.DataFrame:
    """Customer retention rate per complete calendar period before ``as_of``.

    Parameters
    ----------
    store : the dataset's database (table ``transactions``).
    as_of : date; lines dated before it count, and only periods ending before it are returned.
    period : ``"month"``, ``"quarter"`` or ``"year"``.

    Returns
    -------
    DataFrame, one row per period t from the second period with buyers to the last complete one:
    ``period`` (id, e.g. ``"2024-Q2"``), ``period_start``, ``period_end`` [date; end exclusive],
    ``period_index``, ``active_before`` [customers who bought in t − 1], ``retained`` [of those, customers
    who bought in t], ``rate`` = retained / active_before [share; NaN when nobody bought in t − 1].

    Notes
    -----
    r_t = |B_{t−1} ∩ B_t| / |B_{t−1}|, B_t = customers with a purchase line (amount >= 0) in period t.
    Only the previous period's buyers are counted: customers who skip a period and come back later count as
    not retained in the period they skipped (and as new members of B in the period they return).

    References
    ----------
    Reichheld, F. F. & Sasser, W. E. (1990), "Zero Defections: Quality Comes to Services", Harvard Business
    Review 68(5): retention as the share of customers kept from one period to the next; the course
    (客户价值与忠诚度管理): 客户保持率 as a loyalty measure.
    """
    _check_as_of(as_of)
    raw = store.run("retention_by_period", as_of=as_of, months_per_period=_months(period))
    cols = ["period", "period_start", "period_end", "period_index", "active_before", "retained", "rate"]
    if raw.empty:
        return pd.DataFrame(columns=cols)
    # periods after a period without buyers have no row: active_before 0, rate undefined
    full = pd.DataFrame({"period_index": range(int(raw["period_index"].min()), int(raw["period_index"].max()) + 1)})
    out = full.merge(raw, on="period_index", how="left").fillna({"active_before": 0, "retained": 0})
    out = out.astype({"period_index": int, "active_before": int, "retained": int})
    out["rate"] = out["retained"] / out["active_before"].where(out["active_before"] > 0)
    return _with_periods(out, period, as_of)[cols]


def order_sequence(store: Store, as_of: dt.date) -> pd.DataFrame:
    """One row per customer with an order before ``as_of``: ``orders``, ``first_order_day``,
    ``second_order_day`` [date; NaT with one order], ``first_order_value``, ``repeat_orders_value``
    [currency, net of each order's lines] (``sql/customer_order_sequence.sql``)."""
    _check_as_of(as_of)
    out = store.run("customer_order_sequence", as_of=as_of)
    for col in ("first_order_day", "second_order_day"):
        out[col] = pd.to_datetime(out[col])
    return out


def repeat_purchase_rate(seq: pd.DataFrame) -> float:
    """复购率: customers with at least 2 orders ÷ customers with an order [share; NaN without customers].

    ``seq`` is :func:`order_sequence`. Source: the course (客户价值与忠诚度管理), repeat purchases as a
    behavioural loyalty measure.
    """
    return _share(int((seq["orders"] >= 2).sum()), len(seq))


def _share(part: float, whole: float) -> float:
    return part / whole if whole else float("nan")


@dataclasses.dataclass(frozen=True)
class SecondPurchase:
    """Second-purchase rate within ``window_days``: ``within`` of ``eligible`` customers [counts], ``rate``."""

    window_days: int
    eligible: int
    within: int

    @property
    def rate(self) -> float:
        return self.within / self.eligible if self.eligible else float("nan")


def second_purchase_rate(seq: pd.DataFrame, as_of: dt.date, window_days: int = DEFAULT_WINDOW_DAYS
                         ) -> SecondPurchase:
    """Share of customers whose second order came within ``window_days`` of their first.

    Parameters
    ----------
    seq : :func:`order_sequence` as of ``as_of``.
    as_of : date of ``seq``.
    window_days : N [days], >= 1.

    Notes
    -----
    rate = #{eligible: second_order_day − first_order_day <= N} / #eligible, where eligible = customers whose
    N days after the first order all lie before the as-of date (first_order_day + N < as_of): every one of them
    had the whole window to come back, so recent first-time buyers do not pull the rate down. The second order
    is the customer's second order by time (it may fall on the first order's day when order ids are known).
    """
    _check_as_of(as_of)
    if isinstance(window_days, bool) or not isinstance(window_days, (int, np.integer)) or window_days < 1:
        raise InvalidInputError("parameters", "window_days", reason=f"must be a whole number >= 1; got {window_days!r}",
                                reason_zh=f"必须是不小于 1 的整数；收到 {window_days!r}")
    first = seq["first_order_day"]
    eligible = first + pd.Timedelta(days=int(window_days)) < pd.Timestamp(as_of)
    gap = (seq["second_order_day"] - first).dt.days
    within = eligible & (gap <= window_days)
    return SecondPurchase(int(window_days), int(eligible.sum()), int(within.sum()))


def time_to_second_order(seq: pd.DataFrame) -> dict[str, float]:
    """Days from the first to the second order among customers with a second order.

    Returns ``{"customers", "p25", "median", "p75"}`` [customers; days; NaN without a repeat buyer], the
    quartiles linearly interpolated (numpy's default, SQL's ``percentile_cont``). Customers without a second
    order yet are not in it (their time is unknown, not infinite), so recent histories lean short.
    """
    gap = (seq["second_order_day"] - seq["first_order_day"]).dt.days.dropna().to_numpy(dtype=float)
    if not len(gap):
        return {"customers": 0, "p25": float("nan"), "median": float("nan"), "p75": float("nan")}
    p25, p50, p75 = np.percentile(gap, [25, 50, 75])
    return {"customers": int(len(gap)), "p25": float(p25), "median": float(p50), "p75": float(p75)}


def order_value_split(seq: pd.DataFrame) -> dict[str, float]:
    """Average value of first orders vs repeat orders.

    Returns ``first_orders``, ``repeat_orders`` [orders]; ``first_order_aov`` = Σ first_order_value /
    first_orders, ``repeat_order_aov`` = Σ repeat_orders_value / repeat_orders [currency per order; NaN when
    there is no such order]. Each order's value is the net of its lines.
    """
    first_n, repeat_n = len(seq), int((seq["orders"] - 1).sum()) if len(seq) else 0
    first_sum, repeat_sum = float(seq["first_order_value"].sum()), float(seq["repeat_orders_value"].sum())
    return _value_split(first_n, repeat_n, first_sum, repeat_sum)


def _value_split(first_n: int, repeat_n: int, first_sum: float, repeat_sum: float) -> dict[str, float]:
    return {"first_orders": first_n, "repeat_orders": repeat_n, "first_order_aov": _share(first_sum, first_n),
            "repeat_order_aov": _share(repeat_sum, repeat_n)}


def repeat_revenue_by_period(store: Store, as_of: dt.date, period: str = DEFAULT_PERIOD) -> pd.DataFrame:
    """Per complete period before ``as_of``: ``period``, ``period_start``, ``period_end``, ``period_index``,
    ``first_orders``, ``repeat_orders`` [orders], ``first_order_value``, ``repeat_order_value`` [currency],
    ``repeat_revenue_share`` = repeat_order_value / (first_order_value + repeat_order_value) [share; NaN when
    the total is 0]. Only periods with an order; an order belongs to the period of its first purchase line."""
    _check_as_of(as_of)
    raw = store.run("repeat_revenue_by_period", as_of=as_of, months_per_period=_months(period))
    total = raw["first_order_value"] + raw["repeat_order_value"]
    raw["repeat_revenue_share"] = raw["repeat_order_value"] / total.where(total != 0)
    return _with_periods(raw, period, as_of)


def _num(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else float(x)


def sequence_counts(seq: pd.DataFrame, as_of: dt.date, window_days: int = DEFAULT_WINDOW_DAYS) -> dict[str, float]:
    """The counts and sums behind the summary's repeat-purchase measures, from :func:`order_sequence` (or any
    part of its rows: each is a sum over customers, so the parts' values add up to the whole's — the Spark engine
    adds them over its partitions): ``customers``, ``repeat_customers`` [>= 2 orders], ``eligible``, ``within``
    (:func:`second_purchase_rate`'s), ``first_orders``, ``repeat_orders`` [orders], ``first_value``,
    ``repeat_value`` [currency]."""
    second = second_purchase_rate(seq, as_of, window_days)
    return {"customers": len(seq), "repeat_customers": int((seq["orders"] >= 2).sum()),
            "eligible": second.eligible, "within": second.within, "first_orders": len(seq),
            "repeat_orders": int((seq["orders"] - 1).sum()) if len(seq) else 0,
            "first_value": float(seq["first_order_value"].sum()), "repeat_value": float(seq["repeat_orders_value"].sum())}


def summary_from_counts(retention: pd.DataFrame, period: str, window_days: int, counts: dict,
                        tts: dict[str, float]) -> dict:
    """:func:`loyalty_summary` from its parts: :func:`retention_by_period`'s table, :func:`sequence_counts` (summed
    over all customers) and :func:`time_to_second_order`'s quartiles. The rates as :func:`repeat_purchase_rate`,
    :class:`SecondPurchase` and :func:`order_value_split` define them."""
    second = SecondPurchase(int(window_days), int(counts["eligible"]), int(counts["within"]))
    aov = _value_split(counts["first_orders"], counts["repeat_orders"], counts["first_value"], counts["repeat_value"])
    return {
        "retention_period": period,
        "retention": [{"period": r.period, "active_before": int(r.active_before), "retained": int(r.retained),
                       "rate": _num(r.rate)} for r in retention.itertuples()],
        "repeat_purchase_rate": _num(_share(counts["repeat_customers"], counts["customers"])),
        "second_purchase_rate": {"window_days": second.window_days, "eligible": second.eligible,
                                 "within": second.within, "rate": _num(second.rate)},
        "time_to_second_order": {"customers": int(tts["customers"]), "p25": _num(tts["p25"]),
                                 "median": _num(tts["median"]), "p75": _num(tts["p75"])},
        "first_order_aov": _num(aov["first_order_aov"]), "repeat_order_aov": _num(aov["repeat_order_aov"]),
    }


def loyalty_summary(store: Store, as_of: dt.date, period: str = DEFAULT_PERIOD,
                    window_days: int = DEFAULT_WINDOW_DAYS) -> dict:
    """The order-only loyalty measures as plain data (the CLI's ``summary.json`` ``loyalty``; NaN -> None)."""
    retention = retention_by_period(store, as_of, period)
    seq = order_sequence(store, as_of)
    return summary_from_counts(retention, period, window_days, sequence_counts(seq, as_of, window_days),
                               time_to_second_order(seq))
