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
  polars  pl.read_csv(path) (every column, as text) + cast / str.to_datetime (non-strict) + group_by with
          the same aggregates, in bench/.venv-polars (bench/requirements-polars.txt; created on first use:
          the app never imports polars)                                              [--no-polars: skip]
  stages  ours once more, instrumented: each SQL step of crm_core timed (bench/stages.py)
"seconds" is the child's own timer around the work (after imports), median of --repeat runs;
"wall" is the whole child process (interpreter start and imports included).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _harness import (
    HERE,
    ROOT,
    cpu_s,
    emit,
    frame_digest,
    machine_facts,
    print_machine,
    report_digest,
    run_child,
    store_digest,
)

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
    t0, c0 = time.perf_counter(), cpu_s()
    store, report = ingest_file(path)
    ct = customer_table(store, report.default_as_of)
    s, cpu = time.perf_counter() - t0, cpu_s() - c0
    return {"s": s, "cpu_s": cpu, "customers": len(ct), "rows_read": report.rows_read, "rows_kept": report.rows_kept,
            "rows_rejected": report.rows_rejected, "duplicates_removed": report.duplicates_removed,
            "report": report_digest(report), "ct": frame_digest(ct), "store": store_digest(store.con)}


def work_cli(path: str) -> dict:
    import contextlib
    import io
    import tempfile

    from crm_core.cli import main
    with tempfile.TemporaryDirectory(prefix="cvd_bench_") as out:
        t0, c0 = time.perf_counter(), cpu_s()
        with contextlib.redirect_stdout(io.StringIO()):
            rc = main(["report", path, "--out", out])
        s, cpu = time.perf_counter() - t0, cpu_s() - c0
        assert rc == 0, rc
    return {"s": s, "cpu_s": cpu}


def work_floor(path: str) -> dict:
    import duckdb
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False})
    t0, c0 = time.perf_counter(), cpu_s()
    df = con.execute(FLOOR_SQL, {"path": path}).df()
    s, cpu = time.perf_counter() - t0, cpu_s() - c0
    return {"s": s, "cpu_s": cpu, "customers": len(df), "lines": int(df["lines"].sum())}


def work_pandas(path: str) -> dict:
    import pandas as pd
    t0, c0 = time.perf_counter(), cpu_s()
    df = pd.read_csv(path)
    lines = pd.DataFrame({
        "customer_id": df["customer_id"],
        "amount": pd.to_numeric(df["amount"], errors="coerce"),
        "ts": pd.to_datetime(df["order_time"], format="%Y-%m-%d %H:%M:%S", errors="coerce"),
    })
    g = lines.groupby("customer_id").agg(lines=("amount", "size"), amount=("amount", "sum"),
                                         first_ts=("ts", "min"), last_ts=("ts", "max"))
    s, cpu = time.perf_counter() - t0, cpu_s() - c0
    return {"s": s, "cpu_s": cpu, "customers": len(g), "lines": int(g["lines"].sum())}


def work_polars(path: str) -> dict:
    # runs in bench/.venv-polars: imports nothing of crm_core
    import polars as pl
    t0, c0 = time.perf_counter(), cpu_s()
    # every column read as text (infer_schema=False): the amount column holds "待定" and "¥12.34", which a
    # typed read refuses; the casts then coerce what does not read to null, as pandas' errors="coerce"
    df = pl.read_csv(path, infer_schema=False)
    lines = df.select(
        pl.col("customer_id"),
        pl.col("amount").cast(pl.Float64, strict=False),
        pl.col("order_time").str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False).alias("ts"),
    ).filter(pl.col("customer_id").is_not_null())  # pandas' groupby drops a blank key (dropna=True)
    g = lines.group_by("customer_id").agg(pl.len().alias("lines"), pl.col("amount").sum(),
                                          pl.col("ts").min().alias("first_ts"), pl.col("ts").max().alias("last_ts"))
    s, cpu = time.perf_counter() - t0, cpu_s() - c0
    return {"s": s, "cpu_s": cpu, "customers": g.height, "lines": int(g["lines"].sum()), "polars": pl.__version__}


def work_stages(path: str) -> dict:
    from stages import instrumented
    t0, c0 = time.perf_counter(), cpu_s()
    store, report, ct, rows = instrumented(path)
    s, cpu = time.perf_counter() - t0, cpu_s() - c0
    return {"s": s, "cpu_s": cpu, "stages": rows, "report": report_digest(report), "ct": frame_digest(ct),
            "store": store_digest(store.con)}


WORKERS = {"ours": work_ours, "cli": work_cli, "floor": work_floor, "pandas": work_pandas, "polars": work_polars,
           "stages": work_stages}

POLARS_VENV = HERE / ".venv-polars"
POLARS_PINS = HERE / "requirements-polars.txt"


def polars_python() -> Path:
    """The python of bench/.venv-polars, created from bench/requirements-polars.txt on first use."""
    py = POLARS_VENV / "bin" / "python"
    if not py.exists():
        print(f"creating {POLARS_VENV.relative_to(ROOT)} ({POLARS_PINS.name}) ...", flush=True)
        subprocess.run(["python3.11", "-m", "venv", str(POLARS_VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "-r", str(POLARS_PINS)], check=True)
    return py


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


def measure(names: list[str], path: Path, repeat: int) -> dict:
    """``repeat`` rounds of one run of each name, in turn: on a shared machine whose load drifts, a round's
    runs see about the same load, so the same-run ratios stay fair."""
    runs: dict[str, list[dict]] = {n: [] for n in names}
    for i in range(repeat):
        for name in names:
            python = polars_python() if name == "polars" else None
            r = run_child([str(HERE / "bench_ingest.py"), "--worker", name, str(path)], python)
            runs[name].append(r)
            print(f"  round {i + 1} {name:<7} {r['s']:8.2f} s  cpu {r.get('cpu_s', float('nan')):7.2f} s  "
                  f"wall {r['wall_s']:.2f} s  peak {r['peak_rss_mb']:,.0f} MB  (load {os.getloadavg()[0]:.2f})",
                  flush=True)
    res = {}
    for name, rs in runs.items():
        out = dict(rs[-1])
        out["s"] = statistics.median(r["s"] for r in rs)
        out["cpu_s"] = statistics.median(r.get("cpu_s", float("nan")) for r in rs)
        out["wall_s"] = statistics.median(r["wall_s"] for r in rs)
        out["peak_rss_mb"] = max(r["peak_rss_mb"] for r in rs)
        out["runs"] = [round(r["s"], 2) for r in rs]
        res[name] = out
    return res


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lines", type=float, default=10_000_000, help="lines of the generated file (default 10M)")
    p.add_argument("--file", help="benchmark this file instead of a generated one")
    p.add_argument("--repeat", type=int, help="runs per measurement, median reported "
                                              "(default 3 below 5M lines, else 1)")
    p.add_argument("--cli", action="store_true", help="also time the full `report` CLI command (writes CSVs)")
    p.add_argument("--no-stages", action="store_true", help="skip the stage breakdown run")
    p.add_argument("--no-polars", action="store_true", help="skip the polars baseline")
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

    names = ["floor", "ours"] + (["cli"] if a.cli else []) + ["pandas"] + ([] if a.no_polars else ["polars"])
    res = measure(names, path, repeat)

    print()
    print(f"{'run':<8}{'seconds':>9}{'cpu s':>8}{'wall s':>9}{'peak RSS MB':>13}{'peak/file':>11}   runs (s)")
    for name in names:
        r = res[name]
        print(f"{name:<8}{r['s']:>9.2f}{r['cpu_s']:>8.2f}{r['wall_s']:>9.2f}{r['peak_rss_mb']:>13,.0f}"
              f"{r['peak_rss_mb'] / size_mb:>10.2f}x   {r['runs']}")
    ours, floor, pd_ = res["ours"], res["floor"], res["pandas"]
    print(f"file size {size_mb:,.1f} MiB; rows_read {ours['rows_read']:,} = kept {ours['rows_kept']:,} + rejected "
          f"{ours['rows_rejected']:,} + duplicates {ours['duplicates_removed']:,}; customers {ours['customers']:,}")
    r1 = ours["s"] / floor["s"]
    r2 = pd_["s"] / ours["s"]
    r3 = ours["peak_rss_mb"] / size_mb
    print(f"ours / floor   = {r1:5.2f}x   (target <= 3x, issue #14; first aim <= 2x)   {'OK' if r1 <= 3 else 'MISSED'}"
          f"   cpu time: {ours['cpu_s'] / floor['cpu_s']:5.2f}x")
    print(f"pandas / ours  = {r2:5.2f}x   (target > 1x)    {'OK' if r2 > 1 else 'MISSED'}"
          f"   cpu time: {pd_['cpu_s'] / ours['cpu_s']:5.2f}x")
    print(f"ours peak RSS / file size = {r3:5.2f}x   (target < 3x)   {'OK' if r3 < 3 else 'MISSED'}")
    if "polars" in res:
        pl_ = res["polars"]
        print(f"polars / ours  = {pl_['s'] / ours['s']:5.2f}x   pandas / polars = {pd_['s'] / pl_['s']:5.2f}x   "
              f"polars / floor = {pl_['s'] / floor['s']:5.2f}x   (polars {pl_.get('polars')}; customers "
              f"{pl_['customers']:,} vs pandas {pd_['customers']:,}, lines {pl_['lines']:,} vs {pd_['lines']:,})")

    if not a.no_stages:
        st = run_child([str(HERE / "bench_ingest.py"), "--worker", "stages", str(path)])
        print()
        print(f"stage breakdown of ours (bench/stages.py, one run; total {st['s']:.2f} s, "
              f"peak {st['peak_rss_mb']:,.0f} MB)")
        cpu = sum(row["cpu_s"] for row in st["stages"])
        print(f"  {'stage':<50}{'s':>7}{'share':>7}{'cpu s':>7}{'share':>7}{'RSS MB':>9}{'peak MB':>9}{'duckdb MB':>11}")
        for row in st["stages"]:
            print(f"  {row['stage']:<50}{row['s']:>7.2f}{row['s'] / st['s']:>7.0%}{row['cpu_s']:>7.2f}"
                  f"{row['cpu_s'] / cpu:>7.0%}{row['rss_mb']:>9,.0f}"
                  f"{row['hwm_mb']:>9,.0f}{row['duckdb_mb']:>11,.0f}")
        same = st["report"] == ours["report"] and st["ct"] == ours["ct"] and st["store"] == ours["store"]
        print(f"  (instrumented run gives the same report, tables and CustomerTable as the timed run: {same})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
