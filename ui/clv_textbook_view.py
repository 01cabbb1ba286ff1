"""The CLV page's textbook calculator: 例3.1 (revenue or profit basis, share of wallet), retention-based CLV,
the sensitivities (tornado of 例3.1, retention × discount-rate heat map) and the simple CLV.

Formulas are ``crm_core.clv.formulas`` calls; nothing here uses customer data, so the calculator is a
fragment (:func:`calculator`): its widgets rerun it alone, never the fit of the predicted tab.
"""

from __future__ import annotations

from contextlib import contextmanager

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from crm_core.clv.formulas import (
    discounted_clv,
    discounted_clv_table,
    retention_clv,
    retention_discount_grid,
    simple_clv,
    tornado,
)
from crm_core.errors import InvalidInputError

from .cache import figure_cache, shared_result
from .format import money
from .session import Ctx
from .tables import static_table

TEXTBOOK_CURRENCY = "CNY"  # 例3.1 is in yuan
EXAMPLE_31 = {"clv_n": 5, "clv_co": 400.0, "clv_po": 2000.0, "clv_in": 500.0, "clv_r": 9.0, "clv_cs": 10.0,
              "clv_reading": "A", "clv_basis": "revenue", "clv_margin": 30.0, "clv_sow": 100.0}
DAIRY = {"clv_simple_spend": 100.0, "clv_simple_freq": 52.0, "clv_simple_life": 10.0}
RETENTION = {"clv_ret_m": 100.0, "clv_ret_r": 80.0, "clv_ret_d": 10.0, "clv_ret_n": 5}
WIDGET_KEYS = (*EXAMPLE_31, *DAIRY, *RETENTION)  # the calculator's value widgets (pages/clv.py keeps them)
# The heat map's axes: retention 50 … 95 % and discount rate 2 … 20 % per period (both contain the
# TEXTBOOK.md example r = 0.8, d = 0.1); rounded so that the labels are exact.
GRID_RETENTIONS = tuple(round(0.50 + 0.05 * i, 2) for i in range(10))
GRID_DISCOUNT_RATES = tuple(round(0.02 * (j + 1), 2) for j in range(10))
PLOT_CONFIG = {"displaylogo": False}


def _load(values: dict) -> None:
    st.session_state.update(values)


def _defaults(values: dict) -> None:
    for k, v in values.items():
        st.session_state.setdefault(k, v)


def _cny(value: float) -> str:
    return money(value, TEXTBOOK_CURRENCY, decimals=2)


@contextmanager
def _shown(ctx: Ctx):
    """Show a bad-input message where it happened and go on with the rest of the calculator (no st.stop)."""
    try:
        yield
    except InvalidInputError as err:
        st.error(ctx.t("data_error", msg=err.user_message(ctx.lang)))


@st.fragment
def calculator(ctx: Ctx) -> None:
    """The whole textbook tab; a fragment, so its widgets rerun only this function."""
    inputs = discounted_inputs(ctx)
    with _shown(ctx):
        discounted(ctx, inputs)
    st.divider()
    ret = retention(ctx)
    st.divider()
    st.subheader(ctx.t("clv_sens_title"))
    left, right = st.columns(2, gap="large")
    with left, _shown(ctx):
        tornado_chart(ctx, inputs)
    with right, _shown(ctx):
        retention_heatmap(ctx, ret["margin"], ret["retention"], ret["discount_rate"])
    st.divider()
    simple(ctx)


# ---------------------------------------------------------------- 例3.1
def discounted_inputs(ctx: Ctx) -> dict:
    """Inputs of 例3.1 (defaults = the example), reading, basis, share of wallet -> discounted_clv_table's keywords."""
    st.subheader(ctx.t("clv_disc_title"))
    _defaults(EXAMPLE_31)
    st.button(ctx.t("clv_load_example"), key="clv_load_31", on_click=_load, args=(EXAMPLE_31,))
    c = st.columns(6)
    n = c[0].number_input(ctx.t("clv_n"), min_value=1, max_value=100, step=1, key="clv_n")
    co = c[1].number_input(ctx.t("clv_co"), min_value=0.0, step=50.0, key="clv_co")
    po = c[2].number_input(ctx.t("clv_po"), min_value=0.0, step=100.0, key="clv_po")
    inc = c[3].number_input(ctx.t("clv_in"), step=50.0, key="clv_in")
    r = c[4].number_input(ctx.t("clv_r"), min_value=-99.0, max_value=1000.0, step=0.5, key="clv_r")
    cs = c[5].number_input(ctx.t("clv_cs"), min_value=0.0, step=5.0, key="clv_cs")
    reading = st.radio(ctx.t("clv_reading"), ["A", "B", "C"], key="clv_reading",
                       format_func=lambda x: ctx.t(f"clv_reading_{x}"))
    b = st.columns([2, 1, 1])
    basis = b[0].radio(ctx.t("clv_basis"), ["revenue", "profit"], key="clv_basis", horizontal=True,
                       format_func=lambda x: ctx.t(f"clv_basis_{x}"), help=ctx.t("clv_basis_help"))
    margin = b[1].number_input(ctx.t("clv_margin"), min_value=0.0, max_value=100.0, step=5.0, key="clv_margin",
                               disabled=basis != "profit")
    sow = b[2].number_input(ctx.t("clv_sow"), min_value=0.0, max_value=100.0, step=5.0, key="clv_sow",
                            help=ctx.t("clv_sow_help"))
    return {"years": int(n), "acquisition_cost": co, "first_purchase": po, "revenue_increase": inc,
            "interest_rate": r / 100, "service_cost": cs, "reading": reading, "basis": basis,
            "gross_margin": margin / 100 if basis == "profit" else None, "share_of_wallet": sow / 100}


def discounted(ctx: Ctx, inputs: dict) -> None:
    """The CLV metric, the per-year table and the present-value chart (all on the chosen basis)."""
    key = _inputs_key(inputs)
    table = _discounted_table(key)
    clv = float(table["cumulative_present_value"].iloc[-1])
    st.metric(ctx.t(f"clv_disc_metric_{inputs['basis']}", reading=inputs["reading"]), _cny(clv))
    st.caption(ctx.t("clv_disc_caption"))
    if inputs["basis"] == "profit" or inputs["share_of_wallet"] != 1:
        st.caption(ctx.t("clv_disc_basis_caption", sow=100 * inputs["share_of_wallet"],
                         margin=100 * (inputs["gross_margin"] if inputs["basis"] == "profit" else 1.0)))
    shown = table[["year", "revenue", "inflow", "cost", "net", "discount_factor", "present_value",
                   "cumulative_present_value"]]
    shown.columns = [ctx.t(k) for k in ("clv_col_year", "clv_col_revenue", f"clv_col_inflow_{inputs['basis']}",
                                        "clv_col_cost", "clv_col_net", "clv_col_factor", "clv_col_pv", "clv_col_cum")]
    left, right = st.columns([11, 9])
    # a static table: its headers wrap, so the cumulative present value is never cut off (1280 px)
    with left:
        static_table(shown, uuid="clv_disc", right=list(shown.columns[1:]),
                     formats={c: "{:,.2f}" for c in shown.columns[1:]} | {shown.columns[5]: "{:.4f}"})
    right.plotly_chart(_discounted_figure(ctx, key, table),
                       key="clv_disc_chart", config=PLOT_CONFIG)


def _inputs_key(inputs: dict) -> tuple:
    """The calculator's inputs (numbers and words) as a hashable cache key."""
    return tuple(sorted(inputs.items()))


@shared_result(max_entries=256, ttl=3600, show_spinner=False)
def _discounted_table(key: tuple) -> pd.DataFrame:
    """``discounted_clv_table`` of the inputs ``key`` (:func:`_inputs_key`): every session moving the calculator
    to the same inputs reads one table."""
    return discounted_clv_table(**dict(key))


@shared_result(max_entries=256, ttl=3600, show_spinner=False)
def _tornado(key: tuple) -> pd.DataFrame:
    """``tornado(discounted_clv, inputs)`` of the inputs ``key`` (:func:`_inputs_key`), bottom row first (as drawn);
    its ``attrs["base_clv"]`` is the CLV at the inputs as given."""
    return tornado(discounted_clv, dict(key)).iloc[::-1]


@figure_cache()
def _discounted_figure(ctx: Ctx, key: tuple, _table: pd.DataFrame) -> go.Figure:
    """Each year's present value (bars) and the cumulative present value (line) of ``discounted_clv_table`` of the
    inputs ``key``."""
    fig = go.Figure()
    fig.add_bar(x=_table["year"], y=_table["present_value"], name=ctx.t("clv_col_pv"))
    fig.add_scatter(x=_table["year"], y=_table["cumulative_present_value"], mode="lines+markers",
                    name=ctx.t("clv_col_cum"))
    fig.update_layout(height=320, margin=dict(l=10, r=10, t=10, b=10), xaxis_title=ctx.t("clv_col_year"),
                      legend=dict(orientation="h", y=-0.25), xaxis=dict(dtick=1))
    return fig


# ---------------------------------------------------------------- retention and sensitivities
def retention(ctx: Ctx) -> dict:
    """Retention-based CLV, infinite and over n periods; returns m, r, d (fractions) for the heat map."""
    st.subheader(ctx.t("clv_ret_title"))
    _defaults(RETENTION)
    c = st.columns(4)
    m = c[0].number_input(ctx.t("clv_ret_m"), step=10.0, key="clv_ret_m")
    r = c[1].number_input(ctx.t("clv_ret_r"), min_value=0.0, max_value=100.0, step=1.0, key="clv_ret_r")
    d = c[2].number_input(ctx.t("clv_ret_d"), min_value=0.0, max_value=1000.0, step=0.5, key="clv_ret_d")
    n = c[3].number_input(ctx.t("clv_ret_n"), min_value=0, max_value=1000, step=1, key="clv_ret_n")
    with _shown(ctx):
        m1, m2 = st.columns(2)
        m1.metric(ctx.t("clv_ret_inf"), _cny(retention_clv(margin=m, retention=r / 100, discount_rate=d / 100)))
        m2.metric(ctx.t("clv_ret_fin", n=int(n)),
                  _cny(retention_clv(margin=m, retention=r / 100, discount_rate=d / 100, periods=int(n))))
    st.caption(ctx.t("clv_ret_timing"))
    return {"margin": m, "retention": r / 100, "discount_rate": d / 100}


def tornado_chart(ctx: Ctx, inputs: dict) -> None:
    """Each input of the 例3.1 model moved ±20 %: the CLV at the low and at the high value."""
    st.markdown(f"**{ctx.t('clv_tornado_title')}**")
    key = _inputs_key(inputs)
    tor = _tornado(key)
    base = tor.attrs["base_clv"]
    st.caption(ctx.t("clv_tornado_caption", base=_cny(base)))
    st.plotly_chart(_tornado_figure(ctx, key, tor, base), key="clv_tornado", config=PLOT_CONFIG)


@figure_cache()
def _tornado_figure(ctx: Ctx, key: tuple, _tor: pd.DataFrame, base: float) -> go.Figure:
    """The tornado: each input's CLV at −20 % and +20 % around the ``base`` CLV (``tornado``'s rows of the inputs
    ``key``)."""
    names = [ctx.t(f"clv_in_{n}") for n in _tor["input"]]
    fig = go.Figure()
    fig.add_bar(y=names, x=_tor["clv_low"] - base, base=base, orientation="h", name=ctx.t("clv_tornado_low"),
                customdata=_tor["clv_low"], hovertemplate="%{customdata:,.2f}<extra></extra>")
    fig.add_bar(y=names, x=_tor["clv_high"] - base, base=base, orientation="h", name=ctx.t("clv_tornado_high"),
                customdata=_tor["clv_high"], hovertemplate="%{customdata:,.2f}<extra></extra>")
    fig.add_vline(x=base, line_dash="dot")
    fig.update_layout(barmode="overlay", height=380, margin=dict(l=10, r=10, t=10, b=10),
                      legend=dict(orientation="h", y=-0.15))
    return fig


def retention_heatmap(ctx: Ctx, margin: float, retention_now: float, discount_now: float) -> None:
    """m·r/(1+d−r) over retention 50–95 % × discount 2–20 %, the current (r, d) marked."""
    st.markdown(f"**{ctx.t('clv_heat_title')}**")
    st.caption(ctx.t("clv_heat_caption", m=_cny(margin)))
    st.plotly_chart(_retention_figure(ctx, margin, retention_now, discount_now), key="clv_heatmap", config=PLOT_CONFIG)


@figure_cache()
def _retention_figure(ctx: Ctx, margin: float, retention_now: float, discount_now: float) -> go.Figure:
    grid = retention_discount_grid(margin=margin, retentions=GRID_RETENTIONS, discount_rates=GRID_DISCOUNT_RATES)
    x = [f"{100 * d:.0f}%" for d in grid.columns]
    y = [f"{100 * r:.0f}%" for r in grid.index]
    fig = go.Figure(go.Heatmap(z=grid.to_numpy(), x=x, y=y, colorscale="Blues", texttemplate="%{z:,.0f}",
                               textfont={"size": 10}, colorbar={"title": {"text": "CLV [¥]"}},
                               hovertemplate=ctx.t("clv_heat_hover") + "<extra></extra>"))
    near_r = min(range(len(GRID_RETENTIONS)), key=lambda i: abs(GRID_RETENTIONS[i] - retention_now))
    near_d = min(range(len(GRID_DISCOUNT_RATES)), key=lambda j: abs(GRID_DISCOUNT_RATES[j] - discount_now))
    fig.add_scatter(x=[x[near_d]], y=[y[near_r]], mode="markers", showlegend=False, hoverinfo="skip",
                    marker={"symbol": "square-open", "size": 30, "color": "#D62728", "line": {"width": 3}})
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=10, b=10), xaxis_title=ctx.t("clv_heat_x"),
                      yaxis_title=ctx.t("clv_heat_y"))
    fig.update_xaxes(type="category")  # "2%" … "20%": labels, not numbers
    fig.update_yaxes(type="category")
    return fig


# ---------------------------------------------------------------- simple
def simple(ctx: Ctx) -> None:
    """CLV = spend × frequency × lifespan, defaults = the dairy-store example."""
    st.subheader(ctx.t("clv_simple_title"))
    _defaults(DAIRY)
    st.button(ctx.t("clv_load_dairy"), key="clv_load_dairy", on_click=_load, args=(DAIRY,))
    c = st.columns(4)
    s = c[0].number_input(ctx.t("clv_simple_spend"), min_value=0.0, step=10.0, key="clv_simple_spend")
    f = c[1].number_input(ctx.t("clv_simple_freq"), min_value=0.0, step=1.0, key="clv_simple_freq")
    life = c[2].number_input(ctx.t("clv_simple_life"), min_value=0.0, step=1.0, key="clv_simple_life")
    c[3].metric(ctx.t("clv_simple_metric"), f"{simple_clv(s, f, life):,.2f}")
    st.caption(ctx.t("clv_simple_caption"))
