"""The loyalty page's score, value × loyalty and ladder sections with AppTest (first script of a session, both
languages): the quadrant table's customer counts add up to the customers and equal an independent plain-pandas
computation from data/sample_orders.csv (the score's four percentile ranks, median splits, net revenue); the
ladder table equals the independent ladder counts; every id shows its label in each language."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ui.cache import clear_views
from ui.i18n import LABELS, t

from .conftest import ROOT, open_tab
from .test_loyalty_behaviour import sample_per_customer

TIMEOUT = 120
QUADRANT_NAMES = {
    "en": ["Strangers — acquaintance (认识关系)", "Butterflies — functional (功能关系)",
           "Barnacles — emotional (情感关系)", "True friends — partnership (伙伴关系)"],
    "zh": ["认识关系（陌生人 strangers）", "功能关系（蝴蝶 butterflies）", "情感关系（藤壶 barnacles）",
           "伙伴关系（真朋友 true friends）"],
}
RUNG_NAMES = {"en": ["First-time buyer", "Repeat buyer", "Client"], "zh": ["首次购买者", "重复购买者", "客户（常客）"]}


@pytest.fixture(scope="module")
def independent():
    """Quadrants (net revenue × equal-weight score, median splits) and ladder counts, in plain pandas."""
    as_of, per = sample_per_customer()
    rel = (per["last"] - per["first"]).dt.days
    tenure = (as_of - per["first"]).dt.days.clip(lower=30)
    rate = per["orders"] / (tenure / 365.25)
    cv, since = per["cv"], (as_of - per["last"]).dt.days
    n = len(per)

    def rank(x):  # (r − 1) / (n − 1), ties averaged, NaN lowest
        return (x.fillna(-np.inf).rank(method="average") - 1) / (n - 1)

    score = (rank(rel) + rank(rate) + rank(-cv) + rank(-since)) / 4
    net = per["net"]
    high_v, high_l = net >= net.median(), score >= score.median()
    quadrant = np.select([~high_v & ~high_l, high_v & ~high_l, ~high_v & high_l], [0, 1, 2], default=3)
    rung = per["rung"].map({"first_time": 0, "repeat": 1, "client": 2}).to_numpy()
    return {"customers": n, "quadrants": np.bincount(quadrant, minlength=4).tolist(),
            "rungs": np.bincount(rung, minlength=3).tolist()}


def _page(lang: str, tab: str = "matrix") -> AppTest:
    """The loyalty page with its lazy tab ``tab`` open (matrix, ladder …)."""
    at = AppTest.from_file(str(ROOT / "pages" / "loyalty.py"), default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    at.session_state["loy_tabs"] = t(f"loy_tab_{tab}", lang)
    return at.run()


def _table(at: AppTest, header_key: str) -> pd.DataFrame:
    """The page's st.table whose first header is the label ``header_key`` (in either language)."""
    names = set(LABELS[header_key])
    return next(t.value for t in at.table if t.value.columns[0] in names)


def _counts(table) -> list[int]:
    return [int(str(v).replace(",", "")) for v in table.iloc[:, 1]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_quadrants_and_ladder_equal_an_independent_computation(independent, lang):
    at = _page(lang)
    assert not at.exception, [e.value for e in at.exception]
    quadrants = _table(at, "lom_col_quadrant")
    ladder = _table(open_tab(_page(lang), "loy_tabs", "loy_tab_ladder", lang), "lom_col_rung")
    assert list(quadrants.iloc[:, 0]) == QUADRANT_NAMES[lang]
    assert sum(_counts(quadrants)) == independent["customers"]  # the default metric (profit): every customer
    assert list(ladder.iloc[:, 0]) == RUNG_NAMES[lang]
    assert _counts(ladder) == independent["rungs"]
    at.radio(key=next(r.key for r in at.radio if r.key.startswith("lom_metric_"))).set_value("net_revenue").run()
    assert not at.exception, [e.value for e in at.exception]
    assert _counts(_table(at, "lom_col_quadrant")) == independent["quadrants"]
    assert sum(independent["quadrants"]) == independent["customers"]
    # the download radio names every type with its count; the list shows that many customers
    pick = at.radio(key="lom_dl_quadrant")
    pick.set_value("true_friends").run()
    shown = next(df.value for df in at.dataframe if len(df.value) == independent["quadrants"][3])
    assert len(shown) == independent["quadrants"][3]


def test_all_weights_zero_is_an_explained_message():
    at = _page("en")
    for k in ("relationship_length", "order_rate", "regularity", "recency"):
        at.number_input(key=f"lom_w_{k}").set_value(0.0)
    at.run()
    assert not at.exception
    assert any("at least one weight must be above 0" in e.value for e in at.error), [e.value for e in at.error]


def test_the_page_says_advocates_need_a_referrer_column():
    at = _page("zh", "ladder")
    assert any("推荐人" in i.value for i in at.info)


def test_many_customers_show_a_density_instead_of_dots(monkeypatch):
    from ui import loyalty_matrix_view
    monkeypatch.setattr(loyalty_matrix_view, "SCATTER_MAX", 100)  # the sample's 5,000 customers count as many
    at = _page("en")
    assert not at.exception, [e.value for e in at.exception]
    assert any("shown as a density" in c.value for c in at.caption)


def test_with_referral_data_the_ladder_gets_advocates(monkeypatch, independent):
    # stands in for crm_core.loyalty.referrals (another part of issue #12): C000001 (a client: 5 orders over
    # more than 6 months in the sample) referred 2 customers; C000036 (one order) referred 1: stays first-time
    import sys
    import types
    fake = types.ModuleType("crm_core.loyalty.referrals")
    fake.referral_counts = lambda store, as_of: pd.DataFrame({"customer_id": ["C000001", "C000036"],
                                                                "referred_customers": [2, 1]})
    monkeypatch.setitem(sys.modules, "crm_core.loyalty.referrals", fake)
    # the bundled sample and its views' cached results are shared by every session of the process (issue #14):
    # this page must compute with the stand-in, not reuse another test's ladder
    st.cache_data.clear()
    clear_views()
    at = _page("en", "ladder")
    assert not at.exception, [e.value for e in at.exception]
    ladder = _table(at, "lom_col_rung")
    assert list(ladder.iloc[:, 0]) == [*RUNG_NAMES["en"], "Advocate"]
    # one client became an advocate: the clients' count falls by one, reached stays
    assert _counts(ladder) == [*independent["rungs"][:2], independent["rungs"][2] - 1, 1]
    assert any(i.value.startswith("Advocate: a client who referred") for i in at.info)
    st.cache_data.clear()
    clear_views()  # nor may a later test reuse this one's


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_matrix_tabs_split_reaches_the_worth_tab_while_the_matrix_tab_is_closed(lang):
    # lazy tabs: the worth tab computes the quadrants from the matrix tab's settings as the user last set them
    at = _page(lang)
    at.slider(key="lom_value_pct").set_value(90).run()
    at.slider(key="lom_loyalty_pct").set_value(20).run()
    counts = dict(zip(_table(at, "lom_col_quadrant").iloc[:, 0], _counts(_table(at, "lom_col_quadrant")), strict=True))
    default = _counts(_table(_page(lang), "lom_col_quadrant"))
    assert list(counts.values()) != default  # the split moved customers between the types
    at.session_state["loe_split"] = "quadrant"
    open_tab(at, "loy_tabs", "loy_tab_worth", lang)
    by_type = next(d.value for d in at.dataframe if d.value.columns[0] == t("loe_split_quadrant", lang))
    got = dict(zip(by_type.iloc[:, 0], by_type[t("loe_col_customers", lang)], strict=True))
    assert {k: v for k, v in got.items() if k in counts} == {k: v for k, v in counts.items() if k in got}
    assert set(got) & set(counts) == set(counts)  # every type of the matrix tab has its equity row
    open_tab(at, "loy_tabs", "loy_tab_matrix", lang)
    assert at.slider(key="lom_value_pct").value == 90 and at.slider(key="lom_loyalty_pct").value == 20  # kept
