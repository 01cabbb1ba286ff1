"""Issue #14, the workshop: a bundled dataset is loaded once per server process and shared read-only by every
session that uses it, with its views' cached results; an upload stays private to its session, and its database
and temporary file are released when the session's state goes (Streamlit drops it at the session's end)."""

from __future__ import annotations

import gc
import os

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import ui.session as session
from crm_core.ingest import open_file
from crm_core.store import ReadOnlyStoreError
from ui.cache import clear_views
from ui.data_source import UploadFile
from ui.i18n import t

from .conftest import write_csv
from .test_profile import ROOT

SAMPLE_CUSTOMERS = 5_000  # data/sample_orders.csv: 5,000 distinct customer_id values
SHARED_KEY = "bundled-sample"
UPLOAD = "order_id,order_time,customer_id,amount\n" + "".join(
    f"U{i},2024-0{1 + i % 9}-1{i % 9} 10:00:00,X{i % 7},{10 + i}.50\n" for i in range(40))


@pytest.fixture
def counted(monkeypatch):
    """Fresh caches, and a count of the bundled ingests and of the customer-summary queries this test causes."""
    st.cache_resource.clear()
    st.cache_data.clear()
    clear_views()
    calls = {"ingest": 0, "summary": 0}
    real_ingest, real_summary = session.ingest_file, session.customer_summary

    def ingest(*a, **k):
        calls["ingest"] += 1
        return real_ingest(*a, **k)

    def summary(*a, **k):
        calls["summary"] += 1
        return real_summary(*a, **k)

    monkeypatch.setattr(session, "ingest_file", ingest)
    monkeypatch.setattr(session, "customer_summary", summary)
    yield calls
    st.cache_data.clear()
    clear_views()


def _pyramid(**state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "pyramid.py"), default_timeout=120)
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_two_sessions_on_the_sample_share_one_load_and_its_views(counted):
    first, second = _pyramid(lang="en"), _pyramid(lang="zh")
    a, b = first.session_state["dataset"], second.session_state["dataset"]
    assert a is b and a.shared and a.key == "bundled-sample"
    assert counted["ingest"] == 1  # the second session did not read the file again …
    assert counted["summary"] == 1  # … nor compute the customer table again
    assert a.report.customers == SAMPLE_CUSTOMERS


def test_an_upload_stays_private_and_the_shared_sample_is_untouched(counted, tmp_path):
    upload = session.load_opened_file(open_file(write_csv(tmp_path / "mine.csv", UPLOAD)), None)
    mine, other = _pyramid(lang="en", dataset=upload, as_of=upload.report.default_as_of), _pyramid(lang="en")
    assert mine.session_state["dataset"] is upload and not upload.shared
    assert other.session_state["dataset"].key == "bundled-sample"
    captions = lambda at: " ".join(c.value for c in at.sidebar.caption)  # noqa: E731
    assert f"{upload.report.customers:,} customers" in captions(mine) and upload.report.customers == 7
    assert f"{SAMPLE_CUSTOMERS:,} customers" in captions(other)


def test_a_session_cannot_change_the_shared_store(counted):
    ds = _pyramid(lang="en").session_state["dataset"]
    before = ds.store.run("customer_summary", as_of=ds.report.default_as_of)
    with pytest.raises(ReadOnlyStoreError):
        ds.store.execute("drop_work_tables")
    with pytest.raises(ReadOnlyStoreError):  # a statement for effect through the query path is refused too
        ds.store.run("delete_duplicate_copies")
    session.set_dataset(session.load_bundled("sample"))  # switching datasets never closes the shared store
    after = ds.store.run("customer_summary", as_of=ds.report.default_as_of)
    assert len(after) == SAMPLE_CUSTOMERS and after.equals(before)


def test_an_upload_is_released_when_its_session_state_goes(tmp_path):
    ds = session.load_opened_file(open_file(write_csv(tmp_path / "gone.csv", UPLOAD)), None)
    con = ds.store.con
    assert con.execute("SELECT 1").fetchone() == (1,)
    del ds
    gc.collect()
    with pytest.raises(duckdb.ConnectionException):
        con.execute("SELECT 1")
    path = write_csv(tmp_path / "upload.csv", UPLOAD)
    holder = UploadFile(str(path))
    del holder
    gc.collect()
    assert not os.path.exists(path)


# ---------------------------------------------------------------- serving the room
@pytest.fixture
def room(monkeypatch):
    monkeypatch.setenv("CVD_ROOM_CODE", "482913")
    monkeypatch.setenv("CVD_JOIN_URL", "http://192.168.1.20:8501")


def _app(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    return at.run()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_workshop_mode_asks_for_the_room_code_before_any_page(room, lang):
    at = _app(lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("ws_gate_title", lang)
    assert "dataset" not in at.session_state  # nothing was loaded for a session left outside
    at.text_input(key="_w_room_code").input("111111")
    at.button[0].click().run()
    assert at.error[0].value == t("ws_gate_wrong", lang) and "dataset" not in at.session_state
    at.text_input(key="_w_room_code").input(" 482913 ")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("ov_title", lang)  # in: the overview, the first page
    assert "http://192.168.1.20:8501" in [c.value for c in at.sidebar.code]
    assert len(at.sidebar.get("image")) == 1  # the QR code to project
    assert any(t("ws_join_code", lang, code="482913") == c.value for c in at.sidebar.caption)


def test_without_workshop_mode_nothing_is_asked_and_no_join_panel(monkeypatch):
    monkeypatch.delenv("CVD_ROOM_CODE", raising=False)
    at = _app()
    assert at.title[0].value == t("ov_title", "en")
    assert not [c for c in at.sidebar.code]


def test_a_full_room_is_told_so_and_loads_nothing(monkeypatch):
    import ui.workshop as workshop
    monkeypatch.setenv("CVD_MAX_SESSIONS", "30")
    monkeypatch.setattr(workshop, "live_sessions", lambda: 31)
    at = _app()
    assert at.title[0].value == t("ws_full_title", "en")
    assert "30" in at.warning[0].value and "dataset" not in at.session_state


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_upload_over_a_limit_is_refused_with_its_size_and_the_limit(monkeypatch, lang):
    from ui.workshop import upload_refusal
    monkeypatch.setenv("CVD_MAX_UPLOAD_MB", "200")
    monkeypatch.setenv("CVD_SESSION_MEMORY_MB", "1000")
    assert "1,024" in upload_refusal(100 * 2**20, lang)  # 100 MB needs DuckDB's floor of 1,024 MB > 1,000 MB
    monkeypatch.setenv("CVD_SESSION_MEMORY_MB", "2048")
    assert upload_refusal(100 * 2**20, lang) is None
    big = upload_refusal(300 * 2**20, lang)
    assert "300.0 MB" in big and "200 MB" in big and "CVD_MAX_UPLOAD_MB" in big
    monkeypatch.setenv("CVD_SESSION_MEMORY_MB", "1500")
    mem = upload_refusal(150 * 2**20, lang)  # 2.3 × 150 MB = 345 MB < the 1 GiB floor … 1,024 MB fits 1,500
    assert mem is None
    monkeypatch.setenv("CVD_SESSION_MEMORY_MB", "1000")
    mem = upload_refusal(150 * 2**20, lang)
    assert "1,024" in mem and "1,000" in mem and "CVD_SESSION_MEMORY_MB" in mem


def test_sessions_reading_the_shared_store_at_once_each_get_their_own_answer(counted):
    # many sessions read one shared store at once: each call must get its own query's answer (a relation read
    # outside the store's lock made DuckDB refuse the other session's call; a temporary view of one session's
    # column could be replaced by another session's before it was read)
    import threading

    from crm_core.contacts import customer_contacts
    from crm_core.errors import InvalidInputError
    from crm_core.loyalty.wallet import estimate_from_column

    ds = session.load_bundled("sample")
    store, as_of = ds.store, ds.report.default_as_of
    want = {"summary": store.run("customer_summary", as_of=as_of), "contacts": customer_contacts(store, as_of),
            "phone": estimate_from_column(store, as_of, "phone")}
    errors: list[str] = []

    def city() -> None:  # a text column: refused, naming it, every time
        try:
            estimate_from_column(store, as_of, "city")
        except InvalidInputError as err:
            assert "city" in str(err)
        else:
            raise AssertionError("city read as a yearly amount")

    calls = {"summary": lambda: store.run("customer_summary", as_of=as_of),
             "contacts": lambda: customer_contacts(store, as_of),
             "phone": lambda: estimate_from_column(store, as_of, "phone"), "city": city}

    def loop(name: str) -> None:
        try:
            for _ in range(12):
                got = calls[name]()
                if name in want:
                    assert got.equals(want[name]), name
        except Exception as err:  # reported below: a thread's failure must fail the test
            errors.append(f"{name}: {err!r}")

    threads = [threading.Thread(target=loop, args=(name,)) for name in calls]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []


def test_guessing_the_room_code_is_cut_short(room, monkeypatch):
    import ui.workshop as workshop
    monkeypatch.setattr(workshop, "_failures", __import__("collections").deque())
    at = _app()
    for _ in range(workshop.MAX_TRIES):
        at.text_input(key="_w_room_code").input("000000")
        at.button[0].click().run()
    assert at.error[0].value == t("ws_gate_locked", "en", n=workshop.MAX_TRIES)
    assert not at.text_input  # no more tries in this tab, not even the right code
    # the server as a whole: after MAX_FAILURES_PER_MINUTE wrong codes in a minute no new tab may try either
    for _ in range(workshop.MAX_FAILURES_PER_MINUTE):
        workshop._failures.append(__import__("time").monotonic())
    fresh = _app()
    assert fresh.warning[0].value == t("ws_gate_busy", "en") and not fresh.text_input


def test_sessions_that_only_looked_at_the_settings_share_one_customer_report(counted, monkeypatch):
    # a participant who opened the pyramid and churn pages without changing anything has remembered the
    # defaults explicitly: the profile must still reuse the report another participant's session computed
    calls = []
    real = session.customer_report

    def counting(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(session, "customer_report", counting)
    looked = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()
    for page in ("pyramid", "churn"):
        looked.switch_page(f"pages/{page}.py").run()
    kept = looked.session_state["kept_settings"]
    assert kept[f"pyr_metric_{SHARED_KEY}"] == "profit" and any(k.startswith("ch_horizon_") for k in kept)
    looked.query_params["customer"] = "C000002"
    looked.switch_page("pages/profile.py").run()
    other = AppTest.from_file(str(ROOT / "pages" / "profile.py"), default_timeout=240)
    other.query_params["customer"] = "C000002"
    other.run()
    assert not looked.exception and not other.exception
    assert len(calls) == 1
