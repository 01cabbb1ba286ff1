"""Which row of a sheet or text file is the header: title rows above it are skipped, not read as data.

Exports often open with a title block before the table: ``订单报表``, ``导出时间：2024-05-01 10:00``,
``店铺：某某旗舰店``, an empty row. This module owns one pure rule shared by the CSV and the Excel
readers; it does no I/O.

The rule (over the first :data:`SCAN_ROWS` rows, cells as text, blank = ``None`` or ``""``):
the header is the first row that

1. has at least two non-blank cells and at least :data:`WIDTH_SHARE` of the table's width, where
   the width is the most common number of non-blank cells of the rows scanned (a title row has
   one or two cells, the table has many);
2. is not mostly one repeated text: at least half of its non-blank cells are distinct (a title
   repeated across merged cells is not a header; two columns both named 备注 are); and
3. is mostly words: at most half of its non-blank cells read as a number or a date (a data row is
   mostly numbers, dates and ids). Spaces are ignored in that test, which is linear in the cell's
   length (no backtracking on a cell of 150 spaces).

When no row qualifies the first non-blank row is the header (the plain case: no title block).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

SCAN_ROWS = 30
WIDTH_SHARE = 0.6
# a number or a date once spaces are removed: (-￥1,234.50) 12% 2024-01-05 10:00 2024年1月5日 45300
# (each part's characters differ from the next part's, so a match is found or refused in one pass)
_VALUE_LIKE = re.compile(r"[(（]*[-−+]?[￥¥$€£]*[\d,.:/\-年月日时分秒T]+[)）%元]?")
_SPACES = re.compile(r"\s+")


def _blank(cell) -> bool:
    return cell is None or not str(cell).strip()


def _value_like(cell: str) -> bool:
    return _VALUE_LIKE.fullmatch(_SPACES.sub("", cell)) is not None


def find_header_row(rows: Sequence[Sequence]) -> int:
    """Index (0-based, into ``rows``) of the header row; see the module docstring for the rule.

    Parameters
    ----------
    rows : the first rows of the file or sheet (any number; the first :data:`SCAN_ROWS` are read),
        each a sequence of cells (text, numbers or ``None``).

    Returns
    -------
    int
        The header's index; ``-1`` when every row scanned is blank.
    """
    rows = [list(r) for r in rows[:SCAN_ROWS]]
    filled = [sum(not _blank(c) for c in r) for r in rows]
    non_blank = [i for i, n in enumerate(filled) if n]
    if not non_blank:
        return -1
    width = Counter(n for n in filled if n).most_common(1)[0][0]
    # a tie between widths favours the wider table (a two-line title block vs a two-line table)
    counts = Counter(n for n in filled if n)
    width = max(n for n, c in counts.items() if c == counts[width])
    for i in non_blank:
        cells = [str(c).strip() for c in rows[i] if not _blank(c)]
        if len(cells) < 2 or len(cells) < WIDTH_SHARE * width:
            continue
        if len(set(cells)) < len(cells) / 2:
            continue
        if sum(_value_like(c) for c in cells) > len(cells) / 2:
            continue
        return i
    return non_blank[0]
