"""Read one sheet of an Excel ``.xlsx`` workbook into the all-text table ``raw`` of a store.

This module owns what exporting software does to a table in a sheet, and undoes it so that the
lines reach ``raw`` as the user sees them in Excel:

- a title block above the header (``订单报表``, ``导出时间：…``, an empty row): the header row is
  found by :func:`crm_core.header_row.find_header_row`; the title rows' text is kept for the report;
- merged cells (one order's customer, date and order id merged over its item rows): Excel stores
  the value in the top-left cell only; it is copied into every cell of the range;
- blank rows inside the table: skipped and counted, so every line carries its sheet row number
  explicitly (column :data:`SOURCE_ROW`);
- numbers shown through a zero-padding format (``000000``): read as shown (``"000123"``);
  integers as ``"1002"``, not ``"1002.0"``; dates as ISO text; error cells (``#N/A``) as shown;
- header names: blank ones become ``column{N}`` (``N`` = the sheet column number), repeated ones get
  a suffix that no other header has, reserved ones (``rowid``) are renamed; cells with values to
  the right of the header become columns ``column{N}`` instead of being cut off.

It does not interpret values (that is ``ingest``) and knows nothing of CSV files (``sources``).

Cells are read with openpyxl in read-only mode (streaming, constant memory). That mode does not
expose merged ranges, so they are read from the sheet's XML part (``<mergeCells>``, ECMA-376
Part 1 §18.3.1.55), which the zip member holds after the cell data: one extra decompression
pass with a byte search, no XML tree.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd

from .errors import InvalidInputError
from .header_row import SCAN_ROWS, find_header_row
from .sources import RESERVED_COLUMNS, RawInfo, _first_line
from .store import Store

SOURCE_ROW = "_cv_source_row"  # sheet row number of each line [the Excel row a user sees]
CHUNK = 1 << 20  # 1 MiB of sheet XML per read when looking for the merged ranges
# what reading a damaged sheet part raises (bad XML, a shared string index out of range, a broken zip)
DAMAGED = (ElementTree.ParseError, zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, IndexError,
           ValueError)

_MERGE_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?$")  # what precedes "mergeCells" in its start tag
_MERGE_CLOSE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?mergeCells\s*>|<(?:[A-Za-z_][\w.-]*:)?mergeCells\b[^>]*/>")
_MERGE_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\sref\s*=\s*[\"']([^\"']+)[\"']")
# a zero-padding number format: optional quoted or escaped literals around two or more zeros
_ZERO_PAD = re.compile(r'^(?P<pre>(?:"[^"]*"|\\.)*)(?P<zeros>0{2,})(?P<post>(?:"[^"]*"|\\.)*)$')
_LITERAL = re.compile(r'"([^"]*)"|\\(.)')
# a cell text that reads as an amount (for the note on numbers merged over several rows)
_NUMBER = re.compile(r"^\s*[-+(]?[\d,.\s￥¥$€£]*\d[\d,.\s]*[)%元]?\s*$")
_LEADING_ZERO = re.compile(r"^\s*0\d")  # "000123": an id, not an amount


@dataclass
class SheetTable:
    """One sheet's table as text: column names, lines, their sheet rows, and what was done to them."""

    columns: list[str]
    lines: list[list[str | None]]
    source_rows: list[int]
    header_row: int  # sheet row of the header
    title_rows: list[str] = field(default_factory=list)
    blank_rows: int = 0
    notes: list[str] = field(default_factory=list)
    # column -> sheet rows that got a NUMBER copied down from a merged range above (an order total merged
    # over its item rows would count once per row: the ingest blanks these cells of money columns)
    numbers_copied_down: dict[str, tuple[int, ...]] = field(default_factory=dict)


# ---------------------------------------------------------------------------------- cell values

@lru_cache(maxsize=256)
def zero_padding(number_format: str) -> tuple[str, int, str] | None:
    """``(prefix, width, suffix)`` when ``number_format`` pads integers with zeros, else ``None``.

    ``"000000"`` -> ``("", 6, "")``; ``'"NO."00000'`` -> ``("NO.", 5, "")``. Only one-section formats
    qualify (with a ``;`` section for negatives or zero the shown text depends on the sign).
    """
    m = _ZERO_PAD.match(number_format or "")
    if not m:
        return None

    def literal(s: str) -> str:
        return _LITERAL.sub(lambda t: t.group(1) if t.group(1) is not None else t.group(2), s)

    return literal(m["pre"]), len(m["zeros"]), literal(m["post"])


def cell_text(value, number_format: str = "General") -> str | None:
    """A cell's value as the text Excel shows for it (for the kinds of cell an order export has).

    Parameters
    ----------
    value : the cell value openpyxl gives (``str``, ``int``, ``float``, ``bool``, date/time or ``None``;
        an error cell is its text, e.g. ``"#N/A"``).
    number_format : the cell's number format code.

    Returns
    -------
    str or None
        ``None`` for an empty cell. An integral number shown through a zero-padding format keeps
        its zeros (``123`` with ``"000000"`` -> ``"000123"``); other integral numbers have no
        ``.0``; a date or time is ISO text; a boolean is ``TRUE``/``FALSE``. Other formats
        (``#,##0.00``, ``0%``) are not applied: the stored number is the value.
    """
    if value is None:
        return None
    kind = type(value)
    if kind is str:
        return value
    if kind is int or kind is float:
        return _number_text(value, number_format)
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _number_text(value: int | float, number_format: str) -> str:
    if type(value) is float:
        if not (value.is_integer() and abs(value) < 1e15):
            return str(value)
        value = int(value)
    pad = zero_padding(number_format) if number_format and number_format[0] in '0"\\' else None
    if pad is None:
        return str(value)
    pre, width, post = pad
    sign = "-" if value < 0 else ""
    return f"{sign}{pre}{abs(value):0{width}d}{post}"


def _row_texts(cells: Iterable) -> list[str | None]:
    """Text of each cell of a read-only row, trailing empty cells dropped."""
    out: list[str | None] = []
    append = out.append
    for c in cells:
        v = c.value
        kind = type(v)
        if v is None or kind is str:
            append(v)
        elif kind is int or kind is float:
            append(_number_text(v, c.number_format))
        else:
            append(cell_text(v))
    while out and out[-1] is None:
        out.pop()
    return out


def _is_blank(texts: Sequence[str | None]) -> bool:
    return not any(t and not t.isspace() for t in texts)


# ---------------------------------------------------------------------------------- header names

def unique_headers(cells: Sequence[str | None]) -> tuple[list[str], list[str]]:
    """Column names for a header row, and a note for each name that differs from its cell.

    Parameters
    ----------
    cells : the header cells as text (``None`` = blank), in sheet column order.

    Returns
    -------
    names : one name per cell. A blank cell is ``column{N}`` (``N`` = 1-based sheet column). Names are
        unique case-insensitively (DuckDB column names are): a repeated name gets the first suffix
        ``_1``, ``_2``, … that no other header of the row has, so ``金额, 金额, 金额_1`` gives
        ``金额, 金额_2, 金额_1``. A reserved name (``sources.RESERVED_COLUMNS``: ``rowid`` would hide
        DuckDB's row number, which the ingest joins on) is renamed the same way.
    notes : ``"<id>: <text>"``, ids ``renamed_column`` (a reserved name) and ``duplicate_column``.
    """
    base = [c.strip() if c is not None and c.strip() else f"column{i + 1}" for i, c in enumerate(cells)]
    taken = {b.lower() for b in base} | set(RESERVED_COLUMNS)
    used: set[str] = set()
    names: list[str] = []
    notes: list[str] = []
    for i, b in enumerate(base):
        key = b.lower()
        if key in used or key in RESERVED_COLUMNS:
            k = 1
            while f"{b}_{k}".lower() in taken:
                k += 1
            new = f"{b}_{k}"
            taken.add(new.lower())
            if key in RESERVED_COLUMNS:
                notes.append(f"renamed_column: the column {b!r} is read as {new!r} ({b!r} is a reserved name)")
            else:
                notes.append(f"duplicate_column: the header {b!r} of sheet column {i + 1} repeats an earlier "
                             f"one; it is read as {new!r}")
            b, key = new, new.lower()
        used.add(key)
        names.append(b)
    return names, notes


# ---------------------------------------------------------------------------------- merged ranges

def sheet_members(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> zip member of the sheet's XML, from the workbook part and its relationships."""
    def rels(part: str) -> list[tuple[str, str, str]]:
        folder, name = posixpath.split(part)
        path = posixpath.join(folder, "_rels", f"{name}.rels")
        if path not in zf.namelist():
            return []
        root = ElementTree.fromstring(zf.read(path))
        return [(el.get("Id", ""), el.get("Type", ""), _resolve(folder, el.get("Target", ""))) for el in root]

    workbook = next((t for _, typ, t in rels("") if typ.endswith("/officeDocument")), "xl/workbook.xml")
    targets = {rid: target for rid, _, target in rels(workbook)}
    out: dict[str, str] = {}
    for el in ElementTree.fromstring(zf.read(workbook)).iter():
        if el.tag.rsplit("}", 1)[-1] == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
            if rid in targets:
                out[el.get("name", "")] = targets[rid]
    return out


def _resolve(folder: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))


def merged_ranges(zf: zipfile.ZipFile, member: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a sheet as ``(min_col, min_row, max_col, max_row)`` (1-based, inclusive).

    Streams the sheet's XML looking for ``<mergeCells>`` (after ``<sheetData>`` by the schema's
    element order); text content cannot fake it, since ``<`` is escaped there. Single cells are
    left out.
    """
    from openpyxl.utils.cell import range_boundaries

    buf, found = b"", False
    with zf.open(member) as fh:
        while chunk := fh.read(CHUNK):
            buf += chunk
            if not found:
                start = _merge_start(buf)
                if start < 0:
                    buf = buf[-64:]  # keep what may be a start tag split over two reads
                    continue
                buf, found = buf[start:], True
            end = _MERGE_CLOSE.search(buf)
            if end:
                buf = buf[: end.end()]
                break
    block = buf if found else b""
    out = []
    for ref in _MERGE_REF.findall(block):
        try:
            bounds = range_boundaries(ref.decode("ascii"))
        except (ValueError, UnicodeDecodeError):
            continue
        if None not in bounds and (bounds[0], bounds[1]) != (bounds[2], bounds[3]):
            out.append(bounds)
    return out


def _merge_start(buf: bytes) -> int:
    i = buf.find(b"mergeCells")
    while i >= 0:
        m = _MERGE_OPEN.search(buf, max(0, i - 40), i)
        if m and buf[i + 10: i + 11] in (b" ", b">", b"/", b"\t", b"\r", b"\n"):
            return m.start()
        i = buf.find(b"mergeCells", i + 10)
    return -1


# ---------------------------------------------------------------------------------- one sheet

def read_table(rows: Iterable[Sequence[str | None]],
               merges: Sequence[tuple[int, int, int, int]] = ()) -> SheetTable | None:
    """The table of a sheet from its rows of cell texts (row 1 first); ``None`` if every row is blank.

    Parameters
    ----------
    rows : one sequence of cell texts (``None`` = empty) per sheet row, starting at sheet row 1,
        trailing empty cells optional.
    merges : merged ranges ``(min_col, min_row, max_col, max_row)``; a range starting on or below
        the header row has its top-left value copied into all its cells. Ranges starting above the
        header belong to the title block and are left alone.

    Notes
    -----
    The header is :func:`find_header_row` over the first :data:`SCAN_ROWS` rows from the first
    non-blank one. A row is blank when none of its own cells holds more than whitespace (cells
    filled from a merged range above do not count): blank rows between the header and the last
    line are counted in ``blank_rows``, blank rows after the last line are not part of the table.
    """
    it = iter(rows)
    scanned: list[tuple[int, Sequence[str | None]]] = []
    for r, texts in enumerate(it, start=1):
        if scanned or not _is_blank(texts):
            scanned.append((r, texts))
            if len(scanned) == SCAN_ROWS:
                break
    if not scanned:
        return None
    h = find_header_row([t for _, t in scanned])
    header_r = scanned[h][0]
    titles = [" ".join(t.strip() for t in texts if t and not t.isspace())
              for _, texts in scanned[:h] if not _is_blank(texts)]

    starts: dict[int, list[tuple[int, int, int, int]]] = {}
    for rng in merges:
        if rng[1] >= header_r:
            starts.setdefault(rng[1], []).append(rng)
    active: list[tuple[int, int, int, str, int, bool]] = []  # (max_row, min_col, max_col, value, min_row, number)
    filled: dict[int, int] = {}  # sheet column -> merged ranges filled in it
    numbers_down: dict[int, int] = {}  # sheet column -> first row of a vertical range holding a number
    copied_down: dict[int, list[int]] = {}  # sheet column -> rows below a range's first that got its number

    def fill(r: int, texts: Sequence[str | None]) -> list[str | None]:
        nonlocal active
        texts = list(texts)
        for c0, r0, c1, r1 in starts.pop(r, ()):
            value = texts[c0 - 1] if len(texts) >= c0 else None
            if value is not None:
                number = bool(_NUMBER.match(value)) and not _LEADING_ZERO.match(value)
                active.append((r1, c0, c1, value, r0, number))
                filled[c0] = filled.get(c0, 0) + 1
                if r1 > r0 and number:
                    numbers_down.setdefault(c0, r0)
        if active:
            width = max(a[2] for a in active)
            if len(texts) < width:
                texts.extend([None] * (width - len(texts)))
            for _, c0, c1, value, r0, number in active:
                texts[c0 - 1: c1] = [value] * (c1 - c0 + 1)
                if number and r > r0:
                    copied_down.setdefault(c0, []).append(r)
            active = [a for a in active if a[0] > r]
        return texts

    header = fill(header_r, scanned[h][1])
    lines: list[list[str | None]] = []
    source_rows: list[int] = []
    blank_since_last = blank = 0

    def body():
        yield from scanned[h + 1:]
        yield from enumerate(it, start=scanned[-1][0] + 1)

    for r, texts in body():
        own_blank = _is_blank(texts)
        if own_blank and not active and r not in starts:
            blank_since_last += 1
            continue
        line = fill(r, texts) if (active or r in starts) else texts if type(texts) is list else list(texts)
        if own_blank:
            blank_since_last += 1
            continue
        blank += blank_since_last
        blank_since_last = 0
        lines.append(line)
        source_rows.append(r)

    columns, keep, notes = _name_columns(header, lines)
    for line in lines:
        if len(line) < len(columns):
            line.extend([None] * (len(columns) - len(line)))
    if len(keep) < len(columns):
        lines = [[line[i] for i in keep] for line in lines]
    names = dict(zip(keep, (columns[i] for i in keep), strict=True))
    if filled:
        where = ", ".join(f"{names[c - 1]!r} ({n})" for c, n in sorted(filled.items()) if c - 1 in names)
        notes.append(f"merged_cells: filled {sum(filled.values())} merged cell range(s), each value copied "
                     f"into every cell of its range; by column: {where}")
    for c, r0 in sorted(numbers_down.items()):
        if c - 1 in names:
            notes.append(f"merged_numbers: the column {names[c - 1]!r} has numbers merged over several rows (the first from sheet "
                         f"row {r0}): each was copied into every row of its range; if they are order totals "
                         "merged over item rows, each order counts once per row")
    kept_rows = set(source_rows)
    copied = {names[c - 1]: tuple(r for r in rows if r in kept_rows) for c, rows in copied_down.items()
              if c - 1 in names}
    return SheetTable([columns[i] for i in keep], lines, source_rows, header_r, titles, blank, notes,
                      {k: v for k, v in copied.items() if v})


def _name_columns(header: Sequence[str | None], lines: Sequence[Sequence[str | None]]):
    """Names of all columns, the indexes of those kept, and notes.

    The table is as wide as its header's last non-blank cell, or as the widest line when cells to the
    right of the header hold values (those columns are named ``column{N}``, not cut off). A column
    whose header is blank and that holds no value in any line is left out (a spacer column).
    """
    header_width = len(header)
    while header_width and (header[header_width - 1] is None or not header[header_width - 1].strip()):
        header_width -= 1
    width = max([header_width, *map(len, lines)])
    cells = list(header[:header_width]) + [None] * (width - header_width)
    columns, notes = unique_headers(cells)
    unnamed = [i for i, c in enumerate(cells) if c is None or not c.strip()]
    if unnamed:
        has_value = set()
        for line in lines:
            has_value.update(i for i in unnamed if i < len(line) and line[i] is not None)
            if len(has_value) == len(unnamed):
                break
        drop = set(unnamed) - has_value
        notes = [n for n in notes if not any(f"sheet column {i + 1} repeats" in n for i in drop)]
    else:
        drop = set()
    keep = [i for i in range(width) if i not in drop]
    extra = [columns[i] for i in keep if i >= header_width]
    if extra:
        notes.append(f"columns_beyond_header: {len(extra)} column(s) to the right of the header hold values; "
                     f"they are read as {', '.join(map(repr, extra))}")
    return columns, keep, notes


# ---------------------------------------------------------------------------------- the workbook

def load_xlsx(store: Store, path: str | Path, sheet: str | None = None) -> RawInfo:
    """Read a sheet of the workbook ``path`` into the table ``raw`` of ``store``.

    Parameters
    ----------
    store : the dataset's store; ``raw`` is created (one VARCHAR column per header, in sheet order,
        plus :data:`SOURCE_ROW`, the sheet row of each line).
    path : an ``.xlsx`` file (its name's extension is not used).
    sheet : the sheet to read [default: the first sheet holding anything].

    Returns
    -------
    RawInfo
        ``columns`` without :data:`SOURCE_ROW`; ``first_row`` = sheet row of the first line;
        ``title_rows``, ``blank_rows`` and ``notes`` say what was skipped or changed.

    Raises
    ------
    InvalidInputError
        A damaged file, an unknown sheet, or a workbook (or chosen sheet) with nothing in it.
    """
    import openpyxl  # only needed for Excel files

    path = Path(path)
    fh = None
    try:
        fh = open(path, "rb")  # a file object: openpyxl then ignores a misleading extension
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        if fh is not None:
            fh.close()
        raise InvalidInputError("file", None, reason=f"unreadable Excel file ({_first_line(err)})",
                                reason_zh=f"Excel 文件无法读取（{_first_line(err)}）") from None
    try:
        names = tuple(wb.sheetnames)
        if sheet is not None and sheet not in names:
            raise InvalidInputError("file", "sheet", reason=f"no sheet {sheet!r}; the workbook has: {', '.join(names)}",
                                    reason_zh=f"没有工作表 {sheet!r}；该工作簿中有：{', '.join(names)}")
        for name in [sheet] if sheet is not None else names:
            ws = wb[name]
            if not hasattr(ws, "iter_rows"):  # a chart sheet
                continue
            ws.reset_dimensions()  # the stored size can be wrong (documented); read what is there
            try:
                with zipfile.ZipFile(path) as zf:
                    member = sheet_members(zf).get(name)
                    merges = merged_ranges(zf, member) if member else []
                table = read_table((_row_texts(row) for row in ws.iter_rows()), merges)
            except DAMAGED as err:  # a damaged sheet part (bad XML, a missing shared string, a broken zip)
                raise InvalidInputError("file", "sheet", reason=f"sheet {name!r} cannot be read ({_first_line(err)})",
                                        reason_zh=f"工作表 {name!r} 无法读取（{_first_line(err)}）") from None
            if table is None:
                continue
            if member is None:
                table.notes.append("merged_cells_unknown: the sheet's merged cells could not be located in the "
                                   "workbook; a merged value is only in the first row of its range")
            _register(store, table)
            first = table.source_rows[0] if table.source_rows else table.header_row + 1
            return RawInfo("xlsx", None, name, names, first, tuple(table.columns),
                           blank_rows=table.blank_rows, title_rows=tuple(table.title_rows),
                           notes=tuple(table.notes), numbers_copied_down=table.numbers_copied_down)
    finally:
        wb.close()
        fh.close()
    if sheet is not None:
        raise InvalidInputError("file", "sheet", reason=f"sheet {sheet!r} is empty",
                                reason_zh=f"工作表 {sheet!r} 是空的")
    raise InvalidInputError("file", None, reason="every sheet of the workbook is empty",
                            reason_zh="工作簿中的所有工作表都是空的")


def _register(store: Store, table: SheetTable) -> None:
    """``raw`` from the table's lines: text columns plus the BIGINT sheet row of each line."""
    frame = pd.DataFrame(table.lines, columns=table.columns, dtype="object").astype("string")
    frame[SOURCE_ROW] = np.asarray(table.source_rows, dtype=np.int64)
    store.con.register("raw_frame", frame)
    try:
        store.execute("raw_lines_from_frame")
    finally:
        store.con.unregister("raw_frame")
