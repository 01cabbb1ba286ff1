"""Parse-pass variants over one loaded raw table (10M lines), each timed twice, interleaved.

    python bench/experiments/probe_parse2.py bench/out/orders_10000000.csv
Some variants are *measurement only* (marked "not equivalent"): they drop work to price it.
"""
import datetime as dt
import sys
import time

sys.path[:0] = ["/work/main", "/work/main/bench", "/work/main/bench/experiments"]
import lean  # noqa: E402

from crm_core import mapping as mp  # noqa: E402
from crm_core.store import Store  # noqa: E402

store = Store()
store.execute("raw_lines_from_csv", path=sys.argv[1])
store._ensure_macros()
con = store.con
con.execute(lean.FAST_MACROS)
fmts = mp.detect_date_formats(store.run("raw_sample", n=2000)["order_time"])
P = {"f": fmts, "today": dt.date.today()}

TYPED = """
    nullif(trim(customer_id), '') AS _cv_customer,
    parse_timestamp(order_time, $f) AS _cv_ts,
    parse_amount(amount) AS _cv_amount,
    nullif(trim(order_id), '') AS _cv_order_id,
    parse_amount(cost) AS _cv_cost,
    nullif(trim(channel), '') AS _cv_channel,
    nullif(trim(product_category), '') AS _cv_product"""
REASON = """CASE
    WHEN _cv_customer IS NULL THEN 'missing_customer'
    WHEN order_time IS NULL OR trim(order_time) = '' THEN 'missing_date'
    WHEN _cv_ts IS NULL OR year(_cv_ts) NOT BETWEEN 1900 AND 2199 THEN 'unreadable_date'
    WHEN amount IS NULL OR trim(amount) = '' THEN 'missing_amount'
    WHEN _cv_amount IS NULL OR NOT isfinite(_cv_amount) THEN 'unreadable_amount'
    WHEN trim(coalesce(cost, '')) <> '' AND (_cv_cost IS NULL OR NOT isfinite(_cv_cost)) THEN 'unreadable_cost'
    WHEN CAST(_cv_ts AS DATE) > CAST($today AS DATE) THEN 'future_date'
END"""
# same results: a parsed value rules out "blank", so the trims run only where parsing failed
REASON_GUARDED = """CASE
    WHEN _cv_customer IS NULL THEN 'missing_customer'
    WHEN _cv_ts IS NULL AND (order_time IS NULL OR trim(order_time) = '') THEN 'missing_date'
    WHEN _cv_ts IS NULL OR year(_cv_ts) NOT BETWEEN 1900 AND 2199 THEN 'unreadable_date'
    WHEN _cv_amount IS NULL AND (amount IS NULL OR trim(amount) = '') THEN 'missing_amount'
    WHEN _cv_amount IS NULL OR NOT isfinite(_cv_amount) THEN 'unreadable_amount'
    WHEN (_cv_cost IS NULL OR NOT isfinite(_cv_cost)) AND trim(coalesce(cost, '')) <> '' THEN 'unreadable_cost'
    WHEN CAST(_cv_ts AS DATE) > CAST($today AS DATE) THEN 'future_date'
END"""
OUT = """_cv_customer AS customer_id, _cv_ts AS order_ts, _cv_amount AS amount, _cv_order_id AS order_id,
    _cv_cost AS cost, CAST(NULL AS DOUBLE) AS margin, _cv_amount - _cv_cost AS profit, _cv_channel AS channel,
    _cv_product AS product, _rid + 2 AS source_row, _cv_reason"""


def q(reason=REASON, typed=TYPED, extra=""):
    return f"""CREATE OR REPLACE TABLE p AS
    WITH t AS (SELECT rowid AS _rid, *, {typed} FROM raw),
    r AS (SELECT *, {reason} AS _cv_reason FROM t)
    SELECT {OUT}{extra} FROM r"""


variants = {
    "as lean H (with hash column)": q(extra=", hash(order_id, order_time, customer_id, channel, product_category, amount, cost) AS _cv_h"),
    "without the hash column": q(),
    "guarded reason CASE": q(REASON_GUARDED),
    "no reason at all (not equivalent)": q("NULL"),
    "no parsing: plain columns (not equivalent)": q("NULL", "customer_id AS _cv_customer, TIMESTAMP '2020-01-01' AS _cv_ts, 1.0 AS _cv_amount, order_id AS _cv_order_id, 1.0 AS _cv_cost, channel AS _cv_channel, product_category AS _cv_product"),
    "compute only, no CTAS (guarded)": None,
}
for rnd in range(2):
    for name, sql in variants.items():
        t = time.perf_counter()
        if sql is None:
            con.execute(f"SELECT max(hash(COLUMNS(*))) FROM ({q(REASON_GUARDED).split('TABLE p AS', 1)[1]})", P).fetchall()
        else:
            con.execute(sql, {k: v for k, v in P.items() if "$" + k in sql})
        print(f"round {rnd}  {name:<46}{time.perf_counter() - t:7.2f} s", flush=True)
        con.execute("DROP TABLE IF EXISTS p")
