"""The browser's print of a page (issue #11): sidebar and widgets hidden, charts kept whole; and the sidebar
says what its customer counts count (the file's, and the as-of date's that the views use)."""

from __future__ import annotations

import pytest

from .conftest import assert_no_exception, open_page, sidebar_text

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/pyramid", "/rfm"])
def test_print_hides_the_sidebar_and_widgets_and_keeps_charts_whole(new_context, path):
    page = open_page(new_context(), path)
    assert_no_exception(page)
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    page.emulate_media(media="print")
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    widgets = page.locator('[data-testid="stRadio"], [data-testid="stSlider"], [data-testid="stNumberInput"]')
    assert widgets.count() > 0 and not any(w.is_visible() for w in widgets.all())
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    assert chart.is_visible()
    assert chart.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    page.emulate_media(media="screen")
    assert page.locator('[data-testid="stSidebar"]').is_visible()


def test_sidebar_says_what_each_customer_count_counts(new_context):
    page = open_page(new_context(), "/data")
    text = sidebar_text(page)
    # the sample: 5,000 customers in the file; at its default as-of date (2025-01-01) every one has bought
    assert "Customers in the file: 5,000" in text
    assert "5,000 customers with a purchase before 2025-01-01" in text
