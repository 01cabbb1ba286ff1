"""The lifecycle page with AppTest: first script of a session in both languages, stage counts equal to
``crm_core.lifecycle.customer_stages`` on the bundled sample, a threshold change that moves customers,
an impossible threshold combination shown as a message, and the export count."""

from __future__ import annotations

import dataclasses

import pytest
from streamlit.testing.v1 import AppTest

from crm_core.datasets import BUNDLED
from crm_core.ingest import ingest_file
from crm_core.lifecycle import DEFAULT_THRESHOLDS, STAGES, customer_stages, stage_counts
from ui.i18n import t

from .conftest import ROOT

TIMEOUT = 90
NAMES_EN = ["New", "Exploration", "Formation", "Stable", "Decline", "Lost"]
NAMES_ZH = ["新客户", "考察期", "形成期", "稳定期", "退化期", "已流失"]


@pytest.fixture(scope="module")
def sample():
    store, report = ingest_file(BUNDLED["sample"].path)
    return store, report.default_as_of


def _page(**state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "lifecycle.py"), default_timeout=TIMEOUT)
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _metric_counts(at: AppTest) -> dict[str, int]:
    return {m.label: int(m.value.replace(",", "")) for m in at.metric}


@pytest.mark.parametrize("lang, title, names", [("en", "Customer lifecycle", NAMES_EN),
                                                ("zh", "客户生命周期", NAMES_ZH)])
def test_first_script_of_a_session_on_the_sample(sample, lang, title, names):
    at = _page(lang=lang)
    _ok(at)
    assert at.title[0].value == title
    store, as_of = sample
    expected = stage_counts(customer_stages(store, as_of))
    assert _metric_counts(at) == {n: expected[s] for n, s in zip(names, STAGES, strict=True)}
    table = at.table[0].value  # a static table: its headers wrap, so no column is cut off at 1280 px
    assert list(table.iloc[:, 0]) == names and int(table.iloc[:, 1].sum()) == 5000
    assert len(at.get("plotly_chart")) == 1  # lazy tabs: only the open one (stage shares) runs
    for tab in ("lc_tab_monthly", "lc_tab_movement", "lc_tab_cohorts"):  # stacked area, Sankey, cohort heatmap
        at.session_state["lc_tabs"] = t(tab, lang)
        at.run()
        _ok(at)
        assert len(at.get("plotly_chart")) == 1, tab


def test_a_threshold_change_moves_customers(sample):
    at = _page(lang="en")
    _ok(at)
    before = _metric_counts(at)
    at.number_input(key="lc_lost_min_days").set_value(365).run()
    _ok(at)
    after = _metric_counts(at)
    store, as_of = sample
    th = dataclasses.replace(DEFAULT_THRESHOLDS, lost_min_days=365)
    expected = stage_counts(customer_stages(store, as_of, th))
    assert after == {n: expected[s] for n, s in zip(NAMES_EN, STAGES, strict=True)}
    assert after["Lost"] < before["Lost"] and sum(after.values()) == sum(before.values()) == 5000


def test_an_impossible_combination_is_a_message_not_a_crash():
    at = _page(lang="en")
    at.number_input(key="lc_decline_spend_ratio").set_value(2.0).run()  # above the growth ratio 1.5
    _ok(at)
    assert any("decline spend ratio: must be >= 0 and below" in e.value for e in at.error)  # no internal id


def test_export_counts_the_chosen_stages():
    at = _page(lang="en", lc_tabs="Customers by stage")
    _ok(at)
    decline = _metric_counts(at)["Decline"]
    assert any(f"{decline:,} customers selected." in c.value for c in at.caption)
    at.multiselect(key="lc_export_pick").set_value(["decline", "lost"]).run()
    _ok(at)
    both = decline + _metric_counts(at)["Lost"]
    assert any(f"{both:,} customers selected." in c.value for c in at.caption)


def test_p_alive_switch_can_only_add_lost_customers():
    at = _page(lang="en")
    before = _metric_counts(at)
    at.toggle(key="lc_use_p_alive").set_value(True).run()
    _ok(at)
    after = _metric_counts(at)
    assert after["Lost"] >= before["Lost"] and sum(after.values()) == 5000
    assert not at.warning  # BG/NBD fits on the sample


def test_movement_at_the_earliest_as_of_date_is_a_message_not_a_crash():
    """The sidebar allows as-of = first order day + 1; there is then no earlier date to compare with."""
    import datetime as dt

    at = _page(lang="en")  # the first run loads the sample (and sets the as-of date to its default)
    at.session_state["as_of"] = dt.date(2022, 1, 2)  # the sample starts on 2022-01-01
    at.session_state["lc_tabs"] = "Movement"
    at.run()
    _ok(at)
    assert any("data start 2022-01-01" in i.value for i in at.info)


def test_the_lost_ceiling_percentile_moves_customers_and_is_stated(sample):
    at = _page(lang="en")
    _ok(at)
    assert any("Lost ceiling as of" in c.value and "183 days, the 95th percentile" in c.value for c in at.caption)
    at.number_input(key="lc_lost_ceiling_percentile").set_value(99.0).run()
    _ok(at)
    store, as_of = sample
    th = dataclasses.replace(DEFAULT_THRESHOLDS, lost_ceiling_percentile=99.0)
    expected = stage_counts(customer_stages(store, as_of, th))
    assert _metric_counts(at) == {n: expected[s] for n, s in zip(NAMES_EN, STAGES, strict=True)}
    assert expected["lost"] < stage_counts(customer_stages(store, as_of))["lost"]  # a later ceiling loses fewer


def test_the_rule_check_in_the_explanation_on_demand(sample):
    import datetime as dt

    from crm_core.lifecycle_over_time import validate_stages

    at = _page(lang="en")
    assert len(at.table) == 1  # the stage table only: the check runs when asked
    at.toggle(key="lc_check").set_value(True).run()
    _ok(at)
    store, as_of = sample
    exp = validate_stages(store, as_of - dt.timedelta(days=180), 180, data_end=as_of)
    shown = at.table[0].value
    assert list(shown.iloc[:, 0]) == NAMES_EN
    assert shown.iloc[:, 1].tolist() == exp["customers"].tolist() and shown.iloc[:, 2].tolist() == exp["bought_again"].tolist()
