"""Issue #13 §3 in a real browser: the overview page's "Download report (HTML)" gives one file that opens from
disk (file://, no server, nothing fetched), with every section and its plotly charts drawn, and no script error;
a setting the user changed on another page (RFM monetary value: average per order) is the report's."""

from __future__ import annotations

import re

import pytest

from ui.handout import SECTIONS
from ui.i18n import t

from .conftest import assert_no_exception, choose_radio, click_nav, open_page

pytestmark = pytest.mark.browser


def test_overview_download_opens_offline_with_every_section_and_its_charts(new_context, tmp_path):
    context = new_context()
    page = open_page(context, "/", timeout=120_000)  # a fresh session fits the overview models (CI is busy)
    click_nav(page, t("nav_rfm", "en"))
    choose_radio(page, t("rfm_monetary_average", "en"))
    click_nav(page, t("nav_overview", "en"))
    with page.expect_download(timeout=180_000) as dl:  # the first click computes the customer report
        page.get_by_role("button", name=re.compile("Download report \\(HTML\\)")).click()
    assert_no_exception(page)
    path = tmp_path / "report.html"
    dl.value.save_as(path)
    report = context.new_page()
    errors, requests = [], []
    report.on("pageerror", lambda err: errors.append(str(err)))
    report.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    report.on("request", lambda req: requests.append(req.url) if not req.url.startswith(("file:", "data:")) else None)
    report.goto(path.as_uri())
    report.wait_for_load_state("load")
    for sid in SECTIONS:
        assert report.locator(f"section#ho-{sid}").count() == 1, sid
    settings = report.locator("section#ho-title tr").all_inner_texts()
    assert any(t("ho_set_monetary", "en") in r and t("rfm_monetary_average", "en") in r for r in settings), settings[10:]
    report.wait_for_function("document.querySelectorAll('.plotly-graph-div svg.main-svg').length >= 3",
                             timeout=30_000)
    drawn = report.locator(".plotly-graph-div").evaluate_all(
        "ds => ds.filter(d => d.querySelector('svg.main-svg') && d.querySelector('.bars, .trace')).length")
    assert drawn >= 3
    assert errors == [] and requests == []
