"""customer_table.sql vs rewrites over one transactions table (10M lines), timed twice, interleaved;
each rewrite's output is compared with crm_core's (floats to 1e-9 relative).

    python bench/experiments/probe_customer_table.py bench/out/orders_10000000.csv
"""
import sys
import time
from pathlib import Path

import pandas as pd

sys.path[:0] = ["/work/main", "/work/main/bench", "/work/main/bench/experiments"]
import lean  # noqa: E402

from crm_core.store import query_text  # noqa: E402

HERE = Path(__file__).resolve().parent
store, report, _, _ = lean.run(sys.argv[1], lean.Options(encoding="duckdb", fast_macros=True, layout="onepass"))
con = store.con
P = {"as_of": report.default_as_of, "unit_days": 7.0}
variants = {
    "crm_core customer_table.sql": query_text("customer_table"),
    "R1 roll-up (customer, day, key)": (HERE / "customer_table_rollup.sql").read_text(),
    "R2 days + distinct keys": (HERE / "customer_table_r2.sql").read_text(),
}
ref = None
for rnd in range(2):
    for name, sql in variants.items():
        t = time.perf_counter()
        df = con.execute(sql, P).df()
        s = time.perf_counter() - t
        same = ""
        if ref is None:
            ref = df
        else:
            try:
                pd.testing.assert_frame_equal(ref, df, check_exact=False, rtol=1e-9, atol=1e-6)
                same = "same as crm_core"
            except AssertionError as err:
                same = "DIFFERS: " + str(err).splitlines()[0][:100]
        print(f"round {rnd}  {name:<34}{s:7.2f} s  {same}", flush=True)
