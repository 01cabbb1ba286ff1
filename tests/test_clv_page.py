"""The CLV page with Streamlit's AppTest: first script of a session, the 例3.1 calculator (reading, revenue or
profit basis, share of wallet), the retention × discount heat map, the fitted models with their diagnostics,
the calculator as a fragment, and a dataset too small to fit."""

from __future__ import annotations

import base64
import datetime as dt
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from crm_core.ingest import open_file
from ui.i18n import t
from ui.session import load_opened_file

from .conftest import ROOT, open_tab, write_csv

TIMEOUT = 60
# 例3.1 (TEXTBOOK.md): n = 5 years, Co = 400, Po = 2,000, In = 500, r = 9 %, Cs = 10
N, CO, PO, IN, R, CS = 5, 400.0, 2000.0, 500.0, 0.09, 10.0


def _run(lang: str = "en", tab: str | None = None, **state) -> AppTest:
    """The page's first run, on the tab ``tab`` (its label key; default the first, the calculator): the tabs are
    lazy, only the open one runs."""
    at = AppTest.from_file(str(ROOT / "pages" / "clv.py"), default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    if tab is not None:
        at.session_state["clv_tabs"] = t(tab, lang)
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


PREDICTED, HOLDOUT = "clv_tab_predicted", "clv_tab_holdout"


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _cny(x: float) -> str:
    return f"¥{x:,.2f}"


def _chart(at: AppTest, key: str) -> dict:
    """The plotly figure (JSON) drawn with ``key``; typed arrays decoded to numpy."""
    el = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}"))
    return json.loads(el.proto.spec)


def _array(value, shape=None) -> np.ndarray:
    if isinstance(value, dict) and "bdata" in value:
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return arr.reshape(shape) if shape else arr
    return np.asarray(value, dtype=float)


@pytest.mark.parametrize(("lang", "title"), [("en", "Customer lifetime value (CLV)"), ("zh", "客户终生价值（CLV）")])
def test_page_runs_as_the_first_script_of_a_session(lang, title):
    at = _run(lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == title
    assert not at.error, [e.value for e in at.error]
    assert not at.warning, [w.value for w in at.warning]


def test_example_31_reading_a_then_b():
    at = _run()
    assert _metrics(at)["CLV, reading A"] == "¥3,505.93"
    at.radio(key="clv_reading").set_value("B").run()
    assert not at.exception
    assert _metrics(at)["CLV, reading B"] == "¥10,895.93"


def test_profit_basis_and_share_of_wallet_follow_the_formula_by_hand():
    # By hand from the 例3.1 inputs (TEXTBOOK.md; the textbook's profit and share-of-wallet variants):
    # reading A on the profit basis with gross margin g: CLV = g·Po − Co + Σ_{t=1..5} (g·In − Cs)/1.09^t
    at = _run()
    at.radio(key="clv_basis").set_value("profit").run()
    g = 0.30  # the default margin of the control
    by_hand = g * PO - CO + sum((g * IN - CS) / (1 + R) ** t for t in range(1, N + 1))
    assert round(by_hand, 2) == 744.55
    assert _metrics(at)["CLV on profit, reading A"] == _cny(by_hand)
    table = next(d.value for d in at.table if "Inflow = gross profit [¥]" in d.value.columns)
    assert table["Inflow = gross profit [¥]"].tolist() == pytest.approx([600.0, 150, 150, 150, 150, 150])
    assert table["PV [¥]"].iloc[1] == pytest.approx((150 - 10) / 1.09)

    # share of wallet s = 50 % on the revenue basis: s·Po − Co + Σ (s·In − Cs)/1.09^t = 600 + 240 × 3.88965
    at.radio(key="clv_basis").set_value("revenue")
    at.number_input(key="clv_sow").set_value(50.0).run()
    by_hand = 0.5 * PO - CO + sum((0.5 * IN - CS) / (1 + R) ** t for t in range(1, N + 1))
    assert round(by_hand, 2) == 1533.52
    assert _metrics(at)["CLV, reading A"] == _cny(by_hand)
    table = next(d.value for d in at.table if "Inflow = revenue [¥]" in d.value.columns)
    assert table["Revenue [¥]"].tolist() == pytest.approx([1000.0, 250, 250, 250, 250, 250])
    assert table["Cost [¥]"].tolist() == pytest.approx([400.0, 10, 10, 10, 10, 10])  # costs are not scaled

    # both, reading B (year t brings Po + (t−1)·In, nothing at t = 0): −Co + Σ (g·s·R_t − Cs)/1.09^t
    at.radio(key="clv_basis").set_value("profit").run()  # the margin input is enabled on the profit basis only
    at.number_input(key="clv_margin").set_value(40.0)
    at.radio(key="clv_reading").set_value("B").run()
    by_hand = -CO + sum((0.4 * 0.5 * (PO + (t - 1) * IN) - CS) / (1 + R) ** t for t in range(1, N + 1))
    assert _metrics(at)["CLV on profit, reading B"] == _cny(by_hand)
    chart = _chart(at, "clv_disc_chart")  # the chart follows: its last cumulative point is the CLV
    assert _array(chart["data"][1]["y"])[-1] == pytest.approx(by_hand)
    assert not at.exception


def test_retention_and_dairy_defaults_match_the_textbook():
    values = [m.value for m in _run().metric]
    assert "¥266.67" in values and "¥212.41" in values  # m = 100, r = 0.8, d = 0.1; infinite and n = 5
    assert "52,000.00" in values  # 100 a week × 52 × 10 years


def test_retention_discount_heatmap_cell_matches_the_textbook_example():
    # TEXTBOOK.md: m = 100, r = 0.8, d = 0.1 -> m·r/(1+d−r) = 80 / 0.3 = 266.67
    fig = _chart(_run(), "clv_heatmap")
    heat = fig["data"][0]
    assert heat["type"] == "heatmap"
    z = _array(heat["z"], (len(heat["y"]), len(heat["x"])))
    assert z[heat["y"].index("80%"), heat["x"].index("10%")] == pytest.approx(266.67, abs=0.005)
    # another cell by hand: r = 0.5, d = 0.02 -> 50 / 0.52 = 96.15
    assert z[heat["y"].index("50%"), heat["x"].index("2%")] == pytest.approx(96.15, abs=0.005)
    assert fig["data"][1]["x"] == ["10%"] and fig["data"][1]["y"] == ["80%"]  # the entered (r, d) is marked


def test_load_example_restores_the_defaults():
    at = _run()
    at.number_input(key="clv_n").set_value(7)
    at.number_input(key="clv_sow").set_value(60.0).run()
    assert "¥3,505.93" not in [m.value for m in at.metric]
    at.button(key="clv_load_31").click().run()
    assert _metrics(at)["CLV, reading A"] == "¥3,505.93"


def test_predicted_tab_shows_the_fitted_parameters_and_diagnostics_on_the_sample():
    at = _run(tab=PREDICTED)
    frames = [d.value for d in at.dataframe]
    params = next(f for f in frames if "Parameter" in f.columns)
    assert {"r", "alpha [weeks]", "a", "b", "p", "q", "gamma"} == set(params["Parameter"])
    assert params["Standard error"].gt(0).all()
    # each parameter has its reading; by hand from the shown estimates (FHL 2005: mean rate r/α while active,
    # dropout a/(a+b) after each purchase; note 025: mean spend p·γ/(q − 1))
    est = dict(zip(params["Parameter"], params["Estimate"], strict=True))
    says = dict(zip(params["Parameter"], params["What it says"], strict=True))
    r, alpha, a, b = est["r"], est["alpha [weeks]"], est["a"], est["b"]
    assert f"buys every {alpha / r:.1f} weeks while active" in says["alpha [weeks]"]
    assert f"{100 * a / (a + b):.1f} % of customers drop out after each purchase" in says["a"]
    assert f"{est['p'] * est['gamma'] / (est['q'] - 1):,.2f}" in says["gamma"]
    assert f"their spread is {1 / np.sqrt(est['q'] - 2):.2f} × their mean" in says["q"]  # CV(ζ) = 1/√(q − 2)
    assert f"by about {100 / np.sqrt(est['p']):.0f} %" in says["p"]  # one customer's spends: CV 1/√p
    assert all(says.values())
    corr = next(c.value for c in at.caption if c.value.startswith("Correlation of frequency and spend"))
    assert "Near 0 means how often a customer buys says nothing about how much they spend" in corr
    top = next(f for f in frames if "Predicted CLV [CNY]" in f.columns)
    assert len(top) == 200 and top["Predicted CLV [CNY]"].is_monotonic_decreasing
    for key in ("clv_diag_p_alive", "clv_diag_expected_purchases"):
        heat = _chart(at, key)["data"][0]
        x, y = _array(heat["x"]), _array(heat["y"])
        z = _array(heat["z"], (len(y), len(x)))
        assert y[0] == 0 and len(x) == 21  # x = 0 … ; recency 0 … T in 20 steps
        assert np.isnan(z[0, 1:]).all()  # x = 0 has recency 0 only
    p_alive = _chart(at, "clv_diag_p_alive")["data"][0]
    z = _array(p_alive["z"], (len(_array(p_alive["y"])), len(_array(p_alive["x"]))))
    assert z[0, 0] == 1.0  # BG/NBD: no repeat purchase -> P(alive) = 1 (FHL 2005)
    assert (np.diff(z[1:], axis=1) > 0).all()  # a more recent last purchase -> more likely alive


def test_the_page_opens_on_the_calculator_without_fitting_and_each_tab_runs_when_opened():
    at = _run()
    assert not at.exception and len(at.get("status")) == 0  # the calculator's tab: no fit, no status
    assert _metrics(at)["CLV, reading A"] == "¥3,505.93" and "Predicted CLV, all customers" not in _metrics(at)
    open_tab(at, "clv_tabs", PREDICTED)
    assert "Predicted CLV, all customers" in _metrics(at) and "CLV, reading A" not in _metrics(at)
    open_tab(at, "clv_tabs", HOLDOUT)
    assert any("MAE" in list(tb.value.columns) for tb in at.table) and "Predicted CLV, all customers" not in _metrics(at)


def test_a_closed_tab_keeps_its_inputs():
    at = _run()
    at.number_input(key="clv_co").set_value(650.0).run()
    at.number_input(key="clv_ret_r").set_value(70.0).run()
    open_tab(at, "clv_tabs", HOLDOUT)
    (cal,) = [d for d in at.date_input if (d.key or "").startswith("clv_hold_cal_")]
    cal_key, moved = cal.key, cal.value - dt.timedelta(weeks=4)
    at.date_input(key=cal_key).set_value(moved).run()
    open_tab(at, "clv_tabs", "clv_tab_textbook")
    assert at.number_input(key="clv_co").value == 650.0 and at.number_input(key="clv_ret_r").value == 70.0
    open_tab(at, "clv_tabs", HOLDOUT)
    assert at.date_input(key=cal_key).value == moved


def test_first_fit_shows_its_steps_and_a_cached_fit_does_not():
    at = _run(tab=PREDICTED)
    status = at.get("status")
    assert len(status) == 1 and status[0].label == "Models fitted; 5,000 customers predicted."
    at.number_input(key="clv_horizon").set_value(26).run()  # a full rerun: the fit is cached now
    assert not at.exception and len(at.get("status")) == 0
    assert "Distribution of predicted CLV over the next 26 weeks" in [s.value for s in at.subheader]


def test_calculator_is_a_fragment_and_the_fit_is_not(monkeypatch):
    # AppTest always reruns the whole script, so check the deltas Streamlit sends: elements drawn inside
    # an st.fragment carry its id (a widget there reruns the fragment alone); the fit's elements carry none.
    import streamlit.testing.v1.local_script_runner as lsr

    sent = []
    parse = lsr.parse_tree_from_messages
    monkeypatch.setattr(lsr, "parse_tree_from_messages", lambda msgs: (sent.append(list(msgs)), parse(msgs))[1])
    def metrics():
        return {m.delta.new_element.metric.label: m.delta.fragment_id for m in sent[-1]
                if m.HasField("delta") and m.delta.HasField("new_element")
                and m.delta.new_element.WhichOneof("type") == "metric"}

    at = _run()
    assert not at.exception
    calculator = metrics()
    assert calculator["CLV, reading A"] and calculator["CLV, infinite horizon: m·r/(1+d−r)"]
    assert calculator["CLV, reading A"] == calculator["Simple CLV (undiscounted)"]  # one fragment: the calculator
    open_tab(at, "clv_tabs", PREDICTED)
    assert metrics()["Predicted CLV, all customers"] == ""  # the fit is outside it


def test_a_dataset_too_small_to_fit_leaves_the_rest_of_the_page_working(tmp_path):
    # 6 customers, 2 of them repeat buyers: BG/NBD needs at least 20 repeat buyers
    rows = ["customer_id,order_date,amount"]
    for i in range(6):
        rows.append(f"C{i},2025-01-{10 + i:02d},{100 + 10 * i}")
    rows += ["C0,2025-03-05,80", "C1,2025-04-20,95", "C1,2025-06-01,60"]
    path = write_csv(tmp_path / "tiny.csv", "\n".join(rows) + "\n")
    ds = load_opened_file(open_file(path), None)
    at = _run(dataset=ds, as_of=ds.report.default_as_of)
    assert not at.exception, [e.value for e in at.exception]
    assert _metrics(at)["CLV, reading A"] == "¥3,505.93"  # the calculator works
    assert "¥266.67" in _metrics(at).values()
    open_tab(at, "clv_tabs", PREDICTED)
    warnings = [w.value for w in at.warning]
    assert any("Predicted CLV is not available" in w and "at least 20 repeat buyers" in w for w in warnings), warnings
    # the status says it failed, not "fitting …"; the data end on 2025-06-01, so no later as-of date is suggested
    status = at.get("status")
    assert len(status) == 1 and status[0].state == "error"
    assert status[0].label.startswith("The models could not be fitted on the data as of 2025-06-02")
    texts = warnings + [i.value for i in at.info]
    assert not any("later as-of date (up to" in w for w in texts), texts
    assert any("The data end on 2025-06-01, so a later as-of date adds nothing" in w for w in warnings), warnings
    assert not at.error
    open_tab(at, "clv_tabs", HOLDOUT)
    assert len(at.tabs) == 3 and len(at.tabs[2].children) > 0  # the holdout tab still renders (its own message)
    assert not at.error


def test_holdout_tab_compares_bgnbd_with_the_naive_baseline_on_the_sample():
    at = _run(tab=HOLDOUT)
    assert not at.exception
    tables = [t.value for t in at.table if "MAE" in list(t.value.columns)]
    assert len(tables) == 1
    errors = tables[0]
    assert len(errors) == 2  # BG/NBD and the naive baseline
    actual = errors.iloc[:, 1].str.replace(",", "").astype(float)
    assert actual.iloc[0] == actual.iloc[1] > 0  # both are scored against the same actual purchases


def test_time_unit_month_refits_in_months_and_the_total_matches_an_independent_fit():
    """Months: horizon 12 (one year), discount (1.10)^(1/12) − 1 a month; the page's total predicted CLV equals a
    fit made here, outside the page, on the CustomerTable in months (crm_core.customers + crm_core.clv)."""

    from crm_core.clv.customer_value import fit_btyd, predict_customers
    from crm_core.customers import customer_table
    from crm_core.datasets import BUNDLED
    from crm_core.ingest import ingest_file

    at = _run(tab=PREDICTED, clv_unit="month")
    assert not at.exception
    assert "Distribution of predicted CLV over the next 12 months" in [s.value for s in at.subheader]
    assert at.number_input(key="clv_horizon_month").value == 12
    assert at.number_input(key="clv_rate_month").value == pytest.approx(100 * (1.10 ** (1 / 12) - 1), abs=5e-5)
    store, report = ingest_file(BUNDLED["sample"].path, currency="CNY")
    ct = customer_table(store, report.default_as_of, time_unit="month")
    assert report.default_as_of == dt.date(2025, 1, 1)
    rate = round(100 * (1.10 ** (1 / 12) - 1), 4) / 100  # the page rounds the default to 4 decimals of a percent
    pred = predict_customers(ct, fit_btyd(ct, time_unit="month"), horizon=12, discount_rate=rate)
    from ui.format import money
    assert _metrics(at)["Predicted CLV, all customers"] == money(float(pred["clv_expected"].sum()), "CNY")


def _tiny_dataset(tmp_path):
    rows = ["customer_id,order_date,amount"]
    rows += [f"C{i},2025-01-{10 + i:02d},{100 + 10 * i}" for i in range(6)]
    rows += ["C0,2025-03-05,80", "C1,2025-04-20,95", "C1,2025-06-01,60"]
    return load_opened_file(open_file(write_csv(tmp_path / "tiny.csv", "\n".join(rows) + "\n")), None)


@pytest.mark.parametrize(("lang", "later", "status"), [
    ("en", "A later as-of date (up to 2025-06-02) takes in more of the data's orders.",
     "The models could not be fitted on the data as of 2025-05-01"),
    ("zh", "选择更晚的分析基准日（最晚 2025-06-02）可纳入更多订单。", "无法用截至 2025-05-01 的数据拟合模型")])
def test_a_failed_fit_before_the_data_end_suggests_the_later_date_that_exists(tmp_path, lang, later, status):

    ds = _tiny_dataset(tmp_path)
    at = _run(lang, tab=PREDICTED, dataset=ds, as_of=dt.date(2025, 5, 1))
    assert not at.exception, [e.value for e in at.exception]
    assert at.get("status")[0].state == "error" and at.get("status")[0].label.startswith(status)
    assert any(later in w.value for w in at.warning), [w.value for w in at.warning]
    open_tab(at, "clv_tabs", HOLDOUT)
    assert any(later in i.value for i in at.info), [i.value for i in at.info]  # the holdout tab's message


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "every customer's expected spend per purchase is the average of all repeat purchases, 30.00"),
    ("zh", "每位客户的预期每次消费额都取全部重复购买的平均值 30.00")])
def test_identical_repeat_spend_keeps_every_clv_view_and_says_why(tmp_path, lang, message):
    # every repeat purchase day of the CDNOW sample's customers costs 30.00: Gamma-Gamma has no maximum
    # (q, γ → ∞); the page says so and draws every view with everyone's spend = the pooled mean repeat spend
    from .clv.conftest import flat_spend_orders, pooled_repeat_spend

    orders = flat_spend_orders()
    path = tmp_path / "flat.csv"
    orders.to_csv(path, index=False)
    ds = load_opened_file(open_file(path), None)
    at = _run(lang, dataset=ds, as_of=ds.report.default_as_of)
    drawn = set()
    for tab in ("clv_tab_textbook", HOLDOUT, PREDICTED):  # lazy tabs: each drawn when open; the predicted tab last
        open_tab(at, "clv_tabs", tab, lang)
        assert not at.error and not at.warning, [w.value for w in at.warning]
        drawn |= {c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")}
    assert any(message in i.value for i in at.info), [i.value for i in at.info]
    assert at.get("status")[0].state == "complete"
    assert {"clv_hist", "clv_diag_expected_purchases", "clv_diag_p_alive", "clv_hold_groups", "clv_hold_cum",
            "clv_disc_chart", "clv_tornado", "clv_heatmap"} <= drawn
    spend = {"en": "Expected spend per purchase", "zh": "预期每次消费金额"}[lang]
    top = next(d.value for d in at.dataframe if any(c.startswith(spend) for c in d.value.columns))
    pooled = pooled_repeat_spend(orders)
    col = next(c for c in top.columns if c.startswith(spend))
    assert pooled == 30.0 and (top[col] == pooled).all()
    params = at.dataframe[[i for i, d in enumerate(at.dataframe) if d.value.shape == (7, 5)][0]].value
    assert params.iloc[5, 2] == np.inf and params.iloc[6, 2] == np.inf  # q, γ: the limit


@pytest.mark.parametrize(("lang", "reading", "dairy", "gone"), [
    ("en", "three readings fit the example's inputs; the product uses A by default", "course example (US$)",
     "not available"),
    ("zh", "三种理解都与例题的输入相符，本产品默认采用 A", "教材示例（美元）", "教材答案未知")])
def test_calculator_wording_states_the_readings_and_the_course_currency(lang, reading, dairy, gone):
    at = _run(lang)
    label = at.radio(key="clv_reading").label
    assert reading in label and gone not in label
    assert dairy in at.button(key="clv_load_dairy").label
