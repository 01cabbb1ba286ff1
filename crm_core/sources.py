"""Read an order file (CSV / Excel / Parquet) into the all-text table ``raw`` of a store.

This module owns file formats and encodings; it does not interpret values (that is
``ingest``). Every format lands in the same shape — one VARCHAR column per header, lines in
file order — so one set of parsing rules serves them all.

- CSV / TXT: UTF-8 (with or without BOM) is read by DuckDB directly, at file speed. GBK /
  GB18030 (what Chinese Excel writes) and UTF-16 are transcoded to a UTF-8 temporary file
  first, in chunks.
- Excel ``.xlsx``: read with openpyxl (read-only mode); first non-empty sheet by default.
- Parquet: read by DuckDB.
The format is taken from the file's first bytes, not its name, so an Excel file renamed
``.csv`` still reads, and a binary file gets a clear message.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from .errors import InvalidInputError
from .store import Store

CHUNK = 1 << 22  # 4 MiB
BINARY_ZH = "这不是文本（CSV）文件：其中含有二进制数据。请上传 CSV、Excel .xlsx 或 Parquet 文件"


@dataclass(frozen=True)
class RawInfo:
    """What was read: the format, the encoding, the sheet, and the file row of raw's first line."""

    file_format: str  # "csv" | "xlsx" | "parquet"
    encoding: str | None
    sheet: str | None
    sheets: tuple[str, ...]
    first_row: int
    columns: tuple[str, ...]
    # lines not in ``raw``: blank rows skipped (Excel), lines rejected by the reader (CSV: table
    # ``raw_bad_lines``), title rows above the header (their text, for the report)
    blank_rows: int = 0
    bad_lines: int = 0
    title_rows: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what the reader did that the user should know (English ids/texts)


def sniff_format(path: str | Path) -> str:
    """``"xlsx"``, ``"parquet"``, ``"xls"`` or ``"csv"`` from the file's first bytes."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    return "csv"


def detect_encoding(path: str | Path) -> str:
    """The text encoding of a file: ``utf-8``, ``utf-8-sig``, ``utf-16`` or ``gb18030``.

    UTF-8 is checked over the whole file (a GBK character may sit on line 900,000); GB18030 is
    a superset of GBK and GB2312. A file that is neither (or holds NUL bytes) is not text.
    """
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return "utf-16"
        bom = head.startswith(codecs.BOM_UTF8)
        fh.seek(0)
        for name in ("utf-8", "gb18030"):
            fh.seek(0)
            dec = codecs.getincrementaldecoder(name)()
            ok = True
            try:
                while chunk := fh.read(CHUNK):
                    if b"\x00" in chunk:
                        raise InvalidInputError(
                            "file", None,
                            reason="this is not a text (CSV) file: it contains binary data. "
                                   "Upload a CSV, an Excel .xlsx or a Parquet file",
                            reason_zh=BINARY_ZH)
                    dec.decode(chunk)
                dec.decode(b"", final=True)
            except UnicodeDecodeError:
                ok = False
            if ok:
                return "utf-8-sig" if (name == "utf-8" and bom) else name
    raise InvalidInputError("file", None,
                            reason="the file is neither UTF-8 nor GBK/GB18030 text; save it as CSV (UTF-8)",
                            reason_zh="文件编码既不是 UTF-8，也不是 GBK/GB18030；请另存为 CSV（UTF-8）")


def _transcode_to_utf8(path: str | Path, encoding: str) -> str:
    fd, out = tempfile.mkstemp(suffix=".csv", prefix="cvd_utf8_")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as dst, \
            open(path, encoding=encoding, newline="") as src:
        while chunk := src.read(CHUNK):
            dst.write(chunk)
    return out


def load_raw(store: Store, path: str | Path, *, sheet: str | None = None) -> RawInfo:
    """Read ``path`` into the table ``raw`` of ``store`` (all text, file order).

    Raises
    ------
    InvalidInputError
        Empty file, binary file, unknown encoding, old ``.xls``, an unreadable CSV, a sheet
        that does not exist, or a file with a header but no lines.
    """
    path = Path(path)
    if not path.exists():
        raise InvalidInputError("file", None, reason=f"no such file: {path}",
                                reason_zh=f"找不到文件：{path}")
    if path.stat().st_size == 0:
        raise InvalidInputError("file", None, reason="the file is empty", reason_zh="文件为空")
    fmt = sniff_format(path)
    if fmt == "xls":
        raise InvalidInputError("file", None,
                                reason="old Excel .xls files are not supported; save as .xlsx or CSV",
                                reason_zh="不支持旧版 Excel .xls 文件；请另存为 .xlsx 或 CSV")
    if fmt == "parquet":
        try:
            store.execute("raw_lines_from_parquet", path=str(path))
        except duckdb.Error as err:
            raise InvalidInputError("file", None, reason=f"unreadable Parquet file ({_first_line(err)})",
                                    reason_zh=f"Parquet 文件无法读取（{_first_line(err)}）") from None
        info = RawInfo("parquet", None, None, (), 1, _columns(store))
    elif fmt == "xlsx":
        info = _load_xlsx(store, path, sheet)
    else:
        encoding = _load_csv(store, path)
        info = RawInfo("csv", encoding, None, (), 2, _columns(store))
    if len(info.columns) < 2:
        raise InvalidInputError(
            "file", None,
            reason=f"only one column was found ({', '.join(map(repr, info.columns))}); an order file needs "
                   "at least a customer, a date and an amount column (check the delimiter: comma, "
                   "semicolon, tab or |)",
            reason_zh=f"只找到一列（{', '.join(map(repr, info.columns))}）；订单文件至少需要客户、日期和金额三列"
                      "（请检查分隔符：逗号、分号、制表符或 |）")
    if store.run("raw_sample", n=1).empty:
        raise InvalidInputError("file", None, reason="the file has a header but no data lines",
                                reason_zh="文件只有表头，没有数据行")
    return info


def _head_encoding(path: Path) -> str | None:
    """What the first bytes say: a UTF-16 or UTF-8 BOM, binary (NUL bytes: raises), or nothing."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    if b"\x00" in head:
        raise InvalidInputError("file", None, reason="this is not a text (CSV) file: it contains binary data. "
                                                     "Upload a CSV, an Excel .xlsx or a Parquet file",
                                reason_zh=BINARY_ZH)
    return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else None


def _load_csv(store: Store, path: Path) -> str:
    """Load a delimited text file into ``raw``; returns its encoding.

    UTF-8 is read by DuckDB directly, which validates it as it reads (no separate pass over the
    file). Only when DuckDB reports invalid UTF-8 is the whole file checked in Python
    (:func:`detect_encoding`) and, if it is GBK/GB18030 or UTF-16, transcoded to a temporary
    UTF-8 file first.
    """
    encoding = _head_encoding(path)
    if encoding != "utf-16":
        try:
            store.execute("raw_lines_from_csv", path=str(path))
            return encoding or "utf-8"
        except duckdb.Error as err:
            if "unicode" not in str(err).lower():
                raise InvalidInputError("file", None,
                                        reason=f"the file could not be read as CSV ({_first_line(err)})",
                                        reason_zh=f"无法按 CSV 读取该文件（{_first_line(err)}）") from None
        encoding = detect_encoding(path)  # raises for a binary or unknown-encoding file
    tmp = _transcode_to_utf8(path, encoding)
    try:
        store.execute("raw_lines_from_csv", path=tmp)
    except duckdb.Error as err:
        raise InvalidInputError("file", None, reason=f"the file could not be read as CSV ({_first_line(err)})",
                                reason_zh=f"无法按 CSV 读取该文件（{_first_line(err)}）") from None
    finally:
        os.unlink(tmp)
    return encoding


def _columns(store: Store) -> tuple[str, ...]:
    return tuple(store.table("raw").columns)


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0][:300]


def _cell_text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dt.time):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def _load_xlsx(store: Store, path: Path, sheet: str | None) -> RawInfo:
    import openpyxl  # only needed for Excel files

    try:
        fh = open(path, "rb")  # a file object: openpyxl then ignores a misleading extension
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        raise InvalidInputError("file", None, reason=f"unreadable Excel file ({_first_line(err)})",
                                reason_zh=f"Excel 文件无法读取（{_first_line(err)}）") from None
    try:
        names = tuple(wb.sheetnames)
        if sheet is not None and sheet not in names:
            raise InvalidInputError("file", "sheet", reason=f"no sheet {sheet!r}; the workbook has: {', '.join(names)}",
                                    reason_zh=f"没有工作表 {sheet!r}；该工作簿中有：{', '.join(names)}")
        order = [sheet] if sheet is not None else list(names)
        for name in order:
            rows = wb[name].iter_rows(values_only=True)
            header, header_row = None, 0
            for i, row in enumerate(rows, start=1):
                if any(c is not None and str(c).strip() for c in row):
                    header, header_row = row, i
                    break
            if header is None:
                continue
            cols = _unique_headers(header)
            body = [[_cell_text(c) for c in row[: len(cols)]] for row in rows]
            while body and not any(c for c in body[-1]):
                body.pop()  # trailing blank rows Excel leaves behind
            frame = pd.DataFrame(body, columns=cols, dtype="object")
            for c in frame.columns:
                frame[c] = frame[c].astype("string")
            store.con.register("raw_frame", frame)
            try:
                store.execute("raw_lines_from_frame")
            finally:
                store.con.unregister("raw_frame")
            return RawInfo("xlsx", None, name, names, header_row + 1, tuple(cols))
    finally:
        wb.close()
        fh.close()
    raise InvalidInputError("file", None, reason="every sheet of the workbook is empty",
                            reason_zh="工作簿中的所有工作表都是空的")


def _unique_headers(header) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, c in enumerate(header):
        name = str(c).strip() if c is not None and str(c).strip() else f"column{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out
