"""The RFM page's parts: controls, cut points, heatmap, segments, 8 classes, movement, campaign list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from crm_core.contacts import with_contacts
from crm_core.rfm import (
    CLASS8,
    SEGMENTS,
    CutPoints,
    movers,
    rf_grid,
    score_rfm,
    segment_table,
    segment_transition_matrix,
    transitions,
)

from .cache import figure_cache, shared_result
from .charts import localise, rf_heatmap_figure, sankey_figure, segment_treemap_figure
from .customer_lists import show_list
from .format import CURRENCY_SIGN
from .session import Ctx, contacts, earlier_date, summary
from .settings import keep, kept
from .tables import MONEY0, static_table


@dataclass(frozen=True)
class RfmSettings:
    monetary: str  # "total" | "average"
    manual: tuple | None  # ((4 days), (4 orders), (4 amounts)) or None for quintiles


@shared_result(max_entries=32, ttl=3600, show_spinner=False)
def _scores(ds_key: str, _ct: pd.DataFrame, as_of: dt.date, monetary: str, manual: tuple | None):
    return score_rfm(_ct, monetary=monetary, manual_cuts=CutPoints(*manual) if manual else None)


def scores_at(ctx: Ctx, s: RfmSettings, as_of: dt.date | None = None):
    """(scores, cuts) of the session's customers as of ``as_of`` (default: the sidebar's date), cached."""
    as_of = as_of or ctx.as_of
    return _scores(ctx.ds.key, summary(ctx, as_of=as_of), as_of, s.monetary, s.manual)


@dataclass(frozen=True)
class RfmViews:
    """What the page draws of one scoring: the R × F grid and the segment and class tables (``crm_core.rfm``), each
    a pass over every customer, so computed once per dataset, date and settings and shared by every session."""

    key: tuple  # (dataset load, as-of date, monetary mode, manual cuts): what fixes them, the figures' cache key
    grid: pd.DataFrame  # rf_grid
    segments: pd.DataFrame  # segment_table by rfm_segment
    classes: pd.DataFrame  # segment_table by rfm_class8


@shared_result(max_entries=32, ttl=3600, show_spinner=False)
def _views(ds_key: str, as_of: dt.date, monetary: str, manual: tuple | None, _scores: pd.DataFrame) -> RfmViews:
    # _scores: the scores fixed by (ds_key, as_of, monetary, manual), from _scores()
    return RfmViews((ds_key, as_of, monetary, manual), rf_grid(_scores), segment_table(_scores, "rfm_segment"),
                    segment_table(_scores, "rfm_class8"))


def views_at(ctx: Ctx, s: RfmSettings, scores: pd.DataFrame) -> RfmViews:
    """The grid and tables of ``scores`` = ``scores_at(ctx, s)[0]`` (the sidebar's date), cached."""
    return _views(ctx.ds.key, ctx.as_of, s.monetary, s.manual, scores)


# one colour per segment, the same on both sides of the movement Sankey (greens: buying well; blues: new or
# promising; ambers: slipping; reds: valuable but lapsing; greys: gone); flows take their source's colour
SEGMENT_COLORS: dict[str, str] = {
    "champions": "#1B7837", "loyal": "#5AAE61", "potential_loyalist": "#A6DBA0", "new_customers": "#2166AC",
    "promising": "#67A9CF", "need_attention": "#F6C141", "about_to_sleep": "#E8601C", "at_risk": "#D6604D",
    "cant_lose": "#B2182B", "hibernating": "#9E9AC8", "lost": "#878787", "new": "#D9D9D9",
}


def seg_name(ctx: Ctx, seg: str) -> str:
    return ctx.t("seg_new") if seg == "new" else ctx.t(f"seg_{seg}")


def class_name(ctx: Ctx, cls: str) -> str:
    return ctx.t(f"c8_{cls}")


def controls(ctx: Ctx) -> RfmSettings:
    """Monetary mode and scoring mode (quintiles or manual cut points)."""
    c1, c2 = st.columns(2)
    modes = ["total", "average"]
    monetary = keep("rfm_monetary", c1.radio(ctx.t("rfm_monetary"), modes, horizontal=True, key="rfm_monetary",
                                             index=modes.index(kept("rfm_monetary", "total")),
                                             format_func=lambda m: ctx.t(f"rfm_monetary_{m}")))
    mode = c2.radio(ctx.t("rfm_scoring"), ["quintiles", "manual"], horizontal=True, key="rfm_scoring",
                    format_func=lambda m: ctx.t(f"rfm_scoring_{m}"))
    if mode == "quintiles":
        return RfmSettings(monetary, None)
    _, auto = scores_at(ctx, RfmSettings(monetary, None))
    st.caption(ctx.t("rfm_manual_help"))
    cur = ctx.ds.report.currency or ""
    rows = []
    for key, label, default in [("recency_days", ctx.t("rfm_cut_recency"), auto.recency_days),
                                ("orders", ctx.t("rfm_cut_orders"), auto.orders),
                                ("monetary", ctx.t("rfm_cut_monetary", cur=cur), auto.monetary)]:
        cols = st.columns([2, 1, 1, 1, 1])
        cols[0].markdown(f"**{label}**")
        rows.append(tuple(cols[k + 1].number_input(ctx.t("rfm_cut_col", k=k + 1), value=float(round(default[k], 2)),
                                                   key=f"rfm_manual_{key}_{k}_{ctx.ds.key}", min_value=0.0)
                          for k in range(4)))
    return RfmSettings(monetary, tuple(rows))


def cut_points(ctx: Ctx, cuts: CutPoints) -> None:
    cur = ctx.ds.report.currency or ""
    table = pd.DataFrame([cuts.recency_days, cuts.orders, cuts.monetary],
                         index=[ctx.t("rfm_cut_recency"), ctx.t("rfm_cut_orders"), ctx.t("rfm_cut_monetary", cur=cur)],
                         columns=[ctx.t("rfm_cut_col", k=k) for k in range(1, 5)])
    st.markdown(f"**{ctx.t('rfm_cuts_title')}**")
    # the cut points as written (no trailing zeros), right-aligned as numbers
    static_table(table.map(lambda v: f"{v:,.2f}".rstrip("0").rstrip(".")), uuid="rfm_cuts", right=list(table.columns),
                 hide_index=None)


def heatmap(ctx: Ctx, views: RfmViews) -> None:
    st.subheader(ctx.t("rfm_heatmap_title"))
    st.caption(ctx.t("rfm_heatmap_caption"))
    st.plotly_chart(_heatmap_figure(ctx, views.key, views.grid), key="rfm_heatmap", config={"displaylogo": False})


@figure_cache()
def _heatmap_figure(ctx: Ctx, key: tuple, _grid: pd.DataFrame) -> go.Figure:
    """:func:`ui.charts.rf_heatmap_figure` of ``rf_grid``'s 25 cells (fixed by ``key``, :attr:`RfmViews.key`),
    labelled in the session's language."""
    cur = ctx.ds.report.currency
    return rf_heatmap_figure(_grid, segment_names={s: seg_name(ctx, s) for s in SEGMENTS},
                             r_label=ctx.t("rfm_r_axis"), f_label=ctx.t("rfm_f_axis"),
                             customers_label=ctx.t("rfm_customers"),
                             monetary_label=ctx.t("rfm_avg_monetary") + (f" [{CURRENCY_SIGN.get(cur, cur)}]" if cur else ""),
                             currency=cur)


def _segment_frame(ctx: Ctx, table: pd.DataFrame, *, names, desc_key: str | None, act_key: str,
                   first_col: str) -> pd.DataFrame:
    cur = ctx.ds.report.currency or ""
    out = pd.DataFrame({ctx.t(first_col): [names(s) for s in table["segment"]]})
    if desc_key:
        out[ctx.t("rfm_col_description")] = [ctx.t(desc_key.format(s=s)) for s in table["segment"]]
    out[ctx.t("rfm_col_customers")] = table["customers"].to_numpy()
    out[ctx.t("rfm_col_customer_share")] = table["customer_share"].to_numpy() * 100
    out[ctx.t("rfm_col_monetary", cur=cur)] = table["monetary"].to_numpy()
    out[ctx.t("rfm_col_monetary_share")] = table["monetary_share"].to_numpy() * 100
    out[ctx.t("rfm_col_avg_r")] = table["avg_recency_days"].to_numpy()
    out[ctx.t("rfm_col_avg_f")] = table["avg_orders"].to_numpy()
    out[ctx.t("rfm_col_avg_m", cur=cur)] = table["avg_monetary"].to_numpy()
    out[ctx.t("rfm_col_action")] = [ctx.t(act_key.format(s=s)) for s in table["segment"]]
    return out


def _show_table(ctx: Ctx, frame: pd.DataFrame, uuid: str) -> None:
    """A static table (an HTML table: headers and long texts such as the actions wrap, so no column is cut
    off at 1280 px, as a glide-grid ``st.dataframe`` would cut them)."""
    currency = ctx.ds.report.currency
    cur = currency or ""
    formats = {ctx.t("rfm_col_customers"): "{:,.0f}", ctx.t("rfm_col_customer_share"): "{:.1f}%",
               ctx.t("rfm_col_monetary_share"): "{:.1f}%", ctx.t("rfm_col_monetary", cur=cur): MONEY0,
               ctx.t("rfm_col_avg_r"): "{:,.0f}", ctx.t("rfm_col_avg_f"): "{:.1f}",
               ctx.t("rfm_col_avg_m", cur=cur): MONEY0}  # totals and averages: whole currency units
    numbers = [c for c in formats if c in frame.columns]
    static_table(frame, uuid=uuid, currency=currency, formats={c: formats[c] for c in numbers}, right=numbers,
                 props={frame.columns[0]: {"min-width": "6em"}})  # names on one line


@figure_cache()
def _treemap_figure(ctx: Ctx, key: tuple, _table: pd.DataFrame) -> go.Figure:
    """:func:`ui.charts.segment_treemap_figure` of ``segment_table``'s rows (fixed by ``key``,
    :attr:`RfmViews.key`), named in the session's language."""
    return segment_treemap_figure(_table, names=[seg_name(ctx, s) for s in _table["segment"]],
                                  customers_label=ctx.t("rfm_customers"), share_label=ctx.t("rfm_col_monetary_share"))


def segments(ctx: Ctx, views: RfmViews) -> None:
    st.caption(ctx.t("rfm_segments_caption"))
    table = views.segments
    st.plotly_chart(_treemap_figure(ctx, views.key, table), key="rfm_treemap", config={"displaylogo": False})
    _show_table(ctx, _segment_frame(ctx, table, names=lambda s: seg_name(ctx, s), desc_key="seg_{s}_desc",
                                    act_key="seg_{s}_act", first_col="rfm_col_segment"), "rfm_segments")


def classes8(ctx: Ctx, views: RfmViews) -> None:
    st.caption(ctx.t("rfm_class8_caption"))
    table = views.classes
    _show_table(ctx, _segment_frame(ctx, table, names=lambda s: class_name(ctx, s), desc_key=None,
                                    act_key="c8_{s}_act", first_col="rfm_col_class"), "rfm_classes")


# the value widgets of the page's lazy tabs (pages/rfm.py keeps their values while their tab is closed)
TAB_WIDGET_KEYS = ("rfm_before_", "rfm_movers_from", "rfm_movers_to_", "rfm_export_by", "rfm_export_pick_")


def movement(ctx: Ctx, s: RfmSettings, scores: pd.DataFrame) -> None:
    before_date = earlier_date(ctx, ctx.t("rfm_movement_from"), "rfm_movement_too_early", "rfm_before")
    if before_date is None:
        return
    before, _ = scores_at(ctx, s, before_date)
    if before.empty:
        st.info(ctx.t("rfm_movement_too_early", first=ctx.ds.report.first_date))
        return
    flows = transitions(before, scores)
    st.caption(ctx.t("rfm_movement_caption", before=before_date, after=ctx.as_of))
    both = flows[flows["from"] != "new"]
    if both["customers"].sum():
        st.caption(ctx.t("rfm_stay_share", share=both.loc[both["from"] == both["to"], "customers"].sum()
                         / both["customers"].sum()))
    left = {seg: seg_name(ctx, seg) + " " + "◀" for seg in [*SEGMENTS, "new"]}
    right = {seg: "▶ " + seg_name(ctx, seg) for seg in SEGMENTS}
    st.plotly_chart(localise(sankey_figure(flows, left=left, right=right, colors=SEGMENT_COLORS), ctx.lang),
                    key="rfm_sankey", config={"displaylogo": False})
    st.markdown(f"**{ctx.t('rfm_matrix_title')}**")
    m = segment_transition_matrix(flows)
    m.index = [seg_name(ctx, x) for x in m.index]
    m.columns = [seg_name(ctx, x) for x in m.columns]
    m.index.name = ctx.t("rfm_matrix_before")
    # a static table: all 12 rows and 11 columns in view at 1280 px (headers wrap), no scrolling grid
    static_table(m, uuid="rfm_moves", formats=dict.fromkeys(m.columns, "{:,.0f}"), right=list(m.columns),
                 hide_index=None)
    _movers(ctx, before, scores, flows)


def _movers(ctx: Ctx, before: pd.DataFrame, scores: pd.DataFrame, flows: pd.DataFrame) -> None:
    """The customers behind one flow (default: the largest move out of a valuable segment into a lapsing
    one, else the largest move between two segments), with contacts and the new segment's action."""
    st.markdown(f"**{ctx.t('rfm_movers_title')}**")
    moved = flows[(flows["from"] != flows["to"])].sort_values("customers", ascending=False, kind="stable")
    if moved.empty:
        st.caption(ctx.t("rfm_movers_none"))
        return
    worrying = moved[moved["from"].isin(["champions", "loyal", "potential_loyalist"])
                     & moved["to"].isin(["at_risk", "cant_lose", "hibernating", "about_to_sleep", "lost"])]
    first = (worrying if len(worrying) else moved).iloc[0]
    c1, c2 = st.columns(2)
    sources = [x for x in ["new", *SEGMENTS] if x in set(moved["from"])]
    source = c1.selectbox(ctx.t("rfm_movers_from"), sources, index=sources.index(first["from"]),
                          format_func=lambda x: seg_name(ctx, x), key="rfm_movers_from")
    targets = [x for x in SEGMENTS if x in set(moved.loc[moved["from"] == source, "to"])]
    target = c2.selectbox(ctx.t("rfm_movers_to"), targets,
                          index=targets.index(first["to"]) if first["to"] in targets and source == first["from"] else 0,
                          format_func=lambda x: seg_name(ctx, x), key=f"rfm_movers_to_{source}")
    rows = movers(before, scores, source, target)
    rows["segment_action"] = [ctx.t(f"seg_{x}_act") for x in rows["rfm_segment"]]
    rows = with_contacts(rows, contacts(ctx))
    st.caption(ctx.t("rfm_movers_count", n=len(rows), source=seg_name(ctx, source), target=seg_name(ctx, target)))
    show_list(ctx, rows, basename=f"rfm_moved_{source}_to_{target}_{ctx.as_of}", sheet=ctx.t("list_sheet_movers"),
              key="rfm_movers", labels={"rfm_segment": lambda x: seg_name(ctx, x),
                                        "segment_before": lambda x: seg_name(ctx, x),
                                        "rfm_class8": lambda x: class_name(ctx, x)})


def campaign(ctx: Ctx, scores: pd.DataFrame) -> None:
    by = st.radio(ctx.t("rfm_export_by"), ["rfm_segment", "rfm_class8"], horizontal=True, key="rfm_export_by",
                  format_func=lambda b: ctx.t("rfm_segments_title" if b == "rfm_segment" else "rfm_class8_title"))
    ids = list(SEGMENTS) if by == "rfm_segment" else list(CLASS8.values())
    name = (lambda x: seg_name(ctx, x)) if by == "rfm_segment" else (lambda x: class_name(ctx, x))
    default = ["cant_lose", "at_risk"] if by == "rfm_segment" else ["important_winback", "important_retain"]
    picked = st.multiselect(ctx.t("rfm_export_pick"), ids, default=default, format_func=name,
                            key=f"rfm_export_pick_{by}")
    chosen = scores[scores[by].isin(picked)].copy()
    # the action of the grouping the list was picked by, per row
    if by == "rfm_segment":
        chosen["segment_action"] = [ctx.t(f"seg_{x}_act") for x in chosen["rfm_segment"]]
    else:
        chosen["class8_action"] = [ctx.t(f"c8_{x}_act") for x in chosen["rfm_class8"]]
    chosen = with_contacts(chosen, contacts(ctx))  # name, phone … for the campaign tool
    st.caption(ctx.t("rfm_export_count", n=len(chosen)))
    show_list(ctx, chosen, basename=f"rfm_campaign_{ctx.as_of}", sheet=ctx.t("list_sheet_rfm"), key="rfm_campaign",
              sort_by="monetary", labels={"rfm_segment": lambda x: seg_name(ctx, x),
                                          "rfm_class8": lambda x: class_name(ctx, x)})
