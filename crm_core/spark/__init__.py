"""The Spark engine (issue #15): the queries of ``crm_core/sql`` run on Apache Spark.

Imported only for ``report --engine spark``: the app and the DuckDB path never import this package (nor
pyspark). Layout:

- :mod:`.transpile` — one query file (DuckDB dialect) as Spark SQL statements, through sqlglot plus a
  short, named list of portable rewrites where the transpiler is wrong or DuckDB has no Spark twin
  (``.macros``). No JVM needed: the test of every query the Spark path uses runs without Java.
- :mod:`.engine` — a SparkSession and the statement runner (tables are immutable on Spark: a DELETE
  becomes a filtered replacement of the table, a DROP COLUMN a narrower one).
- :mod:`.ingest` — a CSV / Parquet file, folder or glob → ``transactions`` + the ingest report.
- :mod:`.report` — the CustomerTable on the cluster and the ``report`` command's Spark path.
"""
