"""CustomerTable (sql/customer_table.sql) against an independent pandas computation, hand-worked
examples, and the CDNOW summary published with Fader, Hardie & Lee (2005)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from crm_core.customers import customer_table
from crm_core.errors import InvalidInputError
from crm_core.ingest import ingest_file

from .conftest import DATA, TODAY


def test_hand_worked_customer(tmp_csv):
    # C1: order O1 on Jan 1 (two lines 60 + 40), O2 on Jan 8 (50), a return of 30 on Jan 10,
    # O3 on Jan 15 after the as-of date (left out). As of Jan 12, in weeks:
    text = ("order_id,customer_id,order_date,amount,cost\n"
            "O1,C1,2024-01-01 10:00,60,30\nO1,C1,2024-01-01 10:00,40,20\nO2,C1,2024-01-08,50,25\n"
            "O2,C1,2024-01-10,-30,-15\nO3,C1,2024-01-15,70,35\n")
    store, _ = ingest_file(tmp_csv(text), today=TODAY)
    row = customer_table(store, dt.date(2024, 1, 12)).iloc[0]
    assert row["first_order_date"] == pd.Timestamp("2024-01-01")
    assert row["last_order_date"] == pd.Timestamp("2024-01-08")
    assert row["orders"] == 2  # O1, O2 (the return line is not an order)
    assert row["gross_revenue"] == 150 and row["returns"] == 30 and row["net_revenue"] == 120
    assert row["profit"] == pytest.approx(120 - 60)  # amount - cost over the lines: (60+40+50-30) - (30+20+25-15)
    assert row["avg_order_value"] == pytest.approx(60)  # 120 / 2
    assert row["days_since_last_order"] == 4  # Jan 12 - Jan 8
    assert row["tenure_days"] == 11  # Jan 12 - Jan 1
    assert row["frequency"] == 1  # purchase days Jan 1, Jan 8 -> one repeat
    assert row["recency"] == pytest.approx(1.0)  # 7 days = 1 week
    assert row["T"] == pytest.approx(10 / 7)  # Jan 1 -> Jan 11 (last observed day)
    assert row["mean_repeat_spend"] == pytest.approx(50)  # the repeat day Jan 8


def test_without_order_id_one_order_is_one_customer_day(tmp_csv):
    text = "customer_id,order_date,amount\nC1,2024-01-01 09:00,10\nC1,2024-01-01 18:00,5\nC1,2024-01-03,7\n"
    store, _ = ingest_file(tmp_csv(text), today=TODAY)
    assert customer_table(store, dt.date(2024, 2, 1))["orders"].item() == 2


def test_customer_with_only_returns_is_not_in_the_table(tmp_csv):
    text = "customer_id,order_date,amount\nC1,2024-01-01,10\nC2,2024-01-02,-5\n"
    store, _ = ingest_file(tmp_csv(text), today=TODAY)
    assert list(customer_table(store, dt.date(2024, 2, 1))["customer_id"]) == ["C1"]


def test_time_units(tmp_csv):
    store, _ = ingest_file(tmp_csv("customer_id,order_date,amount\nC1,2024-01-01,1\nC1,2024-01-31,1\n"), today=TODAY)
    as_of = dt.date(2024, 3, 1)
    days = customer_table(store, as_of, time_unit="day").iloc[0]
    months = customer_table(store, as_of, time_unit="month").iloc[0]
    assert (days["recency"], days["T"]) == (30, 59)
    assert months["recency"] == pytest.approx(30 / (365.25 / 12))


def test_bad_parameters(tmp_csv):
    store, _ = ingest_file(tmp_csv("customer_id,order_date,amount\nC1,2024-01-01,1\n"), today=TODAY)
    with pytest.raises(InvalidInputError, match="time_unit: must be one of day, week, month; got 'year'"):
        customer_table(store, dt.date(2024, 2, 1), time_unit="year")


def _random_lines(seed: int, n: int = 3000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 400, n)
    ts = pd.Timestamp("2023-01-01") + pd.to_timedelta(days, "D") + pd.to_timedelta(rng.integers(0, 86400, n), "s")
    amount = np.round(rng.gamma(2, 50, n), 2) * np.where(rng.random(n) < 0.05, -1, 1)
    return pd.DataFrame({"order_id": [f"O{i}" for i in rng.integers(0, n // 2, n)],
                         "customer_id": [f"C{i}" for i in rng.integers(0, 300, n)],
                         "order_ts": ts, "amount": amount, "cost": np.round(np.abs(amount) * 0.6, 2)})


@pytest.mark.parametrize("seed", [1, 2])
def test_matches_an_independent_pandas_computation(tmp_path, seed):
    lines = _random_lines(seed)
    path = tmp_path / "lines.parquet"
    lines.to_parquet(path)
    store, _ = ingest_file(path, today=TODAY)
    as_of = dt.date(2023, 11, 1)
    got = customer_table(store, as_of).set_index("customer_id")

    # independent: plain pandas over the same rows
    d = lines[lines.order_ts < pd.Timestamp(as_of)].copy()
    d["day"] = d.order_ts.dt.normalize()
    d["profit"] = d.amount - d.cost
    sales = d[d.amount >= 0]
    g = d.groupby("customer_id")
    exp = pd.DataFrame({
        "orders": sales.groupby("customer_id").order_id.nunique(),
        "gross_revenue": d[d.amount > 0].groupby("customer_id").amount.sum(),
        "net_revenue": g.amount.sum(), "profit": g.profit.sum(),
        "first": sales.groupby("customer_id").day.min(), "last": sales.groupby("customer_id").day.max(),
    }).dropna(subset=["orders"])
    exp["returns"] = (-d[d.amount < 0].groupby("customer_id").amount.sum()).reindex(exp.index).fillna(0)
    pdays = d.groupby(["customer_id", "day"]).amount.agg(["sum", "max"])
    pdays = pdays[pdays["max"] >= 0]
    exp["frequency"] = pdays.groupby("customer_id").size() - 1
    rep = pdays.reset_index().merge(exp["first"].rename("first").reset_index(), on="customer_id")
    exp["mean_repeat_spend"] = rep[rep.day > rep["first"]].groupby("customer_id")["sum"].mean()
    exp["days_since_last_order"] = (pd.Timestamp(as_of) - exp["last"]).dt.days
    exp["recency"] = (exp["last"] - exp["first"]).dt.days / 7
    exp["T"] = ((pd.Timestamp(as_of) - pd.Timedelta(days=1)) - exp["first"]).dt.days / 7
    exp = exp.sort_index()

    assert sorted(got.index) == sorted(exp.index)
    got = got.loc[exp.index]
    for col in ["orders", "frequency", "days_since_last_order"]:
        np.testing.assert_array_equal(got[col].to_numpy(), exp[col].to_numpy(), err_msg=col)
    for col in ["gross_revenue", "returns", "net_revenue", "profit", "recency", "T", "mean_repeat_spend"]:
        np.testing.assert_allclose(got[col].to_numpy(float), exp[col].to_numpy(float), rtol=1e-9, err_msg=col)


CDNOW_SAMPLE = DATA / "cdnow" / "cdnow_sample.csv"
CDNOW_SUMMARY = DATA / "cdnow" / "cdnow_customers_summary_with_transactions.csv"


def test_btyd_inputs_reproduce_the_published_cdnow_calibration_summary():
    """Fader, Hardie & Lee (2005): the CDNOW 1/10 sample's 39-week calibration summary (x, t_x, T in
    weeks, zbar in USD), as redistributed with lifetimes 0.11.3. Calibration ends 1997-09-30, so the
    as-of date is 1997-10-01. The published t_x and T are rounded to 2 decimals, zbar to 2 decimals."""
    # identical lines are separate purchases here (no order id): keep them, as the published summary does
    store, _ = ingest_file(CDNOW_SAMPLE, today=TODAY, mapping={"customer_id": "customer_id"}, drop_duplicates=False)
    got = customer_table(store, dt.date(1997, 10, 1)).set_index("customer_id")
    pub = pd.read_csv(CDNOW_SUMMARY)
    pub.index = pub["ID"].astype(str)
    assert len(got) == len(pub) == 2357
    got = got.loc[pub.index]
    np.testing.assert_array_equal(got["frequency"].to_numpy(), pub["x"].to_numpy())
    np.testing.assert_allclose(got["recency"].to_numpy(), pub["t_x"].to_numpy(), atol=0.005 + 1e-9)
    np.testing.assert_allclose(got["T"].to_numpy(), pub["T"].to_numpy(), atol=0.005 + 1e-9)
    repeat = pub["x"] > 0
    np.testing.assert_allclose(got.loc[repeat, "mean_repeat_spend"].to_numpy(), pub.loc[repeat, "zbar"].to_numpy(),
                               atol=0.005 + 1e-9)
    assert repeat.sum() == 946  # Fader & Hardie (2013), note 025: 946 repeat customers


def test_bundled_cdnow_master_matches_published_counts():
    """PUBLISHED.md: CDNOW_master has 69,659 transactions of 23,570 customers, 1997-01-01 … 1998-06-30."""
    from crm_core.datasets import BUNDLED
    spec = BUNDLED["cdnow"]
    _, r = ingest_file(spec.path, today=TODAY, drop_duplicates=spec.drop_duplicates, currency=spec.currency)
    assert (r.rows_read, r.rows_kept, r.duplicates_removed, r.rows_rejected) == (69659, 69659, 0, 0)
    assert r.customers == 23570
    assert (r.first_date, r.last_date) == (dt.date(1997, 1, 1), dt.date(1998, 6, 30))


def test_customer_summary_is_the_customer_table_without_btyd_columns(tmp_csv):
    """Hand-worked (same lines as test_hand_worked_customer): the summary alone gives the value columns."""
    from crm_core.customers import SUMMARY_COLUMNS, customer_summary
    text = ("order_id,customer_id,order_date,amount,cost\n"
            "O1,C1,2024-01-01 10:00,60,30\nO1,C1,2024-01-01 10:00,40,20\nO2,C1,2024-01-08,50,25\n"
            "O2,C1,2024-01-10,-30,-15\nO3,C1,2024-01-15,70,35\nR9,C2,2024-01-05,-5,-2\n")
    store, _ = ingest_file(tmp_csv(text), today=TODAY)
    row = customer_summary(store, dt.date(2024, 1, 12))
    assert list(row.columns) == list(SUMMARY_COLUMNS) and list(row["customer_id"]) == ["C1"]  # C2: returns only
    r = row.iloc[0]
    assert (r["orders"], r["gross_revenue"], r["returns"], r["net_revenue"]) == (2, 150, 30, 120)
    assert (r["days_since_last_order"], r["tenure_days"]) == (4, 11)


def test_a_blank_cost_makes_that_customers_profit_unknown_not_zero(tmp_csv):
    """Issue #10: C2 paid 80 but one cost cell is blank: profit unknown (NaN), never 0 (a "lead")."""
    from crm_core.customers import customer_summary
    from crm_core.pyramid import assign_tiers
    from crm_core.value import customer_value, unknown_profit_count
    text = ("order_id,customer_id,order_date,amount,cost\n"
            "O1,C1,2024-01-01,60,30\nO2,C2,2024-01-02,50,\nO3,C2,2024-01-03,30,10\nO4,C3,2024-01-04,5,9\n")
    store, _ = ingest_file(tmp_csv(text), today=TODAY)
    ct = customer_summary(store, dt.date(2024, 2, 1))
    assert list(ct["profit"].fillna(-1)) == [30, -1, -4] and list(ct["profit_unknown_lines"]) == [0, 1, 0]
    assert unknown_profit_count(ct) == 1
    value = customer_value(ct, "profit")
    assert value.isna().tolist() == [False, True, False]
    # 2 known customers: C1 rank 1 > 0.2 x 2, so small (not VIP); C3 loses money: lead; C2 ranked nowhere
    assert list(assign_tiers(ct["customer_id"], value)) == ["small", "unknown", "lead"]
    assert list(customer_value(ct, "profit", unknown_profit="revenue")) == [30, 80, -4]
