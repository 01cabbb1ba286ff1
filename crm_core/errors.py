"""The one exception type for data or parameters a user can fix.

Pages catch :class:`InvalidInputError` and show its message; any other exception is a bug.
The message exists in English (``str(err)``, ``err.message("en")``) and, where the raise site
gives ``reason_zh``, in Chinese (``err.message("zh")``); values inside (column names, counts,
dates) are formatted the same way in both.
"""

from __future__ import annotations

from collections.abc import Sequence

# Chinese names of the tables an error can concern; column names stay as they are (the user's headers).
TABLE_ZH: dict[str, str] = {
    "file": "文件",
    "parameters": "参数",
    "transactions": "交易数据",
    "customers": "客户表",
    "predictions": "预测结果",
    "scores": "流失评分",
    "value": "客户价值",
    "groups": "分组",
}

MAX_ROWS_SHOWN = 10
# tables whose column names are the product's own ids (settings, computed tables): not shown to app users
INTERNAL_TABLES = frozenset({"file", "parameters", "customers", "predictions", "scores", "value", "groups"})


class InvalidInputError(ValueError):
    """Bad input data or parameter: which table, which column(s), which rows, and why.

    Parameters
    ----------
    table : str
        The table or input concerned (``"transactions"``, ``"file"``, ``"parameters"``).
    column : str or sequence of str or None
        The column(s) concerned, or ``None`` when the whole input is concerned.
    rows : sequence
        Row labels (file rows, 1-based, header = row 1) concerned; empty when not row-level.
    reason : str
        What is wrong, in words a user can act on.
    reason_zh : str or None
        The same reason in Chinese, with the same values; ``None`` = no Chinese text (the
        Chinese message then falls back to the English reason).
    """

    def __init__(self, table: str, column, rows: Sequence = (), reason: str = "", *,
                 reason_zh: str | None = None):
        self.table = table
        if column is None:
            self.columns: list[str] = []
        elif isinstance(column, str):
            self.columns = [column]
        else:
            self.columns = [str(c) for c in column]
        self.column = ", ".join(self.columns) if self.columns else None
        self.rows = list(rows)
        self.reason = reason
        self.reason_zh = reason_zh
        super().__init__(self._message())

    def message(self, lang: str = "en") -> str:
        """The full message in ``lang`` (``"en"``: exactly ``str(err)``; ``"zh"``: Chinese)."""
        if lang != "zh":
            return self._message()
        return f"{self._where_zh()}：{self._body_zh()}"

    def user_message(self, lang: str = "en") -> str:
        """The message as a user of the app reads it: without the ``table.column:`` prefix when the whole
        file is concerned or the column is one of the product's own (a setting such as ``horizon_days``, a
        column of the customer table such as ``frequency``: internal names mean nothing to a user, the
        reason says what is wrong). Errors about the user's own columns (``transactions``) keep the prefix."""
        if self.table in INTERNAL_TABLES:
            if lang == "zh":  # the Chinese reasons name the setting in words (THRESHOLD_ZH …)
                return self._body_zh()
            name = ", ".join(c.replace("_", " ") for c in self.columns)  # decline_spend_ratio -> decline spend ratio
            return f"{name}: {self._body_en()}" if name and self.table != "file" else self._body_en()
        return self.message(lang)

    def _body_en(self) -> str:
        msg = self.reason
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:MAX_ROWS_SHOWN])
            more = f" (and {len(self.rows) - MAX_ROWS_SHOWN} more)" if len(self.rows) > MAX_ROWS_SHOWN else ""
            msg += f"; file rows {shown}{more}"
        return msg

    def _message(self) -> str:
        where = self.table if not self.column else f"{self.table}.{self.column}"
        msg = f"{where}: {self.reason}"
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:MAX_ROWS_SHOWN])
            more = f" (and {len(self.rows) - MAX_ROWS_SHOWN} more)" if len(self.rows) > MAX_ROWS_SHOWN else ""
            msg += f"; file rows {shown}{more}"
        return msg

    def _where_zh(self) -> str:
        table = TABLE_ZH.get(self.table, self.table)
        return table if not self.column else f"{table}.{self.column}"

    def _body_zh(self) -> str:
        msg = self.reason_zh if self.reason_zh is not None else self.reason
        if self.rows:
            shown = "、".join(str(r) for r in self.rows[:MAX_ROWS_SHOWN])
            more = f"（另有 {len(self.rows) - MAX_ROWS_SHOWN} 行）" if len(self.rows) > MAX_ROWS_SHOWN else ""
            msg += f"；文件第 {shown} 行{more}"
        return msg


class AmbiguousInputError(InvalidInputError):
    """The file could be read more than one way and the data cannot tell which: the user must choose.

    Raised instead of a guess (never a wrong number in silence): a required column the headers do not
    name and the values do not single out (``kind="mapping"``), an amount column whose every value reads
    two ways such as ``1,234`` (``kind="decimal"``), a date column whose every value could be day- or
    month-first (``kind="date_order"``).

    Attributes
    ----------
    kind : ``"mapping"``, ``"decimal"`` or ``"date_order"``.
    role : the role concerned (``"customer_id"``, ``"amount"``, ``"order_ts"``), or ``None``.
    candidates : the choices, best first: column names for a mapping, ``"."``/``","`` for a decimal
        separator, ``"dmy"``/``"mdy"`` for a date order.
    """

    def __init__(self, table: str, column, rows=(), reason: str = "", *, reason_zh: str | None = None,
                 kind: str = "mapping", role: str | None = None, candidates=()):
        super().__init__(table, column, rows, reason, reason_zh=reason_zh)
        self.kind = kind
        self.role = role
        self.candidates = list(candidates)

    def user_message(self, lang: str = "en") -> str:
        """As :meth:`InvalidInputError.user_message`, without the closing command-line hint
        ("(command line: --map …)"): in the app the question itself is the way to answer."""
        import re
        text = super().user_message(lang)
        return re.sub(r"\s*(\(command line: .*\)|（命令行：.*）)$", "", text)
