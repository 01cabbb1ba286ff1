"""Loyalty page in a real browser: by direct URL in English and from the sidebar in Chinese, on the sample and
on CDNOW; the headline retention rate equals an independent plain-pandas computation from the CSV, every
chart is drawn and no exception box appears anywhere."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ..conftest import DATA
from ..test_loyalty import independent_retention
from .conftest import assert_no_exception, choose_radio, click_nav, open_page

pytestmark = pytest.mark.browser

PLOT = '[data-testid="stPlotlyChart"]'
METRIC = '[data-testid="stMetric"]'


def _metric(page, label: str) -> str:
    box = page.locator(METRIC).filter(has=page.locator('[data-testid="stMetricLabel"]', has_text=label)).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _latest_quarter_rate(csv_path, as_of: dt.date, columns: tuple[str, str, str]) -> float:
    quarters = independent_retention(csv_path, as_of, "Q", columns=columns)
    last = quarters.iloc[-1]
    return last["retained"] / last["active_before"]


def test_loyalty_by_direct_url_in_english_on_the_sample(new_context):
    page = open_page(new_context(), "/loyalty")
    assert page.locator("h1").first.inner_text().strip() == "Customer loyalty"
    want = _latest_quarter_rate(DATA / "sample_orders.csv", dt.date(2025, 1, 1),
                                ("customer_id", "order_time", "amount"))
    assert _metric(page, "Retention rate, 2024 Q4") == f"{want:.1%}"
    assert page.locator(PLOT).count() >= 2  # retention trend, repeat-revenue share
    assert_no_exception(page)


def test_loyalty_from_the_sidebar_in_chinese_on_cdnow(new_context):
    page = open_page(new_context(locale="zh-CN"), "/data")
    choose_radio(page, "CDNOW（真实数据，1997–1998）")
    click_nav(page, "客户忠诚")
    assert page.locator("h1").first.inner_text().strip() == "客户忠诚度"
    # CDNOW master: customer_id, order_date, cds, amount; the default as-of date is the day after its last order
    raw = pd.read_csv(DATA / "cdnow" / "cdnow_master.csv", usecols=["order_date"])
    as_of = (pd.to_datetime(raw["order_date"]).max() + pd.Timedelta(days=1)).date()
    want = _latest_quarter_rate(DATA / "cdnow" / "cdnow_master.csv", as_of, ("customer_id", "order_date", "amount"))
    assert _metric(page, "客户保持率（1998年第2季度）") == f"{want:.1%}"
    assert page.locator(PLOT).count() >= 2
    assert_no_exception(page)
