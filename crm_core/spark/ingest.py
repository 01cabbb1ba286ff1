"""Ingest on Spark: a CSV or Parquet file, folder or glob → ``transactions``, ``rejected`` + the ingest report.

The same steps as :mod:`crm_core.ingest`, from the same query files (run through :mod:`.transpile`):

1. **read** (Spark's reader): every column as text, plus ``rowid``: for a CSV read line by line, the record's
   file line as the DuckDB engine numbers it (:func:`number_lines`; a folder or glob: file number ×
   :data:`FILE_NUMBER` + line); else ``monotonically_increasing_id`` (unique and increasing in the order Spark
   reads the records, not the file row: the ingest report's ``reader_notes`` say so). CSV: UTF-8, or GBK / GB18030 told line by
   line (:func:`read_text_lines`: a file that mixes the two is refused), the delimiter of :func:`csv_head`, the
   header on the first line, RFC 4180 quotes; a line that does not split into the header's fields is decided as
   the DuckDB engine's reader decides (:func:`split_bad_lines`: a short line padded with NULLs, a long one or a
   broken quote rejected with its text; a file with a quoted line break read again ``multiLine``).
   Parquet: each column cast to text, then parsed by the same rules as a CSV.
2. **the column mapping** is detected on the driver from the first :data:`~crm_core.ingest.SAMPLE_LINES` lines,
   by the DuckDB path's own code (``column_profile.sql`` on a DuckDB database of that sample,
   :func:`crm_core.mapping.detect_mapping`) — a bounded sample, as the DuckDB path also uses;
3. **conventions from the whole column, on the cluster**: ``number_style_screen`` / ``number_style_evidence``
   per number column and ``date_order_evidence``, decided by the shared Python (``decide_decimals``,
   ``_decide_date_order``);
4. exact duplicates (``duplicate_candidates``, ``duplicate_copies``, ``delete_duplicate_copies``),
   ``parsed_lines`` with the parse macros inlined, ``rejected_from_parsed``, ``transactions_from_parsed``,
   ``ingest_counts`` and ``rejected_counts``.

An Excel sheet (one local .xlsx) is read on the driver by the DuckDB engine's reader (:func:`read_excel`). An
order status column excludes the lines of cancelled, unpaid and refunded orders by the DuckDB engine's rules
(``exclude_by_status``); an order whose amount stands on its first line only (Shopify) or is merged over its item
rows (Excel) counts once, its other item lines excluded (``exclude_item_lines``). A CSV's delimiter (comma,
semicolon, tab, |) is found by the DuckDB engine's rules (:func:`csv_head`). A local file, folder or glob is read
off copies made on the driver where Spark's reader cannot read it as it is: a UTF-16 file from its UTF-8 copy
(:func:`utf16_as_utf8`); a file that has title rows, a ``sep=`` line or blank lines above its header, starting at
the header (:func:`from_header_on`; its lines keep their file numbers); the parts of a folder or glob likewise, each as it
needs, in one temporary folder (:func:`parts_as_read`; the other parts linked). Not yet on Spark — refused with
:data:`NOT_YET` (a specific message, exit status 2), never read wrongly: a remote path (a URI) of UTF-16 parts or of
CSV files with lines above their header — the first part Spark reads by :func:`csv_head`, every other by Spark's own
header check as it opens the part (:func:`_read_csv`'s ``check_headers``; :func:`header_refusal` names the part whose
header is not the others', which a title row or UTF-16 text makes it; a header with repeated or empty names, which
Spark cannot check, is refused for a remote glob or folder).
A quoted field holding a line break is read (the file again, ``multiLine``: :func:`split_bad_lines`). ``source_row`` (and so
``rejected_examples``) is the file row as the DuckDB engine numbers it: a CSV's line (:func:`number_lines`; a record
holding line breaks: the line it starts on, :func:`number_records`), a Parquet file's row (:func:`parquet_rows`) —
Spark's line ids only past :data:`BLANK_LINES_MAX` blank lines or multi-line records, and the ingest report then
says so.
Known differences from the DuckDB engine: a quoted field with text after its closing quote (``"7"x``) is rejected
as ``bad_quotes`` by DuckDB, read as the text ``7"x`` (or ``"7"x``) by Spark unless the line then splits wrongly;
a line of spaces is a record (rejected: no customer) on both engines (Spark's line-by-line reader skips it, and
:func:`number_lines` adds it back); a quote that makes a file's count odd (``27"``) beside a multi-line last
record misleads the never-closed-quote test (:func:`split_bad_lines`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import glob
import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote

import pandas as pd

from .. import conventions
from .. import mapping as mapping_mod
from ..errors import InvalidInputError
from ..ingest import (
    INTERNAL_PREFIX,
    MONEY_ROLES,
    NUMBER_ROLES,
    SAMPLE_LINES,
    SOURCE_ROW_COLUMN,
    IngestReport,
    _decide_date_order,
    _decide_discount_sign,
    _exclude_by_status,
    _refuse_discount_rates,
    decide_decimals,
    parsed_lines_params,
    passthrough_columns,
    resolve_roles,
)
from ..schema import ROLE_NAMES
from ..sources import head_encoding, head_of_text, load_raw, transcode_to_utf8
from ..store import Store, connect
from .engine import SparkEngine, as_date

NOT_YET = ("is not implemented on the Spark engine yet (issue #15); use the DuckDB engine (the default, without "
           "--engine spark)")
NOT_YET_ZH = "Spark 引擎尚未实现（issue #15）；请使用 DuckDB 引擎（默认，不加 --engine spark）"
CSV_SUFFIXES = (".csv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".parq")
SOURCE_ROW_NOTE = ("engine spark: source_row and the rejected examples are Spark line ids (unique, in reading "
                   "order), not file rows")


def _refuse(what: str, column=None, what_zh: str | None = None) -> InvalidInputError:
    return InvalidInputError("file" if column is None else "transactions", column, reason=f"{what} {NOT_YET}",
                             reason_zh=f"{what_zh or what}：{NOT_YET_ZH}")


URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # a scheme: s3a://…, hdfs:/…, file:/…, dbfs:/… (not a drive letter C:)


def is_uri(path: str) -> bool:
    """Whether ``path`` names its file system (a URI, read through Spark's file system layer, never opened on the
    driver) rather than a local path."""
    return bool(URI.match(path))


def remote_files(spark, path: str, limit: int = 10_000) -> list[str] | None:
    """The names of the files under a remote folder (a URI: ``s3a://…``, ``hdfs://…``, ``abfss://…``), as Spark's own
    file system layer lists them (Hadoop's ``FileSystem.listFiles``, recursive: a dataset partitioned into
    ``year=2024/`` folders), at most ``limit`` of them; a file or folder below ``path`` whose name starts with ``_`` or
    ``.`` is left out, as Spark's reader leaves it out (``_SUCCESS``, ``.crc``, ``_temporary/``, ``_delta_log/``);
    ``None`` when ``path`` is no URI or no folder there."""
    if spark is None or not is_uri(path):
        return None
    jvm = spark.sparkContext._jvm
    folder = jvm.org.apache.hadoop.fs.Path(path)
    fs = folder.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if not fs.exists(folder) or not fs.getFileStatus(folder).isDirectory():
        return None
    top = fs.makeQualified(folder).toUri().getPath().rstrip("/")
    names, found = [], fs.listFiles(folder, True)
    while found.hasNext() and len(names) < limit:
        below = found.next().getPath().toUri().getPath()[len(top):].strip("/").split("/")
        if not any(part.startswith((".", "_")) for part in below):
            names.append(below[-1])
    return names


def check_path(spark, path: str) -> None:
    """Refuse ``path`` (a file, folder or glob; local or a URI) when Spark's file system layer finds nothing there
    (Hadoop's ``FileSystem.globStatus``) — before a reader fails on it with a Java stack trace in Spark's log."""
    from py4j.protocol import Py4JJavaError

    jvm = spark.sparkContext._jvm
    try:
        where = jvm.org.apache.hadoop.fs.Path(path)
        fs = where.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        found, looked = fs.globStatus(where), fs.makeQualified(where).toString()
    except Py4JJavaError as err:  # no file system for the scheme, access denied, a malformed URI …
        first = str(err.java_exception).splitlines()[0] if err.java_exception is not None else str(err).splitlines()[0]
        raise InvalidInputError("file", None, reason=f"Spark cannot open {path}: {first}",
                                reason_zh=f"Spark 无法打开 {path}：{first}") from None
    if found is None or len(found) == 0:
        glob_ = any(ch in path for ch in "*?[{")
        seen = "" if looked.rstrip("/") == path.rstrip("/") else f" (Spark looked at {looked})"
        raise InvalidInputError("file", None, reason=(
            f"no file matches {path}{seen}" if glob_ else f"there is no file or folder {path}{seen}"),
            reason_zh=f"没有与 {path} 匹配的文件{seen}" if glob_ else f"不存在文件或文件夹 {path}{seen}")


def input_format(path: str, spark=None) -> str:
    """``csv`` or ``parquet``, from the name of the file or glob, or from the files of a folder: a local one, or a
    remote one (a URI) listed through ``spark`` (:func:`remote_files`)."""
    name = path.rstrip("/").lower()
    if name.endswith(CSV_SUFFIXES):
        return "csv"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith((".xlsx", ".xlsm", ".xls")):
        if not Path(path).is_file():
            raise InvalidInputError("file", None, reason=(
                f"{path}: an Excel workbook is read on the driver, one local file at a time (a sheet holds at most "
                "1,048,576 rows); name the file, or export the parts as CSV or Parquet for a folder or glob"),
                reason_zh=f"{path}：Excel 工作簿在驱动端读取，每次一个本地文件（每个工作表最多 1,048,576 行）；"
                          "请指定该文件，或把多个部分导出为 CSV / Parquet 再用文件夹或通配路径")
        return "xlsx"
    folder = Path(path)
    names = ([f.name for f in folder.iterdir() if f.is_file() and not f.name.startswith((".", "_"))]
             if folder.is_dir() else remote_files(spark, path))
    if names is not None:
        kinds = {Path(n).suffix.lower() for n in names}
        if kinds and kinds <= set(CSV_SUFFIXES):
            return "csv"
        if kinds and kinds <= set(PARQUET_SUFFIXES):
            return "parquet"
        if kinds:
            held = ", ".join(k or "(no suffix)" for k in sorted(kinds))[:200]
            raise InvalidInputError("file", None, reason=(
                f"{path} holds files named {held}: a folder is read as CSV parts (.csv, .txt) or as Parquet parts "
                "(.parquet), one kind; name a glob of the parts to read (parts/*.csv)"),
                reason_zh=f"{path} 中的文件后缀为 {held}：文件夹须全部是 CSV 分片（.csv、.txt）或全部是 Parquet 分片"
                          "（.parquet）；请用通配路径指定要读取的分片（如 parts/*.csv）")
    raise InvalidInputError("file", None, reason=(
        f"cannot tell whether {path} is CSV or Parquet: name a .csv / .txt or .parquet file, a glob ending in one "
        "of them (parts/*.csv), or a folder holding files of one kind"),
        reason_zh=f"无法判断 {path} 是 CSV 还是 Parquet：请指定 .csv / .txt 或 .parquet 文件、以其结尾的通配路径，或只含一种文件的文件夹")


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


HEAD_LINES = 200  # the first lines the delimiter and the header are looked for in (SCAN_ROWS of them are used)


def _copy_path(engine: SparkEngine, source: Path) -> Path:
    """Where a driver-side copy of the local file ``source`` goes: the same file name (the report's source name and
    the messages keep it) in a new temporary folder, removed at ``engine.close()`` (Spark reads lazily, and may
    read the copy again to recompute a lost partition)."""
    folder = tempfile.mkdtemp(prefix="cvd_spark_copy_")
    engine.remove_on_close(folder)
    return Path(folder) / source.name


def utf16_as_utf8(engine: SparkEngine, path: str) -> tuple[str, str | None]:
    """``(path to read, encoding)``: a local UTF-16 CSV file — Excel's "Unicode text", some POS and ERP exports; with
    a BOM, or told by its NUL bytes (:func:`crm_core.sources.head_encoding`, the DuckDB engine's test) — as a UTF-8
    copy of the same name in a temporary folder, removed at ``engine.close()``; any other path as it is, with
    ``None``. Why a copy: Spark's line reader splits a file at its ``\n`` bytes, and UTF-16 holds one inside many
    characters (and a NUL beside every ASCII one), so neither the line checks nor the line numbers would hold; the
    copy keeps every line end, so each record keeps its file line. The copy is made on the driver, one pass over
    the bytes (:func:`crm_core.sources.transcode_to_utf8`, the DuckDB engine's own; a byte sequence that is not
    UTF-16 refuses the file with its line). A local folder or glob of UTF-16 parts: :func:`parts_as_read`; a remote one
    is refused (:func:`csv_head`, :func:`header_refusal`)."""
    source = Path(path)
    if not source.is_file():
        return path, None
    encoding = head_encoding(source)
    if encoding is None or not encoding.startswith("utf-16"):
        return path, None
    copy = _copy_path(engine, source)
    shutil.move(transcode_to_utf8(source, encoding), copy)
    return str(copy), encoding


def from_header_on(engine: SparkEngine, path: str, head) -> str | None:
    """A local CSV file whose header is not on its first line (``head.skip`` lines above it: title rows such as
    "2024年销售订单明细" or an account statement's preamble, an Excel ``sep=`` line, blank lines) as a copy that starts
    at its header line, in a temporary folder removed at ``engine.close()`` (same file name); ``None`` for a folder,
    glob or remote path. Spark's CSV reader takes the first line for the header and cannot skip lines; the
    caller adds ``head.skip`` to the copy's line numbers, so ``source_row`` stays the file's line. The copy is the
    file's bytes from the header on (no decoding); the lines above are counted as :func:`head_of_text` counts them
    (each LF, CRLF or lone CR ends one)."""
    source = Path(path)
    if not source.is_file():
        return None
    copy = _copy_path(engine, source)
    _copy_from_line(source, head.skip, copy, path)
    return str(copy)


def _copy_from_line(source: Path, skip: int, target: Path, shown) -> None:
    """``source``'s bytes after its first ``skip`` lines (each LF, CRLF or lone CR ends one, as :func:`head_of_text`
    counts them) written to ``target``; ``shown`` names the file in the refusal."""
    with open(source, "rb") as src:
        top = src.read(HEAD_BYTES)
        above = top.splitlines(keepends=True)[:skip]  # bytes.splitlines: LF, CRLF and CR, as StringIO
        start = sum(len(line) for line in above)
        if len(above) < skip or start >= len(top):  # not all in the first HEAD_BYTES: not this file's head
            raise _refuse(f"reading {shown}: {skip} line(s) above the header longer than {HEAD_BYTES:,} bytes",
                          what_zh=f"读取 {shown}：表头上方 {skip} 行超过 {HEAD_BYTES:,} 字节")
        src.seek(start)
        with open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, 16 << 20)


def local_parts(path: str) -> list[Path] | None:
    """The files of a local folder (not hidden, not ``_``-prefixed: the ones Spark reads) or of a local glob, in name
    order; ``None`` for one file or a remote path (a URI)."""
    if is_uri(path) or Path(path).is_file():
        return None
    if Path(path).is_dir():
        files = [f for f in Path(path).iterdir() if f.is_file() and not f.name.startswith((".", "_"))]
    elif any(ch in path for ch in "*?["):
        files = [Path(f) for f in glob.glob(path) if Path(f).is_file()]
    else:
        return None
    return sorted(files, key=str) or None


def _text_head(source: Path):
    """:func:`crm_core.sources.head_of_text` of a local UTF-8 file's first lines, as :func:`csv_head` reads them from
    Spark's text reader (lines split at LF, CRLF or CR)."""
    with open(source, "rb") as fh:  # enough blocks for HEAD_LINES lines, not the whole HEAD_BYTES of every part
        top = b""
        while len(top) < HEAD_BYTES and len(re.findall(b"\r\n|\r|\n", top)) <= HEAD_LINES:
            block = fh.read(1 << 16)
            if not block:
                break
            top += block
        more = bool(fh.read(1))
    lines = re.split("\r\n|\r|\n", top.decode("utf-8", errors="replace"))
    if lines and lines[-1] == "" and not more:
        lines = lines[:-1]  # the file's last line break ends a line; it does not start one
    return _head_of_lines(lines, complete=not more and len(lines) <= HEAD_LINES)


@dataclasses.dataclass
class PreparedParts:
    """What :func:`parts_as_read` made of a local folder or glob of CSV parts."""

    path: str  # the temporary folder Spark reads instead
    encoding: str | None  # the UTF-16 parts' encoding, when some were
    skips: dict[int, int]  # file number (name order, from 1) -> lines above that part's header (0: none)
    title_rows: list[str]  # every part's title rows, in file order
    blank_above: int  # blank lines above the parts' headers, all parts


def parts_as_read(engine: SparkEngine, parts: list[Path]) -> PreparedParts | None:
    """A local folder or glob of CSV parts (their headers checked alike first) of which some are UTF-16 or have lines
    above their header (title rows, an Excel ``sep=`` line, blank lines) — ``None`` when none is — as one temporary
    folder (removed at ``engine.close()``) holding each part as one such file is read: a UTF-8 copy of a UTF-16 part
    (:func:`utf16_as_utf8`'s transcoder), a copy from its header on of a part with lines above it
    (:func:`from_header_on`'s), a symbolic link to any other; the lines above each header are counted per part
    (``skips``), so that each part's lines keep their file numbers. Refused, naming the parts: two parts of the same
    name (a glob over folders), parts whose headers differ (Spark would read every part by the first one's columns)."""
    plans, made = [], []
    try:
        for part in parts:
            encoding = head_encoding(part)
            utf16 = encoding if encoding is not None and encoding.startswith("utf-16") else None
            source = Path(transcode_to_utf8(part, utf16)) if utf16 else part
            if utf16:
                made.append(source)
            if part.stat().st_size == 0:  # no line: Spark reads nothing of it, and numbers no line of it
                continue
            try:
                head = _text_head(source)
            except InvalidInputError as err:  # e.g. only blank lines: say which part
                raise InvalidInputError("file", None, reason=f"{part.name}: {err.reason}",
                                        reason_zh=f"{part.name}：{err.reason_zh or err.reason}") from None
            plans.append((part, source, utf16, head))
    except BaseException:
        for source in made:
            source.unlink(missing_ok=True)
        raise
    if not plans:
        return None
    names = [part.name for part, *_ in plans]
    first = plans[0][3].header

    def same(header) -> bool:  # as Spark's own check compares them: case-insensitively, a BOM not a name's
        return [h.lstrip("\ufeff").lower() for h in header] == [h.lstrip("\ufeff").lower() for h in first]
    other = next(((part, head) for part, _, _, head in plans if not same(head.header)), None)
    try:
        if other is not None:
            raise InvalidInputError("file", None, reason=(
                f"the parts do not share one header: {other[0].name} has {', '.join(other[1].header)[:200]}, "
                f"{plans[0][0].name} has {', '.join(first)[:200]}; export every part with the same columns"),
                reason_zh=f"各分片的表头不一致：{other[0].name} 与 {plans[0][0].name} 的列不同；请以相同的列导出每个分片")
        if not made and not any(head.skip for *_, head in plans):
            return None  # nothing to copy: Spark reads the parts as they are
        if len(set(names)) < len(names):
            twice = ", ".join(sorted({n for n in names if names.count(n) > 1})[:5])
            raise _refuse(f"reading parts that need a copy (UTF-16, or lines above the header) of the same name "
                          f"({twice}) in different folders",
                          what_zh=f"读取需要复制（UTF-16 或表头上方有内容）且同名（{twice}）但位于不同文件夹的分片")
        folder = Path(tempfile.mkdtemp(prefix="cvd_spark_copy_"))
        engine.remove_on_close(str(folder))
        for part, source, _, head in plans:
            target = folder / part.name
            if head.skip:
                _copy_from_line(source, head.skip, target, part)
            elif source != part:
                shutil.move(source, target)
            else:
                os.symlink(part.resolve(), target)
    finally:
        for source in made:
            source.unlink(missing_ok=True)
    return PreparedParts(str(folder), next((u for *_, u, _ in plans if u), None),
                         {i: head.skip for i, (*_, head) in enumerate(plans, 1)},
                         [t for *_, head in plans for t in head.title_rows], sum(head.blank_above for *_, head in plans))


HEAD_BYTES = 4 << 20  # the lines above a header are looked for in the file's first 4 MiB


def csv_head(spark, path: str):
    """The delimiter and the header line of a CSV (file, folder or glob): :func:`crm_core.sources.head_of_text` — the
    DuckDB engine's rules (an Excel ``sep=`` line, the candidate of ``CSV_DELIMITERS`` that splits the first lines
    alike, title rows above the header) — on the first :data:`HEAD_LINES` lines Spark's text reader gives."""
    lines = [r[0] for r in spark.read.text(path).limit(HEAD_LINES + 1).collect()]
    if any("\x00" in line for line in lines[:5]):  # ASCII as UTF-16: every other byte NUL (a file: utf16_as_utf8)
        raise _refuse(f"reading {path}: UTF-16 text in a remote path (a local UTF-16 file, folder or glob is read from "
                      "UTF-8 copies); reading it",
                      what_zh=f"读取 {path}：远程路径中的 UTF-16 文本（本地 UTF-16 文件、文件夹或通配路径会先转成 UTF-8 副本"
                              "再读取）")
    return _head_of_lines(lines, complete=len(lines) <= HEAD_LINES)


def _head_of_lines(lines: list[str], *, complete: bool):
    """:func:`crm_core.sources.head_of_text` of a file's first lines (at most :data:`HEAD_LINES` are read;
    ``complete``: they are the whole file) — one rule for Spark's text reader (:func:`csv_head`) and a local part
    (:func:`_text_head`)."""
    return head_of_text("\n".join(lines[:HEAD_LINES]) + "\n", complete)


LINE_COLUMN = f"{INTERNAL_PREFIX}line"  # Spark's text of a line it could not split into the header's fields
FILE_COLUMN = f"{INTERNAL_PREFIX}file"  # the file a record came from (Spark's _metadata.file_path)
BLOCK_COLUMN = f"{INTERNAL_PREFIX}block"  # the byte where the record's split of that file starts
PART_COLUMN = f"{INTERNAL_PREFIX}part"  # the Spark partition that read it
POSITION_COLUMNS = (FILE_COLUMN, BLOCK_COLUMN, PART_COLUMN)
FILE_NUMBER = 10_000_000_000  # a folder or glob: source_row = file number × FILE_NUMBER + line in that file


def files_note(files: list[str], unit: str) -> str:
    """The ingest report's note on the numbering of several files' lines (``unit``: "line" or "row"); ``files`` in
    name order, numbered from 1 (the first ten named)."""
    named = ", ".join(f"{i} = {f.rsplit('/', 1)[-1]}" for i, f in enumerate(files[:10], 1)) + (
        ", …" if len(files) > 10 else "")
    return (f"engine spark: source_row = file number × {FILE_NUMBER:,} + the {unit} in that file ({len(files)} files "
            f"in name order: {named})")


def positioned(frame):
    """A CSV read with ``rowid`` (``monotonically_increasing_id``: the partition in the high bits, the record's
    place in its partition below) and where it was read (:data:`POSITION_COLUMNS`), for :func:`number_lines`."""
    from pyspark.sql import functions as F

    return frame.select("*", F.col("_metadata.file_path").alias(FILE_COLUMN),
                        F.col("_metadata.file_block_start").alias(BLOCK_COLUMN),
                        F.spark_partition_id().alias(PART_COLUMN), F.monotonically_increasing_id().alias("rowid"))
BAD_QUOTES = "a quoted field is not closed, or has text after its closing quote"  # raw_bad_lines.sql's detail


def _read_csv(spark, path: str, encoding: str, sep: str = ",", multiline: bool = False, check_headers: bool = False):
    """Every field as text, by the header's names; a line that does not split into the header's fields (a short or
    long line, a broken quote) is read as far as it splits, its text in :data:`LINE_COLUMN` (``PERMISSIVE``) — the
    caller decides about it (:func:`split_bad_lines`). ``multiline``: a quoted field may hold line breaks (each file
    is then parsed whole by one task, as Spark's ``multiLine`` reader does). ``check_headers``: Spark compares each
    file's header with the first file's names as it reads the file (``enforceSchema`` off) and fails the job on one
    that differs — :func:`ingest_path` names the file (:func:`header_refusal`); without it Spark reads every part of a
    folder or glob by the first part's columns, whatever its own header says. Decided per read, by the names read in
    that read's encoding (a GBK header's names can collide as U+FFFD in UTF-8, not in GB18030): names that Spark made
    up (:func:`renamed_names`: repeated or empty ones) cannot be checked, and the parts of a remote glob or folder
    with such a header are refused (local parts are compared by :func:`parts_as_read`)."""
    from pyspark.sql.types import StringType, StructField, StructType

    def reader():
        return (spark.read.option("header", True).option("inferSchema", False).option("quote", '"')
                .option("escape", '"').option("encoding", encoding).option("sep", sep)
                .option("multiLine", multiline))

    names = [c.lstrip("\ufeff") for c in reader().csv(path).columns]  # the header (a UTF-8 BOM is not a name's)
    for name in names:  # Spark's names are case-insensitive; _metadata would hide the file's place
        if name.lower() in (LINE_COLUMN, *POSITION_COLUMNS, "_metadata"):
            raise _refuse(f"a column named {name}", name)
    renamed = renamed_names(names)
    # names of U+FFFD: not this file's encoding (read_text_lines reads it again in its own), so no verdict here
    undecoded = any("\ufffd" in n for n in names)
    if check_headers and renamed and not undecoded and several_remote_parts(spark, path):
        raise _refuse(f"reading the parts of the remote path {path}, whose header has repeated or empty names "
                      f"({', '.join(renamed[:5])}: Spark cannot check each part's header against them)",
                      what_zh=f"读取远程路径 {path} 的各分片，其表头有重复或空的列名（{', '.join(renamed[:5])}：Spark 无法据此"
                              "核对每个分片的表头）")
    schema = StructType([StructField(c, StringType()) for c in [*names, LINE_COLUMN]])
    return (reader().schema(schema).option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", LINE_COLUMN)
            .option("enforceSchema", not (check_headers and not renamed)).csv(path))


def renamed_names(names: list[str]) -> list[str]:
    """The names of a Spark CSV read that Spark made up rather than read (``CSVUtils.makeSafeHeader``): ``_c<i>`` for
    an empty name, ``<name><i>`` for each of a name repeated (case-insensitively) — column ``i`` holding its index.
    Against such names Spark's header check would fail every file, so it is left off; a genuine header ``a0, a1``
    looks the same and only loses the check (never a false refusal)."""
    made = []
    for i, name in enumerate(names):
        stem = name[:-len(str(i))] if name.endswith(str(i)) else None
        if name == f"_c{i}" or (stem is not None and any(
                j != i and other.lower() == f"{stem}{j}".lower() for j, other in enumerate(names))):
            made.append(name)
    return made


def several_remote_parts(spark, path: str) -> bool:
    """Whether ``path`` is a URI that may name several files: a glob, or a folder there (:func:`remote_files`)."""
    return is_uri(path) and (any(ch in path for ch in "*?[{") or remote_files(spark, path) is not None)


def csv_fields(lines: pd.Series, sep: str) -> pd.Series:
    """The number of fields of each line of CSV text (RFC 4180: quotes doubled inside a quoted field), as Python's
    csv module splits it, up to the last field that is not empty (DuckDB's reader accepts empty fields past the
    header's: ``C1,2024-03-01,10,`` is a line of 3); ``-1`` for a quote that is opened and never closed on the
    line, ``-2`` for text after a closing quote (``"a"b``)."""
    import csv

    def count(line):
        try:
            rows = list(csv.reader([line], delimiter=sep, quotechar='"', doublequote=True, strict=True))
        except csv.Error as err:
            return -1 if "end of data" in str(err) or "EOF" in str(err) else -2
        cells = rows[0] if rows else []
        while cells and cells[-1] == "":
            cells = cells[:-1]
        return len(cells)
    return lines.map(count).astype("int64")


BLANK_LINES_MAX = 5_000_000  # blank lines whose places are collected to the driver (more: Spark line ids)


def quote_count(value):
    """The quotes of a line of text, counted by splitting (lengths would not do: a GBK line read as UTF-8 holds
    bytes that are not characters, and each becomes U+FFFD once the text is changed)."""
    from pyspark.sql import functions as F

    return F.size(F.split(value, '"', -1)) - 1


def _splits(frame, *more) -> pd.DataFrame:
    """One row per split of a :func:`positioned` read: its first rowid, its rows (and ``more``'s aggregates)."""
    from pyspark.sql import functions as F

    return to_pandas_rows(frame.groupBy(*POSITION_COLUMNS).agg(F.min("rowid").alias("first"),
                                                               F.count("*").alias("n"), *more))


def _offsets(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`_splits` with ``base``: the first record / line index in its file of each split, less its first rowid
    (rowid + base = the record's or line's index in its file, from 0)."""
    table = table.sort_values([FILE_COLUMN, BLOCK_COLUMN]).reset_index(drop=True)
    before = table.groupby(FILE_COLUMN)["n"].cumsum() - table["n"]
    return table.assign(base=before - table["first"])


def _with_space_records(spark, numbered, spaces: pd.DataFrame, sep: str):
    """``numbered`` plus the lines of spaces that Spark's line-by-line reader skipped, as the records DuckDB reads
    them (``spaces``: ``line``, the rowid to give each, and ``value``, its text): split as DuckDB splits them (a TSV's
    empty row \\t\\t\\t: empty fields); a line that does not split into the header's fields carries its text in
    LINE_COLUMN, for :func:`split_bad_lines` to decide."""
    import csv

    if not len(spaces):
        return numbered
    data = [c for c in numbered.columns if c not in ("rowid", LINE_COLUMN)]
    rows = []
    for line_no, value in zip(spaces["line"], spaces["value"], strict=True):
        cells = [c if c != "" else None for c in next(csv.reader([value], delimiter=sep), [value])]
        rows.append((*cells[:len(data)], *[None] * (len(data) - len(cells)),
                     value if len(cells) != len(data) else None, int(line_no)))
    schema = ", ".join(f"`{i}` string" for i in range(len(data) + 1)) + ", rowid long"
    extra = spark.createDataFrame(rows, schema).toDF(*data, LINE_COLUMN, "rowid")
    if LINE_COLUMN not in numbered.columns:
        extra = extra.drop(LINE_COLUMN)
    return numbered.unionByName(extra)


def number_lines(spark, raw, path: str, sep: str = ","):
    """``(raw, blank_lines, note, flagged)`` — ``flagged``: the records Spark could not split into the header's
    fields (:data:`LINE_COLUMN` set) — or ``None`` when some line of the file has an odd number of quotes (a quoted
    field holds a line break, or a quote is never closed: the file must be read ``multiline``, see
    :func:`split_bad_lines`) — found in the same pass over the text. ``raw`` (a :func:`positioned` CSV read, one record per line) with ``rowid``
    the record's line in its file, as a text editor numbers it and as the DuckDB engine's ``source_row`` is — for
    a folder or glob, file number × :data:`FILE_NUMBER` + line (files numbered from 1 in name order, named in
    ``note``) — and the lines of spaces Spark's reader skips added back as records (DuckDB reads such a line as a
    record: its first field the spaces, the others empty).

    How, without a window over the file: Spark reads each split of a file in order, and ``rowid``'s low bits count
    the records of its partition; one row per (partition, file, split) — its first ``rowid`` and its records —
    on the driver gives each split's first record index in its file. The text reader gives the same for the
    file's lines, and the places of the lines that are blank (nothing but spaces and control characters: what
    Spark's CSV reader skips) — record k of a file is then on line k + 2 + the blank lines before it (the header
    on line 1). More than :data:`BLANK_LINES_MAX` blank lines: ``rowid`` stays Spark's line id, and ``note`` says so."""
    import numpy as np
    from pyspark.sql import functions as F
    from pyspark.sql.functions import pandas_udf

    text = positioned(spark.read.text(path))
    blank = F.regexp_replace("value", "[\\x00-\\x20]", "") == ""
    # one pass over the text (one job: a second scan could split the file differently, e.g. on a cluster whose
    # cores changed in between): per split its lines, its odd-quote lines and its blank lines with their rowid
    lines = _offsets(_splits(text, F.sum((quote_count("value") % 2 == 1).cast("long")).alias("odd"),
                           F.collect_list(F.when(blank, F.struct(F.col("rowid").alias("id"), "value"))).alias("blanks")))
    if int(lines["odd"].sum()):  # a quote left open in a line's last field leaves every line splitting right
        return None
    lines["blank"] = lines["blanks"].map(len)
    records = _offsets(_splits(raw, F.sum(F.col(LINE_COLUMN).isNotNull().cast("long")).alias("flagged")))
    files = sorted(set(lines[FILE_COLUMN]) | set(records[FILE_COLUMN]))
    number = {f: i + 1 for i, f in enumerate(files)}
    n_blank = int(lines["blank"].sum())
    flagged = int(records["flagged"].sum())
    if n_blank > BLANK_LINES_MAX:
        return raw.drop(*POSITION_COLUMNS), 0, SOURCE_ROW_NOTE, flagged
    factor = FILE_NUMBER if len(files) > 1 else 0
    blanks = {f: np.empty(0, dtype=np.int64) for f in files}
    spaces = pd.DataFrame(columns=["line", "value"])
    if n_blank:
        found = pd.DataFrame([(row[FILE_COLUMN], b["id"] + row["base"], b["value"]) for _, row in lines.iterrows()
                              for b in row["blanks"]], columns=[FILE_COLUMN, "t", "value"])
        for f, group in found.groupby(FILE_COLUMN):
            at = np.sort(group["t"].to_numpy(dtype=np.int64))
            blanks[f] = at - 1 - np.arange(len(at))  # records before the i-th blank line: t_i − header − i
        ws = found[found["value"] != ""]
        spaces = pd.DataFrame({"line": ws["t"].to_numpy(dtype=np.int64) + 1
                               + ws[FILE_COLUMN].map(number).to_numpy(dtype=np.int64) * factor,
                               "value": ws["value"].to_numpy()})
    table = records.assign(_f=records[FILE_COLUMN].map(number).astype("int64"))[[*POSITION_COLUMNS, "base", "_f"]]
    split_base = spark.createDataFrame(table.astype({"base": "int64"}))
    keyed = raw.join(F.broadcast(split_base), list(POSITION_COLUMNS))
    k = F.col("rowid") + F.col("base")
    if n_blank:
        by_number = {number[f]: c for f, c in blanks.items()}

        def line_of(k: pd.Series, f: pd.Series) -> pd.Series:
            out = k.to_numpy(dtype=np.int64) + 2
            for fn in np.unique(f.to_numpy()):
                at = f.to_numpy() == fn
                out[at] += np.searchsorted(by_number[int(fn)], k.to_numpy()[at], side="right")
            return pd.Series(out)
        line = pandas_udf(line_of, "bigint")(k, F.col("_f"))
    else:
        line = k + 2
    numbered = keyed.withColumn("rowid", line + F.col("_f") * factor).drop("base", "_f", *POSITION_COLUMNS)
    numbered = _with_space_records(spark, numbered, spaces, sep)
    note = files_note(files, "line") if factor else None
    empty = n_blank - len(spaces)
    return numbered, empty, note, flagged + len(spaces)  # a line of spaces may not split either


def number_records(spark, raw, path: str):
    """For a CSV read ``multiLine`` (some quoted field holds a line break; :func:`positioned`): ``(raw, blank_lines,
    note)`` with ``rowid`` the file line each record starts on, as the DuckDB engine's ``source_row`` is (a folder or
    glob: file number × :data:`FILE_NUMBER` + line, the files named in ``note``) and the :data:`POSITION_COLUMNS` kept
    for :func:`split_bad_lines` — or ``None`` (``rowid`` stays Spark's line id) when more than :data:`BLANK_LINES_MAX` blank lines or
    records with line breaks would come to the driver, or when a file's lines and records do not add up (a header
    with a line break in it, a lone carriage return that Spark's reader and the text reader count apart).

    How: as in :func:`number_lines`, one row per split of the text reader and of the records gives each split's
    first line / record index in its file; the blank lines (their places) and the records holding line breaks (their
    index and how many) come to the driver; per file, the DuckDB engine's own walk
    (:func:`crm_core.sources.map_lines`: a blank line where a record would start is skipped, one inside a record
    is passed over with it) gives runs of records that share one distance between record index and file line, and
    a pandas UDF looks each record's run up (``searchsorted``). A line break is ``\\r\\n``, ``\\r`` or ``\\n`` (the
    text reader's)."""
    import numpy as np
    from pyspark.sql import functions as F
    from pyspark.sql.functions import pandas_udf

    from ..sources import map_lines

    text = positioned(spark.read.text(path))
    blank = F.col("value") == ""  # the multiLine reader skips an empty line; a line of spaces is a record, as in DuckDB
    data = [c for c in raw.columns if c not in ("rowid", LINE_COLUMN, *POSITION_COLUMNS)]
    body = F.concat_ws("", *[F.coalesce(F.col(_quoted(c)), F.lit("")) for c in data])
    if LINE_COLUMN in raw.columns:  # a record Spark could not split: its text as read
        body = F.coalesce(F.col(LINE_COLUMN), body)
    breaks = F.size(F.split(body, "\r\n|\r|\n", -1)) - 1
    lines = _offsets(_splits(text, F.sum(blank.cast("long")).alias("blank")))
    records = _offsets(_splits(raw, F.sum((breaks > 0).cast("long")).alias("multi")))
    if int(lines["blank"].sum()) > BLANK_LINES_MAX or int(records["multi"].sum()) > BLANK_LINES_MAX:
        return None

    def placed(frame, table: pd.DataFrame, *columns) -> pd.DataFrame:
        """rows of ``frame`` and each one's index in its file (``at``, 0 for the first)"""
        got = to_pandas_rows(frame.select(*POSITION_COLUMNS, "rowid", *columns))
        got = got.merge(table[[*POSITION_COLUMNS, "base"]], on=list(POSITION_COLUMNS), how="left", validate="many_to_one")
        return got.assign(at=got["rowid"] + got["base"])

    blanks = placed(text.where(blank), lines)
    multi = placed(raw.where(breaks > 0), records, breaks.alias("breaks"))
    files = sorted(set(lines[FILE_COLUMN]) | set(records[FILE_COLUMN]))
    number = {f: i + 1 for i, f in enumerate(files)}
    factor = FILE_NUMBER if len(files) > 1 else 0
    runs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    empty = 0
    for f in files:
        n_records = int(records.loc[records[FILE_COLUMN] == f, "n"].sum())
        n_lines = int(lines.loc[lines[FILE_COLUMN] == f, "n"].sum())
        b = blanks[blanks[FILE_COLUMN] == f].sort_values("at")
        m = multi[multi[FILE_COLUMN] == f].sort_values("at")
        blank_lines = (b["at"].to_numpy(dtype=np.int64) + 1)  # file lines, the header on line 1
        at, nb = m["at"].to_numpy(dtype=np.int64), m["breaks"].to_numpy(dtype=np.int64)
        mapped = map_lines(0, 2, n_records, blank_lines.tolist(), at.tolist(), nb.tolist(), [], [])
        if mapped.raw_rows != n_records or mapped.end_line != n_lines + 1:
            return None
        starts = np.array([k for k, _ in mapped.segments], dtype=np.int64)
        offsets = np.array([o for _, o in mapped.segments], dtype=np.int64)
        runs[number[f]] = (starts, offsets)
        # an empty line inside a record with line breaks is part of its value, not a blank line of the file
        inside = np.zeros(len(blank_lines), dtype=bool)
        if len(at):
            first = at + offsets[np.searchsorted(starts, at, side="right") - 1]  # their first lines
            i = np.searchsorted(first, blank_lines, side="left") - 1
            inside = (i >= 0) & (blank_lines <= first[np.maximum(i, 0)] + nb[np.maximum(i, 0)])
        empty += int((~inside).sum())
    table = records.assign(_f=records[FILE_COLUMN].map(number).astype("int64"))[[*POSITION_COLUMNS, "base", "_f"]]
    keyed = raw.join(F.broadcast(spark.createDataFrame(table.astype({"base": "int64"}))), list(POSITION_COLUMNS))

    def line_of(k: pd.Series, f: pd.Series) -> pd.Series:
        k, f = k.to_numpy(dtype=np.int64), f.to_numpy(dtype=np.int64)
        out = np.empty(len(k), dtype=np.int64)
        for fn in np.unique(f):
            sel = f == fn
            starts, offsets = runs[int(fn)]
            out[sel] = k[sel] + offsets[np.searchsorted(starts, k[sel], side="right") - 1]
        return pd.Series(out)

    line = pandas_udf(line_of, "bigint")(F.col("rowid") + F.col("base"), F.col("_f"))
    numbered = keyed.withColumn("rowid", line + F.col("_f") * factor).drop("base", "_f")
    note = files_note(files, "line") if factor else None
    return numbered, empty, note


def to_pandas_rows(frame) -> pd.DataFrame:
    return pd.DataFrame([r.asDict() for r in frame.collect()], columns=frame.columns)


def split_bad_lines(spark, raw, path: str, sep: str, n_fields: int, *, multiline: bool = False,
                    flagged: int | None = None):
    """``(raw, bad)``: the lines Spark could not split into the header's ``n_fields`` fields, decided as the DuckDB
    engine's reader decides (``raw_lines_from_csv.sql``, ``raw_bad_lines.sql``):

    - a **short** line keeps its fields and the missing ones are NULL (DuckDB's ``null_padding``): it stays in
      ``raw``;
    - a line with **more fields** than the header is never truncated or shifted: it leaves ``raw`` and becomes a
      row of ``bad`` (``raw_bad_lines``: source_row, reason ``too_many_fields``, detail "5 fields, header has 4",
      line); a quote followed by text that Spark flagged (``"a"b``) likewise, as ``bad_quotes``.

    A quoted field that holds a line break (RFC 4180 allows it: a Taobao 买家留言 of two lines) makes Spark's
    line-by-line reader split the record in two; a quote left open in a line's last field even leaves every line
    splitting into the right number of fields. So when some line of the file has an odd number of quotes
    (:func:`number_lines` counts them), the caller reads the file again ``multiline`` and calls this with
    ``multiline``. There, when a file has an odd number of quotes and its last record
    holds a line break, a quote was never closed and that record swallowed every line after it into one field: it
    is rejected as ``bad_quotes``, as DuckDB rejects it (its text: the fields as read, joined by the delimiter —
    the quotes are gone). A quote inside an unquoted field (``27" monitor``) is text, as for DuckDB; it makes the
    count odd, but the last record then usually holds no line break (when it does, it is rejected wrongly: a known
    difference). Left as read: a quote left open on a file's very last
    line (DuckDB rejects that line)."""
    from pyspark.sql import functions as F
    from pyspark.sql.functions import pandas_udf

    if flagged == 0 and not multiline:  # every line split into the header's fields (number_lines counted them)
        return raw.drop(LINE_COLUMN), None
    fields = pandas_udf(lambda lines: csv_fields(lines, sep), "bigint")
    classified = raw.where(F.col(LINE_COLUMN).isNotNull()).select("rowid", F.col(LINE_COLUMN).alias("line"), fields(F.col(LINE_COLUMN)).alias("n"))
    kinds = {r["kind"] for r in classified.select(
        F.when(F.col("n") < 0, "bad_quotes").when(F.col("n") > n_fields, "too_many").otherwise("short").alias("kind"))
        .distinct().collect()}
    quotes = quote_count("value")
    swallowed = None
    if multiline:  # a file with an odd number of quotes has one never closed: its last record swallowed the rest
        odd = [r["file"] for r in spark.read.text(path).groupBy(F.col("_metadata.file_path").alias("file"))
               .agg(F.sum(quotes).alias("q")).where(F.col("q") % 2 == 1).collect()]
        if odd:
            data = [c for c in raw.columns if c not in ("rowid", LINE_COLUMN, *POSITION_COLUMNS)]
            last = raw.where(F.col(FILE_COLUMN).isin(odd)).groupBy(FILE_COLUMN).agg(F.max("rowid").alias("rowid"))
            swallowed = raw.join(last.select("rowid"), "rowid").join(classified.select("rowid"), "rowid", "left_anti")
            swallowed = swallowed.where(_line(data).rlike("[\\r\\n]")).select(
                F.col("rowid").alias("source_row"), F.lit("bad_quotes").alias("reason"), F.lit(BAD_QUOTES).alias("detail"),
                F.concat_ws(sep, *[F.coalesce(F.col(_quoted(c)), F.lit("")) for c in data]).alias("line"))
    if not kinds - {"short"} and swallowed is None:
        return raw.drop(LINE_COLUMN), None
    too_long = F.col("n") > n_fields
    bad = classified.where(too_long | (F.col("n") < 0)).select(
        F.col("rowid").alias("source_row"),
        F.when(too_long, F.lit("too_many_fields")).otherwise(F.lit("bad_quotes")).alias("reason"),
        F.when(too_long, F.format_string(f"%d fields, header has {n_fields}", F.col("n")))
        .otherwise(F.lit(BAD_QUOTES)).alias("detail"),
        F.regexp_replace("line", "^[\\r\\n]+|[\\r\\n]+$", "").alias("line"))
    if swallowed is not None:
        bad = bad.unionByName(swallowed)
    keep = raw.join(bad.select(F.col("source_row").alias("rowid")), "rowid", "left_anti")
    return keep.drop(LINE_COLUMN), bad


def read_excel(spark, path: str, sheet: str | None = None):
    """``(raw, info)``: one sheet of an .xlsx workbook read on the driver by the DuckDB engine's reader
    (:func:`crm_core.sources.load_raw`: title rows above the header, blank rows, merged cells, typed cells as
    text), as a Spark DataFrame of text columns plus ``rowid`` = the file row (as the DuckDB engine numbers them)."""
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    store = Store(connect())
    try:
        info = load_raw(store, path, sheet=sheet)
        frame = store.table("raw").df()
    finally:
        store.close()
    if SOURCE_ROW_COLUMN in frame.columns:
        rows = frame.pop(SOURCE_ROW_COLUMN).astype("int64")
    else:
        rows = pd.Series(range(info.first_row, info.first_row + len(frame)), dtype="int64")
    if "rowid" in frame.columns:
        raise _refuse("a column named rowid", "rowid")
    frame = frame.astype(object).where(frame.notna(), None)
    frame["rowid"] = rows.to_numpy()
    schema = StructType([StructField(c, StringType()) for c in frame.columns[:-1]] + [StructField("rowid", LongType())])
    return spark.createDataFrame(frame, schema), info


def read_raw(spark, path: str, sep: str = ",", check_headers: bool = False):
    """``(raw, file_format)``: the lines of a CSV ``path`` as a DataFrame of text columns plus ``rowid`` and where
    each was read (:func:`positioned`), read as UTF-8 (a CSV that is GBK / GB18030 text is read again by
    :func:`read_text_lines`); a Parquet read as Spark reads it, for :func:`parquet_rows` (an Excel workbook:
    :func:`read_excel`). ``check_headers``: see :func:`_read_csv`."""
    from pyspark.sql.utils import AnalysisException

    fmt = input_format(path, spark)
    if fmt == "xlsx":
        raise ValueError("read_excel reads Excel workbooks")
    try:
        if fmt == "csv":
            raw = _read_csv(spark, path, "UTF-8", sep, check_headers=check_headers)
        else:
            raw = spark.read.parquet(path)
    except AnalysisException as err:
        raise InvalidInputError("file", None, reason=f"Spark cannot read {path}: {str(err).splitlines()[0]}",
                                reason_zh=f"Spark 无法读取 {path}：{str(err).splitlines()[0]}") from None
    if "rowid" in raw.columns:
        raise _refuse("a column named rowid", "rowid")
    if fmt == "csv":
        return positioned(raw), fmt
    return raw, fmt


def parquet_rows(spark, raw):
    """``(raw, note)``: a Parquet read (:func:`read_raw`) with every column as text and ``rowid`` = the row's place
    in its file, 1 for the first — the DuckDB engine's ``source_row`` of a Parquet file — from Spark's hidden
    ``_metadata.row_index`` (Spark 3.5+; the row's index among the file's rows, however Spark splits the file).
    Several files (a folder or glob): file number (files in name order) × :data:`FILE_NUMBER` + row, and ``note``
    names the numbers, as for CSV parts (one pass over the files' paths to number them). A Spark without the
    field: ``monotonically_increasing_id`` and :data:`SOURCE_ROW_NOTE`."""
    from pyspark.sql import functions as F
    from pyspark.sql.utils import AnalysisException

    for name in raw.columns:  # Spark's names are case-insensitive; such a column would hide the file's place
        if name.lower() in (FILE_COLUMN, "_metadata"):
            raise _refuse(f"a column named {name}", name)
    text = [F.col(_quoted(c)).cast("string").alias(c) for c in raw.columns]
    try:
        framed = raw.select(*text, F.col("_metadata.file_path").alias(FILE_COLUMN),
                            (F.col("_metadata.row_index") + 1).alias("rowid"))
    except AnalysisException:
        return raw.select(*text, F.monotonically_increasing_id().alias("rowid")), SOURCE_ROW_NOTE
    files = sorted(r[0] for r in framed.select(FILE_COLUMN).distinct().collect())
    if len(files) <= 1:
        return framed.drop(FILE_COLUMN), None
    number = spark.createDataFrame([(f, i + 1) for i, f in enumerate(files)], f"`{FILE_COLUMN}` string, _f long")
    keyed = framed.join(F.broadcast(number), FILE_COLUMN)
    note = files_note(files, "row")
    return keyed.withColumn("rowid", F.col("rowid") + F.col("_f") * FILE_NUMBER).drop(FILE_COLUMN, "_f"), note


def _detect(sample, columns: list[str]) -> tuple[mapping_mod.MappingGuess, object]:
    """The column-role guess from the first lines, by the DuckDB path's code on a DuckDB database of them."""
    store = Store(connect())
    try:
        store.con.register("raw_frame", sample)
        store.execute("raw_lines_from_frame")
        store.con.unregister("raw_frame")
        profile = store.run("column_profile", n=SAMPLE_LINES, date_formats=conventions.all_date_formats())
    finally:
        store.close()
    return mapping_mod.detect_mapping(columns, profile), profile


# A line read as ISO-8859-1 is its bytes, one character each: the regular expressions below test bytes.
# One UTF-8 character of two to four bytes (the W3C's pattern: no overlong forms, no surrogates, nothing past
# U+10FFFF). A line is UTF-8 when no byte ≥ 0x80 is left once these are removed (one sequence per match: no
# repetition for Java's recursive matcher to overflow on a long line).
_UTF8_MULTIBYTE = ("[\\xC2-\\xDF][\\x80-\\xBF]|\\xE0[\\xA0-\\xBF][\\x80-\\xBF]"
                   "|[\\xE1-\\xEC\\xEE\\xEF][\\x80-\\xBF]{2}|\\xED[\\x80-\\x9F][\\x80-\\xBF]"
                   "|\\xF0[\\x90-\\xBF][\\x80-\\xBF]{2}|[\\xF1-\\xF3][\\x80-\\xBF]{3}"
                   "|\\xF4[\\x80-\\x8F][\\x80-\\xBF]{2}")
# two Chinese characters in a row (U+4E00–U+9FFF in UTF-8): UTF-8 text, crm_core.sources' test
_CJK_PAIR = re.compile("[\u4e00-\u9fff]{2}")
_UTF8_CJK_PAIR = "(?:\\xE4[\\xB8-\\xBF][\\x80-\\xBF]|[\\xE5-\\xE9][\\x80-\\xBF]{2}){2}"


def _line(columns: list[str]):
    from pyspark.sql import functions as F

    return F.concat_ws("\u0001", *[F.coalesce(F.col(_quoted(c)), F.lit("")) for c in columns])


def _some_line(raw, condition) -> bool:
    return bool(raw.filter(condition).limit(1).collect())


def _undecodable(columns: list[str]):
    """A line the reader could not decode: Spark's reader turns every such byte into U+FFFD, silently."""
    return _line(columns).contains("\ufffd")


def read_text_lines(spark, raw, columns: list[str], path: str, sep: str = ",", check_headers: bool = False):
    """``(raw, encoding)``: a CSV's lines (header included) as UTF-8 text, or read again as GB18030 (a superset of
    GBK, what Chinese Excel and many shop systems write) when it is not UTF-8 — the rules of
    :func:`crm_core.sources.detect_encoding`, one line at a time on the cluster:

    - no line holds a byte that is not UTF-8 → ``utf-8``;
    - some lines are not UTF-8 and another is UTF-8 Chinese text (two Chinese characters in a row) → refused: two
      exports pasted together, never decoded into garbled characters;
    - else read as GB18030; a line that is not GB18030 either → refused.

    The bytes are tested, not the decoded text: a file holding U+FFFD read as UTF-8 (the mark of an undecodable
    byte, or the character itself) is read again as ISO-8859-1 (one character per byte) and each line's bytes
    checked against UTF-8's patterns (the header line in Python). GBK's bytes, like UTF-8's, never hold a line
    feed, comma or quote inside a character, so Spark splits the lines and fields alike in each encoding. Reading
    GB18030 sets the session's ``spark.sql.legacy.javaCharsets`` (Spark 4's CSV reader allows only UTF-8/16/32,
    ASCII and Latin-1 without it). UTF-16 never comes here: a file is read from its UTF-8 copy
    (:func:`utf16_as_utf8`), a local folder or glob of UTF-16 parts from copies (:func:`parts_as_read`), a remote one is
    refused by :func:`csv_head`. ``check_headers``: see :func:`_read_csv`."""
    from pyspark.sql import functions as F

    # the one pass over a UTF-8 file; the header too (a GBK export whose only Chinese is its header: names of U+FFFD)
    if not any("\ufffd" in c for c in columns) and not _some_line(raw, _undecodable(columns)):
        return raw, "utf-8"
    # the lines again, byte for byte; their headers are checked by the read that decodes them (a refusal names them)
    as_bytes = _read_csv(spark, path, "ISO-8859-1", sep)
    line = _line(as_bytes.columns)  # LINE_COLUMN too: a line that did not split is tested whole
    not_utf8 = F.regexp_replace(line, _UTF8_MULTIBYTE, "").rlike("[\\x80-\\xFF]")
    try:  # the header line, in Python: Spark's reader took it for the column names
        header = "\u0001".join(c for c in as_bytes.columns if c != LINE_COLUMN).encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        header = None
    if header is not None and not _some_line(as_bytes, not_utf8):  # U+FFFD was in the text itself: UTF-8 after all
        return raw, "utf-8"
    if ((header is not None and _CJK_PAIR.search(header))
            or _some_line(as_bytes, ~not_utf8 & line.rlike(_UTF8_CJK_PAIR))):
        raise InvalidInputError("file", None, reason=(
            f"{path} mixes text encodings: some lines are not UTF-8 and others are UTF-8 Chinese text (e.g. a GBK "
            "export pasted into a UTF-8 one). Save the whole file again in one encoding (Excel: Save As → CSV UTF-8)"),
            reason_zh=f"{path} 混用了两种文本编码：有的行不是 UTF-8，有的行是 UTF-8 中文（例如把 GBK 导出的内容粘贴进了 UTF-8 "
                      "文件）。请将整个文件以同一种编码重新保存（Excel：另存为 →“CSV UTF-8”）")
    # Spark 4 reads only UTF-8/16/32, ASCII and Latin-1 unless its legacy switch allows the JDK's charsets; a
    # session setting (SQL settings travel with each job to the executors), left on: the frame is read lazily
    spark.conf.set("spark.sql.legacy.javaCharsets", "true")
    gb = _read_csv(spark, path, "GB18030", sep, check_headers=check_headers)
    if len(gb.columns) != len(columns) + 1:  # + LINE_COLUMN
        raise InvalidInputError("file", None, reason=f"{path}: the header splits differently as GB18030 and as UTF-8",
                                reason_zh=f"{path}：表头按 GB18030 与按 UTF-8 读取时分列不同")
    if _some_line(gb, _undecodable([c for c in gb.columns if c != LINE_COLUMN])):
        raise InvalidInputError("file", None, reason=(
            f"{path} is neither UTF-8 nor GBK/GB18030 text (some lines are neither); save it as CSV UTF-8"),
            reason_zh=f"{path} 的编码既不是 UTF-8 也不是 GBK/GB18030（有的行两者都不是）；请另存为“CSV UTF-8”")
    return positioned(gb), "gb18030"


def _shift_lines(frame, skip: int, skips: dict[int, int]):
    """``rowid`` (a file line) moved down by the lines above the header of a file read from a copy that starts at it:
    ``skip`` lines for one file; for parts (rowid = file number × :data:`FILE_NUMBER` + line) ``skips[file number]``
    (every part's number is a key)."""
    from pyspark.sql import functions as F

    if skips:
        by_file = F.create_map(*[F.lit(int(x)) for pair in sorted(skips.items()) for x in pair])
        return frame.withColumn("rowid", F.col("rowid") + F.element_at(by_file, F.floor(F.col("rowid") / FILE_NUMBER)
                                                                        .cast("int")))
    return frame.withColumn("rowid", F.col("rowid") + F.lit(skip)) if skip else frame


_HEADER_DIFFERS = re.compile(  # names may hold line breaks (a quoted header name, multiLine): lazy, across lines
    r"CSV header does not conform to the schema\.\s*Header: (?P<header>.*?)\n\s*Schema: (?P<schema>.*?)\n"
    r"Expected: .*?CSV file: (?P<file>\S+)"
    r"|Number of column in CSV header is not equal to number of fields in the schema:\s*Header length: (?P<n>\d+), "
    r"schema size: (?P<m>\d+)\s*CSV file: (?P<file2>\S+)", re.S)


def header_refusal(err: BaseException) -> InvalidInputError | None:
    """The refusal for a Spark job that failed on a CSV part whose header is not the first part's (:func:`_read_csv`'s
    ``check_headers``: Spark's own check, as it opens each file), naming the part and both headers; ``None`` for
    any other failure. Spark's message (``CSVHeaderChecker``) names the file as a URI, its header and the names it
    expected — those of the part Spark read the names from, the largest (Spark reads a folder's biggest splits
    first), not necessarily the first by name — or the two column counts."""
    found = _HEADER_DIFFERS.search(str(err))
    if found is None:
        return None
    file = unquote((found["file"] or found["file2"]).rstrip("/").rsplit("/", 1)[-1])
    if found["header"] is not None:
        what = f"{file} has {found['header'][:200]}, another part has {found['schema'][:200]}"
        what_zh = f"{file} 的表头为 {found['header'][:200]}，另一个分片为 {found['schema'][:200]}"
    else:
        what = f"{file} has {found['n']} columns in its header, another part {found['m']}"
        what_zh = f"{file} 的表头有 {found['n']} 列，另一个分片有 {found['m']} 列"
    return InvalidInputError("file", None, reason=(
        f"the parts do not share one header: {what}; export every part with the same columns (a part whose first "
        "line is a title row or is not UTF-8 text differs too)"),
        reason_zh=f"各分片的表头不一致：{what_zh}；请以相同的列导出每个分片（首行是标题行或不是 UTF-8 文本的分片也会不一致）")


def ingest_path(engine: SparkEngine, path: str, *, mapping: dict | None = None, today: dt.date | None = None,
                currency: str | None = None, source_name: str | None = None, drop_duplicates: bool | None = None,
                decimal: str | None = None, date_order: str | None = None, sheet: str | None = None) -> IngestReport:
    """Read, validate and load ``path`` into ``engine``'s tables ``transactions`` and ``rejected``.

    The parameters are those of :func:`crm_core.ingest.load_opened`. Raises what it raises, and
    :class:`InvalidInputError` naming the step for what the Spark engine does not do yet (:data:`NOT_YET`), or naming
    the part of a folder or glob whose header differs from the first part's (:func:`header_refusal`: Spark's check as
    it reads each part, so it holds for a remote path too, whose parts the driver cannot open).
    """
    try:
        return _ingest_path(engine, path, mapping=mapping, today=today, currency=currency, source_name=source_name,
                            drop_duplicates=drop_duplicates, decimal=decimal, date_order=date_order, sheet=sheet)
    except Exception as err:  # a Spark job's failure arrives as Py4J's error, whichever action ran the read
        from pyspark.errors import AnalysisException

        refusal = header_refusal(err)
        if refusal is None and isinstance(err, AnalysisException) and "PATH_NOT_FOUND" in str(err):
            first = str(err).splitlines()[0]
            refusal = InvalidInputError("file", None, reason=f"Spark cannot read {path}: {first}",
                                        reason_zh=f"Spark 无法读取 {path}：{first}")
        if refusal is None:
            raise
        raise refusal from None


def _ingest_path(engine: SparkEngine, path: str, *, mapping: dict | None, today: dt.date | None, currency: str | None,
                 source_name: str | None, drop_duplicates: bool | None, decimal: str | None, date_order: str | None,
                 sheet: str | None) -> IngestReport:
    from pyspark.sql import functions as F

    check_path(engine.spark, path)
    info, fmt, utf16, head, skip, skips, check_headers = None, input_format(path, engine.spark), None, None, 0, {}, False
    if fmt == "xlsx":
        raw, info = read_excel(engine.spark, path, sheet)
    elif sheet is not None:
        raise InvalidInputError("parameters", "--sheet", reason=f"--sheet is for Excel workbooks; {path} is not one",
                                reason_zh=f"--sheet 仅用于 Excel 工作簿；{path} 不是")
    else:
        sep = ","
        if fmt == "csv":
            parts = local_parts(path)
            prepared = parts_as_read(engine, parts) if parts else None
            if prepared is not None:  # a local folder or glob of UTF-16 parts, or of parts with lines above a header
                path, utf16 = prepared.path, prepared.encoding
                # one part with lines: numbered as one file (no file number), its lines moved down by its skip
                skip, skips = (prepared.skips[1], {}) if len(prepared.skips) == 1 else (0, prepared.skips)
            else:
                path, utf16 = utf16_as_utf8(engine, path)
            head = csv_head(engine.spark, path)
            check_headers = True  # each read decides by the names it reads (renamed_names)
            if prepared is not None:  # the report tells what lay above every part's header
                head = dataclasses.replace(head, skip=head.skip + skip, title_rows=tuple(prepared.title_rows),
                                           blank_above=prepared.blank_above)
            if head.skip and prepared is None:
                body = from_header_on(engine, path, head)
                if body is None:
                    above = "; ".join(head.title_rows) or "blank lines"
                    raise _refuse(f"reading {path}: {head.skip} line(s) above the header ({above[:120]}) in a remote "
                                  "path (a local file, folder or glob is read from a copy that starts at each header)",
                                  what_zh=f"读取 {path}：远程路径中的文件表头上方有 {head.skip} 行（本地文件、文件夹或通配路径会从"
                                          "表头开始复制后读取）")
                path, skip = body, head.skip
            sep = head.delimiter
        raw, fmt = read_raw(engine.spark, path, sep, check_headers)
    columns = [c for c in raw.columns if c not in ("rowid", LINE_COLUMN, *POSITION_COLUMNS)]
    encoding, bad_lines, empty_lines, line_note = None, None, 0, SOURCE_ROW_NOTE
    if fmt == "parquet":
        raw, line_note = parquet_rows(engine.spark, raw)
    if fmt == "csv":
        raw, encoding = read_text_lines(engine.spark, raw, columns, path, sep, check_headers)
        encoding = utf16 or encoding  # a UTF-16 file was read from its UTF-8 copy
        columns = [c for c in raw.columns if c not in ("rowid", LINE_COLUMN, *POSITION_COLUMNS)]  # as its encoding reads
        raw = engine.keep(raw)  # read once: the line ids (rowid) stay what they are for every later step
        numbered = number_lines(engine.spark, raw, path, sep)
        if numbered is not None:
            numbered, empty_lines, line_note, flagged = numbered
            if line_note != SOURCE_ROW_NOTE:  # read from the header on: the file's lines are further down
                numbered = _shift_lines(numbered, skip, skips)
            raw, bad_lines = split_bad_lines(engine.spark, engine.keep(numbered), path, sep, len(columns),
                                             flagged=flagged)
        else:  # records span lines: read again multiLine, and numbered by the lines each record takes
            again = _read_csv(engine.spark, path, "GB18030" if encoding == "gb18030" else "UTF-8", sep, multiline=True,
                              check_headers=check_headers)
            raw = engine.keep(positioned(again))
            numbered = number_records(engine.spark, raw, path)
            if numbered is not None:
                numbered, empty_lines, line_note = numbered
                numbered = _shift_lines(numbered, skip, skips)  # read from the header on: the lines are further down
                raw = engine.keep(numbered)
            raw, bad_lines = split_bad_lines(engine.spark, raw, path, sep, len(columns), multiline=True)
            raw = raw.drop(*POSITION_COLUMNS)
    sample = raw.drop("rowid").limit(SAMPLE_LINES).toPandas()
    guess, _ = _detect(sample, columns)
    roles, how = resolve_roles(guess, dict(guess.roles), mapping, columns)
    # money merged over an order's item rows (Excel): the reader copied it down; it counts once, on the first row
    copied = {roles[r]: info.numbers_copied_down[roles[r]] for r in MONEY_ROLES
              if info is not None and roles.get(r) and info.numbers_copied_down.get(roles[r])}
    order_level = (guess.layout is not None and guess.layout.order_level_amount) or bool(copied)
    from_quantity = roles["amount"] is None
    today = today or dt.date.today()
    amount_col = roles["amount"] or roles["unit_price"]
    currency = (currency or mapping_mod.detect_currency(sample[amount_col])
                or (guess.layout.currency if guess.layout is not None else None))

    # a TABLE, as DuckDB's raw: computed once (a CSV's lines are kept already: a projection of them needs nothing)
    engine.register("raw", raw, persist=fmt != "csv" or bad_lines is not None)
    if bad_lines is not None:
        engine.register("raw_bad_lines", bad_lines, persist=True)
        if not engine.table("raw_bad_lines").limit(1).collect():  # as DuckDB: the step only when a line is bad
            engine.drop("raw_bad_lines")
            bad_lines = None
    passthrough = passthrough_columns(columns, roles)
    staged = [F.col("rowid").alias("source_row"), F.col("rowid").alias(f"{INTERNAL_PREFIX}rid")]
    for role in ROLE_NAMES:
        name = roles.get(role)
        value = F.col(_quoted(name)) if name else F.lit(None).cast("string")
        if name in copied and role in MONEY_ROLES:  # the DuckDB engine's _stage: blank on the copied-down rows
            value = F.when(F.col("rowid").isin([int(r) for r in copied[name]]), F.lit(None).cast("string")).otherwise(value)
        staged.append(value.alias(f"{INTERNAL_PREFIX}in_{role}"))
    staged += [F.col(_quoted(c)).alias(out) for c, out in passthrough]
    # DuckDB's staged is a view of raw by name; here it is a frame of one version of raw: made again after a DELETE
    engine.register("staged", engine.table("raw").select(*staged))
    if roles["discount"]:
        _refuse_discount_rates(engine, roles["discount"])  # the DuckDB engine's check and message

    evidence = {}
    for role in NUMBER_ROLES:
        if roles.get(role):
            engine.register("_cv_numbers", engine.table("staged").select(
                "source_row", F.col(f"{INTERNAL_PREFIX}in_{role}").alias("v")))
            if int(engine.scalar_row("number_style_screen")["suspicious"] or 0):
                evidence[role] = engine.scalar_row("number_style_evidence")
    engine.drop("_cv_numbers")
    decimals, notes = decide_decimals(roles, evidence, decimal)
    order = _decide_date_order(engine, roles, date_order, notes)
    date_formats = conventions.date_formats(order)

    if drop_duplicates is None:
        drop_duplicates = roles["order_id"] is not None
    engine.execute("duplicate_candidates")
    engine.execute("duplicate_copies")
    copies = int(engine.scalar_row("removed_count")["n"])
    duplicates = copies if drop_duplicates else 0
    if duplicates:
        engine.execute("delete_duplicate_copies")
        engine.register("staged", engine.table("raw").select(*staged))
    engine.execute("parsed_lines", **parsed_lines_params(roles, date_formats, today, decimals))
    discount_sign = _decide_discount_sign(engine, roles["discount"], notes) if roles["discount"] else None
    statuses = _exclude_by_status(engine) if roles["status"] else []  # the DuckDB engine's rules and query
    if order_level and roles["order_id"]:  # an order's other item lines: excluded, not missing amounts
        engine.execute("exclude_item_lines")
    refund_total = float(engine.scalar_row("refund_total")["total"] or 0) if roles["refund"] else 0.0
    engine.execute("rejected_from_parsed")
    engine.execute("excluded_from_parsed")
    if bad_lines is not None:
        engine.execute("rejected_add_bad_lines")
    engine.execute("transactions_from_parsed")
    engine.execute("drop_work_tables")  # transactions stays a projection of the persisted lines of parsed
    counts = engine.scalar_row("ingest_counts", duplicates_removed=duplicates)
    by_reason = engine.run("rejected_counts")
    rejected = {r: int(n) for r, n in zip(by_reason["reason"], by_reason["rows"], strict=True)}
    examples = dict(zip(by_reason["reason"], by_reason["first_rows"], strict=True))
    by_exclusion = engine.run("excluded_counts")
    report = IngestReport(
        source_name=source_name or path.rstrip("/").rsplit("/", 1)[-1],  # the last part, as DuckDB's path.name
        file_format=fmt, encoding=encoding, sheet=info.sheet if info else None,
        sheets=list(info.sheets) if info else [], columns=columns, mapping=roles, passthrough_columns=[out for _, out in passthrough],
        date_formats=date_formats, currency=currency,
        rows_read=int(counts["rows_read"]), rows_kept=int(counts["rows_kept"]),
        rows_rejected=int(counts["rows_rejected"]), duplicates_removed=int(counts["duplicates_removed"]),
        returns=int(counts["returns"]), customers=int(counts["customers"]),
        first_date=as_date(counts["first_date"]), last_date=as_date(counts["last_date"]),
        gross_revenue=float(counts["gross_revenue"]), returns_amount=float(counts["returns_amount"]),
        net_revenue=float(counts["net_revenue"]), rejected=rejected, rejected_examples=examples,
        has_profit=roles.get("cost") is not None or roles.get("margin") is not None,
        today=today, drop_duplicates=drop_duplicates, rows_excluded=int(counts["rows_excluded"]),
        excluded={r: int(n) for r, n in zip(by_exclusion["reason"], by_exclusion["rows"], strict=True)},
        excluded_examples=dict(zip(by_exclusion["reason"], by_exclusion["first_rows"], strict=True)),
        identical_lines=0 if drop_duplicates else copies,
        layout=guess.layout.id if guess.layout else None,
        layout_title={"en": guess.layout.title_en, "zh": guess.layout.title_zh} if guess.layout else {},
        mapping_how={r: how.get(r, "header") for r, c in roles.items() if c},
        decimal_separator={roles[r]: d for r, d in decimals.items() if roles.get(r)},
        date_order=order, conventions=notes,
        amount_source="quantity_x_unit_price" if from_quantity else "column",
        refunds="netted" if roles["refund"] else None, refund_total=refund_total, discount_sign=discount_sign,
        reader_notes=list(info.notes) if info else [*(head.notes if head else ()), *(n for n in (line_note,) if n)],
        status_values=statuses, title_rows=list(info.title_rows) if info else list(head.title_rows) if head else [],
        blank_rows=int(info.blank_rows) if info else empty_lines + (head.blank_above if head else 0),
    )
    if report.rows_kept == 0:
        reasons = "; ".join(f"{r}: {n} row(s)" for r, n in report.rejected.items())
        raise InvalidInputError("transactions", [c for c in (roles["customer_id"], roles["order_ts"], amount_col) if c],
                                reason=f"no usable rows: every line was rejected ({reasons})",
                                reason_zh=f"没有可用的数据行：所有行都被剔除（{reasons}）")
    return report
