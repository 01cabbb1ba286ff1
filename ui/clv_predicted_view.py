"""The CLV page's data parts: predicted CLV per customer (BG/NBD + Gamma-Gamma), its diagnostics, the holdout check.

The models are ``crm_core.clv`` calls on the session's CustomerTable (weeks), shared with the pyramid page
through ``ui.session.btyd_fit`` / ``btyd_predictions`` (cached per dataset, as-of date and settings). The first
fit of a dataset and date runs inside an ``st.status`` with its steps; data that cannot support a fit (too few
repeat buyers, no convergence: ``InvalidInputError``) gives a message, and the rest of the page still works.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from crm_core.clv.customer_value import PERIODS_PER_YEAR, FittedBTYD, default_rate
from crm_core.clv.diagnostics import frequency_recency_matrix
from crm_core.clv.gamma_gamma import MAX_ABS_FREQUENCY_SPEND_CORRELATION, METHOD_POOLED_MEAN
from crm_core.clv.holdout import HoldoutCheck, holdout_check
from crm_core.clv.readings import bgnbd_readings, gamma_gamma_readings
from crm_core.contacts import with_contacts
from crm_core.errors import InvalidInputError

from .cache import figure_cache, shared_result
from .customer_lists import show_list
from .format import CURRENCY_SIGN, money
from .session import Ctx, btyd_fit, btyd_predictions, contacts, customers
from .settings import clv_default_horizon, clv_keys, keep, kept

# the time units offered for the models: periods per year (for the 10 %-a-year default rate) and the default
# horizon of one year; weeks are the default unit (Fader, Hardie & Lee 2005)
UNITS: dict[str, int] = PERIODS_PER_YEAR  # time unit -> periods a year
DEFAULT_UNIT = "week"
MAX_HORIZON_YEARS = 10
FITTED_KEY = "clv_fitted"  # session key: the (dataset, as-of) pairs fitted in this session (then cached)
MATRIX_MAX_FREQUENCY = 20  # rows of the diagnostic matrices: x = 0 … min(this, the 99th percentile of x)
PLOT_CONFIG = {"displaylogo": False}


def _units(ctx: Ctx, unit: str) -> dict[str, str]:
    """Label values naming ``unit``: ``unit`` (per …) and ``units`` (a number of …)."""
    return {"unit": ctx.t(f"clv_unit_{unit}"), "units": ctx.t(f"clv_units_{unit}")}


def predicted_settings(ctx: Ctx) -> tuple[str, int, float]:
    """(time unit, horizon [periods of the unit], discount rate per period [fraction]).

    Each unit keeps its own horizon and rate widgets (defaults: one year; 10 % a year compounded per period),
    the week's under the keys ``clv_horizon`` and ``clv_rate``.
    """
    c0, c1, c2 = st.columns([1, 1, 1])
    unit = keep("clv_unit", c0.segmented_control(
        ctx.t("clv_pred_unit"), list(UNITS), default=kept("clv_unit", DEFAULT_UNIT), key="clv_unit",
        format_func=lambda u: ctx.t(f"clv_units_{u}"), help=ctx.t("clv_pred_unit_help")))
    unit = unit or DEFAULT_UNIT  # a segmented control can be cleared
    n = UNITS[unit]
    default_pct = round(100 * default_rate(n), 4)
    names = _units(ctx, unit)
    h_key, r_key = clv_keys(unit)
    h = keep(h_key, c1.number_input(ctx.t("clv_pred_horizon", **names), min_value=1, max_value=MAX_HORIZON_YEARS * n,
                                    value=kept(h_key, clv_default_horizon(unit)), step=1, key=h_key))
    rate = keep(r_key, c2.number_input(ctx.t("clv_pred_rate", **names), min_value=0.0, max_value=10.0,
                                       value=kept(r_key, default_pct), step=0.01, format="%.4f", key=r_key))
    st.caption(ctx.t("clv_pred_rate_help", rate=default_pct, n=n, **names))
    return unit, int(h), round(rate / 100, 8)  # the default gives exactly default_rate(n): shared predictions


def later_as_of_helps(ctx: Ctx) -> bool:
    """Whether a later as-of date exists: the sidebar's date is before the data's default (the day after the
    last order). Only then may a message suggest one."""
    return ctx.as_of < ctx.ds.report.default_as_of


def _more_data_hint(ctx: Ctx) -> str:
    """What would help a fit or check that the data cannot support: a later as-of date if there is one, else
    more data."""
    if later_as_of_helps(ctx):
        return ctx.t("clv_hint_later_as_of", default=ctx.ds.report.default_as_of)
    return ctx.t("clv_hint_more_data", last=ctx.ds.report.last_date)


def fit_and_predict(ctx: Ctx, unit: str, horizon: int, rate: float) -> tuple[FittedBTYD, pd.DataFrame] | None:
    """Both models fitted on the session's customers (in ``unit``) as of the sidebar's date, and the predictions.

    The first time for a dataset and date, the steps run inside an ``st.status`` (customer table, BG/NBD
    fit, Gamma-Gamma fit, predictions); a fit that fails turns it into a failed (red) status. Returns None,
    after a message, when the data cannot support a fit.
    """
    done: set = st.session_state.setdefault(FITTED_KEY, set())
    key = (ctx.ds.key, ctx.as_of, unit)
    names = _units(ctx, unit)
    try:
        if key in done:  # cached by ui.session (a spinner in case the cache has expired, or new settings)
            with st.spinner(ctx.t("clv_pred_fitting", customers=len(customers(ctx, time_unit=unit)),
                                  as_of=ctx.as_of)):
                return btyd_fit(ctx, unit), btyd_predictions(ctx, horizon, rate, unit)
        with st.status(ctx.t("clv_status_running", as_of=ctx.as_of), expanded=True) as status:
            try:
                st.write(ctx.t("clv_status_table", **names))
                ct = customers(ctx, time_unit=unit)
                st.write(ctx.t("clv_status_table_done", n=len(ct), repeat=int((ct["frequency"] > 0).sum())))
                st.write(ctx.t("clv_status_fit"))
                fitted = btyd_fit(ctx, unit)  # BG/NBD, then Gamma-Gamma (crm_core.clv.customer_value.fit_btyd)
                bg, gg = fitted.purchases, fitted.spend
                st.write(ctx.t("clv_status_bg_done", iters=bg.n_iter_, ll=bg.log_likelihood_))
                if gg.method_ == METHOD_POOLED_MEAN:
                    st.write(ctx.t("clv_status_gg_pooled", m=gg.n_customers_))
                else:
                    st.write(ctx.t("clv_status_gg_done", iters=gg.n_iter_, m=gg.n_customers_))
                st.write(ctx.t("clv_status_predict", h=horizon, **names))
                pred = btyd_predictions(ctx, horizon, rate, unit)
            except InvalidInputError:
                status.update(label=ctx.t("clv_status_failed", as_of=ctx.as_of), state="error", expanded=False)
                raise
            status.update(label=ctx.t("clv_status_done", n=len(pred)), state="complete", expanded=False)
        done.add(key)
        return fitted, pred
    except InvalidInputError as err:
        st.warning(ctx.t("clv_pred_failed", msg=err.user_message(ctx.lang), hint=_more_data_hint(ctx)),
                   icon=":material/warning:")
        return None


def predicted(ctx: Ctx) -> None:
    """The predicted tab: settings, fit (with progress), parameters, distribution, diagnostics, top customers."""
    unit, horizon, rate = predicted_settings(ctx)
    result = fit_and_predict(ctx, unit, horizon, rate)
    if result is None:
        return
    fitted, pred = result
    if fitted.spend.method_ == METHOD_POOLED_MEAN:
        st.info(ctx.t("clv_pred_pooled", mean=money(fitted.spend.population_mean_spend_, ctx.ds.report.currency)),
                icon=":material/info:")
    parameters(ctx, fitted)
    distribution(ctx, pred, horizon, unit)
    diagnostics(ctx, fitted, horizon, unit)
    top_customers(ctx, pred)


def _estimate(value: float) -> str:
    """A parameter or standard error: 4 decimals; ∞ for q and gamma in the pooled-mean limit."""
    return "∞" if np.isposinf(value) else f"{value:,.4f}"


def parameter_readings(ctx: Ctx, fitted: FittedBTYD) -> dict[str, str]:
    """One plain line per parameter (``crm_core.clv.readings``' numbers, in the fit's time unit and currency)."""
    bg, gg = fitted.purchases, fitted.spend
    names = _units(ctx, fitted.time_unit)
    cur = ctx.ds.report.currency
    b = bgnbd_readings(*(float(bg.params_[k]) for k in ("r", "alpha", "a", "b")))
    lines = {"r": ctx.t("clv_read_r", cv=b["purchase_rate_cv"]),
             "alpha": ctx.t("clv_read_alpha", every=b["periods_between_purchases"], rate=b["purchase_rate"], **names),
             "a": ctx.t("clv_read_a", pct=100 * b["dropout_mean"]),
             "b": ctx.t("clv_read_b", sd=100 * b["dropout_sd"])}
    if gg.method_ == METHOD_POOLED_MEAN:
        mean = money(gg.population_mean_spend_, cur)
        return lines | {"p": ctx.t("clv_read_p_pooled"), "q": ctx.t("clv_read_q_pooled"),
                        "v": ctx.t("clv_read_v_pooled", mean=mean)}
    g = gamma_gamma_readings(*(float(gg.params_[k]) for k in ("p", "q", "v")))
    between = g["spend_cv_between"]
    return lines | {"p": ctx.t("clv_read_p", pct=100 * g["spend_cv_within"]),
                    "q": ctx.t("clv_read_q", cv=between) if np.isfinite(between) else ctx.t("clv_read_q_inf"),
                    "v": ctx.t("clv_read_v", mean=money(g["mean_spend"], cur))}


def parameters(ctx: Ctx, fitted: FittedBTYD) -> None:
    """r, alpha, a, b; p, q, gamma with standard errors and a reading each, log-likelihoods, exclusions, the
    correlation check."""
    st.subheader(ctx.t("clv_pred_params"))
    bg, gg = fitted.purchases, fitted.spend
    readings = parameter_readings(ctx, fitted)
    alpha = f"alpha [{ctx.t(f'clv_units_{fitted.time_unit}')}]"  # the scale parameter is in the time unit
    rows = [("BG/NBD", alpha if k == "alpha" else k, bg.params_[k], bg.standard_errors_[k], readings[k])
            for k in ("r", "alpha", "a", "b")]
    rows += [("Gamma-Gamma", "gamma" if k == "v" else k, gg.params_[k], gg.standard_errors_[k], readings[k])
             for k in ("p", "q", "v")]
    table = pd.DataFrame(rows, columns=[ctx.t("clv_col_model"), ctx.t("clv_col_param"), ctx.t("clv_col_estimate"),
                                        ctx.t("clv_col_se"), ctx.t("clv_col_reading")])
    st.dataframe(table.style.format({table.columns[2]: _estimate, table.columns[3]: _estimate}, na_rep="—"),
                 hide_index=True, key="clv_params")
    cur = ctx.ds.report.currency
    if gg.method_ == METHOD_POOLED_MEAN:
        st.caption(ctx.t("clv_pred_ll_pooled", bg=bg.log_likelihood_, n=bg.n_customers_, m=gg.n_customers_,
                         mean=money(gg.population_mean_spend_, cur)))
    else:
        st.caption(ctx.t("clv_pred_ll", bg=bg.log_likelihood_, n=bg.n_customers_, gg=gg.log_likelihood_,
                         m=gg.n_customers_, mean=money(gg.population_mean_spend_, cur)))
    st.caption(ctx.t("clv_pred_excluded", one=gg.n_one_time_excluded_, neg=gg.n_nonpositive_spend_excluded_))
    corr = gg.frequency_spend_correlation_
    limit = MAX_ABS_FREQUENCY_SPEND_CORRELATION
    if not np.isfinite(corr):
        st.caption(ctx.t("clv_pred_corr_undefined"))
    elif abs(corr) > limit:
        st.warning(ctx.t("clv_pred_corr_warn", corr=corr, limit=limit))
    else:
        st.caption(ctx.t("clv_pred_corr", corr=round(corr, 2) + 0.0, limit=limit))  # + 0.0: "−0.00" reads 0.00


def distribution(ctx: Ctx, pred: pd.DataFrame, horizon: int, unit: str = DEFAULT_UNIT) -> None:
    """Total and mean, and a histogram of predicted CLV (the top 1 % folded into the last bar)."""
    cur = ctx.ds.report.currency
    c1, c2 = st.columns(2)
    c1.metric(ctx.t("clv_pred_total"), money(float(pred["clv_expected"].sum()), cur))
    c2.metric(ctx.t("clv_pred_mean"), money(float(pred["clv_expected"].mean()), cur))
    st.subheader(ctx.t("clv_pred_hist", h=horizon, **_units(ctx, unit)))
    p99 = float(pred["clv_expected"].quantile(0.99))
    settings = tuple(pred.attrs.get(k) for k in ("time_unit", "horizon", "discount_rate_per_period", "margin"))
    st.plotly_chart(_histogram_figure(ctx, settings, pred["clv_expected"].clip(upper=p99).to_numpy()),
                    key="clv_hist", config=PLOT_CONFIG)
    st.caption(ctx.t("clv_pred_hist_caption", p99=money(p99, cur)))


def diagnostics(ctx: Ctx, fitted: FittedBTYD, horizon: int, unit: str = DEFAULT_UNIT) -> None:
    """Heat maps of E[purchases in the horizon] and P(alive) over frequency × recency, at the longest T."""
    st.subheader(ctx.t("clv_diag_title"))
    names = _units(ctx, unit)
    ct = customers(ctx, time_unit=unit)
    t_max = float(ct["T"].max())
    max_x = int(min(MATRIX_MAX_FREQUENCY, max(1.0, np.ceil(ct["frequency"].quantile(0.99)))))
    st.caption(ctx.t("clv_diag_caption", T=t_max, h=horizon, **names))
    params = tuple(float(v) for v in fitted.purchases.params_)
    cols = st.columns(2, gap="large")
    for col, quantity in zip(cols, ("expected_purchases", "p_alive"), strict=True):
        col.plotly_chart(_diagnostic_figure(ctx, params, t_max, max_x, quantity, horizon, unit),
                         key=f"clv_diag_{quantity}", config=PLOT_CONFIG)
    st.caption(ctx.t("clv_diag_explain"))


@figure_cache()
def _histogram_figure(ctx: Ctx, settings: tuple, _values: np.ndarray) -> go.Figure:
    """A 50-bin histogram of predicted CLV ``_values`` (the top 1 % already folded into the last bin): the
    predictions of the dataset and date at ``settings`` (unit, horizon, rate, margin), which fix them; one value
    per customer is not hashed (Streamlit would hash only a sample of a large array)."""
    cur = ctx.ds.report.currency
    fig = go.Figure(go.Histogram(x=_values, nbinsx=50, hovertemplate="%{x}: %{y:,}<extra></extra>"))
    sign = CURRENCY_SIGN.get(cur or "", cur or "")
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=10, b=10), bargap=0.05,
                      xaxis_title=ctx.t("clv_col_clv", cur=sign), yaxis_title=ctx.t("clv_pred_customers"))
    return fig


@figure_cache()
def _diagnostic_figure(ctx: Ctx, params: tuple, t_max: float, max_x: int, quantity: str, horizon: int,
                       unit: str) -> go.Figure:
    """E[purchases in ``horizon``] or P(alive) over frequency × recency at T = ``t_max`` (BG/NBD ``params``:
    r, α, a, b), as a heat map."""
    names = _units(ctx, unit)
    title = ctx.t("clv_diag_expected", h=horizon, **names) if quantity == "expected_purchases" \
        else ctx.t("clv_diag_p_alive")
    grid = frequency_recency_matrix(*params, T=t_max, max_frequency=max_x, quantity=quantity, t=float(horizon))
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=grid.columns.to_numpy(), y=grid.index.to_numpy(), colorscale="Viridis",
        zmin=0, zmax=1 if quantity == "p_alive" else None,
        hovertemplate=ctx.t("clv_diag_hover", **names) + "%{z:.2f}<extra></extra>"))
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=30, b=10), title={"text": title, "font": {"size": 14}},
                      xaxis_title=ctx.t("clv_diag_x", **names), yaxis_title=ctx.t("clv_diag_y"))
    return fig


def top_customers(ctx: Ctx, pred: pd.DataFrame) -> None:
    """The customers by predicted CLV, highest first, and the full list as a (deferred) download."""
    st.subheader(ctx.t("clv_pred_top"))
    cols = ["customer_id", "p_alive", "expected_purchases", "expected_spend", "clv_expected"]
    ranked = pred.sort_values("clv_expected", ascending=False, kind="stable")[cols].reset_index(drop=True)
    ranked = with_contacts(ranked, contacts(ctx))  # name, phone … like every other list
    st.caption(ctx.t("clv_pred_top_count", n=len(ranked)))
    show_list(ctx, ranked, basename=f"clv_predicted_{ctx.as_of}", sheet=ctx.t("list_sheet_clv"), key="clv_predicted")


# ---------------------------------------------------------------- holdout check
HOLDOUT_KEY = "clv_hold_cal_"  # + dataset and as-of date: the calibration end's widget key


@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _holdout(ds_key: str, _store, calibration_as_of: dt.date, holdout_as_of: dt.date) -> HoldoutCheck:
    return holdout_check(_store, calibration_as_of=calibration_as_of, holdout_as_of=holdout_as_of, time_unit="week")


def holdout(ctx: Ctx) -> None:
    """Fit on the orders before a calibration end date, compare with what happened up to the as-of date."""
    first = ctx.ds.report.first_date + dt.timedelta(weeks=13)
    last = ctx.as_of - dt.timedelta(weeks=4)
    if last <= first:
        st.info(ctx.t("clv_hold_too_short", hint=_more_data_hint(ctx)))
        return
    key = f"{HOLDOUT_KEY}{ctx.ds.key}_{ctx.as_of}"
    # the default through the session state, not value=: pages/clv.py writes the date back while the tab is
    # closed, and a widget given both logs Streamlit's "default value but also set via the Session State API"
    st.session_state.setdefault(key, max(first, min(last, ctx.as_of - dt.timedelta(weeks=26))))
    cal = st.date_input(ctx.t("clv_hold_cal_end"), min_value=first, max_value=last, key=key,
                        help=ctx.t("clv_hold_cal_help"))
    try:
        with st.spinner(ctx.t("clv_hold_running")):
            check = _holdout(ctx.ds.key, ctx.ds.store, cal, ctx.as_of)
    except InvalidInputError as err:
        st.warning(ctx.t("clv_hold_failed", msg=err.user_message(ctx.lang)), icon=":material/warning:")
        return
    st.caption(ctx.t("clv_hold_caption", cal=cal, end=ctx.as_of, weeks=check.holdout_length))
    err = check.errors.rename(index={"model": "BG/NBD", "naive": ctx.t("clv_hold_naive")})
    st.table(err[["total_predicted", "total_actual", "total_error_pct", "mae", "rmse"]].rename(columns={
        "total_predicted": ctx.t("clv_hold_pred_total"), "total_actual": ctx.t("clv_hold_actual_total"),
        "total_error_pct": ctx.t("clv_hold_err_pct"), "mae": "MAE", "rmse": "RMSE"}).map(lambda v: f"{v:,.2f}"))
    left, right = st.columns(2)
    left.plotly_chart(_holdout_groups_figure(ctx, check.by_frequency.reset_index()), key="clv_hold_groups",
                      config=PLOT_CONFIG)
    if check.cumulative is not None:
        right.plotly_chart(_holdout_cumulative_figure(ctx, check.cumulative), key="clv_hold_cum", config=PLOT_CONFIG)


@figure_cache()
def _holdout_groups_figure(ctx: Ctx, by: pd.DataFrame) -> go.Figure:
    """Purchases per customer in the holdout by calibration frequency: actual, BG/NBD and the naive forecast."""
    fig = go.Figure([go.Bar(x=by["group"].astype(str), y=by["actual"], name=ctx.t("clv_hold_actual")),
                     go.Bar(x=by["group"].astype(str), y=by["model"], name="BG/NBD"),
                     go.Bar(x=by["group"].astype(str), y=by["naive"], name=ctx.t("clv_hold_naive"))])
    fig.update_layout(height=340, margin=dict(l=10, r=10, t=30, b=10), barmode="group",
                      xaxis_title=ctx.t("clv_hold_group"), yaxis_title=ctx.t("clv_hold_per_customer"),
                      legend=dict(orientation="h", y=1.12))
    fig.update_xaxes(type="category")  # "0" … "6", "7+": categories, not numbers
    return fig


@figure_cache()
def _holdout_cumulative_figure(ctx: Ctx, cum: pd.DataFrame) -> go.Figure:
    """Cumulative purchases over the holdout: actual and BG/NBD."""
    fig = go.Figure([go.Scatter(x=cum["as_of"], y=cum["actual"], name=ctx.t("clv_hold_actual"), mode="lines"),
                     go.Scatter(x=cum["as_of"], y=cum["model"], name="BG/NBD", mode="lines", line=dict(dash="dash"))])
    fig.update_layout(height=340, margin=dict(l=10, r=10, t=30, b=10), yaxis_title=ctx.t("clv_hold_cum"),
                      legend=dict(orientation="h", y=1.12))
    return fig
