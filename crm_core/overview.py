"""The overview's key figures (issue #13): each KPI for the period that ends at the as-of date and for the
period before it, with the change.

Windows. For a comparison period P (a month, a quarter or a year) and the as-of date D, the *current* window is
[D − P, D) and the *previous* one [D − 2P, D − P), P subtracted in calendar months (the day clipped to the
month's end: 31 March − 1 month = 28/29 February). A third, earlier window [D − 3P, D − 2P) is read only for
the previous window's retention. Lines dated before D count, as everywhere.

KPIs per window (``sql/window_kpis.sql`` counts, this module divides):

- active customers: customers with an order started in the window; new customers: those whose first order
  ever started in it (an order as in ``sql/cte_customer_orders.sql``: an order id, or a customer-day).
- revenue: Σ amount of the lines dated in the window, returns subtracted [currency]; profit likewise, unknown
  (None) when a line's profit is unknown (a blank cost, or no cost or margin column).
- orders per customer = orders / active customers; average order value = Σ order values / orders [currency],
  each order net of the returns dated before the window's end (every window's orders had as long to be
  returned: the previous window is not penalised for having been open longer).
- retention rate = of the previous window's active customers, the share active in this window (the loyalty
  view's definition on trailing windows instead of calendar periods).
- repeat purchase rate = customers with ≥ 2 orders ÷ customers with an order, before the window's end
  (the loyalty view's 复购率 as of that date).
- top 20 % share of value: the Pareto share of the best fifth of customers by the value metric, as of the
  window's end (:func:`crm_core.pyramid.pareto`).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import math

import pandas as pd

from .customers import customer_summary
from .errors import InvalidInputError
from .pyramid import pareto
from .store import Store
from .value import available_metrics, customer_value

PERIOD_MONTHS: dict[str, int] = {"month": 1, "quarter": 3, "year": 12}
DEFAULT_PERIOD = "month"
TOP_SHARE = 0.2  # the Pareto KPI: the best 20 % of customers
WINDOWS = 3  # current, previous, and the one before (for the previous window's retention)

# KPI ids in the order of the overview's cards
KPIS: tuple[str, ...] = ("active_customers", "new_customers", "revenue", "profit", "orders_per_customer",
                         "avg_order_value", "repeat_purchase_rate", "retention_rate", "top_share")


def months_before(day: dt.date, months: int) -> dt.date:
    """``day`` minus ``months`` calendar months, the day of month clipped to the target month's length."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def window_bounds(as_of: dt.date, period: str, windows: int = WINDOWS) -> list[tuple[dt.date, dt.date]]:
    """The ``windows`` consecutive windows [start, end) ending at ``as_of``, oldest first."""
    if period not in PERIOD_MONTHS:
        raise InvalidInputError("parameters", "period",
                                reason=f"must be one of {', '.join(PERIOD_MONTHS)}; got {period!r}",
                                reason_zh=f"必须是 {', '.join(PERIOD_MONTHS)} 之一；收到 {period!r}")
    if not isinstance(as_of, dt.date):
        raise InvalidInputError("parameters", "as_of", reason=f"must be a date; got {as_of!r}",
                                reason_zh=f"必须是日期；收到 {as_of!r}")
    m = PERIOD_MONTHS[period]
    return [(months_before(as_of, m * (k + 1)), months_before(as_of, m * k)) for k in range(windows - 1, -1, -1)]


def window_figures(store: Store, as_of: dt.date, period: str = DEFAULT_PERIOD) -> pd.DataFrame:
    """The counts of ``sql/window_kpis.sql`` for the :data:`WINDOWS` windows ending at ``as_of`` (oldest
    first), with the derived rates: ``orders_per_customer``, ``avg_order_value``, ``retention_rate``,
    ``repeat_purchase_rate`` (NaN where the denominator is 0)."""
    bounds = window_bounds(as_of, period)
    out = store.run("window_kpis", as_of=as_of, starts=[s for s, _ in bounds], ends=[e for _, e in bounds])
    for col in ("window_start", "window_end"):
        out[col] = pd.to_datetime(out[col]).dt.date

    def ratio(num: str, den: str) -> pd.Series:
        d = out[den].astype(float)
        return out[num].astype(float) / d.where(d > 0)

    out["orders_per_customer"] = ratio("orders", "active_customers")
    out["avg_order_value"] = ratio("order_value", "orders")
    prev_active = out["active_customers"].shift(1)
    out["retention_rate"] = out["retained_customers"].astype(float) / prev_active.where(prev_active > 0)
    out["repeat_purchase_rate"] = ratio("repeat_customers_to_date", "customers_to_date")
    return out


def top_share_at(store: Store, as_of: dt.date, *, has_profit: bool, share: float = TOP_SHARE) -> float:
    """The best ``share`` of customers' share of value as of ``as_of`` (NaN without customers or value)."""
    customers = customer_summary(store, as_of)
    if customers.empty:
        return float("nan")
    metric = available_metrics(customers, has_profit=has_profit)[0]
    return pareto(customer_value(customers, metric)).top_share(share)


@dataclasses.dataclass(frozen=True)
class Kpi:
    """One KPI now and one period before: ``value``, ``previous`` (NaN when unknown); ``change`` = value −
    previous (for rates: in points of share), ``relative`` = change / |previous| (NaN when previous is 0)."""

    kpi: str
    value: float
    previous: float

    @property
    def change(self) -> float:
        return self.value - self.previous

    @property
    def relative(self) -> float:
        return self.change / abs(self.previous) if self.previous else float("nan")


def _num(x) -> float:
    return float("nan") if x is None or pd.isna(x) else float(x)


def kpis(store: Store, as_of: dt.date, period: str = DEFAULT_PERIOD, *, has_profit: bool,
         top_share=top_share_at) -> dict[str, Kpi]:
    """Every KPI of :data:`KPIS` for the window ending at ``as_of`` and the one before it.

    Returns {kpi id: :class:`Kpi`}; ``profit`` is NaN when the data has no cost or margin. ``store`` is a Store or
    anything that runs the named queries as one does (the Spark engine), and ``top_share(store, as_of,
    has_profit=...)`` the Pareto KPI's function (the Spark engine's ranks on the cluster).
    """
    w = window_figures(store, as_of, period)
    cur, prev = w.iloc[-1], w.iloc[-2]
    out = {k: Kpi(k, _num(cur[k]), _num(prev[k])) for k in
           ("active_customers", "new_customers", "revenue", "orders_per_customer", "avg_order_value",
            "repeat_purchase_rate", "retention_rate")}
    profit = (_num(cur["profit"]), _num(prev["profit"])) if has_profit else (math.nan, math.nan)
    out["profit"] = Kpi("profit", *profit)
    out["top_share"] = Kpi("top_share", top_share(store, as_of, has_profit=has_profit),
                           top_share(store, prev["window_end"], has_profit=has_profit))
    return {k: out[k] for k in KPIS}
