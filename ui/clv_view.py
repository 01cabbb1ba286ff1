"""The CLV page's parts: the textbook calculator (例3.1, retention, tornado, simple) and predicted CLV.

The formulas are ``crm_core.clv`` calls: ``formulas`` for the what-if calculator (no customer data),
``customer_value`` for BG/NBD + Gamma-Gamma on the session's CustomerTable (weeks), cached per
dataset key, as-of date and settings, with the store's table as an unhashed argument.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from crm_core.clv.customer_value import FittedBTYD
from crm_core.clv.formulas import discounted_clv, discounted_clv_table, retention_clv, simple_clv, tornado
from crm_core.clv.holdout import HoldoutCheck, holdout_check

from .downloads import download_table
from .format import CURRENCY_SIGN, money
from .session import Ctx, btyd_fit, btyd_predictions, customers

TEXTBOOK_CURRENCY = "CNY"  # 例3.1 is in yuan
EXAMPLE_31 = {"clv_n": 5, "clv_co": 400.0, "clv_po": 2000.0, "clv_in": 500.0, "clv_r": 9.0, "clv_cs": 10.0,
              "clv_reading": "A"}
DAIRY = {"clv_simple_spend": 100.0, "clv_simple_freq": 52.0, "clv_simple_life": 10.0}
RETENTION = {"clv_ret_m": 100.0, "clv_ret_r": 80.0, "clv_ret_d": 10.0, "clv_ret_n": 5}
WEEKS_PER_YEAR = 52
DEFAULT_WEEKLY_RATE_PCT = round(100 * ((1.10) ** (1 / WEEKS_PER_YEAR) - 1), 4)  # 10 % a year
PLOT_CONFIG = {"displaylogo": False}


def _load(values: dict) -> None:
    st.session_state.update(values)


def _defaults(values: dict) -> None:
    for k, v in values.items():
        st.session_state.setdefault(k, v)


def _cny(value: float) -> str:
    return money(value, TEXTBOOK_CURRENCY, decimals=2)


# ---------------------------------------------------------------- textbook calculator
def discounted_inputs(ctx: Ctx) -> dict:
    """Inputs of 例3.1 (defaults = the example), a reading choice; returns discounted_clv_table's keywords."""
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
    return {"years": int(n), "acquisition_cost": co, "first_purchase": po, "revenue_increase": inc,
            "interest_rate": r / 100, "service_cost": cs, "reading": reading}


def discounted(ctx: Ctx, inputs: dict) -> None:
    """The CLV metric, the per-year table and the present-value chart."""
    table = discounted_clv_table(**inputs)
    clv = float(table["cumulative_present_value"].iloc[-1])
    st.metric(ctx.t("clv_disc_metric", reading=inputs["reading"]), _cny(clv))
    st.caption(ctx.t("clv_disc_caption"))
    shown = table[["year", "revenue", "cost", "net", "discount_factor", "present_value", "cumulative_present_value"]]
    shown.columns = [ctx.t(k) for k in ("clv_col_year", "clv_col_revenue", "clv_col_cost", "clv_col_net",
                                        "clv_col_factor", "clv_col_pv", "clv_col_cum")]
    left, right = st.columns([11, 9])
    left.dataframe(shown.style.format({c: "{:,.2f}" for c in shown.columns[1:]} | {shown.columns[4]: "{:.4f}"}),
                   hide_index=True, width="stretch")
    fig = go.Figure()
    fig.add_bar(x=table["year"], y=table["present_value"], name=ctx.t("clv_col_pv"))
    fig.add_scatter(x=table["year"], y=table["cumulative_present_value"], mode="lines+markers",
                    name=ctx.t("clv_col_cum"))
    fig.update_layout(height=320, margin=dict(l=10, r=10, t=10, b=10), xaxis_title=ctx.t("clv_col_year"),
                      legend=dict(orientation="h", y=-0.25), xaxis=dict(dtick=1))
    right.plotly_chart(fig, key="clv_disc_chart", config=PLOT_CONFIG)


def tornado_chart(ctx: Ctx, inputs: dict) -> None:
    """Each input of the 例3.1 model moved ±20 %: the CLV at the low and at the high value."""
    st.subheader(ctx.t("clv_tornado_title"))
    tor = tornado(discounted_clv, inputs).iloc[::-1]
    base = tor.attrs["base_clv"]
    st.caption(ctx.t("clv_tornado_caption", base=_cny(base)))
    names = [ctx.t(f"clv_in_{n}") for n in tor["input"]]
    fig = go.Figure()
    fig.add_bar(y=names, x=tor["clv_low"] - base, base=base, orientation="h", name=ctx.t("clv_tornado_low"),
                customdata=tor["clv_low"], hovertemplate="%{customdata:,.2f}<extra></extra>")
    fig.add_bar(y=names, x=tor["clv_high"] - base, base=base, orientation="h", name=ctx.t("clv_tornado_high"),
                customdata=tor["clv_high"], hovertemplate="%{customdata:,.2f}<extra></extra>")
    fig.add_vline(x=base, line_dash="dot")
    fig.update_layout(barmode="overlay", height=300, margin=dict(l=10, r=10, t=10, b=10),
                      legend=dict(orientation="h", y=-0.2))
    st.plotly_chart(fig, key="clv_tornado", config=PLOT_CONFIG)


def retention(ctx: Ctx) -> None:
    """Retention-based CLV, infinite and over n periods, with its timing convention."""
    st.subheader(ctx.t("clv_ret_title"))
    _defaults(RETENTION)
    c = st.columns(4)
    m = c[0].number_input(ctx.t("clv_ret_m"), step=10.0, key="clv_ret_m")
    r = c[1].number_input(ctx.t("clv_ret_r"), min_value=0.0, max_value=100.0, step=1.0, key="clv_ret_r")
    d = c[2].number_input(ctx.t("clv_ret_d"), min_value=0.0, max_value=1000.0, step=0.5, key="clv_ret_d")
    n = c[3].number_input(ctx.t("clv_ret_n"), min_value=0, max_value=1000, step=1, key="clv_ret_n")
    m1, m2 = st.columns(2)
    m1.metric(ctx.t("clv_ret_inf"), _cny(retention_clv(margin=m, retention=r / 100, discount_rate=d / 100)))
    m2.metric(ctx.t("clv_ret_fin", n=int(n)),
              _cny(retention_clv(margin=m, retention=r / 100, discount_rate=d / 100, periods=int(n))))
    st.caption(ctx.t("clv_ret_timing"))


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


# ---------------------------------------------------------------- predicted CLV
def predicted_settings(ctx: Ctx) -> tuple[int, float]:
    """(horizon [weeks], discount rate per week [fraction])."""
    c1, c2 = st.columns(2)
    h = c1.number_input(ctx.t("clv_pred_horizon"), min_value=1, max_value=520, value=52, step=1, key="clv_horizon")
    rate = c2.number_input(ctx.t("clv_pred_rate"), min_value=0.0, max_value=10.0, value=DEFAULT_WEEKLY_RATE_PCT,
                           step=0.01, format="%.4f", key="clv_rate")
    st.caption(ctx.t("clv_pred_rate_help"))
    return int(h), rate / 100


def fit_and_predict(ctx: Ctx, horizon: int, rate: float) -> tuple[FittedBTYD, pd.DataFrame]:
    """Both models fitted on the session's customers (weeks) as of the sidebar's date, and the predictions."""
    n = len(customers(ctx, time_unit="week"))
    with st.spinner(ctx.t("clv_pred_fitting", customers=n, as_of=ctx.as_of)):
        fitted = btyd_fit(ctx, "week")
        pred = btyd_predictions(ctx, horizon, rate, "week")
    return fitted, pred


def parameters(ctx: Ctx, fitted: FittedBTYD) -> None:
    """r, alpha, a, b; p, q, gamma with standard errors, log-likelihoods, exclusions, the correlation check."""
    st.subheader(ctx.t("clv_pred_params"))
    bg, gg = fitted.purchases, fitted.spend
    rows = [("BG/NBD", k, bg.params_[k], bg.standard_errors_[k]) for k in ("r", "alpha", "a", "b")]
    rows += [("Gamma-Gamma", "gamma (v)" if k == "v" else k, gg.params_[k], gg.standard_errors_[k])
             for k in ("p", "q", "v")]
    table = pd.DataFrame(rows, columns=[ctx.t("clv_col_model"), ctx.t("clv_col_param"), ctx.t("clv_col_estimate"),
                                        ctx.t("clv_col_se")])
    st.dataframe(table.style.format({table.columns[2]: "{:,.4f}", table.columns[3]: "{:,.4f}"}),
                 hide_index=True, key="clv_params")
    cur = ctx.ds.report.currency
    st.caption(ctx.t("clv_pred_ll", bg=bg.log_likelihood_, n=bg.n_customers_, gg=gg.log_likelihood_,
                     m=gg.n_customers_, mean=money(gg.population_mean_spend_, cur)))
    st.caption(ctx.t("clv_pred_excluded", one=gg.n_one_time_excluded_, neg=gg.n_nonpositive_spend_excluded_))
    corr = gg.frequency_spend_correlation_
    if np.isfinite(corr) and abs(corr) > 0.3:
        st.warning(ctx.t("clv_pred_corr_warn", corr=corr))
    else:
        st.caption(ctx.t("clv_pred_corr", corr=corr))


def distribution(ctx: Ctx, pred: pd.DataFrame, horizon: int) -> None:
    """Total and mean, and a histogram of predicted CLV (the top 1 % folded into the last bar)."""
    cur = ctx.ds.report.currency
    c1, c2 = st.columns(2)
    c1.metric(ctx.t("clv_pred_total"), money(float(pred["clv_expected"].sum()), cur))
    c2.metric(ctx.t("clv_pred_mean"), money(float(pred["clv_expected"].mean()), cur))
    st.subheader(ctx.t("clv_pred_hist", h=horizon))
    p99 = float(pred["clv_expected"].quantile(0.99))
    values = pred["clv_expected"].clip(upper=p99)
    fig = go.Figure(go.Histogram(x=values, nbinsx=50, hovertemplate="%{x}: %{y:,}<extra></extra>"))
    sign = CURRENCY_SIGN.get(cur or "", cur or "")
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=10, b=10), bargap=0.05,
                      xaxis_title=ctx.t("clv_col_clv", cur=sign), yaxis_title=ctx.t("clv_pred_customers"))
    st.plotly_chart(fig, key="clv_hist", config=PLOT_CONFIG)
    st.caption(ctx.t("clv_pred_hist_caption", p99=money(p99, cur)))


def top_customers(ctx: Ctx, pred: pd.DataFrame) -> None:
    """The customers by predicted CLV, highest first, and the full list as a (deferred) download."""
    st.subheader(ctx.t("clv_pred_top"))
    cols = ["customer_id", "p_alive", "expected_purchases", "expected_spend", "clv_expected"]
    ranked = pred.sort_values("clv_expected", ascending=False, kind="stable")[cols].reset_index(drop=True)
    cur = ctx.ds.report.currency or ""
    cfg = {"customer_id": st.column_config.TextColumn(ctx.t("clv_col_customer")),
           "p_alive": st.column_config.NumberColumn(ctx.t("clv_col_p_alive"), format="%.3f"),
           "expected_purchases": st.column_config.NumberColumn(ctx.t("clv_col_purchases"), format="%.2f"),
           "expected_spend": st.column_config.NumberColumn(ctx.t("clv_col_spend", cur=cur), format="%.2f"),
           "clv_expected": st.column_config.NumberColumn(ctx.t("clv_col_clv", cur=cur), format="%.2f")}
    st.dataframe(ranked.head(200), hide_index=True, width="stretch", column_config=cfg, key="clv_top")
    download_table(ranked, f"clv_predicted_{ctx.as_of}", ctx.lang, key="clv_predicted", deferred=True)


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def _holdout(ds_key: str, _store, calibration_as_of: dt.date, holdout_as_of: dt.date) -> HoldoutCheck:
    return holdout_check(_store, calibration_as_of=calibration_as_of, holdout_as_of=holdout_as_of, time_unit="week")


def holdout(ctx: Ctx) -> None:
    """Fit on the orders before a calibration end date, compare with what happened up to the as-of date."""
    first = ctx.ds.report.first_date + dt.timedelta(weeks=13)
    last = ctx.as_of - dt.timedelta(weeks=4)
    if last <= first:
        st.info(ctx.t("clv_hold_too_short"))
        return
    default = max(first, min(last, ctx.as_of - dt.timedelta(weeks=26)))
    cal = st.date_input(ctx.t("clv_hold_cal_end"), value=default, min_value=first, max_value=last,
                        key=f"clv_hold_cal_{ctx.ds.key}_{ctx.as_of}", help=ctx.t("clv_hold_cal_help"))
    with st.spinner(ctx.t("clv_hold_running")):
        check = _holdout(ctx.ds.key, ctx.ds.store, cal, ctx.as_of)
    st.caption(ctx.t("clv_hold_caption", cal=cal, end=ctx.as_of, weeks=check.holdout_length))
    err = check.errors.rename(index={"model": "BG/NBD", "naive": ctx.t("clv_hold_naive")})
    st.table(err[["total_predicted", "total_actual", "total_error_pct", "mae", "rmse"]].rename(columns={
        "total_predicted": ctx.t("clv_hold_pred_total"), "total_actual": ctx.t("clv_hold_actual_total"),
        "total_error_pct": ctx.t("clv_hold_err_pct"), "mae": "MAE", "rmse": "RMSE"}).map(lambda v: f"{v:,.2f}"))
    left, right = st.columns(2)
    by = check.by_frequency.reset_index()
    fig = go.Figure([go.Bar(x=by["group"].astype(str), y=by["actual"], name=ctx.t("clv_hold_actual")),
                     go.Bar(x=by["group"].astype(str), y=by["model"], name="BG/NBD"),
                     go.Bar(x=by["group"].astype(str), y=by["naive"], name=ctx.t("clv_hold_naive"))])
    fig.update_layout(height=340, margin=dict(l=10, r=10, t=30, b=10), barmode="group",
                      xaxis_title=ctx.t("clv_hold_group"), yaxis_title=ctx.t("clv_hold_per_customer"),
                      legend=dict(orientation="h", y=1.12))
    fig.update_xaxes(type="category")  # "0" … "6", "7+": categories, not numbers
    left.plotly_chart(fig, key="clv_hold_groups", config=PLOT_CONFIG)
    if check.cumulative is not None:
        cum = check.cumulative
        fig = go.Figure([go.Scatter(x=cum["as_of"], y=cum["actual"], name=ctx.t("clv_hold_actual"), mode="lines"),
                         go.Scatter(x=cum["as_of"], y=cum["model"], name="BG/NBD", mode="lines",
                                    line=dict(dash="dash"))])
        fig.update_layout(height=340, margin=dict(l=10, r=10, t=30, b=10), yaxis_title=ctx.t("clv_hold_cum"),
                          legend=dict(orientation="h", y=1.12))
        right.plotly_chart(fig, key="clv_hold_cum", config=PLOT_CONFIG)
