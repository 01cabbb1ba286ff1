"""The churn-risk page's parts: horizon, the model report (cached, with a progress bar), validation, drivers,
value × risk quadrants and the retention list.

Every number comes from ``crm_core.churn`` (and ``crm_core.clv`` / ``crm_core.value`` for the value); this
module reads widgets, caches per dataset load id and as-of date (the store is an unhashed ``_store``
argument), and draws with plotly.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from crm_core.churn import QUADRANT_ACTIONS, ChurnReport, churn_report, repurchase_gaps
from crm_core.churn.horizon import MIN_HORIZON_DAYS, default_horizon_from_gaps, max_horizon_days
from crm_core.churn.priority import is_skewed, log_axis_floor, plot_sample, quadrant_summary, value_threshold_for
from crm_core.clv.customer_value import default_rate
from crm_core.contacts import with_contacts
from crm_core.errors import InvalidInputError
from crm_core.store import Store
from crm_core.value import available_metrics, customer_value

from .cache import figure_cache, shared_result
from .charts import localise
from .customer_lists import show_list
from .format import money
from .i18n import t
from .session import Ctx, btyd_predictions, contacts, summary
from .settings import keep, kept

PLOT_CONFIG = {"displaylogo": False}
MODEL_COLORS = {"gradient_boosting": "#4C78A8", "logistic_regression": "#F58518", "bgnbd_p_alive": "#54A24B",
                "recency_rule": "#B279A2"}
QUADRANT_COLORS = {"valuable_at_risk": "#E45756", "valuable_safe": "#4C78A8", "low_value_at_risk": "#F58518",
                   "low_value_safe": "#9D9D9D"}
CLV_WEEKS = 52  # predicted CLV over the next year …
CLV_RATE_WEEKLY = default_rate(CLV_WEEKS)  # … discounted at 10 % a year (the CLV page's default, the same cache)
LIST_ROWS = 200
# the value widgets of the page's lazy tabs (pages/churn.py keeps their values while their tab is closed)
TAB_WIDGET_KEYS = ("ch_value_basis", "ch_vt_", "ch_rt", "ch_list_pick")


# ---------------------------------------------------------------- cached crm_core calls
@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _horizon_facts(ds_key: str, _store: Store, as_of: dt.date) -> dict:
    gaps = repurchase_gaps(_store, as_of)
    facts = {**gaps, "max_days": max_horizon_days(as_of, gaps["first_purchase_day"])
             if gaps.get("first_purchase_day") else 0}
    facts["default"] = default_horizon_from_gaps(gaps, as_of)
    return facts


@shared_result(max_entries=8, ttl=3600, show_spinner=False)
def _report(ds_key: str, _store: Store, as_of: dt.date, horizon_days: int, _lang: str) -> ChurnReport:
    # the bar is made and removed inside the cached call, so a cache hit replays nothing visible
    bar = st.progress(0.0, text=t("ch_step_timeline", _lang))
    try:
        return churn_report(_store, as_of, horizon_days, random_state=0,
                            progress=lambda f, s: bar.progress(min(max(f, 0.0), 1.0), text=t(f"ch_step_{s}", _lang)))
    finally:
        bar.empty()


# ---------------------------------------------------------------- horizon and report
def horizon_input(ctx: Ctx) -> int:
    """The horizon H [days], defaulting to the data's (explained under the input)."""
    facts = _horizon_facts(ctx.ds.key, ctx.ds.store, ctx.as_of)
    key = f"ch_horizon_{ctx.ds.key}_{ctx.as_of}"
    h = keep(key, st.number_input(ctx.t("ch_horizon"), min_value=MIN_HORIZON_DAYS, max_value=max(facts["max_days"], 7),
                                  value=kept(key, facts["default"]), step=7, help=ctx.t("ch_horizon_help"), key=key))
    st.caption(ctx.t("ch_horizon_default", h=facts["default"], p75=facts["gap_p75_days"], p50=facts["gap_p50_days"],
                     n=facts["repeat_gaps"], as_of=ctx.as_of, max_h=facts["max_days"]))
    return int(h)


def horizon_in_use(ctx: Ctx) -> int:
    """The horizon the Churn risk page uses for this dataset and date: the one entered there in this session,
    else the data's default (for views that show the page's figures without its input)."""
    default = _horizon_facts(ctx.ds.key, ctx.ds.store, ctx.as_of)["default"]
    return int(kept(f"ch_horizon_{ctx.ds.key}_{ctx.as_of}", default))


def report(ctx: Ctx, horizon_days: int, as_of: dt.date | None = None) -> ChurnReport:
    """The churn report (model, validation, scores) as of the sidebar's date, or ``as_of`` (cached)."""
    return _report(ctx.ds.key, ctx.ds.store, as_of or ctx.as_of, horizon_days, ctx.lang)


def model_name(ctx: Ctx, model: str) -> str:
    return ctx.t(f"ch_model_{model}")


def timeline(ctx: Ctx, rep: ChurnReport) -> None:
    tl, rate = rep.settings["timeline"], rep.settings["churn_rate"]
    st.info(ctx.t("ch_timeline", c0=tl["train_cutoff"], c1=tl["eval_cutoff"], d=tl["as_of"],
                  n=rep.settings["customers"]["scored"], r0=rate["train"], r1=rate["evaluation"]))


# ---------------------------------------------------------------- validation
def _note(ctx: Ctx, model: str, note: str, scoring: str) -> str:
    """What each row of the validation table is (never an empty cell); a BG/NBD caveat from the fit is
    added in English as crm_core wrote it, and as a plain sentence in Chinese."""
    text = ctx.t("ch_note_scoring" if model == scoring else f"ch_note_{model}")
    if note:
        text += " " + (ctx.t("ch_note_bgnbd_caveat") if ctx.lang == "zh" else f"({note})")
    return text


def validation(ctx: Ctx, rep: ChurnReport) -> None:
    rate = rep.settings["churn_rate"]["evaluation"]
    st.caption(ctx.t("ch_validation_caption", rate=rate, max_lift=min(1 / rate, 10.0) if rate else float("nan"),  # 10 = 1 / 10 %
                     best=model_name(ctx, rep.scoring_model)))
    v = rep.validation
    table = pd.DataFrame({ctx.t("ch_col_model"): [model_name(ctx, m) for m in v["model"]]})
    for col in ("roc_auc", "pr_auc", "brier", "top_decile_lift"):
        table[ctx.t(f"ch_col_{col}")] = v[col].to_numpy()
    table[ctx.t("ch_col_note")] = [_note(ctx, m, n, rep.scoring_model) for m, n in zip(v["model"], v["note"], strict=True)]
    cfg = {ctx.t(f"ch_col_{c}"): st.column_config.NumberColumn(format="%.3f")
           for c in ("roc_auc", "pr_auc", "brier", "top_decile_lift")}
    st.dataframe(table, hide_index=True, width="stretch", column_config=cfg, key="ch_validation_table")
    st.plotly_chart(_curves_figure(ctx, rep.roc, rep.calibration), key="ch_curves", config=PLOT_CONFIG)


@figure_cache()
def _curves_figure(ctx: Ctx, roc_all: pd.DataFrame, calibration: pd.DataFrame) -> go.Figure:
    """ROC curves and calibration per model (``ChurnReport.roc`` and ``.calibration``), built once per report."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=(ctx.t("ch_roc_title"), ctx.t("ch_calib_title")))
    for model, color in MODEL_COLORS.items():
        name = model_name(ctx, model)
        roc = roc_all[roc_all["model"] == model]
        cal = calibration[calibration["model"] == model]
        if roc.empty:
            continue
        fig.add_trace(go.Scatter(x=roc["fpr"], y=roc["tpr"], mode="lines", name=name, legendgroup=model,
                                 line={"color": color}), row=1, col=1)
        fig.add_trace(go.Scatter(x=cal["mean_predicted"], y=cal["observed_rate"], mode="lines+markers", name=name,
                                 legendgroup=model, showlegend=False, line={"color": color}), row=1, col=2)
    for col in (1, 2):
        fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name=ctx.t("ch_chance"), showlegend=col == 1,
                                 line={"color": "#888", "dash": "dash"}), row=1, col=col)
    fig.update_xaxes(title_text=ctx.t("ch_fpr"), range=[0, 1], row=1, col=1)
    fig.update_yaxes(title_text=ctx.t("ch_tpr"), range=[0, 1], row=1, col=1)
    fig.update_xaxes(title_text=ctx.t("ch_pred"), range=[0, 1], row=1, col=2)
    fig.update_yaxes(title_text=ctx.t("ch_obs"), range=[0, 1], row=1, col=2)
    fig.update_layout(height=420, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      legend={"orientation": "h", "y": -0.25, "x": 0})
    return fig


# ---------------------------------------------------------------- drivers
def drivers(ctx: Ctx, rep: ChurnReport) -> None:
    st.caption(ctx.t("ch_drivers_caption", best=model_name(ctx, rep.scoring_model)))
    imp = rep.importance
    names = [ctx.t(f"ch_feat_{f}") for f in imp["feature"]]
    st.plotly_chart(_importance_figure(ctx, imp), key="ch_importance", config=PLOT_CONFIG)
    key = {1: "ch_imp_up", -1: "ch_imp_down", 0: "ch_imp_mixed"}
    lines = [ctx.t(key[int(d)], feature=n, drop=x)
             for n, d, x in zip(names, imp["direction"], imp["importance"], strict=True)][:5]
    st.markdown("\n".join(f"- {line}" for line in lines))


@figure_cache()
def _importance_figure(ctx: Ctx, imp: pd.DataFrame) -> go.Figure:
    """The scoring model's permutation importance per feature (``ChurnReport.importance``), largest on top."""
    names = [ctx.t(f"ch_feat_{f}") for f in imp["feature"]]
    fig = go.Figure(go.Bar(x=imp["importance"][::-1], y=names[::-1], orientation="h", marker_color="#4C78A8",
                           error_x={"type": "data", "array": imp["importance_std"][::-1]},
                           hovertemplate="%{y}: %{x:.3f}<extra></extra>"))
    fig.update_layout(height=60 + 32 * len(imp), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      xaxis_title=ctx.t("ch_importance_axis"))
    return fig


# ---------------------------------------------------------------- value and priority
def value_basis(ctx: Ctx) -> tuple[pd.DataFrame, str]:
    """(customer_id, value) and the label of the value used: predicted CLV when it can be fitted, else the
    pyramid's value metric (profit when known, else net revenue)."""
    cur = ctx.ds.report.currency or ""
    metric = available_metrics(summary(ctx), has_profit=ctx.ds.report.has_profit)[0]
    options = ["clv", metric]
    basis = st.radio(ctx.t("ch_value_basis"), options, horizontal=True, key="ch_value_basis",
                     format_func=lambda o: ctx.t(f"ch_value_{o}", cur=cur))
    if basis == "clv":
        try:
            pred = btyd_predictions(ctx, CLV_WEEKS, CLV_RATE_WEEKLY, "week")
            return pd.DataFrame({"customer_id": pred["customer_id"], "value": pred["clv_expected"]}), \
                ctx.t("ch_value_clv", cur=cur)
        except InvalidInputError as err:
            st.info(ctx.t("ch_value_clv_failed", msg=err.user_message(ctx.lang)))
    ct = summary(ctx)
    return pd.DataFrame({"customer_id": ct["customer_id"], "value": customer_value(ct, metric)}), \
        ctx.t(f"ch_value_{metric}", cur=cur)


def thresholds(ctx: Ctx, value: pd.DataFrame) -> tuple[float, float]:
    cur = ctx.ds.report.currency or ""
    c1, c2 = st.columns(2)
    default = round(value_threshold_for(value["value"]), 2)
    vt = c1.number_input(ctx.t("ch_value_threshold", cur=cur), value=float(default), step=float(max(1.0, round(default / 10))),
                         help=ctx.t("ch_value_threshold_help"),
                         key=f"ch_vt_{ctx.ds.key}_{ctx.as_of}_{st.session_state.get('ch_value_basis')}")
    rt = c2.slider(ctx.t("ch_risk_threshold"), min_value=0.05, max_value=0.95, value=0.5, step=0.05, key="ch_rt")
    return float(vt), float(rt)


def quadrants(ctx: Ctx, pri: pd.DataFrame, value_label: str, horizon_days: int) -> None:
    cur = ctx.ds.report.currency
    vt, rt = pri.attrs["value_threshold"], pri.attrs["risk_threshold"]
    log = is_skewed(pri["value"])
    shown = plot_sample(pri[pri["value"] > 0] if log else pri)
    floor = log_axis_floor(pri["value"]) if log else None
    fig = go.Figure()
    for q, color in QUADRANT_COLORS.items():
        part = shown[shown["quadrant"] == q]
        # numbers as numeric arrays (sent as typed arrays) and the ids as the points' text: a customdata of mixed
        # ids and numbers is an object array, which plotly validates and serialises cell by cell (3× slower)
        fig.add_trace(go.Scattergl(
            x=(part["value"].clip(lower=floor) if log else part["value"]).to_numpy(dtype=float),
            y=part["churn_prob"].to_numpy(dtype=float), mode="markers", name=ctx.t(f"ch_q_{q}"),
            marker={"color": color, "size": 5, "opacity": 0.6},
            text=part["customer_id"].to_numpy(dtype=object),
            customdata=np.column_stack([part["value_at_risk"].to_numpy(dtype=float), part["value"].to_numpy(dtype=float)]),
            hovertemplate=("%{text}<br>" + value_label + ": %{customdata[1]:,.2f}<br>P: %{y:.2f}<br>"
                           + ctx.t("ch_col_value_at_risk", cur=cur or "") + ": %{customdata[0]:,.2f}<extra></extra>")))
    fig.add_hline(y=rt, line={"dash": "dash", "color": "#666"})
    if not log or vt > 0:
        fig.add_vline(x=vt, line={"dash": "dash", "color": "#666"})
    fig.update_layout(height=460, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      legend={"orientation": "h", "y": 1.08, "x": 0})
    fig.update_xaxes(title_text=value_label, type="log" if log else "linear")
    fig.update_yaxes(title_text=ctx.t("ch_prob_axis", h=horizon_days), range=[0, 1])
    st.plotly_chart(localise(fig, ctx.lang), key="ch_quadrants", config=PLOT_CONFIG)
    note = ctx.t("ch_log_axis", k=int((pri["value"] <= 0).sum()), floor=floor) if log else ""
    st.caption(ctx.t("ch_quadrant_caption", shown=len(shown), n=len(pri), log=note))
    s = quadrant_summary(pri)
    cur_s = cur or ""
    st.dataframe(pd.DataFrame({
        ctx.t("ch_col_quadrant"): [ctx.t(f"ch_q_{q}") for q in s["quadrant"]],
        ctx.t("ch_col_customers"): s["customers"].to_numpy(),
        ctx.t("ch_col_value", cur=cur_s): s["value"].round(0).to_numpy(),
        ctx.t("ch_col_value_at_risk", cur=cur_s): s["value_at_risk"].round(0).to_numpy(),
        ctx.t("ch_col_action"): [ctx.t(f"ch_act_{QUADRANT_ACTIONS[q]}") for q in s["quadrant"]],
    }), hide_index=True, width="stretch", key="ch_quadrant_table",
        column_config={ctx.t("ch_col_value", cur=cur_s): st.column_config.NumberColumn(format="localized"),
                       ctx.t("ch_col_value_at_risk", cur=cur_s): st.column_config.NumberColumn(format="localized")})


def contact_list(ctx: Ctx, pri: pd.DataFrame) -> None:
    st.subheader(ctx.t("ch_list_title"))
    picked = st.multiselect(ctx.t("ch_list_pick"), list(QUADRANT_ACTIONS), default=["valuable_at_risk"],
                            format_func=lambda q: ctx.t(f"ch_q_{q}"), key="ch_list_pick")
    chosen = pri[pri["quadrant"].isin(picked)].copy()
    chosen = with_contacts(chosen, contacts(ctx))  # name, phone … for the campaign tool
    st.caption(ctx.t("ch_list_count", n=len(chosen), var=money(float(chosen["value_at_risk"].sum()),
                                                                  ctx.ds.report.currency)))
    if len(chosen) > LIST_ROWS:
        st.caption(ctx.t("ch_list_shown"))
    show_list(ctx, chosen, basename=f"churn_priority_{ctx.as_of}", sheet=ctx.t("list_sheet_churn"), key="ch_priority",
              rows=LIST_ROWS, sort_by="value_at_risk", labels={"quadrant": lambda q: ctx.t(f"ch_q_{q}"),
                                                               "action": lambda a: ctx.t(f"ch_act_{a}")})
