"""Which decimal separator a number column uses and which order its dates are written in — decided from
the whole column, never from its first lines.

The evidence comes from SQL over every cell (``sql/number_style_evidence.sql``,
``sql/date_order_evidence.sql``); this module only decides. The rule for both: a convention is taken when
some cell proves it and no cell proves the other; when cells prove both, the majority convention is taken
and the cells that only the other one explains are rejected as unreadable (they are counted and
downloadable, never re-read the other way); when no cell proves either but some cell reads differently
under the two, the user is asked (:class:`~crm_core.errors.AmbiguousInputError`). A user's explicit choice
always wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import AmbiguousInputError, InvalidInputError
from .schema import ROLE_ZH

DECIMALS = (".", ",")
DATE_ORDERS = ("ymd", "mdy", "dmy")

# strptime formats tried after DuckDB's ISO cast, in this order (year-first, unambiguous), then those of
# the column's date order. Two-digit years are not read (a "05/01/24" is rejected, not guessed).
YEAR_FIRST_FORMATS: tuple[str, ...] = (
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
    "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y.%m.%d",
    "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日 %H时%M分", "%Y年%m月%d日",
    "%Y%m%d %H:%M:%S", "%Y%m%d",
)
MONTH_FIRST_FORMATS: tuple[str, ...] = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y",
                                        "%m-%d-%Y %H:%M:%S", "%m-%d-%Y %H:%M", "%m-%d-%Y",
                                        "%m.%d.%Y %H:%M", "%m.%d.%Y")
DAY_FIRST_FORMATS: tuple[str, ...] = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
                                      "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y",
                                      "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y")


@dataclass(frozen=True)
class Decision:
    """A convention taken for a column, and why (for the ingest report)."""

    value: str
    basis: str  # "data", "user", "default", "other_columns", "majority", "currency"
    note: str = ""


def date_formats(order: str) -> list[str]:
    """strptime formats for a column of date order ``order`` (``"ymd"``, ``"mdy"`` or ``"dmy"``)."""
    extra = {"dmy": DAY_FIRST_FORMATS, "mdy": MONTH_FIRST_FORMATS}.get(order, MONTH_FIRST_FORMATS)
    return list(YEAR_FIRST_FORMATS) + list(extra)


def all_date_formats() -> list[str]:
    """Every format, day- and month-first: for telling whether a value is a date at all."""
    return list(YEAR_FIRST_FORMATS) + list(DAY_FIRST_FORMATS) + list(MONTH_FIRST_FORMATS)


def decide_decimal(column: str, role: str, evidence: dict, *, user: str | None = None,
                   other: str | None = None) -> Decision:
    """The decimal separator of one number column.

    Parameters
    ----------
    column, role : the file's column and its role (for messages).
    evidence : one row of ``number_style_evidence.sql`` (point, comma, ambiguous, point_currency [cells],
        first_row_point, first_row_comma [file rows]).
    user : the user's choice (``"."`` / ``"point"`` or ``","`` / ``"comma"``), which wins.
    other : the separator already decided from the file's other number columns, used when this column
        proves nothing.

    Raises
    ------
    AmbiguousInputError
        ``kind="decimal"``: some value reads two ways (``1,234``) and nothing in the file tells which.
    """
    user = {"point": ".", "comma": ","}.get(user, user)
    if user is not None:
        if user not in DECIMALS:
            raise InvalidInputError("parameters", "decimal", reason=f"decimal must be '.' or ','; got {user!r}",
                                    reason_zh=f"小数点只能是 '.' 或 ','；得到 {user!r}")
        return Decision(user, "user")
    point, comma, ambiguous = (int(evidence.get(k) or 0) for k in ("point", "comma", "ambiguous"))
    if point and not comma:
        return Decision(".", "data")
    if comma and not point:
        return Decision(",", "data")
    if point and comma:
        value = "." if point >= comma else ","
        minority = comma if value == "." else point
        first = evidence.get("first_row_comma" if value == "." else "first_row_point")
        return Decision(value, "majority", f"{minority} cell(s) written the other way (first: file row {first}) "
                                           "are rejected as unreadable")
    if not ambiguous:
        return Decision(other or ".", "default" if other is None else "other_columns")
    if int(evidence.get("point_currency") or 0) and not comma:
        return Decision(".", "currency", "the amounts carry ￥, $ or £, whose countries write a decimal point")
    if other is not None:
        return Decision(other, "other_columns")
    raise AmbiguousInputError(
        "file", column, reason=(
            f"every number in column {column!r} ({role}) that has a separator reads two ways "
            f"({ambiguous} value(s) like 1,234: one thousand two hundred thirty-four, or 1.234) and no other "
            "number in the file tells which; choose the decimal separator ('.' or ',') "
            "(command line: --decimal point or --decimal comma)"),
        reason_zh=(f"「{column}」列（{ROLE_ZH.get(role, role)}）中带分隔符的数字都有两种读法（共 {ambiguous} 个，"
                   "如 1,234：可以是一千二百三十四，也可以是 1.234），文件中其他数字也无法判断；请选择小数点是 '.' 还是 ','"
                   "（命令行：--decimal point 或 --decimal comma）"),
        kind="decimal", role=role, candidates=[".", ","])


def decide_date_order(column: str, evidence: dict, *, user: str | None = None) -> Decision:
    """Day-first or month-first for a date column written n1/n2/year (or year-first: ``"ymd"``).

    Parameters
    ----------
    column : the file's date column (for messages).
    evidence : one row of ``date_order_evidence.sql``.
    user : ``"dmy"``, ``"mdy"`` or ``"ymd"``, which wins.

    Raises
    ------
    AmbiguousInputError
        ``kind="date_order"``: every n1/n2/year value has both numbers <= 12 and some differ.
    """
    if user is not None:
        if user not in DATE_ORDERS:
            raise InvalidInputError("parameters", "date_order",
                                    reason=f"date order must be one of {', '.join(DATE_ORDERS)}; got {user!r}",
                                    reason_zh=f"日期顺序只能是 {', '.join(DATE_ORDERS)} 之一；得到 {user!r}")
        return Decision(user, "user")
    n = int(evidence.get("two_numbers_first") or 0)
    day_first, month_first = int(evidence.get("first_over_12") or 0), int(evidence.get("second_over_12") or 0)
    if n == 0:
        return Decision("ymd", "data")
    if day_first and not month_first:
        return Decision("dmy", "data", f"file row {evidence.get('first_row_first_over_12')} has a day above 12")
    if month_first and not day_first:
        return Decision("mdy", "data", f"file row {evidence.get('first_row_second_over_12')} has a day above 12")
    if day_first and month_first:
        value = "dmy" if day_first >= month_first else "mdy"
        minority = month_first if value == "dmy" else day_first
        return Decision(value, "majority", f"{minority} date(s) written the other way are rejected as unreadable")
    if not int(evidence.get("differ") or 0):
        return Decision("mdy", "default", "every date has the same day and month number")
    raise AmbiguousInputError(
        "file", column, reason=(
            f"every date in column {column!r} written as n/n/year has both numbers 12 or less ({n} value(s)), so "
            "it could be day-first (05/01/2024 = 5 January) or month-first (= May 1); choose the date order "
            "(command line: --date-order dmy or --date-order mdy)"),
        reason_zh=(f"「{column}」列中写成 数/数/年 的日期（共 {n} 个）两个数都不大于 12，无法判断是日在前"
                   "（05/01/2024 = 1月5日）还是月在前（= 5月1日）；请选择日期顺序（命令行：--date-order dmy 或 --date-order mdy）"),
        kind="date_order", role="order_ts", candidates=["dmy", "mdy"])
