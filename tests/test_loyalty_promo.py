"""Promotion dependence, referrals and share of wallet (crm_core.loyalty.promotion / referrals / wallet;
sql/customer_promotion.sql, sql/customer_referrals.sql, sql/customer_yearly_spend.sql,
sql/customer_latest_number.sql) on a hand-made history worked by hand, and the discount / referrer roles of
the ingest (sql/discount_rate_cells.sql, sql/discount_signs.sql, sql/negate_discount.sql)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from crm_core.errors import InvalidInputError
from crm_core.ingest import ingest_file
from crm_core.loyalty import promotion, referrals, wallet
from crm_core.mapping import detect_mapping

from .conftest import DATA, write_csv

TODAY = dt.date(2026, 1, 1)
AS_OF = dt.date(2024, 10, 1)  # the year of share of wallet: [2023-10-02, 2024-10-01) (2024 is a leap year)
HEADER = "order_id,customer_id,order_date,amount,优惠金额,推荐人,年度品类支出\n"
# P (id 1001) buys four orders, three of them discounted (P1's two lines: 10 + 0; P2 20; P3 blank = 0; P4 10);
# P5 is after the as-of date. Q's Q2 is 100 with 25 off, and a return of 20 on the same order gives 5 back:
# Q2 is worth 80 with 20 off. R's two orders are both discounted. S never gets a discount; S1 is before the
# year of share of wallet. Referrers: Q names "1001.0" (read as 1001 = P), R names 1001 first and Q later
# (the first wins), S names X (who never bought), T (after the as-of date only) names 1001.
LINES = """\
P1,1001,2024-01-10,60,10,,"1,000"
P1,1001,2024-01-10,40,0,,
P2,1001,2024-02-10,80,20,,
P3,1001,2024-03-10,50,,,
P4,1001,2024-04-10,90,10,,800
P5,1001,2024-10-15,70,5,,
Q1,Q,2024-01-15,200,0,1001.0,￥560
Q2,Q,2024-05-15,100,25,1001.0,
Q2,Q,2024-05-16,-20,-5,,
R1,R,2024-06-01,30,30,1001,
R2,R,2024-08-01,20,5,Q,
S1,S,2023-09-01,500,0,X,2000
S2,S,2024-07-01,10,0,X,
T1,T,2024-11-01,40,0,1001,
"""
# worked by hand: customer -> (orders, discounted orders, revenue, discount)
HAND = {"1001": (4, 3, 320.0, 40.0), "Q": (2, 1, 280.0, 20.0), "R": (2, 2, 50.0, 35.0), "S": (2, 0, 510.0, 0.0)}


@pytest.fixture(scope="module")
def hand_store(tmp_path_factory):
    path = write_csv(tmp_path_factory.mktemp("promo") / "orders.csv", HEADER + LINES)
    store, report = ingest_file(path, today=TODAY)
    assert report.mapping["discount"] == "优惠金额" and report.mapping["referrer"] == "推荐人"
    assert report.discount_sign == "as_written"  # mixed signs: the −5 is a discount given back on a return
    return store


def test_promotion_dependence_worked_by_hand(hand_store):
    got = promotion.customer_promotion(hand_store, AS_OF).set_index("customer_id")
    assert list(got.index) == ["1001", "Q", "R", "S"]
    for cust, (orders, disc, revenue, discount) in HAND.items():
        row = got.loc[cust]
        assert (row.orders, row.discounted_orders, row.revenue, row.discount_total) == (orders, disc, revenue, discount)
    np.testing.assert_allclose(got["promo_share"], [3 / 4, 1 / 2, 2 / 2, 0 / 2])
    np.testing.assert_allclose(got["discount_share"], [40 / 360, 20 / 300, 35 / 85, 0 / 510])
    # more than half of the orders discounted: P (75 %) and R (100 %); Q's exactly half is not "mostly"
    assert list(got.index[got["promotion_driven"]]) == ["1001", "R"]
    # a lower threshold takes Q in too
    lower = promotion.customer_promotion(hand_store, AS_OF, driven_share=0.4)
    assert list(lower.loc[lower["promotion_driven"], "customer_id"]) == ["1001", "Q", "R"]


def test_promotion_summary_worked_by_hand(hand_store):
    s = promotion.promotion_summary(promotion.customer_promotion(hand_store, AS_OF))
    assert (s["customers"], s["promotion_driven"], s["orders"], s["discounted_orders"]) == (4, 2, 10, 6)
    assert s["promotion_driven_share"] == 0.5 and s["discounted_order_share"] == pytest.approx(6 / 10)
    assert (s["revenue"], s["discount_total"]) == (1160.0, 95.0)
    assert s["discount_share"] == pytest.approx(95 / 1255)


def test_promotion_is_none_without_a_discount_column_and_the_threshold_is_checked(hand_store):
    store, _ = ingest_file(DATA / "sample_orders.csv")
    assert promotion.customer_promotion(store, dt.date(2025, 1, 1)) is None
    assert referrals.referral_counts(store, dt.date(2025, 1, 1)) is None
    with pytest.raises(InvalidInputError, match="0 <= driven_share < 1"):
        promotion.customer_promotion(hand_store, AS_OF, driven_share=1.0)


def test_referral_counts_worked_by_hand(hand_store):
    got = referrals.referral_counts(hand_store, AS_OF)
    assert list(got.columns) == ["customer_id", "referred_customers"]
    # P referred Q ("1001.0" is id 1001) and R (R's first line names 1001); T's order is after the as-of date
    assert dict(zip(got["customer_id"], got["referred_customers"], strict=True)) == {"1001": 2, "Q": 0, "R": 0,
                                                                                      "S": 0}
    lone = referrals.referrers_without_orders(hand_store, AS_OF)
    assert dict(zip(lone["customer_id"], lone["referred_customers"], strict=True)) == {"X": 1}
    # a year later T has bought: P has referred three
    later = referrals.referral_counts(hand_store, dt.date(2025, 1, 1)).set_index("customer_id")
    assert later.loc["1001", "referred_customers"] == 3


def test_share_of_wallet_with_one_estimate_worked_by_hand(hand_store):
    got = wallet.share_of_wallet(hand_store, AS_OF, estimate=300).set_index("customer_id")
    # yearly spend: P 320, Q 280, R 50, S 10 (S1 on 2023-09-01 is before the year)
    assert list(got["yearly_spend"]) == [320.0, 280.0, 50.0, 10.0]
    np.testing.assert_allclose(got["share_of_wallet"], [320 / 300, 280 / 300, 50 / 300, 10 / 300])
    assert list(got.index[got["over_estimate"]]) == ["1001"]  # 106.7 %: the estimate is too low for P, not capped
    s = wallet.wallet_summary(got)
    assert (s["customers"], s["rated"], s["over_estimate"]) == (4, 4, 1)
    assert s["median_share"] == pytest.approx((280 / 300 + 50 / 300) / 2)


def test_share_of_wallet_from_a_column_worked_by_hand(hand_store):
    got = wallet.share_of_wallet(hand_store, AS_OF, column="年度品类支出").set_index("customer_id")
    # latest non-blank value: P "800" (P4, after "1,000"), Q "￥560", R none, S "2000" (on S1)
    assert got["category_spend_estimate"].to_dict() == pytest.approx({"1001": 800.0, "Q": 560.0, "R": np.nan,
                                                                       "S": 2000.0}, nan_ok=True)
    np.testing.assert_allclose(got["share_of_wallet"], [0.4, 0.5, np.nan, 0.005])
    assert not got["over_estimate"].any() and wallet.wallet_summary(got)["rated"] == 3


def test_share_of_wallet_refuses_unreadable_estimates_and_bad_parameters(tmp_path, hand_store):
    bad = LINES.replace(",800", ",待定").replace("￥560", "0")
    store, _ = ingest_file(write_csv(tmp_path / "bad.csv", HEADER + bad), today=TODAY)
    with pytest.raises(InvalidInputError, match='2 customer.*"0", "待定"|2 customer.*"待定", "0"') as err:
        wallet.share_of_wallet(store, AS_OF, column="年度品类支出")
    assert err.value.rows == [6, 8]  # P4's and Q1's file rows
    with pytest.raises(InvalidInputError, match="> 0"):
        wallet.share_of_wallet(hand_store, AS_OF, estimate=0)
    with pytest.raises(InvalidInputError, match="not a column"):
        wallet.share_of_wallet(hand_store, AS_OF, column="amount")
    with pytest.raises(InvalidInputError, match="either"):
        wallet.share_of_wallet(hand_store, AS_OF)


def test_a_discount_column_written_as_negatives_is_read_as_money_off(tmp_path):
    text = "小票号,会员卡号,消费时间,实收金额,优惠金额\nA,7,2024-01-05,90,-10.00\nB,7,2024-01-06,50,0.00\nC,8,2024-01-07,40,\n"
    store, report = ingest_file(write_csv(tmp_path / "pos.csv", text), today=TODAY)
    assert report.discount_sign == "negated" and any("negative" in n for n in report.conventions)
    got = promotion.customer_promotion(store, dt.date(2024, 2, 1)).set_index("customer_id")
    assert got.loc["7", "discount_total"] == 10.0 and got.loc["7", "discounted_orders"] == 1
    assert got.loc["8", "discount_total"] == 0.0  # blank = 0


@pytest.mark.parametrize("cell", ["9折", "90%", "8.5折", "95％"])
def test_a_discount_rate_column_is_refused_with_its_rows(tmp_path, cell):
    text = f"订单号,会员ID,下单时间,实付金额,优惠\nO1,1,2024-01-05,90,\nO2,2,2024-01-06,50,{cell}\n"
    path = write_csv(tmp_path / "rate.csv", text)
    with pytest.raises(InvalidInputError, match="rates") as err:
        ingest_file(path, today=TODAY)
    assert err.value.rows == [3] and "折扣率" in err.value.message("zh")
    _, report = ingest_file(path, today=TODAY, mapping={"discount": None})  # unmapped: loads
    assert report.rows_kept == 2 and report.mapping["discount"] is None


@pytest.mark.parametrize("header", ["优惠金额", "折扣金额", "优惠券", "优惠券金额", "店铺优惠", "平台优惠", "商家优惠", "满减",
                                    "折让金额", "discount", "coupon", "Discount Amount", "discount_total"])
def test_discount_headers_map_to_the_discount_role(header):
    roles = detect_mapping(["订单号", "会员ID", "下单时间", "实付金额", header]).roles
    assert roles["discount"] == header and roles["amount"] == "实付金额" and roles["customer_id"] == "会员ID"


@pytest.mark.parametrize("header", ["折扣", "折扣率", "discount rate", "优惠码", "Discount Code"])
def test_rate_and_code_headers_are_not_a_discount(header):
    assert detect_mapping(["订单号", "会员ID", "下单时间", "实付金额", header]).roles["discount"] is None


@pytest.mark.parametrize("header", ["推荐人", "推荐人ID", "邀请人", "邀请人ID", "推荐会员", "referrer", "referred_by",
                                    "referral", "referrer_id"])
def test_referrer_headers_map_to_the_referrer_role_and_steal_no_customer(header):
    roles = detect_mapping(["订单号", "会员ID", "下单时间", "实付金额", header]).roles
    assert roles["referrer"] == header and roles["customer_id"] == "会员ID"
    # with the customer named by a generic header, the referrer is still not the customer
    roles = detect_mapping(["customer_id", "order_date", "amount", header]).roles
    assert roles["customer_id"] == "customer_id" and roles["referrer"] == header


@pytest.mark.parametrize("header", ["邀请码", "referral_code", "推荐码"])
def test_a_referral_code_is_not_a_referrer(header):
    assert detect_mapping(["customer_id", "order_date", "amount", header]).roles["referrer"] is None
