"""The server's garbage collection kept cheap: the libraries' objects moved out of the collector's way once, and a
full collection at most every :data:`FULL_COLLECTION_EVERY_S` seconds instead of after every script run.

Streamlit's default runs a full collection (``gc.collect(2)``) after every script run (``runner.postScriptGC``),
so that what a closed session leaves in reference cycles — an upload's DuckDB database among it (its finalizer
closes it, ``ui.session``) — is freed soon. A full collection walks every container object the process holds:
the imported libraries' functions, dicts and types (pandas, DuckDB, scikit-learn, SciPy, plotly: about 166,000
objects, 0.10–0.12 s a collection on this 2-core machine) and every live session's. In a workshop that was 74 %
of the server's busy time (py-spy of bench/bench_workshop.py's walk, 2026-12-03), and it grows with the room:
30 sessions walking at once each paid for everyone's objects on each of their runs.

So ``.streamlit/config.toml`` turns ``runner.postScriptGC`` off, and ``app.py``

- calls :func:`freeze_imported_modules` before the first page runs: the pages' libraries imported, one
  collection, then every object alive moved to the permanent generation (``gc.freeze``, CPython's documented
  way for long-lived start-up objects; frozen objects are still freed by reference counting). It runs inside
  the process's first script run, so that first session's own objects of the moment are frozen too: should its
  state end in a reference cycle when it closes, an upload it made later is released by the idle sweep
  (``ui.idle``, after ``CVD_IDLE_MINUTES``) rather than at once — every later session's as before;
- calls :func:`collect_now_and_then` after every run: a full collection when the last was at least
  :data:`FULL_COLLECTION_EVERY_S` ago, so a closed session's cycles are freed within that time of the next run
  (Python's own generational collector runs in between, as in any program).
"""

from __future__ import annotations

import gc
import threading
import time

FULL_COLLECTION_EVERY_S = 30.0

_lock = threading.Lock()
_frozen = False
_last_full = time.monotonic()


def freeze_imported_modules() -> None:
    """Once per process, before the first page runs: import the pages' libraries, collect, freeze."""
    global _frozen
    if _frozen:
        return
    with _lock:
        if _frozen:
            return
        import plotly.graph_objects as go

        import crm_core.customer_report  # noqa: F401  (every view's module: pandas, DuckDB, scikit-learn, SciPy)
        import ui.charts  # noqa: F401

        go.Figure(go.Bar(x=[0], y=[0]))  # plotly loads its figure classes and validators on first use
        gc.collect()
        gc.freeze()
        _frozen = True


def collect_now_and_then(now: float | None = None) -> bool:
    """After a script run: a full collection if the last one was :data:`FULL_COLLECTION_EVERY_S` or more seconds
    before ``now`` (default: the monotonic clock); whether it ran."""
    global _last_full
    now = time.monotonic() if now is None else now
    if now - _last_full < FULL_COLLECTION_EVERY_S:
        return False
    with _lock:
        if now - _last_full < FULL_COLLECTION_EVERY_S:
            return False
        _last_full = now
    gc.collect()
    return True
