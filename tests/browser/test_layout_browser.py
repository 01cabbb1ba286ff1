"""No clipped column on a projector (issue #11): at 1280 × 720, in Chinese (the longer texts), the tables the
issue names — RFM's segment and 8-class tables with their 建议策略 column, the lifecycle stage table, the
CLV calculator's 例3.1 table with its cumulative present value — fit their column and no cell is cut off:
each cell's scrollWidth ≤ its clientWidth, each table's scrollWidth ≤ its container's width."""

from __future__ import annotations

import pytest

from .conftest import assert_no_exception, open_page, wait_settled

pytestmark = pytest.mark.browser

MEASURE = """(panel) => {
  const out = [];
  for (const t of panel.querySelectorAll('[data-testid="stTable"] table')) {
    const box = t.closest('[data-testid="stTable"]').parentElement;
    if (t.offsetParent === null) continue;  // a hidden tab
    if (t.scrollWidth > box.clientWidth + 1) out.push(`table ${t.scrollWidth}px in ${box.clientWidth}px`);
    for (const c of t.querySelectorAll('th, td')) {
      if (c.scrollWidth > c.clientWidth + 1) out.push(`cell "${c.innerText.slice(0, 30)}" ${c.scrollWidth}>${c.clientWidth}`);
    }
  }
  return out;
}"""


def _clipped(page) -> list[str]:
    return page.locator('[data-testid="stMain"]').evaluate(MEASURE)


def _tables(page) -> int:
    return page.locator('[data-testid="stTable"]:visible').count()


@pytest.mark.parametrize("path, tab, at_least", [
    ("/rfm", "命名客户分群", 2),              # cut-point table + the segment table with 建议策略
    ("/rfm", "八类客户（国内常用）", 2),       # the 8 classes with 建议策略
    ("/lifecycle", "阶段分布", 1),             # the stage table, last column 距上次下单天数
    ("/clv", "教材计算器", 1),                 # 例3.1 with 累计现值
])
def test_no_clipped_column_at_1280_px(new_context, path, tab, at_least):
    page = open_page(new_context(locale="zh-CN"), path)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.get_by_role("tab", name=tab).click()
    wait_settled(page)
    assert _tables(page) >= at_least, (path, tab)
    assert _clipped(page) == [], (path, tab)
    assert_no_exception(page)
