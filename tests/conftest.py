"""Shared fixtures: small crafted order files in the formats real exports come in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline anywhere: a deadline is a timed assertion, and on a loaded 2-core CI machine an example
# that takes 282 ms instead of 200 ms failed a test whose property held (tests/clv/test_formulas.py, 2026-12-02).
settings.register_profile("no_deadline", deadline=None)
settings.load_profile("no_deadline")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TODAY = dt.date(2026, 1, 1)  # fixed "today" so that the future-date rule is reproducible


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def tmp_csv(tmp_path):
    """Factory: tmp_csv(text, encoding="utf-8", name="orders.csv") -> path."""
    def make(text: str, encoding: str = "utf-8", name: str = "orders.csv") -> Path:
        return write_csv(tmp_path / name, text, encoding)
    return make


def orders_csv_text(lines, with_order_id: bool) -> str:
    """A CSV of (order id, customer, date, amount) lines: with the order id column, or without it (one order =
    one customer-day) — the two ways the loyalty tests read the same hand-made history."""
    if with_order_id:
        return "order_id,customer_id,order_date,amount\n" + "".join(f"{o},{c},{d},{a}\n" for o, c, d, a in lines)
    return "customer_id,order_date,amount\n" + "".join(f"{c},{d},{a}\n" for _, c, d, a in lines)


def open_tab(at, key: str, tab: str, lang: str | None = None):
    """Open the lazy tab ``tab`` (its label key, e.g. ``loy_tab_worth``) of the tab group ``key`` on an AppTest page
    (a lazy tab group runs only its open tab) and run the page; returns it."""
    from ui.i18n import t

    if lang is None:
        lang = at.session_state["lang"] if "lang" in at.session_state else "en"
    at.session_state[key] = t(tab, lang)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


BROWSER_DIR = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser/ is a browser test (each file also says so): a file that forgets the marker
    would otherwise start a Streamlit server and Chromium inside the parallel unit part."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
