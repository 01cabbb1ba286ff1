"""Release an idle session's upload (issue #14: "a session's database and temporary files are released when the
session ends (Streamlit's session end, or an idle timeout)").

Streamlit ends a session some time after its browser tab is closed (``server.disconnectedSessionTTL``); the
session's state is then dropped and the finalizers of :mod:`ui.session` and :mod:`ui.data_source` close its
database and delete its temporary file. A tab left open is never ended: a workshop participant who uploaded a
file and walked away would hold its memory for the rest of the day. So every script run of a session marks it
active (:func:`touch`), and a session whose last run is longer ago than ``CVD_IDLE_MINUTES`` [minutes, default
60] has its upload released by :func:`sweep` — its database closed, its temporary file removed — from any other
session's run or from a background timer. When the participant comes back, :func:`released_notice` says what
happened and the session starts again from the bundled sample. A shared bundled dataset is never released
(every session reads it).

The registry holds weak references only: a session that Streamlit ended disappears from it by itself.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from dataclasses import dataclass, field

SWEEP_EVERY_S = 60.0  # the background timer's period [s]
FORGET_AFTER_S = 24 * 3600.0  # a released session not back after this long is forgotten [s]
DEFAULT_IDLE_MINUTES = 60


def idle_minutes() -> float:
    """``CVD_IDLE_MINUTES`` [minutes] (read on every call; tests set it), default 60; not a positive number: 60."""
    try:
        value = float(os.environ.get("CVD_IDLE_MINUTES", DEFAULT_IDLE_MINUTES))
    except ValueError:
        return DEFAULT_IDLE_MINUTES
    return value if value > 0 else DEFAULT_IDLE_MINUTES


@dataclass
class _Entry:
    last_active: float  # time.monotonic() of the session's last script run [s]
    held: list = field(default_factory=list)  # weak references to what is released: objects with a release()
    released_after_min: float | None = None  # set when released: the idle time then [minutes]


_sessions: dict[str, _Entry] = {}
_lock = threading.Lock()
_timer_started = False


def touch(session_id: str, held=(), *, now: float | None = None) -> float | None:
    """A script run of ``session_id`` starts: it is active now. ``held`` are the objects to release when it
    goes idle (each with a ``release()`` method; kept by weak reference). Returns the idle time [minutes] after
    which its upload was released, once, if that happened since its last run; else None."""
    now = time.monotonic() if now is None else now
    with _lock:
        entry = _sessions.get(session_id)
        released = entry.released_after_min if entry is not None else None
        _sessions[session_id] = _Entry(now, [weakref.ref(h) for h in held])
    _start_timer()
    sweep(now=now)
    return released


def sweep(*, now: float | None = None) -> int:
    """Release every session idle for longer than :func:`idle_minutes`; returns how many were released.
    Entries whose objects are gone (the session ended) are dropped."""
    now = time.monotonic() if now is None else now
    limit_s = idle_minutes() * 60
    due: list[tuple[str, list]] = []
    with _lock:
        for sid, entry in list(_sessions.items()):
            if entry.released_after_min is not None:
                if now - entry.last_active > FORGET_AFTER_S:
                    del _sessions[sid]  # released long ago and never back: the session has ended
                continue
            alive = [h for h in (r() for r in entry.held) if h is not None]
            if not alive:
                del _sessions[sid]  # nothing to release: the session ended or holds only shared data
            elif now - entry.last_active > limit_s:
                entry.released_after_min = (now - entry.last_active) / 60
                entry.held = []
                due.append((sid, alive))
    for sid, held in due:  # outside the registry's lock: a release may wait for a query of that session to end
        for h in held:
            h.release()
        _drop_uploaded_bytes(sid)
    return len(due)


def _drop_uploaded_bytes(session_id: str) -> None:
    """Streamlit keeps the bytes of a session's uploads in memory until the session ends: drop them too."""
    try:
        from streamlit.runtime import Runtime

        if Runtime.exists():
            Runtime.instance().uploaded_file_mgr.remove_session_files(session_id)  # no public API in 1.67
    except Exception:  # pragma: no cover - outside a server (AppTest) there is no file manager to clear
        pass


def forget_session(session_id: str) -> None:
    with _lock:
        _sessions.pop(session_id, None)


def _start_timer() -> None:
    global _timer_started
    with _lock:
        if _timer_started:
            return
        _timer_started = True

    def loop() -> None:
        while True:
            time.sleep(SWEEP_EVERY_S)
            try:
                sweep()
            except Exception:  # pragma: no cover - a release that fails must not end the timer
                pass

    threading.Thread(target=loop, name="cvd-idle-sweep", daemon=True).start()
