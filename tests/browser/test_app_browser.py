"""The app in a real browser: every page by deep link and by the sidebar, the language switch, the
sidebar facts, uploading a messy export, one dataset per session, and files that cannot be used.

Every test asserts that no uncaught exception (``stException``) is shown.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from ..test_ingest import MESSY  # the hand-worked messy export, one copy
from .conftest import (
    SETTLE_TIMEOUT,
    SIDEBAR,
    assert_no_exception,
    choose_radio,
    click_nav,
    nav_labels,
    open_page,
    running_server,
    sidebar_customers,
    sidebar_text,
    upload,
    wait_settled,
)

pytestmark = pytest.mark.browser

# path -> expected English h1; "/" and "/overview" are both the Overview (the default page)
PAGES = {
    "/": "Overview",
    "/overview": "Overview",
    "/data": "Data",
    "/pyramid": "Customer pyramid",
    "/rfm": "RFM analysis",
    "/clv": "Customer lifetime value (CLV)",
    "/lifecycle": "Customer lifecycle",
    "/loyalty": "Customer loyalty",
    "/churn": "Churn risk",
    "/profile": "Customer profile",
}
NAV_EN = ["Overview", "Data", "Customer pyramid", "RFM", "CLV", "Lifecycle", "Loyalty", "Churn risk",
          "Customer profile"]  # app.py's st.Page titles
NAV_ZH = ["总览", "数据", "客户金字塔", "RFM 分析", "客户终生价值", "生命周期", "客户忠诚", "流失风险", "客户档案"]
SAMPLE_TITLE_EN = "Sample shop (synthetic, 3 years)"
SAMPLE_CUSTOMERS = 5000

# The messy export of tests/test_ingest.py (MESSY), worked out by hand there:
# 12 data lines = 4 kept (A1, A2, A7, A8) + 7 rejected (A3-A6, A9-A11) + 1 exact duplicate (line 3 = line 2);
# customers with a kept line: C1, C2, C4, C5; last kept order 2024-02-01, so the default as-of is 2024-02-02.

MESSY_REJECTED = {  # reason label -> file rows, from the hand-worked figures above
    "missing customer": [5], "unreadable date": [6], "unreadable amount": [7], "date after today": [8],
    "missing date": [11], "missing amount": [12], "unreadable cost": [13],
}


def h1(page) -> str:
    page.locator("h1").first.wait_for()
    return page.locator("h1").first.inner_text().strip()


def checked_language(page) -> str:
    return page.locator(f'{SIDEBAR} [data-testid="stRadio"] label:has(input:checked)').first.inner_text().strip()


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")))
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def sidebar_as_of(page) -> dt.date:
    value = page.locator(f'{SIDEBAR} [data-testid="stDateInput"] input').input_value()
    y, m, d = map(int, re.findall(r"\d+", value))
    return dt.date(y, m, d)


def orders_csv(path: Path, customers: int) -> Path:
    """A clean UTF-8 file: one order per customer, all in January 2024."""
    lines = ["customer_id,order_date,amount"] + [f"K{i},2024-01-{i + 1:02d},{10 * (i + 1)}" for i in range(customers)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- 1. every page, two ways in

# ms: the first profile a server shows computes every view for every customer (test_profile_browser.py's
# PROFILE_TIMEOUT); in a run of the whole suite this test is often that first one
FIRST_OPEN_TIMEOUT = {"/profile": 120_000}


@pytest.mark.parametrize("path, title", PAGES.items(), ids=[p.strip("/") or "root" for p in PAGES])
def test_page_opened_by_direct_url(new_context, path, title):
    page = open_page(new_context(), path, FIRST_OPEN_TIMEOUT.get(path, SETTLE_TIMEOUT))
    assert h1(page) == title
    assert nav_labels(page) == NAV_EN
    if title == "Data":
        assert page.locator('[data-testid="stDataFrame"]').count() >= 1  # mapping, preview
    assert_no_exception(page)


def test_every_page_opened_from_the_sidebar(new_context):
    page = open_page(new_context(), "/data")
    visits = [("Customer pyramid", "/pyramid"), ("RFM", "/rfm"), ("CLV", "/clv"), ("Lifecycle", "/lifecycle"),
              ("Loyalty", "/loyalty"), ("Churn risk", "/churn"), ("Customer profile", "/profile"), ("Overview", "/"),
              ("Data", "/data")]
    for label, path in visits:
        click_nav(page, label)
        assert h1(page) == PAGES[path], label
        assert page.url == page.context.app_url + path
        assert nav_labels(page) == NAV_EN
        assert_no_exception(page)


def test_first_session_on_a_new_server_deep_linking_a_view_gets_the_app_navigation(browser, tmp_path):
    """A new server whose first visitor opens /rfm: the sidebar must still be app.py's navigation.

    Streamlit runs pages/rfm.py without app.py when it is the first script of the process (the legacy
    ``pages/`` mechanism, STYLE.md Part 1 §4); the sidebar then lists the file names.
    """
    with running_server(tmp_path / "server.log") as srv:
        ctx = browser.new_context(locale="en-US")
        ctx.app_url = srv.url
        try:
            page = open_page(ctx, "/rfm")
            assert h1(page) == "RFM analysis"
            assert_no_exception(page)
            assert nav_labels(page) == NAV_EN, "deep link on a fresh server shows the legacy pages/ navigation"
        finally:
            ctx.close()


# ---------------------------------------------------------------- 2. language

def test_language_follows_the_browser_then_the_radio(new_context):
    page = open_page(new_context(locale="zh-CN"), "/data")
    assert h1(page) == "数据"
    assert checked_language(page) == "中文"
    assert "客户金字塔" in nav_labels(page)
    assert nav_labels(page) == NAV_ZH
    assert "数据来源" in page.locator('[data-testid="stMain"]').inner_text()

    choose_radio(page, "English", within=page.locator(SIDEBAR))
    assert h1(page) == "Data"
    assert nav_labels(page) == NAV_EN
    assert checked_language(page) == "English"

    choose_radio(page, "中文", within=page.locator(SIDEBAR))
    assert h1(page) == "数据"
    assert nav_labels(page) == NAV_ZH

    choose_radio(page, "English", within=page.locator(SIDEBAR))
    click_nav(page, "Customer pyramid")
    assert h1(page) == "Customer pyramid"
    assert checked_language(page) == "English"
    assert nav_labels(page) == NAV_EN
    assert "Customers in the file:" in sidebar_text(page)
    assert_no_exception(page)


def test_english_browser_gets_english(new_context):
    page = open_page(new_context(locale="en-US"), "/clv")
    assert h1(page) == "Customer lifetime value (CLV)"
    assert checked_language(page) == "English"
    assert_no_exception(page)


# ---------------------------------------------------------------- 3. sidebar facts

def test_sidebar_shows_the_sample_dataset_facts(new_context):
    page = open_page(new_context(), "/data")
    text = sidebar_text(page)
    assert f"Dataset: {SAMPLE_TITLE_EN}" in " ".join(text.split())
    assert sidebar_customers(page) == SAMPLE_CUSTOMERS
    m = re.search(r"Date range:\s*(\d{4}-\d{2}-\d{2})\s*–\s*(\d{4}-\d{2}-\d{2})", text)
    assert m, text
    first, last = (dt.date.fromisoformat(g) for g in m.groups())
    assert first < last
    assert "As-of date" in text
    assert sidebar_as_of(page) == last + dt.timedelta(days=1)  # default: the day after the last order
    assert_no_exception(page)


# ---------------------------------------------------------------- 4. a messy upload

def test_upload_messy_gbk_export(new_context, tmp_path):
    messy = tmp_path / "messy_gbk.csv"
    messy.write_bytes(MESSY.encode("gbk"))
    page = open_page(new_context(), "/data")
    upload(page, messy)
    main = page.locator('[data-testid="stMain"]')

    assert main.get_by_text("Ingest report · messy_gbk.csv").count() == 1
    identity = main.locator("strong", has_text="rows read").first.inner_text()
    assert re.fullmatch(r"12 rows read = 4 kept \+ 7 rejected \+ 0 excluded \+ 1 exact duplicates removed",
                        identity.strip())
    assert (metric(page, "Rows read"), metric(page, "Rows kept"), metric(page, "Rows rejected"),
            metric(page, "Duplicates removed"), metric(page, "Customers")) == ("12", "4", "7", "1", "4")

    # the rejected-reasons table (a data grid: read its accessible cells)
    right = page.locator('[data-testid="stColumn"]').filter(has=page.get_by_text("Rejected rows", exact=True)).last
    grid = right.locator('[data-testid="stDataFrame"]')
    assert grid.count() == 1
    cells = grid.locator('[role="gridcell"]').all_inner_texts()
    shown = {cells[i]: (int(cells[i + 1]), cells[i + 2]) for i in range(0, len(cells), 3)}
    assert shown == {k: (len(v), ",".join(map(str, v))) for k, v in MESSY_REJECTED.items()}

    # the rejected rows, downloaded as CSV
    assert page.locator('[data-testid="stDownloadButton"]').filter(has_text="Download Excel").count() == 1
    with page.expect_download() as info:
        page.locator('[data-testid="stDownloadButton"]').filter(has_text="Download CSV").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 7
    assert {"file row", "Reason"} <= set(rows[0])  # headers and reasons in the interface language
    assert sorted(int(r["file row"]) for r in rows) == sorted(sum(MESSY_REJECTED.values(), []))
    assert {r["Reason"] for r in rows} == set(MESSY_REJECTED)
    assert [r for r in rows if r["实付金额"] == "待定"][0]["file row"] == "7"
    wait_settled(page)
    assert_no_exception(page)

    # the sidebar describes the upload, and the other pages use it
    assert sidebar_customers(page) == 4
    assert "messy_gbk.csv" in sidebar_text(page)
    assert sidebar_as_of(page) == dt.date(2024, 2, 2)
    click_nav(page, "RFM")
    assert h1(page) == "RFM analysis"
    assert sidebar_customers(page) == 4
    assert "messy_gbk.csv" in sidebar_text(page)
    assert sidebar_as_of(page) == dt.date(2024, 2, 2)
    assert_no_exception(page)
    click_nav(page, "Data")
    assert main.get_by_text("Ingest report · messy_gbk.csv").count() == 1
    assert_no_exception(page)


# ---------------------------------------------------------------- 5. one dataset per session

def test_each_session_sees_only_its_own_upload(new_context, tmp_path):
    a = open_page(new_context(), "/data")
    b = open_page(new_context(), "/data")
    upload(a, orders_csv(tmp_path / "three.csv", 3))
    upload(b, orders_csv(tmp_path / "seven.csv", 7))

    for page, n in ((a, 3), (b, 7)):
        page.bring_to_front()
        click_nav(page, "Customer pyramid")  # rerun each session: its own data must still be there
        click_nav(page, "Data")
        assert metric(page, "Customers") == str(n)
        assert sidebar_customers(page) == n
        assert_no_exception(page)

    # a reload is a new Streamlit session: it must not see the other session's data
    b.reload()
    wait_settled(b)
    assert sidebar_customers(b) in (7, SAMPLE_CUSTOMERS)
    assert_no_exception(b)
    click_nav(a, "RFM")
    click_nav(a, "Data")
    assert metric(a, "Customers") == "3" and sidebar_customers(a) == 3
    a.reload()
    wait_settled(a)
    assert sidebar_customers(a) in (3, SAMPLE_CUSTOMERS)

    c = open_page(new_context(), "/data")
    assert sidebar_customers(c) == SAMPLE_CUSTOMERS
    assert metric(c, "Customers") == f"{SAMPLE_CUSTOMERS:,}"
    assert f"Ingest report · {SAMPLE_TITLE_EN}" in c.locator('[data-testid="stMain"]').inner_text()
    assert_no_exception(c)


# ---------------------------------------------------------------- 6. files that cannot be used

@pytest.mark.parametrize("name, content, problem", [
    ("bad.csv", bytes(range(256)) * 40, "binary"),
    ("no_amount.csv", b"customer_id,order_date,channel\nC1,2024-01-05,web\nC2,2024-01-06,shop\n", "amount"),
], ids=["binary", "no-amount-column"])
def test_unusable_file_shows_an_error(new_context, tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    page = open_page(new_context(), "/data")
    choose_radio(page, "Upload a file")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    error = page.locator('[data-testid="stAlertContentError"]')
    error.first.wait_for()
    wait_settled(page)
    assert error.count() == 1
    assert problem in error.inner_text()
    assert sidebar_customers(page) == SAMPLE_CUSTOMERS  # the previous dataset stays in use
    assert_no_exception(page)


# ---------------------------------------------------------------- 7. the customer pyramid page

TIER_TABLE = '[data-testid="stTable"]'


def tier_counts(page) -> dict[str, int]:
    """The pyramid's tier table: tier label -> customers (first two cells of each body row)."""
    page.locator(TIER_TABLE).first.wait_for()
    rows = page.locator(f"{TIER_TABLE} tbody tr")
    out = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td, th").all_inner_texts()
        out[" ".join(cells[0].split())] = int(cells[1].replace(",", ""))
    return out


def assert_pyramid_drawn(page) -> None:
    assert page.locator('[data-testid="stPlotlyChart"]').count() >= 2  # the pyramid and the Pareto curve
    assert page.locator(TIER_TABLE).count() == 1
    assert_no_exception(page)


def test_pyramid_page_on_the_sample_and_cdnow_in_both_languages(new_context):
    page = open_page(new_context(), "/pyramid")
    assert h1(page) == "Customer pyramid"
    assert_pyramid_drawn(page)
    assert tier_counts(page) == {"VIP": 50, "Major": 200, "Ordinary": 750, "Small": 3983, "Lead (value ≤ 0)": 17}
    main = page.locator('[data-testid="stMain"]')
    assert "Value metric in use: profit" in " ".join(main.inner_text().split())

    # one step of the VIP slider (0.1 %) -> 1.1 % of 5,000 = 55 VIP customers
    page.locator('[data-testid="stSlider"]').filter(has_text="VIP").locator('input[type="range"]').press("ArrowRight")
    wait_settled(page)
    assert tier_counts(page)["VIP"] == 55
    assert_pyramid_drawn(page)

    # the same page on CDNOW, in Chinese: no cost column, so net revenue (default) or predicted CLV
    zh = open_page(new_context(locale="zh-CN"), "/data")
    choose_radio(zh, "CDNOW（真实数据，1997–1998）")
    click_nav(zh, "客户金字塔")
    assert h1(zh) == "客户金字塔"
    assert_pyramid_drawn(zh)
    assert tier_counts(zh) == {"VIP 客户": 235, "主要客户": 943, "普通客户": 3536, "小客户": 18788, "铅层客户（价值 ≤ 0）": 68}
    metric_radio = zh.locator('[data-testid="stRadio"]').filter(has_text="价值指标")
    assert metric_radio.locator('label:has(input[type="radio"])').all_inner_texts() == ["净销售额", "预测 CLV"]
    assert "当前价值指标：净销售额" in " ".join(zh.locator('[data-testid="stMain"]').inner_text().split())


def test_pyramid_tier_download_has_the_customers_the_table_counts(new_context):
    page = open_page(new_context(), "/pyramid")
    shown = tier_counts(page)["Major"]
    choose_radio(page, f"Major — {shown} customers")
    assert "200 customers of the tier Major" in page.locator('[data-testid="stMain"]').inner_text()
    buttons = page.locator('[data-testid="stDownloadButton"]')
    with page.expect_download() as info:
        buttons.filter(has_text="Download CSV").click()
    assert info.value.suggested_filename.startswith("pyramid_major_profit_")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig"))))
    assert len(rows) == shown == 200
    # headers and tier names as the interface shows them (issue #11), money in cents
    assert {r["Tier"] for r in rows} == {"Major"}
    assert {"Customer", "customer_name", "phone", "Net revenue [CNY]", "Profit [CNY]", "Action for the tier"} <= set(rows[0])
    assert all(len(r["Net revenue [CNY]"].partition(".")[2]) <= 2 for r in rows)
    with page.expect_download() as info:
        buttons.filter(has_text="Download Excel").click()
    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()), read_only=True).active
    assert sheet.max_row == shown + 1  # a header row, then one row per customer
    assert sheet.title == "Pyramid Major"  # the sheet is named after the list
    wait_settled(page)
    assert_no_exception(page)
