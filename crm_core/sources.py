"""Read an order file (CSV / Excel / Parquet) into the all-text table ``raw`` of a store.

This module owns file formats and encodings; it does not interpret values (that is
``ingest``). Every format lands in the same shape — one VARCHAR column per header, lines in
file order — so one set of parsing rules serves them all.

- CSV / TXT: UTF-8 (with or without BOM) is read by DuckDB directly, at file speed. GBK /
  GB18030 (what Chinese Excel writes) and UTF-16 (with or without BOM) are transcoded to a UTF-8
  temporary file first, in chunks; a file that mixes encodings is refused with the line. The
  delimiter, the header and the title rows above it come from the first lines (Python, ``sep=``
  honoured); nothing is sniffed by DuckDB, so quoting that starts on line 30,000 reads right. A
  line with more fields than the header goes to ``raw_bad_lines`` with its file line; when
  records span lines (quoted line breaks) or blank lines sit inside the file, ``raw`` gets the
  column ``_cv_source_row`` (the file line, as a text editor numbers it).
- Excel ``.xlsx``: :mod:`crm_core.excel` (openpyxl, read-only mode); first non-empty sheet by default.
- Parquet: read by DuckDB.
The format is taken from the file's first bytes, not its name, so an Excel file renamed
``.csv`` still reads, and a binary file gets a clear message.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import mmap
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from .errors import InvalidInputError
from .header_row import SCAN_ROWS, find_header_row
from .store import Store

CHUNK = 1 << 22  # 4 MiB
BINARY_EN = ("this is not a text (CSV) file: it contains binary data. "
             "Upload a CSV, an Excel .xlsx or a Parquet file")
BINARY_ZH = "这不是文本（CSV）文件：其中含有二进制数据。请上传 CSV、Excel .xlsx 或 Parquet 文件"

# CSV / text files
CSV_DELIMITERS = (",", "\t", ";", "|")  # the candidates DuckDB's sniffer tries, in its order
HEAD_BYTES = 1 << 20  # the header is looked for in the first MiB (at most SCAN_ROWS lines), in Python
DUCKDB_LINE_BYTES = 2_000_000  # DuckDB's default maximum line: a file is read with it first
MAX_LINE_BYTES = 1 << 26  # 64 MiB: the longest record read at all (re-read only if a line needs it: the
#                           scanner's buffers grow with it, by about 500 MB for 64 MiB)
RESERVED_COLUMNS = ("rowid", "_cv_source_row")  # DuckDB's row-number pseudo-column; raw's file-line column
SEGMENT_UPDATES = 64  # up to this many runs of one line offset, _cv_source_row is set in place (else a copy)
UTF16_NUL_SHARE = 0.1  # UTF-16 without BOM: at least this share of characters is ASCII (one NUL byte each)
COUNT_CHUNK = 1 << 18  # bytes per NumPy step when counting line breaks (fits the CPU cache)
SCAN_CHUNK = 1 << 24  # bytes per NumPy step when locating empty lines
_SEP_LINE = re.compile(r"sep=(.)", re.IGNORECASE)  # Excel's delimiter hint, the whole first line
_CJK = re.compile("[\u4e00-\u9fff]")


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
    # Excel: column -> file rows that got a number copied down from a merged cell above (see excel.py)
    numbers_copied_down: dict = field(default_factory=dict, hash=False, compare=False)


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
    """The text encoding of a whole file, or a refusal that names the line where it goes wrong.

    Returns ``utf-8``, ``utf-8-sig`` (UTF-8 with a BOM), ``utf-16`` (with a BOM), ``utf-16-le`` /
    ``utf-16-be`` (no BOM: told by where the NUL bytes of ASCII characters sit) or ``gb18030`` (a
    superset of GBK and GB2312, what Chinese Excel writes).

    UTF-8 is checked over the whole file (a GBK character may sit on line 900,000). A file is GBK
    only if it is not UTF-8 and holds no line that is: UTF-8 text followed by a non-UTF-8 line, or
    GBK text with a UTF-8 line in it (two exports pasted together) is refused, never decoded into
    garbled characters.

    Raises
    ------
    InvalidInputError
        A binary file; a file that mixes encodings (``rows`` = the first line in the other
        encoding); a file that is neither UTF-8 nor GBK/GB18030 (``rows`` = the first line that
        is not GB18030).

    Notes
    -----
    "Holds UTF-8 text" needs two Chinese characters (U+4E00–U+9FFF) or ten other non-ASCII
    characters in valid UTF-8 before the first invalid byte; a UTF-8 line inside a GBK file needs two
    consecutive UTF-8 Chinese characters and no invalid byte. GBK bytes rarely pass either test
    by chance (a GBK character is also a valid UTF-8 one about once in eight, a Chinese one far less).
    """
    path = Path(path)
    head = head_encoding(path)
    if head is not None and head.startswith("utf-16"):
        return head
    bad_at, utf8_text = _first_non_utf8(path)
    if bad_at is None:
        return head or "utf-8"
    bad_line = _line_at(path, bad_at)
    if utf8_text:
        raise InvalidInputError(
            "file", None, [bad_line],
            reason=f"the file mixes text encodings: line {bad_line} is not UTF-8, but the lines before it are "
                   "(e.g. a GBK export pasted into a UTF-8 one). Save the whole file again in one encoding "
                   "(Excel: Save As → CSV UTF-8) and upload it again",
            reason_zh=f"文件混用了两种文本编码：第 {bad_line} 行不是 UTF-8，而它之前的行是（例如把 GBK 导出的内容粘贴进了 "
                      "UTF-8 文件）。请将整个文件以同一种编码重新保存（Excel：另存为 →“CSV UTF-8”）后再上传")
    gb_bad_at, utf8_line_at = _check_gb18030(path)
    if utf8_line_at is not None:
        line = _line_at(path, utf8_line_at)
        raise InvalidInputError(
            "file", None, [line],
            reason=f"the file mixes text encodings: it is GBK/GB18030 (from line {bad_line}), but line {line} is "
                   "UTF-8 (e.g. a UTF-8 export pasted into a GBK one). Save the whole file again in one encoding "
                   "(Excel: Save As → CSV UTF-8) and upload it again",
            reason_zh=f"文件混用了两种文本编码：它是 GBK/GB18030 编码（自第 {bad_line} 行起），但第 {line} 行是 UTF-8"
                      "（例如把 UTF-8 导出的内容粘贴进了 GBK 文件）。请将整个文件以同一种编码重新保存"
                      "（Excel：另存为 →“CSV UTF-8”）后再上传")
    if gb_bad_at is not None:
        line = _line_at(path, gb_bad_at)
        raise InvalidInputError(
            "file", None, [line],
            reason=f"the file is neither UTF-8 (line {bad_line} is not) nor GBK/GB18030 (line {line} is not) "
                   "text; save it as CSV UTF-8",
            reason_zh=f"文件编码既不是 UTF-8（第 {bad_line} 行不是），也不是 GBK/GB18030（第 {line} 行不是）；"
                      "请另存为“CSV UTF-8”")
    return "gb18030"


def _first_non_utf8(path: Path) -> tuple[int | None, bool]:
    """(byte offset of the first byte that is not UTF-8 or ``None``, whether UTF-8 text precedes it)."""
    dec = codecs.getincrementaldecoder("utf-8")()
    pos, cjk, other = 0, 0, 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            if b"\x00" in chunk:
                raise InvalidInputError("file", None, reason=BINARY_EN, reason_zh=BINARY_ZH)
            pending = dec.getstate()[0]
            try:
                text = dec.decode(chunk)
            except UnicodeDecodeError as err:
                valid = (pending + chunk)[: err.start]
                text = valid[: valid.rfind(b"\n") + 1].decode("utf-8")  # the complete lines before it
                cjk, other = _count_non_ascii(text, cjk, other)
                return pos - len(pending) + err.start, _is_utf8_text(cjk, other)
            if not _is_utf8_text(cjk, other):
                cjk, other = _count_non_ascii(text, cjk, other)
            pos += len(chunk)
        try:
            dec.decode(b"", final=True)
        except UnicodeDecodeError:  # the file ends inside a character
            return pos - len(dec.getstate()[0]), _is_utf8_text(cjk, other)
    return None, True


def _count_non_ascii(text: str, cjk: int, other: int) -> tuple[int, int]:
    if text.isascii():
        return cjk, other
    n_cjk = len(_CJK.findall(text))
    n_non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return cjk + n_cjk, other + n_non_ascii - n_cjk


def _is_utf8_text(cjk: int, other: int) -> bool:
    return cjk >= 2 or other >= 10


def _check_gb18030(path: Path) -> tuple[int | None, int | None]:
    """(offset of the first byte that is not GB18030, offset of the first UTF-8 Chinese line), each or ``None``.

    The file is read in chunks cut at line ends. A UTF-8 line is found by the byte pattern of two
    consecutive 3-byte UTF-8 Chinese characters (E4–E9 lead byte, two continuation bytes), vectorised;
    the few lines where GBK bytes form it by chance are then decoded to be sure.
    """
    dec = codecs.getincrementaldecoder("gb18030")()
    pos, carry, gb_bad, utf8_at = 0, b"", None, None
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(CHUNK)
            buf = carry + chunk
            if not buf:
                break
            cut = buf.rfind(b"\n") + 1 if chunk else len(buf)
            if cut == 0:
                carry = buf
                continue
            part, carry = buf[:cut], buf[cut:]
            if gb_bad is None:
                try:
                    dec.decode(part, final=not chunk)
                except UnicodeDecodeError as err:
                    gb_bad = pos + err.start
            if utf8_at is None and not part.isascii():
                utf8_at = _first_utf8_line(part, pos)
            if gb_bad is not None or utf8_at is not None or not chunk:
                break
            pos += len(part)
    return gb_bad, utf8_at


def _first_utf8_line(part: bytes, pos: int) -> int | None:
    a = np.frombuffer(part, np.uint8)
    if len(a) < 6:
        return None
    lead = (a - np.uint8(0xE4)) <= 5  # 0xE4..0xE9: U+4000..U+9FFF
    cont = (a & 0xC0) == 0x80
    hits = np.flatnonzero(lead[:-5] & cont[1:-4] & cont[2:-3] & lead[3:-2] & cont[4:-1] & cont[5:])
    checked = -1
    for i in hits.tolist():
        if i <= checked:
            continue
        start, end = part.rfind(b"\n", 0, i) + 1, part.find(b"\n", i)
        end = len(part) if end < 0 else end
        checked = end
        try:
            text = part[start:end].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(_CJK.findall(text)) >= 2:
            return pos + start
    return None


def _line_at(path: Path, offset: int) -> int:
    """The file line (1-based) holding byte ``offset``."""
    n = 0
    with open(path, "rb") as fh:
        while offset > 0:
            chunk = fh.read(min(CHUNK, offset))
            if not chunk:
                break
            n += chunk.count(b"\n")
            offset -= len(chunk)
    return n + 1


def transcode_to_utf8(path: str | Path, encoding: str) -> str:
    """A temporary UTF-8 copy of a text file in ``encoding`` (line ends kept); the caller deletes it.

    Raises
    ------
    InvalidInputError
        The file is not valid ``encoding`` (``rows`` = the line where it stops being so).
    """
    fd, out = tempfile.mkstemp(suffix=".csv", prefix="cvd_utf8_")
    dec = codecs.getincrementaldecoder(encoding)()
    lines = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as dst, open(path, "rb") as src:
            while True:
                chunk = src.read(CHUNK)
                pending = dec.getstate()[0]
                try:
                    text = dec.decode(chunk, final=not chunk)
                except UnicodeDecodeError as err:
                    done = (pending + chunk)[: err.start].decode(encoding, errors="replace")
                    line = lines + done.count("\n") + 1
                    raise InvalidInputError(
                        "file", None, [line],
                        reason=f"the file is not valid {encoding} text from line {line} on; save it as CSV UTF-8",
                        reason_zh=f"文件自第 {line} 行起不是有效的 {encoding} 文本；请另存为“CSV UTF-8”") from None
                dst.write(text)
                lines += text.count("\n")
                if not chunk:
                    break
    except BaseException:
        os.unlink(out)
        raise
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
    if path.is_dir():
        raise InvalidInputError("file", None, reason=f"{path} is a folder, not a file; choose a CSV, Excel .xlsx "
                                                     "or Parquet file in it",
                                reason_zh=f"{path} 是文件夹，不是文件；请选择其中的 CSV、Excel .xlsx 或 Parquet 文件")
    if not path.exists():
        raise InvalidInputError("file", None, reason=f"no such file: {path}",
                                reason_zh=f"找不到文件：{path}")
    if not path.is_file():
        raise InvalidInputError("file", None, reason=f"{path} is not a regular file (a device or a pipe)",
                                reason_zh=f"{path} 不是普通文件（而是设备或管道）")
    try:
        if path.stat().st_size == 0:
            raise InvalidInputError("file", None, reason="the file is empty", reason_zh="文件为空")
        fmt = sniff_format(path)
    except OSError as err:
        raise InvalidInputError("file", None, reason=f"the file cannot be opened ({err.strerror or err})",
                                reason_zh=f"无法打开该文件（{err.strerror or err}）") from None
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
        columns, notes = _columns(store), ()
        if any(c.lower() in RESERVED_COLUMNS for c in columns):
            columns, notes = _rename_reserved_columns(store, path)
        info = RawInfo("parquet", None, None, (), 1, columns, notes=notes)
    elif fmt == "xlsx":
        from .excel import load_xlsx  # imported here: excel imports RawInfo from this module

        info = load_xlsx(store, path, sheet)
    else:
        info = _load_csv(store, path)
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


def head_encoding(path: Path) -> str | None:
    """What the first 64 KiB say: a UTF-16 BOM (``utf-16``), UTF-16 without a BOM (``utf-16-le`` /
    ``utf-16-be``), a UTF-8 BOM (``utf-8-sig``), binary (other NUL bytes: raises), or nothing (``None``).

    UTF-16 without a BOM is told by its NUL bytes: every ASCII character (digits, delimiters, line
    ends) has one, on the odd bytes (LE) or the even bytes (BE), and the other half has almost none.
    """
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    if b"\x00" in head:
        encoding = _utf16_without_bom(head)
        if encoding is None:
            raise InvalidInputError("file", None, reason=BINARY_EN, reason_zh=BINARY_ZH)
        return encoding
    return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else None


def _utf16_without_bom(head: bytes) -> str | None:
    pairs = len(head) // 2
    if pairs == 0:
        return None
    nul_even, nul_odd = head[0:2 * pairs:2].count(0), head[1:2 * pairs:2].count(0)
    for encoding, nul_ascii, nul_other in (("utf-16-le", nul_odd, nul_even), ("utf-16-be", nul_even, nul_odd)):
        if nul_ascii >= UTF16_NUL_SHARE * pairs and nul_other <= 0.01 * pairs:
            try:  # not final: a character cut at 64 KiB is fine
                codecs.getincrementaldecoder(encoding)().decode(head[:2 * pairs])
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def _head_is_utf8(path: Path) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    try:  # not final: a character cut at 64 KiB is fine
        codecs.getincrementaldecoder("utf-8")().decode(head)
    except UnicodeDecodeError:
        return False
    return True


def _load_csv(store: Store, path: Path) -> RawInfo:
    """Load a delimited text file into ``raw`` (and its unsplittable lines into ``raw_bad_lines``).

    UTF-8 is read by DuckDB directly, which validates it as it reads (no separate pass over the
    file). Only when DuckDB finds invalid UTF-8 (or the first 64 KiB are not UTF-8) is the whole
    file checked in Python (:func:`detect_encoding`) and, if it is GBK/GB18030 or UTF-16,
    transcoded to a temporary UTF-8 file first. The header, title rows and delimiter come from
    :func:`_read_head`, the line numbers from :func:`_number_lines`.
    """
    encoding = head_encoding(path)
    if encoding is None and not _head_is_utf8(path):
        encoding = detect_encoding(path)  # raises for a binary, mixed or unknown-encoding file
    if encoding is None or encoding.startswith("utf-8"):
        info = _load_text(store, path, encoding or "utf-8")
        if info is not None:
            return info
        encoding = detect_encoding(path)
        if encoding.startswith("utf-8"):  # DuckDB and Python disagree about the file's UTF-8
            raise InvalidInputError("file", None, reason="the file is not valid UTF-8 text; save it as CSV UTF-8",
                                    reason_zh="文件不是有效的 UTF-8 文本；请另存为“CSV UTF-8”")
    tmp = transcode_to_utf8(path, encoding)
    try:
        info = _load_text(store, Path(tmp), encoding)
    finally:
        os.unlink(tmp)
    if info is None:
        raise InvalidInputError("file", None, reason=f"the file is not valid {encoding} text; save it as CSV UTF-8",
                                reason_zh=f"文件不是有效的 {encoding} 文本；请另存为“CSV UTF-8”")
    return info


def _load_text(store: Store, src: Path, encoding: str, *, uniform_line_ends: bool = False) -> RawInfo | None:
    """``raw`` and ``raw_bad_lines`` from the UTF-8 file ``src``; ``None`` if some line is not UTF-8.

    DuckDB cannot read a file that mixes line ends (CRLF and LF, or a stray CR: files pasted
    together, or edited in two editors); such a file is read from a copy whose line ends are all LF,
    which numbers its lines as a text editor does (each CRLF, LF or CR ends one line).
    """
    head = _read_head(src)
    names, notes = _column_names(head.header)
    try:
        sequential, rejected = _read_into_raw(store, src, head, names)
    except InvalidInputError:
        if uniform_line_ends or not _mixed_line_ends(src):
            raise
        tmp = _with_lf_line_ends(src)
        try:
            info = _load_text(store, Path(tmp), encoding, uniform_line_ends=True)
        finally:
            os.unlink(tmp)
        note = "line_ends: the file mixes line ends (CRLF, LF, CR); each one ends a line, as in a text editor"
        return None if info is None else dataclasses.replace(info, notes=info.notes + (note,))
    if rejected["bad_encoding"].any():
        store.execute("drop_csv_reject_errors")
        store.execute("drop_csv_reject_scans")
        return None
    n_raw = int(store.scalar_row("raw_count")["n"])
    blank_below = _number_lines(store, src, head, names, n_raw, rejected, sequential)
    if n_raw == 0 and len(rejected):
        first = store.scalar_row("raw_bad_lines_first")
        line, detail = first["source_row"], first["detail"]
        raise InvalidInputError(
            "file", None, [line],
            reason=f"no line of the file could be read as the header's {len(names)} fields (the first one, line "
                   f"{line}: {detail}); check the delimiter and the quotes (\")",
            reason_zh=f"文件中没有任何一行能按表头的 {len(names)} 列读取（第一行是第 {line} 行："
                      f"{_detail_zh(first['reason'], detail)}）；请检查分隔符和引号（\"）")
    return RawInfo("csv", encoding, None, (), head.header_end + 1, tuple(names),
                   blank_rows=head.blank_above + blank_below, bad_lines=len(rejected),
                   title_rows=head.title_rows, notes=head.notes + notes)


def _detail_zh(reason: str, detail: str) -> str:
    """The Chinese text of a ``raw_bad_lines`` detail (the table holds the English one)."""
    fields = re.fullmatch(r"(\d+) fields, header has (\d+)", detail or "")
    if reason == "too_many_fields" and fields:
        return f"{fields.group(1)} 个字段，表头只有 {fields.group(2)} 个"
    if reason == "bad_quotes":
        return "引号未闭合，或闭合引号之后还有文字"
    return detail


@dataclass(frozen=True)
class _Head:
    """The top of a text file: delimiter, header and what lies above it (file lines are 1-based)."""

    delimiter: str
    skip: int  # file lines above the header: a sep= line, title rows, blank lines
    header_end: int  # the file line the header ends on (the data start on the next one)
    header: tuple[str, ...]  # the header's cells as written
    title_rows: tuple[str, ...]  # the non-blank lines above the header, without trailing delimiters
    blank_above: int  # blank lines above the header
    notes: tuple[str, ...]
    newline: str  # "\n", or "\r" for a file with CR line ends only


def _read_head(path: Path) -> _Head:
    """Find the delimiter and the header in the first lines of a UTF-8 file (Python, at most 1 MiB).

    A first line ``sep=;`` (Excel's hint) sets the delimiter; otherwise it is the candidate of
    :data:`CSV_DELIMITERS` that splits most of the first :data:`~crm_core.header_row.SCAN_ROWS`
    lines into the same number (at least 2) of fields. The header is then chosen by
    :func:`~crm_core.header_row.find_header_row`, so a title block (订单报表 / 导出时间：… / a
    blank line) above it is skipped, not read as data.

    Raises
    ------
    InvalidInputError
        Every line is blank.
    """
    with open(path, "rb") as fh:
        data = fh.read(HEAD_BYTES)
        complete = not fh.read(1)
    if not complete:  # keep whole lines only
        cut = max(data.rfind(b"\n"), data.rfind(b"\r")) + 1
        data = data[:cut] if cut else data
    return head_of_text(data.decode("utf-8", errors="replace"), complete)


def head_of_text(text: str, complete: bool) -> _Head:
    """:func:`_read_head` of the file's first lines as text (``complete``: they are the whole file) — also for
    the Spark engine, which reads them with Spark's text reader."""
    text = text.removeprefix("\ufeff")
    newline = "\r" if "\n" not in text and "\r" in text else "\n"
    lines = io.StringIO(text, newline="").readlines()  # file lines, with their \n, \r\n or \r
    notes: list[str] = []
    delimiter, first = None, 0
    sep = _SEP_LINE.fullmatch(lines[0].strip()) if lines else None
    if sep:
        delimiter, first = sep.group(1), 1
        notes.append(f"sep_line: the delimiter {delimiter!r} is taken from the file's first line {lines[0].strip()!r}")
    body = lines[first:]
    if delimiter is None:
        delimiter = _guess_delimiter(body, complete)
    records = _head_records(body, delimiter, complete)
    at = find_header_row([cells for _, _, cells in records])
    if at < 0:
        raise InvalidInputError("file", None, reason="the file holds only blank lines", reason_zh="文件只有空行")
    start, end, header = records[at]
    titles, blanks = [], 0
    for _, _, cells in records[:at]:
        if any(c.strip() for c in cells):
            titles.append(delimiter.join(cells).strip().rstrip(delimiter + " \t"))
        else:
            blanks += 1
    return _Head(delimiter, first + start, first + end, tuple(header), tuple(titles), blanks, tuple(notes), newline)


def _head_records(lines: list[str], delimiter: str, complete: bool) -> list[tuple[int, int, list[str]]]:
    """The first records of ``lines``: (index of the first line, index after the last line, cells).

    A record cut by the end of the head (a quoted field running on) is dropped; a cell longer
    than the csv module's limit (128 KiB) ends the scan there.
    """
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    out: list[tuple[int, int, list[str]]] = []
    start = 0
    try:
        for cells in reader:
            out.append((start, reader.line_num, cells))
            start = reader.line_num
            if len(out) >= SCAN_ROWS:
                break
    except csv.Error:
        return out
    if not complete and out and out[-1][1] == len(lines):
        out.pop()
    return out


def _guess_delimiter(lines: list[str], complete: bool) -> str:
    best, best_score = CSV_DELIMITERS[0], (0, 0)
    for delimiter in CSV_DELIMITERS:
        widths = Counter(len(cells) for _, _, cells in _head_records(lines, delimiter, complete)
                         if any(c.strip() for c in cells))
        if not widths:
            continue
        width, n = max(widths.items(), key=lambda wn: (wn[1], wn[0]))
        score = (n if width >= 2 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _column_names(header) -> tuple[list[str], tuple[str, ...]]:
    """Unique names for the header's cells, and a note for each reserved name renamed.

    A cell is trimmed; a blank one is named ``column<n>`` (1-based, as the Excel reader does); a
    repeated name (case-insensitive, as DuckDB compares) gets ``_1``, ``_2``; a name that DuckDB or
    the ingest reserves (:data:`RESERVED_COLUMNS`: ``rowid`` would hide DuckDB's row number, which
    the ingest joins on) is renamed the same way and noted.
    """
    names: list[str] = []
    notes: list[str] = []
    used: set[str] = set()
    for i, cell in enumerate(header):
        base = str(cell).strip() if cell is not None and str(cell).strip() else f"column{i + 1}"
        name, k = base, 0
        while name.lower() in used or name.lower() in RESERVED_COLUMNS:
            k += 1
            name = f"{base}_{k}"
        if base.lower() in RESERVED_COLUMNS:
            notes.append(f"renamed_column: the column {base!r} is read as {name!r} ({base!r} is a reserved name)")
        used.add(name.lower())
        names.append(name)
    return names, tuple(notes)


def _read_into_raw(store: Store, src: Path, head: _Head, names: list[str]) -> tuple[bool, pd.DataFrame]:
    """Run ``raw_lines_from_csv``: (whether it read on one thread, the rejected records).

    A record longer than the maximum line (DuckDB's 2 MB at first: a pasted 3 MB 备注) is read
    again with a maximum that fits it, up to :data:`MAX_LINE_BYTES`; beyond that it stays a
    rejected line (``line_too_long``).
    """
    line_bytes = DUCKDB_LINE_BYTES
    while True:
        sequential = _scan_csv(store, src, head, names, line_bytes)
        rejected = store.run("raw_rejected_records", newline=head.newline)
        longest = rejected["line_bytes"].max() if len(rejected) else None
        if pd.isna(longest) or line_bytes >= MAX_LINE_BYTES:
            return sequential, rejected
        line_bytes = int(min(MAX_LINE_BYTES, max(2 * longest, 4 * line_bytes)))


def _scan_csv(store: Store, src: Path, head: _Head, names: list[str], line_bytes: int) -> bool:
    """One ``raw_lines_from_csv``; ``True`` if it had to read on one thread (quoted line breaks).

    DuckDB's parallel scanner cannot pad short records once quoted fields hold line breaks: it
    stops with an error (that one, or the next bad line's), and the file is read again on one
    thread, which sets bad lines aside as usual.
    """
    params = dict(path=str(src), columns={n: "VARCHAR" for n in names}, skip=head.skip,
                  delimiter=head.delimiter, max_line_size=line_bytes)
    try:
        store.execute("drop_csv_reject_errors")
        store.execute("raw_lines_from_csv", parallel=True, **params)
        return False
    except duckdb.Error:
        pass
    try:
        store.execute("drop_csv_reject_errors")
        store.execute("raw_lines_from_csv", parallel=False, **params)
    except duckdb.Error as err:
        raise InvalidInputError("file", None, reason=f"the file could not be read as CSV ({_first_line(err)})",
                                reason_zh=f"无法按 CSV 读取该文件（{_first_line(err)}）") from None
    return True


def _number_lines(store: Store, src: Path, head: _Head, names: list[str], n_raw: int, rejected, sequential: bool) -> int:
    """Give every record its file line; make ``raw_bad_lines``; returns the blank lines below the header.

    Plain case (no record spans lines, no blank line inside the file, no rejected line): the file
    has exactly header + raw lines + trailing blank lines, counted vectorised (NumPy, one pass
    over the bytes), and ``raw`` needs nothing: its file line is rowid + first row. Otherwise the
    records are walked by :func:`map_lines` (fast-forwarding over runs of one-line records) and
    ``raw`` gets the column ``_cv_source_row``.

    Raises
    ------
    InvalidInputError
        The records DuckDB read do not add up to the file's lines (an unclosed quote swallowing
        lines, a stray carriage return): the numbers would be wrong, so the file is refused.
    """
    breaks, ends_with_break = _count_line_breaks(src, head.newline)
    total = breaks + (0 if ends_with_break else 1)
    trailing = _trailing_blank_lines(src, head.newline)
    records = rejected["record"].to_numpy(dtype=np.int64)
    plain = not sequential and total == head.header_end + n_raw + len(records) + trailing
    if plain:
        blank_lines = np.arange(total - trailing + 1, total + 1, dtype=np.int64)
        multi_rows = multi_breaks = np.empty(0, dtype=np.int64)  # no record spans lines
    else:
        blank_lines = _empty_lines(src, head.newline, after=head.header_end)
        multi = store.run("raw_line_breaks", newline=head.newline)
        multi_rows = multi["row_index"].to_numpy(dtype=np.int64)
        multi_breaks = multi["breaks"].to_numpy(dtype=np.int64)
    first_row = head.header_end + 1
    if plain and not len(records):
        mapped = _LineMap([(0, first_row)], [], trailing, total + 1, n_raw)
    else:
        mapped = map_lines(head.skip + 2, first_row, n_raw, blank_lines.tolist(), multi_rows.tolist(),
                            multi_breaks.tolist(), records.tolist(), rejected["breaks"].astype("int64").tolist())
    if not (mapped.raw_rows == n_raw and len(mapped.reject_lines) == len(records) and mapped.end_line == total + 1):
        store.execute("drop_csv_reject_errors")
        store.execute("drop_csv_reject_scans")
        at = mapped.last_start or first_row
        raise InvalidInputError(
            "file", None, [at],
            reason=f"the file's lines could not be matched to its records from about line {at} on "
                   "(a quote (\") opened and never closed, or a stray line break); check the quotes near that "
                   "line, or save the file again from Excel",
            reason_zh=f"自约第 {at} 行起，文件的行无法与记录一一对应（可能有未闭合的引号（\"）或多余的"
                      "换行符）；请检查该行附近的引号，或用 Excel 重新保存该文件")
    if mapped.segments != [(0, first_row)] or len(multi_rows):
        _set_source_rows(store, mapped.segments, n_raw)
    lines = pd.DataFrame({"record": records, "source_row": np.asarray(mapped.reject_lines, dtype=np.int64)})
    store.con.register("_cv_reject_lines", lines)
    try:
        store.execute("raw_bad_lines", header_fields=len(names))
    finally:
        store.con.unregister("_cv_reject_lines")
        store.execute("drop_csv_reject_errors")
        store.execute("drop_csv_reject_scans")
    return mapped.blanks


@dataclass
class _LineMap:
    """Where each record of a text file starts (see :func:`map_lines`)."""

    segments: list[tuple[int, int]]  # (first rowid, file line - rowid) of each run of raw lines
    reject_lines: list[int]  # the file line of each rejected record, in file order
    blanks: int  # blank lines met below the header
    end_line: int  # the line after the last record met
    raw_rows: int  # raw lines met
    last_start: int = 0  # the file line the last record met starts on


def map_lines(first_record: int, first_line: int, n_raw: int, blank_lines: list[int], multi_rows: list[int],
               multi_breaks: list[int], reject_records: list[int], reject_breaks: list[int]) -> _LineMap:
    """Walk the records of a text file in order and note the file line each one starts on.

    DuckDB numbers records from the file's first line, counting skipped and blank lines as one
    record each (``reject_records``); ``raw`` holds the other records in order, without numbers.
    The walk keeps three counters — raw rowid, record number, file line — and fast-forwards over a
    run of one-line raw records up to the next event: a blank line (a file line, skipped by
    DuckDB), a rejected record (a record number) or a raw record with line breaks inside (a rowid).
    A record spanning k+1 lines moves the file line k further than the others; a blank line inside
    a quoted field is passed over with its record. Cost: O(events), not O(lines).

    Parameters
    ----------
    first_record, first_line : DuckDB's record number and the file line of the first record below the header.
    n_raw : lines in ``raw``.
    blank_lines : file lines that are empty, sorted (some may lie inside quoted fields).
    multi_rows, multi_breaks : rowids of raw records holding line breaks, and how many, sorted.
    reject_records, reject_breaks : record numbers of the rejected records, and their line breaks, sorted.
    """
    big = 1 << 62
    rowid, record, line = 0, first_record, first_line
    bi = mi = ri = blanks = last_start = 0
    segments: list[tuple[int, int]] = []
    reject_lines: list[int] = []

    def run():
        if not segments or segments[-1][1] != line - rowid:
            segments.append((rowid, line - rowid))

    while True:
        while bi < len(blank_lines) and blank_lines[bi] < line:
            bi += 1  # an empty line inside a record that spans lines
        to_blank = blank_lines[bi] - line if bi < len(blank_lines) else big
        to_reject = reject_records[ri] - record if ri < len(reject_records) else big
        to_multi = multi_rows[mi] - rowid if mi < len(multi_rows) else big
        step = min(to_blank, to_reject, to_multi, n_raw - rowid)
        if step < 0:  # a rejected record number already passed: the counts do not add up
            break
        if step > 0:
            run()
            rowid, record, line = rowid + step, record + step, line + step
            last_start = line - 1
        elif to_blank == 0:
            blanks, record, line, bi = blanks + 1, record + 1, line + 1, bi + 1
        elif to_reject == 0:
            reject_lines.append(line)
            last_start = line
            record, line, ri = record + 1, line + 1 + reject_breaks[ri], ri + 1
        elif rowid == n_raw:
            break
        else:  # to_multi == 0
            run()
            last_start = line
            rowid, record, line, mi = rowid + 1, record + 1, line + 1 + multi_breaks[mi], mi + 1
    if not segments:
        segments.append((0, first_line))
    return _LineMap(segments, reject_lines, blanks, line, rowid, last_start)


def _set_source_rows(store: Store, segments: list[tuple[int, int]], n_raw: int) -> None:
    """Add ``_cv_source_row`` (file line = rowid + the run's offset) to ``raw``.

    A few runs: the column is added and set in place, one UPDATE per run (no copy of raw). Many
    runs (thousands of bad or multi-line records): one copy of raw joined by position to the
    numbers computed in NumPy.
    """
    if len(segments) <= SEGMENT_UPDATES:
        store.execute("raw_source_rows_column")
        ends = [lo for lo, _ in segments[1:]] + [n_raw]
        for (lo, offset), hi in zip(segments, ends, strict=True):
            store.execute("raw_source_rows_segment", from_row=lo, to_row=hi, offset=offset)
        return
    starts = np.array([lo for lo, _ in segments], dtype=np.int64)
    offsets = np.array([off for _, off in segments], dtype=np.int64)
    rows = np.arange(n_raw, dtype=np.int64) + np.repeat(offsets, np.diff(np.append(starts, n_raw)))
    store.con.register("_cv_source_rows", pd.DataFrame({"_cv_source_row": rows}))
    try:
        store.execute("raw_with_source_rows")
    finally:
        store.con.unregister("_cv_source_rows")


def _mixed_line_ends(path: Path) -> bool:
    """Whether the file ends lines in more than one way (CRLF and a bare LF or CR, or LF and CR)."""
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        data = np.frombuffer(mm, np.uint8)
        try:
            lf, cr = data == 10, data == 13
            n_lf, n_cr, n_crlf = int(lf.sum()), int(cr.sum()), int(np.count_nonzero(cr[:-1] & lf[1:]))
        finally:
            del data, lf, cr
    return (n_crlf > 0 and (n_lf > n_crlf or n_cr > n_crlf)) or (n_crlf == 0 and n_lf > 0 and n_cr > 0)


def _with_lf_line_ends(path: Path) -> str:
    """A temporary copy of the file with every CRLF and CR written as LF; the caller deletes it."""
    fd, out = tempfile.mkstemp(suffix=".csv", prefix="cvd_lf_")
    try:
        with os.fdopen(fd, "wb") as dst, open(path, "rb") as src:
            carry = b""
            while chunk := src.read(CHUNK):
                chunk = carry + chunk
                carry = b"\r" if chunk.endswith(b"\r") else b""  # its LF may start the next chunk
                chunk = chunk[:len(chunk) - len(carry)]
                dst.write(chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
            dst.write(b"\n" if carry else b"")
    except BaseException:
        os.unlink(out)
        raise
    return out


def _count_line_breaks(path: Path, newline: str) -> tuple[int, bool]:
    """(number of ``newline`` bytes in the file, whether it ends with one).

    NumPy over one reused cache-sized buffer (about 0.3 s for 650 MB; a memory map would be as
    fast but would count the whole file in the process's resident memory).
    """
    byte = ord(newline)
    buf = bytearray(COUNT_CHUNK)
    data = np.frombuffer(buf, np.uint8)
    n, last = 0, -1
    with open(path, "rb", buffering=0) as fh:
        while k := fh.readinto(buf):
            n += int(np.count_nonzero(data[:k] == byte))
            last = buf[k - 1]
    return n, last == byte


def _trailing_blank_lines(path: Path, newline: str) -> int:
    """Empty lines at the end of the file (after its last line with content)."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        fh.seek(max(0, size - (1 << 16)))
        tail = fh.read()
    content = tail.rstrip(b"\r\n")
    return max(0, tail[len(content):].count(newline.encode()) - 1)


def _empty_lines(path: Path, newline: str, *, after: int) -> np.ndarray:
    """File lines (1-based, > ``after``) that are empty: nothing, or only a CR, before the line break."""
    byte = ord(newline)
    found = []
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        data = np.frombuffer(mm, np.uint8)
        try:
            prev, seen = -1, 0
            for lo in range(0, len(data), SCAN_CHUNK):
                pos = np.flatnonzero(data[lo:lo + SCAN_CHUNK] == byte) + lo
                if not len(pos):
                    continue
                starts = np.empty_like(pos)
                starts[0], starts[1:] = prev + 1, pos[:-1] + 1
                length = pos - starts
                empty = length == 0
                if byte == 10:  # "\r\n" alone is an empty line too
                    one = np.flatnonzero(length == 1)
                    empty[one] = data[starts[one]] == 13
                found.append(np.flatnonzero(empty) + seen + 1)
                seen, prev = seen + len(pos), int(pos[-1])
        finally:
            del data
    lines = np.concatenate(found) if found else np.empty(0, dtype=np.int64)
    return lines[lines > after]


def _columns(store: Store) -> tuple[str, ...]:
    return tuple(store.table("raw").columns)


def _rename_reserved_columns(store: Store, path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Read a Parquet file into ``raw`` again with a column named like :data:`RESERVED_COLUMNS` renamed.

    A column ``rowid`` would hide DuckDB's row number (file order), which the ingest joins on.
    The names come from :func:`_column_names` (the CSV rule); the relational API selects the
    columns under them (no SQL text is built from column names).
    """
    source = store.con.read_parquet(str(path))
    names, notes = _column_names(source.columns)
    source.select(*[duckdb.ColumnExpression(c).alias(n) for c, n in zip(source.columns, names, strict=True)]
                  ).create_view("_cv_raw_source", replace=True)
    try:
        store.execute("raw_lines_from_source")
    finally:
        store.execute("drop_raw_source")
    return tuple(names), notes


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0][:300]
