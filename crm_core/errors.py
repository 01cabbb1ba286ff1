"""The one exception type for data or parameters a user can fix.

Pages catch :class:`InvalidInputError` and show its message; any other exception is a bug.
"""

from __future__ import annotations

from collections.abc import Sequence


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
    """

    def __init__(self, table: str, column, rows: Sequence = (), reason: str = ""):
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
        super().__init__(self._message())

    def user_message(self) -> str:
        """The message without the ``table.column:`` prefix when the whole file is concerned."""
        if self.table == "file":
            return self._message().split(": ", 1)[1] if ": " in self._message() else self._message()
        return self._message()

    def _message(self) -> str:
        where = self.table if not self.column else f"{self.table}.{self.column}"
        msg = f"{where}: {self.reason}"
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:10])
            more = f" (and {len(self.rows) - 10} more)" if len(self.rows) > 10 else ""
            msg += f"; file rows {shown}{more}"
        return msg
