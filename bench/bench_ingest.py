"""Ingest + CustomerTable benchmark against a DuckDB floor and a pandas baseline, one invocation.

    python bench/bench_ingest.py                       # 10M lines (generated if missing), 1 repeat
    python bench/bench_ingest.py --lines 1e6 --repeat 3
    python bench/bench_ingest.py --file my_orders.csv  # any order file with the same columns

Runs, each in a fresh child process (peak RSS of that process alone, via os.wait4):
  ours    crm_core.ingest.ingest_file(path) + crm_core.customers.customer_table(store, default_as_of)
          = the CLI path: full parsing, validation, de-duplication, reject accounting, CustomerTable
  cli     `python -m crm_core report FILE --out DIR` run in-process (crm_core.cli.main): ours plus
          writing ingest.json, rejected.csv and customers.csv (spreadsheet-safe CSV)        [--cli]
  floor   bare DuckDB: read_csv(path) + GROUP BY customer_id with count, sum(amount),
          min/max(order_time), one query, result fetched as a DataFrame
  pandas  pd.read_csv(path) + to_numeric/to_datetime (coerce) + groupby with the same aggregates
  stages  ours once more, instrumented: each SQL step of crm_core timed (bench/stages.py)
"seconds" is the child's own timer around the work (after imports), median of --repeat runs;
"wall" is the whole child process (interpreter start and imports included).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from _harness import HERE, emit, frame_digest, machine_facts, print_machine, report_digest, run_child, store_digest

# DuckDB 2.0 pushes a bare TRY_CAST(col AS T) into the CSV scanner as a hard cast, which then
# fails on a dirty cell (duckdb/duckdb#23818, open). nullif(col, '') keeps the cast out of the
# scanner; it is the cheapest expression that does (a blank gives NULL either way).
FLOOR_SQL = """
SELECT customer_id,
       count(*) AS lines,
       sum(try_cast(nullif(amount, '') AS DOUBLE)) AS amount,
       min(try_cast(nullif(order_time, '') AS TIMESTAMP)) AS first_ts,
       max(try_cast(nullif(order_time, '') AS TIMESTAMP)) AS last_ts
FROM read_csv($path)
GROUP BY customer_id
"""


# ----------------------------------------------------------------------------- workers (children)
def work_ours(path: str) -> dict:
    from crm_core.customers import customer_table
    from crm_core.ingest import ingest_file
    t0 = time.perf_counter()
    store, report = ingest_file(path)
    ct = customer_table(store, report.default_as_of)
    s = time.perf_counter() - t0
    return {"s": s, "customers": len(ct), "rows_read": report.rows_read, "rows_kept": report.rows_kept,
            "rows_rejected": report.rows_rejected, "duplicates_removed": report.duplicates_removed,
            "report": report_digest(report), "ct": frame_digest(ct), "store": store_digest(store.con)}


def work_cli(path: str) -> dict:
    import contextlib
    import io
    import tempfile

    from crm_core.cli import main
    with tempfile.TemporaryDirectory(prefix="cvd_bench_") as out:
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            rc = main(["report", path, "--out", out])
        s = time.perf_counter() - t0
        assert rc == 0, rc
    return {"s": s}


def work_floor(path: str) -> dict:
    import duckdb
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False})
    t0 = time.perf_counter()
    df = con.execute(FLOOR_SQL, {"path": path}).df()
    s = time.perf_counter() - t0
    return {"s": s, "customers": len(df), "lines": int(df["lines"].sum())}


def work_pandas(path: str) -> dict:
    import pandas as pd
    t0 = time.perf_counter()
    df = pd.read_csv(path)
    lines = pd.DataFrame({
        "customer_id": df["customer_id"],
        "amount": pd.to_numeric(df["amount"], errors="coerce"),
        "ts": pd.to_datetime(df["order_time"], format="%Y-%m-%d %H:%M:%S", errors="coerce"),
    })
    g = lines.groupby("customer_id").agg(lines=("amount", "size"), amount=("amount", "sum"),
                                         first_ts=("ts", "min"), last_ts=("ts", "max"))
    s = time.perf_counter() - t0
    return {"s": s, "customers": len(g), "lines": int(g["lines"].sum())}


def work_stages(path: str) -> dict:
    from stages import instrumented
    t0 = time.perf_counter()
    store, report, ct, rows = instrumented(path)
    s = time.perf_counter() - t0
    return {"s": s, "stages": rows, "report": report_digest(report), "ct": frame_digest(ct),
            "store": store_digest(store.con)}


WORKERS = {"ours": work_ours, "cli": work_cli, "floor": work_floor, "pandas": work_pandas, "stages": work_stages}


# ----------------------------------------------------------------------------- parent
def ensure_file(args) -> Path:
    if args.file:
        return Path(args.file)
    import make_orders
    lines = int(args.lines)
    path = make_orders.default_path(lines)
    if not path.exists():
        print(f"generating {path} ...", flush=True)
        make_orders.main(["--lines", str(lines)])
    return path


def measure(name: str, path: Path, repeat: int) -> dict:
    runs = [run_child([str(HERE / "bench_ingest.py"), "--worker", name, str(path)]) for _ in range(repeat)]
    out = dict(runs[-1])
    out["s"] = statistics.median(r["s"] for r in runs)
    out["wall_s"] = statistics.median(r["wall_s"] for r in runs)
    out["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    out["runs"] = [round(r["s"], 2) for r in runs]
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lines", type=float, default=10_000_000, help="lines of the generated file (default 10M)")
    p.add_argument("--file", help="benchmark this file instead of a generated one")
    p.add_argument("--repeat", type=int, help="runs per measurement, median reported "
                                              "(default 3 below 5M lines, else 1)")
    p.add_argument("--cli", action="store_true", help="also time the full `report` CLI command (writes CSVs)")
    p.add_argument("--no-stages", action="store_true", help="skip the stage breakdown run")
    p.add_argument("--worker", choices=list(WORKERS), help=argparse.SUPPRESS)
    p.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.worker:
        emit(WORKERS[a.worker](a.path))
        return 0

    facts = machine_facts()
    print_machine(facts)
    path = ensure_file(a)
    size_mb = path.stat().st_size / 2**20
    repeat = a.repeat or (3 if a.lines < 5e6 or a.file else 1)
    print(f"file: {path} ({size_mb:,.1f} MiB); repeat {repeat}; command: python bench/bench_ingest.py "
          + " ".join(argv if argv is not None else sys.argv[1:]), flush=True)

    names = ["floor", "ours"] + (["cli"] if a.cli else []) + ["pandas"]
    res = {}
    for name in names:
        res[name] = measure(name, path, repeat)
        r = res[name]
        print(f"  {name:<7} {r['s']:8.2f} s  (runs {r['runs']}, wall {r['wall_s']:.2f} s)  "
              f"peak {r['peak_rss_mb']:,.0f} MB", flush=True)

    print()
    print(f"{'run':<8}{'seconds':>9}{'wall s':>9}{'peak RSS MB':>13}{'peak/file':>11}")
    for name in names:
        r = res[name]
        print(f"{name:<8}{r['s']:>9.2f}{r['wall_s']:>9.2f}{r['peak_rss_mb']:>13,.0f}{r['peak_rss_mb'] / size_mb:>10.2f}x")
    ours, floor, pd_ = res["ours"], res["floor"], res["pandas"]
    print(f"file size {size_mb:,.1f} MiB; rows_read {ours['rows_read']:,} = kept {ours['rows_kept']:,} + rejected "
          f"{ours['rows_rejected']:,} + duplicates {ours['duplicates_removed']:,}; customers {ours['customers']:,}")
    r1 = ours["s"] / floor["s"]
    r2 = pd_["s"] / ours["s"]
    r3 = ours["peak_rss_mb"] / size_mb
    print(f"ours / floor   = {r1:5.2f}x   (target <= 2x)   {'OK' if r1 <= 2 else 'MISSED'}")
    print(f"pandas / ours  = {r2:5.2f}x   (target > 1x)    {'OK' if r2 > 1 else 'MISSED'}")
    print(f"ours peak RSS / file size = {r3:5.2f}x   (target < 3x)   {'OK' if r3 < 3 else 'MISSED'}")

    if not a.no_stages:
        st = run_child([str(HERE / "bench_ingest.py"), "--worker", "stages", str(path)])
        print()
        print(f"stage breakdown of ours (bench/stages.py, one run; total {st['s']:.2f} s, "
              f"peak {st['peak_rss_mb']:,.0f} MB)")
        print(f"  {'stage':<50}{'s':>7}{'share':>7}{'RSS MB':>9}{'peak MB':>9}{'duckdb MB':>11}")
        for row in st["stages"]:
            print(f"  {row['stage']:<50}{row['s']:>7.2f}{row['s'] / st['s']:>7.0%}{row['rss_mb']:>9,.0f}"
                  f"{row['hwm_mb']:>9,.0f}{row['duckdb_mb']:>11,.0f}")
        same = st["report"] == ours["report"] and st["ct"] == ours["ct"] and st["store"] == ours["store"]
        print(f"  (instrumented run gives the same report, tables and CustomerTable as the timed run: {same})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
