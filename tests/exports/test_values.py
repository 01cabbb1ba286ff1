"""Value styles real exports contain: currency signs, minus signs, full-width digits, decimal commas,
null markers, float-written ids, malformed numbers, decorated headers — one regression test each."""

from __future__ import annotations

from decimal import Decimal

import pytest

from . import generator as g
from .checks import ambiguous_error_class, assert_outcome, field_of, ingest
from .oracle import expect


@pytest.mark.parametrize("style", g.POINT_STYLES)
def test_point_decimal_money_style(style, tmp_path):
    """Each style (￥-1,234.50, -￥12.00, $-4.00, ¥(5.00), －12.00, −12.00, １２３.５０, 12.30元 …) reads as its value."""
    assert_outcome(g.styled_amounts(tmp_path, (style,)))


def test_yen_sign_then_minus_is_negative(tmp_path):
    gen = g.styled_amounts(tmp_path, ("yen_fw", "yen_fw_minus_first"))
    _, report = assert_outcome(gen, aspects=("money", "counts"))
    assert report.returns == sum(1 for ln in gen.lines if ln.paid < 0)


def test_mixed_point_styles_in_one_gbk_crlf_column(tmp_path):
    """All point styles in one column of a Chinese Excel CSV (GB18030 where GBK lacks ¥ / −)."""
    assert_outcome(g.styled_amounts(tmp_path, g.POINT_STYLES, encoding="gbk", newline="\r\n"))


@pytest.mark.parametrize("style", g.COMMA_STYLES)
def test_decimal_comma_style(style, tmp_path):
    """12,50 · € 1.234,56 · 1 234,56 with a normal / no-break / narrow no-break / thin space group separator."""
    gen = g.comma_decimal(tmp_path, (style,))
    _, report = assert_outcome(gen)
    assert field_of(report, "decimal_separator").get("amount") == ","


def test_decimal_comma_detected_from_whole_column(tmp_path):
    gen = g.comma_decimal(tmp_path)
    _, report = assert_outcome(gen)
    assert field_of(report, "decimal_separator") == {"amount": ","}


def test_point_decimal_reported(tmp_path):
    gen = g.styled_amounts(tmp_path, ("plain", "thousands"))
    _, report = assert_outcome(gen, aspects=("money",))
    assert field_of(report, "decimal_separator").get("实付金额") == "."


def test_null_markers_are_missing_not_unreadable(tmp_path):
    """NULL / null / N/A / NA / nan / None / - / 无 / 空: missing_amount in the amount column,
    missing_customer in the customer column (never a customer called "NULL")."""
    assert_outcome(g.null_markers(tmp_path))


def test_malformed_numbers_are_rejected_not_repaired(tmp_path):
    """1,2,3 · --12 · (12.00 · 1_000 are unreadable_amount (the old parser stripped them into numbers)."""
    assert_outcome(g.malformed_amounts(tmp_path), aspects=("rejects", "money", "counts"))


def test_float_written_customer_ids(tmp_path):
    """12389.0 is customer 12389: the same customer as the lines that write 12389."""
    assert_outcome(g.float_ids(tmp_path), aspects=("money", "counts"))


@pytest.mark.parametrize("header", ["实付金额(元)", "实付金额（元）", "金额[CNY]", "Amount ($)"])
def test_decorated_amount_header_matches(header, tmp_path):
    gen = g.decorated_header(tmp_path, header)
    assert_outcome(gen, aspects=("mapping", "money"))


def test_ambiguous_thousands_column_raises_decimal(tmp_path):
    """Every amount like 1,234: thousands separator or decimal comma cannot be told — ask, don't guess."""
    cls = ambiguous_error_class()
    with pytest.raises(cls) as info:
        ingest(g.ambiguous_decimal(tmp_path))
    assert info.value.kind == "decimal"
    assert "amount" in str(info.value)


@pytest.mark.parametrize("decimal", ["point", "comma"])
def test_decimal_parameter_decides(decimal, tmp_path):
    gen = g.ambiguous_decimal(tmp_path)
    lines = gen.lines if decimal == "point" else g.scale_amounts(gen.lines, Decimal("0.001"))
    _, report = assert_outcome(gen, expect(gen, lines=lines), decimal=decimal, aspects=("money", "counts"))
    assert field_of(report, "decimal_separator").get("amount") == ("." if decimal == "point" else ",")
