"""Download buttons for tables: CSV (UTF-8 with BOM, for Excel) and .xlsx, formulas neutralised."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_core.export import to_csv_bytes, to_xlsx_bytes

from .i18n import t


def download_table(df: pd.DataFrame, basename: str, lang: str, *, key: str, deferred: bool = False,
                   sheet: str = "data") -> None:
    """Two buttons side by side: the table as CSV and as Excel.

    ``deferred=True`` writes the files only when a button is clicked (for large tables: an .xlsx of
    20,000 rows takes seconds, which would otherwise be spent on every rerun of the page). ``sheet``: the
    Excel sheet's name (the list's name in the interface language).
    """
    c1, c2 = st.columns(2)
    csv = (lambda: to_csv_bytes(df)) if deferred else to_csv_bytes(df)
    xlsx = (lambda: to_xlsx_bytes(df, sheet)) if deferred else to_xlsx_bytes(df, sheet)
    # a deferred file is made from the run that drew the button: no rerun on click, which could replace it
    on_click = "ignore" if deferred else "rerun"
    c1.download_button(t("dl_csv", lang), csv, file_name=f"{basename}.csv", on_click=on_click,
                       mime="text/csv", key=f"{key}_csv", icon=":material/download:")
    c2.download_button(t("dl_xlsx", lang), xlsx, file_name=f"{basename}.xlsx", on_click=on_click,
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key=f"{key}_xlsx", icon=":material/download:")
