"""Monthly activity (sql/monthly_activity.sql) on hand-worked lines and against pandas on the sample."""

from __future__ import annotations

import pandas as pd

from crm_core.activity import monthly_activity
from crm_core.datasets import BUNDLED
from crm_core.ingest import ingest_file

from .conftest import TODAY


def test_hand_worked_months(tmp_csv):
    text = ("order_id,customer_id,order_date,amount\n"
            "O1,A,2024-01-03,100\nO1,A,2024-01-03,20\nO2,B,2024-01-20,50\n"
            "O1,A,2024-02-02,-20\nO3,A,2024-02-10,70\nO4,C,2024-02-11,30\n")
    store, _ = ingest_file(tmp_csv(text), today=TODAY)
    m = monthly_activity(store)
    assert list(m["month"]) == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")]
    assert list(m["orders"]) == [2, 2]  # Jan: O1, O2; Feb: O3, O4 (the return line is not an order)
    assert list(m["active_customers"]) == [2, 2]  # Jan: A, B; Feb: A, C
    assert list(m["new_customers"]) == [2, 1]  # Feb: C only
    assert list(m["gross_revenue"]) == [170, 100]
    assert list(m["returns"]) == [0, 20]
    assert list(m["net_revenue"]) == [170, 80]


def test_sample_matches_pandas():
    spec = BUNDLED["sample"]
    store, report = ingest_file(spec.path, today=TODAY)
    got = monthly_activity(store).set_index("month")
    raw = pd.read_csv(spec.path, dtype={"customer_id": str, "order_id": str}, parse_dates=["order_time"])
    raw["month"] = raw.order_time.dt.to_period("M").dt.to_timestamp()
    sales = raw[raw.amount >= 0]
    exp_orders = sales.groupby("month").order_id.nunique()
    exp_new = sales.groupby("customer_id").month.min().value_counts().sort_index()
    assert got["orders"].tolist() == exp_orders.tolist()
    assert got["new_customers"].sum() == report.customers == exp_new.sum()
    assert (got["net_revenue"] - raw.groupby("month").amount.sum()).abs().max() < 1e-6
