"""Issue #14 in a real browser: an upload shows its stages while it loads, and a tab left idle longer than
CVD_IDLE_MINUTES has its upload released (database and temporary file) by another session's run; when the
participant comes back, the tab says so and is on the bundled sample again."""

from __future__ import annotations

import glob
import os
import re
import time

import pytest

from ui.i18n import t

from .conftest import VIEWPORT, assert_no_exception, click_nav, running_server, sidebar_text, upload, wait_settled

pytestmark = pytest.mark.browser
IDLE_MINUTES = 0.1  # 6 s
ROWS = "order_id,order_time,customer_id,amount\n" + "".join(
    f"W{i},2024-0{1 + i % 9}-1{i % 9} 10:00:00,K{i % 11},{20 + i}.00\n" for i in range(60))


def _uploads(tmp) -> set[str]:
    """The uploads' temporary copies in ``tmp``, the test server's own temporary directory (its TMPDIR): the
    system's holds the copies of every other server and test run on the machine, which may come and go meanwhile."""
    return set(glob.glob(os.path.join(tmp, "cvd_upload_*")))


@pytest.fixture(scope="module")
def idle_server(browser, tmp_path_factory):
    """A server of its own with a 6 s idle timeout and its own TMPDIR, for both languages' tests (one start)."""
    base = tmp_path_factory.mktemp("idle_server")
    server_tmp = base / "server_tmp"
    server_tmp.mkdir()
    with running_server(base / "idle.log", {"CVD_IDLE_MINUTES": str(IDLE_MINUTES), "TMPDIR": str(server_tmp)}) as srv:
        srv.tmp = server_tmp
        yield srv


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_idle_tabs_upload_is_released_and_the_tab_is_told(browser, idle_server, tmp_path, lang):
    locale = "zh-CN" if lang == "zh" else "en-US"
    shop = tmp_path / "idle_shop.csv"
    shop.write_text(ROWS, encoding="utf-8")
    srv, server_tmp = idle_server, idle_server.tmp
    idle_ctx = browser.new_context(locale=locale, viewport=VIEWPORT)
    other_ctx = browser.new_context(locale=locale, viewport=VIEWPORT)
    try:
        before = _uploads(server_tmp)
        page = idle_ctx.new_page()
        page.goto(srv.url + "/data")
        wait_settled(page, 90_000)
        upload(page, shop, lang=lang)
        idle_since = time.monotonic()  # the tab's last run started before this
        mine = _uploads(server_tmp) - before
        assert len(mine) == 1  # the session's private temporary copy
        assert "idle_shop.csv" in sidebar_text(page) and "11" in sidebar_text(page)
        # the tab sits idle; meanwhile another participant opens the overview (on the fresh server of the first
        # language's test its first run takes seconds: they count towards the idle time, not added after it) …
        other = other_ctx.new_page()
        other.goto(srv.url + "/")
        wait_settled(other, 90_000)
        time.sleep(max(0.0, idle_since + IDLE_MINUTES * 60 + 2 - time.monotonic()))  # … until the tab is idle …
        click_nav(other, t("nav_data", lang))  # … and that participant's next run sweeps it
        assert not (mine & _uploads(server_tmp)), "the idle session's temporary file is still there"
        click_nav(page, t("nav_overview", lang))  # the participant comes back
        wait_settled(page)
        said = re.escape(t("idle_released", lang, minutes="@@")).replace("@@", r"0\.\d")
        assert page.get_by_text(re.compile(said)).first.is_visible()
        page.screenshot(path=str(tmp_path / f"idle_{lang}.png"), full_page=True)
        assert "idle_shop.csv" not in sidebar_text(page)  # back on the bundled sample
        assert_no_exception(page)
    finally:
        idle_ctx.close()
        other_ctx.close()
