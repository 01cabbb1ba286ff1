"""Which per-customer value the segmentation views rank by (DESIGN.md §3, "Value metric").

Default: profit when the data has cost or margin, else net revenue; predicted CLV joins once
it is fitted (the CLV issue). Every view says which metric it uses.
"""

from __future__ import annotations

import pandas as pd

from .errors import InvalidInputError

# metric id -> CustomerTable column
VALUE_METRICS: dict[str, str] = {"profit": "profit", "net_revenue": "net_revenue"}


def available_metrics(customers: pd.DataFrame, *, has_profit: bool) -> list[str]:
    """Metrics that can be used for this data, the default first."""
    metrics = ["profit", "net_revenue"] if has_profit else ["net_revenue"]
    return [m for m in metrics if VALUE_METRICS[m] in customers.columns]


def customer_value(customers: pd.DataFrame, metric: str) -> pd.Series:
    """The value of each customer under ``metric`` [dataset currency], indexed like ``customers``.

    Unknown profit (lines without cost) counts as 0 profit.
    """
    if metric not in VALUE_METRICS:
        raise InvalidInputError("parameters", "metric",
                                reason=f"must be one of {', '.join(VALUE_METRICS)}; got {metric!r}")
    return customers[VALUE_METRICS[metric]].astype(float).fillna(0.0)
