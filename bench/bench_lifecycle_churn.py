"""Lifecycle stages + churn model (features, training, scoring) at 100,000 and 1,000,000 customers.

    python bench/bench_lifecycle_churn.py                  # 1M lines (100k customers) and 10M lines (1M customers)
    python bench/bench_lifecycle_churn.py --lines 1e6      # one size only
    python bench/bench_lifecycle_churn.py --lines 1e7 --steps summary,churn   # the churn report only
    python bench/bench_lifecycle_churn.py --steps summary,stages,monthly   # without the churn report
    python bench/bench_lifecycle_churn.py --keep-ingest-cap   # the timed steps under the ingest's memory cap (the app's)

Each size runs in a fresh child process (bench/_harness.py): the order file (bench/out/orders_<N>.csv, made
by make_orders.py if missing) is ingested first, untimed; then, timed in that process, each after the other:

  summary   crm_core.customers.customer_summary(store, as_of): the per-customer query every view starts
            from — the baseline the other rows are compared with (same process, same data)
  stages    crm_core.lifecycle.customer_stages(store, as_of): the lifecycle stage of every customer
  monthly   crm_core.lifecycle_over_time.monthly_stage_counts at every month start (the lifecycle page's
            month-by-month tab: 36 dates on the 2022–2024 files)
  churn     crm_core.churn.churn_report(store, as_of): features and labels at three cutoffs (one query), the
            models trained at D − 2H and validated at D − H (with both baselines, BG/NBD included),
            retrained at D − H and scored at D; its own progress callback splits the time by step

--steps picks some of them (comma-separated; summary, the baseline, always runs). --save-validation PATH
writes the churn report's validation table at full precision (JSON, one list of records per size) to compare
two versions of the code to the last digit; the table printed below is rounded to 4 decimals.

After each row: the process's resident set now and its peak so far (VmRSS / VmHWM), so "peak" is the
highest memory any step reached, ingest included (the ingest peak is printed first). No figure is
asserted anywhere; results go to bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from _harness import HERE, Stages, emit, machine_facts, print_machine, run_child

STEPS = ("summary", "stages", "monthly", "churn")


def work(path: str, steps: tuple[str, ...] = STEPS, keep_cap: bool = False) -> dict:
    from crm_core.churn import churn_report
    from crm_core.customers import customer_summary
    from crm_core.ingest import ingest_file
    from crm_core.lifecycle import customer_stages, stage_counts
    from crm_core.lifecycle_over_time import month_starts, monthly_stage_counts

    st = Stages()
    store, report = ingest_file(path)
    if not keep_cap:  # as the command line does after the load (crm_core.cli._load)
        store.execute("memory_limit_default")
    as_of = report.default_as_of
    st.mark("ingest (untimed)")
    ct = customer_summary(store, as_of)
    st.mark("summary")
    limit = store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    out = {"customers": len(ct), "lines": report.rows_kept, "as_of": as_of.isoformat(), "rows": st.rows,
           "memory_limit": limit}
    if "stages" in steps:
        out["stage_counts"] = stage_counts(customer_stages(store, as_of))
        st.mark("stages")
    if "monthly" in steps:
        monthly = monthly_stage_counts(store, month_starts(report.first_date, as_of))
        st.mark("monthly")
        out["monthly_last"] = {k: int(v) for k, v in monthly.iloc[-1, 1:].items()}
        out["monthly_total"] = int(monthly.iloc[:, 1:].to_numpy().sum())
    if "churn" in steps:
        split: dict[str, float] = {}  # churn_report calls progress at the start and the end of each step
        t_last = [time.perf_counter()]

        def progress(fraction: float, step: str) -> None:
            now = time.perf_counter()
            split[step] = split.get(step, 0.0) + now - t_last[0]
            t_last[0] = now

        rep = churn_report(store, as_of, progress=progress)
        st.mark("churn")
        out.update(horizon_days=rep.horizon_days, validation=rep.validation.round(4).to_dict(orient="records"),
                   validation_full=rep.validation.to_dict(orient="records"),
                   churn_steps=[(s, round(t, 3)) for s, t in split.items() if s != "done"])
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lines", type=float, action="append",
                   help="lines of the generated order file (repeatable; default 1e6 and 1e7)")
    p.add_argument("--steps", default=",".join(STEPS),
                   help=f"comma-separated steps to time (default all: {','.join(STEPS)}; summary always runs)")
    p.add_argument("--save-validation", metavar="PATH", help="write the full-precision validation tables (JSON)")
    p.add_argument("--keep-ingest-cap", action="store_true",
                   help="keep the ingest's DuckDB memory cap (2.3 x the file) for the timed steps, as the app's "
                        "sessions do; default: lift it after the load, as the command line does")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    steps = tuple(s.strip() for s in a.steps.split(",") if s.strip())
    unknown = sorted(set(steps) - set(STEPS))
    if unknown:
        p.error(f"--steps: unknown step(s) {', '.join(unknown)}; known: {', '.join(STEPS)}")
    if a.worker:
        emit(work(a.worker, steps, a.keep_ingest_cap))
        return 0
    import make_orders
    print_machine(machine_facts())
    print("command: python bench/bench_lifecycle_churn.py " + " ".join(argv if argv is not None else sys.argv[1:]))
    saved = {}
    for lines in [int(x) for x in (a.lines or [1e6, 1e7])]:
        path = make_orders.default_path(lines)
        if not path.exists():
            print(f"generating {path} ...", flush=True)
            make_orders.main(["--lines", str(lines)])
        load = os.getloadavg()  # other sessions share the machine: the 1/5/15-minute load when this size starts
        r = run_child([str(HERE / "bench_lifecycle_churn.py"), "--steps", ",".join(steps), "--worker", str(path),
                       *(["--keep-ingest-cap"] if a.keep_ingest_cap else [])])
        rows = {row["stage"]: row for row in r["rows"]}
        base = rows["summary"]["s"]
        horizon = f", churn horizon {r['horizon_days']} days" if "churn" in steps else ""
        print(f"\n{lines:,} lines, {r['customers']:,} customers, as of {r['as_of']}{horizon}; "
              f"ingest peak {rows['ingest (untimed)']['hwm_mb']:,.0f} MB; DuckDB memory limit of the timed steps "
              f"{r['memory_limit']}; "
              f"load average at start {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
        print(f"{'step':<10}{'seconds':>9}{'x summary':>11}{'RSS MB':>9}{'peak MB':>9}")
        for name in [s for s in STEPS if s in rows]:
            row = rows[name]
            print(f"{name:<10}{row['s']:>9.2f}{row['s'] / base:>10.1f}x{row['rss_mb']:>9,.0f}{row['hwm_mb']:>9,.0f}")
        if "churn" in steps:
            print("churn steps: " + ", ".join(f"{s} {t:.2f} s" for s, t in r["churn_steps"]))
        if "stages" in steps:
            print("stage counts: " + ", ".join(f"{k} {v:,}" for k, v in r["stage_counts"].items()))
        if "monthly_last" in r:
            print("monthly, last date: " + ", ".join(f"{k} {v:,}" for k, v in r["monthly_last"].items())
                  + f"; all dates: {r['monthly_total']:,} customer-dates")
        for v in r.get("validation", []):
            print(f"  {v['model']:<22} ROC AUC {v['roc_auc']}  PR AUC {v['pr_auc']}  Brier {v['brier']}  "
                  f"top-decile lift {v['top_decile_lift']}")
        if "validation_full" in r:
            saved[str(lines)] = r["validation_full"]
        print(f"child wall {r['wall_s']:.1f} s, peak RSS {r['peak_rss_mb']:,.0f} MB", flush=True)
    if a.save_validation:
        with open(a.save_validation, "w") as f:
            json.dump(saved, f, indent=1)  # floats as repr: every digit
    return 0


if __name__ == "__main__":
    sys.exit(main())
