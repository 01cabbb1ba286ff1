"""The loyalty page's score and value × loyalty sections (issue #12, section 2): the score's formula and weights,
the matrix (scatter, or a density for many customers) with adjustable split lines, the table of the four
relationship types with their action and programme level, and each type's customers to download.

Computations are ``crm_core.loyalty`` calls cached per dataset load (``ctx.ds.key``), as-of date and setting.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from crm_core.contacts import with_contacts
from crm_core.loyalty.behaviour import customer_behaviour
from crm_core.loyalty.ladder import LadderThresholds
from crm_core.loyalty.profile import loyalty_profile
from crm_core.loyalty.quadrants import DEFAULT_SPLIT_PERCENTILE, QUADRANT_ACTIONS, QUADRANTS, quadrant_table
from crm_core.loyalty.score import SCORE_COMPONENTS
from crm_core.store import Store
from crm_core.value import available_metrics, customer_value, unknown_profit_count

from .cache import shared_result
from .charts import localise
from .customer_lists import show_list
from .format import money
from .i18n import LABELS
from .session import Ctx, summary
from .session import contacts as session_contacts

PLOTLY_CONFIG = {"displaylogo": False}
WEIGHT_INPUT = {"min_value": 0.0, "max_value": 5.0, "step": 0.5}  # per component; default from SCORE_COMPONENTS
SPLIT_SLIDER = {"min_value": 5, "max_value": 95, "step": 5, "value": int(DEFAULT_SPLIT_PERCENTILE)}
LOG_MAX_NONPOSITIVE = 0.05  # share of customers at or below 0 that still allows a log value axis
SCATTER_MAX = 20_000  # customers: above, a density heatmap (one dot each would be unreadable and slow)
QUADRANT_COLORS = {"strangers": "#BAB0AC", "butterflies": "#F58518", "barnacles": "#72B7B2",
                   "true_friends": "#4C78A8"}
# where each quadrant's name stands in the chart (paper coordinates: 0 … 1 left → right, bottom → top)
QUADRANT_CORNERS = {"strangers": (0.01, 0.01, "left", "bottom"), "butterflies": (0.01, 0.99, "left", "top"),
                    "barnacles": (0.99, 0.01, "right", "bottom"), "true_friends": (0.99, 0.99, "right", "top")}
LIST_COLUMNS = ["customer_id", "loyalty_quadrant", "value", "loyalty_score", "ladder_rung", "orders",
                "first_order_day", "last_order_day", "relationship_days", "orders_per_year", "regularity",
                "days_since_last_order"]


@dataclasses.dataclass(frozen=True)
class MatrixSettings:
    metric: str  # a crm_core.value metric id
    value_percentile: float
    loyalty_percentile: float


def quadrant_name(ctx: Ctx, q: str) -> str:
    return ctx.t(f"lom_q_{q}")


def quadrant_of(prof: pd.DataFrame) -> pd.Series:
    """The quadrant of each customer of :func:`profile`, indexed by customer_id (NaN: value unknown)."""
    return prof["loyalty_quadrant"].set_axis(prof["customer_id"].to_numpy())


# ---------------------------------------------------------------- controls

def score_controls(ctx: Ctx) -> dict[str, float]:
    """The section's heading, the formula, the Dick & Basu note and the weights (an expander); returns them."""
    st.subheader(ctx.t("lom_sec_score"))
    st.caption(ctx.t("lom_score_intro", as_of=ctx.as_of))
    st.markdown(f"`{ctx.t('lom_score_formula')}`")
    st.info(ctx.t("lom_dick_basu"), icon=":material/psychology:")
    weights = {}
    with st.expander(ctx.t("lom_weights"), icon=":material/tune:"):
        st.caption(ctx.t("lom_weights_note"))
        cols = st.columns(len(SCORE_COMPONENTS))
        for col, (k, comp) in zip(cols, SCORE_COMPONENTS.items(), strict=True):
            weights[k] = float(col.number_input(ctx.t(f"lom_comp_{k}"), value=comp.default_weight, **WEIGHT_INPUT,
                                                help=ctx.t(f"lom_comp_{k}_help"), key=f"lom_w_{k}"))
    return weights


def score_weights(ctx: Ctx) -> dict[str, float]:
    """The weights as :func:`score_controls` last returned them (their widgets' state, kept while the tab is
    closed by ``ui.settings.carry_over``), else the defaults — without drawing anything."""
    return {k: float(st.session_state.get(f"lom_w_{k}", comp.default_weight)) for k, comp in SCORE_COMPONENTS.items()}


def matrix_settings(ctx: Ctx) -> MatrixSettings:
    """:func:`matrix_controls`' settings without drawing them (their widgets' state, else the defaults)."""
    metrics = available_metrics(summary(ctx), has_profit=ctx.ds.report.has_profit)
    metric = st.session_state.get(f"lom_metric_{ctx.ds.key}", metrics[0])
    return MatrixSettings(metric if metric in metrics else metrics[0],
                          float(st.session_state.get("lom_value_pct", SPLIT_SLIDER["value"])),
                          float(st.session_state.get("lom_loyalty_pct", SPLIT_SLIDER["value"])))


def matrix_controls(ctx: Ctx) -> MatrixSettings:
    """The section's heading, the value metric and the two split lines (percentiles; default the medians)."""
    st.subheader(ctx.t("lom_sec_matrix"))
    st.caption(ctx.t("lom_matrix_intro"))
    metrics = available_metrics(summary(ctx), has_profit=ctx.ds.report.has_profit)
    c = st.columns([1.2, 1, 1], gap="medium")
    metric = c[0].radio(ctx.t("lom_metric"), metrics, format_func=lambda m: ctx.t(f"pyr_metric_{m}"),
                        horizontal=True, key=f"lom_metric_{ctx.ds.key}", help=ctx.t("pyr_metric_help"))
    value_pct = c[1].slider(ctx.t("lom_value_pct"), **SPLIT_SLIDER, help=ctx.t("lom_split_help"), key="lom_value_pct")
    loyalty_pct = c[2].slider(ctx.t("lom_loyalty_pct"), **SPLIT_SLIDER, help=ctx.t("lom_split_help"),
                              key="lom_loyalty_pct")
    return MatrixSettings(metric, float(value_pct), float(loyalty_pct))


# ---------------------------------------------------------------- cached computations

@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _behaviour(ds_key: str, _store: Store, as_of: dt.date) -> pd.DataFrame:
    return customer_behaviour(_store, as_of)


def behaviour(ctx: Ctx, as_of: dt.date | None = None) -> pd.DataFrame:
    """:func:`crm_core.loyalty.behaviour.customer_behaviour` of the session's data (cached per dataset and date)."""
    return _behaviour(ctx.ds.key, ctx.ds.store, as_of or ctx.as_of)


@shared_result(max_entries=64, ttl=3600, show_spinner=False)
def _profile(ds_key: str, _behaviour: pd.DataFrame, _value: pd.Series, _referrals, as_of: dt.date, metric: str,
             weights: tuple, value_pct: float, loyalty_pct: float, thresholds: LadderThresholds,
             has_referrals: bool) -> pd.DataFrame:
    # the unhashed inputs are fixed by ds_key, as_of and metric (and has_referrals)
    return loyalty_profile(_behaviour, _value, weights=dict(weights), value_percentile=value_pct,
                           loyalty_percentile=loyalty_pct, thresholds=thresholds, referrals=_referrals)


def profile(ctx: Ctx, weights: dict[str, float], s: MatrixSettings, thresholds: LadderThresholds,
            referrals: pd.DataFrame | None) -> pd.DataFrame:
    """Per customer: behaviour, value, loyalty score, quadrant and ladder rung (cached)."""
    table = summary(ctx)
    value = customer_value(table, s.metric).set_axis(table["customer_id"])
    return _profile(ctx.ds.key, behaviour(ctx), value, referrals, ctx.as_of, s.metric, tuple(sorted(weights.items())),
                    s.value_percentile, s.loyalty_percentile, thresholds, referrals is not None)


# ---------------------------------------------------------------- score

def score_histogram(ctx: Ctx, prof: pd.DataFrame) -> None:
    """How the customers' scores spread (0 … 1, 20 bins)."""
    fig = go.Figure(go.Histogram(x=prof["loyalty_score"], xbins={"start": 0, "end": 1.0001, "size": 0.05},
                                 marker_color="#4C78A8",
                                 hovertemplate=f"%{{x}}<br>{ctx.t('lom_axis_customers')}: %{{y:,}}<extra></extra>"))
    fig.update_layout(height=260, margin={"l": 10, "r": 10, "t": 30, "b": 10}, bargap=0.05,
                      title={"text": ctx.t("lom_score_hist"), "font": {"size": 14}})
    fig.update_xaxes(title_text=ctx.t("lom_axis_score"), range=[0, 1])
    fig.update_yaxes(title_text=ctx.t("lom_axis_customers"), tickformat=",d")
    st.plotly_chart(localise(fig, ctx.lang), key="lom_score_chart", config=PLOTLY_CONFIG)


# ---------------------------------------------------------------- matrix

def _metric_name(ctx: Ctx, metric: str) -> str:
    return ctx.t(f"pyr_metric_{metric}")


def _currency(ctx: Ctx) -> str:
    return ctx.ds.report.currency or ctx.t("sb_currency_unknown")


def matrix_chart(ctx: Ctx, prof: pd.DataFrame, s: MatrixSettings) -> None:
    """Value (up) × loyalty score (right): one dot per customer up to SCATTER_MAX, else a density; the split
    lines and the four names in the corners. The value axis is logarithmic when the split is above 0 and at most
    LOG_MAX_NONPOSITIVE of the customers are at or below 0 (those are named in a caption, not drawn)."""
    known = prof[prof["loyalty_quadrant"].notna()]
    n_unknown = len(prof) - len(known)
    if n_unknown and s.metric == "profit" and unknown_profit_count(summary(ctx)):
        st.caption(ctx.t("lom_unknown_value", n=n_unknown))
    v_split, l_split = prof.attrs["value_split"], prof.attrs["loyalty_split"]
    metric = _metric_name(ctx, s.metric)
    st.caption(ctx.t("lom_splits_in_use", value=money(v_split, ctx.ds.report.currency), metric=metric,
                     score=f"{l_split:.3f}"))
    # value is heavy-tailed (a few customers worth 100 × the median): on a linear axis the lower half of the
    # customers is one flat line. A log axis whenever the split is above 0 and at most LOG_MAX_NONPOSITIVE of the
    # customers are at or below 0 (they cannot stand on it: named in a caption, still counted in the table)
    positive = known[known["value"] > 0]
    n_off = len(known) - len(positive)
    log_y = bool(len(positive)) and v_split > 0 and n_off <= LOG_MAX_NONPOSITIVE * len(known)
    drawn = positive if log_y else known
    if log_y and n_off:
        st.caption(ctx.t("lom_not_on_log", n=n_off, metric=metric))
    fig = go.Figure()
    if len(known) <= SCATTER_MAX:
        for q in QUADRANTS:
            part = drawn[drawn["loyalty_quadrant"] == q]
            fig.add_trace(go.Scattergl(
                x=part["loyalty_score"], y=part["value"], mode="markers", name=ctx.t(f"lom_qs_{q}"),
                marker={"color": QUADRANT_COLORS[q], "size": 5, "opacity": 0.6}, text=part["customer_id"],
                hovertemplate=(f"%{{text}}<br>{ctx.t('lom_axis_score')}: %{{x:.3f}}<br>{metric}: %{{y:,.2f}}"
                               "<extra></extra>")))
        y_split = v_split
    else:
        st.caption(ctx.t("lom_density_note", n=len(known)))
        # a log axis under a 2-d histogram would give unequal cells: bin log10(value) and label the ticks
        y = np.log10(drawn["value"]) if log_y else drawn["value"]
        fig.add_trace(go.Histogram2d(x=drawn["loyalty_score"], y=y, nbinsx=40, nbinsy=40, colorscale="Blues",
                                     colorbar={"title": {"text": ctx.t("lom_axis_customers")}},
                                     hovertemplate=(f"{ctx.t('lom_axis_score')}: %{{x}}<br>"
                                                    f"{ctx.t('lom_axis_customers')}: %{{z:,}}<extra></extra>")))
        y_split = math.log10(v_split) if log_y else v_split
    fig.add_vline(x=l_split, line={"color": "#444", "dash": "dash", "width": 1})
    fig.add_hline(y=y_split, line={"color": "#444", "dash": "dash", "width": 1})
    for q, (x, y0, xa, ya) in QUADRANT_CORNERS.items():
        fig.add_annotation(x=x, y=y0, xref="paper", yref="paper", text=f"<b>{ctx.t(f'lom_qs_{q}')}</b>",
                           showarrow=False, xanchor=xa, yanchor=ya, font={"size": 13, "color": QUADRANT_COLORS[q]},
                           bgcolor="rgba(255,255,255,0.8)")
    axis = "lom_axis_value_log" if log_y else "lom_axis_value"
    fig.update_layout(height=480, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      legend={"orientation": "h", "y": 1.06, "x": 0})
    fig.update_xaxes(title_text=ctx.t("lom_axis_score"), range=[-0.02, 1.02])
    fig.update_yaxes(title_text=ctx.t(axis, metric=metric, currency=_currency(ctx)))
    if log_y:  # ticks at the powers of ten, written out (0.1, 1, 10, 100, 1,000 …)
        density = len(known) > SCATTER_MAX  # a linear axis of log10 values
        powers = list(range(math.floor(math.log10(drawn["value"].min())),
                            math.ceil(math.log10(drawn["value"].max())) + 1))
        fig.update_yaxes(type="linear" if density else "log", tickmode="array",
                         tickvals=powers if density else [10.0 ** k for k in powers],
                         ticktext=[f"{10.0 ** k:,.{max(0, -k)}f}" for k in powers])
    else:
        fig.update_yaxes(type="linear", tickformat=",.0f")
    st.plotly_chart(localise(fig, ctx.lang), key="lom_matrix_chart", config=PLOTLY_CONFIG)
    st.caption(ctx.t("lom_matrix_note"))


def quadrants_table(ctx: Ctx, prof: pd.DataFrame, s: MatrixSettings) -> pd.DataFrame:
    """The four types: customers, shares, value, action (R&K), programme level (the course); returns crm_core's
    quadrant table."""
    st.markdown(f"**{ctx.t('lom_table_title')}**")
    table = quadrant_table(prof["value"], prof["loyalty_quadrant"])
    metric, currency = _metric_name(ctx, s.metric), ctx.ds.report.currency
    shown = pd.DataFrame({
        ctx.t("lom_col_quadrant"): [quadrant_name(ctx, q) for q in table["quadrant"]],
        ctx.t("lom_col_customers"): [f"{n:,}" for n in table["customers"]],
        ctx.t("lom_col_customer_share"): [_pct(x) for x in table["customer_share"]],
        ctx.t("lom_col_value", metric=metric, currency=_currency(ctx)): [money(v, currency, decimals=0)
                                                                          for v in table["value"]],
        ctx.t("lom_col_value_share", metric=metric): [_pct(x) for x in table["value_share"]],
        ctx.t("lom_col_action"): [ctx.t(f"lom_act_{a}") for a in table["action"]],
        ctx.t("lom_col_programme"): [ctx.t(f"lom_level_{lvl}") for lvl in table["programme_level"]],
    })
    st.table(shown, hide_index=True)
    st.caption(ctx.t("lom_table_note", metric=metric))
    return table


def _pct(x: float) -> str:
    return "—" if pd.isna(x) else f"{x:.1%}"


def quadrant_pick(ctx: Ctx, table: pd.DataFrame) -> str:
    """Which type's customers to list (a radio with the counts)."""
    st.markdown(f"**{ctx.t('lom_dl_title')}**")
    counts = dict(zip(table["quadrant"], table["customers"], strict=True))
    return st.radio(ctx.t("lom_dl_pick"), list(QUADRANTS), horizontal=True, key="lom_dl_quadrant",
                    format_func=lambda q: ctx.t("lom_dl_option", quadrant=ctx.t(f"lom_qs_{q}"), customers=counts[q]))


def quadrant_list(ctx: Ctx, prof: pd.DataFrame, s: MatrixSettings, quadrant: str) -> None:
    """The customers of ``quadrant``, most valuable first, with their measures, rung, action and contacts."""
    rows = prof.loc[prof["loyalty_quadrant"] == quadrant, LIST_COLUMNS].copy()
    rows["loyalty_quadrant"] = rows["loyalty_quadrant"].astype(str)
    rows["ladder_rung"] = rows["ladder_rung"].astype(str)
    rows = rows.sort_values(["value", "customer_id"], ascending=[False, True])
    rows = with_contacts(rows, session_contacts(ctx))
    rows["quadrant_action"] = ctx.t(f"lom_act_{QUADRANT_ACTIONS[quadrant]}")
    contact_cols = [c for c in rows.columns if c not in LIST_COLUMNS and c != "quadrant_action"]
    st.caption(ctx.t("lom_dl_caption", customers=len(rows), cols=", ".join(contact_cols) or ctx.t("lom_dl_no_contacts")))
    if f"list_col_{s.metric}" in LABELS and s.metric not in rows.columns:  # headed "Profit [CNY]", not "Value"
        rows = rows.rename(columns={"value": s.metric})
    show_list(ctx, rows, basename=f"loyalty_{quadrant}_{s.metric}_{ctx.as_of.isoformat()}",
              sheet=ctx.t("lom_sheet", quadrant=ctx.t(f"lom_qs_{quadrant}")), key="lom_dl", rows=None, height=250,
              labels={"loyalty_quadrant": lambda q: ctx.t(f"lom_qs_{q}"),
                      "ladder_rung": lambda r: ctx.t(f"lom_rung_{r}")})
