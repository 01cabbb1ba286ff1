"""Plotly figures shared by pages (data in, figure out; labels come from the caller)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .format import CURRENCY_SIGN


def monthly_activity_figure(m: pd.DataFrame, *, revenue_label: str, customers_label: str, new_label: str,
                            as_of_label: str, currency: str | None, as_of: dt.date | None) -> go.Figure:
    """Net revenue per month (bars, left axis) with active and new customers (lines, right axis)."""
    sign = CURRENCY_SIGN.get(currency or "", "")
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    monthly = {"xperiod": "M1", "xperiodalignment": "middle"}  # a month's bar spans that month
    fig.add_trace(go.Bar(x=m["month"], y=m["net_revenue"], name=revenue_label, marker_color="#4C78A8", **monthly,
                         hovertemplate=f"%{{x|%Y-%m}}<br>{revenue_label}: {sign}%{{y:,.0f}}<extra></extra>"),
                  secondary_y=False)
    fig.add_trace(go.Scatter(x=m["month"], y=m["active_customers"], name=customers_label, mode="lines+markers",
                             line={"color": "#F58518"}, **monthly,
                             hovertemplate=f"%{{x|%Y-%m}}<br>{customers_label}: %{{y:,}}<extra></extra>"),
                  secondary_y=True)
    fig.add_trace(go.Scatter(x=m["month"], y=m["new_customers"], name=new_label, mode="lines",
                             line={"color": "#54A24B", "dash": "dot"}, **monthly,
                             hovertemplate=f"%{{x|%Y-%m}}<br>{new_label}: %{{y:,}}<extra></extra>"),
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
                     tickformat=",d", dtick=max(1, math.ceil(top / 5)))  # whole customers only
    return fig
