"""Every page on data at the edges of what a user may upload: a message where a view cannot be computed,
never a raw exception (AppTest; each page as the first script of a session, in both languages)."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from crm_core.ingest import open_file
from ui.session import load_opened_file

from .conftest import ROOT, write_csv

PAGES = ["overview", "data", "pyramid", "rfm", "clv", "lifecycle", "loyalty", "churn", "profile"]
HEADER = "customer_id,order_date,amount"
EDGE_DATA = {
    # 6 customers over 4 months, 2 repeat buyers: too few for the BTYD fits and the churn model
    "tiny": [f"C{i},2025-01-{10 + i:02d},{100 + 10 * i}" for i in range(6)] + ["C0,2025-03-05,80", "C1,2025-04-20,95"],
    # everything on one day: the as-of date is the earliest the sidebar allows, no earlier date exists
    "one_day": ["A,2025-01-01,10", "B,2025-01-01,20"],
    # one customer buying monthly for a year
    "one_customer": [f"A,2024-{m:02d}-01,10" for m in range(1, 13)],
    # returns larger than purchases, a zero-amount line
    "returns_heavy": ["A,2024-01-01,10", "A,2024-02-01,-10", "B,2024-03-01,5", "B,2024-06-01,-50", "C,2024-05-05,0"],
}


@pytest.fixture(scope="module")
def datasets(tmp_path_factory):
    out = {}
    for name, rows in EDGE_DATA.items():
        path = write_csv(tmp_path_factory.mktemp(name) / f"{name}.csv", "\n".join([HEADER, *rows]) + "\n")
        out[name] = load_opened_file(open_file(path), None)
    return out


@pytest.mark.parametrize("data", list(EDGE_DATA))
@pytest.mark.parametrize("page", PAGES)
def test_page_shows_messages_not_exceptions(datasets, data, page):
    ds = datasets[data]
    _run_in_both_languages(ds, page, ds.report.default_as_of, data)


def _run_in_both_languages(ds, page: str, as_of, data: str) -> None:
    """The page as a session's first script, in English and Chinese: no exception, its title drawn first."""
    for lang in ("en", "zh"):
        at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
        at.session_state["lang"] = lang
        at.session_state["dataset"] = ds
        at.session_state["as_of"] = as_of
        at.run()
        assert not at.exception, (data, page, lang, [e.value for e in at.exception])
        assert at.title, (data, page, lang)  # the page drew its title before any message


@pytest.mark.parametrize("data", ["tiny", "returns_heavy"])
@pytest.mark.parametrize("page", PAGES)
def test_page_at_the_earliest_as_of_date(datasets, data, page):
    # issue #10 "no crash: an as-of date on or before the first order": the sidebar's earliest date is the day
    # after the first order (one day of history, no repeat buyer): every page explains, none raises
    ds = datasets[data]
    _run_in_both_languages(ds, page, ds.report.first_date + dt.timedelta(days=1), data)
