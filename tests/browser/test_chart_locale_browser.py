"""Charts as a Chinese user reads them (issue #11): the Data page's activity chart, rendered by plotly.js in
Chromium, has month ticks like 2024年1月, no SI suffix (15k) on either axis, and round steps on the right axis."""

from __future__ import annotations

import re

import pytest

from .conftest import assert_no_exception, open_page

pytestmark = pytest.mark.browser

PLOT = '[data-testid="stPlotlyChart"]'


def _ticks(page, axis: str) -> list[str]:
    return [t.strip() for t in page.locator(f"{PLOT} .{axis} text").all_text_contents() if t.strip()]


def test_activity_chart_ticks_in_chinese(new_context):
    page = open_page(new_context(locale="zh-CN"), "/data")
    page.locator(f"{PLOT} .xtick text").first.wait_for()
    months = _ticks(page, "xtick")
    assert months and all(re.fullmatch(r"\d{4}年\d{1,2}月", m) for m in months), months
    left, right = _ticks(page, "ytick"), _ticks(page, "y2tick")
    assert left and right
    for tick in left + right:
        assert re.fullmatch(r"[\d,]+", tick), tick  # plain numbers with separators: no "15k", no "1.5M"
    steps = {int(b.replace(",", "")) - int(a.replace(",", "")) for a, b in zip(right, right[1:], strict=False)}
    assert len(steps) == 1 and re.fullmatch(r"(1|2|25|5)0*", str(steps.pop())), right  # 0, 200, 400 … not 292
    assert_no_exception(page)


def test_activity_chart_ticks_in_english(new_context):
    page = open_page(new_context(), "/data")
    page.locator(f"{PLOT} .xtick text").first.wait_for()
    months = _ticks(page, "xtick")
    assert months and all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", m) for m in months), months
    assert_no_exception(page)
