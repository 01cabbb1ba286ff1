"""The order-export layouts of common shop systems, and what their order statuses mean — as data.

A layout is recognised by its signature (header names that only that system's export has together);
it then names, role by role, the columns a CRM analyst would take, ahead of the generic synonyms of
``crm_core.schema.ROLES``. A file that matches no layout is mapped by the synonyms and, where headers
say nothing, by the values (``crm_core.mapping``). Header names are compared after
``schema.normalise_header`` (so "订单付款时间 " with Taobao's trailing space, "实付金额(元)" match).

Sources (tests/exports/ builds a file of each): Taobao/Tmall seller "导出订单" ExportOrderList and the
Tianchi tmall_order_report variant; JD 商家后台 订单导出; Youzan 订单导出 (订单维度); Kingdee K/3 / 云星空
and Yonyou U8 sales lists (价税合计 = amount incl. VAT); a membership POS 会员消费明细; Shopify Admin
orders export (order-level money on an order's first item line only); WooCommerce (WebToffee order
export and Analytics › Orders); UCI Online Retail I and II (Chen, Sain & Guo 2012; amount = Quantity ×
UnitPrice, invoices starting with "C" are cancellations with negative quantity, i.e. return lines).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .schema import normalise_header


@dataclass(frozen=True)
class Layout:
    """One shop system's export: its signature headers and its preferred column per role."""

    id: str
    title_en: str
    title_zh: str
    signature: tuple[str, ...]  # every one of these headers is present
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # role -> headers, preferred first
    # money of an order stands on its first line only; its other item lines have a blank amount
    order_level_amount: bool = False
    currency: str | None = None  # the platform's currency when the amounts carry no symbol


LAYOUTS: tuple[Layout, ...] = (
    Layout("taobao", "Taobao / Tmall order report", "淘宝/天猫订单报表",
           ("订单编号", "买家实际支付金额", "订单创建时间"),
           {"customer_id": ("买家会员名", "买家支付宝账号"), "amount": ("买家实际支付金额",),
            "order_ts": ("订单创建时间", "订单付款时间"), "order_id": ("订单编号",), "status": ("订单状态",),
            "refund": ("退款金额",), "product": ("宝贝标题",), "channel": ("店铺名称",)}, currency="CNY"),
    Layout("jd", "JD.com order export", "京东订单导出",
           ("订单号", "下单时间", "应付金额"),
           {"customer_id": ("下单帐号", "下单账号"), "amount": ("应付金额",), "order_ts": ("下单时间",),
            "order_id": ("订单号",), "status": ("订单状态",), "product": ("商品名称",),
            "channel": ("订单渠道", "订单来源")}, currency="CNY"),
    Layout("youzan", "Youzan / Weidian order export", "有赞/微店订单导出",
           ("订单号", "订单实付金额"),
           {"customer_id": ("买家手机号", "客户姓名", "买家姓名", "买家昵称"), "amount": ("订单实付金额",),
            "order_ts": ("订单创建时间", "下单时间", "买家付款时间"), "order_id": ("订单号",),
            "status": ("订单状态",), "refund": ("退款金额",), "channel": ("归属店铺",)}, currency="CNY"),
    Layout("kingdee", "Kingdee sales list", "金蝶销售单据序时簿",
           ("单据编号", "价税合计"),
           {"customer_id": ("客户名称", "购货单位", "客户"), "amount": ("价税合计",),
            "order_ts": ("单据日期", "日期"), "order_id": ("单据编号",), "status": ("单据状态",),
            "product": ("物料名称", "产品名称"), "quantity": ("实发数量", "数量")}, currency="CNY"),
    Layout("yonyou", "Yonyou sales list", "用友销售单据列表",
           ("价税合计", "存货编码", "存货名称"),
           {"customer_id": ("客户名称", "客户简称", "客户"), "amount": ("价税合计",),
            "order_ts": ("单据日期", "日期"), "order_id": ("单据号", "单据编号"), "product": ("存货名称",),
            "quantity": ("数量",)}, currency="CNY"),
    Layout("pos_member", "Membership POS export", "会员消费明细（POS）",
           ("会员卡号", "消费时间"),
           {"customer_id": ("会员卡号",), "amount": ("实收金额", "消费金额"), "order_ts": ("消费时间",),
            "order_id": ("流水号", "小票号"), "channel": ("消费门店", "门店"), "discount": ("优惠金额",)}, currency="CNY"),
    Layout("shopify", "Shopify orders export", "Shopify 订单导出",
           ("name", "email", "financialstatus", "total", "createdat"),
           {"customer_id": ("Email",), "amount": ("Total",), "order_ts": ("Created at",),
            "order_id": ("Name",), "status": ("Financial Status",), "refund": ("Refunded Amount",),
            "product": ("Lineitem name",), "discount": ("Discount Amount",), "channel": ("Source",)},
           order_level_amount=True),
    Layout("woocommerce", "WooCommerce order export", "WooCommerce 订单导出",
           ("orderdate", "status", "ordertotal"),
           {"customer_id": ("customer_email", "billing_email", "customer_user", "customer_id"),
            "amount": ("order_total",), "order_ts": ("order_date",), "order_id": ("order_number", "order_id"),
            "status": ("status",), "discount": ("discount_total",)}),
    Layout("woocommerce", "WooCommerce Analytics orders", "WooCommerce 分析·订单",
           ("date", "order#", "status", "customer", "netsales"),
           {"customer_id": ("Customer",), "amount": ("Net Sales",), "order_ts": ("Date",),
            "order_id": ("Order #",), "status": ("Status",), "product": ("Product(s)",)}),
    Layout("uci_online_retail", "UCI Online Retail", "UCI Online Retail 数据集",
           ("stockcode", "quantity", "invoicedate"),
           {"customer_id": ("CustomerID", "Customer ID"), "order_ts": ("InvoiceDate",),
            "order_id": ("InvoiceNo", "Invoice"), "quantity": ("Quantity",), "unit_price": ("UnitPrice", "Price"),
            "product": ("Description",), "channel": ("Country",)}),
)


def detect_layout(columns) -> Layout | None:
    """The layout whose signature the headers contain (the longest signature wins), or ``None``."""
    have = {normalise_header(c) for c in columns}
    hits = [lay for lay in LAYOUTS if all(normalise_header(s) in have for s in lay.signature)]
    return max(hits, key=lambda lay: len(lay.signature), default=None)


# What an order status means for the analysis. Compared after normalise_status (lower case, trimmed,
# WooCommerce's "wc-" prefix dropped). A status not listed is kept and named in the report.
# Sources: Taobao TOP API TradeStatus texts (WAIT_BUYER_PAY 等待买家付款, TRADE_CLOSED 交易关闭 = refunded
# after payment or closed, TRADE_CLOSED_BY_TAOBAO 交易被淘宝关闭 = closed before payment), JD / Youzan seller
# back-ends, Shopify financial_status (pending, authorized, paid, partially_paid, partially_refunded,
# refunded, voided), WooCommerce order statuses (pending, processing, on-hold, completed, cancelled,
# refunded, failed).
STATUS_EXCLUDED: dict[str, str] = {
    **dict.fromkeys(("交易关闭", "交易被淘宝关闭", "已关闭", "订单关闭", "关闭", "已取消", "取消", "交易取消",
                     "订单取消", "已作废", "作废", "cancelled", "canceled", "voided", "void", "closed"),
                    "order_cancelled"),
    **dict.fromkeys(("等待买家付款", "未付款", "待付款", "等待付款", "待支付", "未支付", "没有创建支付宝交易", "pending", "unpaid",
                     "authorized", "failed", "on-hold", "awaiting payment"), "order_unpaid"),
    **dict.fromkeys(("refunded", "已退款", "全额退款", "退款成功"), "order_refunded"),
}


def normalise_status(text: str) -> str:
    """A status as compared with :data:`STATUS_EXCLUDED`: trimmed, lower case, without a "wc-" prefix."""
    out = str(text).strip().lower()
    return out[3:] if out.startswith("wc-") else out
