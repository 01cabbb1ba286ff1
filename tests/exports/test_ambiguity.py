"""When headers say nothing: value-based guesses that must not pick a constant column or read a
member card as a date, and weak guesses that must be asked (AmbiguousInputError), not made."""

from __future__ import annotations

import pytest

from . import generator as g
from .checks import ambiguous_error_class, assert_outcome, candidates_text, ingest


def test_constant_columns_never_the_customer(tmp_path):
    """列1..列7 of a POS dump: the customer is the card column, never 运费 0.00 / a department /
    a payment method / a quantity; the 5-digit card is not a date. Asking is acceptable."""
    cls = ambiguous_error_class()
    gen = g.headers_say_nothing(tmp_path)
    try:
        store, report = ingest(gen)
    except cls as err:
        assert err.kind == "mapping"
        assert "列1" in candidates_text(err)
        return
    assert report.mapping["customer_id"] not in ("列4", "列5", "列6", "列7")
    assert report.mapping["order_ts"] != "列1"
    assert_outcome(gen, aspects=("mapping", "money", "dates"))


def test_five_digit_member_card_is_not_an_excel_date(tmp_path):
    """会员卡号 20345 … 45123 are inside the Excel serial-date range; 消费时间 is the date."""
    gen = g.pos_member(tmp_path)
    assert_outcome(gen, aspects=("mapping", "dates"))


def test_weak_customer_guess_raises(tmp_path):
    """Two equally plausible id columns (字段A, 字段B): ingest asks instead of picking one."""
    cls = ambiguous_error_class()
    with pytest.raises(cls) as info:
        ingest(g.ambiguous_customer(tmp_path))
    err = info.value
    assert err.kind == "mapping"
    text = candidates_text(err)
    assert "字段A" in text and "字段B" in text


def test_mapping_override_resolves_weak_guess(tmp_path):
    gen = g.ambiguous_customer(tmp_path)
    assert_outcome(gen, mapping={"customer_id": "字段A"}, aspects=("money", "counts"))
