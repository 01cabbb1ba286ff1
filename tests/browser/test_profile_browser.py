"""Customer profile in a real browser: a deep link ``/profile?customer=ID`` as the first page of a session, in
English and Chinese; a row selected in the RFM campaign list opens that customer's profile; the order list's
download holds the customer's orders; no exception box anywhere."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from ..conftest import DATA
from .conftest import assert_no_exception, open_page, wait_settled

pytestmark = pytest.mark.browser

ROW_HEIGHT = 35  # px: Streamlit's data grid row and header height
PROFILE_TIMEOUT = 120_000  # ms: a session's first profile computes every view for every customer (cached after)


def _h1(page) -> str:
    return page.locator("h1").first.inner_text().strip()


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")))
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _orders_of(customer: str) -> pd.DataFrame:
    df = pd.read_csv(DATA / "sample_orders.csv", dtype={"customer_id": str})
    return df[df["customer_id"] == customer]


@pytest.mark.parametrize("locale,orders_label,title", [("en-US", "Orders", "Customer profile"),
                                                       ("zh-CN", "订单数", "客户档案")])
def test_deep_link_to_a_profile(new_context, locale, orders_label, title):
    page = open_page(new_context(locale=locale), "/profile?customer=C000002", PROFILE_TIMEOUT)
    assert _h1(page) == title
    mine = _orders_of("C000002")
    assert _metric(page, orders_label) == str(mine.loc[mine["amount"] >= 0, "order_id"].nunique())
    assert "C000002" in page.locator('[data-testid="stMain"] h3').first.inner_text()
    with page.expect_download() as dl:
        page.get_by_role("button", name=re.compile("Download CSV|下载 CSV")).first.click()
    frame = pd.read_csv(io.StringIO(open(dl.value.path(), "rb").read().decode("utf-8-sig")), dtype=str)
    assert sorted(frame.iloc[:, 0]) == sorted(mine["order_id"].unique())
    assert_no_exception(page)


def test_a_row_selected_in_the_rfm_campaign_list_opens_its_profile(new_context):
    page = open_page(new_context(), "/rfm")
    page.get_by_role("tab", name="Campaign list").click()
    wait_settled(page)
    grid = page.locator('[role="tabpanel"]:visible [data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # the first data row: its cells are drawn on a canvas; glide keeps an accessible table for screen readers
    cells = grid.locator("table tbody tr").first.locator("td").all_inner_texts()
    first_id = next(c.strip() for c in cells if re.fullmatch(r"C\d{6}", c.strip()))
    page.mouse.click(box["x"] + 18, box["y"] + ROW_HEIGHT * 1.5)  # the row's selection box
    page.wait_for_url(re.compile(r"/profile\?customer="), timeout=30_000)
    wait_settled(page, timeout=PROFILE_TIMEOUT)
    assert _h1(page) == "Customer profile"
    assert page.url.endswith(f"customer={first_id}")
    assert first_id in page.locator('[data-testid="stMain"] h3').first.inner_text()
    assert_no_exception(page)
