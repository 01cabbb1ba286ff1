"""Workshop mode and the limits that keep one participant from sinking the room (issue #14, "Serving the room").

``bash scripts/run_app.sh --workshop`` serves the app on the local network and sets these named settings in the
environment (each can also be set by hand; the defaults apply without workshop mode too):

- ``CVD_ROOM_CODE``: the room code a session must enter before it sees any page (set: workshop mode). Compared in
  constant time; without it the app asks for nothing (it is then bound to 127.0.0.1).
- ``CVD_JOIN_URL``: the address participants open, shown in the sidebar as text and as a QR code to project.
- ``CVD_MAX_SESSIONS`` (default 40): live sessions the server admits; one more is told the room is full.
- ``CVD_MAX_UPLOAD_MB`` (default 200): the largest upload [MB] (also Streamlit's ``server.maxUploadSize``,
  which the uploader enforces in the browser; checked again here with a specific message).
- ``CVD_SESSION_MEMORY_MB`` (default 2048): the memory a session's upload may need [MB], estimated as DuckDB's
  cap for loading it (:func:`crm_core.store.memory_limit_for`, 2.3 × the file, at least 1 GiB); a bigger file
  is refused before it is read, with the size and the limit.
- ``CVD_IDLE_MINUTES`` (default 60): a tab with no script run for this long has its upload released
  (:mod:`ui.idle`).
"""

from __future__ import annotations

import hmac
import os
import threading
import time
from collections import deque
from dataclasses import dataclass

import streamlit as st

from .i18n import t


@dataclass(frozen=True)
class ServerLimits:
    room_code: str | None
    join_url: str | None
    max_sessions: int
    max_upload_mb: int
    session_memory_mb: int


def _int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


def limits() -> ServerLimits:
    """The server's settings from the environment (read on every call: cheap, and tests can set them)."""
    return ServerLimits(room_code=os.environ.get("CVD_ROOM_CODE") or None, join_url=os.environ.get("CVD_JOIN_URL"),
                        max_sessions=_int("CVD_MAX_SESSIONS", 40), max_upload_mb=_int("CVD_MAX_UPLOAD_MB", 200),
                        session_memory_mb=_int("CVD_SESSION_MEMORY_MB", 2048))


def live_sessions() -> int | None:
    """Sessions the server holds now (None outside a server, e.g. under AppTest)."""
    try:
        from streamlit.runtime import Runtime

        return Runtime.instance()._session_mgr.num_active_sessions()  # no public count in Streamlit 1.67
    except Exception:
        return None


# guessing the code: a session gets MAX_TRIES wrong codes, the whole server MAX_FAILURES_PER_MINUTE (a six-digit
# code then takes weeks to guess, while a room of 30 mistyping is never locked out for long)
MAX_TRIES = 5
MAX_FAILURES_PER_MINUTE = 20
_failures: deque[float] = deque()
_failures_lock = threading.Lock()


def _recent_failures(now: float) -> int:
    with _failures_lock:
        while _failures and now - _failures[0] > 60:
            _failures.popleft()
        return len(_failures)


def _check_code() -> None:
    now = time.monotonic()
    if _recent_failures(now) >= MAX_FAILURES_PER_MINUTE or st.session_state.get("room_tries", 0) >= MAX_TRIES:
        return  # refused without comparing; the gate says why
    entered = st.session_state.get("_w_room_code", "")
    code = limits().room_code or ""
    ok = bool(code) and hmac.compare_digest(entered.strip().encode(), code.encode())
    st.session_state["room_admitted"] = ok
    st.session_state["room_tried"] = True
    if not ok:
        st.session_state["room_tries"] = st.session_state.get("room_tries", 0) + 1
        with _failures_lock:
            _failures.append(now)


def gate(lang: str) -> None:
    """Stop the page until this session may see it: the room is not full, and in workshop mode the room code
    was entered. Runs before anything else of the page (no data is loaded for a session left outside)."""
    lim = limits()
    if st.session_state.get("room_admitted"):
        return
    n = live_sessions()
    if n is not None and n > lim.max_sessions:
        st.title(t("ws_full_title", lang))
        st.warning(t("ws_full", lang, n=lim.max_sessions), icon=":material/group:")
        st.stop()
    if not lim.room_code:
        st.session_state["room_admitted"] = True
        return
    st.title(t("ws_gate_title", lang))
    st.caption(t("ws_gate_intro", lang))
    if st.session_state.get("room_tries", 0) >= MAX_TRIES:
        st.error(t("ws_gate_locked", lang, n=MAX_TRIES), icon=":material/lock:")
        st.stop()
    if _recent_failures(time.monotonic()) >= MAX_FAILURES_PER_MINUTE:
        st.warning(t("ws_gate_busy", lang), icon=":material/hourglass_top:")
        st.stop()
    with st.form("room_code_form"):
        st.text_input(t("ws_gate_code", lang), key="_w_room_code", type="password", max_chars=64)
        st.form_submit_button(t("ws_gate_enter", lang), type="primary", on_click=_check_code)
    if st.session_state.get("room_tried"):
        st.error(t("ws_gate_wrong", lang), icon=":material/lock:")
    st.stop()


def join_panel(lang: str) -> None:
    """In workshop mode: the join address and its QR code in the sidebar, for the trainer to project."""
    lim = limits()
    if not (lim.room_code and lim.join_url):
        return
    import segno

    with st.sidebar.expander(t("ws_join_title", lang), icon=":material/qr_code_2:"):
        st.markdown(t("ws_join_text", lang, url=lim.join_url))
        st.code(lim.join_url, language=None)
        qr = segno.make(lim.join_url, error="m")  # an SVG image: sharp at any projector size
        st.image(qr.svg_inline(scale=6, dark="#111", light="#fff"), caption=lim.join_url, width=220)
        st.caption(t("ws_join_code", lang, code=lim.room_code))


def upload_refusal(size_bytes: int, lang: str) -> str | None:
    """Why an upload of ``size_bytes`` is refused (too big for the upload limit or the memory per session),
    or None when it may be loaded."""
    from crm_core.store import memory_limit_for

    lim = limits()
    mb = size_bytes / 2**20
    if mb > lim.max_upload_mb:
        return t("ws_upload_too_big", lang, size=f"{mb:,.1f}", limit=lim.max_upload_mb)
    need = int(memory_limit_for(size_bytes).removesuffix("MB"))
    if need > lim.session_memory_mb:
        return t("ws_upload_memory", lang, size=f"{mb:,.1f}", need=f"{need:,}", limit=f"{lim.session_memory_mb:,}")
    return None
