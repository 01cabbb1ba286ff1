"""The CLV page with Streamlit's AppTest: first script of a session, the 例3.1 calculator, the fitted models."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import ROOT

TIMEOUT = 60


def _run(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "clv.py"), default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    return at.run()


@pytest.mark.parametrize(("lang", "title"), [("en", "Customer lifetime value (CLV)"), ("zh", "客户终生价值（CLV）")])
def test_page_runs_as_the_first_script_of_a_session(lang, title):
    at = _run(lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == title
    assert not at.error, [e.value for e in at.error]


def test_example_31_reading_a_then_b():
    at = _run()
    assert "¥3,505.93" in [m.value for m in at.metric]
    at.radio(key="clv_reading").set_value("B").run()
    assert not at.exception
    assert "¥10,895.93" in [m.value for m in at.metric]


def test_retention_and_dairy_defaults_match_the_textbook():
    values = [m.value for m in _run().metric]
    assert "¥266.67" in values and "¥212.41" in values  # m = 100, r = 0.8, d = 0.1; infinite and n = 5
    assert "52,000.00" in values  # 100 a week × 52 × 10 years


def test_load_example_restores_the_defaults():
    at = _run()
    at.number_input(key="clv_n").set_value(7).run()
    assert "¥3,505.93" not in [m.value for m in at.metric]
    at.button(key="clv_load_31").click().run()
    assert "¥3,505.93" in [m.value for m in at.metric]


def test_predicted_tab_shows_the_fitted_parameters_on_the_sample():
    at = _run()
    frames = [d.value for d in at.dataframe]
    params = next(f for f in frames if "Parameter" in f.columns)
    assert {"r", "alpha", "a", "b", "p", "q", "gamma (v)"} == set(params["Parameter"])
    assert params["Standard error"].gt(0).all()
    top = next(f for f in frames if "clv_expected" in f.columns)
    assert len(top) == 200 and top["clv_expected"].is_monotonic_decreasing


def test_holdout_tab_compares_bgnbd_with_the_naive_baseline_on_the_sample():
    at = _run()
    assert not at.exception
    tables = [t.value for t in at.table if "MAE" in list(t.value.columns)]
    assert len(tables) == 1
    errors = tables[0]
    assert len(errors) == 2  # BG/NBD and the naive baseline
    actual = errors.iloc[:, 1].str.replace(",", "").astype(float)
    assert actual.iloc[0] == actual.iloc[1] > 0  # both are scored against the same actual purchases
