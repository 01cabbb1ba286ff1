"""A workshop on one server: N sessions open the app at once (figures, not assertions; issue #14).

    python bench/bench_workshop.py [--sessions 1 10 30] [--pages pyramid rfm clv] [--modes shared private] [--warm]

For each mode and N a fresh ``streamlit run app.py`` (the README's command, on a free port) serves N sessions
that start together; each opens the overview (its first view) and then walks through ``--pages``. The load
client drives Streamlit's own agent API (``POST /_stcore/agent/interact``, switched on for this server only
with ``--server.enableAgentApi=true``): each call runs the page in a real server session, through the same
rerun path a browser's websocket uses, and answers when the page has finished — so there is no browser per
session and the client's cost is a few JSON requests (its own CPU time is printed beside the server's).

Figures per run, from /proc of the server process:
- server CPU s: user + system time the server spent on the N sessions (after its start-up), and per session;
- additional session CPU s: (CPU at N − CPU at 1) / (N − 1), from the two fresh servers;
- first view, last: seconds from the common start until the last session's overview was complete;
- walk, last: until the last session finished its walk;
- peak RSS: the server's VmHWM; after: its RSS once every session has gone (agent sessions are closed
  ``--server.agentSessionTTL`` = 15 s after their last request, which drops their state as Streamlit does for
  a browser session) against its RSS when idle after start-up.

``--warm``: one session walks first, untimed, on each server; the N timed sessions then arrive at a warm server
(the sample loaded, its views cached), and their CPU per session is the run's CPU / N, with no other server's N = 1
run subtracted (that subtraction carries the N = 1 server's run-to-run spread of about ±1 s).

Modes: ``floor`` (bench/floor_app.py: one title, one plotly chart and one table, nothing computed — what any
Streamlit page costs through the same client), ``shared`` (the product: a bundled dataset loaded once per server process, its views' cached results
shared), ``private`` (``CVD_SHARE_BUNDLED=0``: every session ingests its own copy, as before issue #14).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import machine_facts  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def memory_mb(pid: int) -> dict:
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {k: int(status[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}


class Server:
    def __init__(self, share: bool, app: str = "app.py"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, CVD_SHARE_BUNDLED="1" if share else "0")
        self.log = open(ROOT / "bench" / "out" / f"workshop_server_{self.port}.log", "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", app, "--server.address", "127.0.0.1",
             "--server.port", str(self.port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.enableAgentApi", "true", "--server.agentSessionTTL", "15", "--server.agentWaitTimeout", "120"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=20)
        self.log.close()


def interact(url: str, body: dict) -> dict:
    """One agent API call; a run still going (202) is collected with the session id until it is done."""
    while True:
        req = urllib.request.Request(f"{url}/_stcore/agent/interact", data=json.dumps(body).encode(),
                                     headers={"content-type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=300) as r:
                snap = json.loads(r.read())
                if r.status == 200:
                    return snap
                body = {"session_id": snap["session_id"]}
        except urllib.error.HTTPError as err:
            doc = json.loads(err.read())
            if err.code == 202 or doc.get("code") == "wait_timed_out":
                body = {"session_id": doc["session_id"]}
                continue
            raise RuntimeError(f"agent API {err.code}: {doc}") from None


def has_exception(node) -> bool:
    if isinstance(node, dict):
        if node.get("type") == "exception":
            return True
        return any(has_exception(v) for v in node.values())
    if isinstance(node, list):
        return any(has_exception(v) for v in node)
    return False


def one_run(share: bool, n: int, pages: list[str], app: str = "app.py", warm: bool = False) -> dict:
    server = Server(share, app)
    try:
        time.sleep(1.0)
        pid = server.proc.pid
        if warm:  # one session walks first, untimed: the N sessions then find the sample and its views loaded
            snap = interact(server.url, {})
            for page in pages:
                snap = interact(server.url, {"session_id": snap["session_id"], "page": page})
            time.sleep(0.5)
        idle = memory_mb(pid)["VmRSS"]
        cpu0 = cpu_seconds(pid)
        barrier = threading.Barrier(n + 1)
        first, done, errors = [None] * n, [None] * n, []

        def walk(i: int) -> None:
            barrier.wait()
            try:
                snap = interact(server.url, {})
                first[i] = time.perf_counter() - start
                bad = [snap["page"].get("url_path")] if snap["status"] != "ready" or has_exception(snap["tree"]) else []
                for page in pages:
                    snap = interact(server.url, {"session_id": snap["session_id"], "page": page})
                    if snap["status"] != "ready" or has_exception(snap["tree"]):
                        bad.append(page)
                done[i] = time.perf_counter() - start
                if bad:
                    errors.append((i, bad))
            except Exception as err:
                errors.append((i, repr(err)))

        threads = [threading.Thread(target=walk, args=(i,)) for i in range(n)]
        for th in threads:
            th.start()
        client0 = time.process_time()
        start = time.perf_counter()
        barrier.wait()
        for th in threads:
            th.join()
        client = time.process_time() - client0
        cpu = cpu_seconds(pid) - cpu0
        peak = memory_mb(pid)["VmHWM"]
        time.sleep(25)  # the sessions' TTL (15 s) and the sweep, then their state is dropped
        after = memory_mb(pid)["VmRSS"]
        mode = "floor" if app != "app.py" else "shared" if share else "private"
        return {"mode": mode + ("-warm" if warm else ""), "sessions": n, "server_cpu_s": cpu,
                "cpu_per_session_s": cpu / n, "first_view_last_s": max(f for f in first if f is not None)
                if any(first) else None, "walk_last_s": max(d for d in done if d is not None) if any(done) else None,
                "client_cpu_s": client, "idle_rss_mb": idle, "peak_rss_mb": peak, "after_rss_mb": after,
                "errors": errors}
    finally:
        server.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 30])
    ap.add_argument("--pages", nargs="*", default=["pyramid", "rfm", "clv"])
    ap.add_argument("--modes", nargs="+", choices=["shared", "private", "floor"], default=["shared", "private", "floor"])
    ap.add_argument("--warm", action="store_true", help="one session walks first, untimed, on each server: the "
                    "figures are then those of N sessions arriving at a warm server (CPU per session = the run's "
                    "CPU / N, without subtracting another server's N = 1 run)")
    args = ap.parse_args()
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    print(json.dumps(machine_facts()))
    print("each session: overview" + (f", then {', '.join(args.pages)}" if args.pages else " only"))
    hdr = (f"{'mode':<8} {'N':>3} {'server CPU s':>12} {'per session':>11} {'first view, last':>16} "
           f"{'walk, last':>10} {'client CPU':>10} {'idle MB':>8} {'peak MB':>8} {'after MB':>8}  errors")
    print(hdr)
    results = []
    for mode in args.modes:
        for n in args.sessions:
            r = (one_run(True, n, [], "bench/floor_app.py", warm=args.warm) if mode == "floor"
                 else one_run(mode == "shared", n, args.pages, warm=args.warm))
            results.append(r)
            print(f"{r['mode']:<8} {n:>3} {r['server_cpu_s']:>12.2f} {r['cpu_per_session_s']:>11.3f} "
                  f"{r['first_view_last_s'] or float('nan'):>16.2f} {r['walk_last_s'] or float('nan'):>10.2f} "
                  f"{r['client_cpu_s']:>10.2f} {r['idle_rss_mb']:>8.0f} {r['peak_rss_mb']:>8.0f} "
                  f"{r['after_rss_mb']:>8.0f}  {r['errors'] or ''}", flush=True)
    for mode in [m + ("-warm" if args.warm else "") for m in args.modes]:
        by_n = {r["sessions"]: r for r in results if r["mode"] == mode}
        if 1 in by_n:
            for n, r in by_n.items():
                if n > 1:
                    extra = (r["server_cpu_s"] - by_n[1]["server_cpu_s"]) / (n - 1)
                    print(f"{mode}: server CPU per additional session (N={n} vs 1): {extra:.3f} s")
    shared = {r["sessions"]: r for r in results if r["mode"] == "shared"}
    private = {r["sessions"]: r for r in results if r["mode"] == "private"}
    for n in sorted(set(shared) & set(private)):
        print(f"N={n}: private/shared server CPU {private[n]['server_cpu_s'] / shared[n]['server_cpu_s']:.1f}×, "
              f"last first view {private[n]['first_view_last_s'] / shared[n]['first_view_last_s']:.1f}×")


if __name__ == "__main__":
    main()
