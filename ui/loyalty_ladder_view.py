"""The loyalty page's customer ladder section (issue #12, section 2): Kotler's ladder from the orders as a funnel
with its table, the client thresholds, the ladder over time, and what referral data would add (advocates).

The referral counts come from ``crm_core.loyalty.referrals`` when that module exists and the file has a referrer
column; otherwise the page says that advocates and partners cannot be observed.
"""

from __future__ import annotations

import datetime as dt
import importlib

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from crm_core.loyalty.ladder import (
    DEFAULT_THRESHOLDS,
    OVER_TIME_PERIODS,
    LadderThresholds,
    ladder_funnel,
    ladder_over_time,
    snapshot_dates,
)
from crm_core.store import Store

from .cache import shared_result
from .charts import localise
from .session import Ctx

PLOTLY_CONFIG = {"displaylogo": False}
ORDERS_INPUT = {"min_value": 2, "max_value": 50, "step": 1}
MONTHS_INPUT = {"min_value": 0, "max_value": 60, "step": 1}
RUNG_COLORS = {"first_time": "#9ECAE9", "repeat": "#6BAED6", "client": "#2171B5", "advocate": "#08306B"}


def rung_name(ctx: Ctx, rung: str) -> str:
    return ctx.t(f"lom_rung_{rung}")


def controls(ctx: Ctx) -> LadderThresholds:
    """The section's heading and the client thresholds (default 4 orders over 6 months)."""
    st.subheader(ctx.t("lom_sec_ladder"))
    st.caption(ctx.t("lom_ladder_intro"))
    c = st.columns(2)
    orders = c[0].number_input(ctx.t("lom_client_orders"), value=DEFAULT_THRESHOLDS.client_min_orders, **ORDERS_INPUT,
                               help=ctx.t("lom_client_help"), key="lom_client_orders")
    months = c[1].number_input(ctx.t("lom_client_months"), value=DEFAULT_THRESHOLDS.client_min_span_months,
                               **MONTHS_INPUT, help=ctx.t("lom_client_help"), key="lom_client_months")
    return LadderThresholds(int(orders), int(months))


def thresholds_kept() -> LadderThresholds:
    """:func:`controls`' thresholds without drawing them (their widgets' state, else the defaults)."""
    return LadderThresholds(int(st.session_state.get("lom_client_orders", DEFAULT_THRESHOLDS.client_min_orders)),
                            int(st.session_state.get("lom_client_months", DEFAULT_THRESHOLDS.client_min_span_months)))


def _referral_module():
    """``crm_core.loyalty.referrals`` when it exists (another part of issue #12), else None."""
    try:
        return importlib.import_module("crm_core.loyalty.referrals")
    except ImportError:
        return None


@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _referrals(ds_key: str, _store: Store, as_of: dt.date) -> pd.DataFrame | None:
    module = _referral_module()
    return None if module is None else module.referral_counts(_store, as_of)


def referrals(ctx: Ctx, as_of: dt.date | None = None) -> pd.DataFrame | None:
    """Customers' referral counts (``customer_id``, ``referred_customers``), or None without a referrer column."""
    return _referrals(ctx.ds.key, ctx.ds.store, as_of or ctx.as_of)


@shared_result(max_entries=32, ttl=3600, show_spinner=False)
def _over_time(ds_key: str, _store: Store, dates: tuple, thresholds: LadderThresholds, with_referrals: bool
               ) -> pd.DataFrame:
    refs = {d: _referrals(ds_key, _store, d) for d in dates} if with_referrals else None
    return ladder_over_time(_store, list(dates), thresholds, refs)


def funnel(ctx: Ctx, prof: pd.DataFrame, has_referrals: bool) -> None:
    """The funnel chart (reached per rung, % of the rung below) and its table; the advocate/partner note."""
    f = ladder_funnel(prof["ladder_rung"])
    names = [rung_name(ctx, r) for r in f["rung"]]
    # the counts with separators and the share of the rung below as the table writes them (5,000 · 80.9 %)
    fig = go.Figure(go.Funnel(y=names, x=f["reached"], texttemplate="%{value:,}<br>%{percentPrevious:.1%}",
                              marker={"color": [RUNG_COLORS[r] for r in f["rung"]]},
                              hovertemplate=f"%{{y}}<br>{ctx.t('lom_funnel_hover')}: %{{x:,}}<extra></extra>"))
    fig.update_layout(height=300, margin={"l": 10, "r": 10, "t": 20, "b": 10})
    left, right = st.columns([1.2, 1], gap="large")
    with left:
        st.plotly_chart(localise(fig, ctx.lang), key="lom_funnel_chart", config=PLOTLY_CONFIG)
    shown = pd.DataFrame({
        ctx.t("lom_col_rung"): names,
        ctx.t("lom_col_on_rung"): [f"{n:,}" for n in f["customers"]],
        ctx.t("lom_col_reached"): [f"{n:,}" for n in f["reached"]],
        ctx.t("lom_col_climb"): ["—" if pd.isna(x) else f"{x:.1%}" for x in f["climb_share"]],
    })
    right.table(shown, hide_index=True)
    st.info(ctx.t("lom_with_referrals" if has_referrals else "lom_no_referrals"), icon=":material/group_add:")
    st.caption(ctx.t("lom_ladder_note"))


def over_time(ctx: Ctx, thresholds: LadderThresholds, has_referrals: bool) -> None:
    """The share who climbed each rung at the end of each complete quarter or year (one line per rung)."""
    st.markdown(f"**{ctx.t('lom_over_time')}**")
    periods = list(OVER_TIME_PERIODS)
    period = st.radio(ctx.t("lom_over_time_period"), periods, horizontal=True, key="lom_ladder_period",
                      format_func=lambda p: ctx.t(f"lom_period_{p}"))
    dates = snapshot_dates(ctx.ds.report.first_date, ctx.as_of, period)
    if not dates:
        st.info(ctx.t("lom_over_time_empty", period=ctx.t(f"lom_period_{period}").lower()))
        return
    got = _over_time(ctx.ds.key, ctx.ds.store, tuple(dates), thresholds, has_referrals)
    st.caption(ctx.t("lom_over_time_caption"))
    fig = go.Figure()
    for rung in got["rung"].unique()[1:]:  # the first rung has no rung below
        part = got[got["rung"] == rung]
        name = ctx.t("lom_climb_to", rung=rung_name(ctx, rung))
        fig.add_trace(go.Scatter(x=[pd.Timestamp(d) for d in part["as_of"]], y=part["climb_share"], name=name,
                                 mode="lines+markers", line={"color": RUNG_COLORS[rung]},
                                 customdata=part["reached"],
                                 hovertemplate=(f"%{{x|%Y-%m-%d}}<br>{name}: %{{y:.1%}}<br>"
                                                f"{ctx.t('lom_col_reached')}: %{{customdata:,}}<extra></extra>")))
    fig.update_layout(height=340, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      legend={"orientation": "h", "y": 1.1, "x": 0})
    fig.update_xaxes(title_text=ctx.t("lom_axis_as_of"))
    fig.update_yaxes(title_text=ctx.t("lom_axis_climb"), tickformat=".0%", range=[0, 1.02])
    st.plotly_chart(localise(fig, ctx.lang), key="lom_ladder_time_chart", config=PLOTLY_CONFIG)
