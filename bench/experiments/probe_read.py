"""Lower bounds: what reading the file costs in DuckDB, streaming vs into a table, with/without
in-memory compression; and whether WITH ORDINALITY numbers read_csv lines in file order.

    python bench/experiments/probe_read.py bench/out/orders_10000000.csv
"""
import resource
import sys
import time

import duckdb

path = sys.argv[1]
FLOOR = """SELECT customer_id, count(*), sum(try_cast(nullif(amount, '') AS DOUBLE)),
  min(try_cast(nullif(order_time, '') AS TIMESTAMP)), max(try_cast(nullif(order_time, '') AS TIMESTAMP))
  FROM read_csv($p) GROUP BY customer_id"""
RC = "read_csv($p, all_varchar = true, header = true, null_padding = true, sample_size = 20480)"


def timed(con, name, sql):
    t = time.perf_counter()
    con.execute(sql, {"p": path}).fetchall()
    mem = con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchall()[0][0] / 2**20
    print(f"{name:<66}{time.perf_counter() - t:7.2f} s  duckdb {mem:7.0f} MB  "
          f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:6.0f} MB", flush=True)


which = sys.argv[2] if len(sys.argv) > 2 else "all"
con = duckdb.connect()
if which in ("all", "stream"):
    timed(con, "floor (3 columns, GROUP BY customer)", FLOOR)
    timed(con, "stream all 7 columns as VARCHAR, max(hash(row))", f"SELECT max(hash(COLUMNS(*))) FROM {RC}")
    timed(con, "stream + hash of whole row per line", f"SELECT max(hash(*COLUMNS(*))) FROM {RC}")
    timed(con, "WITH ORDINALITY: max(ordinality)", f"SELECT max(ordinality), count(*) FROM {RC} WITH ORDINALITY")
    timed(con, "WITH ORDINALITY matches file order (check)",
          f"SELECT count(*) FILTER (WHERE o <> CAST(substr(order_id, 3) AS BIGINT)) FROM (SELECT ordinality o, order_id FROM {RC} WITH ORDINALITY)")
if which in ("all", "table"):
    timed(con, "CTAS raw (uncompressed in-memory, as crm_core)", f"CREATE TABLE raw AS FROM {RC}")
if which in ("all", "compressed"):
    con.execute("ATTACH ':memory:' AS cm (COMPRESS)")
    timed(con, "CTAS raw in ATTACH ':memory:' (COMPRESS)", f"CREATE TABLE cm.raw AS FROM {RC}")
    timed(con, "  read it back: max(hash(row))", "SELECT max(hash(*COLUMNS(*))) FROM cm.raw")
