"""Where a page's warm script run goes: the page opened twice under AppTest (the second session warm), the second
run profiled in the script thread (bench/page_profile.py), the top functions by cumulative time printed.

    python bench/profile_page.py rfm [--lines 40]
    python bench/profile_page.py pyramid --set pyr_ordinary=20   # the warm run after a widget change instead
    python bench/profile_page.py churn --sections --set "ch_tabs=Retention priority" --set ch_rt=0.6
"""

from __future__ import annotations

import argparse
import os
import pstats
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("page")
    p.add_argument("--lines", type=int, default=40)
    p.add_argument("--set", metavar="KEY=VALUE", action="append", help="profile the run after setting this widget or "
                   "opening this tab (a keyed tab group: VALUE is the tab's label); repeatable, one run after each; "
                   "the value is read as a number when it parses as one, as a string otherwise")
    p.add_argument("--sections", action="store_true", help="no profiler: wall-clock time per ui function and per "
                   "chart/table call, inclusive (cProfile inflates plotly about 8x)")
    p.add_argument("--first", action="store_true", help="profile the second session's first run (a participant "
                   "opening the page, the views cached by the first session) instead of a rerun")
    a = p.parse_args(argv)
    if a.first and a.set:  # refused before two sessions are run for nothing
        p.error("--first profiles a session's first run: no --set")
    os.environ["BENCH_PAGE"] = a.page
    os.environ["BENCH_SECTIONS"] = "1" if a.sections else "0"
    for _ in range(2):  # the first session fills the caches; the second is the one a participant sees
        at = AppTest.from_file(str(HERE / "page_profile.py"), default_timeout=600)
        at.session_state["lang"] = "en"
        at.run()
        if at.exception:
            print(at.exception[0].value, file=sys.stderr)
            return 1
    for i, setting in enumerate(a.set or []):
        key, _, raw = setting.partition("=")
        try:
            value = float(raw) if "." in raw else int(raw)
        except ValueError:
            value = raw
        matches = [w for kind in ("slider", "radio", "selectbox", "number_input", "toggle", "checkbox",
                                  "select_slider", "multiselect", "date_input")
                   for w in getattr(at, kind) if getattr(w, "key", None) == key]
        if matches:
            matches[0].set_value(value)
        elif isinstance(at.session_state[key] if key in at.session_state else None, str):
            at.session_state[key] = value  # a keyed tab group: its state is the open tab's label
        else:
            print(f"no widget or tab group with key {key!r} on this page", file=sys.stderr)
            return 1
        if i < len(a.set) - 1:
            at.run()  # a later --set may need what this one opened
    if not a.first:
        at.run()  # a rerun of the warm session (after the widget change, with --set)
    if a.sections:
        total, sections = at.session_state["_bench_sections"][-1]
        print(f"{a.page}: {'first open' if a.first else 'warm rerun'} {total:.3f} s wall (inclusive seconds per function; nested calls count twice)")
        for name, (calls, secs) in sorted(sections.items(), key=lambda kv: -kv[1][1])[:a.lines]:
            print(f"{secs:8.3f} s {calls:5d}x  {name}")
        return 0
    prof = at.session_state["_bench_profiles"][-1]
    stats = pstats.Stats(prof)
    print(f"{a.page}: warm rerun {stats.total_tt:.3f} s of profiled time")
    stats.sort_stats("cumulative").print_stats(a.lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
