"""Measure ingest + CustomerTable variants against crm_core and the DuckDB floor, one invocation.

    python bench/experiments/run_variants.py bench/out/orders_10000000.csv [variant ...] [--repeat N]

Each variant runs in its own child process (peak RSS of that process alone). Every variant's
results are checked against crm_core's own ingest_file + customer_table on the same file:
``transactions`` and ``rejected`` must be identical (order-independent hash of every column),
the IngestReport equal (money to 1e-9 relative), the CustomerTable equal (floats to 1e-9
relative: sums in another order differ in the last bits), and ``transactions`` in file order.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent.parent)]

from _harness import emit, machine_facts, print_machine, run_child, store_digest  # noqa: E402

CHECK_DIR = HERE.parent / "out" / "check"

VARIANTS: dict[str, dict] = {
    # name: lean.Options fields (None = crm_core as it is)
    "crm_core": None,
    "A narrow parse, GROUP BY ALL dedupe": {"dedupe": "group_by_all"},
    "B = A + hash dedupe": {},
    "C = B + DuckDB validates UTF-8": {"encoding": "duckdb"},
    "D = C + fast timestamp macro": {"encoding": "duckdb", "fast_macros": True},
    "K = D + guarded reason CASE": {"encoding": "duckdb", "fast_macros": True, "guarded_reason": True},
    "H = K, one pass: hash while parsing": {"encoding": "duckdb", "fast_macros": True, "guarded_reason": True,
                                            "layout": "onepass"},
    "I = H, raw = view, file read twice": {"fast_macros": True, "guarded_reason": True, "layout": "onepass",
                                           "source": "csv"},
    "J = H + memory_limit 1500MB": {"encoding": "duckdb", "fast_macros": True, "guarded_reason": True,
                                    "layout": "onepass", "memory_limit": "1500MB"},
    "L = K + memory_limit 1500MB": {"encoding": "duckdb", "fast_macros": True, "guarded_reason": True,
                                    "memory_limit": "1500MB"},
}


def report_dict(report) -> dict:
    d = report.to_dict()
    for k in ("today", "default_as_of", "source_name", "drop_duplicates"):
        d.pop(k, None)
    return d


def worker(name: str, path: str, tag: str) -> dict:
    spec = VARIANTS[name]
    if spec is None:
        from stages import instrumented
        t0 = time.perf_counter()
        store, report, ct, rows = instrumented(path)
        s = time.perf_counter() - t0
    else:
        import lean
        t0 = time.perf_counter()
        store, report, ct, rows = lean.run(path, lean.Options(**spec))
        s = time.perf_counter() - t0
    out = {"s": s, "stages": rows}
    CHECK_DIR.mkdir(parents=True, exist_ok=True)
    ct_path = CHECK_DIR / f"ct_{tag}.parquet"
    ct.to_parquet(ct_path)
    import lean
    out.update(report=report_dict(report), store=store_digest(store.con), ct_path=str(ct_path),
               order_violations=lean.file_order_violations(store.con))
    return out


def floor_worker(path: str) -> dict:
    import duckdb
    from bench_ingest import FLOOR_SQL
    con = duckdb.connect()
    t0 = time.perf_counter()
    df = con.execute(FLOOR_SQL, {"path": path}).df()
    return {"s": time.perf_counter() - t0, "customers": len(df)}


def same_report(a: dict, b: dict) -> list[str]:
    bad = []
    for k in a:
        x, y = a[k], b.get(k)
        if isinstance(x, float) and isinstance(y, float):
            if not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-6):
                bad.append(k)
        elif x != y:
            bad.append(k)
    return bad


def same_ct(p1: str, p2: str) -> str:
    import pandas as pd
    a = pd.read_parquet(p1).sort_values("customer_id").reset_index(drop=True)
    b = pd.read_parquet(p2).sort_values("customer_id").reset_index(drop=True)
    try:
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9, atol=1e-6)
    except AssertionError as err:
        return str(err).splitlines()[0][:200]
    return ""


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("variants", nargs="*")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--worker")
    p.add_argument("--tag", default="x")
    a = p.parse_args(argv)
    if a.worker == "floor":
        emit(floor_worker(a.file))
        return 0
    if a.worker:
        emit(worker(a.worker, a.file, a.tag))
        return 0

    print_machine(machine_facts())
    size = Path(a.file).stat().st_size / 2**20
    names = a.variants or list(VARIANTS)
    if "crm_core" not in names:
        names = ["crm_core", *names]
    print(f"file {a.file} ({size:,.0f} MiB), repeat {a.repeat}", flush=True)
    floors = [run_child([__file__, a.file, "--worker", "floor"])["s"] for _ in range(a.repeat)]
    res = {}
    for i, name in enumerate(names):
        runs = [run_child([__file__, a.file, "--worker", name, "--tag", str(i)]) for _ in range(a.repeat)]
        r = runs[-1]
        r["s"] = statistics.median(x["s"] for x in runs)
        r["peak"] = max(x["peak_rss_mb"] for x in runs)
        res[name] = r
        print(f"  {name:<40}{r['s']:7.2f} s  peak {r['peak']:6,.0f} MB", flush=True)
    floors += [run_child([__file__, a.file, "--worker", "floor"])["s"] for _ in range(a.repeat)]
    floor = statistics.median(floors)
    base = res["crm_core"]
    print(f"\nfloor (bare DuckDB read_csv + GROUP BY, median of {len(floors)} runs before/after): {floor:.2f} s\n")
    print(f"{'variant':<40}{'s':>7}{'/floor':>8}{'peak MB':>9}{'/file':>7}  same results as crm_core")
    for name, r in res.items():
        checks = []
        if r["store"] != base["store"]:
            checks.append("TABLES DIFFER")
        bad = same_report(base["report"], r["report"])
        if bad:
            checks.append(f"REPORT DIFFERS {bad}")
        msg = same_ct(base["ct_path"], r["ct_path"])
        if msg:
            checks.append(f"CUSTOMERTABLE DIFFERS {msg}")
        if r["order_violations"]:
            checks.append(f"not in file order ({r['order_violations']})")
        print(f"{name:<40}{r['s']:>7.2f}{r['s'] / floor:>7.2f}x{r['peak']:>9,.0f}{r['peak'] / size:>6.2f}x  "
              + ("yes" if not checks else "; ".join(checks)))
    print()
    for name, r in res.items():
        print(f"stages of {name}:")
        for row in r["stages"]:
            print(f"    {row['stage']:<52}{row['s']:7.2f} s  peak so far {row['hwm_mb']:7,.0f} MB")
    (HERE.parent / "out" / "variants_last.json").write_text(json.dumps(res, default=str, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
