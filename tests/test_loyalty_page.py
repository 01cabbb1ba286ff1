"""The loyalty page with AppTest: first script of a session in both languages, no exception, and the metric
values equal to an independent plain-pandas computation from data/sample_orders.csv (retention of the latest
complete quarter, repeat purchase rate, second purchase within 90 days); the hand-made history's figures
worked by hand in tests/test_loyalty.py when it is the session's data."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from crm_core.ingest import ingest_file, open_file
from ui.session import load_opened_file

from .conftest import DATA, ROOT, open_tab, write_csv
from .test_loyalty import _csv, independent_retention

TIMEOUT = 90


def _page(**state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "loyalty.py"), default_timeout=TIMEOUT)
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture(scope="module")
def sample_figures():
    """Plain pandas from the CSV (as of the day after its last line): no crm_core computation."""
    df = pd.read_csv(DATA / "sample_orders.csv", usecols=["order_id", "customer_id", "order_time", "amount"])
    df["order_time"] = pd.to_datetime(df["order_time"])
    as_of = (df["order_time"].max() + pd.Timedelta(days=1)).date()
    quarters = independent_retention(DATA / "sample_orders.csv", as_of, "Q")
    last = quarters.iloc[-1]
    buys = df[df["amount"] >= 0]
    orders = buys.groupby("customer_id")["order_id"].nunique()
    first_day = buys.groupby("customer_id")["order_time"].min().dt.normalize()
    # the 2nd order's day: each order dated by its first purchase line, the 2nd earliest per customer
    order_days = buys.groupby(["customer_id", "order_id"])["order_time"].min().sort_values()
    second_day = order_days.groupby(level=0).nth(1).droplevel(1).dt.normalize()
    eligible = first_day + pd.Timedelta(days=90) < pd.Timestamp(as_of)
    gap = (second_day.reindex(first_day.index) - first_day).dt.days
    return {"as_of": as_of, "retention": last["retained"] / last["active_before"],
            "repeat": (orders >= 2).mean(), "second": (eligible & (gap <= 90)).sum() / eligible.sum()}


@pytest.mark.parametrize("lang,labels", [
    ("en", ("Retention rate, 2024 Q4", "Repeat purchase rate", "Second purchase within 90 days")),
    ("zh", ("客户保持率（2024年第4季度）", "复购率", "90 天内二次购买率")),
])
def test_page_metrics_match_an_independent_computation_on_the_sample(sample_figures, lang, labels):
    at = _page(lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == ("Customer loyalty" if lang == "en" else "客户忠诚度")
    assert at.session_state["as_of"] == sample_figures["as_of"]
    got = _metrics(at)
    for label, key in zip(labels, ("retention", "repeat", "second"), strict=True):
        assert got[label] == f"{sample_figures[key]:.1%}", (label, got)
    assert len(at.get("plotly_chart")) == 2  # retention, repeat share: the first tab (lazy tabs run the open one)
    charts = {tab: len(open_tab(at, "loy_tabs", f"loy_tab_{tab}", lang).get("plotly_chart"))
              for tab in ("matrix", "ladder", "worth")}
    assert charts == {"matrix": 2, "ladder": 2, "worth": 2}  # score, matrix; funnel, over time; equity, levers


@pytest.fixture
def hand_dataset(tmp_path):
    return load_opened_file(open_file(write_csv(tmp_path / "orders.csv", _csv(True))), None)


def test_page_on_the_hand_made_history(hand_dataset):
    # worked by hand in tests/test_loyalty.py: as of Oct 1 2024, Q3 retention 1/2 (Q2 was 1/3: −16.7 points),
    # repeat rate 4/5, second purchase within 90 days 2/4, median 51.5 days, first orders 550 / 5 = 110
    at = _page(lang="en", dataset=hand_dataset, as_of=dt.date(2024, 10, 1))
    assert not at.exception, [e.value for e in at.exception]
    got = {m.label: (m.value, m.delta) for m in at.metric}
    assert got["Retention rate, 2024 Q3"] == ("50.0%", "+16.7 pp")
    assert got["Repeat purchase rate"][0] == "80.0%"
    assert got["Second purchase within 90 days"][0] == "50.0%"
    assert got["Median days to 2nd order"][0] == "52 days"  # 51.5 shown to the day
    assert got["Average first order"][0] == "110.00"
    # the year view has no complete year after another: a message, not an error
    at.radio(key="loy_period").set_value("year").run()
    assert not at.exception and any("two complete periods" in i.value for i in at.info)


def test_sample_store_agrees_with_the_page_data(sample_figures):
    # the ingest keeps every sample line (the independent figures read the CSV as it is)
    _, report = ingest_file(DATA / "sample_orders.csv")
    assert report.rows_rejected == 0 and report.default_as_of == sample_figures["as_of"]
