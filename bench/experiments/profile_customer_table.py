"""Where customer_table.sql spends its time (after a real ingest_file), and candidate rewrites.

    python bench/experiments/profile_customer_table.py bench/out/orders_10000000.csv
"""
import sys
import time

sys.path[:0] = ["/work/main", "/work/main/bench"]
from crm_core.ingest import ingest_file  # noqa: E402
from crm_core.store import query_text  # noqa: E402

store, report = ingest_file(sys.argv[1])
con = store.con
P = {"as_of": report.default_as_of, "unit_days": 7.0}
sql = query_text("customer_table")


def timed(name, q, params=P, fetch="fetchall"):
    t = time.perf_counter()
    r = getattr(con.execute(q, params), fetch)()
    print(f"{name:<60}{time.perf_counter() - t:7.2f} s", flush=True)
    return r


timed("customer_table() as crm_core (-> DataFrame)", sql, fetch="df")
timed("same SQL, fetchall (no pandas)", sql)
timed("same SQL without ORDER BY, df", sql.rsplit("ORDER BY", 1)[0], fetch="df")
timed("count(*) of SQL (compute only)", f"SELECT count(*) FROM ({sql.rsplit('ORDER BY', 1)[0]})")
plan = con.execute("EXPLAIN ANALYZE " + sql, P).fetchall()[0][1]
print("\n".join(ln for ln in plan.splitlines() if ln.strip("│ ") != ""))
