"""Page: Data — choose or upload the order file, check the column mapping, read the ingest report."""

import streamlit as st

from ui.data_source import choose_source, ingest_report
from ui.session import bootstrap

ctx = bootstrap()
st.title(ctx.t("data_title"))
st.caption(ctx.t("data_intro"))
choose_source(ctx)
st.divider()
ingest_report(ctx)
