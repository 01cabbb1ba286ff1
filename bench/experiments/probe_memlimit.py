"""Does a DuckDB memory_limit cap the ingest's RSS (in-memory tables spilling to temp_directory)?

    python bench/experiments/probe_memlimit.py FILE LIMIT   # e.g. 1GB; runs the real ingest_file + customer_table
"""
import resource
import sys
import time

sys.path[:0] = ["/work/main", "/work/main/bench"]
import crm_core.store as store_mod  # noqa: E402

limit = sys.argv[2]
orig = store_mod.connect


def connect(*, threads=None, memory_limit=None):
    con = orig(threads=threads, memory_limit=limit)
    con.execute("SET temp_directory = '/work/main/bench/out/duckdb_tmp'")
    return con


store_mod.connect = connect
from crm_core.customers import customer_table  # noqa: E402
from crm_core.ingest import ingest_file  # noqa: E402

t = time.perf_counter()
store, report = ingest_file(sys.argv[1])
ct = customer_table(store, report.default_as_of)
print(f"memory_limit {limit}: {time.perf_counter() - t:.2f} s, peak RSS "
      f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB, customers {len(ct):,}")
