"""ui.tables.static_table (issue #14): a static table is rendered once per content and replayed after — in the same
container, with the same display texts and alignment — and a table of other content is rendered anew."""

from __future__ import annotations

import pyarrow as pa
import pytest
from pandas.io.formats.style import Styler
from streamlit.testing.v1 import AppTest

from ui.cache import clear_views

SCRIPT = """
import sys
sys.path.insert(0, {root!r})
import pandas as pd
import streamlit as st
from ui.tables import MONEY0, static_table

frame = pd.DataFrame({{"tier": ["VIP", "Major"], "revenue": [1234567.4, -89.6], "share": [12.345, 0.5]}})
frame["revenue"] = frame["revenue"] * st.session_state.get("scale", 1)
left, right = st.columns(2)
left.write("left")
with right:
    static_table(frame, uuid="tiers", currency=st.session_state.get("currency", "CNY"),
                 formats={{"revenue": MONEY0, "share": "{{:.1f}}%"}}, right=["revenue", "share"],
                 props={{"tier": {{"min-width": "6em"}}}})
"""


@pytest.fixture()
def renders(monkeypatch):
    """How many times pandas rendered a Styler (Streamlit's marshalling calls ``_translate`` once a table)."""
    clear_views()
    count = {"n": 0}
    original = Styler._translate

    def counted(self, *args, **kwargs):
        count["n"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Styler, "_translate", counted)
    yield count
    clear_views()


def _app(**state) -> AppTest:
    from pathlib import Path

    at = AppTest.from_string(SCRIPT.format(root=str(Path(__file__).resolve().parent.parent)), default_timeout=60)
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def _shown(at: AppTest) -> tuple[list[list[str]], str]:
    """The table's cells as displayed (the Styler's display texts) and its CSS, read from the element's proto."""
    assert not at.exception, at.exception
    tables = at.columns[1].table
    assert len(tables) == 1 and len(at.columns[0].table) == 0  # drawn in the container it was called in
    styler = tables[0].proto.arrow_data.styler
    display = pa.ipc.open_stream(styler.display_values).read_all().to_pandas()
    return display.astype(str).values.tolist(), styler.styles


def test_formats_and_alignment_as_written():
    at = _app()
    cells, css = _shown(at)
    # written out by hand: whole yuan with separators, the sign before the currency sign, one decimal with %
    assert cells == [["VIP", "¥1,234,567", "12.3%"], ["Major", "-¥90", "0.5%"]]
    # the numbers (columns 1 and 2 of both rows) right-aligned, the names kept on one line, scoped by the uuid
    assert css.splitlines() == ["#T_tiers_row0_col0, #T_tiers_row1_col0 { min-width: 6em }",
                                "#T_tiers_row0_col1, #T_tiers_row0_col2, #T_tiers_row1_col1, #T_tiers_row1_col2 "
                                "{ text-align: right }"]


def test_replayed_without_rendering_again_then_rendered_for_new_content(renders):
    first = _app()
    assert renders["n"] == 1
    first_cells, first_css = _shown(first)
    first.run()  # the same session's rerun
    other = _app()  # another session, same content
    assert renders["n"] == 1  # both replayed
    assert _shown(first) == (first_cells, first_css) and _shown(other) == (first_cells, first_css)
    scaled = _app(scale=2)  # other cells: rendered anew, and its own texts
    assert renders["n"] == 2
    assert _shown(scaled)[0][0] == ["VIP", "¥2,469,135", "12.3%"]
    usd = _app(currency="USD")  # the same frame in another currency is another table
    assert renders["n"] == 3 and _shown(usd)[0][1] == ["Major", "-$90", "0.5%"]
