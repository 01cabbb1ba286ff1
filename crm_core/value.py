"""Which per-customer value the segmentation views rank by (DESIGN.md §3, "Value metric").

Default: profit when the data has cost or margin, else net revenue; predicted CLV once the BTYD
models are fitted (:func:`with_predicted_clv` joins it onto the customer table). Every view says
which metric it uses.
"""

from __future__ import annotations

import pandas as pd

from .errors import InvalidInputError

# metric id -> CustomerTable column. ``clv_pred`` is not in the CustomerTable itself: it is the
# ``clv_expected`` of ``crm_core.clv.customer_value.predict_customers``, joined by with_predicted_clv.
VALUE_METRICS: dict[str, str] = {"profit": "profit", "net_revenue": "net_revenue", "clv_pred": "clv_pred"}
PREDICTED_METRIC = "clv_pred"


def available_metrics(customers: pd.DataFrame, *, has_profit: bool, can_predict: bool = False) -> list[str]:
    """Metrics that can be used for this data, the default first.

    Parameters
    ----------
    customers : DataFrame
        The per-customer table (CustomerTable or its summary).
    has_profit : bool
        The data has cost or margin (then profit is the default).
    can_predict : bool, default False
        Offer ``clv_pred`` although ``customers`` has no ``clv_pred`` column yet (the caller fits and
        joins it when chosen, with :func:`with_predicted_clv`).
    """
    metrics = ["profit", "net_revenue"] if has_profit else ["net_revenue"]
    out = [m for m in metrics if VALUE_METRICS[m] in customers.columns]
    if can_predict or VALUE_METRICS[PREDICTED_METRIC] in customers.columns:
        out.append(PREDICTED_METRIC)
    return out


def with_predicted_clv(customers: pd.DataFrame, predictions: pd.DataFrame) -> pd.DataFrame:
    """``customers`` with a ``clv_pred`` column: each customer's predicted CLV [dataset currency].

    Parameters
    ----------
    customers : DataFrame
        Per-customer table with ``customer_id``; not modified.
    predictions : DataFrame
        ``customer_id`` and ``clv_expected`` [currency], one row per customer, e.g. from
        ``crm_core.clv.customer_value.predict_customers`` (BG/NBD × Gamma-Gamma, discounted over its
        horizon; its ``attrs`` say which).

    Returns
    -------
    DataFrame
        A new frame, rows and order of ``customers``; ``clv_pred`` is NaN for a customer without a
        prediction (none when both come from one store and as-of date), which :func:`customer_value`
        counts as 0. ``attrs["clv_pred"]`` keeps the predictions' ``attrs`` (horizon, discount rate …).
    """
    missing = [c for c in ("customer_id", "clv_expected") if c not in predictions.columns]
    if missing:
        raise InvalidInputError("predictions", missing, reason=(
            f"required column(s) not found; the table has: {', '.join(map(str, predictions.columns))}"))
    dup = predictions["customer_id"].duplicated(keep=False)
    if dup.any():
        raise InvalidInputError("predictions", "customer_id", rows=list(predictions.index[dup]),
                                reason="one prediction per customer expected; these customer ids repeat")
    clv = predictions.set_index("customer_id")["clv_expected"].astype(float)
    out = customers.assign(clv_pred=customers["customer_id"].map(clv).to_numpy())
    out.attrs["clv_pred"] = dict(predictions.attrs)
    return out


UNKNOWN_PROFIT = ("exclude", "revenue")


def customer_value(customers: pd.DataFrame, metric: str, *, unknown_profit: str = "exclude") -> pd.Series:
    """The value of each customer under ``metric`` [dataset currency], indexed like ``customers``.

    A customer whose profit is unknown (a line with a blank cost: ``profit`` is NULL, see
    customer_summary.sql) has no profit value: NaN with ``unknown_profit="exclude"`` (the default — never
    0, which would make a paying customer a "lead"), or their net revenue with ``"revenue"``, when the
    user chooses to value them by revenue. A customer without a predicted CLV counts as 0.
    """
    if metric not in VALUE_METRICS:
        raise InvalidInputError("parameters", "metric",
                                reason=f"must be one of {', '.join(VALUE_METRICS)}; got {metric!r}")
    if unknown_profit not in UNKNOWN_PROFIT:
        raise InvalidInputError("parameters", "unknown_profit",
                                reason=f"must be one of {', '.join(UNKNOWN_PROFIT)}; got {unknown_profit!r}",
                                reason_zh=f"必须是 {', '.join(UNKNOWN_PROFIT)} 之一；当前为 {unknown_profit!r}")
    column = VALUE_METRICS[metric]
    if column not in customers.columns:
        raise InvalidInputError("customers", column, reason=(
            f"the {metric!r} metric needs this column; the table has: {', '.join(map(str, customers.columns))}"),
            reason_zh=f"指标 {metric!r} 需要这一列；表中的列有：{', '.join(map(str, customers.columns))}")
    value = customers[column].astype(float)
    if metric != "profit":
        return value.fillna(0.0)
    if unknown_profit == "revenue":
        return value.fillna(customers["net_revenue"].astype(float))
    return value


def unknown_profit_count(customers: pd.DataFrame) -> int:
    """Customers whose profit is unknown (some line without a cost or margin) [count]."""
    if "profit_unknown_lines" not in customers.columns or customers["profit"].isna().all():
        return 0
    return int((customers["profit_unknown_lines"] > 0).sum())
