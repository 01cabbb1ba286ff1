"""Date order decided from the whole column, the date_order parameter, and zoned timestamps."""

from __future__ import annotations

import pytest

from . import generator as g
from .checks import ambiguous_error_class, assert_outcome, field_of, ingest
from .oracle import expect


def test_day_first_evidence_only_after_2000_lines(tmp_path):
    """The first 2,300 lines all have day and month <= 12; only later lines show 13/.. — the whole
    column decides, not a sample of the first lines (which reads every date month-first)."""
    gen = g.day_first_late_evidence(tmp_path)
    _, report = assert_outcome(gen, aspects=("days", "dates", "counts"))
    assert field_of(report, "date_order") == "dmy"


def test_all_ambiguous_slash_dates_raise_date_order(tmp_path):
    cls = ambiguous_error_class()
    with pytest.raises(cls) as info:
        ingest(g.all_ambiguous_dates(tmp_path))
    assert info.value.kind == "date_order"


def test_date_order_parameter_dmy(tmp_path):
    gen = g.all_ambiguous_dates(tmp_path)
    _, report = assert_outcome(gen, date_order="dmy", aspects=("days", "counts"))
    assert field_of(report, "date_order") == "dmy"


def test_date_order_parameter_mdy(tmp_path):
    gen = g.all_ambiguous_dates(tmp_path)
    swapped = g.swap_day_month(gen.lines)
    gen_mdy = g.Generated(gen.path, swapped, gen.header, mapping=gen.mapping)
    _, report = assert_outcome(gen_mdy, expect(gen_mdy), date_order="mdy", aspects=("days", "counts"))
    assert field_of(report, "date_order") == "mdy"


def test_zoned_timestamp_keeps_local_day(tmp_path):
    """2024-01-05 23:30:00 +0800 is an order of 2024-01-05 (local day), not 2024-01-05 15:30 UTC of
    another day, and not rejected as unreadable."""
    assert_outcome(g.zoned_timestamps(tmp_path), aspects=("days", "counts", "rejects"))


def test_month_first_us_export_detected(tmp_path):
    """UCI's Kaggle copy writes 12/1/2010 8:26 (month-first); days above 12 decide it."""
    gen = g.uci_online_retail(tmp_path)
    _, report = assert_outcome(gen, aspects=("days",))
    assert field_of(report, "date_order") == "mdy"
