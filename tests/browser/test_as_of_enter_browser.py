"""Typing a date into the sidebar's as-of field and pressing Enter applies it (issue #11)."""

from __future__ import annotations

import re

import pytest

from .conftest import SIDEBAR, assert_no_exception, open_page, sidebar_text, wait_settled

pytestmark = pytest.mark.browser


def _as_of_caption(page) -> str:
    m = re.search(r"purchase before (\d{4}-\d{2}-\d{2})", sidebar_text(page))
    assert m, sidebar_text(page)
    return m.group(1)


def test_typed_date_and_enter_applies_it(new_context):
    page = open_page(new_context(), "/pyramid")
    assert _as_of_caption(page) == "2025-01-01"
    # Streamlit's date field is three typed segments (year / month / day; react-aria): type into them as a
    # user does, then Enter
    year = page.locator(f'{SIDEBAR} [data-testid="stDateInput"] [role="spinbutton"][data-type="year"]')
    year.click()
    page.keyboard.type("2024")
    page.keyboard.type("07")
    page.keyboard.type("01")
    page.keyboard.press("Enter")
    wait_settled(page)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]').innerText.includes('before 2024-07-01')",
        timeout=30_000)
    assert _as_of_caption(page) == "2024-07-01"
    assert_no_exception(page)
