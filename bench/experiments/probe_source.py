"""Same expression, different source table: raw (file order) vs deduped (GROUP BY output).

    python bench/experiments/probe_source.py bench/out/orders_10000000.csv
"""
import sys
import time

sys.path[:0] = ["/work/main", "/work/main/bench"]
from crm_core import mapping as mp  # noqa: E402
from crm_core.store import Store  # noqa: E402

store = Store()
store.execute("raw_lines_from_csv", path=sys.argv[1])
store._ensure_macros()
con = store.con
fmts = mp.detect_date_formats(store.run("raw_sample", n=2000)["order_time"])
store.execute("deduplicated_lines", first_row=2)


def timed(name, sql, params=None):
    t = time.perf_counter()
    con.execute(sql, params).fetchall()
    print(f"{name:<64}{time.perf_counter() - t:7.2f} s", flush=True)


for src in ("raw", "lines", "raw", "lines"):
    timed(f"parse_timestamp over {src}", f"SELECT max(hash(parse_timestamp(order_time, $f))) FROM {src}", {"f": fmts})
    timed(f"try_cast(order_time AS TIMESTAMP) over {src}", f"SELECT max(hash(try_cast(order_time AS TIMESTAMP))) FROM {src}")
    timed(f"parse_amount(amount) over {src}", f"SELECT max(hash(parse_amount(amount))) FROM {src}")
print(con.execute("SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('lines')").fetchall())
