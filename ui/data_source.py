"""The Data page's parts: choose a source, upload and map a file, show the ingest report."""

from __future__ import annotations

import logging
import os
import tempfile

import pandas as pd
import streamlit as st

from crm_core.datasets import BUNDLED
from crm_core.errors import InvalidInputError
from crm_core.ingest import open_file, preview_transactions, rejected_lines
from crm_core.schema import REQUIRED_ROLES, ROLE_NAMES

from .charts import monthly_activity_figure
from .downloads import download_table
from .format import money
from .i18n import LABELS, LANGUAGES
from .session import Ctx, activity, dataset_title, load_bundled, load_opened_file, set_dataset

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


def _save_upload(uploaded) -> str:
    """The upload written to a private temporary file (the previous one of this session is removed)."""
    old = st.session_state.pop("data_upload_path", None)
    if old and os.path.exists(old):
        os.unlink(old)
    suffix = os.path.splitext(uploaded.name)[1] or ".csv"
    fd, path = tempfile.mkstemp(prefix="cvd_upload_", suffix=suffix)
    with os.fdopen(fd, "wb") as fh:
        uploaded.seek(0)
        while chunk := uploaded.read(1 << 22):
            fh.write(chunk)
    st.session_state["data_upload_path"] = path
    return path


def _upload(ctx: Ctx) -> None:
    uploaded = st.file_uploader(ctx.t("data_uploader"), type=UPLOAD_TYPES, key="data_uploader",
                                help=ctx.t("data_uploader_help"))
    if uploaded is None:
        return
    if st.session_state.get("data_upload_id") != uploaded.file_id:
        st.session_state["data_upload_id"] = uploaded.file_id
        st.session_state.pop("data_upload_error", None)
        with st.status(ctx.t("data_loading", name=uploaded.name), expanded=False) as status:
            path = _save_upload(uploaded)
            _load(ctx, path, uploaded.name, sheet=None, mapping=None, drop_duplicates=True)
            status.update(state="complete")
        st.rerun()
    _mapping_form(ctx, uploaded.name)


def _error_texts(err: InvalidInputError) -> dict[str, str]:
    """The message in every language, so that switching the language after a failed upload re-labels it."""
    return {lang: err.user_message(lang) for lang in LANGUAGES}


def _load(ctx: Ctx, path: str, name: str, *, sheet, mapping, drop_duplicates: bool) -> None:
    """Open + load; on a user error keep the message and the opened columns for the mapping form."""
    st.session_state.pop("data_upload_error", None)
    try:
        opened = open_file(path, sheet=sheet, source_name=name)
    except InvalidInputError as err:
        st.session_state["data_upload_error"] = _error_texts(err)
        st.session_state["data_upload_columns"] = None
        return
    st.session_state["data_upload_columns"] = {
        "columns": list(opened.info.columns), "sheets": list(opened.info.sheets), "sheet": opened.info.sheet,
        "detected": dict(opened.detected) if mapping is None else {**opened.detected, **mapping},
        "drop_duplicates": drop_duplicates,
    }
    try:
        set_dataset(load_opened_file(opened, mapping, drop_duplicates=drop_duplicates))
    except InvalidInputError as err:
        opened.store.close()
        st.session_state["data_upload_error"] = _error_texts(err)


def _mapping_form(ctx: Ctx, name: str) -> None:
    err = st.session_state.get("data_upload_error")
    if err:
        st.error(ctx.t("data_error", msg=err.get(ctx.lang, err["en"])), icon=":material/error:")
        st.info(ctx.t("data_still_in_use", name=dataset_title(ctx.ds, ctx.lang)), icon=":material/info:")
    cols = st.session_state.get("data_upload_columns")
    path = st.session_state.get("data_upload_path")
    if not cols or not path:
        return
    with st.expander(ctx.t("data_mapping"), expanded=bool(err)):
        st.caption(ctx.t("data_mapping_help"))
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
                chosen[role] = grid[i % 2].selectbox(
                    ctx.t(f"role_{role}"), options,
                    index=options.index(current) if current in options else 0, key=f"data_map_{role}")
            dedupe = st.checkbox(ctx.t("data_drop_duplicates"), value=cols.get("drop_duplicates", True),
                                 help=ctx.t("data_drop_duplicates_help"))
            if st.form_submit_button(ctx.t("data_apply_mapping"), type="primary"):
                mapping = {r: (c if c != none else None) for r, c in chosen.items()}
                if any(mapping[r] is None for r in REQUIRED_ROLES):
                    st.warning(ctx.t("data_needs_mapping"))
                else:
                    with st.spinner(ctx.t("data_loading", name=name)):
                        _load(ctx, path, name, sheet=sheet, mapping=mapping, drop_duplicates=dedupe)
                    st.rerun()


def ingest_report(ctx: Ctx) -> None:
    """The current dataset's ingest report: the identity, figures, mapping, rejected rows, a preview."""
    r = ctx.ds.report
    st.subheader(f"{ctx.t('data_report')} · {dataset_title(ctx.ds, ctx.lang)}")
    st.markdown("**" + ctx.t("data_identity", read=r.rows_read, kept=r.rows_kept, rejected=r.rows_rejected,
                             dups=r.duplicates_removed) + "**")
    m = st.columns(6)
    m[0].metric(ctx.t("m_rows_read"), f"{r.rows_read:,}")
    m[1].metric(ctx.t("m_rows_kept"), f"{r.rows_kept:,}")
    m[2].metric(ctx.t("m_rows_rejected"), f"{r.rows_rejected:,}")
    m[3].metric(ctx.t("m_duplicates"), f"{r.duplicates_removed:,}")
    m[4].metric(ctx.t("m_returns"), f"{r.returns:,}")
    m[5].metric(ctx.t("m_customers"), f"{r.customers:,}", help=ctx.t("data_customers_note"))
    m = st.columns(5)
    m[0].metric(ctx.t("m_gross"), money(r.gross_revenue, r.currency))
    m[1].metric(ctx.t("m_returns_amount"), money(r.returns_amount, r.currency))
    m[2].metric(ctx.t("m_net"), money(r.net_revenue, r.currency))
    m[3].metric(ctx.t("m_first_date"), str(r.first_date))
    m[4].metric(ctx.t("m_last_date"), str(r.last_date))
    st.plotly_chart(monthly_activity_figure(
        activity(ctx), revenue_label=ctx.t("chart_net_revenue"), customers_label=ctx.t("chart_active_customers"),
        new_label=ctx.t("chart_new_customers"), as_of_label=ctx.t("sb_as_of"), currency=r.currency, as_of=ctx.as_of),
        key=f"data_activity_{ctx.ds.key}", config={"displaylogo": False})
    st.caption(ctx.t("data_file_facts", fmt=r.file_format + (f" / {r.sheet}" if r.sheet else ""),
                     enc=r.encoding or "—", n=len(r.date_formats)))
    if not r.has_profit:
        st.caption(ctx.t("data_no_profit"))
    left, right = st.columns([1, 1])
    with left:
        st.markdown(f"**{ctx.t('data_mapping')}**")
        st.dataframe(pd.DataFrame({ctx.t("col_role"): [ctx.t(f"role_{k}") for k in r.mapping],
                                   ctx.t("col_column"): [v or "—" for v in r.mapping.values()]}),
                     hide_index=True, width="stretch")
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
                ctx.t("col_rows"): list(r.rejected.values()),
                ctx.t("col_examples"): [r.rejected_examples[k] for k in r.rejected],
            }), hide_index=True, width="stretch")
            rejected = rejected_lines(ctx.ds.store)
            download_table(rejected, f"rejected_{os.path.splitext(r.source_name)[0]}", ctx.lang,
                           key=f"dl_rejected_{ctx.ds.key}")
    st.markdown(f"**{ctx.t('data_preview')}**")
    preview = preview_transactions(ctx.ds.store, 100)
    labels = {c: ctx.t(f"col_{c}") for c in preview.columns if f"col_{c}" in LABELS}
    st.dataframe(preview, hide_index=True, width="stretch",
                 column_config={c: st.column_config.Column(label) for c, label in labels.items()})
