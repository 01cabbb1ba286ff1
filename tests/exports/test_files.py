"""File-level oddities: encodings, title rows, sep=, quoted line breaks, late quoting, long lines,
unquoted thousands, Excel merged cells / blank rows / number formats, duplicate headers, duplicates."""

from __future__ import annotations

import pytest

from . import generator as g
from .checks import assert_outcome, field_of, transactions
from .oracle import expect

FULL = ("money", "counts", "rejects", "dates")


def test_gbk_crlf_chinese_csv(tmp_path):
    assert_outcome(g.gbk_crlf_basic(tmp_path), aspects=FULL + ("mapping",))


def test_utf8_bom_first_header_matches(tmp_path):
    assert_outcome(g.utf8_bom_basic(tmp_path), aspects=("mapping", "money"))


@pytest.mark.parametrize("padded", [True, False], ids=["excel_padded", "bare"])
def test_title_rows_above_header_csv(padded, tmp_path):
    """订单报表 / 导出时间：… / 店铺：… / blank above the header: not data, not the header; line
    numbers are the file's (the first data line is line 6)."""
    gen = g.title_rows_csv(tmp_path, padded=padded)
    assert gen.lines[0].source_row == 6
    assert_outcome(gen, aspects=FULL + ("mapping",))


def test_sep_line_first(tmp_path):
    """Excel's ``sep=;`` first line: the header is line 2, the data starts on line 3."""
    gen = g.comma_decimal(tmp_path, sep_line=True)
    _, report = assert_outcome(gen, aspects=FULL + ("mapping",))
    assert field_of(report, "decimal_separator") == {"amount": ","}


def test_quoted_line_breaks_keep_editor_line_numbers(tmp_path):
    """Quoted fields with LF / CRLF inside: every record is read whole and each bad line's
    source_row is the editor line its record starts on."""
    gen = g.quoted_line_breaks(tmp_path)
    assert [ln.source_row for ln in gen.lines if ln.reject] == [7, 14, 20]
    assert_outcome(gen, aspects=FULL)


def test_quoting_first_after_line_30000(tmp_path):
    """The first quoted field is past line 30,000 (beyond any sniffing sample)."""
    assert_outcome(g.late_quoting(tmp_path), aspects=("counts", "rejects", "money"))


def test_very_long_line(tmp_path):
    """A 2.3 MB line (pasted note) is read like any other line."""
    assert_outcome(g.very_long_line(tmp_path), aspects=("counts", "money"))


def test_unquoted_thousands_is_too_many_fields(tmp_path):
    """An unquoted 1,234.50 splits the line into one field more than the header: rejected as
    too_many_fields with its line number — never truncated (1) or shifted (234.50 as the note)."""
    gen = g.unquoted_thousands(tmp_path)
    assert_outcome(gen, aspects=FULL)


def test_excel_merged_order_cells(tmp_path):
    """订单号 / 客户 / 下单日期 merged over an order's item rows: each item row is the order's customer."""
    assert_outcome(g.excel_merged_orders(tmp_path), aspects=FULL)


def test_excel_blank_rows_not_counted(tmp_path):
    """Blank rows are not lines (rows_read) and the bad lines are named by their Excel row."""
    assert_outcome(g.excel_blank_rows(tmp_path), aspects=FULL)


def test_excel_zero_padded_ids_keep_leading_zeros(tmp_path):
    """123 shown as 000123 (number format 000000) is customer "000123"."""
    gen = g.excel_zero_padded_ids(tmp_path)
    store, _ = assert_outcome(gen, aspects=("money", "counts"))
    assert set(transactions(store)["customer_id"]) == {"000123", "004567", "000089", "120034"}


def test_excel_title_rows_and_empty_first_sheet(tmp_path):
    """An empty 说明 sheet first, then title rows above the header: the data sheet is read, rows
    are Excel rows (the bad date is row 9)."""
    gen = g.excel_title_rows(tmp_path)
    assert [ln.source_row for ln in gen.lines if ln.reject] == [9]
    assert_outcome(gen, aspects=FULL + ("mapping",))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_duplicate_header_names(fmt, tmp_path):
    assert_outcome(g.duplicate_header_names(tmp_path, fmt=fmt), aspects=FULL + ("mapping",))


def test_identical_lines_kept_without_order_id(tmp_path):
    """No order id: identical lines are separate purchases — kept, counted in identical_lines."""
    gen = g.identical_lines(tmp_path, with_order_id=False)
    exp = expect(gen)
    _, report = assert_outcome(gen, exp, aspects=("money", "counts"))
    assert field_of(report, "identical_lines") == exp.identical_lines == 4


def test_exact_duplicates_removed_with_order_id(tmp_path):
    gen = g.identical_lines(tmp_path, with_order_id=True)
    _, report = assert_outcome(gen, aspects=("money", "counts"))
    assert report.duplicates_removed == 4


def test_drop_duplicates_false_keeps_copies(tmp_path):
    gen = g.identical_lines(tmp_path, with_order_id=True)
    assert_outcome(gen, expect(gen, drop_duplicates=False), drop_duplicates=False, aspects=("money", "counts"))
