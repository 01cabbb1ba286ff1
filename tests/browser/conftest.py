"""Real-browser fixtures: one Streamlit server and one headless Chromium per test session.

The server is started the way the README does (``python -m streamlit run app.py`` from the repo root,
on a free port) and stopped at the end. The browser is Debian's Chromium driven by Playwright's sync
API; no browser is downloaded. Without ``/usr/bin/chromium`` the tests skip, or fail when ``CI`` is set.
"""

from __future__ import annotations

import itertools
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SERVER_START_TIMEOUT = 60  # s: the first start imports pandas, duckdb, pyarrow …
SETTLE_TIMEOUT = 30_000  # ms: one rerun, including ingesting the bundled sample
VIEWPORT = {"width": 1400, "height": 1000}

APP = '[data-testid="stApp"]'
RUNNING = '[data-testid="stStatusWidget"]'
SKELETON = '[data-testid="stSkeleton"]'  # an element whose (lazily loaded) component is not drawn yet
EXCEPTION = '[data-testid="stException"]'
SIDEBAR = '[data-testid="stSidebar"]'
NAV_LINK = '[data-testid="stSidebarNav"] a'


# ---------------------------------------------------------------- environment

def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    msg = f"{CHROMIUM} not found: the browser tests need Debian's Chromium (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(msg, pytrace=False)
    pytest.skip(msg)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- server

class StreamlitServer:
    """``streamlit run app.py`` on a free port; ``url`` once /_stcore/health answers "ok"."""

    def __init__(self, log_path: Path, env: dict | None = None):
        self.env = {**os.environ, **(env or {})}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self) -> StreamlitServer:
        self._log = open(self.log_path, "wb")  # closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
             "--server.port", str(self.port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                pytest.fail(f"streamlit exited with code {self.proc.returncode}:\n{self.log()}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as resp:
                    if resp.read().decode().strip() == "ok":
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"streamlit did not answer /_stcore/health within {SERVER_START_TIMEOUT} s:\n{self.log()}",
                    pytrace=False)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self._log is not None and not self._log.closed:
            self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@contextmanager
def running_server(log_path: Path, env: dict | None = None):
    """A server of its own (``env``: extra environment, e.g. workshop mode's CVD_ROOM_CODE)."""
    server = StreamlitServer(log_path, env).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def server(browser, tmp_path_factory):
    """The shared Streamlit server, opened once on "/" so that ``app.py`` has run (see the fresh-server test)."""
    with running_server(tmp_path_factory.mktemp("streamlit") / "server.log") as srv:
        ctx = browser.new_context(locale="en-US")
        ctx.app_url = srv.url
        try:
            open_page(ctx, "/")
        finally:
            ctx.close()
        yield srv


@pytest.fixture
def new_context(browser, server):
    """Factory: ``new_context(locale="en-US")`` -> a fresh browser context (= a new Streamlit session).

    Every context gets ``.app_url``; all are closed after the test.
    """
    made = []

    def make(locale: str = "en-US", **kw):
        ctx = browser.new_context(locale=locale, viewport=VIEWPORT, accept_downloads=True, **kw)
        ctx.set_default_timeout(SETTLE_TIMEOUT)
        ctx.app_url = server.url
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


# ---------------------------------------------------------------- page helpers

# The settle check, polled inside the page (one round trip per wait instead of one per poll): idle = connected,
# no script run in progress, no status widget, no skeleton. It returns true once the page has been idle for
# ``quietMs`` in a row; ``key`` (new for every wait) restarts the quiet time, so an idle spell from before the
# wait (e.g. before the click whose rerun is awaited) does not count.
_SETTLED_JS = """([app, running, skeleton, key, quietMs]) => {
    const el = document.querySelector(app);
    const state = el ? el.getAttribute('data-test-script-state') : null;
    const idle = !!el && el.getAttribute('data-test-connection-state') === 'CONNECTED'
        && state !== 'running' && state !== 'initial'
        && document.querySelector(running) === null
        && document.querySelector(skeleton) === null;
    let w = window.__cvdSettle;
    if (!w || w.key !== key) w = window.__cvdSettle = {key: key, since: null};
    if (!idle) { w.since = null; return false; }
    const now = performance.now();
    if (w.since === null) w.since = now;
    return now - w.since >= quietMs;
}"""
_SETTLE_QUIET_MS = 300  # a rerun (st.rerun, a widget's value sent after it is drawn) may start right after a run
_SETTLE_POLL_MS = 50
_settle_keys = itertools.count()


def wait_settled(page, timeout: int = SETTLE_TIMEOUT) -> None:
    """Wait until the app is connected, no script run is in progress (no status widget, script state not
    running) and every element is drawn (no skeleton: the date input and data grid load lazily, ~1 s
    after the run ends on a cold browser), all for 300 ms in a row."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    start = time.monotonic()
    try:
        page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]', timeout=timeout)
        left = max(timeout - (time.monotonic() - start) * 1000, 1)
        page.wait_for_function(_SETTLED_JS, arg=[APP, RUNNING, SKELETON, next(_settle_keys), _SETTLE_QUIET_MS],
                               polling=_SETTLE_POLL_MS, timeout=left)
    except PlaywrightTimeoutError:
        raise AssertionError(f"the app did not settle within {timeout} ms ({page.url})") from None


def open_page(context, path: str, timeout: int = SETTLE_TIMEOUT):
    """Open ``path`` ("/", "/rfm" …) of the app in a new tab of ``context``; wait for the app to settle."""
    page = context.new_page()
    page.goto(context.app_url + path)
    wait_settled(page, timeout)
    return page


def exception_count(page) -> int:
    """Number of uncaught-exception boxes on the page."""
    return page.locator(EXCEPTION).count()


def assert_no_exception(page) -> None:
    n = exception_count(page)
    if n:
        texts = page.locator(EXCEPTION).all_inner_texts()
        raise AssertionError(f"{n} stException on {page.url}: {texts}")


def nav_labels(page) -> list[str]:
    """The sidebar navigation labels (the icon ligature, rendered as text, is dropped)."""
    return [t.strip().splitlines()[-1].strip() for t in page.locator(NAV_LINK).all_inner_texts()]


def click_nav(page, label: str) -> None:
    """Click the sidebar link whose label is ``label`` and wait for the new page to settle."""
    labels = nav_labels(page)
    assert label in labels, f"no sidebar link {label!r}; links: {labels}"
    page.locator(NAV_LINK).nth(labels.index(label)).click()
    wait_settled(page)


def sidebar_text(page) -> str:
    return page.locator(SIDEBAR).inner_text()


def sidebar_customers(page, label: str = "Customers in the file") -> int:
    """The customer count the sidebar shows ("Customers in the file: 5,000")."""
    m = re.search(rf"{re.escape(label)}\s*[:：]\s*([\d,]+)", sidebar_text(page))
    assert m, f"no '{label}: N' in the sidebar:\n{sidebar_text(page)}"
    return int(m.group(1).replace(",", ""))


def choose_radio(page, option: str, *, within=None) -> None:
    """Click the radio option labelled ``option`` (in ``within``, default the whole page)."""
    scope = within if within is not None else page
    scope.locator('[data-testid="stRadio"] label').filter(has_text=re.compile(rf"^\s*{re.escape(option)}\s*$")).click()
    wait_settled(page)


def choose_dataset(page, option: str, name_in_sidebar: str = "CDNOW") -> None:
    """On the Data page: choose the bundled dataset ``option`` and wait until the sidebar names it. The load ends
    in a rerun; a bundled dataset loaded already by another session (they are shared) reruns within
    milliseconds, and a navigation click that lands between the two runs is lost."""
    choose_radio(page, option)
    page.locator(SIDEBAR).get_by_text(name_in_sidebar, exact=False).first.wait_for(timeout=60_000)
    wait_settled(page)


def upload(page, path: Path, *, lang: str = "en") -> None:
    """On the Data page: choose "Upload a file" / "上传文件" (if needed) and upload ``path``."""
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    if uploader.count() == 0:
        choose_radio(page, "上传文件" if lang == "zh" else "Upload a file")
    uploader.set_input_files(str(path))
    report = "导入报告" if lang == "zh" else "Ingest report"
    page.get_by_text(re.compile(rf"{report} · {re.escape(path.name)}")).wait_for()
    wait_settled(page)
