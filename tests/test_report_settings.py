"""Issue #13 §3: the handout and the profile use the settings "as the user has set them" — the pyramid's value
metric and cut points, the overview's comparison period, … — on the command line (``--value-metric``,
``--pyramid-cuts``, ``--kpi-period``) and in the app (a widget's value survives a visit to another page and
reaches the customer report). Tiers are checked against a plain-pandas ranking of the file itself."""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.test_cli import run_cli
from ui.i18n import t

from .test_profile import ROOT

DATA = ROOT / "data" / "sample_orders.csv"
CUTS = (0.02, 0.10, 0.30)


def _oracle_tiers(value: pd.Series, cuts=CUTS) -> pd.Series:
    """The pyramid's rule, written out: rank customers by value (highest first, ties by id); rank k of n is VIP
    when k <= cuts[0]·n, major when k <= cuts[1]·n, ordinary when k <= cuts[2]·n, else small; value <= 0 is lead."""
    ranked = value.rename("v").rename_axis("id").reset_index().sort_values(["v", "id"], ascending=[False, True])
    n = len(ranked)
    k = np.arange(1, n + 1)
    tier = np.where(k <= cuts[0] * n, "vip", np.where(k <= cuts[1] * n, "major",
                    np.where(k <= cuts[2] * n, "ordinary", "small")))
    tier[ranked["v"].to_numpy() <= 0] = "lead"
    return pd.Series(tier, index=ranked["id"].to_numpy()).reindex(value.index)


@pytest.fixture(scope="module")
def net_revenue() -> pd.Series:
    """Each sample customer's net revenue from the file: the sum of every line's amount (returns are negative)."""
    df = pd.read_csv(DATA, dtype={"customer_id": str})
    return df.groupby("customer_id")["amount"].sum().round(2)


@pytest.fixture(scope="module")
def cut_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("cuts")
    res = run_cli("report", "sample", "--out", out, "--value-metric", "net_revenue", "--pyramid-cuts",
                  ",".join(map(str, CUTS)), "--html", "--kpi-period", "quarter")
    assert res.returncode == 0, res.stderr
    return out


def test_cli_cut_points_and_metric_give_the_tiers_of_a_pandas_ranking(cut_report, net_revenue):
    customers = pd.read_csv(cut_report / "customers.csv", dtype={"customer_id": str}).set_index("customer_id")
    want = _oracle_tiers(net_revenue)
    assert customers["tier"].reindex(want.index).tolist() == want.tolist()
    n = len(want)
    assert (want == "vip").sum() == int(CUTS[0] * n) and (want == "major").sum() > 0
    summary = json.loads((cut_report / "summary.json").read_text(encoding="utf-8"))
    assert summary["pyramid"]["cuts"] == list(CUTS) and summary["pyramid"]["value_metric"] == "net_revenue"
    counts = {r["tier"]: r["customers"] for r in summary["pyramid"]["tiers"]}
    assert counts == {k: int((want == k).sum()) for k in counts}


def test_report_html_names_its_settings_and_period(cut_report):
    doc = (cut_report / "report.html").read_text(encoding="utf-8")
    title = re.search(r'<section id="ho-title">(.*?)</section>', doc, re.S).group(1)
    text = html.unescape(re.sub(r"<[^>]+>", " ", title))
    assert t("ho_set_cuts_value", "en", vip="2 %", major="8 %", ordinary="20 %", small="70 %") in text
    assert t("pyr_metric_net_revenue", "en") in text
    ov = re.search(r'<section id="ho-overview">(.*?)</section>', doc, re.S).group(1)
    assert f"<th>{t('ho_col_value', 'en', period=t('ov_period_word_quarter', 'en'))}</th>" in ov
    rfm = re.search(r'<section id="ho-rfm">(.*?)</section>', doc, re.S).group(1)
    summary = json.loads((cut_report / "summary.json").read_text(encoding="utf-8"))
    for c in summary["rfm"]["classes8"]:  # the eight classes, each with its count
        name = re.escape(html.escape(t("c8_" + c["segment"], "en")))
        assert re.search(rf'<td>{name}</td><td class="num">{c["customers"]:,}</td>', rfm), c["segment"]
    clv = re.search(r'<section id="ho-clv">(.*?)</section>', doc, re.S).group(1)
    equity = summary["loyalty"]["customer_equity"]
    for g in equity["by"]["tier"]:
        assert f"¥{g['equity']:,.2f}" in clv, g["group"]


def test_cli_ranks_by_predicted_clv_when_asked(tmp_path):
    res = run_cli("report", "sample", "--out", tmp_path, "--value-metric", "clv_pred")
    assert res.returncode == 0, res.stderr
    customers = pd.read_csv(tmp_path / "customers.csv", dtype={"customer_id": str}).set_index("customer_id")
    want = _oracle_tiers(customers["clv_pred"], cuts=(0.01, 0.05, 0.20))
    assert customers["tier"].tolist() == want.tolist()


@pytest.mark.parametrize("cuts", ["0.2,0.1,0.3", "0.01,0.05", "a,b,c", "0,0.05,0.2"])
def test_cli_refuses_impossible_cut_points(cuts, tmp_path):
    res = run_cli("report", "sample", "--out", tmp_path, "--pyramid-cuts", cuts)
    assert res.returncode == 2 and "--pyramid-cuts" in res.stderr and "0 < vip < major < ordinary < 1" in res.stderr


def test_the_app_keeps_a_setting_across_pages_and_the_profile_uses_it(net_revenue):
    # a customer ranked in the top 20 % of net revenue, but not in the top 1 %: major or ordinary by default,
    # VIP once the user widens the VIP tier to 20 % on the pyramid page
    default, wide = _oracle_tiers(net_revenue, (0.01, 0.05, 0.20)), _oracle_tiers(net_revenue, (0.20, 0.24, 0.39))
    cid = next(c for c in net_revenue.sort_values(ascending=False).index if default[c] == "ordinary")
    assert wide[cid] == "vip"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()
    at.switch_page("pages/pyramid.py").run()
    metric = next(r for r in at.radio if r.key.startswith("pyr_metric_"))
    metric.set_value("net_revenue").run()
    at.slider(key="pyr_vip").set_value(20.0).run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page("pages/overview.py").run()
    assert "pyr_vip" not in at.session_state  # Streamlit dropped the widget's state with its page …
    at.switch_page("pages/pyramid.py").run()
    assert at.slider(key="pyr_vip").value == 20.0  # … and the page shows the user's value again
    assert next(r for r in at.radio if r.key.startswith("pyr_metric_")).value == "net_revenue"
    at.query_params["customer"] = cid
    at.switch_page("pages/profile.py").run()
    assert not at.exception, [e.value for e in at.exception]
    stand = next(tb.value for tb in at.table if tb.value.shape[1] == 3)
    shown = dict(zip(stand.iloc[:, 0], stand.iloc[:, 1], strict=True))[t("prof_v_tier", "en")]
    assert shown.startswith(t("pyr_tier_vip", "en")), shown


def test_the_clv_pages_horizon_reaches_the_overview_and_the_pyramid(tmp_path):
    # 104 weeks set on the CLV page: the overview's customer equity is Σ clv_pred of `report --horizon 104`, and
    # the pyramid's predicted-CLV metric says which horizon it ranks by
    res = run_cli("report", "sample", "--out", tmp_path, "--horizon", "104")
    assert res.returncode == 0, res.stderr
    equity = pd.read_csv(tmp_path / "customers.csv")["clv_pred"].sum()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()
    at.session_state["clv_tabs"] = t("clv_tab_predicted", "en")  # the horizon is on the CLV page's predicted tab
    at.switch_page("pages/clv.py").run()
    at.number_input(key="clv_horizon").set_value(104).run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page("pages/overview.py").run()
    cards = {m.label: m.value for m in at.metric}
    assert cards["Customer equity [CNY]"] == f"¥{equity:,.0f}"
    at.switch_page("pages/pyramid.py").run()
    next(r for r in at.radio if r.key.startswith("pyr_metric_")).set_value("clv_pred").run()
    assert "over the next 104 weeks, discounted at 10 % a year" in at.info[0].value
