"""The report on Spark in local mode against the DuckDB report and the DuckDB floor, in the same run (issue #15).

    python bench/bench_spark.py                          # 10M lines (bench/out/orders_10000000.csv), local[2]
    python bench/bench_spark.py --lines 1e6 --driver-memory 2g
    python bench/bench_spark.py --file my_orders.csv --master local[2] --runs floor,spark

Runs, each in a fresh child process:
  floor   bare DuckDB read_csv + GROUP BY customer_id (bench_ingest.FLOOR_SQL), fetched as a DataFrame
  duckdb  `python -m crm_core report FILE --out DIR` (bench_report.work_report: the DuckDB engine, every view)
  spark   `python -m crm_core report FILE --engine spark --spark-master MASTER --spark-conf spark.driver.memory=M
          --out DIR`: ingest, customer table, CLV, pyramid + RFM, lifecycle, churn on Spark; the files
Memory of the Spark run: a thread of the child samples every 0.25 s the resident set of the child's own process (the
Python driver) and of its descendants — the JVM (in local mode the driver and the one executor are the same JVM) and
the Python workers of the pandas UDFs (mapInPandas) — and keeps each kind's peak and the peak of their sum. From
Spark's own monitoring API (the UI of the run, 127.0.0.1 only) after the report: the jobs and stages, bytes read,
shuffled and spilled, and the JVM's peak heap and execution memory (executor metrics). The stages are those of the
report's progress log (crm_core.spark.report.SPARK_STAGES). Nothing asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import urllib.request
from pathlib import Path

from _harness import HERE, emit, machine_facts, print_machine, run_child

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children_of() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = Path(f"/proc/{d}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    return kids


def _rss_mb(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE / 2**20
    except OSError:
        return 0.0


def _kind(pid: int) -> str:
    try:
        comm = Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "other"
    return "jvm" if comm == "java" else "python_workers" if comm.startswith("python") else "other"


class TreeSampler(threading.Thread):
    """Peak resident set of this process ('driver_python'), of its descendant JVM ('jvm') and Python processes
    ('python_workers'), and of the sum of all ('total') [MB], sampled every ``every`` seconds."""

    def __init__(self, every: float = 0.25):
        super().__init__(daemon=True)
        self.every, self.peaks, self._stop_flag = every, {}, threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self._stop_flag.is_set():
            kids, todo, now = _children_of(), [me], {"driver_python": 0.0, "jvm": 0.0, "python_workers": 0.0, "other": 0.0}
            while todo:
                pid = todo.pop()
                now["driver_python" if pid == me else _kind(pid)] += _rss_mb(pid)
                todo.extend(kids.get(pid, []))
            now["total"] = sum(now.values())
            for k, v in now.items():
                self.peaks[k] = max(self.peaks.get(k, 0.0), v)
            self._stop_flag.wait(self.every)

    def stop(self) -> dict:
        self._stop_flag.set()
        self.join()
        return self.peaks


def _spark_metrics() -> dict:
    """Jobs, stages, bytes and the JVM's peak memory of the active session, from its monitoring API."""
    from pyspark.sql import SparkSession

    sc = SparkSession.getActiveSession().sparkContext
    base = f"{sc.uiWebUrl}/api/v1/applications/{sc.applicationId}"

    def get(what):
        with urllib.request.urlopen(f"{base}/{what}", timeout=30) as r:
            return json.load(r)

    stages = [s for s in get("stages") if s.get("status") == "COMPLETE"]
    jobs = get("jobs")
    total = {k: sum(s.get(k, 0) for s in stages) for k in ("inputBytes", "shuffleWriteBytes", "shuffleReadBytes",
                                                            "memoryBytesSpilled", "diskBytesSpilled", "numTasks",
                                                            "executorRunTime")}
    biggest = max(stages, key=lambda s: s.get("shuffleWriteBytes", 0), default={})
    peak = {}
    for ex in get("allexecutors"):
        for k, v in (ex.get("peakMemoryMetrics") or {}).items():
            peak[k] = max(peak.get(k, 0), v)
    return {"jobs": len(jobs), "stages": len(stages), **total,
            "biggest_shuffle_stage": {"name": biggest.get("name", "")[:80],
                                      "shuffleWriteBytes": biggest.get("shuffleWriteBytes", 0),
                                      "numTasks": biggest.get("numTasks", 0)},
            "peak_jvm": {k: peak.get(k, 0) for k in ("JVMHeapMemory", "JVMOffHeapMemory", "OnHeapExecutionMemory",
                                                     "OnHeapStorageMemory", "ProcessTreeJVMRSSMemory")}}


def work_spark(path: str, master: str, driver_memory: str, conf: list[str]) -> dict:
    import contextlib
    import io
    import tempfile

    from crm_core import cli
    from crm_core.progress import StageLog
    from crm_core.spark import report as spark_report

    rows: list[dict] = []

    class RecordingLog(StageLog):
        def _finish(self) -> None:
            if self.current is not None:
                rows.append({"stage": self.current, "s": time.perf_counter() - self.started})
            super()._finish()

    spark_report.StageLog = RecordingLog
    sampler = TreeSampler()
    sampler.start()
    with tempfile.TemporaryDirectory(prefix="cvd_bench_spark_") as out:
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            rc = cli.main(["report", path, "--engine", "spark", "--spark-master", master,
                           "--spark-conf", f"spark.driver.memory={driver_memory}",
                           *[x for c in conf for x in ("--spark-conf", c)], "--out", out])
        s = time.perf_counter() - t0
        assert rc == 0, rc
        peaks = sampler.stop()
        metrics = _spark_metrics()
        sizes = {p.name: sum(f.stat().st_size for f in ([p] if p.is_file() else p.rglob("*"))) for p in Path(out).iterdir()}
        summary = json.loads((Path(out) / "summary.json").read_text(encoding="utf-8"))
    return {"s": s, "stages": rows, "files": sizes, "tree_peak_mb": peaks, "spark": metrics,
            "customers": summary["customers"], "driver_patterns": summary["clv"].get("driver_patterns"),
            "churn_sample": summary["churn"].get("settings", {}).get("sample"),
            "stage_names": spark_report.SPARK_STAGES}


def work_duckdb(path: str, master: str, driver_memory: str, conf: list[str]) -> dict:
    from bench_report import work_report
    return work_report(path)


def work_floor(path: str, master: str, driver_memory: str, conf: list[str]) -> dict:
    from bench_ingest import work_floor as floor
    return floor(path)


WORKERS = {"floor": work_floor, "duckdb": work_duckdb, "spark": work_spark}


def _mb(b: float) -> str:
    return f"{b / 2**20:,.0f} MB"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lines", type=float, default=10_000_000, help="lines of the generated file (default 10M)")
    p.add_argument("--file", help="benchmark this file instead of a generated one")
    p.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    p.add_argument("--driver-memory", default="6g", help="spark.driver.memory, the JVM's heap (default 6g)")
    p.add_argument("--spark-conf", action="append", default=[], metavar="KEY=VALUE",
                   help="another Spark setting for the Spark run (repeatable)")
    p.add_argument("--runs", default="floor,duckdb,spark", help="which runs, in order (default floor,duckdb,spark)")
    p.add_argument("--worker", choices=list(WORKERS), help=argparse.SUPPRESS)
    p.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.worker:
        emit(WORKERS[a.worker](a.path, a.master, a.driver_memory, a.spark_conf))
        return 0

    import bench_ingest
    print_machine(machine_facts())
    import pyspark
    print(f"pyspark {pyspark.__version__}; master {a.master}; spark.driver.memory {a.driver_memory}; "
          f"other settings: {', '.join(a.spark_conf) or 'none'}")
    path = bench_ingest.ensure_file(a)
    size_mb = path.stat().st_size / 2**20
    print(f"file: {path} ({size_mb:,.1f} MiB); command: python bench/bench_spark.py "
          + " ".join(argv if argv is not None else sys.argv[1:]), flush=True)
    names = [n for n in a.runs.split(",") if n in WORKERS]
    got = {}
    for name in names:
        got[name] = run_child([str(HERE / "bench_spark.py"), "--worker", name, str(path), "--master", a.master,
                               "--driver-memory", a.driver_memory,
                               *[x for c in a.spark_conf for x in ("--spark-conf", c)]])
        r = got[name]
        print(f"  {name:<7} {r['s']:8.2f} s  wall {r['wall_s']:.2f} s  peak RSS of the process {r['peak_rss_mb']:,.0f} MB"
              f"  (load {os.getloadavg()[0]:.2f})", flush=True)
    print()
    print(f"{'run':<8}{'seconds':>9}{'/floor':>8}{'/duckdb':>9}")
    for name in names:
        rel = f"{got[name]['s'] / got['duckdb']['s']:>8.2f}x" if "duckdb" in got else f"{'':>9}"
        fl = f"{got[name]['s'] / got['floor']['s']:>7.1f}x" if "floor" in got else f"{'':>8}"
        print(f"{name:<8}{got[name]['s']:>9.2f}{fl}{rel}")
    if "spark" not in got:
        return 0
    sp = got["spark"]
    print()
    print(f"spark: {sp['customers']:,} customers; the fits collected {sp['driver_patterns']} rows to the driver; "
          f"churn sample {sp['churn_sample']}")
    print("spark stages (the report's progress log; seconds, share of the total):")
    for row in sp["stages"]:
        print(f"  {row['stage']:<10}{sp['stage_names'].get(row['stage'], '')[:62]:<63}{row['s']:>8.2f}"
              f"{row['s'] / sp['s']:>6.0%}")
    pk = sp["tree_peak_mb"]
    print("spark peak resident memory (sampled every 0.25 s): " + ", ".join(
        f"{k} {pk.get(k, 0):,.0f} MB" for k in ("total", "jvm", "driver_python", "python_workers")))
    m = sp["spark"]
    print(f"spark monitoring API: {m['jobs']} jobs, {m['stages']} stages, {m['numTasks']:,} tasks, "
          f"executor run time {m['executorRunTime'] / 1000:,.0f} s; input {_mb(m['inputBytes'])}, shuffle write "
          f"{_mb(m['shuffleWriteBytes'])}, shuffle read {_mb(m['shuffleReadBytes'])}, spilled {_mb(m['memoryBytesSpilled'])} "
          f"(memory) / {_mb(m['diskBytesSpilled'])} (disk)")
    b = m["biggest_shuffle_stage"]
    print(f"  biggest shuffle stage: {_mb(b['shuffleWriteBytes'])} in {b['numTasks']} tasks ({b['name']})")
    print("  JVM peaks: " + ", ".join(f"{k} {_mb(v)}" for k, v in m["peak_jvm"].items()))
    print("  files written: " + ", ".join(f"{k} {v / 2**20:,.1f} MiB" for k, v in sp["files"].items()))
    if "duckdb" in got:
        d = got["duckdb"]
        print(f"duckdb report: peak RSS {d['peak_rss_mb']:,.0f} MB; stages: "
              + ", ".join(f"{row['stage']} {row['s']:.1f}" for row in d["stages"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
