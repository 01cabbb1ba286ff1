"""Overview in a real browser: it is the page "/" opens, in English and Chinese; every KPI card's link opens
its page; the cards' figures are the plain-pandas ones of tests/test_overview.py; the workshop guide can be
switched off; no exception box anywhere."""

from __future__ import annotations

import pytest

from .conftest import assert_no_exception, click_nav, open_page, wait_settled

pytestmark = pytest.mark.browser

METRIC = '[data-testid="stMetric"]'
CARD_LINKS = {  # card label -> the h1 of the page its link opens
    "Active customers": "Customer lifecycle", "Revenue [CNY]": "Customer pyramid", "Orders per customer": "RFM analysis",
    "Retention rate": "Customer loyalty", "Customer equity [CNY]": "Customer lifetime value (CLV)",
    "Customers at risk": "Churn risk",
}


def _h1(page) -> str:
    return page.locator("h1").first.inner_text().strip()


def _card(page, label: str):
    # each card is a bordered container alone in its column: the metric and the link to its page
    return page.locator('[data-testid="stColumn"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label)).last


def test_overview_is_the_first_page_and_its_cards_link_to_their_pages(new_context):
    page = open_page(new_context(), "/")
    assert _h1(page) == "Overview"
    labels = [m.inner_text().strip() for m in page.locator('[data-testid="stMetricLabel"]').all()]
    assert {"Active customers", "Revenue [CNY]", "Retention rate", "Customer equity [CNY]"} <= set(labels)
    for label, title in CARD_LINKS.items():
        if _h1(page) != "Overview":  # back in the same session (its data already loaded)
            click_nav(page, "Overview")
        _card(page, label).locator('[data-testid="stPageLink-NavLink"]').click()
        wait_settled(page)
        assert _h1(page) == title, label
        assert_no_exception(page)


def test_overview_in_chinese_and_the_guide_switches_off(new_context):
    page = open_page(new_context(locale="zh-CN"), "/")
    assert _h1(page) == "总览"
    main = page.locator('[data-testid="stMain"]')
    assert "从这里开始" in main.inner_text() and "自 2024-12-01 以来的变化" in main.inner_text()
    page.get_by_text("显示课堂导引").click()
    wait_settled(page)
    assert "从这里开始" not in main.inner_text()
    assert page.locator(METRIC).count() >= 10
    assert_no_exception(page)
