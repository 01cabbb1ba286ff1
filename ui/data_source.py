"""The Data page's parts: choose a source, upload and map a file, show the ingest report."""

from __future__ import annotations

import logging
import os
import tempfile
import weakref

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from crm_core.datasets import BUNDLED
from crm_core.errors import AmbiguousInputError, InvalidInputError
from crm_core.ingest import excluded_lines, open_file, preview_transactions, rejected_lines
from crm_core.progress import INGEST_STAGES
from crm_core.schema import REQUIRED_ROLES, ROLE_NAMES

from .cache import figure_cache
from .charts import monthly_activity_figure
from .downloads import download_table
from .format import money
from .i18n import LABELS, LANGUAGES, t
from .session import Ctx, activity, dataset_title, load_bundled, load_opened_file, set_dataset, summary
from .workshop import upload_refusal

log = logging.getLogger("cvd")
UPLOAD = "upload"
UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "parquet"]


def choose_source(ctx: Ctx) -> None:
    """Radio of bundled datasets + upload; loads a bundled dataset when it is picked."""
    options = [*BUNDLED, UPLOAD]
    current = ctx.ds.bundled_key or UPLOAD

    def label(key: str) -> str:
        if key == UPLOAD:
            return ctx.t("data_upload")
        spec = BUNDLED[key]
        return spec.title_zh if ctx.lang == "zh" else spec.title_en

    choice = st.radio(ctx.t("data_source"), options, index=options.index(current), format_func=label,
                      horizontal=True, key=f"data_source_{ctx.ds.key}")
    if choice == UPLOAD:
        _upload(ctx)
        return
    spec = BUNDLED[choice]
    st.caption(spec.about_zh if ctx.lang == "zh" else spec.about_en)
    if choice != ctx.ds.bundled_key:
        with st.spinner(ctx.t("data_loading", name=label(choice))):
            set_dataset(load_bundled(choice))
        st.rerun()


def _remove(path: str) -> None:
    if os.path.exists(path):
        os.unlink(path)


class UploadFile:
    """The session's upload on disk (a private temporary file), removed when a new upload replaces it or when
    Streamlit drops the session's state at the session's end (``server.disconnectedSessionTTL`` after the
    browser left)."""

    def __init__(self, path: str):
        self.path = path
        self.remove = weakref.finalize(self, _remove, path)

    def release(self) -> None:
        """Remove the file now (an idle session, :mod:`ui.idle`)."""
        self.remove()


def _save_upload(uploaded) -> str:
    """The upload written to a private temporary file (the previous one of this session is removed)."""
    st.session_state.pop("data_upload_path", None)
    old = st.session_state.pop("data_upload_file", None)
    if old is not None:
        old.remove()
    suffix = os.path.splitext(uploaded.name)[1] or ".csv"
    fd, path = tempfile.mkstemp(prefix="cvd_upload_", suffix=suffix)
    with os.fdopen(fd, "wb") as fh:
        uploaded.seek(0)
        while chunk := uploaded.read(1 << 22):
            fh.write(chunk)
    st.session_state["data_upload_file"] = UploadFile(path)
    st.session_state["data_upload_path"] = path
    return path


class LoadProgress:
    """A progress bar with the stages of loading a file (issue #14): saving the upload, the ingest's stages
    (:data:`crm_core.progress.INGEST_STAGES`: read, checks, parse, accounting), then the customer table the
    views start from. Called with each stage as it starts; :meth:`done` removes the bar."""

    STAGES = ("save", *INGEST_STAGES, "views")

    def __init__(self, lang: str, first: str = "save"):
        self.lang = lang
        self.bar = st.progress(0.0, text=t(f"up_step_{first}", lang))
        self(first)

    def __call__(self, stage: str) -> None:
        i = self.STAGES.index(stage)
        self.bar.progress(i / len(self.STAGES), text=f"{i + 1}/{len(self.STAGES)} · {t(f'up_step_{stage}', self.lang)}")

    def done(self) -> None:
        self.bar.empty()


def _upload(ctx: Ctx) -> None:
    uploaded = st.file_uploader(ctx.t("data_uploader"), type=UPLOAD_TYPES, key="data_uploader",
                                help=ctx.t("data_uploader_help"))
    if uploaded is None:
        return
    refused = upload_refusal(uploaded.size, ctx.lang)  # the server's limits: before the file is written or read
    if refused:
        st.error(refused, icon=":material/block:")
        return
    if st.session_state.get("data_upload_id") != uploaded.file_id:
        st.session_state["data_upload_id"] = uploaded.file_id
        for k in ("data_upload_error", "data_question"):
            st.session_state.pop(k, None)
        progress = LoadProgress(ctx.lang)
        path = _save_upload(uploaded)
        _load(ctx, path, uploaded.name, options={"sheet": None, "mapping": None}, progress=progress)
        st.rerun()
    _question(ctx, uploaded.name)
    _mapping_form(ctx, uploaded.name)


def _error_texts(err: InvalidInputError) -> dict[str, str]:
    """The message in every language, so that switching the language after a failed upload re-labels it."""
    return {lang: err.user_message(lang) for lang in LANGUAGES}


def _header_key(columns) -> str:
    return "\x1f".join(map(str, columns))


def _load(ctx: Ctx, path: str, name: str, *, options: dict, progress: LoadProgress | None = None) -> None:
    """Open + load with ``options`` (sheet, mapping, drop_duplicates, decimal, date_order), with a progress bar
    of the stages (``progress``, or a new one from reading the file).

    A user error keeps its message and the opened columns for the mapping form; a question
    (``AmbiguousInputError``) keeps what to ask, and the views are not recomputed until it is answered.
    A mapping the user applied is remembered, for this session, for files with the same headers.
    """
    for k in ("data_upload_error", "data_question"):
        st.session_state.pop(k, None)
    progress = progress or LoadProgress(ctx.lang, "read")
    try:
        _open_and_load(ctx, path, name, options, progress)
    finally:
        progress.done()


def _open_and_load(ctx: Ctx, path: str, name: str, options: dict, progress: LoadProgress) -> None:
    try:
        opened = open_file(path, sheet=options.get("sheet"), source_name=name, progress=progress)
    except InvalidInputError as err:
        st.session_state["data_upload_error"] = _error_texts(err)
        st.session_state["data_upload_columns"] = None
        return
    saved = st.session_state.setdefault("data_saved_mappings", {})
    key = _header_key(opened.info.columns)
    mapping, reused = options.get("mapping"), False
    if mapping is None and key in saved:
        mapping, reused = dict(saved[key]), True
    guess = opened.guess
    st.session_state["data_upload_columns"] = {
        "columns": list(opened.info.columns), "sheets": list(opened.info.sheets), "sheet": opened.info.sheet,
        "detected": dict(opened.detected) if mapping is None else {**opened.detected, **mapping},
        "uncertain": {} if mapping else dict(guess.uncertain if guess else {}),
        "options": {**options, "mapping": mapping}, "reused": reused,
    }
    try:
        ds = load_opened_file(opened, mapping, drop_duplicates=options.get("drop_duplicates"),
                              decimal=options.get("decimal"), date_order=options.get("date_order"),
                              progress=progress)
    except AmbiguousInputError as err:
        opened.store.close()
        st.session_state["data_question"] = {"kind": err.kind, "role": err.role, "candidates": err.candidates,
                                             "text": _error_texts(err)}
        return
    except InvalidInputError as err:
        opened.store.close()
        st.session_state["data_upload_error"] = _error_texts(err)
        return
    if options.get("mapping"):
        saved[key] = dict(options["mapping"])
    set_dataset(ds)
    progress("views")
    summary(Ctx(ds, ctx.lang, ds.report.default_as_of))  # the customer table every view and the sidebar start from


def _question(ctx: Ctx, name: str) -> None:
    """What the file leaves open (decimal separator, date order, an uncertain column), as a choice."""
    q = st.session_state.get("data_question")
    cols = st.session_state.get("data_upload_columns")
    path = st.session_state.get("data_upload_path")
    if not q or not cols or not path:
        return
    st.warning(f"**{ctx.t('data_question')}** — {q['text'].get(ctx.lang, q['text']['en'])}", icon=":material/help:")
    st.info(ctx.t("data_still_in_use", name=dataset_title(ctx.ds, ctx.lang)), icon=":material/info:")
    if q["kind"] == "mapping":
        role = q["role"]
        st.markdown(ctx.t("data_ask_mapping", role=ctx.t(f"role_{role}"), cands=", ".join(q["candidates"][:6])))
        return
    if q["kind"] == "decimal":
        labels = {".": ctx.t("sep_point"), ",": ctx.t("sep_comma")}
        choice = st.radio(ctx.t("data_ask_decimal"), q["candidates"], format_func=labels.get, key="data_ask_decimal")
        opt = {"decimal": choice}
    else:
        labels = {"dmy": ctx.t("order_dmy"), "mdy": ctx.t("order_mdy")}
        choice = st.radio(ctx.t("data_ask_date_order"), q["candidates"], format_func=labels.get,
                          key="data_ask_date_order")
        opt = {"date_order": choice}
    if st.button(ctx.t("data_answer"), type="primary", key="data_answer"):
        _load(ctx, path, name, options={**cols["options"], **opt})
        st.rerun()


def _mapping_form(ctx: Ctx, name: str) -> None:
    err = st.session_state.get("data_upload_error")
    if err:
        st.error(ctx.t("data_error", msg=err.get(ctx.lang, err["en"])), icon=":material/error:")
        st.info(ctx.t("data_still_in_use", name=dataset_title(ctx.ds, ctx.lang)), icon=":material/info:")
    cols = st.session_state.get("data_upload_columns")
    path = st.session_state.get("data_upload_path")
    if not cols or not path:
        return
    question = st.session_state.get("data_question") or {}
    uncertain = set(cols.get("uncertain") or {}) | ({question["role"]} if question.get("kind") == "mapping" else set())
    if cols.get("reused"):
        st.caption(ctx.t("data_mapping_reused"))
    with st.expander(ctx.t("data_mapping"), expanded=bool(err) or bool(uncertain)):
        st.caption(ctx.t("data_mapping_help") + " " + ctx.t("data_mapping_saved"))
        with st.form("data_mapping_form"):
            sheet = None
            if cols["sheets"]:
                sheet = st.selectbox(ctx.t("data_sheet"), cols["sheets"], index=cols["sheets"].index(cols["sheet"]))
            none = ctx.t("data_mapping_none")
            options = [none, *cols["columns"]]
            chosen = {}
            grid = st.columns(2)
            for i, role in enumerate(ROLE_NAMES):
                current = cols["detected"].get(role)
                label = ctx.t(f"role_{role}") + (f" {ctx.t('data_uncertain_mark')}" if role in uncertain else "")
                chosen[role] = grid[i % 2].selectbox(
                    label, options, index=options.index(current) if current in options else 0, key=f"data_map_{role}")
            current_dedupe = ctx.ds.report.drop_duplicates if ctx.ds.bundled_key is None else True
            dedupe = st.checkbox(ctx.t("data_drop_duplicates"), value=bool(current_dedupe),
                                 help=ctx.t("data_drop_duplicates_help"))
            if st.form_submit_button(ctx.t("data_apply_mapping"), type="primary"):
                mapping = {r: (c if c != none else None) for r, c in chosen.items()}
                from_quantity = mapping["amount"] is None and mapping["quantity"] and mapping["unit_price"]
                if any(mapping[r] is None for r in REQUIRED_ROLES if not (r == "amount" and from_quantity)):
                    st.warning(ctx.t("data_needs_mapping"))
                else:
                    opts = {**cols["options"], "sheet": sheet, "mapping": mapping, "drop_duplicates": dedupe}
                    _load(ctx, path, name, options=opts)
                    st.rerun()


def ingest_report(ctx: Ctx) -> None:
    """The current dataset's ingest report: the identity, figures, layout, mapping, how values were read,
    rejected and excluded rows (downloadable), a preview."""
    r = ctx.ds.report
    st.subheader(f"{ctx.t('data_report')} · {dataset_title(ctx.ds, ctx.lang)}")
    st.markdown("**" + ctx.t("data_identity_excl", read=r.rows_read, kept=r.rows_kept, rejected=r.rows_rejected,
                             excluded=r.rows_excluded, dups=r.duplicates_removed) + "**")
    m = st.columns(7)
    m[0].metric(ctx.t("m_rows_read"), f"{r.rows_read:,}")
    m[1].metric(ctx.t("m_rows_kept"), f"{r.rows_kept:,}")
    m[2].metric(ctx.t("m_rows_rejected"), f"{r.rows_rejected:,}")
    m[3].metric(ctx.t("m_rows_excluded"), f"{r.rows_excluded:,}")
    m[4].metric(ctx.t("m_duplicates"), f"{r.duplicates_removed:,}")
    m[5].metric(ctx.t("m_returns"), f"{r.returns:,}")
    m[6].metric(ctx.t("m_customers"), f"{r.customers:,}", help=ctx.t("data_customers_note"))
    m = st.columns([1, 1, 1, 1.35, 1.35])  # a date needs more room than an amount at 1280 px
    m[0].metric(ctx.t("m_gross"), money(r.gross_revenue, r.currency))
    m[1].metric(ctx.t("m_returns_amount"), money(r.returns_amount, r.currency))
    m[2].metric(ctx.t("m_net"), money(r.net_revenue, r.currency))
    m[3].metric(ctx.t("m_first_date"), str(r.first_date))
    m[4].metric(ctx.t("m_last_date"), str(r.last_date))
    if r.layout:
        st.info(ctx.t("data_layout", name=r.layout_title.get(ctx.lang, r.layout)), icon=":material/verified:")
    elif ctx.ds.bundled_key is None:
        st.caption(ctx.t("data_layout_none"))
    if r.identical_lines:
        st.warning(ctx.t("data_identical", n=r.identical_lines), icon=":material/content_copy:")
    st.plotly_chart(_activity_figure(ctx, activity(ctx)), key=f"data_activity_{ctx.ds.key}",
                    config={"displaylogo": False})
    st.caption(ctx.t("data_file_facts", fmt=r.file_format + (f" / {r.sheet}" if r.sheet else ""),
                     enc=r.encoding or "—", n=len(r.date_formats)))
    _how_values_were_read(ctx, r)
    if not r.has_profit:
        st.caption(ctx.t("data_no_profit"))
    left, right = st.columns([1, 1])
    with left:
        st.markdown(f"**{ctx.t('data_mapping')}**")
        mapped = {k: v for k, v in r.mapping.items() if v or k in REQUIRED_ROLES}
        st.dataframe(pd.DataFrame({
            ctx.t("col_role"): [ctx.t(f"role_{k}") for k in mapped],
            ctx.t("col_column"): [v or (ctx.t("how_quantity_x_unit_price") if k == "amount" else "—")
                                  for k, v in mapped.items()],
            ctx.t("col_how"): [ctx.t(f"how_{r.mapping_how.get(k, 'header')}") if v else
                               (ctx.t("how_quantity_x_unit_price") if k == "amount" and r.amount_source != "column"
                                else "—") for k, v in mapped.items()],
        }), hide_index=True, width="stretch")
        if r.passthrough_columns:
            st.caption(ctx.t("data_passthrough", cols=", ".join(r.passthrough_columns)))
    with right:
        st.markdown(f"**{ctx.t('data_rejected_title')}**")
        if not r.rejected:
            st.success(ctx.t("data_rejected_none"), icon=":material/check_circle:")
        else:
            st.caption(ctx.t("data_rejected_intro"))
            st.dataframe(pd.DataFrame({
                ctx.t("col_reason"): [ctx.t(f"reason_{k}") for k in r.rejected],
                ctx.t("col_rows"): [f"{n:,}" for n in r.rejected.values()],
                ctx.t("col_examples"): [r.rejected_examples[k] for k in r.rejected],
            }), hide_index=True, width="stretch")
            rejected = _labelled_reasons(ctx, rejected_lines(ctx.ds.store), "reason_")
            download_table(rejected, f"rejected_{os.path.splitext(r.source_name)[0]}", ctx.lang,
                           key=f"dl_rejected_{ctx.ds.key}", sheet=ctx.t("list_sheet_rejected"))
        if r.excluded or r.status_values:
            _excluded(ctx, r)
    st.markdown(f"**{ctx.t('data_preview')}**")
    preview = preview_transactions(ctx.ds.store, 100)
    preview = preview[[c for c in preview.columns if preview[c].notna().any() or c in REQUIRED_ROLES]]
    preview = preview.astype(object).where(preview.notna(), "")  # a blank cell, not "None"
    labels = {c: ctx.t(f"col_{c}") for c in preview.columns if f"col_{c}" in LABELS}
    st.dataframe(preview, hide_index=True, width="stretch",
                 column_config={c: st.column_config.Column(label) for c, label in labels.items()})


def _labelled_reasons(ctx: Ctx, df: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """A rejected / excluded table for download: the reason in the interface language."""
    out = df.copy()
    out["reason"] = [ctx.t(f"{prefix}{v}") if f"{prefix}{v}" in LABELS else v for v in out["reason"]]
    return out.rename(columns={"source_row": ctx.t("col_source_row"), "reason": ctx.t("col_reason")})


def _how_values_were_read(ctx: Ctx, r) -> None:
    """Layout-independent facts a user should know: conventions, netted refunds, skipped rows."""
    lines = []
    for col, sep in r.decimal_separator.items():
        if sep == ",":  # a decimal point is what everyone expects: only a comma is worth a line
            lines.append(ctx.t("data_decimal", col=col, sep=ctx.t("sep_comma")))
    if r.date_order in ("dmy", "mdy"):
        lines.append(ctx.t("data_date_order", col=r.mapping.get("order_ts"), order=ctx.t(f"order_{r.date_order}")))
    if r.refunds == "netted":
        lines.append(ctx.t("data_refunds", col=r.mapping.get("refund"), total=money(r.refund_total, r.currency)))
    if getattr(r, "discount_sign", None) == "negated":
        lines.append(ctx.t("data_discount_negated", col=r.mapping.get("discount")))
    if r.amount_source == "quantity_x_unit_price":
        lines.append(ctx.t("data_amount_qty", q=r.mapping.get("quantity"), p=r.mapping.get("unit_price")))
    if r.title_rows:
        lines.append(ctx.t("data_title_rows", rows=" | ".join(r.title_rows)))
    if r.blank_rows:
        lines.append(ctx.t("data_blank_rows", n=r.blank_rows))
    if lines:
        st.markdown(f"**{ctx.t('data_conventions')}**\n" + "\n".join(f"- {line}" for line in lines))


def _excluded(ctx: Ctx, r) -> None:
    st.markdown(f"**{ctx.t('data_excluded_title')}**")
    st.caption(ctx.t("data_excluded_intro"))
    if r.excluded:
        st.dataframe(pd.DataFrame({
            ctx.t("col_reason"): [ctx.t(f"excl_{k}") for k in r.excluded],
            ctx.t("col_rows"): [f"{n:,}" for n in r.excluded.values()],
            ctx.t("col_examples"): [r.excluded_examples[k] for k in r.excluded],
        }), hide_index=True, width="stretch")
        download_table(_labelled_reasons(ctx, excluded_lines(ctx.ds.store), "excl_"),
                       f"excluded_{os.path.splitext(r.source_name)[0]}", ctx.lang, key=f"dl_excluded_{ctx.ds.key}",
                       sheet=ctx.t("list_sheet_excluded"))
    if r.status_values:
        st.markdown(f"*{ctx.t('data_status_values')}*")
        st.dataframe(pd.DataFrame({
            ctx.t("col_status_value"): [v["status"] for v in r.status_values],
            ctx.t("col_lines"): [f"{v['lines']:,}" for v in r.status_values],
            ctx.t("col_treatment"): [ctx.t(f"excl_{v['reason']}") if v["reason"] else ctx.t("treat_kept")
                                     for v in r.status_values],
        }), hide_index=True, width="stretch")


@figure_cache()
def _activity_figure(ctx: Ctx, m: pd.DataFrame) -> go.Figure:
    """:func:`ui.charts.monthly_activity_figure` of the dataset's monthly activity ``m``, labelled in the session's
    language, the as-of date marked."""
    return monthly_activity_figure(
        m, revenue_label=ctx.t("chart_net_revenue"), customers_label=ctx.t("chart_active_customers"),
        new_label=ctx.t("chart_new_customers"), as_of_label=ctx.t("sb_as_of"), currency=ctx.ds.report.currency,
        as_of=ctx.as_of, lang=ctx.lang)
