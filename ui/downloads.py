"""Download buttons for tables: CSV (UTF-8 with BOM, for Excel) and .xlsx, formulas neutralised."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_core.export import to_csv_bytes, to_xlsx_bytes

from .i18n import t


def download_table(df: pd.DataFrame, basename: str, lang: str, *, key: str) -> None:
    """Two buttons side by side: the table as CSV and as Excel."""
    c1, c2 = st.columns(2)
    c1.download_button(t("dl_csv", lang), to_csv_bytes(df), file_name=f"{basename}.csv",
                       mime="text/csv", key=f"{key}_csv", icon=":material/download:")
    c2.download_button(t("dl_xlsx", lang), to_xlsx_bytes(df), file_name=f"{basename}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key=f"{key}_xlsx", icon=":material/download:")
