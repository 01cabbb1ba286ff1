"""Fast page tests with Streamlit's AppTest: every page as the first script of a session."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import ROOT

PAGES = {"overview": ("Overview", "总览"), "data": ("Data", "数据"), "pyramid": ("Customer pyramid", "客户金字塔"), "rfm": ("RFM analysis", "RFM 分析"),
         "clv": ("Customer lifetime value (CLV)", "客户终生价值（CLV）"), "lifecycle": ("Customer lifecycle", "客户生命周期"),
         "loyalty": ("Customer loyalty", "客户忠诚度"), "churn": ("Churn risk", "流失风险"),
         "profile": ("Customer profile", "客户档案")}
TIMEOUT = 60


def _run(script: str, **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / script), default_timeout=TIMEOUT)
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_works_as_the_first_script_of_a_session(page, lang):
    at = _run(f"pages/{page}.py", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == PAGES[page][0 if lang == "en" else 1]
    # the bootstrap loaded the bundled sample into this session
    assert at.session_state["dataset"].report.customers == 5000


def test_router_runs_the_default_page():
    at = _run("app.py", lang="en")
    assert not at.exception
    assert at.title[0].value == "Overview"


MENU_TITLES = {"en": ["Overview", "Data", "Customer pyramid", "RFM", "CLV", "Lifecycle", "Loyalty", "Churn risk",
                      "Customer profile"],
               "zh": ["总览", "数据", "客户金字塔", "RFM 分析", "客户终生价值", "生命周期", "客户忠诚", "流失风险", "客户档案"]}


def test_menu_pages_are_made_once_per_session_and_language_and_the_links_point_at_them():
    at = _run("app.py", lang="en")
    made = at.session_state["_cvd_menu_pages"]
    en = dict(made["en"])
    assert [p.title for p in en.values()] == MENU_TITLES["en"]
    assert [p.url_path for p in en.values()] == ["", "data", "pyramid", "rfm", "clv", "lifecycle", "loyalty", "churn",
                                                  "profile"]  # the overview is the default page

    def links():  # the overview's links: (label, page script hash)
        return [(e.proto.label, e.proto.page_script_hash) for e in at.get("page_link")]

    by_hash = {p._script_hash: name for name, p in en.items()}
    first = links()
    assert first and all(h in by_hash for _, h in first)  # every link leads to a page of the menu
    assert {by_hash[h] for _, h in first} >= {"pyramid", "rfm", "clv", "lifecycle", "churn"}
    at.run()
    assert all(at.session_state["_cvd_menu_pages"]["en"][k] is p for k, p in en.items())  # not made again
    assert links() == first
    next(r for r in at.sidebar.radio if r.label == "Language / 语言").set_value("zh").run()
    assert not at.exception
    zh = at.session_state["_cvd_menu_pages"]["zh"]
    assert [p.title for p in zh.values()] == MENU_TITLES["zh"]
    assert [by_hash[h] for _, h in links()] == [by_hash[h] for _, h in first]  # the same targets, in Chinese
    assert all(not label.isascii() for label, _ in links())


def test_data_page_switches_to_cdnow_and_the_sidebar_follows():
    at = _run("pages/data.py", lang="en")
    radio = next(r for r in at.radio if r.label == "Data source")
    radio.set_value("cdnow").run()
    assert not at.exception
    ds = at.session_state["dataset"]
    assert ds.bundled_key == "cdnow" and ds.report.customers == 23570
    assert any("23,570" in m.value for m in at.sidebar.markdown)
    assert any("69,659 rows read = 69,659 kept" in m.value for m in at.markdown)


def test_language_switch_changes_labels_and_persists():
    at = _run("pages/data.py", lang="en")
    lang_radio = next(r for r in at.sidebar.radio if r.label == "Language / 语言")
    lang_radio.set_value("zh").run()
    assert at.session_state["lang"] == "zh"
    assert at.title[0].value == "数据"


def test_as_of_date_is_shared_and_reset_with_a_new_dataset():
    import datetime as dt
    at = _run("pages/data.py", lang="en")
    ds = at.session_state["dataset"]
    assert at.session_state["as_of"] == ds.report.default_as_of == dt.date(2025, 1, 1)
    at.sidebar.date_input[0].set_value(dt.date(2024, 6, 30)).run()
    assert at.session_state["as_of"] == dt.date(2024, 6, 30)
