"""Shared pieces of the benchmarks: child processes with their own peak RSS, machine facts,
per-stage timing with memory readings, and digests to check that two pipelines agree.

Every measured run is a fresh child process ``python <script> --worker NAME FILE``; the parent
waits for it with ``os.wait4``, which returns that one child's ``ru_maxrss`` (peak resident
set), so runs do not contaminate each other's peak. The child times its own work with
``time.perf_counter`` after its imports and prints one JSON line.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(HERE)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


def run_child(args: list[str], python: str | os.PathLike | None = None) -> dict:
    """Run ``python args...`` as a child; returns its JSON result plus wall_s and peak_rss_mb.

    ``python`` is the interpreter [default: this one]; a bench-only venv's (polars, lifetimes) runs a
    baseline the app must never import."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as errf:
        proc = subprocess.Popen([str(python or sys.executable), *args], stdout=subprocess.PIPE, stderr=errf,
                                env=child_env(), cwd=str(ROOT))
        out = proc.stdout.read()  # read before reaping: communicate() would reap the child itself
        _, status, ru = os.wait4(proc.pid, 0)  # this child's own rusage
        errf.seek(0)
        err = errf.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"child {args} failed ({proc.returncode}):\n{err.decode(errors='replace')[-3000:]}")
    lines = [ln for ln in out.decode().splitlines() if ln.startswith("{")]
    res = json.loads(lines[-1]) if lines else {}
    res["wall_s"] = wall
    res["peak_rss_mb"] = ru.ru_maxrss / 1024  # Linux: KiB
    return res


def emit(result: dict) -> None:
    """Print the child's result as the last JSON line of its stdout."""
    print(json.dumps(result, default=str), flush=True)


def machine_facts() -> dict:
    import duckdb
    import numpy
    import pandas
    cpu = "?"
    try:
        for ln in Path("/proc/cpuinfo").read_text().splitlines():
            if ln.startswith("model name"):
                cpu = ln.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for ln in Path("/proc/meminfo").read_text().splitlines():
            if ln.startswith("MemTotal"):
                mem = f"{int(ln.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)), "cpu": cpu, "ram": mem,
            "kernel": platform.release(), "python": platform.python_version(), "duckdb": duckdb.__version__,
            "pandas": pandas.__version__, "numpy": numpy.__version__}


def print_machine(facts: dict) -> None:
    print(f"machine: {facts['nproc']} CPUs (affinity {facts['affinity']}), {facts['cpu']}, {facts['ram']} RAM, "
          f"Linux {facts['kernel']}")
    print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (other processes share the CPUs)")
    print(f"versions: python {facts['python']}, duckdb {facts['duckdb']}, pandas {facts['pandas']}, "
          f"numpy {facts['numpy']}")


def _status_mb(key: str) -> float:
    for ln in Path("/proc/self/status").read_text().splitlines():
        if ln.startswith(key + ":"):
            return int(ln.split()[1]) / 1024
    return float("nan")


def cpu_s() -> float:
    """This process's CPU time so far, user + system, all threads [s]: on a shared machine it moves far less
    with the load of other processes than wall time does (a step waiting for a core costs none)."""
    t = os.times()
    return t.user + t.system


class Stages:
    """Times named stages; after each, reads CPU time, RSS now, peak RSS so far and DuckDB's own memory."""

    def __init__(self, con=None):
        self.con = con
        self.rows: list[dict] = []
        self._t = time.perf_counter()
        self._cpu = cpu_s()

    def reset(self) -> None:
        """Start the next stage now (time since the last mark is not counted)."""
        self._t, self._cpu = time.perf_counter(), cpu_s()

    def mark(self, name: str) -> None:
        now = time.perf_counter()
        duck = float("nan")
        if self.con is not None:
            try:
                duck = self.con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchall()[0][0] / 2**20
            except Exception:
                pass
        cpu = cpu_s()
        self.rows.append({"stage": name, "s": now - self._t, "cpu_s": cpu - self._cpu, "rss_mb": _status_mb("VmRSS"),
                          "hwm_mb": _status_mb("VmHWM"), "duckdb_mb": duck})
        self._t = time.perf_counter()
        self._cpu = cpu_s()


def store_digest(con, as_of=None) -> dict:
    """Order-independent digests of ``transactions`` and ``rejected`` (every column), for equality checks."""
    out = {}
    for t in ("transactions", "rejected"):
        cols = [r[0] for r in con.execute(f"DESCRIBE {t}").fetchall()]
        expr = "hash(" + ", ".join(f'"{c}"' for c in cols) + ")"
        n, h = con.execute(f"SELECT count(*), bit_xor({expr}) FROM {t}").fetchone()
        out[t] = f"{n}:{h}:{','.join(cols)}"
    return out


def frame_digest(df) -> str:
    """Order-independent digest of a frame: exact for non-float columns, column sums rounded to
    cents for float ones, because DuckDB's parallel sums add in a varying order and differ in the
    last bits from run to run (crm_core's own customer_table is not bit-reproducible)."""
    import pandas as pd
    df = df.sort_values(list(df.columns[:1])).reset_index(drop=True)
    floats = [c for c in df.columns if pd.api.types.is_float_dtype(df[c])]
    exact = df.drop(columns=floats)
    h = int(pd.util.hash_pandas_object(exact, index=False).sum()) & (2**64 - 1)
    sums = "|".join(f"{df[c].sum():.2f}" for c in floats)
    return f"{len(df)}:{h}:{sums}"


def report_digest(report) -> dict:
    d = report.to_dict()
    keep = ("rows_read", "rows_kept", "rows_rejected", "duplicates_removed", "returns", "customers",
            "first_date", "last_date", "gross_revenue", "returns_amount", "net_revenue", "rejected",
            "rejected_examples", "mapping", "date_formats", "currency", "passthrough_columns")
    # money sums: 10 significant digits (parallel sums differ in the last bits from run to run)
    return {k: (float(f"{d[k]:.10g}") if isinstance(d[k], float) else d[k]) for k in keep}
