"""Lifecycle page in a real browser: renders by direct URL and from the sidebar, in English and Chinese;
a threshold change moves customers between stages; the download holds exactly the customers the page
counts, with the contact columns."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from .conftest import assert_no_exception, choose_dataset, click_nav, open_page, wait_settled

pytestmark = pytest.mark.browser

PLOT = '[data-testid="stPlotlyChart"]'
TABLE = '[data-testid="stDataFrame"], [data-testid="stTable"]'
METRIC = '[data-testid="stMetric"]'


def _metrics(page) -> dict[str, int]:
    out = {}
    for m in page.locator(METRIC).all():
        label = m.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        value = m.locator('[data-testid="stMetricValue"]').inner_text().strip()
        out[label] = int(value.replace(",", ""))
    return out


def test_lifecycle_by_direct_url_in_english(new_context):
    page = open_page(new_context(), "/lifecycle")
    assert page.locator("h1").first.inner_text().strip() == "Customer lifecycle"
    counts = _metrics(page)
    assert list(counts) == ["New", "Exploration", "Formation", "Stable", "Decline", "Lost"]
    assert sum(counts.values()) == 5000  # every customer of the sample has exactly one stage
    assert page.locator(TABLE).count() >= 1 and page.locator(PLOT).count() >= 1
    for tab in ("Month by month", "Movement", "Cohort retention"):  # stacked area, Sankey, cohort heatmap
        page.get_by_role("tab", name=tab).click()
        wait_settled(page)
        # lazy tabs: the open tab's chart is drawn after the rerun the click starts
        page.locator(f'[role="tabpanel"]:visible {PLOT}').first.wait_for(timeout=30_000)
    assert_no_exception(page)


def test_lifecycle_from_the_sidebar_in_chinese(new_context):
    page = open_page(new_context(locale="zh-CN"), "/data")
    click_nav(page, "生命周期")
    assert page.locator("h1").first.inner_text().strip() == "客户生命周期"
    assert list(_metrics(page)) == ["新客户", "考察期", "形成期", "稳定期", "退化期", "已流失"]
    tabs = page.get_by_role("tab").all_inner_texts()
    assert any("同期群留存" in t for t in tabs) and any("分阶段客户名单" in t for t in tabs)
    assert page.get_by_text("各阶段的客户数、累计净销售额和利润").count() == 1 and page.locator(TABLE).count() >= 1
    assert_no_exception(page)


def test_a_threshold_change_changes_the_counts(new_context):
    page = open_page(new_context(), "/lifecycle")
    before = _metrics(page)
    page.locator('[data-testid="stExpander"] summary').filter(has_text="Stage thresholds").click()
    box = page.get_by_label("Lost: and at least [days] since last order")
    box.fill("365")
    box.press("Enter")
    wait_settled(page)
    after = _metrics(page)
    assert after["Lost"] < before["Lost"], (before, after)
    assert sum(after.values()) == sum(before.values()) == 5000
    assert_no_exception(page)


def test_download_holds_the_customers_counted(new_context):
    page = open_page(new_context(), "/lifecycle")
    page.get_by_role("tab", name="Customers by stage").click()
    caption = page.get_by_text(re.compile(r"[\d,]+ customers selected\.")).inner_text()
    n = int(re.search(r"([\d,]+) customers selected", caption).group(1).replace(",", ""))
    assert n == _metrics(page)["Decline"] > 0  # the default selection is the decline stage
    with page.expect_download() as dl:
        page.get_by_role("button", name=re.compile("Download CSV")).last.click()
    data = open(dl.value.path(), "rb").read().decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(data), dtype=str)
    assert len(frame) == n
    assert set(frame["Lifecycle stage"]) == {"Decline"}
    assert {"Customer", "Days since last order", "Typical days between purchases", "Action for the stage",
            "customer_name", "phone"} <= set(frame.columns)
    assert_no_exception(page)


def test_lifecycle_on_cdnow(new_context):
    # CDNOW: 23,570 customers who all first bought in Q1 1997, so nobody is new as of 1998-07-01
    page = open_page(new_context(), "/data")
    choose_dataset(page, "CDNOW (real, 1997–1998)")
    click_nav(page, "Lifecycle")
    assert page.locator("h1").first.inner_text().strip() == "Customer lifecycle"
    counts = _metrics(page)
    assert sum(counts.values()) == 23_570 and counts["New"] == 0
    assert page.locator(PLOT).count() >= 1
    assert_no_exception(page)
