"""RFM movement between two dates (issue #11): the transition matrix, the customers behind one flow, and
the Sankey's colours (a segment keeps its colour on both sides; a flow takes its source's colour)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from crm_core.rfm import SEGMENTS, movers, segment_transition_matrix, transitions
from ui.i18n import t

from .conftest import ROOT


def _scores(rows):
    return pd.DataFrame(rows, columns=["customer_id", "rfm_segment", "monetary"])


BEFORE = _scores([("A", "champions", 900.0), ("B", "champions", 500.0), ("C", "loyal", 300.0),
                  ("D", "at_risk", 50.0)])
AFTER = _scores([("A", "at_risk", 950.0), ("B", "at_risk", 520.0), ("C", "loyal", 350.0), ("D", "lost", 50.0),
                 ("E", "new_customers", 80.0)])


def test_matrix_counts_each_move_by_hand():
    m = segment_transition_matrix(transitions(BEFORE, AFTER))
    assert list(m.index) == ["new", *SEGMENTS] and list(m.columns) == list(SEGMENTS)
    assert m.loc["champions", "at_risk"] == 2 and m.loc["loyal", "loyal"] == 1
    assert m.loc["at_risk", "lost"] == 1 and m.loc["new", "new_customers"] == 1
    assert int(m.to_numpy().sum()) == len(AFTER)  # every customer of the later date once


def test_movers_are_the_customers_of_one_flow_most_valuable_first():
    got = movers(BEFORE, AFTER, "champions", "at_risk")
    assert list(got["customer_id"]) == ["A", "B"] and set(got["segment_before"]) == {"champions"}
    assert list(movers(BEFORE, AFTER, "new", "new_customers")["customer_id"]) == ["E"]
    assert movers(BEFORE, AFTER, "loyal", "lost").empty


def _open_tab(at: AppTest, label: str) -> AppTest:
    """The RFM page's tabs are lazy (only the open one runs): open ``label``."""
    at.session_state["rfm_tabs"] = label
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_movement_tab_colours_matrix_and_movers_list():
    at = AppTest.from_file(str(ROOT / "pages" / "rfm.py"), default_timeout=120)
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    import json
    types = [json.loads(c.proto.spec)["data"][0]["type"] for c in at.get("plotly_chart")]
    assert "sankey" not in types and "heatmap" in types  # a closed lazy tab does not run
    _open_tab(at, t("rfm_movement_title", "zh"))
    sankey = next(json.loads(c.proto.spec)["data"][0] for c in at.get("plotly_chart")
                  if json.loads(c.proto.spec)["data"][0]["type"] == "sankey")
    labels, colors = sankey["node"]["label"], sankey["node"]["color"]
    by_name = {}
    for lab, col in zip(labels, colors, strict=True):
        by_name.setdefault(lab.strip("◀▶ "), set()).add(col)
    assert all(len(c) == 1 for c in by_name.values()), by_name  # one colour per segment, both sides
    assert len({next(iter(c)) for c in by_name.values()}) == len(by_name)  # and segments differ
    src = sankey["link"]["source"]
    assert all(sankey["link"]["color"][i].startswith("rgba") for i in range(len(src)))
    matrix = next(d.value for d in at.table if d.value.index.name == "对比日期的分群")
    movers_list = next(d.value for d in at.dataframe if "对比日期的 RFM 分群" in d.value.columns)
    assert len(movers_list) > 0 and movers_list["对比日期的 RFM 分群"].nunique() == 1
    src_name, dst_name = movers_list["对比日期的 RFM 分群"].iloc[0], movers_list["RFM 分群"].iloc[0]
    assert (movers_list["RFM 分群"] == dst_name).all() and src_name != dst_name
    import re
    caption = next(c.value for c in at.caption if "名客户从" in c.value)
    n = int(re.match(r"([\d,]+) 名客户从", caption).group(1).replace(",", ""))
    assert matrix.loc[src_name, dst_name] == n and len(movers_list) == min(n, 200)  # that cell of the matrix
    assert {"customer_name", "phone", "分群建议策略"} <= set(movers_list.columns)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_closed_tabs_choices_are_kept_until_it_is_opened_again(lang):
    at = AppTest.from_file(str(ROOT / "pages" / "rfm.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    _open_tab(at, t("rfm_movement_title", lang))
    source = at.selectbox(key="rfm_movers_from")
    other = next(o for o in source.options if o != source.value)
    source.select(other).run()
    picked = at.selectbox(key="rfm_movers_from").value
    _open_tab(at, t("rfm_export_title", lang))
    at.multiselect(key="rfm_export_pick_rfm_segment").set_value(["champions"]).run()
    selected = re.escape(t("rfm_export_count", lang, n=0)).replace("0", r"[\d,]+")
    count = next(c.value for c in at.caption if re.fullmatch(selected, c.value))
    _open_tab(at, t("rfm_segments_title", lang))
    _open_tab(at, t("rfm_movement_title", lang))
    assert at.selectbox(key="rfm_movers_from").value == picked  # not back at the default flow
    _open_tab(at, t("rfm_export_title", lang))
    assert at.multiselect(key="rfm_export_pick_rfm_segment").value == ["champions"]
    assert next(c.value for c in at.caption if re.fullmatch(selected, c.value)) == count  # the champions' list
