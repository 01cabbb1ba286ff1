"""Kotler's customer ladder read from the orders (issue #12, section 2): first-time buyer, repeat buyer, client
— and advocate when referral data exist — with the share who climb each rung, at one date or several.

Prospect (no order yet) cannot be seen in order data; partner (a customer who works with the firm) is not
observable from orders or referrals and is left out. Thresholds are named data (:class:`LadderThresholds`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from ..errors import InvalidInputError
from ..store import Store
from .measures import _check_as_of, period_start

LADDER_RUNGS: tuple[str, ...] = ("first_time", "repeat", "client")
ADVOCATE = "advocate"  # a rung only when referral data exist
OVER_TIME_PERIODS: dict[str, int] = {"quarter": 3, "year": 12}  # snapshot spacing -> months
MAX_SNAPSHOTS = 40  # the most recent period ends shown over time


@dataclasses.dataclass(frozen=True)
class LadderThresholds:
    """When a repeat buyer is a client (regular): at least ``client_min_orders`` orders over a relationship of
    at least ``client_min_span_months`` calendar months (first → last order day). The product's defaults: the
    course names the rungs, not their thresholds. ``advocate_min_referred``: referred customers for an advocate."""

    client_min_orders: int = 4
    client_min_span_months: int = 6
    advocate_min_referred: int = 1

    def __post_init__(self):
        for name, lo in (("client_min_orders", 2), ("client_min_span_months", 0), ("advocate_min_referred", 1)):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < lo:
                raise InvalidInputError("parameters", name, reason=f"must be a whole number >= {lo}; got {v!r}",
                                        reason_zh=f"必须是不小于 {lo} 的整数；收到 {v!r}")


DEFAULT_THRESHOLDS = LadderThresholds()


def rungs_of(referrals: pd.DataFrame | None) -> tuple[str, ...]:
    """The rungs that can be observed: the three purchase rungs, plus advocate with referral data."""
    return (*LADDER_RUNGS, ADVOCATE) if referrals is not None else LADDER_RUNGS


def ladder_rungs(behaviour: pd.DataFrame, thresholds: LadderThresholds = DEFAULT_THRESHOLDS,
                 referrals: pd.DataFrame | None = None) -> pd.Series:
    """Each customer's rung on Kotler's ladder, the highest one reached with every rung below it.

    Parameters
    ----------
    behaviour : :func:`crm_core.loyalty.behaviour.customer_behaviour` (``orders``, ``first_order_day``,
        ``last_order_day``).
    thresholds : :class:`LadderThresholds` (client: >= 4 orders over >= 6 months by default).
    referrals : optional ``customer_id``, ``referred_customers`` [count] (the referral module's
        ``referral_counts``); None = no referrer column: advocates cannot be seen.

    Returns
    -------
    Series of categorical dtype (categories :func:`rungs_of`), indexed like ``behaviour``, named
    ``ladder_rung``.

    Notes
    -----
    first_time: 1 order. repeat: >= 2 orders. client: a repeat buyer with orders >= client_min_orders and
    last_order_day >= first_order_day + client_min_span_months calendar months (Jan 10 + 6 months = Jul 10).
    advocate: a client who referred >= advocate_min_referred customers. A rung needs the rungs below it, as on
    a ladder: a one-order customer who referred someone stays a first-time buyer.

    References
    ----------
    Kotler, P. & Keller, K. L., Marketing Management: the customer ladder prospect → first-time customer →
    repeat customer → client → advocate → partner; the course (客户价值与忠诚度管理) reads the first rungs from
    the transactions.
    """
    missing = [c for c in ("orders", "first_order_day", "last_order_day") if c not in behaviour.columns]
    if missing:
        raise InvalidInputError("customers", missing, reason=(
            f"required column(s) not found; the table has: {', '.join(map(str, behaviour.columns))}"))
    th = thresholds
    orders = behaviour["orders"].astype(int)
    first, last = pd.to_datetime(behaviour["first_order_day"]), pd.to_datetime(behaviour["last_order_day"])
    span_ok = last >= first + pd.DateOffset(months=th.client_min_span_months)
    client = (orders >= th.client_min_orders) & span_ok
    rung = np.where(client, "client", np.where(orders >= 2, "repeat", "first_time")).astype(object)
    if referrals is not None:
        if "customer_id" not in behaviour.columns or not {"customer_id", "referred_customers"} <= set(referrals):
            raise InvalidInputError("referrals", ["customer_id", "referred_customers"], reason=(
                f"required column(s) not found; the table has: {', '.join(map(str, referrals.columns))}"))
        referred = behaviour["customer_id"].map(referrals.set_index("customer_id")["referred_customers"])
        rung = np.where(client & (referred.fillna(0).to_numpy() >= th.advocate_min_referred), ADVOCATE, rung)
    return pd.Series(pd.Categorical(rung, categories=list(rungs_of(referrals))), index=behaviour.index,
                     name="ladder_rung")


def ladder_funnel(rungs: pd.Series) -> pd.DataFrame:
    """The ladder as a funnel: per rung (its categories, in order), who stand on it and who reached it.

    Returns
    -------
    DataFrame: ``rung`` (id); ``customers`` [count on exactly this rung]; ``reached`` [count on this rung or
    above]; ``climb_share`` = reached / reached of the rung below [share; NaN for the first rung and when
    nobody reached the rung below]; ``share_of_all`` = reached / all customers [share].
    """
    return ladder_funnel_from_counts(rungs.value_counts(), list(rungs.cat.categories))


def ladder_funnel_from_counts(counts: pd.Series, rungs: list[str]) -> pd.DataFrame:
    """:func:`ladder_funnel` from the customers per rung (a Series indexed by rung; a rung without customers may
    be absent) and the rungs in ladder order (:func:`rungs_of`). The Spark engine's per-rung count."""
    cats = list(rungs)
    counts = counts.reindex(cats, fill_value=0).to_numpy(dtype=int)
    reached = counts[::-1].cumsum()[::-1]
    below = np.concatenate([[np.nan], reached[:-1].astype(float)])
    with np.errstate(divide="ignore", invalid="ignore"):
        climb = np.where(below > 0, reached / below, np.nan)
    n = int(counts.sum())
    return pd.DataFrame({"rung": cats, "customers": counts, "reached": reached, "climb_share": climb,
                         "share_of_all": reached / n if n else np.nan})


def snapshot_dates(first_day: dt.date, as_of: dt.date, period: str = "quarter") -> list[dt.date]:
    """The ends of the complete calendar periods after ``first_day`` up to ``as_of`` (a period's end = the next
    period's first day, exclusive, as in the retention trend), the latest :data:`MAX_SNAPSHOTS`."""
    _check_as_of(as_of)
    if period not in OVER_TIME_PERIODS:
        raise InvalidInputError("parameters", "period", reason=(
            f"must be one of {', '.join(OVER_TIME_PERIODS)}; got {period!r}"),
            reason_zh=f"必须是 {', '.join(OVER_TIME_PERIODS)} 之一；收到 {period!r}")
    months = OVER_TIME_PERIODS[period]
    index = (first_day.year * 12 + first_day.month - 1) // months + 1
    out = []
    while (d := period_start(index, period)) <= as_of:
        out.append(d)
        index += 1
    return out[-MAX_SNAPSHOTS:]


def ladder_over_time(store: Store, as_of_dates: list[dt.date], thresholds: LadderThresholds = DEFAULT_THRESHOLDS,
                     referrals_by_date: dict[dt.date, pd.DataFrame] | None = None) -> pd.DataFrame:
    """:func:`ladder_funnel` at each date in ``as_of_dates`` (each customer as they stood that day).

    Returns
    -------
    DataFrame: ``as_of`` [date] and the columns of :func:`ladder_funnel`, one row per date and rung, sorted.

    Notes
    -----
    One query for all dates (``sql/ladder_reach_days.sql``): the day each customer reached each rung — the
    first order, the second, and the first order n >= client_min_orders at least client_min_span_months after
    the first. The rungs only ever rise with more orders, so at a date D a customer stands on the highest rung
    reached before D: the same rungs as :func:`ladder_rungs` of the behaviour as of D (a test checks it), for
    about the cost of one behaviour query instead of one per date. An advocate is a client at D with
    advocate_min_referred referrals in ``referrals_by_date[D]``.
    """
    dates = sorted(set(as_of_dates))
    cols = ["as_of", "rung", "customers", "reached", "climb_share", "share_of_all"]
    if not dates:
        return pd.DataFrame(columns=cols)
    for d in dates:
        _check_as_of(d)
    th = thresholds
    reach = store.run("ladder_reach_days", as_of=dates[-1], client_min_orders=int(th.client_min_orders),
                      client_min_span_months=int(th.client_min_span_months))
    first, second, client = (pd.to_datetime(reach[c]).to_numpy() for c in
                             ("first_order_day", "second_order_day", "client_day"))
    parts = []
    for d in dates:
        refs = (referrals_by_date or {}).get(d)
        day = np.datetime64(d, "ns")
        known = first < day  # a customer at D: an order before D (NaT compares False)
        rung = np.where(client < day, "client", np.where(second < day, "repeat", "first_time")).astype(object)
        if refs is not None:
            referred = reach["customer_id"].map(refs.set_index("customer_id")["referred_customers"]).fillna(0)
            rung = np.where((rung == "client") & (referred.to_numpy() >= th.advocate_min_referred), ADVOCATE, rung)
        rungs = pd.Series(pd.Categorical(rung[known], categories=list(rungs_of(refs))), name="ladder_rung")
        parts.append(ladder_funnel(rungs).assign(as_of=d))
    return pd.concat(parts, ignore_index=True)[cols]
