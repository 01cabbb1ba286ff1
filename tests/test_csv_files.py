"""CSV / text files as real software writes them: bad lines, title rows, sep=, line numbers, encodings.

Each file is built byte by byte the way its producer writes it (Excel: CRLF, GBK or UTF-8 with a
BOM, Alt+Enter = LF inside a quoted cell; exports from web shops: UTF-8, LF). Every expected
line number, count and value below is worked out by hand from the file text written in the test
(the line numbers a text editor shows), not taken from the code's output.

Checks go through ``ingest_file`` (counts, kept and rejected lines with their file rows) and,
for what only the reader knows, through ``sources.load_raw`` and the tables ``raw`` (with its
column ``_cv_source_row`` when rowid + first_row is not the file line) and ``raw_bad_lines``.
"""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import pytest

from crm_core import sources
from crm_core.errors import InvalidInputError
from crm_core.header_row import find_header_row
from crm_core.ingest import ingest_file, rejected_lines
from crm_core.store import Store

TODAY = dt.date(2026, 1, 1)
CRLF = "\r\n"


def write(path, lines, *, encoding="utf-8", newline=CRLF, final=True):
    """Write ``lines`` joined by ``newline`` (and one after the last when ``final``) in ``encoding``."""
    text = newline.join(lines) + (newline if final else "")
    path.write_bytes(text.encode(encoding))
    return path


def load_raw(path):
    """``sources.load_raw`` into a fresh store: (store, RawInfo)."""
    store = Store()
    return store, sources.load_raw(store, path)


def raw_rows(store):
    """The raw table in rowid order, as a DataFrame."""
    return store.table("raw").df()


def bad_lines(store):
    return store.table("raw_bad_lines").df()


def ingest(path, **kw):
    store, report = ingest_file(path, today=TODAY, **kw)
    tx = store.table("transactions").df().sort_values("source_row").reset_index(drop=True)
    return store, report, tx


# --- 1. a line with more fields than the header: set aside, never truncated or shifted ---------

def test_unquoted_thousands_is_a_bad_line_not_a_shifted_one(tmp_path):
    """Excel CSV (UTF-8 BOM, CRLF); line 3 has an unquoted 1,234.50 (5 fields), line 5 has two extra
    fields (6). Lines 2, 4, 6 load as they are; line 4 is short and padded with NULL."""
    path = write(tmp_path / "orders.csv", [
        "客户,日期,金额,备注",            # 1 header: 4 fields
        "C1,2024-01-05,12.50,首单",       # 2
        "C2,2024-01-06,1,234.50,加急",    # 3: 5 fields
        "C3,2024-01-07,7",                # 4: 3 fields -> 备注 NULL
        "C4,2024-01-08,8,x,y,z",          # 5: 6 fields
        "C5,2024-01-09,9,末单",           # 6
    ], encoding="utf-8-sig")
    store, info = load_raw(path)
    assert info.bad_lines == 2 and info.columns == ("客户", "日期", "金额", "备注")
    raw = raw_rows(store)
    assert list(raw["客户"]) == ["C1", "C3", "C5"]
    assert list(raw["金额"]) == ["12.50", "7", "9"]  # nothing shifted into 金额
    assert raw["备注"].isna().tolist() == [False, True, False]
    # rowid + first_row would say 2, 3, 4: raw_source_rows_column adds the column, raw_source_rows_segment
    # sets each run of lines (2 | 4 | 6 after the two bad lines)
    assert list(raw["_cv_source_row"]) == [2, 4, 6]
    bad = bad_lines(store)
    assert list(bad["source_row"]) == [3, 5]
    assert list(bad["reason"]) == ["too_many_fields", "too_many_fields"]
    assert list(bad["detail"]) == ["5 fields, header has 4", "6 fields, header has 4"]
    assert list(bad["line"]) == ["C2,2024-01-06,1,234.50,加急", "C4,2024-01-08,8,x,y,z"]
    assert str(bad["source_row"].dtype) == "int64"
    store, report, tx = ingest(path)
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (5, 3, 2)
    assert report.rejected == {"too_many_fields": 2}
    assert tx["source_row"].tolist() == [2, 4, 6] and tx["amount"].tolist() == [12.5, 7.0, 9.0]
    assert rejected_lines(store)["source_row"].tolist() == [3, 5]


def test_plain_file_has_an_empty_bad_lines_table_and_no_extra_column(tmp_path):
    """The fast path: no bad, blank or multi-line record -> raw's file line is rowid + first_row."""
    path = write(tmp_path / "orders.csv", ["customer,date,amount", "C1,2024-01-05,1", "C2,2024-01-06,2"],
                 newline="\n")
    store, info = load_raw(path)
    assert bad_lines(store).empty and list(bad_lines(store).columns) == ["source_row", "reason", "detail", "line"]
    assert list(store.table("raw").columns) == ["customer", "date", "amount"]
    assert info.first_row == 2 and info.bad_lines == 0 and info.blank_rows == 0
    _, report, tx = ingest(path)
    assert list(tx["source_row"]) == [2, 3]


def test_a_bad_line_far_down_keeps_every_line_number(tmp_path):
    """20,000 lines (LF); line 12,346 has 5 fields: it alone is set aside, the lines after it keep
    their own numbers (12,347 is the row after it)."""
    lines = ["customer,date,amount,note"] + [f"C{i},2024-01-05,{i},n" for i in range(2, 20_001)]
    lines[12_346 - 1] = "CX,2024-01-05,1,234.50,bad"
    path = write(tmp_path / "big.csv", lines, newline="\n")
    store, info = load_raw(path)
    assert info.bad_lines == 1
    raw = raw_rows(store)
    assert len(raw) == 19_998  # 19,999 data lines - 1
    row = raw[raw["customer"] == "C12347"]
    assert row["_cv_source_row"].item() == 12_347
    assert raw[raw["customer"] == "C12345"]["_cv_source_row"].item() == 12_345
    assert bad_lines(store)["source_row"].tolist() == [12_346]


def test_many_bad_lines_number_the_rest_right(tmp_path):
    """Every 3rd line of 300 is bad (100 runs of line offsets: raw_with_source_rows copies raw once
    instead of raw_source_rows_segment updating it 100 times)."""
    lines = ["a,b,c"]
    for i in range(2, 302):
        lines.append(f"{i},x,y,EXTRA" if i % 3 == 0 else f"{i},x,y")
    path = write(tmp_path / "many.csv", lines, newline="\n")
    store, info = load_raw(path)
    expected_bad = [i for i in range(2, 302) if i % 3 == 0]
    assert info.bad_lines == len(expected_bad) == 100
    assert bad_lines(store)["source_row"].tolist() == expected_bad
    raw = raw_rows(store)
    assert raw["_cv_source_row"].tolist() == [int(a) for a in raw["a"]]  # column a holds the line number


def test_reader_queries_on_a_small_file(tmp_path):
    """The reader's SQL run by hand on 6 lines: raw_lines_from_csv sets 2 records aside (DuckDB's
    record numbers 3 and 5; record 5 spans lines 5-6), raw_rejected_records reports them with their
    line breaks, raw_count counts raw, and drop_csv_reject_errors / drop_csv_reject_scans remove
    DuckDB's temp tables again."""
    path = write(tmp_path / "s.csv", ["a,b", "1,x", "2,x,EXTRA", "3,x", '4,"p', 'q",EXTRA'], newline="\n")
    store = Store()
    store.execute("drop_csv_reject_errors")
    store.execute("raw_lines_from_csv", path=str(path), columns={"a": "VARCHAR", "b": "VARCHAR"}, skip=0,
                  delimiter=",", parallel=False, max_line_size=1 << 20)
    assert store.scalar_row("raw_count")["n"] == 2
    rejected = store.run("raw_rejected_records", newline="\n")
    assert rejected[["record", "bad_encoding", "breaks"]].values.tolist() == [[3, False, 0], [5, False, 1]]
    store.execute("drop_csv_reject_errors")
    store.execute("drop_csv_reject_scans")
    assert not store.has_table("_cv_reject_errors") and not store.has_table("_cv_reject_scans")
    # through load_raw: the same lines, by file line (5, not record 5 of a record count)
    store, _ = load_raw(path)
    assert bad_lines(store)["source_row"].tolist() == [3, 5]
    assert not store.has_table("_cv_reject_errors") and not store.has_table("_cv_reject_scans")


def test_every_line_too_wide_is_a_specific_refusal(tmp_path):
    """raw_bad_lines_first gives the message its first line."""
    path = write(tmp_path / "semicolon_amounts.csv", ["客户,日期,金额", "C1,2024-01-05,1,5", "C2,2024-01-06,2,5"])
    with pytest.raises(InvalidInputError, match=r"no line of the file could be read as the header's 3 fields "
                                                r"\(the first one, line 2: 4 fields, header has 3\)") as e:
        load_raw(path)
    assert e.value.rows == [2]
    assert "4 个字段，表头只有 3 个" in e.value.message("zh")


def test_text_after_a_closing_quote_is_a_bad_line(tmp_path):
    path = write(tmp_path / "q.csv", ['a,b,c', '1,"x",y', '2,"ab"c,z', '3,p,q'], newline="\n")
    store, info = load_raw(path)
    assert raw_rows(store)["a"].tolist() == ["1", "3"]
    bad = bad_lines(store)
    assert bad[["source_row", "reason", "line"]].values.tolist() == [[3, "bad_quotes", '2,"ab"c,z']]


# --- 2. title rows and sep= above the header --------------------------------------------------

def test_title_rows_above_the_header_gbk_excel(tmp_path):
    """A report saved by Chinese Excel as CSV: GBK, CRLF, each title row padded with commas to the
    table's width, a blank row. Header = line 5, data from line 6; line 8 has an unreadable amount."""
    path = write(tmp_path / "订单报表.csv", [
        "订单报表,,,",                       # 1
        "导出时间：2024-05-01 10:00,,,",     # 2
        "店铺：某某旗舰店,,,",               # 3
        ",,,",                               # 4 blank row
        "订单号,客户编号,下单时间,实付金额",  # 5 header
        "A1,C1,2024-01-05,10.00",            # 6
        "A2,C2,2024-01-06,20.00",            # 7
        "A3,C3,2024-01-07,待定",             # 8 unreadable amount
        "A4,C1,2024-01-08,40.00",            # 9
    ], encoding="gbk")
    _, info = load_raw(path)
    assert info.encoding == "gb18030" and info.first_row == 6
    assert info.title_rows == ("订单报表", "导出时间：2024-05-01 10:00", "店铺：某某旗舰店")
    assert info.blank_rows == 1 and info.columns == ("订单号", "客户编号", "下单时间", "实付金额")
    store, report, tx = ingest(path)
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (4, 3, 1)
    assert tx["source_row"].tolist() == [6, 7, 9] and tx["amount"].tolist() == [10.0, 20.0, 40.0]
    rej = rejected_lines(store)
    assert rej[["source_row", "reason"]].values.tolist() == [[8, "unreadable_amount"]]


def test_title_rows_without_padding_and_an_empty_line(tmp_path):
    path = write(tmp_path / "t.csv", ["订单明细", "", "客户,日期,金额", "C1,2024-01-05,5", "C2,2024-01-06,6"],
                 newline="\n")
    _, info = load_raw(path)
    assert (info.first_row, info.title_rows, info.blank_rows) == (4, ("订单明细",), 1)
    _, report, tx = ingest(path)
    assert tx["source_row"].tolist() == [4, 5] and tx["customer_id"].tolist() == ["C1", "C2"]


def test_sep_line_sets_the_delimiter(tmp_path):
    """European Excel writes ``sep=;`` as line 1; the header is line 2, data from line 3."""
    path = write(tmp_path / "sep.csv", ["sep=;", "客户;日期;金额;备注", "C1;2024-01-05;12;a,b", "C2;2024-01-06;7;"])
    _, info = load_raw(path)
    assert info.first_row == 3 and info.columns == ("客户", "日期", "金额", "备注") and info.title_rows == ()
    assert any(n.startswith("sep_line:") and "';'" in n for n in info.notes)
    _, report, tx = ingest(path)
    assert tx["source_row"].tolist() == [3, 4] and tx["amount"].tolist() == [12.0, 7.0]


def test_semicolon_and_tab_files_without_a_hint(tmp_path):
    semi = write(tmp_path / "semi.csv", ["客户;日期;金额", "C1;2024-01-05;1,5", "C2;2024-01-06;2,5"])
    _, info = load_raw(semi)
    assert info.columns == ("客户", "日期", "金额")  # not split at the decimal commas
    tab = write(tmp_path / "tab.txt", ["客户\t日期\t金额\t备注", "C1\t2024-01-05\t1,000\t包邮,顺丰"])
    store, info = load_raw(tab)
    assert info.columns == ("客户", "日期", "金额", "备注") and raw_rows(store)["备注"].item() == "包邮,顺丰"


# --- 3. line numbers when quoted fields hold line breaks --------------------------------------

def test_quoted_line_breaks_then_a_bad_line(tmp_path):
    """Excel CSV UTF-8: CRLF line ends, Alt+Enter = LF inside the quoted 备注 (lines 3-4), and a
    备注 pasted with CRLF (lines 5-7). The bad line is line 8 in an editor (record 6 for DuckDB)."""
    path = write(tmp_path / "notes.csv", [
        "客户编号,下单时间,实付金额,备注",          # 1
        "C1,2024-01-05,10.00,",                     # 2
        'C2,2024-01-06,20.00,"请周末送货\n电话联系"',  # 3-4
        'C3,2024-01-07,30.00,"第一行\r\n第二行\r\n第三行，含逗号,和""引号"""',  # 5-7
        "C4,2024-01-08,1,234.50,x",                 # 8: 5 fields
        "C5,2024-01-09,abc,",                       # 9
        "C6,2024-01-10,60.00,",                     # 10
    ], encoding="utf-8-sig")
    store, info = load_raw(path)
    assert info.columns == ("客户编号", "下单时间", "实付金额", "备注")  # _cv_source_row is not a file column
    raw = raw_rows(store)
    assert raw["客户编号"].tolist() == ["C1", "C2", "C3", "C5", "C6"]
    assert raw["_cv_source_row"].tolist() == [2, 3, 5, 9, 10]
    assert raw["备注"].tolist()[1:3] == ["请周末送货\n电话联系", '第一行\r\n第二行\r\n第三行，含逗号,和"引号"']
    bad = bad_lines(store)
    assert bad[["source_row", "reason", "detail"]].values.tolist() == [[8, "too_many_fields", "5 fields, header has 4"]]
    assert bad["line"].item() == "C4,2024-01-08,1,234.50,x"
    assert info.bad_lines == 1 and info.blank_rows == 0
    store, report, tx = ingest(path)
    assert (report.rows_read, report.rows_kept) == (6, 4)
    assert tx["source_row"].tolist() == [2, 3, 5, 10]
    assert rejected_lines(store)[["source_row", "reason"]].values.tolist() == [[8, "too_many_fields"],
                                                                              [9, "unreadable_amount"]]


def test_blank_lines_inside_the_file_and_inside_a_quote(tmp_path):
    """An empty line 3 is skipped (not a record); the empty line 6 is inside the quoted value of
    the record on lines 5-7. Line numbers after both stay the editor's."""
    path = write(tmp_path / "blank.csv", [
        "a,b,c",          # 1
        "1,x,y",          # 2
        "",               # 3 blank
        "4,x,y",          # 4
        '5,"p',           # 5
        "",               # 6 (inside the quote)
        'q",z',           # 7
        "8,k,l",          # 8
        "9,k,l,EXTRA",    # 9 bad
        "10,k,l",         # 10
        "",               # 11 trailing blank
    ], newline="\n")
    store, info = load_raw(path)
    raw = raw_rows(store)
    assert raw["a"].tolist() == ["1", "4", "5", "8", "10"]
    assert raw["_cv_source_row"].tolist() == [2, 4, 5, 8, 10]
    assert raw["b"].tolist()[2] == "p\n\nq"
    assert bad_lines(store)["source_row"].tolist() == [9]
    assert info.blank_rows == 2  # lines 3 and 11


def test_multi_line_record_breaks_counted_by_raw_line_breaks(tmp_path):
    """raw_line_breaks counts the line breaks inside each record's values (CRLF counts once)."""
    path = write(tmp_path / "m.csv", ['a,b', '1,"x\r\ny\r\nz"', '2,"u\nv"', "3,w"])
    store, _ = load_raw(path)
    assert store.run("raw_line_breaks", newline="\n").values.tolist() == [[0, 2], [1, 1]]
    assert raw_rows(store)["_cv_source_row"].tolist() == [2, 5, 7]


def test_mixed_line_ends_are_read_as_an_editor_shows_them(tmp_path):
    """Two files pasted together: CRLF lines, then LF lines, then one bare CR."""
    path = tmp_path / "pasted.csv"
    path.write_bytes(b"a,b,c\r\n1,x,y\r\n2,x,y\n3,x,y\r4,x,y,EXTRA\n5,x,y\n")
    store, info = load_raw(path)
    assert raw_rows(store)["a"].tolist() == ["1", "2", "3", "5"]
    assert bad_lines(store)["source_row"].tolist() == [5]
    assert raw_rows(store)["_cv_source_row"].tolist() == [2, 3, 4, 6]
    assert any(n.startswith("line_ends:") for n in info.notes)


def test_a_quote_never_closed_is_refused_with_its_line(tmp_path):
    """A multi-line record forces the one-thread reader; then line 5 opens a quote that never
    closes. DuckDB would swallow lines 5-7 into one record silently; the reader refuses instead."""
    path = write(tmp_path / "open.csv", ["a,b,c", '1,"multi', 'line",x', "2,y,z", '3,"open,w', "4,v,u", "5,t,s"],
                 newline="\n")
    with pytest.raises(InvalidInputError, match="from about line 5 on") as e:
        load_raw(path)
    assert e.value.rows == [5] and "第 5 行" in e.value.message("zh")


# --- 4. quoting that starts late, very long lines ---------------------------------------------

def test_quoting_first_appears_on_line_30000(tmp_path):
    """30,500 lines (LF) without a quote until line 30,002 ("1,234.50"), then an unreadable amount
    on line 30,400. The quote is the CSV standard one whatever the first 20,480 lines show."""
    lines = ["客户,日期,金额,备注"] + [f"C{i % 50},2024-01-05,1.00,正常" for i in range(2, 30_501)]
    lines[30_002 - 1] = 'Q1,2024-01-05,"1,234.50","含税,已开票"'
    lines[30_400 - 1] = "Q2,2024-01-05,n/a?,正常"
    path = write(tmp_path / "late.csv", lines, newline="\n")
    store, report, tx = ingest(path, drop_duplicates=False)
    assert report.rows_read == 30_499 and report.rows_kept == 30_498
    q1 = tx[tx["customer_id"] == "Q1"]
    assert q1["amount"].item() == 1234.5 and q1["source_row"].item() == 30_002
    assert rejected_lines(store)[["source_row", "reason"]].values.tolist() == [[30_400, "unreadable_amount"]]


def test_a_3_mb_cell_is_read_whole(tmp_path):
    """A pasted 备注 of 3 MB (1,000,000 × 备, 3 bytes each in UTF-8) on line 3; DuckDB's default
    maximum line is 2 MB."""
    note = "备" * 1_000_000
    path = write(tmp_path / "long.csv", ["客户,日期,金额,备注", "C1,2024-01-05,1,a", f"C2,2024-01-06,2,{note}",
                                         "C3,2024-01-07,x,c"], newline="\n")
    store, report, tx = ingest(path)
    assert report.rows_kept == 2 and tx["source_row"].tolist() == [2, 3]
    assert rejected_lines(store)[["source_row", "reason"]].values.tolist() == [[4, "unreadable_amount"]]
    store2, _ = load_raw(path)
    assert len(raw_rows(store2)["备注"][1]) == 1_000_000


def test_a_3_mb_bad_line_keeps_its_text_and_number(tmp_path):
    note = "备" * 1_000_000
    path = write(tmp_path / "long_bad.csv", ["a,b,c", "1,x,y", f"2,{note},y,EXTRA", '3,"p\nq",z', "4,x,y"])
    store, _ = load_raw(path)
    bad = bad_lines(store)
    assert bad["source_row"].tolist() == [3] and len(bad["line"].item()) == len(f"2,{note},y,EXTRA")
    assert raw_rows(store)["_cv_source_row"].tolist() == [2, 4, 6]


def test_a_line_beyond_the_longest_read_is_a_bad_line_with_its_number(tmp_path, monkeypatch):
    """With the limit lowered to DuckDB's 2 MB, the 3 MB line 3 stays out of raw as line_too_long,
    and line 4 keeps its number."""
    monkeypatch.setattr(sources, "MAX_LINE_BYTES", sources.DUCKDB_LINE_BYTES)
    path = write(tmp_path / "too_long.csv", ["a,b", "1,x", f"2,{'备' * 1_000_000}", "3,y"], newline="\n")
    store, info = load_raw(path)
    assert raw_rows(store)["a"].tolist() == ["1", "3"] and raw_rows(store)["_cv_source_row"].tolist() == [2, 4]
    assert bad_lines(store)[["source_row", "reason"]].values.tolist() == [[3, "line_too_long"]]


# --- 5. encodings ------------------------------------------------------------------------------

ROWS = ["客户,日期,金额,备注", "C1,2024-01-05,10,张三", "C2,2024-01-06,20,李四", "C3,2024-01-07,30,王五"]


@pytest.mark.parametrize(("encoding", "reported"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030"),
    ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")])
def test_every_encoding_excel_or_a_shop_writes(tmp_path, encoding, reported):
    """utf-16 = with a BOM (Excel's "Unicode text"); utf-16-le / -be = without one (told by NUL bytes)."""
    path = write(tmp_path / "e.csv", ROWS, encoding=encoding)
    _, report, tx = ingest(path)
    assert report.encoding == reported
    assert tx["customer_id"].tolist() == ["C1", "C2", "C3"] and tx["source_row"].tolist() == [2, 3, 4]
    assert report.mapping["customer_id"] == "客户" and report.mapping["amount"] == "金额"


def test_gb18030_four_byte_characters(tmp_path):
    path = write(tmp_path / "g.csv", [*ROWS, "C4,2024-01-08,40,𠀀䶮"], encoding="gb18030")
    store, _ = load_raw(path)
    assert raw_rows(store)["备注"].tolist()[-1] == "𠀀䶮"


def _utf8_with_gbk_line(n_lines, bad):
    rows = ["客户,日期,金额,备注"] + [f"C{i},2024-01-05,{i},张三买了东西" for i in range(2, n_lines + 1)]
    return b"".join((r.encode("gbk") if i + 1 == bad else r.encode("utf-8")) + b"\r\n" for i, r in enumerate(rows))


def test_utf8_file_with_a_gbk_line_names_the_line(tmp_path):
    path = tmp_path / "pasted.csv"
    path.write_bytes(_utf8_with_gbk_line(3000, bad=2500))
    with pytest.raises(InvalidInputError, match=r"mixes text encodings: line 2500 is not UTF-8") as e:
        load_raw(path)
    assert e.value.rows == [2500] and "Save As" in str(e.value)
    assert "第 2500 行不是 UTF-8" in e.value.message("zh")


def test_gbk_file_with_a_utf8_line_names_the_line(tmp_path):
    rows = ["客户,日期,金额,备注"] + [f"C{i},2024-01-05,{i},张三买了东西" for i in range(2, 201)]
    path = tmp_path / "pasted.csv"
    path.write_bytes(b"".join((r.encode("utf-8") if i + 1 == 150 else r.encode("gbk")) + b"\r\n"
                              for i, r in enumerate(rows)))
    with pytest.raises(InvalidInputError, match=r"it is GBK/GB18030 \(from line 1\), but line 150 is UTF-8") as e:
        load_raw(path)
    assert e.value.rows == [150]


def test_ascii_file_with_one_gbk_line_is_gbk(tmp_path):
    """Nothing before the GBK line says UTF-8: the file is GBK, and its one Chinese line reads right."""
    rows = ["customer,date,amount,note"] + [f"C{i},2024-01-05,{i},n" for i in range(2, 101)] + ["C0,2024-01-05,1,备注"]
    path = write(tmp_path / "a.csv", rows, encoding="gbk")
    store, info = load_raw(path)
    assert info.encoding == "gb18030" and raw_rows(store)["note"].tolist()[-1] == "备注"


def test_neither_utf8_nor_gbk(tmp_path):
    path = write(tmp_path / "latin1.csv", ["a,b,c", "C1,é1,ü", "C2,x,y"], encoding="latin-1")
    with pytest.raises(InvalidInputError, match=r"neither UTF-8 \(line 2 is not\) nor GBK/GB18030") as e:
        load_raw(path)
    assert e.value.rows == [2]


def test_detect_encoding_on_the_whole_file(tmp_path):
    assert sources.detect_encoding(write(tmp_path / "a.csv", ROWS, encoding="gbk")) == "gb18030"
    assert sources.detect_encoding(write(tmp_path / "b.csv", ROWS, encoding="utf-16-le")) == "utf-16-le"
    assert sources.detect_encoding(write(tmp_path / "c.csv", ROWS, encoding="utf-8-sig")) == "utf-8-sig"


# --- 6. no crash ------------------------------------------------------------------------------

def test_a_column_named_rowid_is_renamed(tmp_path):
    """DuckDB's rowid pseudo-column (file order, which the ingest joins on) would be hidden."""
    path = write(tmp_path / "r.csv", ["RowID,客户,日期,金额", "7,C1,2024-01-05,1", "8,C2,2024-01-06,2"])
    store, info = load_raw(path)
    assert info.columns == ("RowID_1", "客户", "日期", "金额")
    assert any("'RowID'" in n and "'RowID_1'" in n for n in info.notes)
    _, report, tx = ingest(path)
    assert tx["source_row"].tolist() == [2, 3] and tx["amount"].tolist() == [1.0, 2.0]
    assert "RowID_1" in report.passthrough_columns


def test_a_parquet_column_named_rowid_is_renamed(tmp_path):
    path = tmp_path / "o.parquet"
    pd.DataFrame({"rowid": [10, 11], "客户": ["C1", "C2"], "日期": ["2024-01-05", "2024-01-06"],
                  "金额": [1.5, 2.5]}).to_parquet(path)
    store, info = load_raw(path)  # raw_lines_from_source reads it under the new names, drop_raw_source cleans up
    assert info.columns == ("rowid_1", "客户", "日期", "金额") and info.notes
    assert raw_rows(store)["rowid_1"].tolist() == ["10", "11"]
    assert not store.has_table("_cv_raw_source")
    _, report, tx = ingest(path)
    assert tx["source_row"].tolist() == [1, 2] and tx["amount"].tolist() == [1.5, 2.5]


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(InvalidInputError, match="is a folder, not a file") as e:
        load_raw(tmp_path)
    assert "是文件夹，不是文件" in e.value.message("zh")


def test_duplicate_and_blank_header_names(tmp_path):
    path = write(tmp_path / "d.csv", ["客户,备注,日期,金额,备注,", "C1,卖家,2024-01-05,1,买家,z"])
    store, info = load_raw(path)
    assert info.columns == ("客户", "备注", "日期", "金额", "备注_1", "column6")
    assert raw_rows(store)["备注_1"].item() == "买家"


def test_pathological_cells_cost_no_time(tmp_path):
    """Cells of 150 spaces, "(" + 150 spaces, "1" + 150 spaces + "元x": the header test is linear."""
    cells = [" " * 150, "(" + " " * 150, "(" + " " * 150 + "x", "1" + " " * 150 + "元 x", "-" + " " * 150 + "-x",
             "(" + " " * 60 + "1" + " " * 60 + ")" + " " * 30 + "x"]
    rows = [cells] * 30
    t0 = time.perf_counter()
    find_header_row(rows)
    assert time.perf_counter() - t0 < 0.05  # 180 cells; the old pattern took 0.4 s on one of them
    path = write(tmp_path / "p.csv", ["客户,日期,金额,备注"] + [f"C1,2024-01-05,1,{c}" for c in cells[1:]] * 20)
    t0 = time.perf_counter()
    load_raw(path)
    assert time.perf_counter() - t0 < 2.0


# --- the header rule (crm_core.header_row) ----------------------------------------------------

def test_find_header_row_skips_a_title_block():
    rows = [["订单报表", None, None, None], ["导出时间：2024-05-01 10:00", "", "", ""], [None] * 4,
            ["订单号", "客户", "日期", "金额"], ["A1", "C1", "2024-01-05", "10.00"], ["A2", "C2", "2024-01-06", "(12.00)"]]
    assert find_header_row(rows) == 3


def test_find_header_row_accepts_two_columns_with_one_name():
    rows = [["客户编号", "备注", "下单时间", "实付金额", "备注"],
            ["C001", "卖家备注", "2024-03-07 13:48:46", "34.96", "买家备注"]]
    assert find_header_row(rows) == 0


def test_find_header_row_passes_over_numbers_and_dates():
    """A first row of values (a file without a header line) is not taken while a word row follows."""
    rows = [["2024年1月5日", "￥1,234.50", "12 %", "45300"], ["客户", "日期", "金额", "数量"], ["C1", "2024-01-05", "1", "2"]]
    assert find_header_row(rows) == 1
    assert find_header_row([[None, ""], []]) == -1
