"""Fixtures of the CLV tests: the published CDNOW calibration summary (Fader, Hardie & Lee 2005)."""

from __future__ import annotations

import pandas as pd
import pytest

from ..conftest import DATA

CDNOW_SUMMARY = DATA / "cdnow" / "cdnow_customers_summary_with_transactions.csv"
CDNOW_SAMPLE = DATA / "cdnow" / "cdnow_sample.csv"


@pytest.fixture(scope="session")
def cdnow_summary() -> pd.DataFrame:
    """2,357 customers: ID, x, t_x, T (weeks, 2 decimals), zbar (USD, 2 decimals; 0 when x = 0)."""
    return pd.read_csv(CDNOW_SUMMARY)
