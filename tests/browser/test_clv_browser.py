"""CLV page in a real browser: the 例3.1 calculator (TEXTBOOK.md: reading A ¥3,505.93, reading B ¥10,895.93),
the retention × discount heat map, the predicted tab (BG/NBD parameters, diagnostics, the download of all
customers), the Chinese labels, and opening the page from the sidebar."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from .conftest import assert_no_exception, choose_radio, click_nav, open_page, sidebar_customers, wait_settled

pytestmark = pytest.mark.browser

PLOT = '[data-testid="stPlotlyChart"]'
TABLE = '[data-testid="stDataFrame"]'
METRIC = '[data-testid="stMetric"]'
READING_B = "B: nothing at t = 0; year t brings Po + (t−1)·In: CLV = −Co + Σ (R_t − Cs)/(1+r)^t"


def _metrics(page) -> dict[str, str]:
    out = {}
    for m in page.locator(METRIC).all():
        if not m.is_visible():  # metrics of the other tabs
            continue
        label = m.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        out[label] = m.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return out


def test_example_31_readings_a_and_b(new_context):
    page = open_page(new_context(), "/clv")
    assert page.locator("h1").first.inner_text().strip() == "Customer lifetime value (CLV)"
    page.get_by_role("button", name="Load 例3.1").click()
    wait_settled(page)
    assert _metrics(page)["CLV, reading A"] == "¥3,505.93"
    choose_radio(page, READING_B)
    assert _metrics(page)["CLV, reading B"] == "¥10,895.93"
    assert _metrics(page)["CLV, infinite horizon: m·r/(1+d−r)"] == "¥266.67"  # m = 100, r = 0.8, d = 0.1
    assert page.get_by_text("Retention × discount rate: CLV = m·r/(1+d−r)").count() == 1
    assert page.locator(PLOT).filter(visible=True).count() >= 3  # per-year chart, tornado, heat map
    assert_no_exception(page)


def test_predicted_tab_parameters_and_the_download_of_all_customers(new_context):
    page = open_page(new_context(), "/clv")
    n_customers = sidebar_customers(page)
    page.get_by_role("tab", name="Predicted CLV (BG/NBD + Gamma-Gamma)").click()
    wait_settled(page)
    panel = page.get_by_role("tabpanel").filter(visible=True)
    assert panel.get_by_role("heading", name="Fitted parameters").count() == 1
    params = panel.locator(TABLE).first
    params.wait_for()
    # the grid's accessible copy of its canvas: filled once the grid has drawn, which can come after the run has
    # settled (the tab is lazy: its grid is new when the tab opens)
    params.locator('[role="gridcell"]').filter(has_text="Gamma-Gamma").first.wait_for(state="attached")
    cells = params.locator('[role="gridcell"]').all_text_contents()
    for name in ("BG/NBD", "r", "alpha [weeks]", "a", "b", "Gamma-Gamma", "p", "q", "gamma"):
        assert name in cells, f"{name!r} not in the parameter table: {cells}"
    assert panel.get_by_text(re.compile(r"^Log-likelihood: BG/NBD -[\d,]+\.\d\d")).count() == 1
    assert panel.locator(PLOT).count() >= 3  # histogram, E[purchases] and P(alive) heat maps
    caption = panel.get_by_text(re.compile(r"^[\d,]+ customers in the download\.$")).inner_text()
    n = int(caption.split()[0].replace(",", ""))
    assert n == n_customers == 5000
    with page.expect_download() as dl:
        panel.get_by_role("button", name=re.compile("Download CSV")).click()
    frame = pd.read_csv(io.StringIO(open(dl.value.path(), "rb").read().decode("utf-8-sig")), dtype={"Customer": str})
    assert len(frame) == n and frame["Customer"].is_unique
    assert frame["Predicted CLV [CNY]"].is_monotonic_decreasing
    assert {"customer_name", "phone"} <= set(frame.columns)  # contact columns like every other list
    assert_no_exception(page)


def test_chinese_labels_from_the_sidebar(new_context):
    page = open_page(new_context(locale="zh-CN"), "/data")
    click_nav(page, "客户终生价值")
    assert page.locator("h1").first.inner_text().strip() == "客户终生价值（CLV）"
    tabs = page.get_by_role("tab").all_inner_texts()
    assert any("教材计算器" in t for t in tabs) and any("预测 CLV" in t for t in tabs) and any("留出期检验" in t for t in tabs)
    metrics = _metrics(page)
    assert metrics["CLV（理解 A）"] == "¥3,505.93"
    assert page.get_by_role("heading", name="敏感性分析").count() == 1
    assert page.get_by_text("年度流入的口径").count() == 1 and page.get_by_text("钱包份额 [%]").count() == 1
    assert_no_exception(page)
