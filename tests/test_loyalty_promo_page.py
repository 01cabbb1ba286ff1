"""The loyalty page's promotion-dependence and share-of-wallet sections with AppTest, in both languages: on a
POS-style export with discounts and referrers (tests/exports/promo_files.py) the metrics equal figures computed
from the file with the csv module alone; on the bundled sample (no discount column) the page names the column
that would show promotion dependence and asks for the share-of-wallet estimate."""

from __future__ import annotations

import csv
import datetime as dt
import statistics
from collections import defaultdict
from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest

from crm_core.ingest import open_file
from ui.i18n import t
from ui.session import load_opened_file

from .conftest import ROOT
from .exports import promo_files as pf

TIMEOUT = 90
LABELS = {"en": {"driven": "Promotion-driven customers", "orders": "Orders with a discount",
                 "discount": "Discount share of list value", "median": "Median share of wallet",
                 "over": "Customers above 100 %", "section": "Promotion dependence (incentive and benefit loyalty)"},
          "zh": {"driven": "促销驱动型客户", "orders": "有优惠的订单占比", "discount": "优惠占原价比例",
                 "median": "钱包份额中位数", "over": "超过 100% 的客户", "section": "促销依赖（激励忠诚 / 利益忠诚）"}}


def _page(**state) -> AppTest:
    """The loyalty page with its lazy tab "promotion" open (a lazy tab group runs only its open tab)."""
    at = AppTest.from_file(str(ROOT / "pages" / "loyalty.py"), default_timeout=TIMEOUT)
    for k, v in state.items():
        at.session_state[k] = v
    at.session_state["loy_tabs"] = t("loy_tab_promotion", state.get("lang", "en"))
    return at.run()


@pytest.fixture(scope="module")
def pos_file(tmp_path_factory):
    return pf.pos_member_promo(tmp_path_factory.mktemp("promo_page")).path


@pytest.fixture
def pos_dataset(pos_file):
    return load_opened_file(open_file(pos_file), None)


def _read(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [r for r in csv.DictReader(f) if dt.date.fromisoformat(r["消费时间"][:10]) < pf.AS_OF]


@pytest.fixture(scope="module")
def csv_figures(pos_file):
    """From the file with the csv module: one receipt (流水号) per line, money off = |优惠金额|."""
    rows = _read(pos_file)
    per = defaultdict(lambda: [0, 0])
    for r in rows:
        per[r["会员卡号"]][0] += 1
        per[r["会员卡号"]][1] += Decimal(r["优惠金额"]) != 0
    paid = sum(Decimal(r["消费金额"]) for r in rows)
    off = sum(abs(Decimal(r["优惠金额"])) for r in rows)
    driven = sum(1 for n, d in per.values() if d / n > 0.5)
    start = pf.AS_OF - dt.timedelta(days=365)
    year = defaultdict(Decimal)
    budget = {}
    for r in sorted(rows, key=lambda r: r["消费时间"]):
        if dt.date.fromisoformat(r["消费时间"][:10]) >= start:
            year[r["会员卡号"]] += Decimal(r["消费金额"])
        if r["年消费预算"]:
            budget[r["会员卡号"]] = Decimal(r["年消费预算"].lstrip("￥").replace(",", ""))
    share_3000 = [float(v / 3000) for v in year.values()]
    by_column = [float(v / budget[c]) for c, v in year.items() if c in budget]
    return {"driven": driven, "customers": len(per), "orders": sum(n for n, _ in per.values()),
            "discounted": sum(d for _, d in per.values()), "discount_share": float(off / (paid + off)),
            "median_3000": statistics.median(share_3000), "over_3000": sum(s > 1 for s in share_3000),
            "median_column": statistics.median(by_column), "over_column": sum(s > 1 for s in by_column)}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_promotion_and_wallet_on_a_pos_export_match_the_csv_module(pos_dataset, csv_figures, lang):
    at = _page(lang=lang, dataset=pos_dataset, as_of=pf.AS_OF)
    assert not at.exception, [e.value for e in at.exception]
    lab = LABELS[lang]
    assert lab["section"] in [h.value for h in at.subheader]
    got = {m.label: m.value for m in at.metric}
    f = csv_figures
    assert got[lab["driven"]] == f"{f['driven']:,} ({f['driven'] / f['customers']:.1%})"
    assert got[lab["orders"]] == f"{f['discounted'] / f['orders']:.1%}"
    assert got[lab["discount"]] == f"{f['discount_share']:.1%}"
    assert at.get("plotly_chart") and not any("优惠金额, 折扣金额" in i.value for i in at.info)
    # share of wallet: none given yet → asked; then one number for everyone
    assert lab["median"] not in got
    at.number_input(key="lop_wallet_estimate").set_value(3000.0).run()
    assert not at.exception, [e.value for e in at.exception]
    got = {m.label: m.value for m in at.metric}
    assert got[lab["median"]] == f"{f['median_3000']:.1%}" and got[lab["over"]] == f"{f['over_3000']:,}"
    # the file's 年消费预算 column, each customer's latest non-blank value
    at.radio(key="lop_wallet_source").set_value("column").run()
    at.selectbox(key="lop_wallet_column").set_value("年消费预算").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    got = {m.label: m.value for m in at.metric}
    assert got[lab["median"]] == f"{f['median_column']:.1%}" and got[lab["over"]] == f"{f['over_column']:,}"
    # a column of names is no amount: a specific message, the rest of the page stands
    at.selectbox(key="lop_wallet_column").set_value("会员姓名").run()
    assert not at.exception and len(at.error) == 1 and "会员姓名" in at.error[0].value


def test_the_promotion_driven_threshold_moves_the_count(pos_dataset, pos_file):
    at = _page(lang="en", dataset=pos_dataset, as_of=pf.AS_OF)
    at.slider(key="lop_threshold").set_value(95).run()
    per = defaultdict(lambda: [0, 0])
    for r in _read(pos_file):
        per[r["会员卡号"]][0] += 1
        per[r["会员卡号"]][1] += Decimal(r["优惠金额"]) != 0
    driven = sum(1 for n, d in per.values() if d / n > 0.95)
    assert {m.label: m.value for m in at.metric}["Promotion-driven customers"].startswith(f"{driven:,} (")


@pytest.mark.parametrize("lang,needle", [("en", "no discount column"), ("zh", "没有优惠金额列")])
def test_the_sample_has_no_discount_column_and_the_page_says_which_would_show_it(lang, needle):
    at = _page(lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    info = [i.value for i in at.info if needle in i.value]
    assert info and "优惠金额" in info[0] and "discount" in info[0]
    assert LABELS[lang]["driven"] not in {m.label for m in at.metric}
    # share of wallet: the course's caveat, and the number asked for before anything is shown
    assert any("占有率" in i.value for i in at.info)
    assert LABELS[lang]["median"] not in {m.label for m in at.metric}
