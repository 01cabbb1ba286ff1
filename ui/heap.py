"""The server's garbage collection kept cheap: a full collection at most every :data:`FULL_COLLECTION_EVERY_S`
seconds instead of after every script run.

Streamlit's default runs a full collection (``gc.collect(2)``) after every script run (``runner.postScriptGC``),
so that what a closed session leaves in reference cycles — an upload's DuckDB database among it (its finalizer
closes it, ``ui.session``) — is freed soon. A full collection walks every container object the process holds:
the imported libraries' functions, dicts and types (pandas, DuckDB, scikit-learn, SciPy, plotly: about 166,000
objects, 0.10–0.12 s a collection on this 2-core machine) and every live session's. In a workshop that was 74 %
of the server's busy time (py-spy of bench/bench_workshop.py's walk, 2026-12-03), and it grows with the room:
30 sessions walking at once each paid for everyone's objects on each of their runs.

So ``.streamlit/config.toml`` turns ``runner.postScriptGC`` off and ``app.py`` calls :func:`collect_now_and_then`
after every run: a full collection when the last was at least :data:`FULL_COLLECTION_EVERY_S` ago, so a closed
session's cycles are still freed within that time of the next run — at most one 0.1 s collection per 30 s
however many sessions run (Python's own generational collector runs in between, as in any program). Not
``gc.freeze`` of the start-up objects as well: it runs inside the first session's first script run and would
freeze that session's objects too, and measured no better (bench/README.md).
"""

from __future__ import annotations

import gc
import threading
import time

FULL_COLLECTION_EVERY_S = 30.0

_lock = threading.Lock()
_last_full = time.monotonic()


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
