"""Where the time of parsed_lines.sql goes (10M lines): materialising vs computing.

    python bench/experiments/probe_parse.py bench/out/orders_10000000.csv
"""
import datetime as dt
import sys
import time

sys.path[:0] = ["/work/main", "/work/main/bench"]
from crm_core import ingest as ing  # noqa: E402
from crm_core import mapping as mp  # noqa: E402
from crm_core.sources import load_raw  # noqa: E402
from crm_core.store import Store, query_text  # noqa: E402

path = sys.argv[1]
store = Store()
info = load_raw(store, path)
sample = store.run("raw_sample", n=2000)
roles = mp.check_mapping(mp.detect_mapping(info.columns, sample), info.columns)
fmts = mp.detect_date_formats(sample[roles["order_ts"]])
store.execute("deduplicated_lines", first_row=2)
ing._stage(store, info, roles)
con = store.con
store._ensure_macros()
P = {"date_formats": fmts, "today": dt.date.today()}
sel = query_text("parsed_lines").split("CREATE OR REPLACE TABLE parsed AS", 1)[1]


def timed(name, sql, params=None):
    t = time.perf_counter()
    con.execute(sql, params).fetchall()
    print(f"{name:<60}{time.perf_counter() - t:7.2f} s", flush=True)


timed("CTAS staged copy (17 cols, no parsing)", "CREATE OR REPLACE TABLE x AS FROM staged")
timed("parsed_lines as SELECT max(hash(_cv_reason)) (no CTAS)", f"SELECT max(hash(_cv_reason)), max(hash(_cv_ts)), max(hash(_cv_amount)), max(hash(_cv_cost)) FROM ({sel})", P)
timed("parsed_lines CTAS (as in crm_core)", f"CREATE OR REPLACE TABLE x AS {sel}", P)
con.execute("SET preserve_insertion_order = false")
timed("parsed_lines CTAS, preserve_insertion_order=false", f"CREATE OR REPLACE TABLE x AS {sel}", P)
con.execute("SET preserve_insertion_order = true")
timed("CTAS: _cv_row + typed + reason only", f"CREATE OR REPLACE TABLE x AS SELECT _cv_row, _cv_copies, _cv_customer, _cv_ts, _cv_amount, _cv_cost, _cv_reason FROM ({sel})", P)
