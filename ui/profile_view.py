"""The customer profile page's parts (issue #13, section 2): the customer picker (also from ``?customer=ID`` and
from any customer list), the headline figures, where the customer stands in every view with its action, the
order timeline and list, the lifecycle stage month by month, and the contact columns.

Every figure is the customer's row of :func:`crm_core.customer_report.customer_report` (cached per dataset load
and as-of date): the same numbers as the command line's ``report`` and ``profile``.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from crm_core.lifecycle import STAGES, customer_stages
from crm_core.lifecycle_over_time import month_starts
from crm_core.loyalty.quadrants import QUADRANT_ACTIONS
from crm_core.profile import NOT_FOUND, CustomerProfile, customer_profile
from crm_core.rfm import CLASS8_NAMES_ZH
from crm_core.store import Store

from .charts import localise
from .downloads import download_table
from .format import money
from .links import QUERY_KEY
from .session import Ctx, report_of
from .session import contacts as session_contacts

PICK_OPTIONS = 50_000  # customers offered in the picker (most valuable first); any other id can be typed
HISTORY_MONTHS = 12
CLASS8_IDS = {zh: k for k, zh in CLASS8_NAMES_ZH.items()}
PLOTLY_CONFIG = {"displaylogo": False}


# ---------------------------------------------------------------- cached computations
@st.cache_resource(max_entries=4, ttl=3600, show_spinner=False)
def _stages_by_month(ds_key: str, _store: Store, first: dt.date, as_of: dt.date) -> pd.DataFrame:
    """Every customer's lifecycle stage at the history's dates (the last :data:`HISTORY_MONTHS` month starts
    before ``as_of``, then ``as_of``): one int8 column per date holding the index in ``STAGES`` (-1: no purchase
    line yet), indexed by customer id. Built once per dataset and date, then read by every profile opened —
    before, each customer picked ran ``customer_stages`` at every date again (issue #14: 1.8 s per pick on the
    sample). ``cache_resource``: shared and never copied per run, so callers must not modify it."""
    dates = [d for d in month_starts(first, as_of) if d < as_of][-HISTORY_MONTHS:] + [as_of]
    code = {name: i for i, name in enumerate(STAGES)}
    columns = {}
    for d in dates:
        stages = customer_stages(_store, d)
        columns[d] = pd.Series(stages["stage"].map(code).to_numpy(dtype="int8"),
                               index=stages["customer_id"].astype(str).to_numpy())
    return pd.DataFrame(columns).fillna(-1).astype("int8")


def _stage_history(ds_key: str, _store: Store, first: dt.date, as_of: dt.date, customer_id: str) -> pd.DataFrame:
    """``as_of, stage`` of one customer at the history's dates (stage None before the first purchase line)."""
    wide = _stages_by_month(ds_key, _store, first, as_of)
    codes = wide.loc[customer_id].to_numpy() if customer_id in wide.index else [-1] * len(wide.columns)
    return pd.DataFrame({"as_of": list(wide.columns),
                         "stage": [STAGES[c] if c >= 0 else None for c in codes]}, columns=["as_of", "stage"])


def report_table(ctx: Ctx) -> pd.DataFrame:
    """Every customer's report row as of the sidebar's date (computed once per dataset and date)."""
    with st.spinner(ctx.t("prof_computing", as_of=ctx.as_of)):
        return report_of(ctx)[0]


# ---------------------------------------------------------------- sections
def pick(ctx: Ctx, table: pd.DataFrame) -> str | None:
    """The customer to show: ``?customer=`` first, then the picker (most valuable first; any id may be typed)."""
    ranked = table.sort_values(["net_revenue", "customer_id"], ascending=[False, True])["customer_id"].astype(str)
    options = ranked.head(PICK_OPTIONS).tolist()
    wanted = st.query_params.get(QUERY_KEY)
    if wanted and wanted not in options:
        options.insert(0, wanted)
    index = options.index(wanted) if wanted else None
    cid = st.selectbox(ctx.t("prof_pick"), options, index=index, accept_new_options=True, key="prof_customer",
                       placeholder=ctx.t("prof_pick_placeholder", example=options[0] if options else ""),
                       help=ctx.t("prof_pick_help"))
    if cid:
        st.query_params[QUERY_KEY] = str(cid)
    return str(cid).strip() if cid else None


def profile(ctx: Ctx, table: pd.DataFrame, customer_id: str) -> CustomerProfile | None:
    """The profile, or None after a plain message (no such customer, or returns only)."""
    prof = customer_profile(ctx.ds.store, table, customer_id, ctx.as_of, session_contacts(ctx))
    if prof.missing == NOT_FOUND:
        st.info(ctx.t("prof_not_found", cid=customer_id, as_of=ctx.as_of))
        return None
    if prof.missing:
        st.info(ctx.t("prof_returns_only", cid=customer_id, as_of=ctx.as_of, n=int(prof.orders["lines"].sum())))
        return None
    return prof


def _cur(ctx: Ctx) -> str:
    c = ctx.ds.report.currency
    return f" [{c}]" if c else ""


def _money(ctx: Ctx, x) -> str:
    return "–" if x is None or pd.isna(x) else money(float(x), ctx.ds.report.currency, decimals=2)


def headline(ctx: Ctx, prof: CustomerProfile) -> None:
    r, cur = prof.row, _cur(ctx)
    name = next((str(v) for k, v in prof.contacts.items() if v is not None and "name" in k.lower()), None)
    st.subheader(f"{prof.customer_id}" + (f" · {name}" if name else ""))
    cols = st.columns(4)
    cols[0].metric(ctx.t("prof_m_orders"), f"{int(r['orders']):,}")
    cols[1].metric(ctx.t("prof_m_net", cur=cur), _money(ctx, r["net_revenue"]))
    profit = r.get("profit")
    cols[2].metric(ctx.t("prof_m_profit", cur=cur), _money(ctx, profit) if ctx.ds.report.has_profit and
                   not pd.isna(profit) else "–",
                   help=ctx.t("prof_unknown_profit") if ctx.ds.report.has_profit and pd.isna(profit) else None)
    cols[3].metric(ctx.t("prof_m_aov", cur=cur), _money(ctx, r["avg_order_value"]))
    cols = st.columns(4)
    cols[0].metric(ctx.t("prof_m_first"), str(pd.Timestamp(r["first_order_date"]).date()))
    cols[1].metric(ctx.t("prof_m_last"), str(pd.Timestamp(r["last_order_date"]).date()))
    cols[2].metric(ctx.t("prof_m_days"), f"{int(r['days_since_last_order']):,}")
    cols[3].metric(ctx.t("prof_m_returns", cur=cur), _money(ctx, r["returns"]))


def _num(x, fmt: str) -> str | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x) else format(float(x), fmt)


def standing(ctx: Ctx, prof: CustomerProfile, churn_horizon: int | None) -> None:
    """One table: each view's reading of this customer and its action."""
    st.markdown(f"**{ctx.t('prof_sec_stand')}**")
    r, cur = prof.row, _cur(ctx)
    class8 = CLASS8_IDS.get(r["rfm_class8"])
    quadrant, rung = r.get("loyalty_quadrant"), r.get("ladder_rung")
    churn = r.get("churn_prob")
    seg = r["rfm_segment"]
    rows = [
        (ctx.t("prof_v_tier"), ctx.t(f"pyr_tier_{r['tier']}") if r["tier"] != "unknown" else ctx.t("ov_tier_unknown"),
         ctx.t(f"pyr_act_{r['tier']}") if r["tier"] != "unknown" else ""),
        (ctx.t("prof_v_rfm"), f"{r['rfm_code']} · " + ctx.t(f"seg_{seg}"), ctx.t(f"seg_{seg}_act")),
        (ctx.t("prof_v_class8"), ctx.t(f"c8_{class8}") if class8 else "–", ctx.t(f"c8_{class8}_act") if class8 else ""),
        (ctx.t("prof_v_stage"), ctx.t(f"lc_stage_{r['lifecycle_stage']}"), ctx.t(f"lc_act_{r['lifecycle_stage']}")),
        (ctx.t("prof_v_quadrant"), ctx.t(f"lom_q_{quadrant}") if isinstance(quadrant, str) else "–",
         ctx.t(f"lom_act_{QUADRANT_ACTIONS[quadrant]}") if isinstance(quadrant, str) else ""),
        (ctx.t("prof_v_ladder"), ctx.t(f"lom_rung_{rung}") if isinstance(rung, str) else "–", ""),
        (ctx.t("prof_v_score"), _num(r.get("loyalty_score"), ".3f") or "–", ""),
        (ctx.t("prof_v_regularity"), _num(r.get("regularity"), ".2f") or "–", ""),
        (ctx.t("prof_v_alive"), _num(r.get("p_alive"), ".1%") or "–", ""),
        (ctx.t("prof_v_expected"), _num(r.get("expected_purchases"), ".2f") or "–", ""),
        (ctx.t("prof_v_clv", cur=cur), _money(ctx, r.get("clv_pred")), ""),
        (ctx.t("prof_v_churn", h=churn_horizon or "–"), _num(churn, ".1%") or "–",
         "" if _num(churn, ".3f") is None else ctx.t("prof_churn_high" if churn >= 0.5 else "prof_churn_low")),
    ]
    table = pd.DataFrame(rows, columns=[ctx.t("prof_col_view"), ctx.t("prof_col_value"), ctx.t("prof_col_action")])
    st.table(table.replace(r"\*\*", "", regex=True), hide_index=True)  # the actions' bold marks: plain in a table


def orders(ctx: Ctx, prof: CustomerProfile) -> None:
    """The order timeline (each order a point; one with a return marked) and the order list with a download."""
    st.markdown(f"**{ctx.t('prof_sec_orders')}**")
    o, cur = prof.orders, _cur(ctx)
    real = o[o["is_order"]]
    returned = real["returns"] > 0
    fig = go.Figure()
    for mask, label, symbol, color in ((~returned, "prof_chart_order", "circle", "#4C78A8"),
                                       (returned, "prof_chart_return", "x", "#E45756")):
        part = real[mask]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(x=part["first_ts"], y=part["net"], mode="markers", name=ctx.t(label),
                                 marker={"symbol": symbol, "size": 10, "color": color}, customdata=part["order_key"],
                                 hovertemplate="%{customdata}<br>%{x|%Y-%m-%d}<br>%{y:,.2f}<extra></extra>"))
    fig.update_layout(height=320, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      legend={"orientation": "h", "y": 1.12, "x": 0})
    fig.update_xaxes(title_text=ctx.t("prof_chart_day"))
    fig.update_yaxes(title_text=ctx.t("prof_chart_net", cur=cur), tickformat=",.0f", rangemode="tozero")
    st.plotly_chart(localise(fig, ctx.lang), key="prof_orders_chart", config=PLOTLY_CONFIG)
    st.caption(ctx.t("prof_orders_caption", n=len(real), returns=int((~o["is_order"]).sum())))
    shown = pd.DataFrame({
        ctx.t("prof_col_order"): o["order_key"], ctx.t("prof_col_time"): o["first_ts"].dt.strftime("%Y-%m-%d %H:%M"),
        ctx.t("prof_col_lines"): o["lines"], ctx.t("prof_col_purchases", cur=cur): o["purchases"].round(2),
        ctx.t("prof_col_returns", cur=cur): o["returns"].round(2), ctx.t("prof_col_net", cur=cur): o["net"].round(2),
        ctx.t("prof_col_kind"): [ctx.t("prof_kind_order" if k else "prof_kind_return") for k in o["is_order"]],
    })
    st.dataframe(shown, hide_index=True, width="stretch", height=240, key="prof_orders_table")
    download_table(shown, f"orders_{prof.customer_id}_{ctx.as_of.isoformat()}", ctx.lang, key="prof_orders_dl",
                   sheet=ctx.t("prof_sheet"))


def stage_history(ctx: Ctx, prof: CustomerProfile) -> None:
    st.markdown(f"**{ctx.t('prof_sec_history')}**")
    hist = _stage_history(ctx.ds.key, ctx.ds.store, ctx.ds.report.first_date, ctx.as_of, prof.customer_id)
    st.caption(ctx.t("prof_history_caption", n=len(hist) - 1))
    shown = pd.DataFrame({ctx.t("prof_col_date"): [d.isoformat() for d in hist["as_of"]],
                          ctx.t("prof_col_stage"): [ctx.t(f"lc_stage_{s}") if isinstance(s, str) else
                                                   ctx.t("prof_not_yet") for s in hist["stage"]]})
    st.table(shown, hide_index=True)


def contacts(ctx: Ctx, prof: CustomerProfile) -> None:
    st.markdown(f"**{ctx.t('prof_sec_contacts')}**")
    if not prof.contacts:
        st.caption(ctx.t("prof_no_contacts"))
        return
    st.table(pd.DataFrame([(k, "–" if v is None or pd.isna(v) else str(v)) for k, v in prof.contacts.items()],
                          columns=[ctx.t("prof_col_field"), ctx.t("prof_col_field_value")]), hide_index=True)


def churn_horizon(ctx: Ctx) -> int | None:
    return report_of(ctx)[1]["churn"].get("horizon_days")
