"""Platform-style exports with a discount and a referrer column (tests/exports/promo_files.py) ingested and
measured: promotion dependence and referral counts per customer equal the generator's logical truth (and, for
the POS file, a csv-module reading of the written file) — never our parser's own output."""

from __future__ import annotations

import pytest

from crm_core.loyalty import promotion, referrals

from . import promo_files as pf
from .checks import ingest


@pytest.fixture(scope="module", params=["pos", "shopify"])
def loaded(request, tmp_path_factory):
    make = pf.pos_member_promo if request.param == "pos" else pf.shopify_promo
    gen = make(tmp_path_factory.mktemp(request.param))
    store, report = ingest(gen)
    return request.param, gen, store, report


def test_the_discount_and_referrer_columns_are_mapped_as_an_analyst_would(loaded):
    name, gen, _, report = loaded
    for role, col in gen.mapping.items():
        assert report.mapping[role] == col, role
    # POS receipts print money off as -5.00: read as its size; Shopify writes it positive
    assert report.discount_sign == ("negated" if name == "pos" else "as_written")


def test_promotion_per_customer_equals_the_logical_truth(loaded):
    _, gen, store, _ = loaded
    got = promotion.customer_promotion(store, pf.AS_OF).set_index("customer_id")
    truth = pf.expected_promotion(gen)
    assert sorted(got.index) == sorted(truth)
    for cust, t in truth.items():
        row = got.loc[cust]
        assert (row.orders, row.discounted_orders) == (t["orders"], t["discounted_orders"]), cust
        assert row.revenue == pytest.approx(float(t["revenue"])), cust
        assert row.discount_total == pytest.approx(float(t["discount_total"])), cust
        assert row.promo_share == pytest.approx(t["discounted_orders"] / t["orders"])
        assert bool(row.promotion_driven) == (t["discounted_orders"] / t["orders"] > 0.5)
    assert got["promotion_driven"].any() and not got["promotion_driven"].all()


@pytest.mark.parametrize("loaded", ["pos"], indirect=True)  # Shopify's order-level rows need the status rules:
def test_the_pos_file_read_with_the_csv_module_gives_the_same_figures(loaded):  # its logical truth covers it
    _, gen, store, _ = loaded
    plain = pf.read_promotion_csv(gen.path, customer="会员卡号", order="流水号", amount="消费金额",
                                  discount="优惠金额", date="消费时间")
    got = promotion.customer_promotion(store, pf.AS_OF).set_index("customer_id")
    for cust, t in plain.items():
        assert got.loc[cust, "discounted_orders"] == t["discounted_orders"]
        assert got.loc[cust, "discount_total"] == pytest.approx(float(t["discount_total"]))


def test_referral_counts_match_float_written_referrer_ids(loaded):
    name, gen, store, _ = loaded
    got = referrals.referral_counts(store, pf.AS_OF)
    if name == "shopify":
        assert got is None  # no referrer column in this export
        return
    counts = dict(zip(got["customer_id"], got["referred_customers"], strict=True))
    truth = pf.expected_referrals(gen)
    customers = {ln.customer for ln in gen.lines}
    for ref, n in truth.items():
        if ref in customers:
            assert counts[ref] == n, ref
    assert sum(counts.values()) == sum(n for r, n in truth.items() if r in customers)
    lone = referrals.referrers_without_orders(store, pf.AS_OF)
    assert list(lone["customer_id"]) == ["19999"]
