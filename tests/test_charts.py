"""Charts follow the interface language (issue #11): month ticks 2024年1月, no SI suffixes, round ticks."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from ui.charts import localise, monthly_activity_figure, nice_step


def _monthly():
    months = pd.date_range("2024-01-01", periods=6, freq="MS")
    return pd.DataFrame({"month": months, "net_revenue": [15000.0, 22000, 18000, 9000, 31000, 27000],
                         "active_customers": [1460, 1200, 900, 1300, 1100, 1000],
                         "new_customers": [300, 200, 100, 250, 120, 90]})


@pytest.mark.parametrize("lang, month", [("zh", "%Y年%-m月"), ("en", "%b %Y")])
def test_month_ticks_and_hover_in_the_interface_language(lang, month):
    fig = localise(monthly_activity_figure(_monthly(), revenue_label="r", customers_label="c", new_label="n",
                                           as_of_label="a", currency="CNY", as_of=None, lang=lang), lang)
    assert fig.layout.xaxis.tickformat == month
    assert all(tr.hovertemplate.startswith(f"%{{x|{month}}}") for tr in fig.data)
    for axis in (fig.layout.yaxis, fig.layout.yaxis2):
        assert axis.exponentformat == "none" and axis.separatethousands  # 15,000 — never "15k"


def test_the_second_axis_steps_are_round():
    # issue #11: 292 / 584 / 876 on the Data chart's right axis (max 1,460 customers / 5): now steps of 500
    fig = monthly_activity_figure(_monthly(), revenue_label="r", customers_label="c", new_label="n",
                                  as_of_label="a", currency="CNY", as_of=None)
    assert fig.layout.yaxis2.dtick == 500


@pytest.mark.parametrize("span, step", [(1460, 500), (7, 2), (100, 20), (23570, 5000), (0.9, 0.2), (12, 2.5),
                                        (0, 1.0)])
def test_nice_step(span, step):
    assert nice_step(span) == pytest.approx(step)


def test_axes_a_caller_formatted_and_figures_without_axes_are_left_alone():
    fig = go.Figure(go.Scatter(x=[0.1, 0.5], y=[1, 2]))
    fig.update_xaxes(tickformat=".0%")
    localise(fig, "zh")
    assert fig.layout.xaxis.tickformat == ".0%"
    sankey = go.Figure(go.Sankey(node={"label": ["a", "b"]}, link={"source": [0], "target": [1], "value": [1]}))
    localise(sankey, "zh")
    assert "xaxis" not in sankey.layout.to_plotly_json()
