"""Cost of single expressions of parsed_lines.sql over the 10M-line raw table (one store, warm).

    python bench/experiments/probe_exprs.py bench/out/orders_10000000.csv
Each expression is aggregated with max(hash(..)) so that nothing is optimised away.
"""
import sys
import time

sys.path[:0] = ["/work/main", "/work/main/bench"]
from crm_core.store import Store  # noqa: E402

path = sys.argv[1]
store = Store()
store.execute("raw_lines_from_csv", path=path)
con = store.con
store._ensure_macros()
FORMATS = "['%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d', '%m/%d/%Y']"
probes = {
    "count(*)": "count(*)",
    "trim(customer_id)": "max(hash(nullif(trim(customer_id), '')))",
    "customer_id (no trim)": "max(hash(customer_id))",
    "try_cast(amount AS DOUBLE)": "max(hash(try_cast(amount AS DOUBLE)))",
    "regexp_matches(amount,'[0-9]')": "max(hash(regexp_matches(amount, '[0-9]')))",
    "parse_amount(amount)": "max(hash(parse_amount(amount)))",
    "try_cast(order_time AS TIMESTAMP)": "max(hash(try_cast(order_time AS TIMESTAMP)))",
    "try_cast(trim(order_time) AS TIMESTAMP)": "max(hash(try_cast(trim(order_time) AS TIMESTAMP)))",
    "regexp_matches(order_time,'[0-9]')": "max(hash(regexp_matches(order_time, '[0-9]')))",
    "parse_timestamp(order_time, fmts)": f"max(hash(parse_timestamp(order_time, {FORMATS})))",
    "try_strptime(order_time, fmts) (all rows)": f"max(hash(try_strptime(order_time, {FORMATS})))",
    "hash of all 7 columns": "max(hash(COLUMNS(*)))",
}
for name, expr in probes.items():
    t = time.perf_counter()
    con.execute(f"SELECT {expr} FROM raw").fetchall()
    print(f"{name:<45}{time.perf_counter() - t:7.2f} s", flush=True)
