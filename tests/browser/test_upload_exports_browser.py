"""A Taobao order report as the seller back-end writes it (GBK, CRLF, 订单状态, 退款金额), uploaded in the
Chinese interface: the detected layout, the excluded orders and the right totals — the totals from the
independent oracle of tests/exports (plain Python over the generated lines), not from the product.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from ..exports import generator
from ..exports.oracle import expect
from .conftest import assert_no_exception, open_page, upload, wait_settled

pytestmark = pytest.mark.browser


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")))
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _yuan(value: Decimal) -> str:
    return f"¥{value:,.2f}" if abs(value) < 10_000 else f"¥{value:,.0f}"


def test_taobao_gbk_upload_in_chinese(new_context, tmp_path):
    gen = generator.taobao(tmp_path)
    assert gen.path.read_bytes().decode("gbk")  # written as the back-end writes it
    exp = expect(gen)
    assert exp.rows_excluded > 0 and exp.excluded  # the file has cancelled and unpaid orders

    page = open_page(new_context(locale="zh-CN"), "/data")
    upload(page, gen.path, lang="zh")
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_text("淘宝/天猫订单报表").count() >= 1  # the detected layout, named
    identity = main.locator("strong", has_text="读取").first.inner_text()
    assert identity.strip() == (f"读取 {exp.rows_read:,} 行 = 保留 {exp.rows_kept:,} 行 + 拒绝 {exp.rows_rejected:,} 行 "
                                f"+ 排除 {exp.rows_excluded:,} 行 + 删除完全重复 {exp.duplicates_removed:,} 行")
    assert _metric(page, "排除行数") == f"{exp.rows_excluded:,}"
    assert _metric(page, "客户数") == f"{exp.customers:,}"
    assert _metric(page, "净销售额") == _yuan(exp.net_revenue)

    # the excluded orders: reasons in Chinese, counts from the oracle, and the download in Chinese
    labels = {"order_cancelled": "订单已取消/关闭", "order_unpaid": "订单未付款"}
    block = page.locator('[data-testid="stColumn"]').filter(has=page.get_by_text("被排除的订单行", exact=True)).last
    grids = [g.locator('[role="gridcell"]').all_inner_texts() for g in block.locator('[data-testid="stDataFrame"]').all()]
    cells = next(c for c in grids if set(c) & set(labels.values()) and len(c) % 3 == 0)  # reason, rows, file rows
    shown = {cells[i]: cells[i + 1] for i in range(0, len(cells), 3)}
    assert shown == {labels[k]: f"{n:,}" for k, n in exp.excluded.items()}
    with page.expect_download() as info:
        block.locator('[data-testid="stDownloadButton"]').filter(has_text="下载 CSV").last.click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig"))))
    assert sorted(int(r["文件行号"]) for r in rows) == sorted(exp.exclude_rows)
    assert {r["原因"] for r in rows} == {labels[k] for k in exp.excluded}
    wait_settled(page)
    assert_no_exception(page)


def test_an_undecidable_date_order_is_asked_then_loaded(new_context, tmp_path):
    # every date n/n/2024 with both numbers <= 12: the page asks (nothing computed on a guess), then loads the
    # user's answer — day-first here, so 05/01/2024 is 5 January and the last order 2024-03-11
    path = tmp_path / "pos_list.csv"
    path.write_text("会员卡号,消费时间,消费金额\n10234,05/01/2024,12.50\n10235,11/03/2024,30.00\n10234,02/02/2024,7.50\n",
                    encoding="utf-8")
    page = open_page(new_context(), "/data")
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    if uploader.count() == 0:
        page.locator('[data-testid="stRadio"] label').filter(has_text=re.compile(r"^\s*Upload a file\s*$")).click()
        wait_settled(page)
    uploader.set_input_files(str(path))
    page.get_by_text("Which order are the dates written in?").wait_for()
    wait_settled(page)
    main = page.locator('[data-testid="stMain"]')
    assert "day-first" in main.inner_text() and main.get_by_text("Ingest report · pos_list.csv").count() == 0
    page.locator('[data-testid="stRadio"] label').filter(has_text=re.compile(r"^\s*day-first")).click()
    wait_settled(page)
    page.get_by_role("button", name="Use this and load").click()
    page.get_by_text("Ingest report · pos_list.csv").wait_for()
    wait_settled(page)
    assert _metric(page, "Last order") == "2024-03-11" and _metric(page, "First order") == "2024-01-05"
    assert "dates day-first" in main.inner_text()
    assert_no_exception(page)
