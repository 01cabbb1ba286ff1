"""Churn page with Streamlit's AppTest, as the first script of a session: the validation table, the horizon
default and its explanation, the priority list; a too-early as-of date is a message, never a traceback."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from .conftest import ROOT

TIMEOUT = 120


def _run(**state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "churn.py"), default_timeout=TIMEOUT)
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def _frame_with(at: AppTest, column: str):
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    assert frames, f"no table with a column {column!r}"
    return frames[0]


def test_churn_page_in_english_shows_the_validation_table_and_the_priority_list():
    at = _run(lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Churn risk"
    assert at.number_input[0].value == 63  # the sample's default horizon
    assert any("Default from this data: **63 days**" in c.value for c in at.caption)
    table = _frame_with(at, "Model")
    assert list(table["Model"]) == ["Gradient boosting", "Logistic regression", "Baseline: BG/NBD 1 − P(alive)",
                                    "Baseline: recency rule"]
    assert table["ROC AUC"].iloc[:2].gt(0.5).all()  # both scikit-learn models rank better than a coin toss
    assert table["Note"].str.len().gt(10).all()  # issue #11: no empty 备注 / Note cell
    best = table.loc[table["ROC AUC"].iloc[:2].idxmax(), "Note"]
    assert best.startswith("The best model on this check")
    assert not [d for d in at.dataframe if "Customer" in d.value.columns]  # a closed lazy tab does not run
    at.session_state["ch_tabs"] = "Retention priority"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    listed = _frame_with(at, "Customer")  # headers and group names as the page names them
    assert (listed["Group"] == "Valuable, at risk").all() and len(listed) > 0
    assert {"customer_name", "phone", "Action"} <= set(listed.columns)  # contacts passed through
    assert listed["Value at risk [CNY]"].is_monotonic_decreasing


def test_churn_page_in_chinese_and_a_new_horizon():
    at = _run(lang="zh")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "流失风险"
    assert [t.label for t in at.tabs] == ["模型检验", "流失驱动因素", "挽留优先级"]
    table = _frame_with(at, "模型")
    assert "基准：最近消费规则" in list(table["模型"])
    assert table["备注"].str.len().gt(5).all() and not table["备注"].str.contains(r"[a-z]{4,}").any()
    at.number_input[0].set_value(91).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("2024-10-02" in m.value for m in at.info)  # the timeline's c1 = D − 91 days


def test_too_early_as_of_date_is_a_message_not_a_traceback():
    at = _run(lang="en")
    at.session_state["as_of"] = dt.date(2022, 2, 1)  # a month after the sample's first order
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and "choose an as-of date on or after" in at.error[0].value


def test_churn_page_on_cdnow():
    from ui.session import load_bundled
    ds = load_bundled("cdnow")
    at = _run(lang="en", dataset=ds, as_of=ds.report.default_as_of, ch_tabs="Retention priority")
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["as_of"] == dt.date(1998, 7, 1)
    assert at.number_input[0].value == 98  # p75 of CDNOW's repurchase gaps (94 days) in whole weeks
    at.session_state["ch_tabs"] = "Model check"
    table = _frame_with(at.run(), "Model")
    assert len(table) == 4
    at.session_state["ch_tabs"] = "Retention priority"
    at.run()
    assert any("[USD]" in r.options[0] for r in at.radio if r.label == "Value")


def test_the_priority_tabs_choices_are_kept_while_another_tab_is_open():
    at = _run(lang="en", ch_tabs="Retention priority")
    at.slider(key="ch_rt").set_value(0.3).run()
    at.multiselect(key="ch_list_pick").set_value(["valuable_at_risk", "low_value_at_risk"]).run()
    for tab in ("What drives churn", "Retention priority"):
        at.session_state["ch_tabs"] = tab
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    assert at.slider(key="ch_rt").value == 0.3
    assert at.multiselect(key="ch_list_pick").value == ["valuable_at_risk", "low_value_at_risk"]
    listed = _frame_with(at, "Customer")  # the list holds both groups chosen before
    assert set(listed["Group"]) == {"Valuable, at risk", "Lower value, at risk"}
