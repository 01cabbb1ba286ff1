"""The report to hand out (issue #13 §3): one self-contained HTML file — every view's key tables and a chart each,
plotly.js inlined once so that it opens offline, and print CSS that gives one section per page.

Built from :func:`crm_core.customer_report.customer_report`'s summary, the ingest report and (optionally)
:func:`crm_core.overview.kpis`, with the interface's labels (:func:`ui.i18n.t`) and charts localised with
:func:`ui.charts.localise`. No Streamlit here: the command line's ``report --html`` and the overview page's
download button call the same :func:`build_html`.
"""

from __future__ import annotations

import datetime as dt
import html
import math

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import plotly.offline

from crm_core.ingest import IngestReport
from crm_core.overview import DEFAULT_PERIOD as DEFAULT_KPI_PERIOD

from .charts import localise
from .format import money
from .i18n import LABELS, t

SECTIONS = ("title", "overview", "pyramid", "rfm", "clv", "lifecycle", "loyalty", "churn", "ingest")
MONEY_KPIS = frozenset({"revenue", "profit", "avg_order_value"})
RATE_KPIS = frozenset({"repeat_purchase_rate", "retention_rate", "top_share"})
COUNT_KPIS = frozenset({"active_customers", "new_customers"})
CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 2rem auto; max-width: 1000px; color: #222; line-height: 1.45; }
h1 { font-size: 2rem; margin-bottom: .2rem; } h2 { border-bottom: 2px solid #4C78A8; padding-bottom: .2rem; }
h3 { margin-top: 1.2rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #ccc; padding: .25rem .6rem; } th { background: #f0f3f7; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #555; font-size: .9rem; } .chart { page-break-inside: avoid; break-inside: avoid; }
section { margin-bottom: 3rem; }
@media print {
  body { margin: 0; max-width: none; }
  section { page-break-after: always; break-after: page; margin: 0; }
  section:last-of-type { page-break-after: auto; break-after: auto; }
  .no-print { display: none; }
}
"""


# ---------------------------------------------------------------- formats
def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt_money(x, currency: str | None) -> str:
    """Money to cents, with the currency sign: ``¥6,854,171.29``; ``–`` when unknown."""
    return "–" if _missing(x) else money(float(x), currency, decimals=2)


def fmt_share(x) -> str:
    return "–" if _missing(x) else f"{float(x):.1%}"


def fmt_count(x) -> str:
    return "–" if _missing(x) else f"{float(x):,.0f}"


def fmt_num(x, digits: int = 2) -> str:
    return "–" if _missing(x) else f"{float(x):,.{digits}f}"


def fmt_kpi(kpi: str, x, currency: str | None) -> str:
    """A KPI's value as the report shows it: money to cents, rates in %, counts whole, the rest to 2 decimals."""
    if kpi in MONEY_KPIS:
        return fmt_money(x, currency)
    if kpi in RATE_KPIS:
        return fmt_share(x)
    if kpi in COUNT_KPIS:
        return fmt_count(x)
    return fmt_num(x)


def fmt_kpi_change(kpi: str, k, currency: str | None, lang: str) -> str:
    """The change: points for rates, else the difference and the relative change; ``–`` when unknown."""
    if _missing(k.value) or _missing(k.previous):
        return "–"
    if kpi in RATE_KPIS:
        return t("ov_pp", lang, value=f"{k.change * 100:+.1f}")
    sign = "+" if k.change >= 0 else "-"
    rel = "" if _missing(k.relative) else f" ({k.relative:+.1%})"
    return f"{sign}{fmt_kpi(kpi, abs(k.change), currency)}{rel}"


def _label(key: str, lang: str, fallback: str, **values) -> str:
    """The label ``key`` when the table has it, else ``fallback`` (an id the labels do not name, as written)."""
    return t(key, lang, **values) if key in LABELS else str(fallback)


# ---------------------------------------------------------------- html pieces
def _e(x) -> str:
    return html.escape("" if x is None else str(x))


def _table(headers: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    """An HTML table; every cell escaped; the columns in ``numeric`` right-aligned."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f'<td class="num">{_e(c)}</td>' if i in numeric else f"<td>{_e(c)}</td>"
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _p(text: str, cls: str | None = None) -> str:
    return f'<p class="{cls}">{_e(text)}</p>' if cls else f"<p>{_e(text)}</p>"


def _section(sid: str, title: str, body: str) -> str:
    return f'<section id="ho-{sid}"><h2>{_e(title)}</h2>{body}</section>'


def _bar(x: list[str], y: list[float], *, title: str, lang: str, percent: bool = False) -> str:
    """A plotly bar chart as a ``<div>`` (plotly.js itself is in the page's head, once)."""
    fig = go.Figure(go.Bar(x=x, y=y, marker_color="#4C78A8",
                           text=[f"{v:.1%}" if percent else f"{v:,.0f}" for v in y], textposition="outside",
                           hovertemplate="%{x}: %{text}<extra></extra>"))
    fig.update_layout(title={"text": title}, height=360, width=900, margin={"l": 50, "r": 20, "t": 50, "b": 60},
                      paper_bgcolor="white", plot_bgcolor="white")
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=".0%" if percent else ",d", gridcolor="#eee", rangemode="tozero")
    fig = localise(fig, lang)
    div = pio.to_html(fig, include_plotlyjs=False, full_html=False,
                      config={"displayModeBar": False, "staticPlot": False})
    return f'<div class="chart">{div}</div>'


# ---------------------------------------------------------------- sections
def _title_section(summary: dict, report: IngestReport, lang: str) -> str:
    cur = report.currency or t("sb_currency_unknown", lang)
    first = report.first_date.isoformat() if report.first_date else "–"
    last = report.last_date.isoformat() if report.last_date else "–"
    rows = [[t("ho_file", lang), report.source_name],
            [t("ho_as_of", lang), summary["as_of"]],
            [t("ho_date_range", lang), f"{first} – {last}"],
            [t("sb_currency", lang), cur],
            [t("m_rows_read", lang), fmt_count(report.rows_read)],
            [t("m_rows_kept", lang), fmt_count(report.rows_kept)],
            [t("m_rows_rejected", lang), fmt_count(report.rows_rejected)],
            [t("m_rows_excluded", lang), fmt_count(report.rows_excluded)],
            [t("m_duplicates", lang), fmt_count(report.duplicates_removed)],
            [t("m_customers", lang), fmt_count(summary["customers"])]]
    body = (f"<h1>{_e(t('ho_title', lang))}</h1>"
            + _p(t("ho_subtitle", lang, dataset=report.source_name, as_of=summary["as_of"]))
            + f"<h3>{_e(t('ho_provenance', lang))}</h3>" + _table(["", ""], rows, {1})
            + f"<h3>{_e(t('ho_settings', lang))}</h3>" + _table(["", ""], settings_rows(summary, lang))
            + _p(t("ho_generated", lang, today=dt.date.today().isoformat()), "note")
            + _p(t("ho_print_hint", lang), "note no-print"))
    return f'<section id="ho-title">{body}</section>'


def settings_rows(summary: dict, lang: str) -> list[list[str]]:
    """The settings every section was computed with (the pages' widgets as the user left them, or the command
    line's options): pyramid metric and cut points, RFM monetary value, CLV horizon and rate, churn horizon,
    retention period and second-purchase window."""
    pyr, clv, loy = summary["pyramid"], summary["clv"], summary["loyalty"]
    vip, major, ordinary = pyr["cuts"]
    unit = _label(f"ho_unit_{clv['time_unit']}", lang, clv["time_unit"])
    rows = [[t("ho_set_metric", lang), t(f"pyr_metric_{pyr['value_metric']}", lang)],
            [t("ho_set_cuts", lang), t("ho_set_cuts_value", lang, vip=_pct(vip), major=_pct(major - vip),
                                       ordinary=_pct(ordinary - major), small=_pct(1 - ordinary))],
            [t("ho_set_monetary", lang), t(f"rfm_monetary_{summary['rfm']['monetary']}", lang)],
            [t("ho_set_clv", lang), t("ho_clv_settings", lang, horizon=clv["horizon"], unit=unit,
                                      rate=f"{clv['discount_rate']:.4%}")]]
    if summary["churn"].get("horizon_days"):
        rows.append([t("ho_set_churn", lang), t("ho_churn_horizon", lang, days=summary["churn"]["horizon_days"])])
    rows.append([t("ho_set_retention", lang), t(f"loy_period_{loy['retention_period']}", lang)])
    second = loy.get("second_purchase_rate")
    if second:
        rows.append([t("ho_set_second", lang), t("ho_set_days", lang, days=second["window_days"])])
    if pyr.get("value_metric_note"):
        rows.append([t("ho_set_note", lang), pyr["value_metric_note"]])
    return rows


def _pct(x: float) -> str:
    return f"{round(100 * x, 6):g} %"


def _overview_section(kpis: dict, report: IngestReport, summary: dict, lang: str, period: str) -> str:
    cur = report.currency
    word = t(f"ov_period_word_{period}", lang)
    cur_tag = f" [{cur}]" if cur else ""
    rows = []
    for kpi, k in kpis.items():
        if kpi == "profit" and not report.has_profit:
            continue
        rows.append([t(f"ov_kpi_{kpi}", lang, cur=cur_tag), fmt_kpi(kpi, k.value, cur),
                     fmt_kpi(kpi, k.previous, cur), fmt_kpi_change(kpi, k, cur, lang)])
    body = (_p(t("ho_kpi_window", lang, period=word, as_of=summary["as_of"]), "note")
            + _table([t("ho_col_kpi", lang), t("ho_col_value", lang, period=word),
                      t("ho_col_previous", lang, period=word), t("ho_col_change", lang)], rows, {1, 2, 3}))
    return _section("overview", t("nav_overview", lang), body)


def _pyramid_section(summary: dict, currency: str | None, lang: str) -> str:
    pyr = summary["pyramid"]
    metric = t(f"pyr_metric_{pyr['value_metric']}", lang)
    cur = currency or "–"
    tiers = pyr["tiers"]
    names = [_label(f"pyr_tier_{r['tier']}", lang, r["tier"]) for r in tiers]
    rows = [[n, fmt_count(r["customers"]), fmt_share(r["customer_share"]), fmt_money(r["value"], currency),
             fmt_share(r["value_share"]), fmt_money(r["net_revenue"], currency), fmt_num(r["orders_per_customer"]),
             fmt_money(r["avg_order_value"], currency)] for n, r in zip(names, tiers, strict=True)]
    headers = [t("pyr_col_tier", lang), t("pyr_col_customers", lang), t("pyr_col_customer_share", lang),
               t("ho_col_value_metric", lang, metric=metric, currency=cur),
               t("ho_col_value_share", lang, metric=metric), t("pyr_col_net_revenue", lang, currency=cur),
               t("pyr_col_orders_per_customer", lang), t("pyr_col_avg_order_value", lang, currency=cur)]
    body = (_table(headers, rows, set(range(1, 8)))
            + _p(t("ho_gini", lang, metric=metric, gini=fmt_num(pyr["gini"], 3)))
            + _p(t("ho_top_share", lang, metric=metric, share=fmt_share(pyr["top_20pct_value_share"])))
            + _bar(names, [r["value_share"] or 0.0 for r in tiers], lang=lang, percent=True,
                   title=t("ho_chart_value_share", lang, metric=metric)))
    return _section("pyramid", t("nav_pyramid", lang), body)


def _rfm_section(summary: dict, currency: str | None, lang: str) -> str:
    segs = summary["rfm"]["segments"]
    names = [_label(f"seg_{r['segment']}", lang, r["segment"]) for r in segs]
    rows = [[n, fmt_count(r["customers"]), fmt_share(r["customer_share"]), fmt_money(r["monetary"], currency),
             fmt_share(r["monetary_share"])] for n, r in zip(names, segs, strict=True)]
    headers = [t("ho_col_segment", lang), t("ho_col_count", lang), t("ho_col_share", lang),
               t("ho_col_monetary", lang, currency=currency or "–"), t("ho_col_monetary_share", lang)]
    body = (_table(headers, rows, {1, 2, 3, 4})
            + _bar(names, [r["customers"] for r in segs], title=t("ho_chart_segments", lang), lang=lang))
    classes = summary["rfm"].get("classes8") or []
    if classes:
        crows = [[_label(f"c8_{r['segment']}", lang, r["segment"]), fmt_count(r["customers"]),
                  fmt_share(r["customer_share"]), fmt_money(r["monetary"], currency), fmt_share(r["monetary_share"]),
                  _label(f"c8_{r['segment']}_act", lang, "")] for r in classes]
        body += (f"<h3>{_e(t('ho_classes8', lang))}</h3>"
                 + _table([t("ho_col_class", lang)] + headers[1:] + [t("ho_col_action", lang)], crows, {1, 2, 3, 4}))
    return _section("rfm", t("nav_rfm", lang), body)


def _clv_section(summary: dict, currency: str | None, lang: str) -> str:
    clv = summary["clv"]
    unit = _label(f"ho_unit_{clv['time_unit']}", lang, clv["time_unit"])
    body = _p(t("ho_clv_settings", lang, horizon=clv["horizon"], unit=unit, rate=f"{clv['discount_rate']:.4%}"))
    if "error" in clv:
        return _section("clv", t("nav_clv", lang), body + _p(t("ho_not_computed", lang, msg=clv["error"])))
    headers = [t("ho_col_parameter", lang), t("ho_col_estimate", lang)]
    bg, gg = clv["bgnbd"], clv["gamma_gamma"]
    body += (f"<h3>{_e(t('ho_bgnbd', lang))}</h3>"
             + _table(headers, [[n, fmt_num(bg[k], 4)] for n, k in (("r", "r"), ("α", "alpha"), ("a", "a"),
                                                                    ("b", "b"))], {1})
             + f"<h3>{_e(t('ho_gamma_gamma', lang))}</h3>"
             + _table(headers, [[n, fmt_num(gg[k], 4)] for n, k in (("p", "p"), ("q", "q"), ("γ", "gamma"))], {1}))
    equity = summary.get("loyalty", {}).get("customer_equity")
    if equity:
        body += _table([t("ho_equity", lang, currency=currency or "–")], [[fmt_money(equity["total"], currency)]],
                       {0})
        body += _equity_split(equity, currency, lang)
    return _section("clv", t("nav_clv", lang), body)


EQUITY_GROUPS = {"tier": ("pyr_tier_", ("vip", "major", "ordinary", "small", "lead", "unknown")),
                 "quadrant": ("lom_q_", ("true_friends", "butterflies", "barnacles", "strangers"))}


def _equity_split(equity: dict, currency: str | None, lang: str) -> str:
    """Customer equity by pyramid tier and by loyalty quadrant: customers, Σ CLV, its share and the mean CLV."""
    out = ""
    for grouping, (prefix, order) in EQUITY_GROUPS.items():
        groups = {g["group"]: g for g in (equity.get("by") or {}).get(grouping, [])}
        shown = [groups[k] for k in order if k in groups] + [g for k, g in groups.items() if k not in order]
        if not shown:
            continue
        rows = [[_label(f"{prefix}{g['group']}", lang, str(g["group"])), fmt_count(g["customers"]),
                 fmt_money(g["equity"], currency), fmt_share(g["equity_share"]), fmt_money(g["clv_mean"], currency)]
                for g in shown]
        cur = currency or "–"
        out += (f"<h3>{_e(t(f'ho_equity_by_{grouping}', lang))}</h3>"
                + _table([t(f"ho_col_{grouping}", lang), t("ho_col_count", lang),
                          t("ho_col_equity", lang, currency=cur), t("ho_col_equity_share", lang),
                          t("ho_col_clv_mean", lang, currency=cur)], rows, {1, 2, 3, 4}))
    return out


def _lifecycle_section(summary: dict, lang: str) -> str:
    lc = summary["lifecycle"]
    counts = lc["stage_counts"]
    names = [_label(f"lc_stage_{s}", lang, s) for s in counts]
    total = sum(counts.values()) or 1
    rows = [[n, fmt_count(c), fmt_share(c / total)] for n, c in zip(names, counts.values(), strict=True)]
    body = _table([t("ho_col_stage", lang), t("ho_col_count", lang), t("ho_col_share", lang)], rows, {1, 2})
    if lc.get("lost_ceiling_days") is not None:
        body += _p(t("ho_lost_ceiling", lang, days=fmt_count(lc["lost_ceiling_days"])), "note")
    body += _bar(names, list(counts.values()), title=t("ho_chart_stages", lang), lang=lang)
    return _section("lifecycle", t("nav_lifecycle", lang), body)


def _loyalty_section(summary: dict, currency: str | None, lang: str) -> str:
    loy = summary["loyalty"]
    rows = []
    if loy.get("retention"):
        last = loy["retention"][-1]
        rows.append([t("ho_retention", lang, period=last["period"]), fmt_share(last["rate"])])
    rows.append([t("ho_repeat_rate", lang), fmt_share(loy.get("repeat_purchase_rate"))])
    second = loy.get("second_purchase_rate")
    if second:
        rows.append([t("ho_second_rate", lang, days=second["window_days"]), fmt_share(second["rate"])])
    body = _table(["", ""], rows, {1})
    metric = _label(f"pyr_metric_{loy.get('value_metric')}", lang, loy.get("value_metric"))
    quads = loy.get("quadrants") or []
    if quads:
        names = [_label(f"lom_q_{q['quadrant']}", lang, q["quadrant"]) for q in quads]
        qrows = [[n, fmt_count(q["customers"]), fmt_share(q["customer_share"]), fmt_money(q["value"], currency),
                  fmt_share(q["value_share"])] for n, q in zip(names, quads, strict=True)]
        body += (f"<h3>{_e(t('ho_quadrants', lang))}</h3>"
                 + _table([t("lom_col_quadrant", lang), t("lom_col_customers", lang), t("lom_col_customer_share", lang),
                           t("lom_col_value", lang, metric=metric, currency=currency or "–"),
                           t("lom_col_value_share", lang, metric=metric)], qrows, {1, 2, 3, 4})
                 + _bar(names, [q["customers"] for q in quads], title=t("ho_chart_quadrants", lang), lang=lang))
    ladder = loy.get("ladder") or []
    if ladder:
        lrows = [[_label(f"lom_rung_{r['rung']}", lang, r["rung"]), fmt_count(r["customers"]),
                  fmt_count(r["reached"])] for r in ladder]
        body += (f"<h3>{_e(t('ho_ladder', lang))}</h3>"
                 + _table([t("lom_col_rung", lang), t("lom_col_on_rung", lang), t("ho_col_reached", lang)], lrows,
                          {1, 2}))
    return _section("loyalty", t("nav_loyalty", lang), body)


def _churn_section(summary: dict, lang: str) -> str:
    ch = summary["churn"]
    if "error" in ch:
        return _section("churn", t("nav_churn", lang), _p(t("ho_not_computed", lang, msg=ch["error"])))
    days = ch["horizon_days"]
    cols = ("roc_auc", "pr_auc", "brier", "top_decile_lift")
    rows = [[_label(f"ch_model_{v['model']}", lang, v["model"])] + [fmt_num(v[c], 3) for c in cols]
            for v in ch["validation"]]
    body = (_p(t("ho_churn_horizon", lang, days=days))
            + f"<h3>{_e(t('ho_churn_validation', lang, days=days))}</h3>"
            + _table([t("ch_col_model", lang)] + [t(f"ch_col_{c}", lang) for c in cols], rows, {1, 2, 3, 4}))
    return _section("churn", t("nav_churn", lang), body)


def _ingest_section(report: IngestReport, lang: str) -> str:
    rows = [[t("m_rows_read", lang), fmt_count(report.rows_read)],
            [t("m_rows_kept", lang), fmt_count(report.rows_kept)],
            [t("m_rows_rejected", lang), fmt_count(report.rows_rejected)],
            [t("m_rows_excluded", lang), fmt_count(report.rows_excluded)],
            [t("m_duplicates", lang), fmt_count(report.duplicates_removed)],
            [t("m_returns", lang), fmt_count(report.returns)],
            [t("m_gross", lang), fmt_money(report.gross_revenue, report.currency)],
            [t("m_returns_amount", lang), fmt_money(report.returns_amount, report.currency)],
            [t("m_net", lang), fmt_money(report.net_revenue, report.currency)]]
    body = _p(t("ho_ingest_identity", lang), "note") + _table(["", ""], rows, {1})
    reasons = [[t("ho_rejected", lang), _label(f"reason_{k}", lang, k), fmt_count(n)]
               for k, n in (report.rejected or {}).items()]
    reasons += [[t("ho_excluded", lang), _label(f"reason_{k}", lang, k), fmt_count(n)]
                for k, n in (report.excluded or {}).items()]
    if reasons:
        body += _table(["", t("ho_col_reason", lang), t("ho_col_rows", lang)], reasons, {2})
    else:
        body += _p(t("ho_rejected_none", lang))
    return _section("ingest", t("data_report", lang), body)


# ---------------------------------------------------------------- the file
def build_html(customers: pd.DataFrame | None, summary: dict, report: IngestReport, kpis: dict | None,
               lang: str = "en", kpi_period: str = DEFAULT_KPI_PERIOD) -> str:
    """The whole report as one HTML document (UTF-8 text; plotly.js inlined once, so it opens offline).

    Parameters
    ----------
    customers : the per-customer frame of ``customer_report``, or None — no section reads it today (the handout
        shows no customer row by row; the Spark report passes None: its customers stay on the cluster)
    summary : its summary (the ``summary.json`` object)
    report : the dataset's IngestReport (provenance and the ingest section)
    kpis : ``crm_core.overview.kpis`` {kpi id: Kpi} for the ``kpi_period`` ending at the as-of date; None leaves
        the overview section out
    lang : ``"en"`` or ``"zh"``, the language of every label
    kpi_period : the period of ``kpis`` (``month``, ``quarter`` or ``year``), named in the overview section

    Returns
    -------
    str : the document; sections ``<section id="ho-…">`` in :data:`SECTIONS` order, one printed page each.
    """
    cur = report.currency
    parts = [_title_section(summary, report, lang)]
    if kpis is not None:
        parts.append(_overview_section(kpis, report, summary, lang, kpi_period))
    parts += [_pyramid_section(summary, cur, lang), _rfm_section(summary, cur, lang), _clv_section(summary, cur, lang),
              _lifecycle_section(summary, lang), _loyalty_section(summary, cur, lang), _churn_section(summary, lang),
              _ingest_section(report, lang)]
    title = f"{t('ho_title', lang)} · {report.source_name} · {summary['as_of']}"
    return ("<!DOCTYPE html>\n"
            f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f"<title>{_e(title)}</title><style>{CSS}</style>"
            f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script></head>'
            f"<body>{''.join(parts)}</body></html>\n")
