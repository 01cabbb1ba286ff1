"""crm_core/clv/holdout.py on CDNOW (39-week calibration, weeks 40–78 holdout, FHL 2005) against pandas."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from crm_core.clv.holdout import (
    compare_holdout,
    holdout_check,
    holdout_purchase_days,
    holdout_purchases,
    naive_forecast,
)
from crm_core.customers import customer_table
from crm_core.errors import InvalidInputError
from crm_core.ingest import ingest_file

from ..conftest import TODAY, write_csv
from .conftest import CDNOW_SAMPLE

CAL, END = dt.date(1997, 10, 1), dt.date(1998, 7, 1)


@pytest.fixture(scope="module")
def cdnow_store():
    store, _ = ingest_file(CDNOW_SAMPLE, today=TODAY, mapping={"customer_id": "customer_id"}, drop_duplicates=False)
    return store


@pytest.fixture(scope="module")
def check(cdnow_store):
    return holdout_check(cdnow_store, calibration_as_of=CAL, holdout_as_of=END)


def _pandas_holdout_days() -> pd.Series:
    """Independent: purchase days per customer in the holdout, straight from the CSV with pandas."""
    raw = pd.read_csv(CDNOW_SAMPLE, dtype={"customer_id": str}, parse_dates=["order_date"])
    cal_customers = raw.loc[raw.order_date < pd.Timestamp(CAL), "customer_id"].unique()
    hold = raw[(raw.order_date >= pd.Timestamp(CAL)) & (raw.order_date < pd.Timestamp(END))]
    days = hold.groupby("customer_id").order_date.nunique()
    return days.reindex(cal_customers, fill_value=0)


def test_holdout_counts_match_pandas(cdnow_store):
    cal = customer_table(cdnow_store, CAL)
    got = holdout_purchases(cal, customer_table(cdnow_store, END))
    exp = _pandas_holdout_days()
    assert len(got) == 2357
    pd.testing.assert_series_equal(got.sort_index(), exp.sort_index(), check_names=False, check_index_type=False)


def test_holdout_check_on_cdnow(check):
    assert check.holdout_length == pytest.approx(273 / 7)  # weeks 40–78: 39 weeks
    by = check.by_frequency
    assert list(by.index) == ["0", "1", "2", "3", "4", "5", "6", "7+"] and by["customers"].sum() == 2357
    actual_total = _pandas_holdout_days().sum()
    err = check.errors
    assert err.loc["model", "total_actual"] == actual_total
    # independent: the model total is Σ E[Y(39)] over the customers; the naive one Σ x/T · 39
    assert err.loc["model", "total_predicted"] == pytest.approx(
        (by["customers"] * by["model"]).sum(), rel=1e-12)
    # BG/NBD beats the naive "same rate as before" forecast on every error figure
    for col in ("mae", "rmse", "group_mae"):
        assert err.loc["model", col] < err.loc["naive", col], col
    assert abs(err.loc["model", "total_error_pct"]) < abs(err.loc["naive", "total_error_pct"])


def test_the_distinct_rows_with_their_counts_give_the_per_customer_figures(cdnow_store, check):
    """compare_holdout's weights (the Spark engine's distinct (x, t_x, T, holdout purchases) rows): the same
    by-frequency table and errors as one row per customer."""
    cal = customer_table(cdnow_store, CAL)
    rows = cal[["frequency", "recency", "T"]].assign(actual=holdout_purchases(cal, customer_table(cdnow_store, END))
                                                     .reindex(cal["customer_id"]).to_numpy())
    distinct = rows.groupby(list(rows.columns), as_index=False).size()
    assert len(distinct) < len(rows) / 2  # a real compression
    by, errors = compare_holdout(distinct, distinct["actual"], check.model, holdout_length=check.holdout_length,
                                 weights=distinct["size"])
    pd.testing.assert_frame_equal(by, check.by_frequency, rtol=1e-12)
    pd.testing.assert_frame_equal(errors, check.errors, rtol=1e-12)


def test_cumulative_track_ends_at_the_totals(check):
    track = check.cumulative
    assert len(track) == 39 and track["as_of"].iloc[-1] == END
    assert track["actual"].iloc[-1] == check.errors.loc["model", "total_actual"]
    assert track["model"].iloc[-1] == pytest.approx(check.errors.loc["model", "total_predicted"], rel=1e-12)
    assert (np.diff(track["actual"]) >= 0).all() and (np.diff(track["model"]) > 0).all()


def test_naive_forecast_and_errors():
    np.testing.assert_allclose(naive_forecast([2, 0, 3], [10.0, 5.0, 0.0], 5.0), [1.0, 0.0, 0.0])
    with pytest.raises(InvalidInputError, match="holdout_as_of must be after calibration_as_of"):
        holdout_check(None, calibration_as_of=END, holdout_as_of=CAL)
    with pytest.raises(InvalidInputError, match="holdout_length: must be > 0"):
        compare_holdout(pd.DataFrame({"frequency": [1], "recency": [1.0], "T": [2.0]}), [0], None, holdout_length=0)


# ---------------------------------------------------------------- sql/holdout_purchase_days.sql

def test_holdout_purchase_days_by_hand(tmp_path):
    # calibration ends 2025-02-01. A: calibration customer, buys twice on 02-03 (one day) and on 02-10;
    # B: calibration customer, only a return on 02-03 (not a purchase day), buys 02-10; C: first buys in the
    # holdout (not a calibration customer); D: buys on 02-20 = the holdout end (outside the holdout).
    csv = write_csv(tmp_path / "orders.csv", "\n".join([
        "customer_id,order_date,amount",
        "A,2025-01-05,10", "A,2025-02-03,5", "A,2025-02-03,7", "A,2025-02-10,3",
        "B,2025-01-20,8", "B,2025-02-03,-8", "B,2025-02-10,4",
        "C,2025-02-03,9", "C,2025-02-10,9",
        "D,2025-01-02,1", "D,2025-02-20,1"]) + "\n")
    store, _ = ingest_file(csv, today=TODAY)
    got = holdout_purchase_days(store, calibration_as_of=dt.date(2025, 2, 1), holdout_as_of=dt.date(2025, 2, 20))
    assert list(got.columns) == ["purchase_day", "purchases"]
    assert [(pd.Timestamp(d).date(), n) for d, n in zip(got["purchase_day"], got["purchases"], strict=True)] == [
        (dt.date(2025, 2, 3), 1), (dt.date(2025, 2, 10), 2)]


def test_holdout_purchase_days_match_pandas_on_cdnow(cdnow_store):
    got = holdout_purchase_days(cdnow_store, calibration_as_of=CAL, holdout_as_of=END)
    # independent: distinct (customer, day) pairs in the holdout of the customers who bought before CAL
    raw = pd.read_csv(CDNOW_SAMPLE, dtype={"customer_id": str}, parse_dates=["order_date"])
    cal_customers = raw.loc[raw.order_date < pd.Timestamp(CAL), "customer_id"].unique()
    hold = raw[(raw.order_date >= pd.Timestamp(CAL)) & (raw.order_date < pd.Timestamp(END))
               & raw.customer_id.isin(cal_customers)]
    exp = hold.drop_duplicates(["customer_id", "order_date"]).groupby("order_date").size()
    assert pd.to_datetime(got["purchase_day"]).tolist() == exp.index.tolist()
    assert got["purchases"].tolist() == exp.tolist()
    assert got["purchases"].sum() == _pandas_holdout_days().sum()


def test_cumulative_track_matches_the_per_week_customer_tables(cdnow_store, check):
    # the track used to run one CustomerTable per holdout week: spot-check weeks 1, 20 and 39 that way
    cal = customer_table(cdnow_store, CAL)
    base = cal["frequency"].sum()
    for k in (1, 20, 39):
        day = CAL + dt.timedelta(weeks=k)
        at_day = customer_table(cdnow_store, day).set_index("customer_id")["frequency"]
        row = check.cumulative.iloc[k - 1]
        assert row["as_of"] == day
        assert row["actual"] == at_day.reindex(cal["customer_id"]).sum() - base
