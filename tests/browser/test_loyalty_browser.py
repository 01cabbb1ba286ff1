"""Loyalty page in a real browser: by direct URL in English and from the sidebar in Chinese, on the sample and
on CDNOW; the headline retention rate equals an independent plain-pandas computation from the CSV; every tab
opens with its charts and tables; each relationship type's download holds exactly the customers its row of the
quadrant table counts, with Chinese headers in the Chinese interface; no exception box appears anywhere."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest

from ..conftest import DATA
from ..test_loyalty import independent_retention
from .conftest import assert_no_exception, choose_dataset, click_nav, open_page, wait_settled

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
    choose_dataset(page, "CDNOW（真实数据，1997–1998）")
    click_nav(page, "客户忠诚")
    assert page.locator("h1").first.inner_text().strip() == "客户忠诚度"
    # CDNOW master: customer_id, order_date, cds, amount; the default as-of date is the day after its last order
    raw = pd.read_csv(DATA / "cdnow" / "cdnow_master.csv", usecols=["order_date"])
    as_of = (pd.to_datetime(raw["order_date"]).max() + pd.Timedelta(days=1)).date()
    want = _latest_quarter_rate(DATA / "cdnow" / "cdnow_master.csv", as_of, ("customer_id", "order_date", "amount"))
    assert _metric(page, "客户保持率（1998年第2季度）") == f"{want:.1%}"
    assert page.locator(PLOT).count() >= 2
    assert_no_exception(page)


TABS = {"en": ["Retention & repeat buying", "Value × loyalty", "Customer ladder", "Promotion & share of wallet",
               "What loyalty is worth", "Seven loyalty types"],
        "zh": ["保持率与复购", "价值 × 忠诚", "客户阶梯", "促销依赖与钱包份额", "忠诚的价值", "七种忠诚类型"]}
QUADRANTS = {"en": ["Strangers", "Butterflies", "Barnacles", "True friends"], "zh": ["认识关系", "功能关系", "情感关系", "伙伴关系"]}


def _open_tab(page, name: str):
    """Open a tab; the page's tabs are lazy: its content is drawn by the rerun the click starts."""
    page.get_by_role("tab", name=name).click()
    wait_settled(page)
    panel = page.locator('[role="tabpanel"]:visible')
    panel.locator('[data-testid="stPlotlyChart"], [data-testid="stTable"], [data-testid="stDataFrame"], '
                  '[data-testid="stAlert"], [data-testid="stMarkdown"]').first.wait_for(timeout=30_000)
    return panel


def _quadrant_counts(panel) -> list[int]:
    """The quadrant table's customer counts, in the table's order (its second column)."""
    table = panel.locator('[data-testid="stTable"]').first
    rows = table.locator("tbody tr").all()
    return [int(r.locator("td").nth(1).inner_text().replace(",", "")) for r in rows]


@pytest.mark.parametrize("lang,locale", [("en", "en-US"), ("zh", "zh-CN")])
def test_every_tab_and_each_quadrant_download(new_context, lang, locale):
    page = open_page(new_context(locale=locale), "/loyalty")
    for name in TABS[lang]:
        panel = _open_tab(page, name)
        assert panel.locator('[data-testid="stPlotlyChart"], [data-testid="stTable"], [data-testid="stDataFrame"], '
                             '[data-testid="stAlert"]').count() >= 1, name
        assert_no_exception(page)
    panel = _open_tab(page, TABS[lang][1])
    counts = _quadrant_counts(panel)
    assert sum(counts) == 5000  # every customer of the sample has a profit, so a quadrant
    header = "Relationship type" if lang == "en" else "关系类型"
    for quadrant, n in zip(QUADRANTS[lang], counts, strict=True):
        panel.locator('[data-testid="stRadio"]').filter(has_text=QUADRANTS[lang][0]).get_by_text(
            re.compile(rf"^{re.escape(quadrant)} — ")).click()
        wait_settled(page)
        with page.expect_download() as dl:
            panel.get_by_role("button", name=re.compile("下载 CSV|Download CSV")).first.click()
        frame = pd.read_csv(io.StringIO(open(dl.value.path(), "rb").read().decode("utf-8-sig")), dtype=str)
        assert len(frame) == n, quadrant
        assert set(frame[header]) == {quadrant}, quadrant
        assert {"customer_name", "phone"} <= set(frame.columns)
    assert_no_exception(page)


def test_every_tab_on_cdnow(new_context):
    # CDNOW has no cost column: the matrix ranks by net revenue; every one of its 23,570 customers has one
    page = open_page(new_context(), "/data")
    choose_dataset(page, "CDNOW (real, 1997–1998)")
    click_nav(page, "Loyalty")
    for name in TABS["en"]:
        panel = _open_tab(page, name)
        assert panel.locator('[data-testid="stPlotlyChart"], [data-testid="stTable"], [data-testid="stAlert"]').count()
        assert_no_exception(page)
    assert sum(_quadrant_counts(_open_tab(page, TABS["en"][1]))) == 23_570
    worth = _open_tab(page, TABS["en"][4])
    assert worth.locator('[data-testid="stMetric"]').count() >= 3  # equity, mean CLV, active time (the fit works)
