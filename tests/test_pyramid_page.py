"""The customer pyramid page with AppTest: first script of a session, both languages, the cut-point
sliders, the value metric, CDNOW (no cost), the tier list, and reruns served from the cache.

Figures on the bundled sample (5,000 customers, 17 of them with zero value) follow from Curry's
1 / 4 / 15 % cuts: VIP = ranks <= 50, major <= 250, ordinary <= 1,000; small = the other 3,983.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crm_core.clv.customer_value import fit_btyd, predict_customers
from crm_core.customers import customer_table
from crm_core.ingest import open_file
from crm_core.store import Store
from ui.session import load_bundled, load_opened_file

from .conftest import ROOT, write_csv

TIMEOUT = 90


def _page(**state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "pyramid.py"), default_timeout=TIMEOUT)
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _counts(at: AppTest) -> list[int]:
    """The tier table's customer column (VIP, major, ordinary, small[, lead])."""
    table = at.table[0].value
    return [int(v) for v in table.iloc[:, 1]]


def _metric_radio(at: AppTest, label: str = "Value metric"):
    return next(r for r in at.radio if r.label == label)


@pytest.fixture(scope="module")
def cdnow():
    return load_bundled("cdnow")


@pytest.mark.parametrize("lang, title, metrics, tier_header", [
    ("en", "Customer pyramid", ["Profit", "Net revenue", "Predicted CLV"], "Tier"),
    ("zh", "客户金字塔", ["利润", "净销售额", "预测 CLV"], "层级"),
])
def test_first_script_of_a_session_on_the_sample(lang, title, metrics, tier_header):
    at = _page(lang=lang)
    _ok(at)
    assert at.title[0].value == title
    radio = _metric_radio(at, "Value metric" if lang == "en" else "价值指标")
    assert radio.options == metrics and radio.value == "profit"  # profit is the default when cost is known
    assert at.info[0].value.startswith("Value metric in use: **profit" if lang == "en" else "当前价值指标：**利润")
    assert at.table[0].value.columns[0] == tier_header
    assert _counts(at) == [50, 200, 750, 3983, 17]
    assert len(at.get("plotly_chart")) == 2  # pyramid and Pareto curve (no breakdown chosen)
    assert at.radio(key="pyr_dl_tier").value == "vip"
    assert len(at.get("download_button")) == 2


def _pyramid_spec(at: AppTest) -> dict:
    import json

    return json.loads(at.get("plotly_chart")[0].proto.spec)


@pytest.mark.parametrize("vip, counts", [(1.0, [50, 200, 750, 3983]), (2.0, [100, 200, 750, 3933])])
def test_the_pyramid_draws_one_band_per_tier_top_down_with_its_count_and_follows_the_sliders(vip, counts):
    # the drawing, read from what the browser receives: bands VIP (top) … small (base), then the leads under the
    # base; each band's label (annotation, hover) names its tier and customers; the figure is cached per labels
    at = _page(lang="en")
    if vip != 1.0:
        at.slider(key="pyr_vip").set_value(vip).run()
    _ok(at)
    spec = _pyramid_spec(at)
    bands = spec["data"][0::2]  # a filled band, then its dotted leader line, per tier
    notes = spec["layout"]["annotations"]
    assert len(bands) == len(notes) == 5  # 4 tiers and the 17 leads (zero value)
    tops = [max(b["y"]) for b in bands]
    assert tops == sorted(tops, reverse=True) and tops[0] == 4 and max(bands[-1]["y"]) < 0
    for note, band, name, n in zip(notes, bands, ["VIP", "Major", "Ordinary", "Small", "Lead (value ≤ 0)"], [*counts, 17],
                                   strict=True):
        assert note["text"].startswith(f"<b>{name}</b>") and f"{n:,} customers" in note["text"], note["text"]
        assert band["text"] == note["text"].replace("<b>", "").replace("</b>", "")
        assert min(band["y"]) < note["y"] < max(band["y"])  # the label sits at its band's height
    assert spec["layout"]["xaxis"]["visible"] is False and spec["layout"]["height"] == 430


def test_cut_points_change_the_tiers_and_invalid_ones_are_explained():
    at = _page(lang="en")
    at.slider(key="pyr_vip").set_value(2.0).run()
    _ok(at)
    assert _counts(at)[:3] == [100, 200, 750]  # sizes 2 / 4 / 15 %: ranks <= 100, <= 300, <= 1,050
    assert "Small: the remaining 79% of customers." in [c.value for c in at.caption]
    assert at.radio(key="pyr_dl_tier").options[0] == "VIP — 100 customers"
    assert len(at.dataframe[0].value) == 100  # the VIP list follows

    at.slider(key="pyr_major").set_value(40.0)
    at.slider(key="pyr_ordinary").set_value(60.0).run()
    _ok(at)
    assert "together take 102% of customers" in at.warning[0].value
    assert len(at.table) == 0  # nothing computed from an impossible split

    at.slider(key="pyr_major").set_value(4.0)
    at.slider(key="pyr_ordinary").set_value(15.0).run()
    _ok(at)
    assert not at.warning and _counts(at)[:3] == [100, 200, 750]


def test_metric_switch_to_net_revenue():
    at = _page(lang="en")
    before = at.table[0].value
    _metric_radio(at).set_value("net_revenue").run()
    _ok(at)
    assert at.info[0].value.startswith("Value metric in use: **net revenue")
    assert at.markdown[0].value == "**Tiers: customers and share of net revenue**"
    after = at.table[0].value
    assert _counts(at) == [50, 200, 750, 3983, 17]
    assert not after.equals(before)  # other customers are VIP by revenue than by profit


def test_language_switch_keeps_the_cut_points():
    at = _page(lang="en")
    at.slider(key="pyr_vip").set_value(2.0).run()
    next(r for r in at.sidebar.radio if r.label == "Language / 语言").set_value("zh").run()
    _ok(at)
    assert at.title[0].value == "客户金字塔"
    assert at.slider(key="pyr_vip").value == 2.0 and _counts(at)[0] == 100


def test_tier_list_has_the_contact_columns_and_follows_the_choice():
    at = _page(lang="en")
    vip = at.dataframe[0].value
    assert list(vip.columns[:6]) == ["Customer", "customer_name", "city", "phone", "Tier", "Action for the tier"]
    assert len(vip) == 50 and set(vip["Tier"]) == {"VIP"}
    assert vip["Profit [CNY]"].is_monotonic_decreasing  # most valuable first
    at.radio(key="pyr_dl_tier").set_value("small").run()
    _ok(at)
    assert len(at.dataframe[0].value) == 3983


def test_breakdown_by_channel_and_product():
    at = _page(lang="en")
    radio = next(r for r in at.radio if r.label == "Breakdown")
    assert radio.options == ["None", "By channel", "By product category"]
    radio.set_value("channel").run()
    _ok(at)
    assert len(at.get("plotly_chart")) == 3
    next(r for r in at.radio if r.label == "Breakdown").set_value("product").run()
    _ok(at)
    assert len(at.get("plotly_chart")) == 3


def test_cdnow_offers_net_revenue_only(cdnow):
    at = _page(lang="en", dataset=cdnow, as_of=cdnow.report.default_as_of)
    _ok(at)
    radio = _metric_radio(at)
    assert radio.options == ["Net revenue", "Predicted CLV"] and radio.value == "net_revenue"
    assert "no cost or margin column" in " ".join(c.value for c in at.caption)
    assert [r.label for r in at.radio if r.label == "Breakdown"] == []  # no channel, no product
    assert _counts(at) == [235, 943, 3536, 18788, 68]  # 23,570 customers; 68 bought for $0
    assert "Profit [USD]" not in list(at.table[0].value.columns)
    assert list(at.dataframe[0].value.columns[:3]) == ["Customer", "cds", "Tier"]  # the pass-through column first
    at.slider(key="pyr_vip").set_value(0.5).run()
    _ok(at)
    assert _counts(at)[:2] == [117, 1060 - 117]  # ranks <= 0.005 * 23,570 = 117.85; <= 0.045 * 23,570 = 1,060.65


def test_moving_a_slider_reruns_from_the_cache(monkeypatch):
    at = _page(lang="en")
    _ok(at)
    calls: list[str] = []
    run, run_with = Store.run, Store.run_with

    def counting_run(self, name, **params):
        calls.append(name)
        return run(self, name, **params)

    def counting_run_with(self, name, frames, **params):
        calls.append(name)
        return run_with(self, name, frames, **params)

    monkeypatch.setattr(Store, "run", counting_run)
    monkeypatch.setattr(Store, "run_with", counting_run_with)
    at.slider(key="pyr_vip").set_value(2.0).run()
    _ok(at)
    assert _counts(at)[0] == 100
    assert calls == []  # neither the CustomerTable nor the contacts are queried again
    at.slider(key="pyr_vip").set_value(1.0).run()
    assert _counts(at)[0] == 50 and calls == []


def test_predicted_clv_metric_ranks_by_the_fitted_forecast():
    at = _page(lang="en")
    _metric_radio(at).set_value("clv_pred").run()
    _ok(at)
    assert not at.warning
    info = at.info[0].value
    assert info.startswith("Value metric in use: **predicted CLV (BG/NBD purchases × Gamma-Gamma spend over the "
                           "next 52 weeks, discounted at 10 % a year")
    assert at.markdown[0].value == "**Tiers: customers and share of predicted CLV**"
    assert _counts(at) == [50, 200, 750, 4000]  # every customer has a positive forecast: no lead row
    vip = at.dataframe[0].value
    assert vip["Predicted CLV [CNY]"].is_monotonic_decreasing and (vip["Predicted CLV [CNY]"] > 0).all()
    # independent of the page: fit on the CustomerTable, 52 weeks at (1.10)^(1/52) − 1 = 0.18346 % a week (10 % a
    # year), which every page uses as shown on the CLV page: rounded to 0.1835 %
    ds = at.session_state["dataset"]
    ct = customer_table(ds.store, at.session_state["as_of"])
    pred = predict_customers(ct, fit_btyd(ct), horizon=52, discount_rate=0.001835)
    top = pred.sort_values(["clv_expected", "customer_id"], ascending=[False, True]).head(50)
    assert vip["Customer"].tolist() == top["customer_id"].tolist()
    assert vip["Predicted CLV [CNY]"].to_numpy() == pytest.approx(top["clv_expected"].to_numpy(), abs=0.005)  # cents


def test_predicted_clv_on_data_too_small_to_fit_falls_back_with_a_message(tmp_path):
    rows = ["customer_id,order_date,amount"] + [f"C{i},2025-01-{10 + i:02d},{100 + 10 * i}" for i in range(6)]
    rows += ["C0,2025-03-05,80", "C1,2025-04-20,95"]
    ds = load_opened_file(open_file(write_csv(tmp_path / "tiny.csv", "\n".join(rows) + "\n")), None)
    at = _page(lang="en", dataset=ds, as_of=ds.report.default_as_of)
    _metric_radio(at).set_value("clv_pred").run()
    _ok(at)
    warning = at.warning[0].value
    assert "Predicted CLV is not available" in warning and "at least 20 repeat buyers" in warning
    assert "uses net revenue (sales minus returns) instead" in warning
    assert at.info[0].value.startswith("Value metric in use: **net revenue")
    assert sum(_counts(at)) == 6  # the pyramid still works
