"""The DuckDB database of one dataset, and the runner of the named queries in ``sql/``.

One :class:`Store` = one in-memory DuckDB database = one loaded dataset, owned by whoever
loaded it (a browser session, a CLI run). Nothing is shared between stores, so one
user's data can never be reached from another session. Extension auto-install and
auto-load are off: no network is used, here or at a user's site.
"""

from __future__ import annotations

import re
import tempfile
import threading
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

from .errors import InvalidInputError

# the query files, read as package resources: from the source tree, an installed wheel or a zip on sys.path (the
# Spark engine's spark-submit --py-files crm_core.zip, README "Run on a Spark cluster")
SQL_DIR = resources.files(__package__) / "sql"

DUCKDB_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


# A line "-- include: cte_<name>" in a query stands for the common table expressions of sql/cte_<name>.sql
# (a fragment: named CTEs without WITH and without a trailing comma), so that a step several queries share is
# written once; the expansion is plain text, the same for every engine.
_INCLUDE = re.compile(r"^[ \t]*-- include: (cte_\w+)[ \t]*$", re.MULTILINE)


def _body(text: str) -> str:
    """``text`` without its header comment (the leading lines that start with ``--``)."""
    lines = text.splitlines()
    while lines and lines[0].startswith("--"):
        lines.pop(0)
    return "\n".join(lines).strip("\n")


@cache
def query_text(name: str) -> str:
    """The text of ``sql/<name>.sql``, its ``-- include: cte_…`` lines expanded; an unknown name lists the
    known ones."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        known = ", ".join(query_names())
        raise InvalidInputError("parameters", "query", reason=f"unknown query {name!r}; known: {known}")
    text = path.read_text(encoding="utf-8")
    return _INCLUDE.sub(lambda m: _body(query_text(m.group(1))), text)


def query_names() -> list[str]:
    """Names of all queries and fragments in ``sql/`` (file names without ``.sql``)."""
    return sorted(p.name[:-len(".sql")] for p in SQL_DIR.iterdir() if p.name.endswith(".sql"))


def connect(*, threads: int | None = None, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """A new private in-memory DuckDB connection with extension auto-install off.

    ``memory_limit`` (e.g. ``"1500MB"``) caps DuckDB's buffer memory; above it DuckDB spills to
    the system temporary folder instead of growing.
    """
    config = dict(DUCKDB_CONFIG)
    if threads:
        config["threads"] = threads
    if memory_limit:
        config["memory_limit"] = memory_limit
        config["temp_directory"] = str(Path(tempfile.gettempdir()) / "cvd_duckdb_spill")
    return duckdb.connect(":memory:", config=config)


def memory_limit_for(file_bytes: int) -> str:
    """DuckDB memory cap for loading a file: 2.3 × its size, at least 1 GiB [MB string].

    Loading holds the raw text lines and the typed transactions at once (about 1.8 × the file
    uncompressed); the cap keeps peak memory near that and spills the rest, so that a file too
    big to upload still loads from the command line on a modest machine.
    """
    return f"{max(1024, int(2.3 * file_bytes / 2**20))}MB"


# a query that only reads: after comments, it starts with SELECT, WITH, FROM (DuckDB's FROM-first) or VALUES
READ_ONLY_SQL = re.compile(r"^(?:\s+|--[^\n]*\n|/\*.*?\*/)*(?:SELECT|WITH|FROM|VALUES)\b", re.I | re.S)


class ReadOnlyStoreError(RuntimeError):
    """A statement for effect on a frozen (shared) store."""


class Store:
    """One dataset's DuckDB database; runs named queries with ``$name`` parameters.

    A connection is not thread-safe, so every call holds the store's lock.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None):
        self.con = con if con is not None else connect()
        self.con.execute(query_text("session_settings"))  # no progress bar over the CLI's own output
        self._lock = threading.RLock()
        self._macros_loaded = False
        self.frozen = False

    def freeze(self) -> None:
        """Make the store read-only: from now on only queries run (a statement for effect raises
        :class:`ReadOnlyStoreError`). The app shares a bundled dataset's store between every session of a server
        process (issue #14); none of them may change what the others see."""
        with self._lock:
            self._ensure_macros()  # the macros are created now, before the last write
            self.frozen = True

    def _check_writable(self, name: str, sql: str) -> None:
        if self.frozen and not READ_ONLY_SQL.match(sql):
            raise ReadOnlyStoreError(f"the store is shared read-only: the statement {name!r} was refused")

    def _ensure_macros(self) -> None:
        if not self._macros_loaded:
            # a macro that calls another can only be created after it: retry until none is left
            pending = [n for n in query_names() if n.startswith("macro_")]
            while pending:
                failed = []
                for name in pending:
                    try:
                        self.con.execute(query_text(name))
                    except duckdb.CatalogException:
                        failed.append(name)
                if len(failed) == len(pending):
                    self.con.execute(query_text(failed[0]))  # raises: a macro calls an unknown function
                pending = failed
            self._macros_loaded = True

    def execute(self, name: str, **params) -> None:
        """Run the statement ``sql/<name>.sql`` for its effect (CREATE …); refused on a frozen store."""
        with self._lock:
            if self.frozen:
                raise ReadOnlyStoreError(f"the store is shared read-only: the statement {name!r} was refused")
            self._ensure_macros()
            self.con.execute(query_text(name), params or None)

    def run(self, name: str, **params) -> pd.DataFrame:
        """Run the query ``sql/<name>.sql`` and return its result as a DataFrame."""
        sql = query_text(name)
        with self._lock:
            self._check_writable(name, sql)
            self._ensure_macros()
            return self.con.execute(sql, params or None).df()

    def run_with(self, name: str, frames: dict[str, pd.DataFrame], **params) -> pd.DataFrame:
        """Like :meth:`run`, with each DataFrame of ``frames`` visible as a table of that name.

        The frames are registered for this call only (and unregistered after it), under the lock.
        """
        sql = query_text(name)
        with self._lock:
            self._check_writable(name, sql)
            self._ensure_macros()
            try:
                for table, df in frames.items():
                    self.con.register(table, df)
                return self.con.execute(sql, params or None).df()
            finally:
                for table in frames:
                    self.con.unregister(table)

    def scalar_row(self, name: str, **params) -> dict:
        """Run a one-row query and return that row as a dict of plain Python values (DATE -> date)."""
        sql = query_text(name)
        with self._lock:
            self._check_writable(name, sql)
            self._ensure_macros()
            cur = self.con.execute(sql, params or None)
            rows = cur.fetchall()  # consume the result: an unfinished one blocks the connection
            names = [d[0] for d in cur.description]
        return dict(zip(names, rows[0], strict=True)) if rows else {}

    def table(self, name: str) -> duckdb.DuckDBPyRelation:
        """A relation over a table of this store (for the relational API, no SQL text). Using the relation runs on
        the connection outside the store's lock: only for a store one thread uses (the ingest); a shared store is
        read through :meth:`columns` and :meth:`run_on_view`."""
        with self._lock:
            return self.con.table(name)

    def columns(self, name: str) -> list[str]:
        """The column names of table ``name`` (under the lock: safe on a store shared by sessions)."""
        with self._lock:
            return list(self.con.table(name).columns)

    def run_on_view(self, name: str, view: str, build, **params) -> pd.DataFrame:
        """Run the query ``sql/<name>.sql`` over a temporary view ``view`` = ``build(store.table)`` (a relation,
        e.g. one column of the file cast to text), as one step under the lock: the view is created, read and
        dropped before another session's call can see or replace it (allowed on a frozen store: it changes no
        table, and nothing of it outlives the call)."""
        sql = query_text(name)
        with self._lock:
            self._check_writable(name, sql)
            self._ensure_macros()
            self.con.register(view, build(self.con.table))  # a relation registered as a view of this call
            try:
                return self.con.execute(sql, params or None).df()
            finally:
                self.con.unregister(view)

    def has_table(self, name: str) -> bool:
        with self._lock:
            try:
                self.con.table(name)
            except duckdb.CatalogException:
                return False
            return True

    def close(self) -> None:
        with self._lock:
            self.con.close()

