"""Server-side page timings on the bundled sample (issue #14; figures, not assertions).

    python bench/bench_page_runs.py [--pages overview pyramid …]

Each page's script run is timed inside the script thread (bench/page_timer.py: wall and thread CPU), under
Streamlit's AppTest in one process, as the server runs it:
- cold: the page's first open in a session whose data is loaded, with this process's caches cold for the page
  (models are fitted here);
- first open: the same page opened by a second session (the shared bundled dataset and its cached views);
- widget change: each widget of the page (derived from the page as in tests/test_page_sweep.py) set to another
  state, one run each: median and maximum, and which widget was the slowest. A page with lazy tabs (only the
  open tab runs) has each other tab opened in turn (a "tab switch", one run: median and maximum) and its widgets
  changed too.
Beside them the floor: bench/floor_app.py (one title, one plotly chart, one table), timed the same way.
Targets (issue #14): first open ≤ 3× the floor except where a model is fitted; every widget change ≤ 0.15 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.test_page_sweep import _lazy_tab_groups, _states, _widgets  # noqa: E402

PAGES = ["overview", "data", "pyramid", "rfm", "clv", "lifecycle", "loyalty", "churn", "profile"]
TIMER = str(ROOT / "bench" / "page_timer.py")
PROFILE_CUSTOMER = "C000002"  # the profile page needs a customer (a sample customer of tests/test_profile.py)


def run(page: str, at: AppTest | None = None) -> tuple[AppTest, tuple[float, float]]:
    os.environ["BENCH_PAGE"] = page
    if at is None:
        at = AppTest.from_file(TIMER, default_timeout=600)
        at.session_state["lang"] = "en"
        if page == "profile":
            at.query_params["customer"] = PROFILE_CUSTOMER
    at.run()
    if at.exception:
        raise RuntimeError(f"{page}: {[e.value for e in at.exception]}")
    return at, at.session_state["_bench_runs"][-1]


def changes(page: str, at: AppTest) -> list[tuple[float, str]]:
    out = []
    for w in list(_widgets(at)):
        ident = (type(w).__name__, w.key or w.label)
        current = next((x for x in _widgets(at) if (type(x).__name__, x.key or x.label) == ident), None)
        if current is None or current.disabled:
            continue
        states = [s for s in _states(current) if s != current.value] or _states(current)
        if not states:
            continue
        try:
            current.set_value(states[0])
        except KeyError:
            continue
        at, (wall, _cpu) = run(page, at)
        out.append((wall, f"{ident[0]} {ident[1]}"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", nargs="+", default=PAGES)
    args = ap.parse_args()
    _, load = run("overview")  # the shared sample is loaded (a "loaded session" from here on)
    print(f"load: the first session's overview, ingest included: {load[0]:.2f} s (so the overview's 'cold' is warm)")
    _, floor_cold = run("floor")
    _, floor = run("floor")
    print(f"floor page: {floor[0]:.3f} s wall, {floor[1]:.3f} s CPU (its first run {floor_cold[0]:.3f} s)")
    print(f"{'page':<10} {'cold s':>7} {'first open s':>12} {'× floor':>7} {'changes':>7} {'median s':>8} "
          f"{'max s':>6}  {'tab switches':>12} {'median s':>8} {'max s':>6}  slowest change")
    for page in args.pages:
        _, cold = run(page)
        at, first = run(page)
        groups = _lazy_tab_groups(at)
        ch = changes(page, at)
        switches = []
        for key, labels in groups.items():
            for label in labels[1:]:  # the first tab is open already
                fresh, _ = run(page)  # a session at the page's defaults, then the tab opened
                fresh.session_state[key] = label
                fresh, (wall, _cpu) = run(page, fresh)
                switches.append(wall)
                ch += changes(page, fresh)
        med = statistics.median(w for w, _ in ch) if ch else float("nan")
        worst = max(ch) if ch else (float("nan"), "")
        sw_med = statistics.median(switches) if switches else float("nan")
        sw_max = max(switches) if switches else float("nan")
        print(f"{page:<10} {cold[0]:>7.2f} {first[0]:>12.3f} {first[0] / floor[0]:>7.1f} {len(ch):>7} {med:>8.3f} "
              f"{worst[0]:>6.3f}  {len(switches):>12} {sw_med:>8.3f} {sw_max:>6.3f}  {worst[1]}", flush=True)


if __name__ == "__main__":
    main()
