"""Customer lists as a user reads them, on screen and in every download: headers in the interface language,
labels for ids (tier, segment, class, stage, rule, group, action), money rounded to cents, dates as dates.

The views hand over crm_core's frame (English column ids, label functions for their id columns); what
comes back is what the page shows and what the CSV / Excel files hold, so the two never differ. The CLI
writes crm_core's frames as they are (English ids: for machines).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from .downloads import download_table
from .i18n import LABELS
from .links import open_profile

# crm_core output columns by kind (units: currency, probability, plain)
MONEY_COLUMNS = frozenset({
    "gross_revenue", "returns", "net_revenue", "profit", "avg_order_value", "monetary", "expected_spend",
    "clv_expected", "clv_pred", "recent_revenue", "recent_purchases", "recent_returns", "earlier_rate", "value", "value_at_risk", "mean_repeat_spend",
})
PROBABILITY_COLUMNS = frozenset({"p_alive", "churn_prob"})
DECIMALS_MONEY = 2  # cents
DECIMALS_PROBABILITY = 4
DECIMALS_OTHER = 2
WIDE_COLUMNS = frozenset({"tier_action", "segment_action", "class8_action", "stage_action", "action", "rule"})


def header(ctx, column: str, currency: str | None) -> str:
    """The on-screen / download header of a crm_core column (``list_col_<column>``), else the name itself
    (a contact column keeps the name the user's file gave it)."""
    key = f"list_col_{column}"
    if key not in LABELS:
        return column
    return ctx.t(key, cur=f" [{currency}]" if currency else "")


def present(ctx, df: pd.DataFrame, *, labels: dict[str, Callable[[str], str]] | None = None,
            sort_by: str | None = None) -> pd.DataFrame:
    """``df`` as the user reads it: ``labels`` maps an id column to the function naming its ids; money to
    cents, probabilities to 4 decimals, other floats to 2; datetimes at midnight as dates; booleans as
    yes/no; sorted by ``sort_by`` descending (then customer id); headers in the interface language."""
    out = df.copy()
    # the contact columns (the file's own, no label of ours) right after the customer: who to call, first
    own = [c for c in out.columns if f"list_col_{c}" in LABELS]
    contact = [c for c in out.columns if c not in own]
    if "customer_id" in own and contact:
        rest = [c for c in own if c != "customer_id"]
        out = out[["customer_id", *contact, *rest]]
    if sort_by is not None:
        out = out.sort_values([sort_by, "customer_id"], ascending=[False, True], kind="stable", na_position="last")
    for col in WIDE_COLUMNS & set(out.columns):  # action texts are markdown on the pages: plain text here
        out[col] = out[col].map(lambda v: re.sub(r"\*\*|__", "", v) if isinstance(v, str) else v)
    for col, name in (labels or {}).items():
        if col in out.columns:
            out[col] = out[col].map(lambda v, f=name: f(v) if isinstance(v, str) else v)
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_bool_dtype(s):
            out[col] = s.map({True: ctx.t("list_yes"), False: ctx.t("list_no")})
        elif pd.api.types.is_float_dtype(s) and col not in MONEY_COLUMNS | PROBABILITY_COLUMNS \
                and s.dropna().mod(1).eq(0).all() \
                and s.notna().any():
            out[col] = s.astype("Int64")  # a count or a number of days held as float: 239, not 239.0
        elif pd.api.types.is_float_dtype(s):
            digits = (DECIMALS_MONEY if col in MONEY_COLUMNS
                      else DECIMALS_PROBABILITY if col in PROBABILITY_COLUMNS else DECIMALS_OTHER)
            out[col] = s.round(digits)
        elif pd.api.types.is_datetime64_any_dtype(s) and (s.dropna().dt.normalize() == s.dropna()).all():
            out[col] = s.dt.date
    cur = ctx.ds.report.currency
    names, seen = [], set()
    for col in out.columns:
        name = header(ctx, col, cur)
        while name in seen:  # a contact column named like one of ours keeps both
            name = f"{name} ({col})" if name != col else f"{name}_"
        seen.add(name)
        names.append(name)
    return out.set_axis(names, axis=1).reset_index(drop=True)


def column_config(ctx, df: pd.DataFrame, shown: pd.DataFrame) -> dict:
    """Streamlit column settings for ``shown`` = ``present(ctx, df)``: separators for numbers, wide text
    for actions and rules (they wrap instead of being cut off)."""
    cur = ctx.ds.report.currency
    cfg = {}
    for col in df.columns:
        name = header(ctx, col, cur)
        if name not in shown.columns:
            continue
        if col in WIDE_COLUMNS:
            cfg[name] = st.column_config.TextColumn(name, width="large")
        elif col in MONEY_COLUMNS or col in ("orders", "days_since_last_order", "tenure_days", "recency_days"):
            cfg[name] = st.column_config.NumberColumn(name, format="localized")
        elif col in PROBABILITY_COLUMNS:
            cfg[name] = st.column_config.NumberColumn(name, format="%.3f")
    return cfg


def show_list(ctx, df: pd.DataFrame, *, basename: str, sheet: str, key: str, rows: int | None = 200,
              height: int | None = None, shown: pd.DataFrame | None = None, **present_kw) -> pd.DataFrame:
    """The list on screen (its first ``rows``) and as CSV / Excel (every row, sheet ``sheet``); returns
    the presented frame (``shown``: ``present(ctx, df, **present_kw)`` when the caller has it already, e.g.
    cached)."""
    if shown is None:
        shown = present(ctx, df, **present_kw)
    kw = {"height": height} if height else {}
    pickable = "customer_id" in df.columns  # selecting a row opens that customer's profile
    if pickable:
        kw.update(on_select="rerun", selection_mode="single-row")
        st.caption(ctx.t("prof_list_hint"))
    event = st.dataframe(shown.head(rows) if rows else shown, hide_index=True, width="stretch",
                         column_config=column_config(ctx, df, shown), key=f"{key}_table", **kw)
    download_table(shown, basename, ctx.lang, key=key, deferred=True, sheet=sheet)
    if pickable and event.selection.rows:  # the row as shown (present may have sorted the list)
        open_profile(shown[header(ctx, "customer_id", ctx.ds.report.currency)].iloc[event.selection.rows[0]])
    return shown
