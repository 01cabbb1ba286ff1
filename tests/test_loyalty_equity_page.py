"""The loyalty page's "what loyalty is worth" sections with AppTest on the bundled sample, both languages: customer
equity equal to the sum of the CLV predictions, the retention what-if's figures against closed forms on inputs
computed in plain pandas from data/sample_orders.csv, the published reference table, the seven types; and a fit
that fails (five customers) gives a message while the rest of the page works."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from crm_core.clv.customer_value import DEFAULT_HORIZON_WEEKS, default_rate, fit_btyd, predict_customers
from crm_core.customers import customer_table
from crm_core.datasets import BUNDLED, DEFAULT_DATASET
from crm_core.ingest import ingest_file, open_file
from ui.format import money
from ui.i18n import LABELS, t
from ui.session import load_opened_file

from .conftest import DATA, ROOT, open_tab, write_csv
from .test_loyalty import _csv

TIMEOUT = 120
D_QUARTER = 1.10 ** 0.25 - 1  # 10 % a year, per quarter


def _page(**state) -> AppTest:
    """The loyalty page with its lazy tab "worth" open (a lazy tab group runs only its open tab)."""
    at = AppTest.from_file(str(ROOT / "pages" / "loyalty.py"), default_timeout=TIMEOUT)
    for k, v in state.items():
        at.session_state[k] = v
    at.session_state["loy_tabs"] = t("loy_tab_worth", state.get("lang", "en"))
    return at.run()


@pytest.fixture(scope="module")
def sample():
    """Plain pandas from the CSV: Q3 → Q4 2024 retention of the whole base and Q4 profit per Q4 buyer; the
    equity total from crm_core.clv's predictions with the CLV page's defaults."""
    df = pd.read_csv(DATA / "sample_orders.csv", usecols=["customer_id", "order_time", "amount", "cost"])
    df["q"] = pd.to_datetime(df["order_time"]).dt.to_period("Q").astype(str)
    buys = df[df["amount"] >= 0]
    q3, q4 = set(buys.loc[buys["q"] == "2024Q3", "customer_id"]), set(buys.loc[buys["q"] == "2024Q4", "customer_id"])
    r = len(q3 & q4) / len(q3)
    lines = df[(df["q"] == "2024Q4") & df["customer_id"].isin(q4)]
    m = (lines["amount"] - lines["cost"]).sum() / len(q4)
    store, report = ingest_file(BUNDLED[DEFAULT_DATASET].path)
    ct = customer_table(store, report.default_as_of)
    pred = predict_customers(ct, fit_btyd(ct), horizon=DEFAULT_HORIZON_WEEKS, discount_rate=default_rate())
    return {"r": r, "m": m, "n": len(q4), "equity": pred["clv_expected"].sum(), "currency": BUNDLED[DEFAULT_DATASET].currency}


def _clv(m, r, d=D_QUARTER):
    return m * r / (1 + d - r)


def _table(at: AppTest, header_key: str) -> pd.DataFrame:
    """The page's st.table whose first header is the label ``header_key`` (in either language)."""
    names = set(LABELS[header_key])
    return next(t.value for t in at.table if t.value.columns[0] in names)


@pytest.mark.parametrize("lang,labels", [
    ("en", ("Customer equity", "Retention-based customer value", "If retention rose 5 points",
            "This data, retention + 5 points")),
    ("zh", ("客户资产", "基于保持率的客户价值", "若保持率提高 5 个百分点", "本数据：保持率 +5 个百分点")),
])
def test_worth_sections_on_the_sample(sample, lang, labels):
    at = _page(lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    got = {m.label: (m.value, m.delta) for m in at.metric}
    equity, value, delta, five = labels
    assert got[equity][0] == money(sample["equity"], sample["currency"])
    # whole base, profit margin: V = n·m·r/(1+d−r); + 5 points: CLV(r + 0.05)/CLV(r) − 1 (m cancels)
    assert got[value][0] == money(sample["n"] * _clv(sample["m"], sample["r"]), sample["currency"])
    pct = 100 * (_clv(1, sample["r"] + 0.05) / _clv(1, sample["r"]) - 1)
    assert got[delta][1] == f"{pct:+.1f}%" and got[five][0] == f"{pct:+.1f}%"
    ref = _table(at, "loe_ref_source")
    assert ref.iloc[:, 2].tolist()[3:6] == ["+85%", "+50%", "+30%"]  # Reichheld & Sasser 1990
    assert len(_table(open_tab(at, "loy_tabs", "loy_tab_types", lang), "loe_types_col_type")) == 7  # the seven types


def test_slider_end_and_tiers_and_an_acquisition_cost(sample):
    at = _page(lang="en")
    at.slider(key="loe_points").set_value(10.0).run()
    at.radio(key="loe_groups").set_value("tier").run()
    at.number_input(key="loe_acq").set_value(100.0).run()
    assert not at.exception, [e.value for e in at.exception]
    ref = _table(at, "loe_ref_source")
    assert "needs an acquisition cost" not in ref.iloc[:, 3].tolist()
    assert not any("acquisition cost per new customer" in i.value for i in at.info)


@pytest.fixture
def hand_dataset(tmp_path):
    return load_opened_file(open_file(write_csv(tmp_path / "orders.csv", _csv(True))), None)


def test_a_fit_that_fails_gives_a_message_and_the_rest_works(hand_dataset):
    # five customers: too few repeat buyers for BG/NBD; the what-if and the types still show
    at = _page(lang="en", dataset=hand_dataset, as_of=dt.date(2024, 10, 1))
    assert not at.exception, [e.value for e in at.exception]
    assert any("Customer equity needs the predicted CLV" in w.value for w in at.warning)
    got = {m.label: m.value for m in at.metric}
    # whole base as of Oct 1 2024 (tests/test_loyalty_equity.py): r = 1/2, m = 295/3 net revenue, n = 3
    assert got["Retention-based customer value"] == money(3 * _clv(295 / 3, 0.5), None)
    assert len(_table(at, "loe_ref_source"))
    assert len(_table(open_tab(at, "loy_tabs", "loy_tab_types", "en"), "loe_types_col_type")) == 7


def test_an_acquisition_cost_above_the_value_says_so():
    at = _page(lang="en")
    at.number_input(key="loe_acq").set_value(1e9).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("net of the acquisition cost is" in i.value for i in at.info)
