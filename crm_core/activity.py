"""Activity over time: orders, active and new customers and revenue per calendar month.

A first look at a loaded dataset (seasonality, growth, gaps in the export). Money in the
dataset currency. The query is ``sql/monthly_activity.sql``.
"""

from __future__ import annotations

import pandas as pd

from .store import Store


def monthly_activity(store: Store) -> pd.DataFrame:
    """One row per month: ``month, orders, active_customers, new_customers, gross_revenue, returns, net_revenue``.

    ``orders`` counts distinct order ids of purchase lines (amount >= 0), or customer-days when
    the file has no order id; a customer is *new* in the month of their first purchase line.
    """
    return store.run("monthly_activity")
