"""The loyalty page's parts (issue #12, section 1 — order-only measures): the method explained, the period and
window controls, headline metrics, the retention trend and the repeat-order revenue share.

Every computation is a ``crm_core.loyalty`` call cached per dataset load (``ctx.ds.key``), as-of date and
setting, with the store as an unhashed argument.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from crm_core import loyalty
from crm_core.store import Store

from .cache import figure_cache, shared_result
from .format import CURRENCY_SIGN, money
from .session import Ctx
from .settings import keep, kept

PLOTLY_CONFIG = {"displaylogo": False}
WINDOW_MIN, WINDOW_MAX = 1, 3650  # days: the second-purchase window's input
TABLE_ROWS, ROW_PX = 16, 35  # the retention table: rows shown before it scrolls, Streamlit's row height [px]
TABS = ("retention", "matrix", "ladder", "promotion", "worth", "types")  # the page's tabs (labels loy_tab_<id>)
# the value widgets of the page's lazy tabs (pages/loyalty.py keeps their values while their tab is closed)
TAB_WIDGET_KEYS = ("lom_w_", "lom_metric_", "lom_value_pct", "lom_loyalty_pct", "lom_dl_quadrant", "lom_client_orders",
                   "lom_client_months", "lom_ladder_period", "lop_threshold", "lop_wallet_source",
                   "lop_wallet_estimate", "lop_wallet_column", "loe_split", "loe_points", "loe_rate", "loe_acq",
                   "loe_groups", "loe_basis")


@dataclasses.dataclass(frozen=True)
class LoyaltySettings:
    period: str  # a key of crm_core.loyalty.PERIODS
    window_days: int


def period_name(ctx: Ctx, period_index: int, period: str) -> str:
    """A period as read in the interface language: "2024 Q2" / "2024年第2季度", "May 2024" / "2024年5月"."""
    start = loyalty.period_start(period_index, period)
    if period == "month":
        return f"{start.year}年{start.month}月" if ctx.lang == "zh" else start.strftime("%b %Y")
    if period == "quarter":
        q = (start.month - 1) // 3 + 1
        return f"{start.year}年第{q}季度" if ctx.lang == "zh" else f"{start.year} Q{q}"
    return f"{start.year}年" if ctx.lang == "zh" else str(start.year)


def _pct(x: float) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.1%}"


def _days(ctx: Ctx, x: float) -> str:
    return "–" if math.isnan(x) else ctx.t("loy_days", value=f"{x:,.0f}")


def how_it_works(ctx: Ctx) -> None:
    with st.expander(ctx.t("loy_how_title"), icon=":material/help:"):
        st.markdown(ctx.t("loy_how_body"))


def controls(ctx: Ctx) -> LoyaltySettings:
    """The retention period (default quarter) and the second-purchase window (default 90 days)."""
    left, right = st.columns(2)
    periods = list(loyalty.PERIODS)
    period = keep("loy_period", left.radio(ctx.t("loy_period"), periods,
                                           index=periods.index(kept("loy_period", loyalty.DEFAULT_PERIOD)),
                                           format_func=lambda p: ctx.t(f"loy_period_{p}"), horizontal=True,
                                           key="loy_period"))
    window = keep("loy_window", right.number_input(ctx.t("loy_window"), min_value=WINDOW_MIN, max_value=WINDOW_MAX,
                                                   value=kept("loy_window", loyalty.DEFAULT_WINDOW_DAYS), step=1,
                                                   help=ctx.t("loy_window_help"), key="loy_window"))
    return LoyaltySettings(period, int(window))


@shared_result(max_entries=32, ttl=3600, show_spinner=False)
def _retention(ds_key: str, _store: Store, as_of: dt.date, period: str) -> pd.DataFrame:
    return loyalty.retention_by_period(_store, as_of, period)


@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _sequence(ds_key: str, _store: Store, as_of: dt.date) -> pd.DataFrame:
    return loyalty.order_sequence(_store, as_of)


@shared_result(max_entries=32, ttl=3600, show_spinner=False)
def _repeat_revenue(ds_key: str, _store: Store, as_of: dt.date, period: str) -> pd.DataFrame:
    return loyalty.repeat_revenue_by_period(_store, as_of, period)


def retention(ctx: Ctx, s: LoyaltySettings) -> pd.DataFrame:
    return _retention(ctx.ds.key, ctx.ds.store, ctx.as_of, s.period)


def sequence(ctx: Ctx) -> pd.DataFrame:
    return _sequence(ctx.ds.key, ctx.ds.store, ctx.as_of)


def headline(ctx: Ctx, s: LoyaltySettings, ret: pd.DataFrame, seq: pd.DataFrame) -> None:
    """Four metrics: the latest complete period's retention, repeat rate, second-purchase rate, median days."""
    cols = st.columns(4)
    if len(ret) and not math.isnan(ret["rate"].iloc[-1]):
        last = ret.iloc[-1]
        name, prev = period_name(ctx, last.period_index, s.period), period_name(ctx, last.period_index - 1, s.period)
        before = ret["rate"].iloc[-2] if len(ret) > 1 else float("nan")
        delta = None if math.isnan(before) else ctx.t("loy_pp", value=f"{(last.rate - before) * 100:+.1f}")
        cols[0].metric(ctx.t("loy_m_retention", period=name), _pct(last.rate), delta,
                       help=ctx.t("loy_m_retention_help", before=int(last.active_before), kept=int(last.retained),
                                  prev=prev, period=name))
    else:
        cols[0].metric(ctx.t("loy_m_retention_none"), "–")
    repeat = int((seq["orders"] >= 2).sum()) if len(seq) else 0
    cols[1].metric(ctx.t("loy_m_repeat"), _pct(loyalty.repeat_purchase_rate(seq)),
                   help=ctx.t("loy_m_repeat_help", repeat=repeat, customers=len(seq)))
    second = loyalty.second_purchase_rate(seq, ctx.as_of, s.window_days)
    cols[2].metric(ctx.t("loy_m_second", days=s.window_days), _pct(second.rate),
                   help=ctx.t("loy_m_second_help", within=second.within, eligible=second.eligible,
                              days=s.window_days))
    tts = loyalty.time_to_second_order(seq)
    cols[3].metric(ctx.t("loy_m_median_days"), _days(ctx, tts["median"]),
                   help=ctx.t("loy_m_median_days_help", n=tts["customers"], p25=f"{tts['p25']:,.0f}",
                              p50=f"{tts['median']:,.0f}", p75=f"{tts['p75']:,.0f}"))
    if second.eligible == 0:
        st.info(ctx.t("loy_no_eligible", days=s.window_days))


def retention_trend(ctx: Ctx, s: LoyaltySettings, ret: pd.DataFrame) -> None:
    """Line: the retention rate of every complete period; the table behind it."""
    st.subheader(ctx.t("loy_sec_retention"))
    open_index = _open_period(ctx, s.period)
    st.caption(ctx.t("loy_retention_caption", period=ctx.t(f"loy_period_{s.period}").lower(),
                     start=loyalty.period_start(open_index, s.period)))
    if ret.empty:
        st.info(ctx.t("loy_retention_empty", period=ctx.t(f"loy_period_{s.period}").lower()))
        return
    names = [period_name(ctx, i, s.period) for i in ret["period_index"]]
    st.plotly_chart(_retention_figure(ctx, ret, s.period), key="loy_retention_chart", config=PLOTLY_CONFIG)
    shown = pd.DataFrame({ctx.t("loy_col_period"): names, ctx.t("loy_col_before"): ret["active_before"],
                          ctx.t("loy_col_retained"): ret["retained"], ctx.t("loy_col_rate"): ret["rate"] * 100})
    st.dataframe(shown.style.format({shown.columns[1]: "{:,.0f}", shown.columns[2]: "{:,.0f}",
                                     shown.columns[3]: "{:.1f}%"}, na_rep="—"),
                 hide_index=True, width="stretch", key="loy_retention_table", height=_table_height(len(shown)))


@figure_cache()
def _retention_figure(ctx: Ctx, ret: pd.DataFrame, period: str) -> go.Figure:
    """The retention rate per complete ``period`` (``loyalty.retention_by_period``'s rows), customers in the hover."""
    names = [period_name(ctx, i, period) for i in ret["period_index"]]
    custom = ret[["active_before", "retained"]].to_numpy()
    fig = go.Figure(go.Scatter(
        x=names, y=ret["rate"], mode="lines+markers", name=ctx.t("loy_chart_rate"), line={"color": "#4C78A8"},
        customdata=custom, connectgaps=False,
        hovertemplate=(f"%{{x}}<br>{ctx.t('loy_chart_rate')}: %{{y:.1%}}<br>{ctx.t('loy_chart_before')}: "
                       f"%{{customdata[0]:,}}<br>{ctx.t('loy_chart_retained')}: %{{customdata[1]:,}}<extra></extra>")))
    fig.update_layout(height=360, margin={"l": 10, "r": 10, "t": 30, "b": 10})
    fig.update_xaxes(title_text=ctx.t("loy_chart_period"), type="category")
    fig.update_yaxes(title_text=ctx.t("loy_chart_rate"), tickformat=".0%", rangemode="tozero")
    return fig


def _table_height(rows: int) -> int:
    """Pixels for a data frame of ``rows`` rows shown whole up to TABLE_ROWS (the default height hides the 11th
    quarter on: the latest, the one a reader looks for), scrolling beyond."""
    return (min(rows, TABLE_ROWS) + 1) * ROW_PX + 3


def _open_period(ctx: Ctx, period: str) -> int:
    """Index of the period containing the as-of date: not complete, so left out of the trends."""
    months = loyalty.PERIODS[period]
    return (ctx.as_of.year * 12 + ctx.as_of.month - 1) // months


def repeat_orders(ctx: Ctx, s: LoyaltySettings, seq: pd.DataFrame) -> None:
    """First vs repeat order value (metrics) and the repeat orders' share of revenue per period (chart)."""
    st.subheader(ctx.t("loy_sec_repeat"))
    currency = ctx.ds.report.currency
    aov = loyalty.order_value_split(seq)
    cols = st.columns(2)
    for col, key, value, n in ((cols[0], "loy_m_first_aov", aov["first_order_aov"], aov["first_orders"]),
                               (cols[1], "loy_m_repeat_aov", aov["repeat_order_aov"], aov["repeat_orders"])):
        col.metric(ctx.t(key), "–" if math.isnan(value) else money(value, currency), help=ctx.t("loy_m_aov_help", n=n))
    if aov["repeat_orders"] == 0:
        st.info(ctx.t("loy_no_second"))
    share = _repeat_revenue(ctx.ds.key, ctx.ds.store, ctx.as_of, s.period)
    if share.empty:
        return
    st.caption(ctx.t("loy_share_caption"))
    st.plotly_chart(_repeat_share_figure(ctx, share, s.period), key="loy_share_chart", config=PLOTLY_CONFIG)


@figure_cache()
def _repeat_share_figure(ctx: Ctx, share: pd.DataFrame, period: str) -> go.Figure:
    """First and repeat orders' value per ``period`` (stacked bars) and the repeat share (line, right axis)."""
    currency = ctx.ds.report.currency
    names = [period_name(ctx, i, period) for i in share["period_index"]]
    sign = CURRENCY_SIGN.get(currency or "", "")
    fig = go.Figure()
    for col, label, color in (("first_order_value", "loy_chart_first_rev", "#9ECAE9"),
                              ("repeat_order_value", "loy_chart_repeat_rev", "#4C78A8")):
        fig.add_trace(go.Bar(x=names, y=share[col], name=ctx.t(label), marker_color=color,
                             hovertemplate=f"%{{x}}<br>{ctx.t(label)}: {sign}%{{y:,.0f}}<extra></extra>"))
    fig.add_trace(go.Scatter(x=names, y=share["repeat_revenue_share"], name=ctx.t("loy_chart_repeat_share"),
                             mode="lines+markers", yaxis="y2", line={"color": "#F58518"},
                             hovertemplate=f"%{{x}}<br>{ctx.t('loy_chart_repeat_share')}: %{{y:.1%}}<extra></extra>"))
    revenue = ctx.t("loy_chart_revenue") + (f" [{currency}]" if currency else "")
    fig.update_layout(barmode="stack", height=380, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      legend={"orientation": "h", "y": 1.12, "x": 0},
                      yaxis={"title": {"text": revenue}, "tickformat": ",.0f", "rangemode": "tozero"},
                      yaxis2={"title": {"text": ctx.t("loy_chart_repeat_share")}, "overlaying": "y", "side": "right",
                              "tickformat": ".0%", "range": [0, 1], "showgrid": False,
                              "tickmode": "linear", "tick0": 0, "dtick": 0.2})  # round ticks: 0 %, 20 % … 100 %
    fig.update_xaxes(title_text=ctx.t("loy_chart_period"), type="category")
    return fig
