"""Which column plays which role, which date formats a column uses, which currency it is in.

Detection works on the header names first (English and Chinese synonyms from
``schema.ROLES``), then on the values of a sample where headers say nothing. Everything here
is a pure function of the column names and a sample of raw text values; the user can always
override the result (``ingest(..., mapping=...)``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from .errors import InvalidInputError
from .schema import CURRENCY_SYMBOLS, REQUIRED_ROLES, ROLE_ZH, ROLES, normalise_header

# strptime formats tried after DuckDB's ISO cast, in this order (year-first, unambiguous).
YEAR_FIRST_FORMATS: tuple[str, ...] = (
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
    "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y.%m.%d",
    "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日 %H时%M分", "%Y年%m月%d日",
    "%Y%m%d %H:%M:%S", "%Y%m%d",
)
MONTH_FIRST_FORMATS: tuple[str, ...] = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y",
                                        "%m-%d-%Y %H:%M", "%m-%d-%Y")
DAY_FIRST_FORMATS: tuple[str, ...] = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
                                      "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y")

_SLASH_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_DATEISH = re.compile(r"^\s*(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{8}$|\d{5}(\.\d+)?$)")
_NUMBERISH = re.compile(r"^\s*[(（]?\s*[-−]?\s*(￥|¥|\$|€|£|RMB|CNY|USD)?\s*[-−]?\d[\d,]*(\.\d+)?\s*(元)?\s*[)）]?\s*[-−]?\s*$")


def detect_mapping(columns, sample: pd.DataFrame | None = None) -> dict[str, str | None]:
    """Column for each role: by header synonym first, then by the sample's values.

    Parameters
    ----------
    columns : sequence of str
        The file's header names.
    sample : DataFrame, optional
        A few hundred raw text lines, used when no header names a required role.

    Returns
    -------
    dict
        role name -> column name, or ``None`` where no column was found.
    """
    columns = [str(c) for c in columns]
    norm = {c: normalise_header(c) for c in columns}
    mapping: dict[str, str | None] = {}
    used: set[str] = set()
    for role in ROLES:
        found = None
        for syn in role.synonyms:  # synonyms are in order of preference
            key = normalise_header(syn)
            hit = next((c for c in columns if c not in used and norm[c] == key), None)
            if hit is not None:
                found = hit
                break
        mapping[role.name] = found
        if found is not None:
            used.add(found)
    if sample is not None and not sample.empty:
        _fill_from_values(mapping, used, columns, sample)
    return mapping


def _share(values: pd.Series, pattern: re.Pattern) -> float:
    vals = values.dropna().astype(str)
    vals = vals[vals.str.strip() != ""]
    if vals.empty:
        return 0.0
    return float(vals.map(lambda v: bool(pattern.match(v))).mean())


def _fill_from_values(mapping, used, columns, sample) -> None:
    free = [c for c in columns if c not in used]
    if mapping["order_ts"] is None:
        scored = [(c, _share(sample[c], _DATEISH)) for c in free]
        best = max(scored, key=lambda t: t[1], default=(None, 0))
        if best[0] is not None and best[1] >= 0.9:
            mapping["order_ts"] = best[0]
            free.remove(best[0])
    if mapping["amount"] is None:
        scored = [(c, _share(sample[c], _NUMBERISH), _has_decimals(sample[c])) for c in free]
        scored = [t for t in scored if t[1] >= 0.9]
        if scored:
            # money usually has decimals; among equals prefer the right-most column
            best = max(scored, key=lambda t: (t[2], columns.index(t[0])))
            mapping["amount"] = best[0]
            free.remove(best[0])
    if mapping["customer_id"] is None and free:
        # an id repeats (customers buy again) and is not a date or money
        def id_score(c):
            vals = sample[c].dropna().astype(str)
            if vals.empty:
                return 0.0
            repeat = 1 - vals.nunique() / len(vals)
            return repeat if _share(vals, _DATEISH) < 0.5 else 0.0
        best = max(free, key=id_score)
        if id_score(best) > 0:
            mapping["customer_id"] = best


def _has_decimals(values: pd.Series) -> bool:
    vals = values.dropna().astype(str)
    return bool(vals.str.contains(r"\.\d", regex=True).mean() > 0.2) if len(vals) else False


def check_mapping(mapping: Mapping[str, str | None], columns) -> dict[str, str | None]:
    """Validate a (detected or user-given) mapping against the file's columns.

    Raises
    ------
    InvalidInputError
        A required role has no column (lists the missing roles and the columns present), a
        role names a column the file does not have, or one column is given two roles.
    """
    columns = [str(c) for c in columns]
    full = {role.name: mapping.get(role.name) or None for role in ROLES}
    unknown = {r: c for r, c in full.items() if c is not None and c not in columns}
    if unknown:
        bad = ", ".join(f"{r}={c!r}" for r, c in unknown.items())
        raise InvalidInputError("file", list(unknown.values()),
                                reason=f"no such column(s) ({bad}); the file has: {', '.join(columns)}",
                                reason_zh=f"找不到列（{bad}）；文件中的列有：{', '.join(columns)}")
    missing = [r for r in REQUIRED_ROLES if full[r] is None]
    if missing:
        raise InvalidInputError(
            "file", missing,
            reason=f"required column(s) not found: {', '.join(missing)}; the file has: {', '.join(columns)}. "
                   "Choose them in the column mapping",
            reason_zh=f"缺少必需列：{'、'.join(ROLE_ZH.get(r, r) for r in missing)}；文件中的列有：{', '.join(columns)}。"
                      "请在列映射中选择")
    taken: dict[str, str] = {}
    for role, col in full.items():
        if col is None:
            continue
        if col in taken:
            raise InvalidInputError("file", col, reason=f"column {col!r} is given two roles: {taken[col]} and {role}",
                                    reason_zh=f"列 {col!r} 被同时指定为两个角色："
                                              f"「{ROLE_ZH.get(taken[col], taken[col])}」和「{ROLE_ZH.get(role, role)}」")
        taken[col] = role
    return full


def detect_date_formats(values: pd.Series) -> list[str]:
    """strptime formats to try for a date column, year-first first; d/m/Y only if the data says so.

    A slash date like ``05/01/2024`` is read month-first (US exports) unless some value has a
    first number above 12, which shows the column is day-first (``13/01/2024``).
    """
    day_first = False
    for v in values.dropna().astype(str):
        m = _SLASH_DMY.match(v)
        if m and int(m.group(1)) > 12:
            day_first = True
            break
    return list(YEAR_FIRST_FORMATS) + list(DAY_FIRST_FORMATS if day_first else MONTH_FIRST_FORMATS)


def detect_currency(values: pd.Series) -> str | None:
    """ISO code of the currency symbol most common in an amount column's text, or ``None``."""
    counts: dict[str, int] = {}
    vals = values.dropna().astype(str)
    for sym, code in CURRENCY_SYMBOLS.items():
        n = int(vals.str.contains(sym, regex=False).sum())
        if n:
            counts[code] = counts.get(code, 0) + n
    return max(counts, key=counts.get) if counts else None
