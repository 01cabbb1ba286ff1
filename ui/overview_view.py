"""The overview page's parts (issue #13, section 1): the workshop guide, the comparison period, the KPI cards
with their change and a link to their page, what changed between the two dates, and the model-based cards
(customer equity, customers and value at risk).

The figures are ``crm_core.overview`` / ``crm_core.movement`` calls cached per dataset load (``ctx.ds.key``),
as-of date and period; the model cards reuse the CLV and churn pages' own cached fits.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from crm_core import movement, overview, transitions
from crm_core.churn.priority import DEFAULT_RISK_THRESHOLD
from crm_core.clv.customer_value import PERIODS_PER_YEAR, default_rate
from crm_core.errors import InvalidInputError
from crm_core.pyramid import UNKNOWN
from crm_core.store import Store
from crm_core.value import available_metrics

from . import churn_view, links
from .cache import shared_result
from .format import money
from .handout import build_html
from .session import Ctx, btyd_predictions, report_of, summary
from .settings import keep, kpi_period, report_settings

GUIDE_STEPS = (("pyramid", 1), ("rfm", 2), ("clv", 3), ("lifecycle", 4), ("loyalty", 5), ("churn", 6))
KPI_PAGE = {"active_customers": "lifecycle", "new_customers": "lifecycle", "revenue": "pyramid",
            "profit": "pyramid", "orders_per_customer": "rfm", "avg_order_value": "rfm",
            "repeat_purchase_rate": "loyalty", "retention_rate": "loyalty", "top_share": "pyramid",
            "equity": "clv", "at_risk": "churn", "value_at_risk": "churn"}
DIM_PAGE = {"tier": "pyramid", "rfm_segment": "rfm", "stage": "lifecycle"}
MONEY_KPIS = frozenset({"revenue", "profit", "avg_order_value", "equity", "value_at_risk"})
RATE_KPIS = frozenset({"repeat_purchase_rate", "retention_rate", "top_share"})
COUNT_KPIS = frozenset({"active_customers", "new_customers", "at_risk"})
CARDS_PER_ROW = 4


# ---------------------------------------------------------------- cached crm_core calls
@shared_result(max_entries=32, ttl=3600, show_spinner=False)
def _kpis(ds_key: str, _store: Store, as_of: dt.date, period: str, has_profit: bool) -> dict:
    return overview.kpis(_store, as_of, period, has_profit=has_profit)


@shared_result(max_entries=32, ttl=3600, show_spinner=False)
def _windows(ds_key: str, _store: Store, as_of: dt.date, period: str) -> list:
    return overview.window_bounds(as_of, period)


@shared_result(max_entries=8, ttl=3600, show_spinner=False)
def _handout(ds_key: str, as_of: dt.date, lang: str, settings, period: str, _customers, _summary: dict, _report,
             _kpis: dict) -> bytes:
    # the unhashed inputs are fixed by ds_key, as_of, settings and period (the cached customer report and KPIs)
    return build_html(_customers, _summary, _report, _kpis, lang, period).encode("utf-8")


@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _changes(ds_key: str, _store: Store, since: dt.date, as_of: dt.date, has_profit: bool) -> dict:
    """Per view: (customers who changed group, customers in a group on both dates, the three largest moves as
    (customers, from, to)), and ``"new"``: the customers whose first order falls between the dates. Only these
    small figures are cached (a warm overview unpickles and filters no flow table: issue #14)."""
    flows = movement.changes(_store, since, as_of, has_profit=has_profit)
    first = next(iter(flows.values()))
    out = {"new": int(first.loc[first["from"] == movement.NEW, "customers"].sum())}
    for dim, flow in flows.items():
        moved, total = transitions.moved_count(flow, movement.NEW)
        top = transitions.largest_moves(flow, movement.NEW)
        out[dim] = (moved, total, [(int(r.customers), r[0], r[1]) for r in top.itertuples(index=False)])
    return out


@dataclass(frozen=True)
class ModelFigures:
    """The overview's model cards: (now, at the window's start) per card, NaN where the data cannot support the
    model at the start; ``None`` and the reason (in the session's language) where it cannot now."""

    equity: tuple[float, float] | None
    equity_error: str | None
    at_risk: tuple[float, float] | None
    value_at_risk: tuple[float, float] | None
    churn_error: str | None


@shared_result(max_entries=32, ttl=3600, show_spinner=False)
def _model_figures(ds_key: str, as_of: dt.date, since: dt.date, settings, rate: float, horizon: int | None,
                   horizon_error: str | None, lang: str, _ctx: Ctx) -> ModelFigures:
    """:class:`ModelFigures` from the CLV and churn pages' cached fits (the unhashed ``_ctx`` is fixed by
    ``ds_key``, ``as_of`` and ``lang``); no churn figures where the data gives no horizon. Only the figures are cached: a warm overview no longer unpickles four
    prediction and score tables and merges them on every run (issue #14)."""
    nan = float("nan")
    s = settings
    try:
        pred = btyd_predictions(_ctx, s.horizon, rate, s.time_unit)
        equity_error = None
    except InvalidInputError as err:
        pred, equity_error = None, err.user_message(lang)
    prev_pred = _or_none(lambda: btyd_predictions(_ctx, s.horizon, rate, s.time_unit, as_of=since))
    equity = None if pred is None else (float(pred["clv_expected"].sum()),
                                        float(prev_pred["clv_expected"].sum()) if prev_pred is not None else nan)
    if horizon is None:
        return ModelFigures(equity, equity_error, None, None, horizon_error)
    try:
        rep = churn_view.report(_ctx, horizon)
    except InvalidInputError as err:
        return ModelFigures(equity, equity_error, None, None, err.user_message(lang))
    prev = _or_none(lambda: churn_view.report(_ctx, horizon, as_of=since))
    now_risk, prev_risk = _at_risk(rep.scores), _at_risk(prev.scores) if prev is not None else None
    at_risk = (float(len(now_risk)), float(len(prev_risk)) if prev_risk is not None else nan)
    value_at_risk = None
    if pred is not None:
        before = (_value_at_risk(prev_risk, prev_pred) if prev_risk is not None and prev_pred is not None else nan)
        value_at_risk = (_value_at_risk(now_risk, pred), before)
    return ModelFigures(equity, equity_error, at_risk, value_at_risk, None)


# ---------------------------------------------------------------- links and formats
def page_link(ctx: Ctx, page: str) -> None:
    """A link to ``page`` labelled "Open <its title>"."""
    links.page_link(ctx.t("ov_go", page=ctx.t(f"nav_{page}")), page)


def _period_word(ctx: Ctx, period: str) -> str:
    return ctx.t(f"ov_period_word_{period}")


def _cur(ctx: Ctx) -> str:
    c = ctx.ds.report.currency
    return f" [{c}]" if c else ""


def _fmt(ctx: Ctx, kpi: str, x: float) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if kpi in MONEY_KPIS:
        return money(x, ctx.ds.report.currency, decimals=2 if abs(x) < 1_000 else 0)
    if kpi in RATE_KPIS:
        return f"{x:.1%}"
    if kpi in COUNT_KPIS:
        return f"{x:,.0f}"
    return f"{x:,.2f}"


def _delta(ctx: Ctx, k: overview.Kpi) -> str | None:
    """The change as the card shows it: points for rates, else the difference and the relative change."""
    if math.isnan(k.value) or math.isnan(k.previous):
        return None
    if k.kpi in RATE_KPIS:
        return ctx.t("ov_pp", value=f"{k.change * 100:+.1f}")
    sign = "+" if k.change >= 0 else "-"
    diff = _fmt(ctx, k.kpi, abs(k.change))
    rel = "" if math.isnan(k.relative) else f" ({k.relative:+.1%})"
    return f"{sign}{diff}{rel}"


# ---------------------------------------------------------------- sections
def guide(ctx: Ctx) -> None:
    """The workshop guide ("Start here"): the course's order, a sentence and a link per step; switchable."""
    if not st.toggle(ctx.t("ov_guide_toggle"), value=True, key="ov_guide"):
        return
    with st.container(border=True):
        st.markdown(f"**{ctx.t('ov_guide_title')}**")
        for page, n in GUIDE_STEPS:
            left, right = st.columns([3, 1], vertical_alignment="center")  # [4, 1] cut "Open Customer pyramid"
            left.markdown(f"{n}. {ctx.t(f'ov_guide_{n}')}")
            with right:
                page_link(ctx, page)


def _file_part(name: str) -> str:
    """A dataset's name as part of a file name: its stem, with anything but letters, digits, - and _ as _."""
    return re.sub(r"[^\w-]+", "_", Path(name).stem).strip("_") or "data"


def handout_button(ctx: Ctx) -> None:
    """"Download report (HTML)": the file is written when the button is clicked (the customer report takes
    seconds), for the session's dataset, as-of date, language and the settings the user left on the pages
    (cut points, horizon, …; :mod:`ui.settings`); the same file as ``report --html`` with those options."""
    ds, as_of, lang = ctx.ds, ctx.as_of, ctx.lang

    settings, period = report_settings(ds.key, as_of), kpi_period()  # as the user left the pages' widgets

    def build() -> bytes:  # on click: the customer report (cached per dataset, date and settings), then the file
        customers, summary = report_of(ctx, settings=settings)
        figures = _kpis(ds.key, ds.store, as_of, period, ds.report.has_profit)
        return _handout(ds.key, as_of, lang, settings, period, customers, summary, ds.report, figures)

    st.download_button(ctx.t("ho_download"), build,
                       file_name=f"report_{_file_part(ds.report.source_name)}_{as_of}_{lang}.html", mime="text/html",
                       on_click="ignore", key="ov_handout", icon=":material/download:", help=ctx.t("ho_download_help"))


def period_control(ctx: Ctx) -> str:
    return keep("ov_period", st.segmented_control(
        ctx.t("ov_period"), list(overview.PERIOD_MONTHS), default=kpi_period(),
        format_func=lambda p: ctx.t(f"ov_period_{p}"), key="ov_period")) or overview.DEFAULT_PERIOD  # can be cleared


def windows(ctx: Ctx, period: str) -> list[tuple[dt.date, dt.date]]:
    return _windows(ctx.ds.key, ctx.ds.store, ctx.as_of, period)


def caption(ctx: Ctx, period: str, bounds: list[tuple[dt.date, dt.date]]) -> None:
    (ps, pe), (cs, ce) = bounds[-2], bounds[-1]
    word = _period_word(ctx, period)
    st.caption(ctx.t("ov_windows", period=word, start=cs, end=ce, prev_start=ps, prev_end=pe))


def _card(ctx: Ctx, col, kpi: str, value: float, delta: str | None, help_text: str, **fmt) -> None:
    # a change that rounds to nothing ("+0.0 pp") gets no green or red arrow
    flat = delta is not None and not any(ch in "123456789" for ch in delta.split("(")[0])
    with col.container(border=True):
        st.metric(ctx.t(f"ov_kpi_{kpi}", cur=_cur(ctx), **fmt), _fmt(ctx, kpi, value), delta, help=help_text,
                  delta_color="off" if flat else "inverse" if kpi in WORSE_WHEN_UP else "normal")
        page_link(ctx, KPI_PAGE[kpi])


MODEL_CARDS = 3  # customer equity, customers at risk, value at risk
WORSE_WHEN_UP = frozenset({"at_risk", "value_at_risk"})  # their rise is shown in red


def kpi_cards(ctx: Ctx, period: str) -> list:
    """The order-based KPI cards, four per row, each with its change and its page; returns the grid's free
    cells for the :data:`MODEL_CARDS` model cards (the grid has room for them, so no card stands alone)."""
    st.subheader(ctx.t("ov_sec_kpis"))
    has_profit = ctx.ds.report.has_profit
    figures = _kpis(ctx.ds.key, ctx.ds.store, ctx.as_of, period, has_profit)
    word = _period_word(ctx, period)
    metric = ctx.t(f"pyr_metric_{available_metrics(summary(ctx), has_profit=has_profit)[0]}")
    shown = [k for k in overview.KPIS if k != "profit" or has_profit]
    cells = [c for _ in range(-(-(len(shown) + MODEL_CARDS) // CARDS_PER_ROW)) for c in st.columns(CARDS_PER_ROW)]
    for col, kpi in zip(cells, shown, strict=False):
        k = figures[kpi]
        help_text = ctx.t(f"ov_kpi_{kpi}_help", period=word, metric=metric) + "  \n" + \
            ctx.t("ov_prev", period=word, value=_fmt(ctx, kpi, k.previous))
        _card(ctx, col, kpi, k.value, _delta(ctx, k), help_text)
    if not has_profit:
        st.caption(ctx.t("ov_kpi_profit_none"))
    return cells[len(shown):]


def model_cards(ctx: Ctx, period: str, bounds: list[tuple[dt.date, dt.date]], cols: list) -> None:
    """Customer equity, customers at risk and value at risk in the grid cells ``cols``, each with its change since
    the start of the current window (the models fitted again as of that date), from the CLV and churn pages'
    cached models with the settings the user left there; a model the data cannot support says why, the rest
    stands."""
    word = _period_word(ctx, period)
    since = bounds[-1][0]
    s = report_settings(ctx.ds.key, ctx.as_of)
    rate = s.discount_rate if s.discount_rate is not None else default_rate(PERIODS_PER_YEAR[s.time_unit])
    try:
        horizon, horizon_error = churn_view.horizon_in_use(ctx), None
    except InvalidInputError as err:
        horizon, horizon_error = None, err.user_message(ctx.lang)
    with st.spinner(ctx.t("ov_models_running")):
        f = _model_figures(ctx.ds.key, ctx.as_of, since, s, rate, horizon, horizon_error, ctx.lang, ctx)
    if f.equity is None:
        cols[0].info(ctx.t("ov_model_failed", what=ctx.t("ov_kpi_equity", cur=""), msg=f.equity_error))
    else:
        _model_card(ctx, cols[0], "equity", *f.equity,
                    ctx.t("ov_kpi_equity_help", period=word, horizon=s.horizon, rate=f"{rate:.4%}",
                          unit=ctx.t(f"ho_unit_{s.time_unit}")), word)
    if f.at_risk is None:
        cols[1].info(ctx.t("ov_model_failed", what=ctx.t("ov_kpi_at_risk"), msg=f.churn_error))
        cols[2].info(ctx.t("ov_model_failed", what=ctx.t("ov_kpi_value_at_risk", cur=""), msg=f.churn_error))
        return
    _model_card(ctx, cols[1], "at_risk", *f.at_risk, ctx.t("ov_kpi_at_risk_help", h=horizon, period=word), word)
    if f.value_at_risk is not None:
        _model_card(ctx, cols[2], "value_at_risk", *f.value_at_risk, ctx.t("ov_kpi_value_at_risk_help"), word)


def _or_none(compute):
    """``compute()``, or None when the data cannot support the model at that date (then the change is "–")."""
    try:
        return compute()
    except InvalidInputError:
        return None


def _at_risk(scores: pd.DataFrame) -> pd.DataFrame:
    """The customers whose churn probability is at least the risk threshold (50 %)."""
    return scores.loc[scores["churn_prob"] >= DEFAULT_RISK_THRESHOLD, ["customer_id", "churn_prob"]]


def _value_at_risk(at_risk: pd.DataFrame, pred: pd.DataFrame) -> float:
    """Σ predicted CLV × churn probability over the customers at risk [currency]."""
    value = at_risk.merge(pred[["customer_id", "clv_expected"]], on="customer_id", how="left")
    return float((value["clv_expected"].fillna(0) * value["churn_prob"]).sum())


def _model_card(ctx: Ctx, col, kpi: str, value: float, before: float, help_text: str, word: str) -> None:
    k = overview.Kpi(kpi, value, before)
    _card(ctx, col, kpi, value, _delta(ctx, k),
          help_text + "  \n" + ctx.t("ov_prev", period=word, value=_fmt(ctx, kpi, before)))


def _group_label(ctx: Ctx, dim: str, group: str) -> str:
    if dim == "tier" and group == UNKNOWN:
        return ctx.t("ov_tier_unknown")
    prefix = {"tier": "pyr_tier_", "rfm_segment": "seg_", "stage": "lc_stage_"}[dim]
    return ctx.t(f"{prefix}{group}")


def changes(ctx: Ctx, bounds: list[tuple[dt.date, dt.date]]) -> None:
    """Per view: how many existing customers changed group since the start of the current window, and the
    three largest flows as sentences, with a link to the view."""
    since = bounds[-1][0]
    st.subheader(ctx.t("ov_sec_changes", since=since))
    flows = _changes(ctx.ds.key, ctx.ds.store, since, ctx.as_of, ctx.ds.report.has_profit)
    st.caption(ctx.t("ov_changes_caption", since=since, new=flows["new"]))
    cols = st.columns(len(movement.DIMENSIONS))
    for col, dim in zip(cols, movement.DIMENSIONS, strict=True):
        with col.container(border=True):
            st.markdown(f"**{ctx.t(f'ov_dim_{dim}')}**")
            moved, total, top = flows[dim]
            if total == 0:
                st.write(ctx.t("ov_no_before", since=since))
            else:
                st.write(ctx.t("ov_moved", moved=moved, total=total))
                lines = [ctx.t("ov_flow", n=n, src=_group_label(ctx, dim, src), dst=_group_label(ctx, dim, dst))
                         for n, src, dst in top]
                st.markdown("\n".join(f"- {s}" for s in lines) if lines else ctx.t("ov_no_moves"))
            page_link(ctx, DIM_PAGE[dim])

