"""ui/heap.py: a full collection at most every FULL_COLLECTION_EVERY_S seconds (Streamlit's after-every-run
collection is off in .streamlit/config.toml)."""

from __future__ import annotations

import gc
import tomllib
import weakref

from ui import heap

from .conftest import ROOT


class _Cycle:
    pass


def _garbage_cycle():
    """An object in a reference cycle, unreachable once returned, and a flag set when it is freed."""
    a, b = _Cycle(), _Cycle()
    a.other, b.other = b, a
    freed = []
    weakref.finalize(a, freed.append, True)
    return freed


def test_the_server_collects_fully_at_most_every_interval_and_frees_cycles_then(monkeypatch):
    monkeypatch.setattr(heap, "_last_full", 1_000.0)
    gc.disable()  # the automatic collector would free the cycle on its own schedule
    try:
        freed = _garbage_cycle()
        assert heap.collect_now_and_then(now=1_000.0 + heap.FULL_COLLECTION_EVERY_S - 0.5) is False
        assert freed == []  # no collection yet: the cycle is still there
        assert heap.collect_now_and_then(now=1_000.0 + heap.FULL_COLLECTION_EVERY_S) is True
        assert freed == [True]
        again = _garbage_cycle()
        assert heap.collect_now_and_then(now=1_000.0 + heap.FULL_COLLECTION_EVERY_S + 1) is False and again == []
    finally:
        gc.enable()
        gc.collect()


def test_streamlits_after_every_run_collection_is_off_and_the_app_collects_now_and_then():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert "collect_now_and_then()" in app
