"""The customer pyramid page's parts: options, cached computations, the charts, the tier table, the
actions per tier, the breakdown by channel / product and the download of a tier's customers.

The computations are ``crm_core`` calls (``pyramid``, ``value``, ``breakdown``, ``contacts``), cached
per dataset load (``ctx.ds.key``) and as-of date; the session's CustomerTable comes from
:func:`ui.session.customers`, so moving a slider never re-reads the transactions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from crm_core.breakdown import DIMENSIONS, group_breakdown
from crm_core.clv.customer_value import PERIODS_PER_YEAR, default_rate
from crm_core.contacts import with_contacts
from crm_core.errors import InvalidInputError
from crm_core.pyramid import LEAD, TIERS, ParetoSummary, assign_tiers, pareto, tier_table
from crm_core.store import Store
from crm_core.value import (
    PREDICTED_METRIC,
    UNKNOWN_PROFIT,
    available_metrics,
    customer_value,
    unknown_profit_count,
    with_predicted_clv,
)

from .cache import figure_cache, shared_result
from .charts import localise
from .customer_lists import present, show_list
from .format import CURRENCY_SIGN, money
from .session import Ctx, btyd_predictions, summary
from .session import contacts as session_contacts
from .settings import clv_in_use, kept
from .tables import MONEY0, MONEY2, static_table

ALL_TIERS: tuple[str, ...] = (*TIERS, LEAD)
# The three cut-point sliders: tier sizes in % of customers (Curry's 1 / 4 / 15 by default). Their
# maxima add up to more than 100 %, so a combination can be invalid: cut_points() says so.
SLIDERS: dict[str, dict] = {
    "vip": {"min_value": 0.1, "max_value": 20.0, "value": 1.0, "step": 0.1, "format": "%.1f%%"},
    "major": {"min_value": 0.5, "max_value": 40.0, "value": 4.0, "step": 0.5, "format": "%.1f%%"},
    "ordinary": {"min_value": 1.0, "max_value": 60.0, "value": 15.0, "step": 1.0, "format": "%.0f%%"},
}
LABEL_X = 1.12  # where the pyramid's labels start (the base spans -1 … 1)
PARETO_MARKS: tuple[float, ...] = (0.01, 0.20)  # the callouts: top 1 % and top 20 % of customers
TIER_COLORS = {"vip": "#B8860B", "major": "#2F6EA6", "ordinary": "#5FA2D8", "small": "#B3D3EE", LEAD: "#C8C8C8"}
TIER_TEXT_COLORS = {"vip": "white", "major": "white", "ordinary": "black", "small": "black", LEAD: "black"}
PLOTLY_CONFIG = {"displaylogo": False}


@dataclass(frozen=True)
class Pyramid:
    """One computed pyramid: the customers with their tier and value, the tier table, the Lorenz curve."""

    metric: str
    cuts: tuple[float, float, float]
    as_of: dt.date
    customers: pd.DataFrame  # the CustomerTable + ``tier`` + ``value`` [currency]
    tiers: pd.DataFrame  # crm_core.pyramid.tier_table, one row per tier (VIP … small, lead)
    lorenz: ParetoSummary
    cache_key: tuple = ()  # what else fixes this pyramid: the CLV settings (by predicted CLV), the unknown-profit choice

    def count(self, tier: str) -> int:
        """The customers in ``tier`` (a format_func calls this per option on every run: no index is built)."""
        return int(self.tiers["customers"].to_numpy()[self.tiers["tier"].to_numpy() == tier].item())


# ---------------------------------------------------------------- options and cached computations

def metric_options(ctx: Ctx) -> list[str]:
    """The value metrics this data allows, the default (profit when cost/margin is known) first, predicted CLV last
    (fitted when chosen)."""
    return available_metrics(summary(ctx), has_profit=ctx.ds.report.has_profit, can_predict=True)


def kept_index(options: list, value) -> int:
    """The radio index of a remembered choice (the first option when it is not offered for this data)."""
    return options.index(value) if value in options else 0


def slider_args(tier: str) -> dict:
    """The cut-point slider of ``tier`` (key ``pyr_<tier>``), starting at the user's last setting."""
    args = dict(SLIDERS[tier])
    args["value"] = kept(f"pyr_{tier}", args["value"])
    return args


def label_of(ctx: Ctx, prefix: str):
    """A ``format_func`` for widgets: id -> the label ``<prefix><id>``."""
    return lambda key: ctx.t(f"{prefix}{key}")


def cut_points(ctx: Ctx, vip: float, major: float, ordinary: float) -> tuple[float, float, float]:
    """Tier sizes [% of customers] -> cumulative cut points [fraction]; an impossible split stops the page."""
    total = round(vip + major + ordinary, 6)
    if total >= 100:
        st.warning(ctx.t("pyr_cuts_invalid", total=f"{total:g}"), icon=":material/warning:")
        st.stop()
    st.caption(ctx.t("pyr_small_rest", share=f"{round(100 - total, 6):g}"))
    return round(vip / 100, 8), round((vip + major) / 100, 8), round(total / 100, 8)


@shared_result(max_entries=64, ttl=3600, show_spinner=False)
def _pyramid(ds_key: str, _customers: pd.DataFrame, as_of: dt.date, metric: str, cuts: tuple,
             unknown_profit: str = "exclude", clv: tuple | None = None) -> Pyramid:
    # _customers is ui.session.customers() of this ds_key and as_of (+ clv_pred by the CLV settings ``clv`` when
    # ranked by predicted CLV): not hashed, fixed by the key.
    # Customers whose profit is unknown (a blank cost) are left out unless valued by revenue: never lead.
    value = customer_value(_customers, metric, unknown_profit=unknown_profit)
    known = value.notna()
    customers, value = _customers[known], value[known]
    tier = assign_tiers(customers["customer_id"], value, cuts)
    return Pyramid(metric, cuts, as_of, customers.assign(tier=tier, value=value),
                   tier_table(customers, tier, value), pareto(value), (unknown_profit, clv))


def unknown_profit_choice(ctx: Ctx, metric: str) -> str:
    """When some customers' profit is unknown (a blank cost), ask how to treat them: left out (default)
    or valued by their net revenue. Returns ``"exclude"`` or ``"revenue"``."""
    n = unknown_profit_count(summary(ctx)) if metric == "profit" else 0
    if not n:
        return "exclude"
    return st.radio(ctx.t("pyr_unknown_profit", n=f"{n:,}"), list(UNKNOWN_PROFIT), horizontal=True,
                    format_func=lambda k: ctx.t(f"pyr_unknown_{k}"), key=f"pyr_unknown_{ctx.ds.key}",
                    help=ctx.t("pyr_unknown_help"))


@shared_result(max_entries=64, ttl=3600, show_spinner=False)
def _breakdown(ds_key: str, _store: Store, _groups: pd.DataFrame, as_of: dt.date, metric: str, cuts: tuple,
               dimension: str, fixed_by: tuple = ()) -> pd.DataFrame:
    # _groups are the tiers of the pyramid fixed by (ds_key, as_of, metric, cuts, fixed_by)
    return group_breakdown(_store, _groups, dimension=dimension, as_of=as_of)


def clv_words(ctx: Ctx) -> dict[str, str]:
    """``clv_horizon`` and ``clv_rate`` as words for the predicted-CLV metric's definition ("52 weeks", "10 % a
    year"), from the CLV page's settings as the user left them."""
    unit, horizon, rate, _ = clv_in_use()
    name = ctx.t(f"ho_unit_{unit}")
    default = abs(rate - default_rate(PERIODS_PER_YEAR[unit])) < 1e-9  # the page's default: 10 % a year
    return {"clv_horizon": f"{horizon} {name}s" if ctx.lang == "en" else f"{horizon} {name}",
            "clv_rate": ctx.t("pyr_clv_rate_default") if default
            else ctx.t("pyr_clv_rate_per", rate=f"{rate:.4%}", unit=name)}


def _with_predictions(ctx: Ctx, table: pd.DataFrame) -> pd.DataFrame | None:
    """``table`` + ``clv_pred`` (BG/NBD × Gamma-Gamma with the CLV page's horizon and rate, 52 weeks at 10 % a year
    by default; the fit and the predictions are the CLV page's, shared through ui.session); None, after a
    message, when the data cannot support a fit."""
    unit, horizon, rate, _ = clv_in_use()  # the CLV page's settings: the same cached predictions
    try:
        with st.spinner(ctx.t("pyr_clv_fitting", as_of=ctx.as_of.isoformat())):
            pred = btyd_predictions(ctx, horizon, rate, unit)
    except InvalidInputError as err:
        fallback = available_metrics(table, has_profit=ctx.ds.report.has_profit)[0]
        st.warning(ctx.t("pyr_clv_failed", msg=err.user_message(ctx.lang), fallback=ctx.t(f"pyr_metric_def_{fallback}", **clv_words(ctx))),
                   icon=":material/warning:")
        return None
    return with_predicted_clv(table, pred)


def compute(ctx: Ctx, metric: str, cuts: tuple[float, float, float], unknown_profit: str = "exclude") -> Pyramid:
    """The pyramid of this session's data as of the sidebar's date (cached).

    Predicted CLV is joined (and fitted, once per dataset and date) only when chosen; if the fit fails the
    default metric is used and the page says so.
    """
    table = summary(ctx)
    if metric == PREDICTED_METRIC:
        joined = _with_predictions(ctx, table)
        if joined is None:
            metric = available_metrics(table, has_profit=ctx.ds.report.has_profit)[0]
        else:
            table = joined
    clv = clv_in_use()[:3] if metric == PREDICTED_METRIC else None  # the predictions' horizon and rate
    return _pyramid(ctx.ds.key, table, ctx.as_of, metric, cuts, unknown_profit, clv)


# ---------------------------------------------------------------- formatting helpers

def _pct(x: float, decimals: int = 1) -> str:
    return "—" if x is None or pd.isna(x) else f"{x:.{decimals}%}"


def _currency(ctx: Ctx) -> str:
    return ctx.ds.report.currency or ctx.t("sb_currency_unknown")


def _money_format(ctx: Ctx, decimals: int) -> str:
    """printf format of a money column (st.column_config): sign, thousands separators."""
    sign = CURRENCY_SIGN.get(ctx.ds.report.currency or "", "")
    return f"{sign}%,.{decimals}f"


def _metric_name(ctx: Ctx, pyr: Pyramid) -> str:
    name = ctx.t(f"pyr_metric_{pyr.metric}")
    return name if ctx.lang == "zh" else name[:1].lower() + name[1:]  # "predicted CLV" keeps its capitals


# ---------------------------------------------------------------- what is shown

def metric_in_use(ctx: Ctx, pyr: Pyramid) -> None:
    """Say which value metric ranks the customers (and why profit is missing when it is)."""
    st.info(ctx.t("pyr_metric_in_use", metric=ctx.t(f"pyr_metric_def_{pyr.metric}", **clv_words(ctx)), currency=_currency(ctx),
                  as_of=pyr.as_of.isoformat(), customers=len(pyr.customers)), icon=":material/info:")
    if not ctx.ds.report.has_profit:
        st.caption(ctx.t("pyr_only_revenue"))


def pyramid_chart(ctx: Ctx, pyr: Pyramid) -> None:
    """Curry's pyramid, VIP on top, each band labelled with its customers and share of value."""
    metric = _metric_name(ctx, pyr)
    st.markdown(f"**{ctx.t('pyr_chart_pyramid', metric=metric)}**")
    t = pyr.tiers.set_index("tier")
    labels = {k: ctx.t("pyr_band", tier=ctx.t(f"pyr_tier_{k}"), customers=int(t.loc[k, "customers"]),
                       cshare=_pct(t.loc[k, "customer_share"]), vshare=_pct(t.loc[k, "value_share"]), metric=metric)
              for k in ALL_TIERS}
    st.plotly_chart(_pyramid_figure(ctx, labels, show_lead=bool(t.loc[LEAD, "customers"] > 0)), config=PLOTLY_CONFIG,
                    key="pyr_chart_pyramid")
    st.caption(ctx.t("pyr_chart_note"))


@figure_cache()
def _pyramid_figure(ctx: Ctx, labels: dict[str, str], *, show_lead: bool) -> go.Figure:
    """The pyramid's bands (VIP on top, the leads under the base when there are any), each labelled ``labels[tier]``.

    Built in one ``go.Figure`` call (traces and annotations as plain dicts): plotly validates the figure once,
    where ``add_trace`` / ``add_annotation`` in the loop validated it again at every step (30 ms → a few ms; the
    figure is the same)."""
    n = len(TIERS)

    def half_width(y: float) -> float:  # the triangle: apex at y = n, base (half-width 1) at y = 0
        return (n - y) / n

    bands = {k: (n - 1 - i, n - i) for i, k in enumerate(TIERS)}
    if show_lead:
        bands[LEAD] = (-1.0, -0.2)
    traces, notes = [], []
    for k, (y0, y1) in bands.items():
        y_mid = (y0 + y1) / 2
        if k == LEAD:
            xs, ys = [-1, 1, 0.8, -0.8, -1], [y1, y1, y0, y0, y1]  # under the base, narrowing downwards
            x_edge = 0.9
        else:
            w0, w1 = half_width(y0), half_width(y1)
            xs, ys = [-w0, w0, w1, -w1, -w0], [y0, y0, y1, y1, y0]
            x_edge = half_width(y_mid)
        traces.append({"type": "scatter", "x": xs, "y": ys, "fill": "toself", "mode": "lines",
                       "fillcolor": TIER_COLORS[k], "line": {"color": "white", "width": 2}, "hoveron": "fills",
                       "hoverinfo": "text", "text": labels[k].replace("<b>", "").replace("</b>", ""),  # hover: the label
                       "showlegend": False})
        traces.append({"type": "scatter", "x": [x_edge + 0.03, LABEL_X - 0.03], "y": [y_mid, y_mid], "mode": "lines",
                       "line": {"color": "#BBB", "width": 1, "dash": "dot"}, "hoverinfo": "skip", "showlegend": False})
        notes.append({"x": LABEL_X, "y": y_mid, "text": labels[k], "showarrow": False, "xanchor": "left",
                      "align": "left", "font": {"size": 13, "color": "#31333F"}})
    return go.Figure(data=traces, layout={
        "annotations": notes, "height": 430, "margin": {"l": 0, "r": 0, "t": 10, "b": 0},
        "plot_bgcolor": "rgba(0,0,0,0)", "hoverlabel": {"align": "left"},
        "xaxis": {"visible": False, "range": [-1.03, 2.9], "fixedrange": True},
        "yaxis": {"visible": False, "range": [-1.05 if show_lead else -0.05, n + 0.05], "fixedrange": True}})


def pareto_chart(ctx: Ctx, pyr: Pyramid) -> None:
    """The Lorenz curve with the 45° line, the top 1 % / 20 % callouts and the Gini coefficient."""
    metric = _metric_name(ctx, pyr)
    st.markdown(f"**{ctx.t('pyr_pareto_title', metric=metric)}**")
    p = pyr.lorenz
    marks = {x: p.top_share(x) for x in PARETO_MARKS}
    grid = np.union1d(np.linspace(0, 1, 401), list(marks))  # the curve is piecewise linear: exact at the grid
    curve = np.interp(grid, p.customer_share, p.value_share)
    st.plotly_chart(_lorenz_figure(ctx, grid, curve, marks, metric), config=PLOTLY_CONFIG, key="pyr_chart_pareto")
    left, right = st.columns([2, 1])
    left.markdown("  \n".join(ctx.t("pyr_callout_md", x=_pct(x, 0), y=_pct(y), metric=metric)
                              for x, y in sorted(marks.items(), reverse=True)))
    right.metric(ctx.t("pyr_gini"), "—" if np.isnan(p.gini) else f"{p.gini:.3f}", help=ctx.t("pyr_gini_help"))
    st.caption(ctx.t("pyr_pareto_note", metric=metric))


@figure_cache()
def _lorenz_figure(ctx: Ctx, grid: np.ndarray, curve: np.ndarray, marks: dict[float, float], metric: str) -> go.Figure:
    """The Lorenz curve ``curve`` (value share) at the customer shares ``grid``, the 45° line and the ``marks``."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name=ctx.t("pyr_equal_line"),
                             line={"color": "#999", "dash": "dash"}, hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=grid, y=curve, mode="lines",
                             name=ctx.t("pyr_curve"), line={"color": "#2F6EA6", "width": 3},
                             hovertemplate="%{x:.1%} → %{y:.1%}<extra></extra>"))
    for x, y in marks.items():
        fig.add_trace(go.Scatter(x=[x], y=[y], mode="markers", marker={"color": "#B8860B", "size": 10},
                                 showlegend=False, hoverinfo="skip"))
        fig.add_annotation(x=x, y=y, text=ctx.t("pyr_callout_chart", x=_pct(x, 0), y=_pct(y), metric=metric), showarrow=True,
                           arrowhead=0, ax=50, ay=22 if x < 0.1 else 45, xanchor="left", font={"size": 13},
                           bgcolor="rgba(255,255,255,0.85)")
    fig.update_xaxes(title_text=ctx.t("pyr_axis_customers"), tickformat=".0%", range=[0, 1.01], dtick=0.1)
    fig.update_yaxes(title_text=ctx.t("pyr_axis_value", metric=metric), tickformat=".0%", range=[0, 1.02],
                     dtick=0.2)
    fig.update_layout(height=430, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      legend={"orientation": "h", "x": 0, "y": 1.01, "xanchor": "left", "yanchor": "bottom"})
    return fig


def tiers_table(ctx: Ctx, pyr: Pyramid) -> None:
    """One row per tier: customers, revenue, profit, their shares, orders, order value, days since last order."""
    st.subheader(ctx.t("pyr_table_title"))
    t = pyr.tiers
    if t.loc[t["tier"] == LEAD, "customers"].item() == 0:
        t = t[t["tier"] != LEAD]
    has_profit = ctx.ds.report.has_profit
    df = pd.DataFrame({
        "tier": [ctx.t(f"pyr_tier_{k}") for k in t["tier"]],
        "customers": t["customers"],
        "customer_share": t["customer_share"] * 100,
        "net_revenue": t["net_revenue"],
        "revenue_share": t["revenue_share"] * 100,
        **({"profit": t["profit"], "profit_share": t["profit_share"] * 100} if has_profit else {}),
        "orders_per_customer": t["orders_per_customer"],
        "avg_order_value": t["avg_order_value"],
        "avg_days_since_last_order": t["avg_days_since_last_order"],
    })
    cur, metric, currency = _currency(ctx), _metric_name(ctx, pyr), ctx.ds.report.currency
    labels = {
        "tier": ctx.t("pyr_col_tier"), "customers": ctx.t("pyr_col_customers"),
        "customer_share": ctx.t("pyr_col_customer_share"),
        "net_revenue": ctx.t("pyr_col_net_revenue", currency=cur), "revenue_share": ctx.t("pyr_col_revenue_share"),
        "profit": ctx.t("pyr_col_profit", currency=cur), "profit_share": ctx.t("pyr_col_profit_share"),
        "orders_per_customer": ctx.t("pyr_col_orders_per_customer"),
        "avg_order_value": ctx.t("pyr_col_avg_order_value", currency=cur),
        "avg_days_since_last_order": ctx.t("pyr_col_avg_days"),
    }
    formats = {
        "customers": "{:,.0f}", "customer_share": "{:.1f}%", "revenue_share": "{:.1f}%", "profit_share": "{:.1f}%",
        "net_revenue": MONEY0, "profit": MONEY0, "orders_per_customer": "{:.1f}", "avg_order_value": MONEY2,
        "avg_days_since_last_order": "{:,.0f}",
    }
    # a static table: its headers wrap, so every column stays readable
    static_table(df.rename(columns=labels), uuid="pyr_tiers", currency=currency,
                 formats={labels[c]: f for c, f in formats.items() if c in df.columns},
                 right=[labels[c] for c in df.columns if c != "tier"])
    st.caption(ctx.t("pyr_table_note"))
    if len(t) == len(TIERS):
        st.caption(ctx.t("pyr_lead_none", metric=metric))


def tier_actions(ctx: Ctx, pyr: Pyramid) -> None:
    """The course's management question per tier, as a short action, with the tier's size."""
    st.subheader(ctx.t("pyr_actions_title"))
    st.caption(ctx.t("pyr_actions_note"))
    shown = [k for k in ALL_TIERS if k != LEAD or pyr.count(LEAD) > 0]
    t = pyr.tiers.set_index("tier")
    metric = _metric_name(ctx, pyr)
    for col, k in zip(st.columns(len(shown)), shown, strict=True):
        with col.container(border=True):
            st.markdown(f"**{ctx.t(f'pyr_tier_{k}')}**")
            st.caption(ctx.t("pyr_card_count", customers=int(t.loc[k, "customers"]),
                             vshare=_pct(t.loc[k, "value_share"]), metric=metric))
            if k != LEAD and t.loc[k, "customers"] > 0:  # the tier's lowest value: what it takes to get in
                st.caption(ctx.t("pyr_card_entry", value=money(t.loc[k, "min_value"], ctx.ds.report.currency),
                                 metric=metric))
            st.markdown(ctx.t(f"pyr_act_{k}"))


def breakdown_options(ctx: Ctx) -> list[str]:
    """``none`` plus the breakdown dimensions the column mapping has (channel, product)."""
    mapping = ctx.ds.report.mapping
    return ["none", *[d for d in DIMENSIONS if mapping.get(d)]]


def breakdown_chart(ctx: Ctx, pyr: Pyramid, dimension: str) -> None:
    """Each tier's net revenue split by channel or product category (100 % stacked bars)."""
    if dimension == "none":
        return
    groups = pyr.customers[["customer_id", "tier"]].rename(columns={"tier": "grp"})
    bd = _breakdown(ctx.ds.key, ctx.ds.store, groups, pyr.as_of, pyr.metric, pyr.cuts, dimension, pyr.cache_key)
    bd = bd[bd["revenue_share"].notna()]
    dim = ctx.t(f"pyr_dim_{dimension}")
    st.markdown(f"**{ctx.t('pyr_bd_title', dim=dim)}**")
    tiers = [k for k in ALL_TIERS if k in set(bd["grp"])]
    y_labels = {k: ctx.t(f"pyr_tier_{k}") for k in tiers}
    sign = CURRENCY_SIGN.get(ctx.ds.report.currency or "", "")
    fig = go.Figure()
    categories = bd["category"].fillna(ctx.t("pyr_bd_unknown"))
    for cat in sorted(categories.unique(), key=str):
        part = bd[categories == cat].set_index("grp").reindex(tiers)
        fig.add_trace(go.Bar(
            y=[y_labels[k] for k in tiers], x=part["revenue_share"], name=str(cat), orientation="h",
            customdata=np.column_stack([part["net_revenue"], part["customers"]]),
            hovertemplate=(f"{cat}<br>%{{x:.1%}}<br>{ctx.t('pyr_bd_hover')}: {sign}%{{customdata[0]:,.0f}}"
                           f"<br>{ctx.t('pyr_col_customers')}: %{{customdata[1]:,}}<extra></extra>")))
    fig.update_layout(barmode="stack", height=80 + 48 * len(tiers), margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "normal"})
    fig.update_xaxes(title_text=ctx.t("pyr_bd_axis"), tickformat=".0%", range=[0, 1.02], dtick=0.2)
    fig.update_yaxes(autorange="reversed")
    st.plotly_chart(localise(fig, ctx.lang), config=PLOTLY_CONFIG, key="pyr_chart_breakdown")
    st.caption(ctx.t("pyr_bd_note", dim=dim))


def tier_label(ctx: Ctx, pyr: Pyramid):
    """``format_func`` of the download's tier choice: "VIP — 50 customers"."""
    return lambda k: ctx.t("pyr_dl_option", tier=ctx.t(f"pyr_tier_{k}"), customers=pyr.count(k))


@shared_result(max_entries=64, ttl=3600, show_spinner=False)
def _tier_list(ds_key: str, lang: str, as_of: dt.date, metric: str, cuts: tuple, fixed_by: tuple, tier: str,
               _ctx: Ctx, _pyr: Pyramid) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The list of ``tier``, its presented form (``present``: headers and tier names in ``lang``) and its contact
    columns; ``_pyr`` is the pyramid fixed by (ds_key, as_of, metric, cuts, fixed_by), ``_ctx`` the caller's."""
    contacts = session_contacts(_ctx, as_of)
    rows = _pyr.customers[_pyr.customers["tier"] == tier].sort_values(["value", "customer_id"],
                                                                        ascending=[False, True])
    rows = rows.drop(columns=["value"] if _ctx.ds.report.has_profit else ["value", "profit"])  # no cost: no profit
    rows = with_contacts(rows, contacts)
    rows["tier_action"] = _ctx.t(f"pyr_act_{tier}")
    contact_cols = [c for c in rows.columns if c not in _pyr.customers.columns and c != "tier_action"]
    front = ["customer_id", "tier", *contact_cols, "tier_action"]
    rows = rows[front + [c for c in rows.columns if c not in front]]
    return rows, present(_ctx, rows, labels={"tier": lambda k: _ctx.t(f"pyr_tier_{k}")}), contact_cols


def tier_download(ctx: Ctx, pyr: Pyramid, tier: str) -> None:
    """The customers of ``tier``, most valuable first, with their contact columns and the tier's action:
    shown and downloadable, headers and tier names in the interface language (built once per pyramid, tier and
    language: every session on the same data reads the same list)."""
    rows, shown, contact_cols = _tier_list(ctx.ds.key, ctx.lang, pyr.as_of, pyr.metric, pyr.cuts, pyr.cache_key,
                                           tier, ctx, pyr)
    st.caption(ctx.t("pyr_dl_caption", customers=len(rows), tier=ctx.t(f"pyr_tier_{tier}"),
                     cols=", ".join(contact_cols) or ctx.t("pyr_dl_no_contacts")))
    show_list(ctx, rows, basename=f"pyramid_{tier}_{pyr.metric}_{pyr.as_of.isoformat()}",
              sheet=ctx.t("list_sheet_pyramid", tier=ctx.t(f"pyr_tier_{tier}")), key="pyr_dl", rows=None,
              height=250, shown=shown)


def how_it_works(ctx: Ctx) -> None:
    with st.expander(ctx.t("pyr_how_title"), icon=":material/help:"):
        st.markdown(ctx.t("pyr_how_body"))
