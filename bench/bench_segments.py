"""Pyramid + RFM after ingest, against a bare DuckDB GROUP BY and a pandas groupby (issue: segmentation speed).

    python bench/bench_segments.py [--lines 1e7] [--repeat 3]

The file (bench/out/orders_<N>.csv, made by make_orders.py if missing) is ingested once, untimed.
Then, in this one process, each variant runs ``--repeat`` times (median reported):

- floor : one DuckDB query over ``transactions``: GROUP BY customer_id with count(*), sum(amount),
          sum(profit), max(order_ts), fetched as a DataFrame (what any per-customer view must at least do);
- ours  : what the pyramid and RFM pages compute: ``customer_summary`` (SQL) -> value -> ``assign_tiers`` ->
          ``tier_table`` -> ``pareto`` -> ``score_rfm`` -> ``segment_table`` x 2 -> ``rf_grid``;
- pandas: the same figures from the transactions DataFrame with pandas groupby (orders = distinct
          order ids of purchase lines), tiers by sort + position, RFM scores by quantile + searchsorted.
No figure is asserted anywhere; results go to bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crm_core.customers import customer_summary  # noqa: E402
from crm_core.ingest import ingest_file  # noqa: E402
from crm_core.pyramid import assign_tiers, pareto, tier_table  # noqa: E402
from crm_core.rfm import rf_grid, score_rfm, segment_table  # noqa: E402
from crm_core.value import customer_value  # noqa: E402


def ours(store, as_of):
    ct = customer_summary(store, as_of)
    value = customer_value(ct, "profit")
    tiers = assign_tiers(ct["customer_id"], value)
    table = tier_table(ct, tiers, value)
    p = pareto(value)
    scores, _ = score_rfm(ct)
    return table, p.gini, segment_table(scores), segment_table(scores, "rfm_class8"), rf_grid(scores)


FLOOR_SQL = """
SELECT customer_id, count(*) AS lines, sum(amount) AS net_revenue, sum(profit) AS profit, max(order_ts) AS last_ts
FROM transactions
WHERE order_ts < CAST($as_of AS DATE)
GROUP BY customer_id"""


def floor(store, as_of):
    return store.con.execute(FLOOR_SQL, {"as_of": as_of}).df()


def pandas_way(tx: pd.DataFrame, as_of):
    d = tx[tx["order_ts"] < pd.Timestamp(as_of)]
    g = d.groupby("customer_id", sort=False)
    sales = d[d["amount"] >= 0]
    per = pd.DataFrame({"net_revenue": g["amount"].sum(), "profit": g["profit"].sum(),
                        "orders": sales.groupby("customer_id", sort=False)["order_id"].nunique(),
                        "last": sales.groupby("customer_id", sort=False)["order_ts"].max()}).dropna(subset=["orders"])
    per["days"] = (pd.Timestamp(as_of) - per["last"].dt.normalize()).dt.days
    per = per.sort_values(["profit"], ascending=False)
    n = len(per)
    pos = np.arange(1, n + 1)
    per["tier"] = np.select([pos <= 0.01 * n, pos <= 0.05 * n, pos <= 0.2 * n], ["vip", "major", "ordinary"], "small")
    per.loc[per["profit"] <= 0, "tier"] = "lead"
    tiers = per.groupby("tier").agg(customers=("orders", "size"), profit=("profit", "sum"),
                                    revenue=("net_revenue", "sum"), orders=("orders", "sum"))
    for col, rev in (("days", True), ("orders", False), ("net_revenue", False)):
        q = per[col].quantile([0.2, 0.4, 0.6, 0.8]).to_numpy()
        above = np.searchsorted(q, per[col].to_numpy(), side="left")
        per[col + "_score"] = 5 - above if rev else 1 + above
    seg = per.groupby(["days_score", "orders_score"]).size()
    return tiers, seg


def timed(fn, repeat):
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), runs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=float, default=1e7)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n = int(args.lines)
    path = ROOT / "bench" / "out" / f"orders_{n}.csv"
    if not path.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_orders.py"), "--lines", str(n)], check=True)
    print(f"machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
          f"python {platform.python_version()}, pandas {pd.__version__}, load {os.getloadavg()[0]:.2f}")
    print(f"command: python bench/bench_segments.py --lines {args.lines:g} --repeat {args.repeat}")
    t = time.perf_counter()
    store, report = ingest_file(path)
    print(f"ingest (untimed in the ratios): {time.perf_counter() - t:.1f} s; {report.rows_kept:,} lines, "
          f"{report.customers:,} customers")
    as_of = report.default_as_of
    tx = store.table("transactions").select("customer_id", "order_ts", "amount", "profit", "order_id").df()
    res = {}
    for name, fn in (("floor", lambda: floor(store, as_of)), ("ours", lambda: ours(store, as_of)),
                     ("pandas", lambda: pandas_way(tx, as_of))):
        res[name] = timed(fn, args.repeat)
        print(f"  {name:7s} {res[name][0]:6.2f} s  runs {[round(r, 2) for r in res[name][1]]}")
    print(f"ours / floor  = {res['ours'][0] / res['floor'][0]:.2f}x  (target <= 1.5x)")
    print(f"pandas / ours = {res['pandas'][0] / res['ours'][0]:.2f}x  (target >= 5x)")
    t = time.perf_counter()
    ct = customer_summary(store, as_of)
    t_ct = time.perf_counter() - t
    t = time.perf_counter()
    value = customer_value(ct, "profit")
    tier_table(ct, assign_tiers(ct["customer_id"], value), value)
    pareto(value)
    scores, _ = score_rfm(ct)
    segment_table(scores)
    t_py = time.perf_counter() - t
    print(f"  of ours: customer_summary {t_ct:.2f} s, pyramid + RFM on the customer table {t_py:.2f} s "
          f"({len(ct):,} customers, as of {as_of}, {dt.date.today()})")


if __name__ == "__main__":
    main()
