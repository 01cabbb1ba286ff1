"""The loyalty page's "what loyalty is worth" sections (issue #12 §3): customer equity (Σ predicted CLV, split by
pyramid tier, with the expected time still active within the horizon), the retention-based what-if beside the
margin and acquisition-cost levers and the published figures, and the seven loyalty types.

Every number is a ``crm_core`` call: ``crm_core.loyalty.equity``, ``crm_core.loyalty.retention_value``,
``crm_core.loyalty.types``, ``crm_core.clv.lifetime``; the predictions are the CLV page's (``ui.session``
``btyd_fit`` / ``btyd_predictions``, cached), with the CLV page's settings when this session set them.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from crm_core import pyramid
from crm_core.clv.customer_value import DEFAULT_DISCOUNT_RATE_ANNUAL
from crm_core.clv.lifetime import expected_active_time
from crm_core.errors import InvalidInputError
from crm_core.loyalty import PERIODS
from crm_core.loyalty import retention_value as rv
from crm_core.loyalty.equity import UNASSIGNED, CustomerEquity, customer_equity
from crm_core.loyalty.types import observable_types
from crm_core.store import Store
from crm_core.value import available_metrics, customer_value

from .cache import shared_result
from .charts import localise
from .format import CURRENCY_SIGN, money
from .loyalty_view import LoyaltySettings, period_name
from .pyramid_view import clv_words
from .session import Ctx, btyd_fit, btyd_predictions, customers, summary
from .settings import clv_in_use

PLOTLY_CONFIG = {"displaylogo": False}
TIER_ORDER = [*pyramid.TIERS, pyramid.LEAD, pyramid.UNKNOWN]
GROUPINGS = ("all", "tier")
LEVER_COLORS = {"retention": "#4C78A8", "margin": "#F58518", "acquisition_cost": "#54A24B"}
MAX_ACQUISITION_COST = 1e9  # currency: an input bound only


def clv_settings(ctx: Ctx) -> tuple[str, int, float, bool]:
    """The CLV page's (unit, horizon, rate per period) as the user left them this session (:func:`ui.settings.
    clv_in_use`), else its defaults; and whether they came from the page."""
    return clv_in_use()


def _tier_metric(ctx: Ctx) -> str:
    return available_metrics(summary(ctx), has_profit=ctx.ds.report.has_profit)[0]


def tiers(ctx: Ctx) -> pd.Series:
    """Pyramid tier per customer (indexed by customer_id; categorical in pyramid order), by the default value
    metric (profit with cost data, else net revenue) and the default cut points."""
    table = summary(ctx)
    value = customer_value(table, _tier_metric(ctx))
    tier = pyramid.assign_tiers(table["customer_id"], value)
    return pd.Series(pd.Categorical(tier.to_numpy(), categories=TIER_ORDER), index=table["customer_id"].to_numpy())


def _tier_name(ctx: Ctx, tier: str) -> str:
    if tier == pyramid.UNKNOWN:
        return ctx.t("loe_tier_unknown")
    if tier == UNASSIGNED:
        return ctx.t("loe_tier_unassigned")
    return ctx.t(f"pyr_tier_{tier}")


@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _active_time(ds_key: str, _fitted, _ct: pd.DataFrame, as_of: dt.date, unit: str, horizon: int) -> np.ndarray:
    params = _fitted.purchases.params_
    return expected_active_time(params["r"], params["alpha"], params["a"], params["b"], _ct["frequency"],
                                _ct["recency"], _ct["T"], horizon=horizon)


def equity(ctx: Ctx, quadrants: pd.Series | None = None) -> None:
    """Section "Customer equity": total, mean CLV, expected active time within the horizon; split by tier or,
    given ``quadrants`` (the value × loyalty quadrant per customer, indexed by customer_id), by relationship
    type."""
    st.subheader(ctx.t("loe_sec_equity"))
    unit, horizon, rate, from_page = clv_settings(ctx)
    names = {"unit": ctx.t(f"clv_unit_{unit}"), "units": ctx.t(f"clv_units_{unit}")}
    st.caption(ctx.t("loe_equity_caption", h=horizon, rate=f"{rate:.4%}",
                     source=ctx.t("loe_settings_page" if from_page else "loe_settings_default"),
                     metric=ctx.t(f"pyr_metric_def_{_tier_metric(ctx)}", **clv_words(ctx)), **names))
    try:
        with st.spinner(ctx.t("loe_fitting", as_of=ctx.as_of.isoformat())):
            fitted = btyd_fit(ctx, unit)
            pred = btyd_predictions(ctx, horizon, rate, unit)
    except InvalidInputError as err:
        st.warning(ctx.t("loe_fit_failed", msg=err.user_message(ctx.lang)), icon=":material/warning:")
        return
    groupings = {"tier": tiers(ctx)}
    if quadrants is not None:
        groupings["quadrant"] = quadrants
    dim = st.segmented_control(ctx.t("loe_split_by"), list(groupings), default="tier", key="loe_split",
                               format_func=lambda g: ctx.t(f"loe_split_{g}")) or "tier"
    eq = customer_equity(pred, groupings[dim])
    currency = ctx.ds.report.currency
    active = _active_time(ctx.ds.key, fitted, customers(ctx, unit), ctx.as_of, unit, horizon)
    cols = st.columns(3)
    cols[0].metric(ctx.t("loe_m_equity"), money(eq.total, currency), help=ctx.t("loe_m_equity_help", n=eq.predicted))
    cols[1].metric(ctx.t("loe_m_mean_clv"), money(eq.total / eq.predicted, currency) if eq.predicted else "–")
    # the mean as the value, the median beneath it (both in one value were cut off in a third of the row)
    cols[2].metric(ctx.t("loe_m_active", h=horizon, **names),
                   ctx.t("loe_m_active_value", mean=f"{np.mean(active):,.1f}", **names) if len(active) else "–",
                   ctx.t("loe_m_active_median", median=f"{np.median(active):,.1f}", **names) if len(active) else None,
                   delta_color="off", delta_arrow="off", help=ctx.t("loe_m_active_help", h=horizon, **names))
    if eq.not_predicted:
        st.info(ctx.t("loe_not_predicted", n=eq.not_predicted))
    _equity_by(ctx, eq, dim)


def _group_name(ctx: Ctx, dim: str, group: str) -> str:
    if dim == "quadrant" and group != UNASSIGNED:
        return ctx.t(f"lom_q_{group}")
    return _tier_name(ctx, group)


def _equity_by(ctx: Ctx, eq: CustomerEquity, dim: str) -> None:
    t = eq.by_group[eq.by_group["customers"] > 0]
    shown_names = [_group_name(ctx, dim, g) for g in t["group"]]
    currency = ctx.ds.report.currency
    sign = CURRENCY_SIGN.get(currency or "", "")
    fig = go.Figure(go.Bar(x=shown_names, y=t["equity"], marker_color="#4C78A8", customdata=t["equity_share"],
                           hovertemplate=(f"%{{x}}<br>{ctx.t('loe_chart_equity')}: {sign}%{{y:,.0f}}"
                                          f"<br>{ctx.t('loe_col_share')}: %{{customdata:.1%}}<extra></extra>")))
    fig.update_layout(height=340, margin={"l": 10, "r": 10, "t": 30, "b": 10})
    fig.update_xaxes(title_text=ctx.t(f"loe_split_{dim}"), type="category")
    fig.update_yaxes(title_text=ctx.t("loe_chart_equity") + (f" [{currency}]" if currency else ""), tickformat=",.0f")
    st.plotly_chart(localise(fig, ctx.lang), key="loe_equity_chart", config=PLOTLY_CONFIG)
    cur = f" [{currency}]" if currency else ""
    shown = pd.DataFrame({ctx.t(f"loe_split_{dim}"): shown_names, ctx.t("loe_col_customers"): t["customers"],
                          ctx.t("loe_col_equity") + cur: t["equity"], ctx.t("loe_col_share"): t["equity_share"] * 100,
                          ctx.t("loe_col_mean_clv") + cur: t["clv_mean"]})
    c = shown.columns
    st.dataframe(shown.style.format({c[1]: "{:,.0f}", c[2]: "{:,.0f}", c[3]: "{:.1f}%", c[4]: "{:,.2f}"},
                                    na_rep="—"), hide_index=True, width="stretch", key="loe_equity_table")


@shared_result(max_entries=32, ttl=3600, show_spinner=False)
def _inputs(ds_key: str, _store: Store, _groups: pd.Series | None, as_of: dt.date, period: str, grouping: str,
            basis: str) -> pd.DataFrame:
    return rv.group_retention_inputs(_store, as_of, period, _groups, basis=basis)


def _pct(x: float) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:+.1f}%"


def retention_worth(ctx: Ctx, s: LoyaltySettings) -> None:
    """Section "What keeping customers is worth": the what-if (slider), the levers chart, the group table, the
    published figures beside this data's, formulas and sources."""
    st.subheader(ctx.t("loe_sec_worth"))
    c0, c1, c2 = st.columns(3)
    points = c0.slider(ctx.t("loe_points"), 0.0, rv.MAX_POINTS, rv.REICHHELD_SASSER_POINTS, 0.5,
                       help=ctx.t("loe_points_help"), key="loe_points")
    rate_pct = c1.number_input(ctx.t("loe_rate"), min_value=0.1, max_value=100.0,
                               value=100 * DEFAULT_DISCOUNT_RATE_ANNUAL, step=0.5, help=ctx.t("loe_rate_help"),
                               key="loe_rate")
    currency = ctx.ds.report.currency
    acq = c2.number_input(ctx.t("loe_acq") + (f" [{currency}]" if currency else ""), min_value=0.0, max_value=MAX_ACQUISITION_COST, value=0.0, step=10.0,
                          help=ctx.t("loe_acq_help"), key="loe_acq")
    c3, c4 = st.columns(2)
    grouping = c3.radio(ctx.t("loe_groups"), GROUPINGS, format_func=lambda g: ctx.t(f"loe_groups_{g}"),
                        horizontal=True, key="loe_groups")
    bases = ["profit", "net_revenue"] if ctx.ds.report.has_profit else ["net_revenue"]
    basis = c4.radio(ctx.t("loe_basis"), bases, format_func=lambda b: ctx.t(f"loe_basis_{b}"), horizontal=True,
                     key="loe_basis") if len(bases) > 1 else bases[0]
    groups = tiers(ctx) if grouping == "tier" else None
    inputs = _inputs(ctx.ds.key, ctx.ds.store, groups, ctx.as_of, s.period, grouping, basis)
    latest = (ctx.as_of.year * 12 + ctx.as_of.month - 1) // PERIODS[s.period] - 1
    period_word = ctx.t(f"loy_period_{s.period}").lower()
    st.caption(ctx.t("loe_worth_caption", prev=period_name(ctx, latest - 1, s.period),
                     period=period_name(ctx, latest, s.period), basis=ctx.t(f"loe_basis_word_{basis}"),
                     period_unit=period_word))
    d = rv.period_discount_rate(rate_pct / 100, s.period)
    what_if = rv.retention_what_if(inputs, points=points, discount_rate=d, acquisition_cost=acq)
    if not what_if.by_group["valued"].any():
        st.info(ctx.t("loe_no_period", period=period_word))
        _formulas(ctx)
        return
    if not what_if.base_value > 0:  # an acquisition cost above what customers bring: no base to compare with
        st.info(ctx.t("loe_value_not_positive", value=money(what_if.base_value, ctx.ds.report.currency)))
        _formulas(ctx)
        return
    five = rv.retention_what_if(inputs, points=rv.REICHHELD_SASSER_POINTS, discount_rate=d, acquisition_cost=acq)
    one = rv.one_percent_levers(inputs, discount_rate=d, acquisition_cost=acq)
    _worth_metrics(ctx, what_if, five, points, acq)
    _levers_chart(ctx, what_if, points)
    _group_table(ctx, what_if, grouping)
    _notes(ctx, what_if, inputs, acq)
    _references(ctx, one, five, acq)
    _formulas(ctx)


def _worth_metrics(ctx: Ctx, w: rv.RetentionWhatIf, five: rv.RetentionWhatIf, points: float, acq: float) -> None:
    currency = ctx.ds.report.currency
    lev = w.levers.set_index("lever")
    cols = st.columns(3)
    cols[0].metric(ctx.t("loe_m_value"), money(w.base_value, currency),
                   help=ctx.t("loe_m_value_help", net=ctx.t("loe_net_of_acq") if acq else ""))
    cols[1].metric(ctx.t("loe_m_delta", x=f"{points:g}"), money(lev.loc["retention", "delta"], currency),
                   _pct(lev.loc["retention", "delta_pct"]),
                   help=ctx.t("loe_m_delta_help", x=f"{points:g}", new=money(w.base_value + lev.loc["retention", "delta"],
                                                                          currency)))
    cols[2].metric(ctx.t("loe_m_reichheld"), _pct(five.levers.set_index("lever").loc["retention", "delta_pct"]),
                   help=ctx.t("loe_m_reichheld_help"))


def _levers_chart(ctx: Ctx, w: rv.RetentionWhatIf, points: float) -> None:
    lev = w.levers
    names = [ctx.t(f"loe_lever_{k}") for k in lev["lever"]]
    fig = go.Figure(go.Bar(x=names, y=lev["delta_pct"], marker_color=[LEVER_COLORS[k] for k in lev["lever"]],
                           text=[_pct(v) for v in lev["delta_pct"]], textposition="outside",
                           hovertemplate=f"%{{x}}<br>{ctx.t('loe_chart_levers')}: %{{y:.2f}}<extra></extra>"))
    fig.update_layout(height=340, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      title={"text": ctx.t("loe_chart_levers_title", x=f"{points:g}")})
    fig.update_yaxes(title_text=ctx.t("loe_chart_levers"), rangemode="tozero")
    st.plotly_chart(localise(fig, ctx.lang), key="loe_levers_chart", config=PLOTLY_CONFIG)


def _group_table(ctx: Ctx, w: rv.RetentionWhatIf, grouping: str) -> None:
    g = w.by_group[w.by_group["customers"] > 0]
    label = (lambda x: _tier_name(ctx, x)) if grouping == "tier" else (lambda x: ctx.t("loe_groups_all"))
    currency = ctx.ds.report.currency
    cur = f" [{currency}]" if currency else ""
    shown = pd.DataFrame({
        ctx.t("loe_col_group"): [label(x) for x in g["group"]], ctx.t("loe_col_active"): g["customers"],
        ctx.t("loe_col_retention"): g["retention"] * 100, ctx.t("loe_col_margin") + cur: g["margin"],
        ctx.t("loe_col_clv") + cur: g["clv"], ctx.t("loe_col_elasticity"): g["elasticity"],
        ctx.t("loe_col_retention_new"): g["retention_new"] * 100, ctx.t("loe_col_delta") + cur: g["delta_retention"]})
    c = shown.columns
    st.dataframe(shown.style.format({c[1]: "{:,.0f}", c[2]: "{:.1f}%", c[3]: "{:,.2f}", c[4]: "{:,.2f}",
                                     c[5]: "{:.2f}", c[6]: "{:.1f}%", c[7]: "{:,.0f}"}, na_rep="—"),
                 hide_index=True, width="stretch", key="loe_groups_table")


def _notes(ctx: Ctx, w: rv.RetentionWhatIf, inputs: pd.DataFrame, acq: float) -> None:
    def names(groups):
        return ", ".join(ctx.t("loe_groups_all") if x == rv.ALL else _tier_name(ctx, x) for x in groups)
    if w.capped_groups:
        st.caption(ctx.t("loe_capped", groups=names(w.capped_groups)))
    unvalued = [x for x, n in zip(w.by_group["group"], w.by_group["customers"], strict=True)
                if x in w.unvalued_groups and n > 0]
    if unvalued:
        st.caption(ctx.t("loe_unvalued", groups=names(unvalued)))
    unknown = int(np.sum(inputs["profit_unknown_lines"]))
    if unknown:
        st.caption(ctx.t("loe_profit_unknown", n=unknown))
    if not acq:
        st.info(ctx.t("loe_acq_needed"), icon=":material/info:")


def _published(ctx: Ctx, lever: str) -> str:
    ref = rv.GLS_2004[lever]
    if ref["low_pct"] is not None:
        return ctx.t("loe_ref_range", lo=f"{ref['low_pct']:g}", hi=f"{ref['high_pct']:g}", v=f"{ref['value_change_pct']:g}")
    return ctx.t("loe_ref_about", v=f"{ref['value_change_pct']:g}")


def _references(ctx: Ctx, one: pd.DataFrame, five: rv.RetentionWhatIf, acq: float) -> None:
    st.markdown(f"**{ctx.t('loe_ref_title')}**")
    rows = []
    for r in one.itertuples():
        this = ctx.t("loe_ref_needs_acq") if r.lever == "acquisition_cost" and not acq else _pct(r.delta_pct)
        rows.append((ctx.t("loe_ref_gls"), ctx.t(f"loe_ref_1pct_{r.lever}"), _published(ctx, r.lever), this))
    five_pct = _pct(five.levers.set_index("lever").loc["retention", "delta_pct"])
    for firm, v in rv.REICHHELD_SASSER_1990.items():
        rows.append((ctx.t(f"loe_ref_rs_{firm}"), ctx.t("loe_ref_5_points"), f"+{v:g}%", five_pct))
    rows.append((ctx.t("loe_ref_course"), "—", "25%–85%", five_pct))
    st.table(pd.DataFrame(rows, columns=[ctx.t("loe_ref_source"), ctx.t("loe_ref_setting"),
                                         ctx.t("loe_ref_published"), ctx.t("loe_ref_this")]))
    st.caption(ctx.t("loe_ref_note"))


def _formulas(ctx: Ctx) -> None:
    with st.expander(ctx.t("loe_how_title"), icon=":material/functions:"):
        st.markdown(ctx.t("loe_how_body"))


def loyalty_types(ctx: Ctx) -> None:
    """Section "Seven loyalty types": what each is, what data would reveal it, whether this file can show it."""
    st.subheader(ctx.t("loe_sec_types"))
    st.caption(ctx.t("loe_types_caption"))
    roles = {role for role, column in ctx.ds.report.mapping.items() if column}
    rows = []
    for r in observable_types(roles).itertuples():
        vis = ctx.t(f"loe_vis_{r.visibility}")
        this = ctx.t("loe_vis_missing", vis=vis, roles=", ".join(ctx.t(f"role_{m}") for m in r.missing)) if r.missing else vis
        rows.append((ctx.t(f"loe_type_{r.type}"), ctx.t(f"loe_type_{r.type}_what"), ctx.t(f"loe_type_{r.type}_data"),
                     this))
    st.table(pd.DataFrame(rows, columns=[ctx.t("loe_types_col_type"), ctx.t("loe_types_col_what"),
                                         ctx.t("loe_types_col_data"), ctx.t("loe_types_col_this")]))

