"""The page runner of bench_page_runs.py: runs ``pages/<BENCH_PAGE>.py`` (or the floor app) as Streamlit would and
records the script's own time — wall and this thread's CPU — in the session state (``_bench_runs``)."""

import os
import runpy
import time
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
page = os.environ["BENCH_PAGE"]
path = ROOT / "bench" / "floor_app.py" if page == "floor" else ROOT / "pages" / f"{page}.py"
t0, c0 = time.perf_counter(), time.thread_time()
try:
    runpy.run_path(str(path), run_name="__main__")
finally:
    st.session_state.setdefault("_bench_runs", []).append((time.perf_counter() - t0, time.thread_time() - c0))
