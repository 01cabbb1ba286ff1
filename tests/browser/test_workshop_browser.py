"""Issue #14, serving the room, in a real browser: a server in workshop mode asks every new session for the room
code before it shows any page (a wrong code is refused, the right one opens the overview), and its sidebar shows
the join address with a QR code drawn as SVG, for the trainer to project; the deep link of a page is gated too."""

from __future__ import annotations

import pytest

from ui.i18n import t

from .conftest import VIEWPORT, assert_no_exception, running_server, wait_settled

pytestmark = pytest.mark.browser
CODE, JOIN = "605218", "http://10.0.0.7:8501"


def test_workshop_server_gates_every_session_and_shows_the_join_code(browser, tmp_path):
    env = {"CVD_ROOM_CODE": CODE, "CVD_JOIN_URL": JOIN}
    with running_server(tmp_path / "workshop.log", env) as srv:
        context = browser.new_context(locale="zh-CN", viewport=VIEWPORT)
        try:
            page = context.new_page()
            page.goto(srv.url + "/rfm")  # a deep link: gated like the front door
            wait_settled(page, 60_000)
            assert page.get_by_role("heading", name=t("ws_gate_title", "zh")).is_visible()
            assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # no menu before the code
            box = page.get_by_label(t("ws_gate_code", "zh"))
            box.fill("000000")
            page.get_by_role("button", name=t("ws_gate_enter", "zh")).click()
            wait_settled(page)
            assert page.get_by_text(t("ws_gate_wrong", "zh")).is_visible()
            box.fill(CODE)
            page.get_by_role("button", name=t("ws_gate_enter", "zh")).click()
            wait_settled(page, 90_000)
            assert_no_exception(page)
            assert page.get_by_role("heading", name=t("rfm_title", "zh")).first.is_visible()
            assert page.locator('[data-testid="stSidebarNav"]').count() == 1
            page.get_by_text(t("ws_join_title", "zh")).click()
            panel = page.locator('[data-testid="stSidebar"] [data-testid="stExpander"]').filter(
                has_text=t("ws_join_title", "zh"))
            assert JOIN in panel.inner_text() and t("ws_join_code", "zh", code=CODE) in panel.inner_text()
            qr = panel.locator('[data-testid="stImage"] img')
            assert qr.count() == 1 and qr.get_attribute("src").startswith("data:image/svg+xml")
            assert qr.bounding_box()["width"] >= 200  # big enough to scan when projected
        finally:
            context.close()
