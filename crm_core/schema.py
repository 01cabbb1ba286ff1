"""The canonical transaction columns (roles) and the header names that announce them.

This module owns the data contract of DESIGN.md §2: which roles exist, which are
required, their types and units, and the English / Chinese header synonyms used to
detect them. It does no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """One canonical column of the ``transactions`` table."""

    name: str
    required: bool
    sql_type: str
    meaning: str
    synonyms: tuple[str, ...]


# Header synonyms are compared after normalising (lower case, no spaces, "_", "-", "(", ")").
# Sources: common Chinese e-commerce / ERP / CRM export headers (淘宝/天猫、京东、有赞、金蝶、用友)
# and English CRM exports (Shopify, Salesforce, the UCI Online Retail file, CDNOW).
ROLES: tuple[Role, ...] = (
    Role("customer_id", True, "VARCHAR", "who bought",
         ("customer_id", "customerid", "customer", "customer_no", "customer_number", "client_id",
          "clientid", "member_id", "memberid", "user_id", "userid", "buyer_id", "buyer", "account_id",
          "cust_id", "custid", "id",
          "客户编号", "客户id", "客户", "客户代码", "客户号", "会员id", "会员编号", "会员号", "会员",
          "用户id", "用户编号", "用户", "买家id", "买家", "买家会员名", "顾客id", "顾客编号", "顾客")),
    Role("order_ts", True, "TIMESTAMP", "when the order was placed (date or date-time)",
         ("order_ts", "order_date", "orderdate", "order_time", "ordertime", "invoicedate", "invoice_date",
          "date", "datetime", "timestamp", "transaction_date", "purchase_date", "created_at", "time",
          "订单日期", "下单时间", "下单日期", "交易时间", "交易日期", "订单时间", "付款时间", "支付时间",
          "购买日期", "购买时间", "日期", "时间", "成交时间", "销售日期")),
    Role("amount", True, "DOUBLE", "net paid for the line [dataset currency]; negative = return",
         ("amount", "net_amount", "sales", "sale_amount", "revenue", "value", "dollar_value",
          "total", "line_total", "price_total", "paid", "paid_amount", "payment", "order_amount",
          "金额", "实付金额", "实付款", "实收金额", "销售额", "销售金额", "订单金额", "支付金额",
          "成交金额", "交易金额", "消费金额", "付款金额", "应付金额", "总金额", "收入")),
    Role("order_id", False, "VARCHAR", "lines sharing an order id form one order",
         ("order_id", "orderid", "order_no", "order_number", "invoice", "invoiceno", "invoice_no",
          "transaction_id", "receipt_id", "订单号", "订单编号", "订单id", "单号", "交易号", "流水号",
          "小票号", "发票号")),
    Role("cost", False, "DOUBLE", "cost of the line [dataset currency]; profit = amount - cost",
         ("cost", "cogs", "unit_cost_total", "cost_amount", "成本", "成本金额", "进价", "采购成本",
          "商品成本")),
    Role("margin", False, "DOUBLE", "profit of the line [dataset currency], when given directly",
         ("margin", "profit", "gross_profit", "gross_margin", "毛利", "毛利润", "毛利额", "利润")),
    Role("channel", False, "VARCHAR", "sales channel, for breakdowns",
         ("channel", "sales_channel", "source", "platform", "store", "shop", "渠道", "销售渠道",
          "平台", "店铺", "门店", "来源")),
    Role("product", False, "VARCHAR", "product or category, for breakdowns",
         ("product", "product_category", "category", "product_name", "item", "sku", "description",
          "商品", "商品名称", "品类", "商品类别", "类别", "产品", "产品名称", "品名", "商品分类")),
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
    "future_date",
)

# Chinese names of the roles and reject reasons, for error messages built in crm_core
# (the same words as the labels "role_*" / "reason_*" of ui/i18n.py; a test keeps them in step).
ROLE_ZH: dict[str, str] = {
    "customer_id": "客户", "order_ts": "订单日期/时间", "amount": "实付金额", "order_id": "订单号",
    "cost": "成本", "margin": "毛利/利润", "channel": "渠道", "product": "商品/品类",
}
REJECT_REASON_ZH: dict[str, str] = {
    "missing_customer": "缺少客户", "missing_date": "缺少日期", "unreadable_date": "日期无法识别",
    "missing_amount": "缺少金额", "unreadable_amount": "金额无法识别", "unreadable_cost": "成本无法识别",
    "unreadable_margin": "毛利无法识别", "future_date": "日期晚于今天",
}

# Currency symbols recognised in amounts, and the ISO code each announces.
CURRENCY_SYMBOLS: dict[str, str] = {"￥": "CNY", "¥": "CNY", "元": "CNY", "RMB": "CNY", "CNY": "CNY",
                                    "$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR",
                                    "£": "GBP", "GBP": "GBP"}
CURRENCIES: tuple[str, ...] = ("CNY", "USD", "EUR", "GBP", "HKD", "JPY")


def normalise_header(name: str) -> str:
    """Header name folded for synonym matching: lower case, without spaces and ``_-()（）.``."""
    out = str(name).strip().lower()
    for ch in " _-()（）.\u3000":
        out = out.replace(ch, "")
    return out
