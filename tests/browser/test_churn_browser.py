"""Churn page in a real browser: deep link and sidebar, English and Chinese; the validation table and the
charts render; the priority list's download holds exactly the customers the page counts."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from .conftest import assert_no_exception, click_nav, open_page, wait_settled

pytestmark = pytest.mark.browser

PLOT = '[data-testid="stPlotlyChart"]'
TABLE = '[data-testid="stDataFrame"]'


def test_churn_by_direct_url_shows_the_validation_table(new_context):
    page = open_page(new_context(), "/churn")
    assert page.locator("h1").first.inner_text().strip() == "Churn risk"
    assert page.get_by_text(re.compile(r"Default from this data: 63 days")).count() == 1
    assert page.locator(TABLE).first.is_visible()  # the validation table, first tab
    assert page.get_by_role("tab", name="Model check").count() == 1
    assert page.locator(PLOT).count() >= 1
    assert_no_exception(page)


def test_churn_from_the_sidebar_in_chinese(new_context):
    page = open_page(new_context(locale="zh-CN"), "/data")
    click_nav(page, "流失风险")
    assert page.locator("h1").first.inner_text().strip() == "流失风险"
    tabs = page.get_by_role("tab").all_inner_texts()
    assert any("模型检验" in t for t in tabs) and any("挽留优先级" in t for t in tabs)
    assert page.locator(TABLE).first.is_visible()
    assert_no_exception(page)


def test_priority_download_holds_the_customers_counted(new_context):
    page = open_page(new_context(), "/churn")
    page.get_by_role("tab", name="Retention priority").click()
    wait_settled(page)  # a lazy tab: its content comes with the rerun the click starts
    caption = page.get_by_text(re.compile(r"[\d,]+ customers, value at risk")).inner_text()
    n = int(re.search(r"([\d,]+) customers, value at risk", caption).group(1).replace(",", ""))
    assert n > 0
    with page.expect_download() as dl:
        page.get_by_role("button", name=re.compile("Download CSV")).last.click()
    data = open(dl.value.path(), "rb").read().decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(data), dtype={"Customer": str})
    assert len(frame) == n
    assert set(frame["Group"]) == {"Valuable, at risk"}  # the default selection, as the page names it
    assert {"Value [CNY]", "Churn probability", "Value at risk [CNY]", "Action", "customer_name", "phone"} <= set(frame.columns)
    # value at risk = value x churn probability, to the cent (the probability is shown to 4 decimals)
    gap = (frame["Value at risk [CNY]"] - frame["Value [CNY]"] * frame["Churn probability"]).abs()
    assert (gap <= 0.005 + frame["Value [CNY]"].abs() * 5e-5 + 1e-9).all()
    assert frame["Value at risk [CNY]"].is_monotonic_decreasing  # sorted by value at risk
    assert_no_exception(page)
