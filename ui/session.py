"""Per-browser-session state: the language, the loaded dataset, the as-of date.

Every page calls :func:`bootstrap` first, so any page works as the first page a session
opens. The dataset (a private DuckDB store) lives in ``st.session_state`` only: no other
session can reach it. Shared choices are plain session keys (``lang``, ``dataset``,
``as_of``) written by widget callbacks, so they survive page switches.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, replace

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from crm_core.activity import monthly_activity
from crm_core.churn.horizon import default_horizon_days
from crm_core.clv.customer_value import FittedBTYD, fit_btyd, predict_customers
from crm_core.contacts import customer_contacts
from crm_core.customer_report import ReportSettings, customer_report
from crm_core.customers import customer_summary, customer_table
from crm_core.datasets import BUNDLED, DEFAULT_DATASET
from crm_core.errors import InvalidInputError
from crm_core.ingest import IngestReport, OpenedFile, ingest_file, load_opened
from crm_core.progress import REPORT_STAGES
from crm_core.store import Store

from .cache import shared_result
from .i18n import LANGUAGES, language_from_locale, t
from .idle import touch
from .settings import forget, report_settings
from .workshop import gate, join_panel

log = logging.getLogger("cvd")
# CVD_SHARE_BUNDLED=0: every session ingests its own copy of a bundled dataset (before issue #14; bench only)
SHARE_BUNDLED = os.environ.get("CVD_SHARE_BUNDLED", "1") != "0"


@dataclass
class LoadedDataset:
    """One session's loaded data: its private store and its ingest report."""

    key: str  # part of every cache key: unique per upload; "bundled-<name>" for a shared bundled dataset
    name: str
    store: Store
    report: IngestReport
    bundled_key: str | None = None
    shared: bool = False  # loaded once per server process and read by every session (its store is frozen)

    def release(self) -> None:
        """Close the session's own database (an idle upload, :mod:`ui.idle`); never a shared one."""
        if not self.shared:
            self.store.close()


@dataclass
class Ctx:
    """What a page needs after bootstrap."""

    ds: LoadedDataset
    lang: str
    as_of: dt.date

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)


def current_lang() -> str:
    """The session's language; first visit: the browser's locale (zh → 中文, else English)."""
    if "lang" not in st.session_state:
        locale = getattr(st.context, "locale", None)
        st.session_state["lang"] = language_from_locale(locale)
    return st.session_state["lang"]


def load_bundled(key: str) -> LoadedDataset:
    """A bundled dataset, shared by every session of this server process (issue #14: a workshop of 30 opens the
    sample once, not 30 times): ingested on first use into a store that is then frozen, so no session can change
    what the others read, under the stable key ``bundled-<name>``, so the views' cached results at the same
    settings are shared too. An upload stays private (:func:`load_opened_file`)."""
    if not SHARE_BUNDLED:  # the old behaviour, for the workshop bench's comparison: a private copy per session
        spec = BUNDLED[key]
        store, report = ingest_file(spec.path, currency=spec.currency, source_name=key,
                                    drop_duplicates=spec.drop_duplicates)
        ds = LoadedDataset(uuid.uuid4().hex, key, store, report, bundled_key=key)
        weakref.finalize(ds, store.close)  # released with the session, as an upload is
        return ds
    return _shared_bundled(key)


@st.cache_resource(show_spinner=False)
def _shared_bundled(key: str) -> LoadedDataset:
    spec = BUNDLED[key]
    store, report = ingest_file(spec.path, currency=spec.currency, source_name=key,
                                drop_duplicates=spec.drop_duplicates)
    store.freeze()
    log.info("bundled dataset %s loaded once for this server process (%d rows kept)", key, report.rows_kept)
    return LoadedDataset(f"bundled-{key}", key, store, report, bundled_key=key, shared=True)


def load_opened_file(opened: OpenedFile, mapping: dict | None, *, drop_duplicates: bool | None = None,
                     decimal: str | None = None, date_order: str | None = None, progress=None) -> LoadedDataset:
    """Validate and load an uploaded, opened file into its (private) store (options: ``load_opened``)."""
    store, report = load_opened(opened, mapping=mapping, drop_duplicates=drop_duplicates, decimal=decimal,
                                date_order=date_order, progress=progress)
    ds = LoadedDataset(uuid.uuid4().hex, opened.source_name, store, report)
    # the session's database is closed (its memory released) as soon as nothing holds the dataset any more:
    # another dataset replaced it, or Streamlit dropped the session's state when the session ended
    weakref.finalize(ds, store.close)
    return ds


def set_dataset(ds: LoadedDataset) -> None:
    """Make ``ds`` the session's dataset; the as-of date goes back to its default."""
    old = st.session_state.get("dataset")
    st.session_state["dataset"] = ds
    st.session_state["as_of"] = ds.report.default_as_of
    forget()  # the pages' settings start from their defaults again
    if old is not None and old is not ds and not old.shared:
        old.store.close()  # the session's upload; a shared bundled store stays open for the other sessions


def dataset_title(ds: LoadedDataset, lang: str) -> str:
    if ds.bundled_key:
        spec = BUNDLED[ds.bundled_key]
        return spec.title_zh if lang == "zh" else spec.title_en
    return ds.name


def _copy_widget(src: str, dst: str) -> None:
    st.session_state[dst] = st.session_state[src]


def _leave_legacy_page_mode() -> None:
    """Make a deep link on a fresh server go through ``app.py``'s navigation.

    Streamlit 1.67 starts in its legacy multipage mode because a ``pages/`` folder exists
    (``PagesManager.uses_pages_directory``) and leaves it only when ``st.navigation`` first
    runs, i.e. when someone opens ``/``. Until then a deep link (``/rfm``) runs the page
    alone, with the legacy sidebar of raw file names. The first such page clears the flag and
    reruns: the rerun goes through ``app.py`` and lands on the same page, with our navigation.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def bootstrap() -> Ctx:
    """Language, dataset (the bundled sample on a first visit) and the sidebar; returns the context."""
    _leave_legacy_page_mode()
    lang = current_lang()
    gate(lang)  # a full room, or workshop mode without the room code: nothing is loaded or shown
    released = _mark_active()
    if released is not None:  # this session's upload was released while it was idle: start again from the sample
        minutes = f"{released:,.0f}" if released >= 1 else f"{released:.1f}"
        st.info(t("idle_released", lang, minutes=minutes), icon=":material/bedtime:")
    ds = st.session_state.get("dataset")
    if ds is None:
        with st.spinner(t("data_loading", lang, name=DEFAULT_DATASET)):
            ds = load_bundled(DEFAULT_DATASET)
        set_dataset(ds)
    as_of = st.session_state.get("as_of") or ds.report.default_as_of
    _sidebar(ds, lang, as_of)
    st.html(PRINT_CSS)
    with st.sidebar:
        st.html(ENTER_APPLIES_DATE_JS, unsafe_allow_javascript=True)  # a constant script of ours, no user input
    ctx = Ctx(ds, st.session_state["lang"], st.session_state["as_of"])
    st.sidebar.caption(t("sb_customers_as_of", lang, n=len(summary(ctx)), as_of=ctx.as_of.isoformat()))
    return ctx


UPLOAD_STATE_PREFIX = "data_upload"  # the data page's keys for the session's upload (ui/data_source.py)


def _mark_active() -> float | None:
    """Tell :mod:`ui.idle` this session is active, with what to release when it goes idle (its upload's database
    and temporary file). If they were released since the last run: forget them and return the idle time
    [minutes]; else None."""
    run = get_script_run_ctx()
    if run is None:
        return None
    ds = st.session_state.get("dataset")
    held = [h for h in (None if ds is None or ds.shared else ds, st.session_state.get("data_upload_file"))
            if h is not None]
    released = touch(run.session_id, held)
    if released is not None:
        for k in [k for k in st.session_state if str(k).startswith(UPLOAD_STATE_PREFIX)]:
            del st.session_state[k]
        st.session_state.pop("data_question", None)
        if ds is not None and not ds.shared:
            del st.session_state["dataset"]
    return released


# Streamlit's date field (three typed segments) commits a typed date only when focus leaves it; a user
# expects Enter to apply it: on Enter inside a date field, leave it as a click elsewhere would (once per tab).
ENTER_APPLIES_DATE_JS = """<script>
if (!window.__cvdEnterAppliesDate) {
  window.__cvdEnterAppliesDate = true;
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.target instanceof Element && e.target.closest('[data-testid="stDateInputField"]')) {
      e.preventDefault();
      e.target.blur();
      // the field commits on an interaction outside it (react-aria): the same events a click elsewhere sends
      for (const type of ["pointerdown", "mousedown", "pointerup", "mouseup", "click"]) {
        document.body.dispatchEvent(new PointerEvent(type, {bubbles: true, pointerId: 1, isPrimary: true}));
      }
    }
  }, true);
}
</script>"""


# The browser's print of any page: no sidebar, header or widgets; charts and tables not cut across pages.
PRINT_CSS = """<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stRadio"], [data-testid="stSlider"], [data-testid="stSelectbox"], [data-testid="stNumberInput"],
  [data-testid="stDateInput"], [data-testid="stCheckbox"], [data-testid="stButton"],
  [data-testid="stDownloadButton"], [data-testid="stFileUploader"], [data-testid="stExpander"],
  [data-testid="stSegmentedControl"], [data-testid="stTextInput"], [data-testid="stForm"] { display: none !important; }
  [data-testid="stPlotlyChart"], [data-testid="stDataFrame"], [data-testid="stTable"], [data-testid="stMetric"]
    { break-inside: avoid; page-break-inside: avoid; }
  [data-testid="stMain"], [data-testid="stMainBlockContainer"] { margin-left: 0 !important; max-width: 100% !important; }
}
</style>"""


def _sidebar(ds: LoadedDataset, lang: str, as_of: dt.date) -> None:
    sb = st.sidebar
    join_panel(lang)  # workshop mode, first in the sidebar: the join address and its QR code, to project
    codes = list(LANGUAGES)
    sb.radio("Language / 语言", codes,
             index=codes.index(lang), format_func=LANGUAGES.get, horizontal=True, key="_w_lang",
             on_change=_copy_widget, args=("_w_lang", "lang"))
    r = ds.report
    sb.markdown(f"**{t('sb_dataset', lang)}:** {dataset_title(ds, lang)}")
    sb.markdown(
        f"{t('sb_rows', lang)}: **{r.rows_kept:,}**  \n"
        f"{t('sb_customers_file', lang)}: **{r.customers:,}**  \n"
        f"{t('sb_range', lang)}: **{r.first_date} – {r.last_date}**  \n"
        f"{t('sb_currency', lang)}: **{r.currency or t('sb_currency_unknown', lang)}**")
    sb.date_input(t("sb_as_of", lang), value=as_of, min_value=r.first_date + dt.timedelta(days=1),
                  max_value=r.default_as_of, help=t("sb_as_of_help", lang), key=f"_w_as_of_{ds.key}",
                  on_change=_copy_widget, args=(f"_w_as_of_{ds.key}", "as_of"))


def earlier_date(ctx: Ctx, label: str, too_early: str, key: str, days_back: int = 90) -> dt.date | None:
    """A date before the as-of date to compare with (movement views); default ``days_back`` days earlier.

    None, after the message ``too_early`` (a label key with ``{first}``), when no earlier date exists (the
    as-of date is the earliest the sidebar allows).
    """
    first = ctx.ds.report.first_date + dt.timedelta(days=1)
    latest = ctx.as_of - dt.timedelta(days=1)
    if latest < first:
        st.info(ctx.t(too_early, first=ctx.ds.report.first_date))
        return None
    widget_key = f"{key}_{ctx.ds.key}_{ctx.as_of}"
    # the default through the session state, not value=: a lazy tab's page writes the date back while the tab is
    # closed (ui.settings.carry_over), and a widget given both logs "default value but also set via the Session
    # State API"
    st.session_state.setdefault(widget_key, max(first, ctx.as_of - dt.timedelta(days=days_back)))
    return st.date_input(label, min_value=first, max_value=latest, key=widget_key)


# Per-dataset caches. The key is the dataset's random per-load id, so a result can only be
# reached by the session that loaded the data; the store itself is not hashed (leading _).
@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _customer_table(ds_key: str, _store: Store, as_of: dt.date, time_unit: str):
    return customer_table(_store, as_of, time_unit=time_unit)


@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _monthly_activity(ds_key: str, _store: Store):
    return monthly_activity(_store)


@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _customer_contacts(ds_key: str, _store: Store, as_of: dt.date):
    return customer_contacts(_store, as_of)


def contacts(ctx: Ctx, as_of: dt.date | None = None):
    """Per customer, the latest value of each pass-through column (name, phone …), cached per dataset and date."""
    return _customer_contacts(ctx.ds.key, ctx.ds.store, as_of or ctx.as_of)


@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _customer_summary(ds_key: str, _store: Store, as_of: dt.date):
    return customer_summary(_store, as_of)


def summary(ctx: Ctx, as_of: dt.date | None = None):
    """The CustomerTable without BTYD inputs (value and recency only; about 2x faster), cached per dataset and date."""
    return _customer_summary(ctx.ds.key, ctx.ds.store, as_of or ctx.as_of)


def customers(ctx: Ctx, time_unit: str = "week", as_of: dt.date | None = None):
    """The session's CustomerTable as of the sidebar's as-of date, or ``as_of`` (cached per dataset and date)."""
    return _customer_table(ctx.ds.key, ctx.ds.store, as_of or ctx.as_of, time_unit)


def activity(ctx: Ctx):
    """The session's monthly activity (cached per dataset)."""
    return _monthly_activity(ctx.ds.key, ctx.ds.store)


@shared_result(max_entries=16, ttl=3600, show_spinner=False)
def _btyd_fit(ds_key: str, _ct, as_of: dt.date, time_unit: str) -> FittedBTYD:
    return fit_btyd(_ct, time_unit=time_unit)


@shared_result(max_entries=32, ttl=3600, show_spinner=False)
def _btyd_predict(ds_key: str, _ct, _fitted: FittedBTYD, as_of: dt.date, time_unit: str, horizon: int,
                  rate: float):
    return predict_customers(_ct, _fitted, horizon=horizon, discount_rate=rate)


def btyd_fit(ctx: Ctx, time_unit: str = "week", as_of: dt.date | None = None) -> FittedBTYD:
    """BG/NBD + Gamma-Gamma fitted on the session's CustomerTable (cached per dataset, date and unit).

    Raises ``InvalidInputError`` when the data cannot support a fit (see ``crm_core.clv``).
    """
    as_of = as_of or ctx.as_of
    return _btyd_fit(ctx.ds.key, customers(ctx, time_unit, as_of), as_of, time_unit)


def btyd_predictions(ctx: Ctx, horizon: int, rate: float, time_unit: str = "week", as_of: dt.date | None = None):
    """Per customer P(alive), expected purchases/spend and ``clv_expected`` over ``horizon`` periods of
    ``time_unit`` at discount ``rate`` per period (``crm_core.clv.customer_value.predict_customers``), cached."""
    as_of = as_of or ctx.as_of
    ct = customers(ctx, time_unit, as_of)
    fitted = _btyd_fit(ctx.ds.key, ct, as_of, time_unit)
    return _btyd_predict(ctx.ds.key, ct, fitted, as_of, time_unit, horizon, rate)


@shared_result(max_entries=32, ttl=3600, show_spinner=False)  # a workshop: many sessions, a few settings each
def _customer_report(ds_key: str, _store: Store, _report, as_of: dt.date, settings: ReportSettings, _lang: str):
    # a progress bar with the report's stages, made and removed inside the cached call (a cache hit shows nothing)
    # (only within a page's run: a deferred download's callable runs outside it, with nowhere to draw)
    if get_script_run_ctx() is None:
        return customer_report(_store, _report, as_of, settings)
    stages = list(REPORT_STAGES)
    bar = st.progress(0.0, text=t(f"rep_step_{stages[0]}", _lang))

    def step(stage: str) -> None:
        bar.progress(stages.index(stage) / len(stages), text=t(f"rep_step_{stage}", _lang))

    try:
        return customer_report(_store, _report, as_of, settings, progress=step)
    finally:
        bar.empty()


def report_of(ctx: Ctx, as_of: dt.date | None = None, settings: ReportSettings | None = None):
    """(every customer's row of every view, the summary) as of the sidebar's date, the command line's ``report``
    (:func:`crm_core.customer_report.customer_report`) with the settings this session's user has set on the pages
    (:func:`ui.settings.report_settings`; the command line's defaults where untouched), cached per dataset, date
    and settings: what the customer profile shows and the handout prints. A deferred download passes the
    ``settings`` it read while the page ran (its callable runs outside the script, without the session's state)."""
    as_of = as_of or ctx.as_of
    settings = _as_defaults(ctx, settings or report_settings(ctx.ds.key, as_of), as_of)
    return _customer_report(ctx.ds.key, ctx.ds.store, ctx.ds.report, as_of, settings, ctx.lang)


@shared_result(max_entries=64, ttl=3600, show_spinner=False)
def _default_churn_horizon(ds_key: str, _store: Store, as_of: dt.date) -> int | None:
    try:
        return default_horizon_days(_store, as_of)
    except InvalidInputError:
        return None


def _as_defaults(ctx: Ctx, s: ReportSettings, as_of: dt.date) -> ReportSettings:
    """``s`` with a value equal to its default written as the default (None), so that the sessions which visited a
    page without changing it share one cached report with those which did not."""
    default_metric = "profit" if ctx.ds.report.has_profit else "net_revenue"  # crm_core.value.available_metrics
    metric = None if s.value_metric == default_metric else s.value_metric
    churn = s.churn_horizon
    if churn is not None and churn == _default_churn_horizon(ctx.ds.key, ctx.ds.store, as_of):
        churn = None
    return replace(s, value_metric=metric, churn_horizon=churn)


@contextmanager
def user_errors(lang: str):
    """Show an :class:`InvalidInputError` as a message (which column, rows, why) and stop the page."""
    try:
        yield
    except InvalidInputError as err:  # a setting (horizon, dates, thresholds) or the data itself
        st.error(t("param_error" if err.table == "parameters" else "data_error", lang, msg=err.user_message(lang)))
        st.stop()
