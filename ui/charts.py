"""Plotly figures shared by pages (data in, figure out; labels come from the caller)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .format import CURRENCY_SIGN


def monthly_activity_figure(m: pd.DataFrame, *, revenue_label: str, customers_label: str, new_label: str,
                            as_of_label: str, currency: str | None, as_of: dt.date | None,
                            lang: str = "en") -> go.Figure:
    """Net revenue per month (bars, left axis) with active and new customers (lines, right axis); months
    named in ``lang`` ("2024年1月" / "Jan 2024") in ticks and hover labels."""
    month = MONTH_TICK.get(lang, MONTH_TICK["en"])
    sign = CURRENCY_SIGN.get(currency or "", "")
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    monthly = {"xperiod": "M1", "xperiodalignment": "middle"}  # a month's bar spans that month
    fig.add_trace(go.Bar(x=m["month"], y=m["net_revenue"], name=revenue_label, marker_color="#4C78A8", **monthly,
                         hovertemplate=f"%{{x|{month}}}<br>{revenue_label}: {sign}%{{y:,.0f}}<extra></extra>"),
                  secondary_y=False)
    fig.add_trace(go.Scatter(x=m["month"], y=m["active_customers"], name=customers_label, mode="lines+markers",
                             line={"color": "#F58518"}, **monthly,
                             hovertemplate=f"%{{x|{month}}}<br>{customers_label}: %{{y:,}}<extra></extra>"),
                  secondary_y=True)
    fig.add_trace(go.Scatter(x=m["month"], y=m["new_customers"], name=new_label, mode="lines",
                             line={"color": "#54A24B", "dash": "dot"}, **monthly,
                             hovertemplate=f"%{{x|{month}}}<br>{new_label}: %{{y:,}}<extra></extra>"),
                  secondary_y=True)
    if as_of is not None:
        x = pd.Timestamp(as_of)
        fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line={"dash": "dash", "color": "#888"})
        fig.add_annotation(x=x, y=1, yref="paper", text=as_of_label, showarrow=False, xanchor="right",
                           yanchor="bottom", font={"color": "#666"})
    fig.update_layout(height=360, margin={"l": 10, "r": 10, "t": 30, "b": 10}, bargap=0.15,
                      legend={"orientation": "h", "y": 1.12, "x": 0}, hovermode="x unified")
    fig.update_yaxes(title_text=f"{revenue_label} [{currency}]" if currency else revenue_label,
                     secondary_y=False, tickformat=",.0f")
    top = int(m["active_customers"].max()) if len(m) else 1
    fig.update_yaxes(title_text=customers_label, secondary_y=True, showgrid=False, rangemode="tozero",
                     tickformat=",d", dtick=max(1, int(math.ceil(nice_step(top)))))  # round steps of whole customers
    return fig


def rf_heatmap_figure(grid: pd.DataFrame, *, segment_names: dict[str, str], r_label: str, f_label: str,
                      customers_label: str, monetary_label: str, currency: str | None) -> go.Figure:
    """5 × 5 R × F heatmap: text = customers per cell, colour = mean monetary, hover = the most common segment."""
    sign = CURRENCY_SIGN.get(currency or "", "")
    z = grid.pivot(index="r_score", columns="f_score", values="avg_monetary").reindex(index=range(1, 6),
                                                                                     columns=range(1, 6))
    n = grid.pivot(index="r_score", columns="f_score", values="customers").reindex(index=range(1, 6),
                                                                                 columns=range(1, 6)).fillna(0)
    seg = grid.assign(name=grid["top_segment"].map(segment_names)).pivot(
        index="r_score", columns="f_score", values="name").reindex(index=range(1, 6), columns=range(1, 6))
    text = [[f"{int(v):,}" if v else "" for v in row] for row in n.to_numpy()]
    fig = go.Figure(go.Heatmap(
        z=z.to_numpy(), x=[str(c) for c in z.columns], y=[str(r) for r in z.index], text=text,
        texttemplate="%{text}", customdata=seg.fillna("").to_numpy(), colorscale="Blues",
        colorbar={"title": {"text": f"{monetary_label}"}, "tickformat": ",.0f"},
        hovertemplate=(f"R %{{y}} · F %{{x}}<br>{customers_label}: %{{text}}<br>{monetary_label}: {sign}%{{z:,.0f}}"
                       "<br>%{customdata}<extra></extra>")))
    fig.update_layout(height=420, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    fig.update_xaxes(title_text=f_label, type="category")
    fig.update_yaxes(title_text=r_label, type="category")
    return fig


def segment_treemap_figure(table: pd.DataFrame, *, names: list[str], customers_label: str,
                           share_label: str) -> go.Figure:
    """Segments sized by customers, coloured by their share of monetary value."""
    fig = go.Figure(go.Treemap(
        labels=names, parents=[""] * len(names), values=table["customers"],
        marker={"colors": table["monetary_share"], "colorscale": "Teal", "showscale": True,
                "colorbar": {"title": {"text": share_label}, "tickformat": ".0%"}},
        customdata=table[["customer_share", "monetary_share"]].to_numpy(),
        texttemplate="<b>%{label}</b><br>%{value:,}<br>%{customdata[1]:.0%}",
        hovertemplate=(f"<b>%{{label}}</b><br>{customers_label}: %{{value:,}} (%{{customdata[0]:.1%}})"
                       f"<br>{share_label}: %{{customdata[1]:.1%}}<extra></extra>")))
    fig.update_layout(height=420, margin={"l": 0, "r": 0, "t": 10, "b": 0})
    return fig


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    return f"rgba({int(h[0:2], 16)}, {int(h[2:4], 16)}, {int(h[4:6], 16)}, {alpha})"


def sankey_figure(flows: pd.DataFrame, *, left: dict[str, str], right: dict[str, str],
                  colors: dict[str, str] | None = None) -> go.Figure:
    """Flows ``from -> to`` (column ``customers``); ``left``/``right`` map ids to display names.

    ``colors`` (id -> "#rrggbb") gives a group the same colour on both sides, and each flow its source's
    colour, translucent; without it plotly's defaults apply.
    """
    src_ids = [s for s in left if s in set(flows["from"])]
    dst_ids = [s for s in right if s in set(flows["to"])]
    nodes = [left[s] for s in src_ids] + [right[s] for s in dst_ids]
    src_pos = {s: i for i, s in enumerate(src_ids)}
    dst_pos = {s: len(src_ids) + i for i, s in enumerate(dst_ids)}
    node = {"label": nodes, "pad": 12, "thickness": 14}
    link = {"source": [src_pos[s] for s in flows["from"]], "target": [dst_pos[t] for t in flows["to"]],
            "value": flows["customers"]}
    if colors:
        node["color"] = [colors[s] for s in src_ids] + [colors[s] for s in dst_ids]
        link["color"] = [_rgba(colors[s], 0.35) for s in flows["from"]]
    fig = go.Figure(go.Sankey(node=node, link=link))
    fig.update_layout(height=520, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig


# d3 time formats of a month tick and of a day in hover labels, per interface language
MONTH_TICK = {"zh": "%Y年%-m月", "en": "%b %Y"}
DAY_HOVER = {"zh": "%Y年%-m月%-d日", "en": "%Y-%m-%d"}


def _is_dates(values) -> bool:
    if values is None or len(values) == 0:
        return False
    first = values[0]
    return isinstance(first, (dt.date, pd.Timestamp)) or str(getattr(values, "dtype", "")).startswith("datetime64")


def localise(fig: go.Figure, lang: str) -> go.Figure:
    """``fig`` with its axes in the interface language: month ticks "2024年1月" (Chinese) or "Jan 2024", no
    SI suffixes ("15k" reads as nothing in Chinese: plain numbers with thousands separators), and the
    number separators of the language. Axes a caller formatted itself (a ``tickformat``) keep it."""
    date_axes = set()
    for tr in fig.data:
        if _is_dates(getattr(tr, "x", None)):
            date_axes.add("xaxis" + (tr.xaxis[1:] if getattr(tr, "xaxis", None) else ""))
        if _is_dates(getattr(tr, "y", None)):
            date_axes.add("yaxis" + (tr.yaxis[1:] if getattr(tr, "yaxis", None) else ""))
    cartesian = any(hasattr(tr, "xaxis") for tr in fig.data)  # a Sankey or a treemap has no axes to format
    names = [k for k in fig.layout.to_plotly_json() if k.startswith(("xaxis", "yaxis"))]
    if cartesian and not names:
        names = ["xaxis", "yaxis"]
    for name in set(names) | date_axes:
        axis = fig.layout[name]
        if name in date_axes or axis.type == "date":
            if not axis.tickformat:
                axis.tickformat = MONTH_TICK.get(lang, MONTH_TICK["en"])
            if not axis.hoverformat:
                axis.hoverformat = DAY_HOVER.get(lang, DAY_HOVER["en"])
        elif axis.type not in ("category", "multicategory"):
            axis.exponentformat = "none"  # also on log axes: 10,000, not 10k
            axis.separatethousands = True
    fig.update_layout(separators=".,")
    return fig


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10^k) giving about ``ticks`` intervals over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
