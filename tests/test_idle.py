"""Issue #14: a tab left open with no activity has its upload released after ``CVD_IDLE_MINUTES`` (ui/idle.py):
its database closed, its temporary file removed; coming back, the session is told so and starts from the sample."""

from __future__ import annotations

import gc
import os
import time

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import ui.idle as idle
import ui.session as session
from crm_core.ingest import open_file
from ui.cache import clear_views
from ui.data_source import UploadFile
from ui.i18n import t

from .conftest import write_csv
from .test_profile import ROOT
from .test_workshop import SAMPLE_CUSTOMERS, UPLOAD


class Held:
    def __init__(self):
        self.released = 0

    def release(self):
        self.released += 1


@pytest.fixture(autouse=True)
def fresh_registry(monkeypatch):
    monkeypatch.setattr(idle, "_sessions", {})
    monkeypatch.setattr(idle, "_timer_started", True)  # no background timer in these tests: the sweeps are explicit
    monkeypatch.setenv("CVD_IDLE_MINUTES", "30")


def test_a_session_idle_longer_than_the_limit_is_released_once_and_told_once():
    h = Held()
    assert idle.touch("a", [h], now=1_000.0) is None
    assert idle.sweep(now=1_000.0 + 30 * 60) == 0  # exactly 30 minutes: not yet "longer than"
    assert h.released == 0
    assert idle.sweep(now=1_000.0 + 30 * 60 + 1) == 1
    assert h.released == 1
    assert idle.sweep(now=1_000.0 + 90 * 60) == 0 and h.released == 1  # released once
    assert idle.touch("a", [], now=1_000.0 + 45 * 60) == pytest.approx(30 + 1 / 60)  # told at its next run …
    assert idle.touch("a", [], now=1_000.0 + 46 * 60) is None  # … once


def test_activity_postpones_the_release_and_other_sessions_runs_sweep():
    a, b = Held(), Held()
    idle.touch("a", [a], now=0.0)
    idle.touch("b", [b], now=20 * 60.0)
    idle.touch("a", [a], now=25 * 60.0)  # a is active again
    idle.touch("c", [], now=52 * 60.0)  # a third session's run sweeps: b idle 32 min, a 27 min
    assert (a.released, b.released) == (0, 1)


def test_the_limit_is_a_named_setting_with_a_sensible_default(monkeypatch):
    monkeypatch.setenv("CVD_IDLE_MINUTES", "5")
    assert idle.idle_minutes() == 5
    for bad in ("0", "-3", "soon"):
        monkeypatch.setenv("CVD_IDLE_MINUTES", bad)
        assert idle.idle_minutes() == idle.DEFAULT_IDLE_MINUTES == 60


def test_the_registry_keeps_nothing_alive():
    h = Held()
    idle.touch("gone", [h], now=0.0)
    del h
    gc.collect()
    idle.sweep(now=1.0)
    assert "gone" not in idle._sessions  # the session ended (its state dropped): forgotten, nothing to release


def test_an_idle_tabs_upload_is_released_and_the_tab_starts_again_from_the_sample(tmp_path):
    st.cache_data.clear()
    clear_views()
    upload_path = write_csv(tmp_path / "mine.csv", UPLOAD)
    ds = session.load_opened_file(open_file(upload_path), None)
    kept = UploadFile(str(upload_path))
    at = AppTest.from_file(str(ROOT / "pages" / "pyramid.py"), default_timeout=120)
    at.session_state["lang"] = "en"
    at.session_state["dataset"] = ds
    at.session_state["as_of"] = ds.report.default_as_of
    at.session_state["data_upload_file"] = kept
    at.session_state["data_upload_path"] = str(upload_path)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(idle._sessions) == 1  # this session, holding its upload
    con = ds.store.con
    assert con.execute("SELECT count(*) FROM transactions").fetchone()[0] == 40

    assert idle.sweep(now=time.monotonic() + 31 * 60) == 1  # 31 minutes later, from the timer or another session
    with pytest.raises(duckdb.ConnectionException):
        con.execute("SELECT 1")
    assert not os.path.exists(upload_path)

    at.run()  # the participant comes back
    assert not at.exception, [e.value for e in at.exception]
    infos = [i.value for i in at.info]
    assert any("idle for 31 minutes" in v and "released your uploaded file" in v for v in infos), infos
    now = at.session_state["dataset"]
    assert now.shared and now.bundled_key == "sample" and now.report.customers == SAMPLE_CUSTOMERS
    assert "data_upload_file" not in at.session_state and "data_upload_path" not in at.session_state
    at.run()
    assert not any("released" in i.value for i in at.info)  # told once


def test_the_notice_is_in_chinese_for_a_chinese_session():
    zh = t("idle_released", "zh", minutes="31")
    assert "闲置 31 分钟" in zh and "重新上传" in zh


# ---------------------------------------------------------------- progress while a file loads (issue #14)
def test_the_ingest_tells_its_stages_in_order(tmp_path):
    from crm_core.ingest import ingest_file
    from crm_core.progress import INGEST_STAGES

    told: list[str] = []
    store, report = ingest_file(write_csv(tmp_path / "u.csv", UPLOAD), progress=told.append)
    assert told == list(INGEST_STAGES) == ["read", "checks", "parse", "accounting"]
    assert report.rows_kept == 40 and report.customers == 7
    store.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_upload_shows_each_stage_then_removes_its_bar(monkeypatch, lang):
    import ui.data_source as data_source

    st.cache_data.clear()
    clear_views()
    seen: list[tuple[str, str]] = []
    real_call = data_source.LoadProgress.__call__

    def record(self, stage):
        real_call(self, stage)
        seen.append((stage, t(f"up_step_{stage}", lang)))

    monkeypatch.setattr(data_source.LoadProgress, "__call__", record)
    at = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    at.radio(key="data_source_bundled-sample").set_value(data_source.UPLOAD).run()
    at.file_uploader(key="data_uploader").set_value(("shop.csv", UPLOAD.encode(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s for s, _ in seen] == list(data_source.LoadProgress.STAGES)  # save, read, checks, parse, accounting, views
    assert all(text and not text.startswith("up_step_") for _, text in seen)  # a label in the session's language
    ds = at.session_state["dataset"]
    assert not ds.shared and ds.report.customers == 7 and ds.report.rows_kept == 40
    assert not at.get("progress")  # the bar is gone once the file is loaded
