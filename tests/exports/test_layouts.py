"""Each platform's real export layout, ingested with defaults, against the oracle.

One file per layout (``generator.LAYOUTS``: Taobao 订单报表 with and without 退款金额, JD, Youzan,
Kingdee .xlsx, Yonyou GBK CSV, a membership POS, Shopify, WooCommerce, UCI Online Retail I/II);
each aspect is its own test so that one wrong aspect does not hide the others.
"""

from __future__ import annotations

import pytest

from . import generator as g
from .checks import (
    assert_counts,
    assert_dates,
    assert_excluded,
    assert_mapping,
    assert_money,
    assert_rejects,
    field_of,
)
from .oracle import expect

LAYOUTS = sorted(g.LAYOUTS)


def _run(outcome, name):
    return outcome(name, g.LAYOUTS[name])


@pytest.mark.parametrize("name", LAYOUTS)
def test_layout_money_per_customer(outcome, name):
    gen, store, _ = _run(outcome, name)
    assert_money(store, expect(gen))


@pytest.mark.parametrize("name", LAYOUTS)
def test_layout_counts(outcome, name):
    gen, _, report = _run(outcome, name)
    assert_counts(report, expect(gen))


@pytest.mark.parametrize("name", LAYOUTS)
def test_layout_first_last_dates(outcome, name):
    gen, store, _ = _run(outcome, name)
    assert_dates(store, expect(gen))


@pytest.mark.parametrize("name", LAYOUTS)
def test_layout_reject_reasons(outcome, name):
    gen, store, _ = _run(outcome, name)
    assert_rejects(store, expect(gen))


@pytest.mark.parametrize("name", LAYOUTS)
def test_layout_excluded_orders(outcome, name):
    gen, store, _ = _run(outcome, name)
    assert_excluded(store, expect(gen))


@pytest.mark.parametrize("name", LAYOUTS)
def test_layout_mapping(outcome, name):
    gen, _, report = _run(outcome, name)
    assert_mapping(report, gen.mapping)


@pytest.mark.parametrize("name", LAYOUTS)
def test_layout_detected(outcome, name):
    gen, _, report = _run(outcome, name)
    assert field_of(report, "layout") == gen.layout


@pytest.mark.parametrize("name", LAYOUTS)
def test_layout_amount_source_and_refunds(outcome, name):
    gen, _, report = _run(outcome, name)
    assert (field_of(report, "amount_source"), field_of(report, "refunds")) == (gen.amount_source, gen.refunds)


def test_woocommerce_guest_customer_id_zero_is_not_the_customer(outcome):
    """Guests have customer_id 0: mapping it would merge every guest into one customer."""
    _, _, report = _run(outcome, "woocommerce")
    assert (report.mapping.get("customer_id") or "") in ("billing_email", "customer_email")


@pytest.mark.parametrize("name", ["woocommerce", "uci_online_retail"])
def test_layout_month_first_dates_detected(outcome, name):
    gen, _, report = _run(outcome, name)
    assert field_of(report, "date_order") == gen.date_order == "mdy"


def test_shopify_numeric_id_column_is_not_the_customer(outcome):
    _, _, report = _run(outcome, "shopify")
    assert report.mapping.get("customer_id") != "Id"


def test_taobao_amount_is_paid_not_total(outcome):
    """总金额 is before coupons; 买家实际支付金额 is what the buyer paid (regression: 总金额 was a synonym)."""
    _, _, report = _run(outcome, "taobao")
    assert report.mapping.get("amount") == "买家实际支付金额"


def test_jd_amount_is_payable_not_order_amount(outcome):
    _, _, report = _run(outcome, "jd")
    assert report.mapping.get("amount") == "应付金额"


def test_uci_float_customer_ids_become_integers(outcome):
    gen, store, _ = _run(outcome, "uci_online_retail")
    ids = set(store.table("transactions").df()["customer_id"].astype(str))
    assert ids == {ln.customer for ln in gen.lines if ln.customer and ln.reject is None}
    assert not any(i.endswith(".0") for i in ids)


def test_uci_cancellations_are_returns(outcome):
    gen, _, report = _run(outcome, "uci_online_retail")
    exp = expect(gen)
    assert exp.returns > 0
    assert (report.returns, round(report.returns_amount, 2)) == (exp.returns, float(exp.returns_amount))
