"""The lifecycle page's parts: threshold controls, cached stage computations, the stage distribution with
its retention levers, stage counts month by month, movement between two dates, cohort retention and the
customer list by stage.

Every computation is a ``crm_core`` call (``lifecycle``, ``cohorts``, ``contacts``) cached per dataset load
(``ctx.ds.key``), as-of date and thresholds, with the store as an unhashed argument; changing a threshold
re-runs one query for the as-of date, and the month-by-month counts are one query for all months
(``sql/monthly_stage_counts.sql``: running totals, classified in the database), cached per thresholds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from crm_core.cohorts import cohort_retention, retention_matrix
from crm_core.contacts import with_contacts
from crm_core.errors import InvalidInputError
from crm_core.lifecycle import DEFAULT_THRESHOLDS, STAGES, StageThresholds, customer_stages, gap_ceilings, stage_table
from crm_core.lifecycle_over_time import (
    NOT_YET,
    VALIDATION_WINDOW_DAYS,
    month_starts,
    monthly_stage_counts,
    transition_matrix,
    transitions,
    validate_stages,
)
from crm_core.store import Store

from .cache import figure_cache, shared_result
from .charts import localise, sankey_figure
from .customer_lists import show_list
from .session import Ctx, btyd_predictions, contacts, earlier_date
from .tables import MONEY0, static_table

PLOTLY_CONFIG = {"displaylogo": False}
COHORT_MAX_TICKS = 12  # labels per axis of the cohort heatmap
COHORT_TEXT_MAX_COLUMNS = 18  # cells show their value (11 px) up to this many months …
COHORT_TEXT_MAX_ROWS = 24  # … and cohorts; beyond, values on hover only
COHORT_MAX_HEIGHT = 640  # px: fits a 720 px projector with the page header scrolled away
STAGE_COLORS = {"new": "#8FD3A8", "exploration": "#54A24B", "formation": "#4C78A8", "stable": "#2F4B7C",
                "decline": "#F58518", "lost": "#B0B0B0"}
# number inputs of the thresholds: field -> (min, max, step); defaults come from DEFAULT_THRESHOLDS
INPUTS: dict[str, tuple[float, float, float]] = {
    "new_days": (1, 730, 1), "exploration_max_orders": (1, 50, 1), "stable_min_tenure_days": (1, 3650, 1),
    "recent_days": (7, 730, 1), "growth_ratio": (0.05, 10.0, 0.05), "decline_spend_ratio": (0.0, 5.0, 0.05),
    "decline_gap_multiple": (0.5, 20.0, 0.5), "lost_gap_multiple": (0.5, 50.0, 0.5),
    "lost_min_days": (1, 3650, 1), "lost_p_alive": (0.0, 1.0, 0.01), "lost_ceiling_percentile": (50.0, 100.0, 1.0),
}  # lost_ceiling_days has no input: the page derives it from the data (the percentile above)
P_ALIVE_HORIZON, P_ALIVE_RATE = 52, 0.0  # P(alive) depends on neither; fixed so that the fit is cached once


@dataclasses.dataclass(frozen=True)
class LifecycleSettings:
    thresholds: StageThresholds
    use_p_alive: bool


def stage_name(ctx: Ctx, stage: str) -> str:
    return ctx.t(f"lc_stage_{stage}")


# ---------------------------------------------------------------- controls and cached computations

def how_it_works(ctx: Ctx):
    """The method, its source and the default thresholds, in an expander; returned, so that the check of the
    rules (:func:`rule_check`, which needs the chosen thresholds) can be added to it once they are read."""
    box = st.expander(ctx.t("lc_how_title"), icon=":material/help:")
    th = DEFAULT_THRESHOLDS
    with box:
        st.markdown(ctx.t("lc_how_body", **dataclasses.asdict(th), rest=100 - th.lost_ceiling_percentile))
    return box


@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _validation(ds_key: str, _store: Store, stage_date: dt.date, window: int, th: tuple, data_end: dt.date):
    return validate_stages(_store, stage_date, window, StageThresholds(*th), data_end=data_end)


def rule_check(ctx: Ctx, s: LifecycleSettings, box) -> None:
    """In the explanation ``box``: the rules checked against what happened next, on demand.

    The stages are those of the chosen thresholds (without P(alive)) at D' = as-of − 180 days, and the
    outcome is a purchase in [D', as-of): only data the page already shows. On demand (a toggle, off by
    default) because it assigns every customer's stage a second time; cached per dataset, date and thresholds.
    """
    window = VALIDATION_WINDOW_DAYS
    stage_date = ctx.as_of - dt.timedelta(days=window)
    with box:
        st.markdown(f"**{ctx.t('lc_check_title')}**")
        st.caption(ctx.t("lc_check_help", days=window, stage_date=stage_date, as_of=ctx.as_of))
        if stage_date <= ctx.ds.report.first_date:
            st.info(ctx.t("lc_check_too_early", days=window, first=ctx.ds.report.first_date))
            return
        if not st.toggle(ctx.t("lc_check_run"), value=False, key="lc_check"):
            return
        try:
            with st.spinner(ctx.t("lc_computing")):
                got = _validation(ctx.ds.key, ctx.ds.store, stage_date, window, dataclasses.astuple(s.thresholds),
                                  ctx.as_of)
        except InvalidInputError as err:
            st.info(err.user_message(ctx.lang))
            return
        shown = pd.DataFrame({ctx.t("lc_col_stage"): [stage_name(ctx, x) for x in got["stage"]],
                              ctx.t("lc_check_customers", date=stage_date): got["customers"],
                              ctx.t("lc_check_bought", days=window): got["bought_again"],
                              ctx.t("lc_check_share", days=window): got["bought_again_share"] * 100})
        static_table(shown, uuid="lc_check", right=list(shown.columns[1:]),
                     formats={shown.columns[1]: "{:,.0f}", shown.columns[2]: "{:,.0f}", shown.columns[3]: "{:.1f}%"})
        st.caption(ctx.t("lc_check_note"))


def controls(ctx: Ctx) -> LifecycleSettings:
    """The thresholds (number inputs, defaults = ``DEFAULT_THRESHOLDS``) and the P(alive) switch."""
    values = {}
    with st.expander(ctx.t("lc_thresholds"), icon=":material/tune:"):
        st.caption(ctx.t("lc_thresholds_help"))
        cols = st.columns(3)
        for i, f in enumerate(x for x in dataclasses.fields(StageThresholds) if x.name in INPUTS):
            lo, hi, step = INPUTS[f.name]
            default = getattr(DEFAULT_THRESHOLDS, f.name)
            kind = int if isinstance(default, int) else float
            values[f.name] = kind(cols[i % 3].number_input(
                ctx.t(f"lc_th_{f.name}"), min_value=kind(lo), max_value=kind(hi), value=default, step=kind(step),
                key=f"lc_{f.name}"))
        use_p_alive = st.toggle(ctx.t("lc_use_p_alive"), value=False, help=ctx.t("lc_use_p_alive_help"),
                                key="lc_use_p_alive")
    th = StageThresholds(**values)
    th.check()  # an impossible combination is shown by the page's user_errors
    return LifecycleSettings(th, use_p_alive)


@shared_result(max_entries=8, ttl=3600, show_spinner=False)
def _stage_inputs(ds_key: str, _store: Store, as_of: dt.date, recent_days: int) -> pd.DataFrame:
    """``sql/stage_inputs.sql`` at one date: read from the transactions once per date and recent window, then
    classified under each threshold setting the user tries (issue #14: a threshold change 0.13 → 0.05 s)."""
    return _store.run("stage_inputs", as_of_dates=[as_of], recent_days=int(recent_days))


@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _ceilings(ds_key: str, _store: Store, as_of: dt.date, percentile: float, days: float | None) -> pd.Series:
    th = dataclasses.replace(DEFAULT_THRESHOLDS, lost_ceiling_percentile=percentile, lost_ceiling_days=days)
    return gap_ceilings(_store, [as_of], th)


@shared_result(max_entries=32, ttl=3600, show_spinner=False)
def _stages(ds_key: str, _store: Store, as_of: dt.date, th: tuple, use_p_alive: bool, _p_alive):
    thresholds = StageThresholds(*th)
    return customer_stages(_store, as_of, thresholds, p_alive=_p_alive,
                           inputs=_stage_inputs(ds_key, _store, as_of, thresholds.recent_days),
                           ceilings=_ceilings(ds_key, _store, as_of, thresholds.lost_ceiling_percentile,
                                              thresholds.lost_ceiling_days))


def _p_alive(ctx: Ctx, as_of: dt.date) -> pd.Series | None:
    try:
        pred = btyd_predictions(ctx, P_ALIVE_HORIZON, P_ALIVE_RATE, "week", as_of)
    except InvalidInputError as err:
        st.warning(ctx.t("lc_p_alive_failed", msg=err.user_message(ctx.lang)), icon=":material/warning:")
        return None
    return pred.set_index("customer_id")["p_alive"]


def stages_at(ctx: Ctx, s: LifecycleSettings, as_of: dt.date | None = None) -> pd.DataFrame:
    """``crm_core.lifecycle.customer_stages`` of the session's data as of ``as_of`` (default: the sidebar's)."""
    as_of = as_of or ctx.as_of
    with st.spinner(ctx.t("lc_computing")):
        p_alive = _p_alive(ctx, as_of) if s.use_p_alive else None
        use = p_alive is not None
        return _stages(ctx.ds.key, ctx.ds.store, as_of, dataclasses.astuple(s.thresholds), use, p_alive)


@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _monthly(ds_key: str, _store: Store, dates: tuple, th: tuple):
    return monthly_stage_counts(_store, list(dates), StageThresholds(*th))


@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _cohorts(ds_key: str, _store: Store, as_of: dt.date):
    return cohort_retention(_store, as_of)


# ---------------------------------------------------------------- parts of the page

def overview(ctx: Ctx, stages: pd.DataFrame) -> None:
    """One metric per stage: customers (share)."""
    table = stage_table(stages)
    cols = st.columns(len(STAGES))
    for col, row in zip(cols, table.itertuples(), strict=True):
        share = f"{row.customer_share:.1%}" if pd.notna(row.customer_share) else "–"
        col.metric(stage_name(ctx, row.stage), f"{row.customers:,}", share, delta_color="off", delta_arrow="off")


@figure_cache()
def _share_figure(ctx: Ctx, table: pd.DataFrame, has_profit: bool) -> go.Figure:
    """Each stage's share of customers, net revenue and (when known) profit, grouped bars (``stage_table``'s rows)."""
    names = [stage_name(ctx, s) for s in table["stage"]]
    fig = go.Figure()
    series = [("customer_share", "lc_chart_of_customers", "#4C78A8"),
              ("net_revenue_share", "lc_chart_of_revenue", "#F58518")]
    if has_profit:
        series.append(("profit_share", "lc_chart_of_profit", "#54A24B"))
    for col, label, color in series:
        fig.add_trace(go.Bar(x=names, y=table[col], name=ctx.t(label), marker_color=color,
                             texttemplate="%{y:.0%}", textposition="outside",
                             hovertemplate=f"%{{x}}<br>{ctx.t(label)}: %{{y:.1%}}<extra></extra>"))
    fig.update_layout(barmode="group", height=360, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      legend={"orientation": "h", "y": 1.12, "x": 0})
    fig.update_yaxes(title_text=ctx.t("lc_chart_share"), tickformat=".0%", rangemode="tozero")
    return fig


def distribution(ctx: Ctx, s: LifecycleSettings, stages: pd.DataFrame) -> None:
    """Shares per stage (chart) and the stage table with the retention levers.

    The table is a static ``st.table`` (an HTML table), not ``st.dataframe``: its headers and cells wrap, so
    all columns fit the page at 1280 px wide instead of the last ones being cut off behind a horizontal
    scroll (``st.dataframe`` wraps neither headers nor numbers)."""
    st.caption(ctx.t("lc_dist_caption"))
    table = stage_table(stages)
    has_profit = bool(ctx.ds.report.has_profit)
    st.plotly_chart(_share_figure(ctx, table, has_profit), key="lc_shares", config=PLOTLY_CONFIG)
    currency = ctx.ds.report.currency
    cur, days = currency or "", s.thresholds.recent_days
    cols = {"customers": ctx.t("lc_col_customers"), "customer_share": ctx.t("lc_col_customer_share"),
            "net_revenue": ctx.t("lc_col_revenue", cur=cur), "net_revenue_share": ctx.t("lc_col_revenue_share")}
    if has_profit:
        cols |= {"profit": ctx.t("lc_col_profit", cur=cur), "profit_share": ctx.t("lc_col_profit_share")}
    cols |= {"recent_purchases": ctx.t("lc_col_recent_purchases", days=days, cur=cur),
             "recent_returns": ctx.t("lc_col_recent_returns", days=days, cur=cur),
             "avg_orders": ctx.t("lc_col_avg_orders"), "avg_days_since_last": ctx.t("lc_col_avg_days")}
    out = table[list(cols)].copy()
    for col in ("customer_share", "net_revenue_share", "profit_share"):
        if col in out:
            out[col] = out[col] * 100
    out.insert(0, "stage", [stage_name(ctx, x) for x in table["stage"]])
    shown = out.rename(columns={"stage": ctx.t("lc_col_stage"), **cols})
    formats = {"customers": "{:,.0f}", "customer_share": "{:.1f}%", "net_revenue_share": "{:.1f}%",
               "profit_share": "{:.1f}%", "net_revenue": MONEY0, "profit": MONEY0, "recent_purchases": MONEY0,
               "recent_returns": MONEY0, "avg_orders": "{:.1f}", "avg_days_since_last": "{:,.0f}"}  # totals: whole units
    static_table(shown, uuid="lc_stages", currency=currency, right=list(cols.values()),
                 formats={cols[c]: f for c, f in formats.items() if c in cols},
                 props={ctx.t("lc_col_stage"): {"min-width": "5.5em"}})  # stage names on one line
    st.caption(ctx.t("lc_recent_note", days=days))
    ceiling = stages["lost_ceiling_days"].iloc[0] if len(stages) else float("nan")
    th = s.thresholds
    if pd.notna(ceiling):
        st.caption(ctx.t("lc_ceiling_caption", as_of=ctx.as_of, days=f"{ceiling:,.0f}", floor=th.lost_min_days,
                         pct=th.lost_ceiling_percentile))
    else:
        st.caption(ctx.t("lc_ceiling_none", as_of=ctx.as_of))
    st.markdown(f"**{ctx.t('lc_col_action')}**")
    st.markdown("\n".join(f"- **{stage_name(ctx, x)}** — {ctx.t(f'lc_act_{x}')}" for x in table["stage"]))


def monthly(ctx: Ctx, s: LifecycleSettings) -> None:
    """Stacked area: customers per stage at the start of every month up to the as-of date."""
    st.caption(ctx.t("lc_monthly_caption"))
    dates = month_starts(ctx.ds.report.first_date, ctx.as_of)
    with st.spinner(ctx.t("lc_monthly_running")):
        counts = _monthly(ctx.ds.key, ctx.ds.store, tuple(dates), dataclasses.astuple(s.thresholds))
    st.plotly_chart(_monthly_figure(ctx, counts), key="lc_monthly", config=PLOTLY_CONFIG)


@figure_cache()
def _monthly_figure(ctx: Ctx, counts: pd.DataFrame) -> go.Figure:
    """Customers per stage at each month start (``monthly_stage_counts``' rows), stacked areas."""
    fig = go.Figure()
    for stage in STAGES:
        name = stage_name(ctx, stage)
        fig.add_trace(go.Scatter(x=counts["as_of"], y=counts[stage], name=name, mode="lines", stackgroup="one",
                                 line={"width": 0.5, "color": STAGE_COLORS[stage]},
                                 hovertemplate=f"{name}: %{{y:,}}<extra></extra>"))
    fig.update_layout(height=420, margin={"l": 10, "r": 10, "t": 30, "b": 10}, hovermode="x unified",
                      legend={"orientation": "h", "y": 1.1, "x": 0})
    fig.update_xaxes(title_text=ctx.t("lc_monthly_x"))
    fig.update_yaxes(title_text=ctx.t("lc_metric_customers"), tickformat=",d", rangemode="tozero")
    return fig


def movement(ctx: Ctx, s: LifecycleSettings, stages: pd.DataFrame) -> None:
    """Sankey and transition matrix between an earlier date and the as-of date."""
    before_date = earlier_date(ctx, ctx.t("lc_movement_from"), "lc_movement_too_early", "lc_before")
    if before_date is None:
        return
    before = stages_at(ctx, s, before_date)
    if before.empty:
        st.info(ctx.t("lc_movement_too_early", first=ctx.ds.report.first_date))
        return
    flows = transitions(before, stages)
    st.caption(ctx.t("lc_movement_caption", before=before_date, after=ctx.as_of))
    left = {x: stage_name(ctx, x) + " ◀" for x in (NOT_YET, *STAGES)}
    right = {x: "▶ " + stage_name(ctx, x) for x in STAGES}
    colors = {NOT_YET: "#D9D9D9", **STAGE_COLORS}
    st.plotly_chart(localise(sankey_figure(flows, left=left, right=right, colors=colors), ctx.lang), key="lc_sankey",
                    config=PLOTLY_CONFIG)
    st.markdown(f"**{ctx.t('lc_matrix_title')}**")
    m = transition_matrix(flows)
    m.index = [stage_name(ctx, x) for x in m.index]
    m.columns = [stage_name(ctx, x) for x in m.columns]
    m.index.name = ctx.t("lc_matrix_before")
    st.dataframe(m, width="stretch", key="lc_matrix")


def cohorts(ctx: Ctx) -> None:
    """Heatmap: cohort (first-order month) × months since first order, cells = retention share."""
    st.caption(ctx.t("lc_cohort_caption"))
    data = _cohorts(ctx.ds.key, ctx.ds.store, ctx.as_of)
    m = retention_matrix(data)
    if m.empty:
        return
    sizes = data.groupby("cohort_month")["cohort_size"].first().reindex(m.index)
    st.plotly_chart(_cohort_figure(ctx, m, sizes), key="lc_cohorts", config=PLOTLY_CONFIG)


@figure_cache()
def _cohort_figure(ctx: Ctx, m: pd.DataFrame, sizes: pd.Series) -> go.Figure:
    """The retention matrix ``m`` (cohort month × months since the first order) as a heatmap; ``sizes`` per cohort."""
    y = [f"{d.year}年{d.month}月" if ctx.lang == "zh" else d.strftime("%b %Y") for d in m.index]
    custom = [[int(n)] * m.shape[1] for n in sizes]
    # readable at 1280 × 720: values printed in the cells only while they fit at 11 px, else on hover;
    # at most about 12 labels per axis
    fits = m.shape[1] <= COHORT_TEXT_MAX_COLUMNS and len(y) <= COHORT_TEXT_MAX_ROWS
    every_y = max(1, -(-len(y) // COHORT_MAX_TICKS))
    every_x = max(1, -(-m.shape[1] // COHORT_MAX_TICKS))
    xs = [str(c) for c in m.columns]
    # month 0 is 100 % by definition: the colours span the later months, so their differences show
    later = m.iloc[:, 1:].max().max() if m.shape[1] > 1 else 1.0
    top = float(later) if pd.notna(later) and later > 0 else 1.0
    fig = go.Figure(go.Heatmap(
        z=m.to_numpy(), x=xs, y=y, colorscale="Blues", zmin=0, zmax=top,
        customdata=custom, texttemplate="%{z:.0%}" if fits else None, textfont={"size": 11},
        colorbar={"title": {"text": ctx.t("lc_cohort_share")}, "tickformat": ".0%"},
        hovertemplate=(f"{ctx.t('lc_cohort_y')}: %{{y}}<br>{ctx.t('lc_cohort_x')}: %{{x}}<br>"
                       f"{ctx.t('lc_cohort_share')}: %{{z:.1%}}<br>{ctx.t('lc_cohort_size')}: %{{customdata:,}}"
                       "<extra></extra>")))
    fig.update_layout(height=min(COHORT_MAX_HEIGHT, max(360, 22 * len(y) + 120)),
                      margin={"l": 10, "r": 10, "t": 10, "b": 10}, font={"size": 12})
    fig.update_xaxes(title_text=ctx.t("lc_cohort_x"), type="category", tickfont={"size": 12},
                     tickvals=xs[::every_x])
    fig.update_yaxes(title_text=ctx.t("lc_cohort_y"), type="category", autorange="reversed", tickfont={"size": 12},
                     tickvals=y[::every_y])
    return fig


def customer_list(ctx: Ctx, stages: pd.DataFrame) -> None:
    """Customers of the chosen stages with their stage inputs and contact columns; CSV / Excel download."""
    picked = st.multiselect(ctx.t("lc_export_pick"), list(STAGES), default=["decline"],
                            format_func=lambda x: stage_name(ctx, x), key="lc_export_pick")
    chosen = stages[stages["stage"].isin(picked)].copy()
    for col in ("first_order_date", "last_order_date"):
        chosen[col] = pd.to_datetime(chosen[col]).dt.date
    chosen.insert(3, "stage_action", [ctx.t(f"lc_act_{x}") for x in chosen["stage"]])
    chosen = with_contacts(chosen, contacts(ctx))  # name, phone … for the campaign tool
    st.caption(ctx.t("lc_export_count", n=len(chosen)) + " " + ctx.t("lc_export_caption"))
    show_list(ctx, chosen, basename=f"lifecycle_{ctx.as_of}", sheet=ctx.t("list_sheet_lifecycle"), key="lc_export",
              sort_by="net_revenue", labels={"stage": lambda x: stage_name(ctx, x),
                                             "rule": lambda r: ctx.t(f"lc_rule_{r}")})
