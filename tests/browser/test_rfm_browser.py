"""RFM page in a real browser: renders on the sample and on CDNOW, in both languages; the monetary
switch changes the numbers; the campaign download holds exactly the customers the page counts."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from .conftest import assert_no_exception, choose_dataset, choose_radio, click_nav, open_page, wait_settled

pytestmark = pytest.mark.browser

PLOT = '[data-testid="stPlotlyChart"]'


def _cut_points_text(page) -> str:
    return page.locator('[data-testid="stTable"]').first.inner_text()


def test_rfm_renders_and_the_monetary_switch_changes_the_cut_points(new_context):
    page = open_page(new_context(), "/rfm")
    assert page.locator("h1").first.inner_text().strip() == "RFM analysis"
    assert page.locator(PLOT).count() >= 2  # heatmap + treemap
    before = _cut_points_text(page)
    choose_radio(page, "Average per order")
    after = _cut_points_text(page)
    assert before != after, "switching M to 'average per order' must change the monetary cut points"
    assert_no_exception(page)


def test_rfm_in_chinese(new_context):
    page = open_page(new_context(locale="zh-CN"), "/rfm")
    assert page.locator("h1").first.inner_text().strip() == "RFM 分析"
    tabs = page.get_by_role("tab").all_inner_texts()
    assert any("八类客户" in t for t in tabs) and any("营销名单" in t for t in tabs)
    assert_no_exception(page)


def test_rfm_on_cdnow(new_context):
    page = open_page(new_context(), "/data")
    choose_dataset(page, "CDNOW (real, 1997–1998)")
    click_nav(page, "RFM")
    assert page.locator("h1").first.inner_text().strip() == "RFM analysis"
    assert "[USD]" in _cut_points_text(page)
    assert page.locator(PLOT).count() >= 2
    assert_no_exception(page)


def test_campaign_download_holds_the_customers_counted(new_context):
    page = open_page(new_context(), "/rfm")
    page.get_by_role("tab", name="Campaign list").click()
    wait_settled(page)  # a lazy tab: its content comes with the rerun the click starts
    caption = page.get_by_text(re.compile(r"[\d,]+ customers selected\.")).inner_text()
    n = int(re.search(r"([\d,]+) customers selected", caption).group(1).replace(",", ""))
    assert n > 0
    with page.expect_download() as dl:
        page.get_by_role("button", name=re.compile("Download CSV")).last.click()
    data = open(dl.value.path(), "rb").read().decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(data), dtype=str)
    assert len(frame) == n
    assert set(frame["RFM segment"]) <= {"Can't lose them", "At risk"}  # the default selection, as named
    assert {"R score", "F score", "M score", "RFM code", "Action for the segment", "customer_name", "phone"} \
        <= set(frame.columns)
    assert_no_exception(page)


def test_campaign_excel_in_chinese_has_chinese_headers_labels_and_sheet_name(new_context):
    # issue #11: a Chinese user's download names every column and id in Chinese; the sheet is named after
    # the list; money in cents; most valuable first
    from openpyxl import load_workbook
    page = open_page(new_context(locale="zh-CN"), "/rfm")
    page.get_by_role("tab", name="营销名单").click()
    wait_settled(page)  # a lazy tab: its content comes with the rerun the click starts
    caption = page.get_by_text(re.compile(r"已选择 [\d,]+ 名客户")).inner_text()
    n = int(re.search(r"已选择 ([\d,]+) 名客户", caption).group(1).replace(",", ""))
    with page.expect_download() as dl:
        page.get_by_role("button", name=re.compile("下载 Excel")).last.click()
    book = load_workbook(io.BytesIO(open(dl.value.path(), "rb").read()), read_only=True)  # no .xlsx suffix
    sheet = book.active
    assert sheet.title == "RFM 营销名单"
    rows = list(sheet.iter_rows(values_only=True))
    head, body = list(rows[0]), rows[1:]
    assert len(body) == n > 0
    assert {"客户编号", "R 分", "F 分", "M 分", "RFM 代码", "RFM 分群", "八类客户", "分群建议策略",
            "消费金额 [CNY]"} <= set(head)
    col = {h: i for i, h in enumerate(head)}
    assert {r[col["RFM 分群"]] for r in body} <= {"不能失去的客户", "流失风险客户"}
    money = [r[col["消费金额 [CNY]"]] for r in body]
    assert all(round(v, 2) == v for v in money) and money == sorted(money, reverse=True)
    assert all(isinstance(r[col["分群建议策略"]], str) and "**" not in r[col["分群建议策略"]] for r in body)
    assert_no_exception(page)
