"""Issue #13 §3: the report to hand out — ``report --html`` writes DIR/report.html, one self-contained file with
every section, the same KPI and tier figures as the overview and summary.json, in English or Chinese, with
plotly.js inlined once so that it opens offline."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import plotly.offline
import pytest

from crm_core import cli, customer_report, overview
from ui.handout import SECTIONS, fmt_count, fmt_kpi
from ui.i18n import t

ROOT = Path(__file__).resolve().parents[1]
VISIBLE_SECTIONS = {"overview": "nav_overview", "pyramid": "nav_pyramid", "rfm": "nav_rfm", "clv": "nav_clv",
                    "lifecycle": "nav_lifecycle", "loyalty": "nav_loyalty", "churn": "nav_churn",
                    "ingest": "data_report"}
LABEL_ID = re.compile(r"\b(?:ho|seg|lc_stage|lom_q|lom_rung|lom_col|pyr_tier|pyr_col|pyr_metric|ch_model|ch_col"
                      r"|ov_kpi|ov_period|nav|reason|m_rows)_[a-z_]+")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """``report sample --out DIR --html`` in English and in Chinese (the customer report computed once: both runs
    go through the command line, the second reuses the first's numbers)."""
    real, memo = customer_report.customer_report, {}

    def once(store, report, as_of, settings, **kw):
        if "r" not in memo:
            memo["r"] = real(store, report, as_of, settings, **kw)
        return memo["r"]

    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(customer_report, "customer_report", once)  # cli imports it when a report runs
        for lang in ("en", "zh"):
            d = tmp_path_factory.mktemp(f"handout_{lang}")
            assert cli.main(["report", "sample", "--out", str(d), "--html", "--lang", lang]) == 0
            out[lang] = d
    return out


def _html(written, lang) -> str:
    return (written[lang] / "report.html").read_text(encoding="utf-8")


def _section(doc: str, sid: str) -> str:
    m = re.search(rf'<section id="ho-{sid}">(.*?)</section>', doc, re.S)
    assert m, f"section {sid} missing"
    return m.group(1)


def _rows(fragment: str) -> list[list[str]]:
    """The body rows of the first table in ``fragment``, cells unescaped."""
    body = re.search(r"<tbody>(.*?)</tbody>", fragment, re.S).group(1)
    return [[html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
            for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def _visible_text(doc: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", "", doc, flags=re.S))


def test_handout_and_i18n_import_no_streamlit():
    # the command line imports ui.handout: neither it nor the labels may pull Streamlit in
    for name in ("handout", "i18n"):
        src = (ROOT / "ui" / f"{name}.py").read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+streamlit\b", src, re.M), name
    code = "import sys, ui.handout, ui.i18n; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_report_html_has_every_section_kpis_and_the_tier_counts_of_summary_json(written):
    doc = _html(written, "en")
    for sid in SECTIONS:
        assert f'<section id="ho-{sid}">' in doc
    for sid, key in VISIBLE_SECTIONS.items():
        assert f"<h2>{html.escape(t(key, 'en'))}</h2>" in _section(doc, sid)
    store, report = cli._load(cli.build_parser().parse_args(["report", "sample", "--out", "x"]))
    figures = overview.kpis(store, report.default_as_of, "month", has_profit=report.has_profit)
    shown = {r[0]: r[1:] for r in _rows(_section(doc, "overview"))}
    cur = f" [{report.currency}]"
    for kpi, k in figures.items():
        assert shown[t(f"ov_kpi_{kpi}", "en", cur=cur)][:2] == [fmt_kpi(kpi, k.value, report.currency),
                                                                fmt_kpi(kpi, k.previous, report.currency)]
    summary = json.loads((written["en"] / "summary.json").read_text(encoding="utf-8"))
    tiers = _rows(_section(doc, "pyramid"))
    assert [r[1] for r in tiers] == [fmt_count(x["customers"]) for x in summary["pyramid"]["tiers"]]
    assert [int(r[1].replace(",", "")) for r in tiers] == [x["customers"] for x in summary["pyramid"]["tiers"]]
    assert sum(int(r[1].replace(",", "")) for r in tiers) == summary["customers"]
    assert f"{summary['clv']['bgnbd']['r']:,.4f}" in _section(doc, "clv")  # the fitted parameters, as fitted


def test_chinese_report_has_chinese_titles_and_no_label_ids(written):
    doc = _html(written, "zh")
    for sid, key in VISIBLE_SECTIONS.items():
        title = t(key, "zh")
        assert re.search(r"[\u4e00-\u9fff]", title) and f"<h2>{html.escape(title)}</h2>" in _section(doc, sid)
    text = _visible_text(doc)
    assert not LABEL_ID.findall(text)
    for english in ("Customer pyramid", "Lifecycle", "Champions", "Repeat purchase rate", "Rows read"):
        assert english not in text
    assert '<html lang="zh-CN">' in doc


def test_plotly_js_is_inline_once_and_nothing_is_fetched(written):
    doc = _html(written, "en")
    banner = plotly.offline.get_plotlyjs()[:200]
    assert doc.count(banner) == 1
    assert not re.search(r"<script[^>]*\bsrc=", doc)
    assert not re.search(r"<link[^>]*\bhref=[\"']?https?:", doc)
    assert doc.count('class="plotly-graph-div"') >= 3
    assert "page-break-after: always" in doc  # print: one section per page
