"""Issue #11 "Chinese throughout": every customer list a page shows (and downloads: the same frame) has
headers in the interface language, labels for ids, money in cents, the action per row, rows sorted by
value — checked on the pages themselves (AppTest, the bundled sample), with the pyramid list's money
recomputed from the raw CSV with plain pandas (not the product's code)."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui.i18n import t

from .conftest import DATA, ROOT

CONTACTS = ("customer_name", "city", "phone")  # the sample file's own headers: kept as the file names them
ID_LIKE = re.compile(r"^[a-z][a-z0-9_]*$")  # champions, at_risk, lost_gap, valuable_at_risk …
# page -> (header of the customer id, value column sorted on, label columns that must hold no id, action column)
LISTS = {
    "zh": {
        "pyramid": ("客户编号", None, ["客户层级", "层级建议措施"], "层级建议措施"),
        "rfm": ("客户编号", "消费金额 [CNY]", ["RFM 分群", "八类客户", "分群建议策略"], "分群建议策略"),
        "clv": ("客户编号", "预测客户终生价值 [CNY]", [], None),
        "lifecycle": ("客户编号", "净销售额 [CNY]", ["生命周期阶段", "判定依据", "阶段建议措施"], "阶段建议措施"),
        "churn": ("客户编号", "风险价值 [CNY]", ["分组", "建议措施"], "建议措施"),
    },
    "en": {
        "pyramid": ("Customer", None, ["Tier", "Action for the tier"], "Action for the tier"),
        "rfm": ("Customer", "Monetary value [CNY]", ["RFM segment", "Customer class (8)"], "Action for the segment"),
        "clv": ("Customer", "Predicted CLV [CNY]", [], None),
        "lifecycle": ("Customer", "Net revenue [CNY]", ["Lifecycle stage", "Why this stage"], "Action for the stage"),
        "churn": ("Customer", "Value at risk [CNY]", ["Group", "Action"], "Action"),
    },
}


def _customer_list(page: str, lang: str) -> pd.DataFrame:
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=180)
    at.session_state["lang"] = lang
    if page == "lifecycle":  # the list's tab, every stage in the list (not only the default one)
        at.session_state["lc_tabs"] = t("lc_tab_export", lang)
        at.session_state["lc_export_pick"] = ["new", "exploration", "formation", "stable", "decline", "lost"]
    if page == "rfm":  # lazy tabs too: the campaign list's
        at.session_state["rfm_tabs"] = t("rfm_export_title", lang)
    if page == "churn":
        at.session_state["ch_tabs"] = t("ch_tab_priority", lang)
    if page == "clv":
        at.session_state["clv_tabs"] = t("clv_tab_predicted", lang)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    id_header = LISTS[lang][page][0]
    found = [d.value for d in at.dataframe if id_header in d.value.columns]
    assert found, f"{page}/{lang}: no customer list"
    return found[-1]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["pyramid", "rfm", "clv", "lifecycle", "churn"])
def test_customer_list_reads_in_the_interface_language(page, lang):
    df = _customer_list(page, lang)
    id_header, value_col, label_cols, action_col = LISTS[lang][page]
    assert len(df) > 0
    # headers: labels, except the contact columns the file itself named
    internal = [c for c in df.columns if ID_LIKE.match(c) and c not in CONTACTS]
    assert not internal, f"{page}/{lang}: internal column names shown: {internal}"
    if lang == "zh":
        assert all(re.search(r"[\u4e00-\u9fff]", c) for c in df.columns if c not in CONTACTS), list(df.columns)
    assert set(CONTACTS) <= set(df.columns), f"{page}: contact columns missing"  # the CLV list too
    assert list(df.columns[1:4]) == list(CONTACTS), f"{page}: contacts right after the customer"
    for col in label_cols:
        ids = [v for v in df[col].dropna().unique() if isinstance(v, str) and ID_LIKE.match(v)]
        assert not ids, f"{page}/{lang}: ids instead of labels in {col}: {ids[:5]}"
        assert not df[col].astype(str).str.contains(r"\*\*").any()  # no markdown in a spreadsheet cell
    if action_col:
        assert df[action_col].notna().all() and (df[action_col].str.len() > 5).all()
    for col in (c for c in df.columns if "[CNY]" in c):  # money to cents
        v = df[col].dropna().astype(float)
        assert ((v * 100).round() - v * 100).abs().max() < 1e-6, col
    if value_col:
        v = df[value_col].astype(float).to_numpy()
        assert (v[:-1] >= v[1:] - 1e-9).all(), f"{page}: not sorted by {value_col}"
    assert "None" not in df.astype(str).to_numpy().ravel().tolist()


def test_pyramid_list_money_matches_the_raw_file():
    # the pyramid's VIP list in Chinese: each customer's net revenue and order count from the CSV itself
    df = _customer_list("pyramid", "zh")
    raw = pd.read_csv(DATA / "sample_orders.csv", dtype={"customer_id": str})
    raw["order_time"] = pd.to_datetime(raw["order_time"])
    as_of = raw["order_time"].max().normalize() + dt.timedelta(days=1)  # the default: the day after the last order
    raw = raw[raw["order_time"] < as_of]
    net = raw.groupby("customer_id")["amount"].sum().round(2)
    orders = raw.groupby("customer_id")["order_id"].nunique()
    got = df.set_index("客户编号")
    assert len(got) >= 10
    for cid, row in got.iterrows():
        assert row["净销售额 [CNY]"] == pytest.approx(net[cid], abs=0.005), cid
        assert row["订单数"] == orders[cid], cid
    # most valuable first (the pyramid ranks by profit when the file has a cost)
    profit = (raw["amount"] - raw["cost"]).groupby(raw["customer_id"]).sum()
    ranked = profit[got.index].to_numpy()
    assert (ranked[:-1] >= ranked[1:] - 1e-6).all()
