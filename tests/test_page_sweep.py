"""Every widget state of every page (issue #11): derived from the page itself, so a new widget is swept.

For each page and language, AppTest runs the page (the bundled sample as the session's data), lists what
it rendered — radios, select boxes, segmented controls, multiselects (all options, then none), toggles,
checkboxes, sliders, number inputs — and sets each to every option (each end of a range) in turn, running
the page after each change; every tab's content is rendered on each run (AppTest runs all tabs' code), and
lazy tabs (a keyed st.tabs that runs only the open tab) are opened one by one and swept. After every run:
no exception element, and no error box unless it is one of the app's own explained messages (a user error
that names what to change). The sweep runs on the sample and on a tiny edge dataset with a blank cost cell
(too few repeat buyers for the fits; the pyramid's "blank cost" choice appears); tests/test_pages_edge_data.py
runs each page once on more edge datasets.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crm_core.ingest import open_file
from ui.i18n import t
from ui.session import load_opened_file

from .conftest import ROOT, write_csv

PAGES = ["overview", "data", "pyramid", "rfm", "clv", "lifecycle", "loyalty", "churn", "profile"]
TIMEOUT = 120
# the app's own explained messages start with these (ui/i18n.py "data_error" / "param_error")
EXPLAINED = ("This cannot be computed with these settings", "按当前设置无法计算", "This file cannot be used",
             "该文件无法使用")
SKIP_KEYS = {"data_uploader"}  # the upload itself: tests/browser
MAX_OPTIONS = 8  # a select box with more options: its first, middle and last


def _n_states(widget) -> int:
    try:
        return len(_states(widget))
    except KeyError:  # an element of an earlier run whose keyed widget a later run replaced
        return 0


def _states(widget) -> list:
    """The values to visit: each option (labels are read anew each time: they may hold counts), or each end
    of a range."""
    kind = type(widget).__name__
    if kind in ("Radio", "Selectbox", "SelectSlider", "ButtonGroup"):
        opts = list(widget.options)
        if kind == "SelectSlider":
            return [opts[0], opts[-1]]
        if len(opts) > MAX_OPTIONS:
            opts = [opts[0], opts[len(opts) // 2], opts[-1]]
        return opts
    if kind == "Multiselect":  # every option, then none (labels: AppTest passes a label through as sent)
        return [list(widget.options), []]
    if kind in ("Checkbox", "Toggle"):
        return [not widget.value, widget.value]
    if kind in ("Slider", "NumberInput"):
        lo, hi = widget.min, widget.max
        if isinstance(widget.value, (tuple, list)):
            return [(lo, hi)]
        ends = [v for v in (lo, hi) if v is not None]
        return ends or [widget.value]
    return []


def _widgets(at: AppTest):
    for kind in ("radio", "selectbox", "select_slider", "multiselect", "checkbox", "toggle", "slider",
                 "number_input", "button_group"):
        try:
            found = list(getattr(at.main, kind))  # the sidebar (language, as-of date) has its own tests
        except (AttributeError, KeyError):
            continue
        for w in found:
            if w.key in SKIP_KEYS or (w.key or "").startswith("$$"):
                continue
            yield w


def _check(at: AppTest, where: str) -> None:
    assert not at.exception, f"{where}: {[e.value for e in at.exception]}"
    bad = [e.value for e in at.error if not str(e.value).startswith(EXPLAINED)]
    assert not bad, f"{where}: unexplained error box {bad}"


def _option_label(state) -> str:
    return str(state)[:40]


# 6 customers over 4 months, 2 repeat buyers; C3's cost is blank, so C3's profit is unknown
EDGE = ("customer_id,order_date,amount,cost\n" + "".join(
    f"C{i},2025-01-{10 + i:02d},{100 + 10 * i},{'' if i == 3 else 40 + i}\n" for i in range(6))
    + "C0,2025-03-05,80,30\nC1,2025-04-20,95,50\n")


def _lazy_tab_groups(at: AppTest) -> dict[str, list[str]]:
    """Session-state key -> tab labels of each keyed tab group (its state is the open tab's label)."""
    labels = [tb.label for tb in at.tabs]
    return {k: labels for k, v in at.session_state.items() if isinstance(v, str) and v in labels}


def _sweep_widgets(at: AppTest, seen: set, where: str) -> int:
    """Set every widget not yet in ``seen`` to each of its states, running and checking after each; returns
    the number of runs. Widgets can appear after a change (e.g. manual cut points): repeated until none is new."""
    visited = 0
    for _ in range(3):
        todo = [w for w in _widgets(at) if (type(w).__name__, w.key or w.label) not in seen]
        if not todo:
            break
        for w in todo:
            ident = (type(w).__name__, w.key or w.label)
            seen.add(ident)
            for i in range(_n_states(w)):
                current = next((x for x in _widgets(at) if (type(x).__name__, x.key or x.label) == ident), None)
                if current is None or current.disabled:
                    break  # a change of another widget removed it (its key follows a choice): swept there
                states = _states(current)
                if i >= len(states):
                    break
                try:
                    current.set_value(states[i])
                except KeyError:
                    break  # the element belongs to a run that a keyed rerun replaced
                at.run()
                visited += 1
                _check(at, f"{where} {ident[0]} {ident[1]!r} = {_option_label(states[i])}")
    return visited


@pytest.fixture
def edge_dataset(tmp_path):
    # one per test: sweeping the Data page's source radio loads another dataset and closes this one's store
    return load_opened_file(open_file(write_csv(tmp_path / "edge.csv", EDGE)), None)


@pytest.mark.slow
@pytest.mark.parametrize("data", ["sample", "edge"])
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_widget_state_of_every_page(page, lang, data, edge_dataset):
    tabs_opened: set[str] = set()

    def fresh(**state) -> AppTest:
        at = AppTest.from_file(str(ROOT / f"pages/{page}.py"), default_timeout=TIMEOUT)
        at.session_state["lang"] = lang
        if data == "edge":
            at.session_state["dataset"] = edge_dataset
            at.session_state["as_of"] = edge_dataset.report.default_as_of
        for k, v in state.items():
            at.session_state[k] = v
        return at.run()

    at = fresh()
    _check(at, f"{page}/{lang} first run")
    groups = _lazy_tab_groups(at)  # before the sweep: a state that stops the page (an error) draws no tabs
    seen = set()
    visited = _sweep_widgets(at, seen, f"{page}/{lang}")
    # lazy tabs (st.tabs(..., key=K, on_change="rerun")) run only the open tab: open each in turn on a page at its
    # defaults, sweep it
    for key, labels in groups.items():
        for label in labels:
            at = fresh(**{key: label})
            _check(at, f"{page}/{lang} tab {label!r}")
            visited += _sweep_widgets(at, seen, f"{page}/{lang} tab {label!r}")
            tabs_opened.add(label)
    assert visited >= 1 or page == "data", f"{page}: no widget was swept"
    lazy = {"lifecycle": 5, "rfm": 4, "churn": 3, "loyalty": 6, "clv": 3}  # pages with lazy tabs: each tab was opened
    if page in lazy and (data == "sample" or groups):
        assert len(tabs_opened) == lazy[page], tabs_opened
    if page == "pyramid" and data == "edge":  # the blank-cost choice was there and swept
        assert any(k[1] == f"pyr_unknown_{edge_dataset.key}" for k in seen), sorted(seen)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_widget_state_of_the_loyalty_page_on_a_file_with_discounts_and_referrers(lang, tmp_path):
    # the sample and the edge file have no discount or referrer column: the promotion tab's threshold, the
    # share-of-wallet column choice and the ladder's advocate rung appear only with them (a membership POS export)
    from .exports.promo_files import AS_OF, pos_member_promo
    ds = load_opened_file(open_file(pos_member_promo(tmp_path).path), None)
    seen: set = set()
    for tab in ("promotion", "ladder"):  # lazy tabs: the promotion tab's widgets, the ladder's advocate rung
        at = AppTest.from_file(str(ROOT / "pages/loyalty.py"), default_timeout=TIMEOUT)
        at.session_state["lang"] = lang
        at.session_state["dataset"] = ds
        at.session_state["as_of"] = AS_OF
        at.session_state["loy_tabs"] = t(f"loy_tab_{tab}", lang)
        at.run()
        _check(at, f"loyalty/{lang}/promo {tab} first run")
        assert _sweep_widgets(at, seen, f"loyalty/{lang}/promo {tab}") >= 1
    keys = {k[1] for k in seen}
    assert {"lop_threshold", "lop_wallet_source"} <= keys, sorted(keys)
