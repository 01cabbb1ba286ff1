"""The canonical transaction columns (roles) and the header names that announce them.

This module owns the data contract of DESIGN.md §2: which roles exist, which are
required, their types and units, and the English / Chinese header synonyms used to
detect them. It does no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """One canonical column of the ``transactions`` table."""

    name: str
    required: bool
    sql_type: str
    meaning: str
    synonyms: tuple[str, ...]


# Header synonyms are compared after normalising (normalise_header: lower case, no spaces or "_-.()",
# a trailing unit such as "(元)", "（元）", "[CNY]", "($)" dropped), in order of preference: the first
# synonym a file has wins. What each role MEANS decides the order: the amount is what the buyer actually
# paid for the line after discounts and before refunds (实付 before 应付 before 订单金额/总金额, which
# include unpaid or shipping), the customer is the buyer's account (会员名, 帐号, 手机号, e-mail), the date is
# when the order was created. Platform layouts (crm_core.layouts) put their own columns first.
# Sources: the export headers of Taobao/Tmall, JD, Youzan, Kingdee/Yonyou, Shopify, WooCommerce, UCI
# Online Retail and CDNOW (tests/exports/ imitates each); common CRM / POS headers.
ROLES: tuple[Role, ...] = (
    Role("customer_id", True, "VARCHAR", "who bought",
         ("customer_id", "customerid", "customer", "customer_no", "customer_number", "client_id",
          "clientid", "member_id", "memberid", "user_id", "userid", "buyer_id", "buyer", "account_id",
          "cust_id", "custid", "customer_email", "email", "billing_email", "id",
          "客户编号", "客户id", "客户代码", "客户号", "客户名称", "客户", "会员卡号", "会员id", "会员编号", "会员号",
          "会员", "用户id", "用户编号", "用户", "买家会员名", "买家账号", "买家帐号", "下单帐号", "下单账号",
          "买家id", "买家手机号", "买家昵称", "买家", "顾客id", "顾客编号", "顾客", "购货单位")),
    Role("order_ts", True, "TIMESTAMP", "when the order was placed (date or date-time)",
         ("order_ts", "order_date", "orderdate", "order_time", "ordertime", "invoicedate", "invoice_date",
          "created_at", "createdat", "date", "datetime", "timestamp", "transaction_date", "purchase_date", "time",
          "订单创建时间", "下单时间", "下单日期", "订单日期", "订单时间", "创建时间", "交易时间", "交易日期",
          "消费时间", "消费日期", "单据日期", "付款时间", "支付时间", "订单付款时间", "买家付款时间",
          "购买日期", "购买时间", "成交时间", "销售日期", "日期", "时间")),
    Role("amount", True, "DOUBLE", "net paid for the line [dataset currency]; negative = return",
         ("amount", "net_amount", "net_sales", "paid", "paid_amount", "amount_paid", "sales", "sale_amount",
          "revenue", "value", "dollar_value", "line_total", "order_total", "total", "price_total", "payment",
          "order_amount",
          "实付金额", "买家实际支付金额", "订单实付金额", "实付款", "实收金额", "实际支付金额", "支付金额", "付款金额",
          "应付金额", "价税合计", "消费金额", "成交金额", "交易金额", "销售额", "销售金额", "金额", "订单金额",
          "总金额", "收入")),
    Role("order_id", False, "VARCHAR", "lines sharing an order id form one order",
         ("order_id", "orderid", "order_no", "order_number", "ordernumber", "order#", "invoice", "invoiceno",
          "invoice_no", "transaction_id", "receipt_id", "receipt_number",
          "订单编号", "订单号", "订单id", "单据编号", "单据号", "单号", "交易号", "流水号", "小票号", "发票号")),
    Role("cost", False, "DOUBLE", "cost of the line [dataset currency]; profit = amount - cost",
         ("cost", "cogs", "unit_cost_total", "cost_amount", "成本", "成本金额", "进价", "采购成本",
          "商品成本")),
    Role("margin", False, "DOUBLE", "profit of the line [dataset currency], when given directly",
         ("margin", "profit", "gross_profit", "gross_margin", "毛利", "毛利润", "毛利额", "利润")),
    Role("channel", False, "VARCHAR", "sales channel, for breakdowns",
         ("channel", "sales_channel", "source", "platform", "store", "shop", "渠道", "销售渠道",
          "平台", "店铺", "店铺名称", "门店", "消费门店", "来源", "订单来源")),
    Role("product", False, "VARCHAR", "product or category, for breakdowns",
         ("product", "product_category", "category", "product_name", "item", "sku", "description",
          "lineitem_name", "商品", "商品名称", "品类", "商品类别", "类别", "产品", "产品名称", "品名", "商品分类",
          "宝贝标题", "物料名称", "存货名称")),
    Role("status", False, "VARCHAR", "order status; cancelled / closed / unpaid orders are excluded",
         ("status", "order_status", "financial_status", "payment_status", "订单状态", "交易状态", "状态",
          "单据状态", "支付状态")),
    Role("refund", False, "DOUBLE", "amount refunded on the line [dataset currency]; netted into amount",
         ("refund", "refunded", "refunded_amount", "refund_amount", "退款金额", "已退款金额", "退款")),
    Role("quantity", False, "DOUBLE", "units on the line [count]; amount = quantity x unit price "
                                      "when the file has no line total",
         ("quantity", "qty", "units", "lineitem_quantity", "数量", "购买数量", "订购数量", "实发数量", "商品数量")),
    Role("unit_price", False, "DOUBLE", "price per unit [dataset currency]",
         ("unit_price", "unitprice", "price", "lineitem_price", "单价", "含税单价", "商品单价", "销售单价")),
    # A discount is money given off the list price, stored >= 0 (a column written as negatives, e.g. -10.00
    # on every discounted line, is read as its size; see crm_core.ingest). Bare "折扣" / "折扣率" / "discount
    # rate" / "discount %" are left out: they usually hold a rate (9折, 0.9, 90 %), not money — a rate in a
    # mapped discount column is refused (ingest: discount_rate_cells.sql). 优惠码 / discount code is a code.
    Role("discount", False, "DOUBLE", "discount on the line [dataset currency, >= 0]: promotion dependence",
         ("discount_amount", "discount_total", "total_discount", "discounts", "discount", "coupon_amount",
          "coupon", "lineitem_discount", "cart_discount",
          "优惠金额", "优惠总金额", "优惠合计", "优惠券金额", "优惠券", "折扣金额", "折扣额", "折让金额", "折让",
          "店铺优惠", "商家优惠", "平台优惠", "满减金额", "满减", "优惠")),
    # Who referred this customer: a customer id of the same file (matched with the ingest's id rule,
    # macro_id_text.sql). An invitation / referral CODE (邀请码, referral_code) is not an id: not a synonym.
    Role("referrer", False, "VARCHAR", "who referred this customer (a customer id): Kotler's advocates",
         ("referrer", "referrer_id", "referred_by", "referredby", "referral", "referrer_customer_id",
          "推荐人", "推荐人id", "推荐人编号", "推荐人会员号", "推荐会员", "推荐会员id", "邀请人", "邀请人id",
          "邀请人编号", "邀请会员", "介绍人")),
)

ROLE_NAMES: tuple[str, ...] = tuple(r.name for r in ROLES)
REQUIRED_ROLES: tuple[str, ...] = tuple(r.name for r in ROLES if r.required)
OPTIONAL_ROLES: tuple[str, ...] = tuple(r.name for r in ROLES if not r.required)
ROLE_BY_NAME: dict[str, Role] = {r.name: r for r in ROLES}

# Reasons a line is rejected (ids; labels for both languages live in ui/i18n.py).
REJECT_REASONS: tuple[str, ...] = (
    "missing_customer",
    "missing_date",
    "unreadable_date",
    "missing_amount",
    "unreadable_amount",
    "unreadable_cost",
    "unreadable_margin",
    "unreadable_refund",
    "unreadable_quantity",
    "unreadable_unit_price",
    "unreadable_discount",
    "future_date",
    "too_many_fields",
    "bad_quotes",
    "line_too_long",
    "unreadable_line",
)

# Why a readable line is left out of every computation (counted and downloadable like rejected
# lines; DESIGN.md §2 IngestReport): its order's status, or an item line whose order total is on
# the order's first line (Shopify writes order-level money on the first item line only).
EXCLUDE_REASONS: tuple[str, ...] = ("order_cancelled", "order_unpaid", "order_refunded", "item_line")

# Chinese names of the roles and reject reasons, for error messages built in crm_core
# (the same words as the labels "role_*" / "reason_*" of ui/i18n.py; a test keeps them in step).
ROLE_ZH: dict[str, str] = {
    "customer_id": "客户", "order_ts": "订单日期/时间", "amount": "实付金额", "order_id": "订单号",
    "cost": "成本", "margin": "毛利/利润", "channel": "渠道", "product": "商品/品类",
    "status": "订单状态", "refund": "退款金额", "quantity": "数量", "unit_price": "单价", "discount": "优惠金额",
    "referrer": "推荐人",
}
REJECT_REASON_ZH: dict[str, str] = {
    "missing_customer": "缺少客户", "missing_date": "缺少日期", "unreadable_date": "日期无法识别",
    "missing_amount": "缺少金额", "unreadable_amount": "金额无法识别", "unreadable_cost": "成本无法识别",
    "unreadable_margin": "毛利无法识别", "future_date": "日期晚于今天",
    "unreadable_refund": "退款金额无法识别", "unreadable_quantity": "数量无法识别",
    "unreadable_unit_price": "单价无法识别", "unreadable_discount": "优惠金额无法识别",
    "too_many_fields": "字段数多于表头", "bad_quotes": "引号不成对", "line_too_long": "行过长",
    "unreadable_line": "该行无法读取",
}
EXCLUDE_REASON_ZH: dict[str, str] = {
    "order_cancelled": "订单已取消/关闭", "order_unpaid": "订单未付款", "order_refunded": "订单已全额退款",
    "item_line": "同一订单的明细行（金额记在首行）",
}

# Currency symbols recognised in amounts, and the ISO code each announces.
CURRENCY_SYMBOLS: dict[str, str] = {"￥": "CNY", "¥": "CNY", "元": "CNY", "RMB": "CNY", "CNY": "CNY",
                                    "$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR",
                                    "£": "GBP", "GBP": "GBP"}
CURRENCIES: tuple[str, ...] = ("CNY", "USD", "EUR", "GBP", "HKD", "JPY")


# A trailing unit or note in brackets: "实付金额(元)", "实付金额（元）", "金额[CNY]", "Amount ($)", "金额【元】".
_UNIT_SUFFIX = re.compile(r"[(（\[【][^()（）\[\]【】]{1,12}[)）\]】]$")


def normalise_header(name: str) -> str:
    """Header name folded for synonym matching: trimmed, a trailing unit in brackets dropped, lower case,
    without spaces and ``_-()（）.:：``."""
    out = str(name).strip().lstrip("\ufeff")
    stripped = _UNIT_SUFFIX.sub("", out).strip()
    out = (stripped or out).lower()
    for ch in " _-()（）.:：\u3000\t":
        out = out.replace(ch, "")
    return out
