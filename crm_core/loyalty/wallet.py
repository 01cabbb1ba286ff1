"""Share of wallet (占有率, 钱包份额): the part of a customer's spending in the category that comes to this shop.

The course names share of wallet, with retention, as a measure of loyalty. One shop's orders show what the
customer spent *here*, never what they spent elsewhere, so the denominator must come from outside the orders:
an estimate of the customer's total category spend per year — one number for everyone (a market survey, an
industry average), or a column of the file (e.g. a CRM's 年消费能力 / estimated budget) read per customer.

Definitions: yearly spend = the net value of the customer's orders (``sql/cte_customer_orders.sql``) whose first
purchase line falls in the 365 days before the as-of date (``sql/customer_yearly_spend.sql``); share of wallet
= yearly spend / estimate. Only customers with an order in that year are rated (a customer who bought nothing
here in the year has a share of 0, and the year says nothing about why). A share above 1 means the estimate is
too low for that customer: flagged (``over_estimate``), never capped.
"""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import numpy as np
import pandas as pd

from ..errors import MAX_ROWS_SHOWN, InvalidInputError
from ..store import Store
from .measures import _check_as_of

YEAR_DAYS = 365  # the year of spend compared with a yearly estimate [days]
VALUES_VIEW = "_cv_customer_values"  # the view customer_latest_number.sql reads


def yearly_spend(store: Store, as_of: dt.date) -> pd.DataFrame:
    """Per customer with an order before ``as_of``: ``customer_id``, ``yearly_spend`` [currency: net value of the
    orders started in [as_of − 365 days, as_of)], ``yearly_orders`` [count]; sorted by customer_id."""
    _check_as_of(as_of)
    out = store.run("customer_yearly_spend", as_of=as_of, year_start=as_of - dt.timedelta(days=YEAR_DAYS))
    out["yearly_orders"] = out["yearly_orders"].astype("int64")
    return out


def estimate_columns(store: Store) -> list[str]:
    """The file's pass-through columns (no role of ours): the candidates for a per-customer estimate column."""
    from ..contacts import TRANSACTION_COLUMNS  # the transactions table's own columns

    return [c for c in store.columns("transactions") if c not in TRANSACTION_COLUMNS]


def estimate_from_column(store: Store, as_of: dt.date, column: str, decimal: str = ".") -> pd.DataFrame:
    """Per customer, the latest non-blank value of the file column ``column`` read as a yearly amount.

    Parameters
    ----------
    column : a pass-through column of ``transactions`` (see :func:`estimate_columns`).
    decimal : its decimal separator, ``"."`` or ``","`` (the ingest's number reader, ``read_number``).

    Returns
    -------
    DataFrame: ``customer_id``, ``category_spend_estimate`` [currency per year]; customers whose every line is
    blank in ``column`` are not in it.

    Raises
    ------
    InvalidInputError
        ``column`` is not a column of the file, or a customer's latest value does not read as a number or is
        not > 0 (the column, the file rows and the values are named).
    """
    _check_as_of(as_of)
    if column not in estimate_columns(store):
        raise InvalidInputError("parameters", "estimate_column",
                                reason=f"{column!r} is not a column of the file; choose one of: "
                                       f"{', '.join(estimate_columns(store)) or '(none)'}",
                                reason_zh=f"{column!r} 不是文件中的列；可选：{'、'.join(estimate_columns(store)) or '（无）'}")
    col = duckdb.ColumnExpression

    def values(table):  # the column as text, beside what the query needs: the view customer_latest_number reads
        return table("transactions").select(col("customer_id"), col("order_ts"), col("source_row"),
                                            col(column).cast(duckdb.sqltype("VARCHAR")).alias("v"))

    got = store.run_on_view("customer_latest_number", VALUES_VIEW, values, as_of=as_of, dec=decimal)
    bad = got[got["value"].isna() | ~np.isfinite(got["value"].fillna(0)) | (got["value"].fillna(0) <= 0)]
    if len(bad):
        rows = sorted(int(r) for r in bad["source_row"])
        shown = ", ".join(f'"{t}"' for t in bad["text"].drop_duplicates().head(3))
        raise InvalidInputError(
            "transactions", column, rows[:MAX_ROWS_SHOWN],
            reason=(f"{len(bad)} customer(s)' latest value is not a yearly amount > 0 ({shown}); correct the file "
                    f"or use one number for everyone"),
            reason_zh=f"{len(bad)} 位客户的最新值不是大于 0 的年度金额（{shown}）；请修正文件，或改用一个统一的估计值")
    return got[["customer_id", "value"]].rename(columns={"value": "category_spend_estimate"})


def _check_estimate(estimate) -> float:
    if isinstance(estimate, bool) or not isinstance(estimate, int | float) or not math.isfinite(estimate) \
            or estimate <= 0:
        raise InvalidInputError("parameters", "category_spend_estimate",
                                reason=f"must be a yearly amount > 0; got {estimate!r}",
                                reason_zh=f"客户每年在该品类的总支出估计值必须大于 0；收到 {estimate!r}")
    return float(estimate)


def share_of_wallet(store: Store, as_of: dt.date, *, estimate: float | None = None, column: str | None = None,
                    decimal: str = ".") -> pd.DataFrame:
    """Share of wallet per customer who bought in the year before ``as_of``.

    Parameters
    ----------
    estimate : the customer's estimated total category spend per year, one number for everyone [currency/year,
        > 0]; or
    column : a pass-through column holding it per customer (its latest non-blank value; see
        :func:`estimate_from_column`). Exactly one of the two.

    Returns
    -------
    DataFrame, sorted by customer_id: ``customer_id``, ``yearly_spend`` [currency], ``yearly_orders`` [count],
    ``category_spend_estimate`` [currency/year; NaN when the column has no value for the customer],
    ``share_of_wallet`` [share; NaN without an estimate], ``over_estimate`` [bool: share > 1 — the estimate is
    too low for this customer].

    Notes
    -----
    share_of_wallet = yearly_spend / category_spend_estimate, yearly_spend = Σ order_value of the orders started
    in [as_of − 365 days, as_of). Not capped at 1.

    References
    ----------
    The course's loyalty measures: retention and share of wallet (占有率); reference/TEXTBOOK.md, "Loyalty".
    """
    if (estimate is None) == (column is None):
        raise InvalidInputError("parameters", "category_spend_estimate",
                                reason="give either one estimate for everyone or a column of the file, not both "
                                       "or neither", reason_zh="请给出一个统一的估计值或文件中的一列（二者选一）")
    spend = yearly_spend(store, as_of)
    spend = spend[spend["yearly_orders"] > 0].reset_index(drop=True)
    if column is None:
        spend["category_spend_estimate"] = _check_estimate(estimate)
    else:
        est = estimate_from_column(store, as_of, column, decimal)
        spend = spend.merge(est, on="customer_id", how="left")
    spend["share_of_wallet"] = spend["yearly_spend"] / spend["category_spend_estimate"]
    spend["over_estimate"] = spend["share_of_wallet"] > 1
    return spend


def wallet_summary(sow: pd.DataFrame) -> dict[str, float]:
    """``customers`` (bought in the year), ``rated`` (with an estimate), ``over_estimate`` [count],
    ``median_share``, ``mean_share`` [share, over the rated customers; NaN when none]."""
    rated = sow["share_of_wallet"].dropna()
    nan = float("nan")
    return {"customers": len(sow), "rated": len(rated), "over_estimate": int(sow["over_estimate"].sum()),
            "median_share": float(rated.median()) if len(rated) else nan,
            "mean_share": float(rated.mean()) if len(rated) else nan}
