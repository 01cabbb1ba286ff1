"""ui.cache (issue #14): cached view results and figures are shared by every session, so no caller may change what
the next one reads, and a cached figure must be the figure its builder draws."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from ui.cache import clear_views, figure_cache, isolated, shared_result
from ui.charts import localise
from ui.session import Ctx

calls = {"table": 0, "figure": 0}


@dataclass(frozen=True)
class Result:
    table: pd.DataFrame
    curve: np.ndarray
    notes: dict


@shared_result(max_entries=4)
def _table(key: str) -> Result:
    calls["table"] += 1
    return Result(pd.DataFrame({"customer_id": ["A", "B"], "value": [10.0, 20.0]}), np.array([0.0, 0.5, 1.0]),
                  {"ids": ["A", "B"], "frame": pd.DataFrame({"x": [1]})})


def _ctx(lang: str = "en", key: str = "ds-1") -> Ctx:
    ds = SimpleNamespace(key=key, report=SimpleNamespace(currency="CNY"))
    return Ctx(ds, lang, dt.date(2024, 6, 30))


def _bars(ctx: Ctx, values: pd.DataFrame, title: str) -> go.Figure:
    calls["figure"] += 1
    fig = go.Figure(go.Bar(x=values["month"], y=values["n"], name=ctx.t("chart_net_revenue")))
    fig.update_layout(title={"text": title}, height=300)
    return fig


_bars_cached = figure_cache()(_bars)
MONTHS = pd.DataFrame({"month": pd.to_datetime(["2024-01-01", "2024-02-01"]), "n": [1200.0, 3400.0]})


@pytest.fixture(autouse=True)
def fresh():
    clear_views()
    calls.update(table=0, figure=0)
    yield
    clear_views()


def test_a_result_is_computed_once_and_a_callers_changes_never_reach_the_next_caller():
    first = _table("k")
    first.table["value"] = [0.0, 0.0]  # overwrite a column
    first.table.loc[0, "customer_id"] = "Z"  # a cell
    first.table["extra"] = 1  # add one
    first.notes["ids"].append("C")
    first.notes["frame"].loc[0, "x"] = 99
    with pytest.raises(ValueError):
        first.curve[0] = 7.0  # arrays are read-only views
    again = _table("k")
    assert calls["table"] == 1
    assert again.table.to_dict("list") == {"customer_id": ["A", "B"], "value": [10.0, 20.0]}
    assert again.notes["ids"] == ["A", "B"] and again.notes["frame"]["x"].tolist() == [1]
    assert again.curve.tolist() == [0.0, 0.5, 1.0]
    _table("other")
    assert calls["table"] == 2  # another key, another result


def test_isolated_keeps_types_and_leaves_plain_values_alone():
    from collections import namedtuple

    Pair = namedtuple("Pair", "a b")
    got = isolated(Pair(pd.Series([1, 2]), 3))
    assert isinstance(got, Pair) and got.b == 3 and got.a.tolist() == [1, 2]
    assert isolated((1, "x", dt.date(2024, 1, 1))) == (1, "x", dt.date(2024, 1, 1))
    frame = pd.DataFrame({"a": [1.0]})
    frame.attrs["base_clv"] = 12.5
    assert isolated(frame).attrs["base_clv"] == 12.5


def _json(fig: go.Figure) -> dict:
    return json.loads(pio.to_json(fig))


def test_a_cached_figure_is_the_builders_figure_localised_and_each_caller_gets_its_own():
    for lang in ("en", "zh"):
        ctx = _ctx(lang)
        expected = _json(localise(_bars(ctx, MONTHS, "t"), lang))  # the builder itself, then localised
        got = _bars_cached(ctx, MONTHS, "t")
        assert _json(got) == expected
        assert got.layout.xaxis.tickformat  # localised: month ticks in the language
        got.update_layout(title={"text": "changed"}, height=900)  # a caller changes its copy
        got.data[0].name = "changed"
        assert _json(_bars_cached(ctx, MONTHS, "t")) == expected
    assert calls["figure"] == 2 + 2  # once per language by the test's own call, once per language cached


def test_the_figure_cache_tells_apart_what_changes_the_figure():
    base = _json(_bars_cached(_ctx(), MONTHS, "t"))
    assert _json(_bars_cached(_ctx(), MONTHS, "t")) == base
    n = calls["figure"]
    other_values = MONTHS.assign(n=[1200.0, 3401.0])
    assert _json(_bars_cached(_ctx(), other_values, "t"))["data"][0]["y"] != base["data"][0]["y"]
    assert _json(_bars_cached(_ctx(), MONTHS, "u"))["layout"]["title"]["text"] == "u"
    assert _json(_bars_cached(_ctx("zh"), MONTHS, "t"))["data"][0]["name"] == "月净销售额"
    _bars_cached(_ctx(key="ds-2"), MONTHS, "t")  # another dataset load: its own figure
    _bars_cached(Ctx(_ctx().ds, "en", dt.date(2024, 7, 1)), MONTHS, "t")  # another as-of date
    assert calls["figure"] == n + 5
