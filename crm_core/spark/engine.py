"""A SparkSession and the runner of the named queries on it — the Spark twin of :class:`crm_core.store.Store`.

:class:`SparkEngine` has the methods of a Store that the ingest and the CustomerTable use (``execute``, ``run``,
``scalar_row``), so the decisions written once in :mod:`crm_core.ingest` (the date order, …) run on either. Its
tables are Spark temporary views named ``cv_<table>_<n>``: a table DuckDB changes in place (a DELETE, a DROP
COLUMN) is a new view each time, and every query is told which view holds each table now (Spark views cannot
be replaced by a plan that reads themselves). A table that DuckDB creates as a TABLE is computed at once and
checkpointed (:meth:`SparkEngine.keep`'s rule: its rows kept, its plan cut); a VIEW stays lazy.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import sys

import pandas as pd

from .transpile import spark_statements

SESSION_CONF = {
    # DuckDB's TIMESTAMP has no zone: on Spark they are TIMESTAMP_NTZ, and whatever still meets a zone meets UTC
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",  # toPandas through Arrow
}

# one machine: Spark's default of 200 shuffle partitions makes each group-by 200 tasks of almost nothing (measured on
# the sample in local[2]: the customer table took 77 s with 200, see tests/test_spark.py for the time with 4)
LOCAL_CONF = {"spark.sql.shuffle.partitions": "8"}


def spark_session(master: str | None = None, conf: dict[str, str] | None = None):
    """The active SparkSession (a Databricks job, a notebook), else a new one — on ``master`` when given, else on
    the master spark-submit was given (``local[*]`` outside spark-submit) — with ``conf``. The session's time zone
    is set to UTC (:data:`SESSION_CONF`); on a local master the shuffle partitions are :data:`LOCAL_CONF`'s
    unless ``conf`` names them."""
    from pyspark.sql import SparkSession

    spark = SparkSession.getActiveSession()
    if spark is None or master:
        own_local = master.startswith("local") if master else "PYSPARK_GATEWAY_PORT" not in os.environ
        if own_local and not os.environ.get("PYSPARK_PYTHON"):  # not inside spark-submit (which set the gateway)
            # the pandas UDFs' Python workers: this interpreter (with crm_core's requirements), not the PATH's
            # python3. On a cluster the executors' Python is the cluster's (README, "Run on a Spark cluster").
            os.environ["PYSPARK_PYTHON"] = sys.executable
        builder = SparkSession.builder.appName("crm_core report")
        if master:
            builder = builder.master(master)
        for k, v in {**SESSION_CONF, **(conf or {})}.items():
            builder = builder.config(k, v)
        spark = builder.config("spark.ui.showConsoleProgress", "false").getOrCreate()
        if spark.sparkContext.master.startswith("local"):
            for k, v in LOCAL_CONF.items():
                if k not in (conf or {}):
                    spark.conf.set(k, v)
    for k, v in SESSION_CONF.items():
        spark.conf.set(k, v)
    return spark


class SparkEngine:
    """The tables of one ingest on a SparkSession, and the named queries of ``crm_core/sql`` run over them."""

    _ids = itertools.count(1)

    def __init__(self, spark):
        self.spark = spark
        self.tables: dict[str, str] = {}  # table -> the temporary view that holds it now
        self._frames: dict[str, object] = {}  # view -> its DataFrame (persisted ones are unpersisted on drop)
        self._kept: list = []  # frames persisted by keep()
        self._temp_dirs: list[str] = []  # local copies of input files (remove_on_close)

    # tables ---------------------------------------------------------------------------------------------------
    def register(self, table: str, frame, *, persist: bool = False) -> None:
        """Make ``frame`` (a Spark DataFrame) the table ``table``."""
        if persist:  # a TABLE: computed now, as DuckDB does (later reads, and dropping its inputs, cost nothing)
            frame = self._checkpoint(frame)
        view = f"cv_{table.lower().strip('_')}_{next(self._ids)}"
        frame.createOrReplaceTempView(view)
        self.tables[table.lower()] = view
        self._frames[view] = frame

    def keep(self, frame):
        """``frame`` computed now and kept (memory, then disk) until :meth:`close`, as a new DataFrame whose plan
        starts from the kept rows: a checkpoint — reliable (``frame.checkpoint``) when the session has a
        checkpoint directory (``SparkContext.setCheckpointDir``), else local (``frame.localCheckpoint``: on the
        executors; a lost executor fails the job, rerun it).

        Why not ``persist``: a persisted frame keeps its whole logical plan, and each step of the report builds
        on the last (CustomerTable → CLV → tiers → stages → churn → loyalty), so every later query re-analyses
        every earlier one — on the sample, a 1 GB driver heap ran out analysing the loyalty step's last
        ``select`` (bench/bench_spark.py). A checkpoint cuts the plan where DuckDB would have a table."""
        out = self._checkpoint(frame)
        self._kept.append(out)
        return out

    def _checkpoint(self, frame):
        if self.spark.sparkContext.getCheckpointDir():
            return frame.checkpoint(eager=True)
        return frame.localCheckpoint(eager=True)

    def remove_on_close(self, folder: str) -> None:
        """Delete the local ``folder`` (a transcoded copy of an input file) at :meth:`close`: Spark reads files
        lazily, and may read one again to recompute a lost partition, so the copy lives as long as the tables."""
        self._temp_dirs.append(folder)

    def release_later(self, frame) -> None:
        """Unpersist ``frame`` (persisted by the caller) at :meth:`close`."""
        self._kept.append(frame)

    def table(self, table: str):
        """The DataFrame of ``table``."""
        return self.spark.table(self.tables[table.lower()])

    def has_table(self, table: str) -> bool:
        return table.lower() in self.tables

    def columns(self, table: str) -> list[str]:
        return list(self.table(table).columns)

    def drop(self, table: str) -> None:
        view = self.tables.pop(table.lower(), None)
        if view is not None:
            self.spark.catalog.dropTempView(view)
            frame = self._frames.pop(view)
            if frame.is_cached:
                frame.unpersist()

    def close(self) -> None:
        for table in list(self.tables):
            self.drop(table)
        for frame in self._kept:
            if frame.is_cached:
                frame.unpersist()
        self._kept.clear()  # a checkpoint's rows go when its DataFrame is collected (Spark's ContextCleaner)
        while self._temp_dirs:
            shutil.rmtree(self._temp_dirs.pop(), ignore_errors=True)

    # queries --------------------------------------------------------------------------------------------------
    def _statements(self, name: str, params: dict):
        schemas = {t: self.spark.table(v).columns for t, v in self.tables.items()}
        return spark_statements(name, params, schemas, tables=self.tables)

    def execute(self, name: str, **params) -> None:
        """Run the statements of ``sql/<name>.sql`` for their effect on the tables."""
        for st in self._statements(name, params):
            if st.kind == "create":
                self.register(st.target, self.spark.sql(st.sql), persist=st.table)
            elif st.kind in ("delete", "update"):
                self.register(st.target, self.spark.sql(st.sql), persist=True)
            elif st.kind == "drop_column":
                self.register(st.target, self.table(st.target).drop(st.column), persist=False)
            elif st.kind == "add_column":
                from pyspark.sql import functions as F
                if st.column.lower() in (c.lower() for c in self.columns(st.target)):  # DuckDB refuses it too
                    raise ValueError(f"{name}: {st.target} already has a column {st.column}")
                self.register(st.target, self.table(st.target).withColumn(st.column, F.lit(None).cast(st.sql)))
            elif st.kind == "insert":
                rows = self.table(st.target).unionByName(self.spark.sql(st.sql), allowMissingColumns=True)
                self.register(st.target, rows, persist=True)
            elif st.kind == "rename":
                view = self.tables.pop(st.target.lower())
                self.tables[st.column.lower()] = view
            elif st.kind == "drop":
                self.drop(st.target)
            else:  # a SELECT run for its effect has none
                raise ValueError(f"{name}: a {st.kind} statement cannot be executed")

    def frame(self, name: str, **params):
        """The query ``sql/<name>.sql`` as a (lazy) Spark DataFrame."""
        (st,) = self._statements(name, params)
        if st.kind != "query":
            raise ValueError(f"{name} is not a query")
        return self.spark.sql(st.sql)

    def frame_with(self, name: str, frames: dict, **params):
        """:meth:`frame` with each Spark DataFrame of ``frames`` visible as a table of that name (Store.run_with)."""
        for table, frame in frames.items():
            self.register(table, frame)
        return self.frame(name, **params)

    def run_with(self, name: str, frames: dict[str, pd.DataFrame], **params) -> pd.DataFrame:
        """Store.run_with: ``sql/<name>.sql`` with each pandas DataFrame of ``frames`` visible as a table of that
        name for this call only — a query's result on the driver, or, for statements (an UPDATE … FROM), their
        effect on the tables and an empty frame."""
        for table, df in frames.items():
            self.register(table, self.spark.createDataFrame(df))
        try:
            statements = self._statements(name, params)
            if [st.kind for st in statements] == ["query"]:
                return to_pandas(self.spark.sql(statements[0].sql))
            self.execute(name, **params)
            return pd.DataFrame()
        finally:
            for table in frames:
                self.drop(table)

    def run(self, name: str, **params) -> pd.DataFrame:
        """The query's result on the driver, as DuckDB's ``.df()`` gives it (DATE columns as datetime64)."""
        return to_pandas(self.frame(name, **params))

    def scalar_row(self, name: str, **params) -> dict:
        """A one-row query's row as a dict of plain Python values (DATE -> date), as Store.scalar_row."""
        rows = self.frame(name, **params).collect()
        return rows[0].asDict() if rows else {}


def to_pandas(frame) -> pd.DataFrame:
    """A Spark DataFrame on the driver with DuckDB's pandas types: DATE as datetime64, not Python dates."""
    from pyspark.sql.types import DateType

    out = frame.toPandas()
    for field in frame.schema.fields:
        if isinstance(field.dataType, DateType):
            out[field.name] = pd.to_datetime(out[field.name])
    return out


def as_date(value) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value
