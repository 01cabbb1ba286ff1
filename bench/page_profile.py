"""A page under cProfile, for finding where a warm script run goes (not a benchmark: no figure is recorded).

    python bench/profile_page.py rfm   # runs this file under AppTest

With BENCH_SECTIONS=1 no profiler runs (cProfile inflates plotly's many small calls about 8×): instead every
function of the ``ui`` modules and Streamlit's chart and table calls are wrapped with a wall-clock timer, and the
run's inclusive time per function is recorded (``_bench_sections``: name -> (calls, seconds)).
"""

import cProfile
import functools
import os
import runpy
import sys
import time
import types
from collections import defaultdict
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
path = ROOT / "pages" / f"{os.environ['BENCH_PAGE']}.py"


def _timed(name, fn, totals):
    @functools.wraps(fn)
    def run(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            calls, secs = totals[name]
            totals[name] = (calls + 1, secs + time.perf_counter() - t0)
    run.__bench_timed__ = True
    return run


def _wrap_sections(totals):
    """Wrap the ui modules' functions (once per process) and st's chart/table calls with timers into ``totals``."""
    import ui  # noqa: F401  (the package; its modules are imported by the page)

    undo, wrapped = [], {}
    for mod_name, mod in list(sys.modules.items()):
        if not (mod_name.startswith("ui.") and isinstance(mod, types.ModuleType)):
            continue
        for attr, fn in list(vars(mod).items()):  # also the names a ui module imported from another
            if isinstance(fn, types.FunctionType) and (fn.__module__ or "").startswith("ui.") \
                    and not attr.startswith("__"):
                if fn not in wrapped:
                    wrapped[fn] = _timed(f"{fn.__module__}.{fn.__name__}", fn, totals)
                setattr(mod, attr, wrapped[fn])
                undo.append((mod, attr, fn))
    from streamlit.delta_generator import DeltaGenerator

    for attr in ("plotly_chart", "table", "dataframe", "download_button", "metric", "markdown"):
        fn = getattr(DeltaGenerator, attr)
        setattr(DeltaGenerator, attr, _timed(f"st.{attr}", fn, totals))
        undo.append((DeltaGenerator, attr, fn))
    return undo


if os.environ.get("BENCH_SECTIONS") == "1":
    import ui.session  # noqa: F401

    for name in [n for n in sys.modules if n.startswith("ui.")]:
        __import__(name)
    totals = defaultdict(lambda: (0, 0.0))
    undo = _wrap_sections(totals)
    t0 = time.perf_counter()
    try:
        runpy.run_path(str(path), run_name="__main__")
    finally:
        total = time.perf_counter() - t0
        for owner, attr, fn in undo:
            setattr(owner, attr, fn)
        st.session_state.setdefault("_bench_sections", []).append((total, dict(totals)))
else:
    prof = cProfile.Profile()
    prof.enable()
    try:
        runpy.run_path(str(path), run_name="__main__")
    finally:
        prof.disable()
        st.session_state.setdefault("_bench_profiles", []).append(prof)
