"""A page under cProfile, for finding where a warm script run goes (not a benchmark: no figure is recorded).

    python bench/profile_page.py rfm   # runs this file under AppTest
"""

import cProfile
import os
import runpy
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
path = ROOT / "pages" / f"{os.environ['BENCH_PAGE']}.py"
prof = cProfile.Profile()
prof.enable()
try:
    runpy.run_path(str(path), run_name="__main__")
finally:
    prof.disable()
    st.session_state.setdefault("_bench_profiles", []).append(prof)
