"""EXPLAIN ANALYZE of parsed_lines.sql's SELECT over the staged view (10M lines).

    python bench/experiments/profile_parse.py bench/out/orders_10000000.csv
"""
import datetime as dt
import sys

sys.path[:0] = ["/work/main", "/work/main/bench"]
from crm_core import ingest as ing  # noqa: E402
from crm_core import mapping as mp  # noqa: E402
from crm_core.sources import load_raw  # noqa: E402
from crm_core.store import Store, query_text  # noqa: E402

store = Store()
info = load_raw(store, sys.argv[1])
sample = store.run("raw_sample", n=2000)
roles = mp.check_mapping(mp.detect_mapping(info.columns, sample), info.columns)
fmts = mp.detect_date_formats(sample[roles["order_ts"]])
store.execute("deduplicated_lines", first_row=2)
ing._stage(store, info, roles)
store._ensure_macros()
sel = query_text("parsed_lines").split("CREATE OR REPLACE TABLE parsed AS", 1)[1]
q = f"EXPLAIN ANALYZE SELECT max(hash(_cv_reason)), max(hash(_cv_ts)), max(hash(_cv_amount)) FROM ({sel})"
print(store.con.execute(q, {"date_formats": fmts, "today": dt.date.today()}).fetchall()[0][1])
