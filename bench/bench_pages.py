"""How long the pages take in a real browser on the bundled sample (figures, not assertions).

    python bench/bench_pages.py [--repeat 3]

Starts the app as the README does on a free port, drives Debian's Chromium with Playwright, and times
for each page: the first open in a fresh session (bootstrap loads the sample, computes, draws), then
a re-render after changing one widget (served from the per-session cache). "Settled" = connected, no
script running, no skeleton left (the same rule as tests/browser/conftest.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, running_server, wait_settled  # noqa: E402

PAGES = {  # path -> (widget to change, how)
    "/": None,
    "/pyramid": ("slider", "VIP"),
    "/rfm": ("radio", "Average per order"),
    "/clv": ("radio", "B: nothing at t = 0"),  # the calculator (a fragment); the fit ran on open
    "/lifecycle": ("tab", "Month by month"),  # a lazy tab: its first run computes 36 monthly stage counts
    "/churn": ("slider", "At risk from churn probability", "Retention priority"),  # the report is cached
}


def change(page, kind: str, label: str, tab: str | None = None) -> None:
    if tab:  # the widget sits on a tab that is not open (tabs that are not lazy switch without a rerun)
        page.get_by_role("tab", name=tab).click()
    if kind == "radio":
        page.locator('[data-testid="stRadio"] label').filter(has_text=label).click()
    elif kind == "tab":
        page.get_by_role("tab", name=label).click()
    else:  # one step of the slider labelled ``label``
        page.locator('[data-testid="stSlider"]').filter(has_text=label).locator('input[type="range"]').press("ArrowRight")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, list[float]]] = {p: {"open": [], "rerender": []} for p in PAGES}
    with running_server(Path("/tmp/cvd_bench_pages.log")) as srv, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        warm = browser.new_context()
        page = warm.new_page()
        page.goto(srv.url + "/")
        wait_settled(page)
        warm.close()
        for _ in range(args.repeat):
            for path, widget in PAGES.items():
                ctx = browser.new_context(locale="en-US", viewport=VIEWPORT)
                page = ctx.new_page()
                t = time.perf_counter()
                page.goto(srv.url + path)
                wait_settled(page, timeout=120_000)
                results[path]["open"].append(time.perf_counter() - t)
                if widget:
                    t = time.perf_counter()
                    change(page, *widget)
                    page.wait_for_timeout(100)
                    wait_settled(page, timeout=120_000)
                    results[path]["rerender"].append(time.perf_counter() - t)
                ctx.close()
        browser.close()
    print(f"command: python bench/bench_pages.py --repeat {args.repeat}  (times include the 0.3 s settle window)")
    for path, r in results.items():
        rer = f"{statistics.median(r['rerender']):.2f} s" if r["rerender"] else "—"
        print(f"  {path:10s} first open in a new session {statistics.median(r['open']):.2f} s   "
              f"after one widget change {rer}")


if __name__ == "__main__":
    main()
