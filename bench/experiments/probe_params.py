"""Does binding the date formats as a prepared-statement parameter change parse_timestamp's cost?

    python bench/experiments/probe_params.py bench/out/orders_10000000.csv
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
lit = "[" + ", ".join("'" + f + "'" for f in fmts) + "]"


def timed(name, sql, params=None):
    t = time.perf_counter()
    con.execute(sql, params).fetchall()
    print(f"{name:<64}{time.perf_counter() - t:7.2f} s", flush=True)


timed("parse_timestamp(order_time, <literal list>)", f"SELECT max(hash(parse_timestamp(order_time, {lit}))) FROM raw")
timed("parse_timestamp(order_time, $date_formats)", "SELECT max(hash(parse_timestamp(order_time, $f))) FROM raw", {"f": fmts})
timed("parse_timestamp(order_time, $date_formats::VARCHAR[])", "SELECT max(hash(parse_timestamp(order_time, $f::VARCHAR[]))) FROM raw", {"f": fmts})
timed("try_strptime on the ~3k bad rows only, $param", "SELECT max(hash(try_strptime(order_time, $f))) FROM raw WHERE try_cast(trim(order_time) AS TIMESTAMP) IS NULL", {"f": fmts})
timed("parse_amount(amount)", "SELECT max(hash(parse_amount(amount))) FROM raw")
timed("CASE ... (today as $param)", "SELECT max(hash(CASE WHEN CAST(try_cast(order_time AS TIMESTAMP) AS DATE) > CAST($today AS DATE) THEN 1 END)) FROM raw", {"today": "2026-01-01"})
