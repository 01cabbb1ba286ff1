"""`python -m crm_core report` end to end on a big file, against the DuckDB floor in the same run (issue #14).

    python bench/bench_report.py                      # 10M lines (bench/out/orders_10000000.csv), --repeat 2
    python bench/bench_report.py --lines 1e6 --repeat 3
    python bench/bench_report.py --file my_orders.csv --html

Runs, alternating, each in a fresh child process (peak RSS of that process alone, via os.wait4):
  floor   bare DuckDB read_csv + GROUP BY customer_id (bench_ingest.FLOOR_SQL), fetched as a DataFrame
  report  crm_core.cli.main(["report", FILE, "--out", DIR]) — what `python -m crm_core report` runs: ingest,
          CustomerTable, BG/NBD + Gamma-Gamma fit and predictions, pyramid + RFM, lifecycle, churn model,
          loyalty, and the files (ingest.json, rejected.csv, customers.csv, summary.json; report.html with --html)
The stages are the CLI's own (crm_core.progress.CLI_STAGES): the child swaps crm_core.cli.StageLog for a
subclass that also records each finished stage's seconds, RSS and peak RSS (VmHWM) — the same stage
boundaries the CLI prints on stderr. "seconds" is the child's own timer (imports excluded); "wall" is the
whole child process. Nothing asserts on time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from _harness import HERE, emit, machine_facts, print_machine, run_child


def _status_mb(key: str) -> float:
    for ln in Path("/proc/self/status").read_text().splitlines():
        if ln.startswith(key + ":"):
            return int(ln.split()[1]) / 1024
    return float("nan")


def work_report(path: str, html: bool = False) -> dict:
    import contextlib
    import io
    import tempfile

    from crm_core import cli
    from crm_core.progress import CLI_STAGES, StageLog

    rows: list[dict] = []

    class RecordingLog(StageLog):
        """The CLI's StageLog, also keeping each finished stage's time and memory."""

        def _finish(self) -> None:
            if self.current is not None:
                rows.append({"stage": self.current, "s": time.perf_counter() - self.started,
                             "rss_mb": _status_mb("VmRSS"), "hwm_mb": _status_mb("VmHWM")})
            super()._finish()

    cli.StageLog = RecordingLog
    with tempfile.TemporaryDirectory(prefix="cvd_bench_report_") as out:
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            rc = cli.main(["report", path, "--out", out] + (["--html"] if html else []))
        s = time.perf_counter() - t0
        assert rc == 0, rc
        sizes = {p.name: p.stat().st_size for p in Path(out).iterdir()}
    return {"s": s, "stages": rows, "files": sizes, "stage_names": CLI_STAGES}


def work_floor(path: str, html: bool = False) -> dict:
    from bench_ingest import work_floor as floor
    return floor(path)


WORKERS = {"report": work_report, "floor": work_floor}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lines", type=float, default=10_000_000, help="lines of the generated file (default 10M)")
    p.add_argument("--file", help="benchmark this file instead of a generated one")
    p.add_argument("--repeat", type=int, default=2, help="runs of each, alternating; medians reported (default 2)")
    p.add_argument("--html", action="store_true", help="also write report.html (the handout)")
    p.add_argument("--worker", choices=list(WORKERS), help=argparse.SUPPRESS)
    p.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.worker:
        emit(WORKERS[a.worker](a.path, a.html))
        return 0

    import bench_ingest
    print_machine(machine_facts())
    path = bench_ingest.ensure_file(a)
    size_mb = path.stat().st_size / 2**20
    print(f"file: {path} ({size_mb:,.1f} MiB); repeat {a.repeat}; command: python bench/bench_report.py "
          + " ".join(argv if argv is not None else sys.argv[1:]), flush=True)
    extra = ["--html"] if a.html else []
    runs: dict[str, list[dict]] = {"floor": [], "report": []}
    for i in range(a.repeat):
        for name in runs:
            r = run_child([str(HERE / "bench_report.py"), "--worker", name, str(path), *extra])
            runs[name].append(r)
            print(f"  run {i + 1} {name:<7} {r['s']:8.2f} s  wall {r['wall_s']:.2f} s  peak {r['peak_rss_mb']:,.0f} MB"
                  f"  (load {os.getloadavg()[0]:.2f})", flush=True)
            if name == "report":
                print("    stages: " + ", ".join(f"{row['stage']} {row['s']:.2f}" for row in r["stages"]), flush=True)

    med = {n: statistics.median(r["s"] for r in rs) for n, rs in runs.items()}
    peak = {n: max(r["peak_rss_mb"] for r in rs) for n, rs in runs.items()}
    wall = {n: statistics.median(r["wall_s"] for r in rs) for n, rs in runs.items()}
    floor = med["floor"]
    print()
    print(f"{'run':<8}{'seconds':>9}{'wall s':>9}{'peak RSS MB':>13}{'peak/file':>11}{'/floor':>8}   runs")
    for n in runs:
        print(f"{n:<8}{med[n]:>9.2f}{wall[n]:>9.2f}{peak[n]:>13,.0f}{peak[n] / size_mb:>10.2f}x{med[n] / floor:>7.1f}x   "
              + ", ".join(f"{r['s']:.2f}" for r in runs[n]))

    print()
    print(f"stages of report (crm_core.progress.CLI_STAGES; median seconds over {a.repeat} runs; share of the "
          f"median total {med['report']:.2f} s; peak RSS = the process's peak by the stage's end, max over runs)")
    print(f"  {'stage':<12}{'what':<44}{'s':>8}{'share':>7}{'/floor':>8}{'peak MB':>9}   runs")
    for stage, what in runs["report"][-1]["stage_names"].items():
        got = [row for r in runs["report"] for row in r["stages"] if row["stage"] == stage]
        if not got:
            continue
        s = statistics.median(row["s"] for row in got)
        print(f"  {stage:<12}{what[:43]:<44}{s:>8.2f}{s / med['report']:>7.0%}{s / floor:>7.1f}x"
              f"{max(row['hwm_mb'] for row in got):>9,.0f}   " + ", ".join(f"{row['s']:.2f}" for row in got))
    print("  files written: " + ", ".join(f"{k} {v / 2**20:,.1f} MiB" for k, v in runs["report"][-1]["files"].items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
