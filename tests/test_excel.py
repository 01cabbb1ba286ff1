"""Excel exports as exporting software writes them: title block, merged order cells, blank rows,
zero-padded numbers, repeated headers, error cells, cells beyond the header.

Each workbook is built here with openpyxl; every expected value is worked out by hand from the rows
written in the test (sheet row numbers are Excel's, header included), not from the reader's output.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import openpyxl
import pandas as pd
import pytest

from crm_core.errors import InvalidInputError
from crm_core.excel import cell_text, merged_ranges, sheet_members, unique_headers, zero_padding
from crm_core.ingest import ingest_file, open_file, rejected_lines

from .conftest import TODAY


def workbook(path, rows, *, merges=(), formats=None, title="订单"):
    """Save one sheet: ``rows`` appended from row 1 (``[]`` = an empty row), ``merges`` as ranges
    ("A5:A7"), ``formats`` = {"B5": "000000"} number formats."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    wb.save(path)
    return path


def load(path, **kw):
    kw.setdefault("today", TODAY)
    store, report = ingest_file(path, **kw)
    tx = store.table("transactions").df().sort_values("source_row").reset_index(drop=True)
    return store, report, tx


HEADER = ["订单号", "会员编号", "下单时间", "商品", "数量", "实付金额"]
EXPORT = [
    ["订单报表"],                                                      # 1  title, merged A1:F1
    ["导出时间：2024-05-01 10:00"],                                     # 2  title
    [],                                                                # 3  empty
    HEADER,                                                            # 4  header
    ["SO1", 123, dt.datetime(2024, 3, 1, 10, 0), "苹果", 1, 10.5],       # 5  order SO1: rows 5-7 merged in A:C
    [None, None, None, "香蕉", 2, 4],                                    # 6
    [None, None, None, "橙子", 1, 3],                                    # 7
    [],                                                                # 8  blank
    ["SO2", 45, dt.datetime(2024, 3, 2, 9, 30), "苹果", 1, 10.5],        # 9
    [],                                                                # 10 blank
    [],                                                                # 11 blank
    ["SO3", 123, dt.datetime(2024, 3, 5, 18, 0), "梨", 3, 9],            # 12
]
EXPORT_MERGES = ["A1:F1", "A5:A7", "B5:B7", "C5:C7"]
EXPORT_FORMATS = {"B5": "000000", "B9": "000000", "B12": "000000"}  # member numbers shown with 6 digits


def test_export_with_title_block_merged_orders_and_blank_rows(tmp_path):
    path = workbook(tmp_path / "export.xlsx", EXPORT, merges=EXPORT_MERGES, formats=EXPORT_FORMATS)
    _, r, tx = load(path)
    # 5 item lines (rows 5, 6, 7, 9, 12); rows 8, 10, 11 are blank, rows 1-3 are the title block
    assert r.rows_read == 5 and r.rows_kept == 5 and r.duplicates_removed == 0
    assert list(tx["source_row"]) == [5, 6, 7, 9, 12]
    # the merged order id / member number / time of SO1 reach all three of its item lines
    assert list(tx["order_id"]) == ["SO1", "SO1", "SO1", "SO2", "SO3"]
    assert list(tx["customer_id"]) == ["000123", "000123", "000123", "000045", "000123"]
    assert list(tx["order_ts"]) == [pd.Timestamp("2024-03-01 10:00")] * 3 + [pd.Timestamp("2024-03-02 09:30"),
                                                                              pd.Timestamp("2024-03-05 18:00")]
    assert list(tx["amount"]) == [10.5, 4.0, 3.0, 10.5, 9.0]
    assert tx.groupby("customer_id")["amount"].sum().to_dict() == {"000123": 26.5, "000045": 10.5}
    assert r.customers == 2
    assert r.title_rows == ["订单报表", "导出时间：2024-05-01 10:00"]
    assert r.blank_rows == 3
    assert r.columns == HEADER
    merged = [n for n in r.reader_notes if n.startswith("merged_cells:")]
    # A1:F1 is the title's (above the header): not filled; the three order ranges are
    assert merged and "filled 3 merged cell range(s)" in merged[0]


def test_the_reader_gives_each_line_its_sheet_row_and_keeps_it_out_of_the_columns(tmp_path):
    path = workbook(tmp_path / "export.xlsx", EXPORT, merges=EXPORT_MERGES, formats=EXPORT_FORMATS)
    opened = open_file(path)
    try:
        info = opened.info
        assert "_cv_source_row" not in info.columns and info.columns == tuple(HEADER)
        assert info.first_row == 5 and info.sheet == "订单"
        raw = opened.store.table("raw").df()
        assert [int(v) for v in raw["_cv_source_row"]] == [5, 6, 7, 9, 12]
        assert list(raw["数量"]) == ["1", "2", "1", "1", "3"]  # integers without ".0"
    finally:
        opened.store.close()


def test_rejected_lines_keep_their_sheet_rows_below_skipped_blank_rows(tmp_path):
    rows = [["客户", "日期", "金额", "备注"],
            ["C1", "2024-01-05", 10, "ok"],          # 2
            [],                                      # 3
            [],                                      # 4
            ["C2", "2024-01-06", "#VALUE!", "calc"],  # 5  an error cell in the amount column
            ["C3", "2024-01-07", 7, "#N/A"],          # 6  an error cell in a pass-through column
            ["C4", "2024-01-08", "#N/A", "lookup"]]   # 7  #N/A in the amount: a null marker, no value
    store, r, tx = load(workbook(tmp_path / "e.xlsx", rows))
    assert r.rows_read == 4 and r.blank_rows == 2
    assert list(tx["source_row"]) == [2, 6] and list(tx["amount"]) == [10.0, 7.0]
    assert list(tx["备注"]) == ["ok", "#N/A"]  # an error cell is text, as Excel shows it
    rej = rejected_lines(store)
    assert list(rej["source_row"]) == [5, 7] and list(rej["reason"]) == ["unreadable_amount", "missing_amount"]
    assert list(rej["金额"]) == ["#VALUE!", "#N/A"]


def test_zero_padded_numbers_integers_and_text_cells(tmp_path):
    rows = [["客户", "日期", "金额"],
            [123, "2024-01-05", 1],          # 2  format 000000
            [4567, "2024-01-05", 2],         # 3  format 00000000
            ["000777", "2024-01-05", 3],     # 4  a text cell stays text
            [1002, "2024-01-05", 4],         # 5  General: an integer, no ".0"
            [1003.0, "2024-01-05", 5]]       # 6  a float holding an integer
    path = workbook(tmp_path / "z.xlsx", rows, formats={"A2": "000000", "A3": "00000000"})
    _, r, tx = load(path)
    assert list(tx["customer_id"]) == ["000123", "00004567", "000777", "1002", "1003"]
    assert list(tx["amount"]) == [1.0, 2.0, 3.0, 4.0, 5.0]


@pytest.mark.parametrize(("value", "fmt", "text"), [
    (123, "000000", "000123"),
    (123, "00000000", "00000123"),
    (-5, "000", "-005"),
    (7, '"NO."0000', "NO.0007"),
    (123.0, "000000", "000123"),
    (12.5, "000000", "12.5"),      # not an integer: the stored value, not Excel's rounded "000013"
    (1234, "#,##0", "1234"),       # grouping is not applied: the number is the value
    (5, "0", "5"),
    (1002, "General", "1002"),
    (0.1, "General", "0.1"),
    (True, "General", "TRUE"),
    ("#N/A", "General", "#N/A"),
    (dt.date(2024, 3, 1), "yyyy-mm-dd", "2024-03-01"),
    (dt.datetime(2024, 3, 1, 10, 30), "yyyy-mm-dd hh:mm", "2024-03-01 10:30:00"),
    (None, "000000", None),
])
def test_cell_text(value, fmt, text):
    assert cell_text(value, fmt) == text


def test_zero_padding_formats():
    assert zero_padding("000000") == ("", 6, "")
    assert zero_padding('"NO."00000') == ("NO.", 5, "")
    assert zero_padding("0") is None and zero_padding("0.00") is None and zero_padding("000;-000") is None
    assert zero_padding("General") is None and zero_padding("@") is None


def test_repeated_blank_and_reserved_headers(tmp_path):
    rows = [["客户", "日期", "金额", "金额", "金额_1", None, "rowid", "ROWID"],
            ["C1", "2024-01-05", 10, 11, 12, "x", "r1", "R1"],
            ["C2", "2024-01-06", 20, 21, 22, "y", "r2", "R2"]]
    path = workbook(tmp_path / "h.xlsx", rows)
    opened = open_file(path)
    try:
        # 金额 repeats: its second copy may not take 金额_1, which the fifth header already has
        assert opened.info.columns == ("客户", "日期", "金额", "金额_2", "金额_1", "column6", "rowid_1", "ROWID_2")
        notes = opened.info.notes
        assert any(n.startswith("renamed_column:") and "'rowid'" in n and "'rowid_1'" in n for n in notes)
        assert any(n.startswith("duplicate_column:") and "'金额_2'" in n for n in notes)
    finally:
        opened.store.close()
    _, r, tx = load(path, mapping={"customer_id": "客户", "order_ts": "日期", "amount": "金额"})
    assert list(tx["amount"]) == [10.0, 20.0]
    assert list(tx["金额_2"]) == ["11", "21"] and list(tx["金额_1"]) == ["12", "22"]
    assert list(tx["column6"]) == ["x", "y"] and list(tx["rowid_1"]) == ["r1", "r2"]
    assert list(tx["ROWID_2"]) == ["R1", "R2"]


def test_unique_headers_never_collide():
    assert unique_headers(["a", "A", "a_1", None, "column4", " b "]) == (
        ["a", "A_2", "a_1", "column4", "column4_1", "b"],
        ["duplicate_column: the header 'A' of sheet column 2 repeats an earlier one; it is read as 'A_2'",
         "duplicate_column: the header 'column4' of sheet column 5 repeats an earlier one; it is read as "
         "'column4_1'"])


def test_values_beyond_the_header_become_columns_and_empty_spacers_go(tmp_path):
    rows = [[None, "客户", "日期", "金额"],                           # A is an empty spacer column
            [None, "C1", "2024-01-05", 10],
            [None, "C2", "2024-01-06", 20, None, "迟到的备注"]]      # a value in F, beyond the header
    path = workbook(tmp_path / "w.xlsx", rows)
    _, r, tx = load(path)
    assert r.columns == ["客户", "日期", "金额", "column6"]  # E is empty too: no column5
    assert list(tx["column6"].fillna("-")) == ["-", "迟到的备注"]
    assert any(n.startswith("columns_beyond_header:") and "'column6'" in n for n in r.reader_notes)


def test_horizontal_merges_are_filled_across(tmp_path):
    rows = [["客户", "日期", "金额", "省", "市"],
            ["C1", "2024-01-05", 10, "上海", None],   # 上海 is both province and city: D2:E2 merged
            ["C2", "2024-01-06", 20, "浙江", "杭州"]]
    _, r, tx = load(workbook(tmp_path / "m.xlsx", rows, merges=["D2:E2"]))
    assert list(tx["省"]) == ["上海", "浙江"] and list(tx["市"]) == ["上海", "杭州"]


def test_a_row_with_nothing_but_a_merged_continuation_is_blank(tmp_path):
    rows = [["客户", "日期", "金额"],
            ["C1", "2024-01-05", 10],   # 2  A2:A3 merged, row 3 has nothing of its own
            [None, None, None],         # 3
            ["C2", "2024-01-06", 20]]   # 4
    _, r, tx = load(workbook(tmp_path / "b.xlsx", rows, merges=["A2:A3"]))
    assert r.rows_read == 2 and r.blank_rows == 1 and list(tx["source_row"]) == [2, 4]


def test_an_order_total_merged_over_item_rows_is_reported(tmp_path):
    rows = [["订单号", "客户", "日期", "商品", "订单金额"],
            ["A1", "C1", "2024-01-05", "x", 30],
            [None, None, None, "y", None]]
    opened = open_file(workbook(tmp_path / "t.xlsx", rows, merges=["A2:A3", "B2:B3", "C2:C3", "E2:E3"]))
    try:
        notes = [n for n in opened.info.notes if n.startswith("merged_numbers:")]
        assert len(notes) == 1 and "'订单金额'" in notes[0]
    finally:
        opened.store.close()


def test_merged_ranges_are_those_openpyxl_reads_in_full_mode(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.merge_cells("A1:D2")
    ws = wb.create_sheet("订单")
    for i in range(1, 30):
        ws.append([f"r{i}", i, i * 2, None])
    for ref in ["A3:A6", "B10:C10", "D1:D29", "A20:B22"]:
        ws.merge_cells(ref)
    wb.save(tmp_path / "r.xlsx")
    full = openpyxl.load_workbook(tmp_path / "r.xlsx")
    with zipfile.ZipFile(tmp_path / "r.xlsx") as zf:
        members = sheet_members(zf)
        assert set(members) == {"说明", "订单"}
        for name in members:
            assert sorted(merged_ranges(zf, members[name])) == sorted(r.bounds for r in full[name].merged_cells.ranges)


def test_a_wrong_stored_sheet_size_does_not_cut_rows(tmp_path):
    rows = [["客户", "日期", "金额"]] + [[f"C{i}", "2024-01-05", i] for i in range(1, 6)]
    path = workbook(tmp_path / "d.xlsx", rows)
    fixed = tmp_path / "dim.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(fixed, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                # a writer that records A1:C2 although the data reach C6
                data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:C2"/>', data)
            dst.writestr(item, data)
    _, r, tx = load(fixed)
    assert r.rows_read == 5 and list(tx["amount"]) == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_rows_shorter_than_the_header_from_a_streaming_writer(tmp_path):
    wb = openpyxl.Workbook(write_only=True)  # writes no sheet size and drops trailing empty cells
    ws = wb.create_sheet("s")
    ws.append(["客户", "日期", "金额", "备注"])
    ws.append(["C1", "2024-01-05", 10])
    ws.append(["C2", "2024-01-06", 20, "加急"])
    wb.save(tmp_path / "s.xlsx")
    _, r, tx = load(tmp_path / "s.xlsx")
    assert list(tx["amount"]) == [10.0, 20.0] and list(tx["备注"].fillna("-")) == ["-", "加急"]


def test_a_chosen_empty_sheet_is_named(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "空"
    wb.create_sheet("订单").append(["客户", "日期", "金额"])
    wb["订单"].append(["C1", "2024-01-05", 1])
    wb.save(tmp_path / "two.xlsx")
    with pytest.raises(InvalidInputError, match="sheet '空' is empty") as err:
        load(tmp_path / "two.xlsx", sheet="空")
    assert err.value.message("zh").endswith("工作表 '空' 是空的")
    _, r, tx = load(tmp_path / "two.xlsx")
    assert r.sheet == "订单" and tx["customer_id"].item() == "C1"


def test_a_damaged_sheet_is_a_specific_refusal(tmp_path):
    path = workbook(tmp_path / "ok.xlsx", [["客户", "日期", "金额"]] + [[f"C{i}", "2024-01-05", i] for i in range(50)])
    cut = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(cut, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, data[: len(data) // 2] if item.filename.startswith("xl/worksheets/") else data)
    with pytest.raises(InvalidInputError, match="sheet '订单' cannot be read") as err:
        load(cut)
    assert "工作表 '订单' 无法读取" in err.value.message("zh")


def test_title_block_above_a_header_with_a_repeated_name(tmp_path):
    rows = [["销售明细"],                                   # 1 title
            [],                                            # 2
            ["客户", "日期", "金额", "备注", "备注"],          # 3 header: 备注 twice
            ["C1", "2024-01-05", 8, "a", "b"]]             # 4
    _, r, tx = load(workbook(tmp_path / "t.xlsx", rows))
    assert r.title_rows == ["销售明细"] and r.columns == ["客户", "日期", "金额", "备注", "备注_1"]
    assert list(tx["source_row"]) == [4] and list(tx["备注_1"]) == ["b"] and list(tx["amount"]) == [8.0]
