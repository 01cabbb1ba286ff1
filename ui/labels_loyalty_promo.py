"""Labels of the loyalty page's promotion-dependence and share-of-wallet sections, English and Chinese; merged
into ui.i18n.LABELS (one table). The ``list_col_*`` keys head the columns of these sections' customer lists."""

LABELS: dict[str, tuple[str, str]] = {
    # promotion dependence
    "lop_sec_promo": ("Promotion dependence (incentive and benefit loyalty)", "促销依赖（激励忠诚 / 利益忠诚）"),
    "lop_promo_caption": (
        "The course names incentive loyalty (激励忠诚: buying because of promotions) and benefit loyalty (利益忠诚: "
        "buying for the price advantage) among its seven loyalty types: it lasts as long as the discounts do. An "
        "order counts as discounted when its lines carry a discount above 0; the discount share is the share of "
        "the list value (revenue + discounts) given away. Orders before {as_of}.",
        "课程把激励忠诚（因促销而购买）和利益忠诚（因价格优惠而购买）列为七种忠诚类型之一：优惠一停，忠诚也就随之消失。"
        "订单各行优惠合计大于 0 即算作优惠订单；优惠占比 = 优惠总额 ÷ 原价总额（销售额 + 优惠）。统计 {as_of} 之前的订单。"),
    "lop_no_discount": (
        "This file has no discount column, so promotion dependence cannot be shown. A column of the money given "
        "off each line or order would show it — headers such as 优惠金额, 折扣金额, 优惠券金额, 店铺优惠, 满减, discount, "
        "coupon, Discount Amount, discount_total. If your file has one under another name, choose it as "
        "**Discount** in the column mapping on the Data page. A discount *rate* (9折, 90 %) is not enough: it "
        "must be money.",
        "该文件没有优惠金额列，因此无法显示促销依赖。需要一列记录每行或每笔订单优惠的金额——例如表头为 优惠金额、折扣金额、"
        "优惠券金额、店铺优惠、满减、discount、coupon、Discount Amount、discount_total 的列。如果文件中有这样的列但名称不同，"
        "请在「数据」页的列映射中把它选为「优惠金额」。折扣率（9折、90%）不够：必须是金额。"),
    "lop_threshold": ("Promotion-driven: more than this share of orders discounted (%)",
                      "促销驱动：优惠订单占比超过（%）"),
    "lop_threshold_help": ("The product's own yardstick (default: more than half, \"mostly discounted\"); the "
                           "course gives no number.", "本产品自定的标准（默认：超过一半，即“大多有优惠”）；课程未给出数值。"),
    "lop_m_driven": ("Promotion-driven customers", "促销驱动型客户"),
    "lop_m_driven_help": ("{driven:,} of {customers:,} customers bought more than {pct}% of their orders with a "
                          "discount.", "{customers:,} 位客户中有 {driven:,} 位超过 {pct}% 的订单使用了优惠。"),
    "lop_m_orders": ("Orders with a discount", "有优惠的订单占比"),
    "lop_m_orders_help": ("{discounted:,} of {orders:,} orders.", "{orders:,} 笔订单中有 {discounted:,} 笔。"),
    "lop_m_discount": ("Discount share of list value", "优惠占原价比例"),
    "lop_m_discount_help": ("{discount} given off on {list_value} of list value (revenue + discounts).",
                            "原价总额 {list_value}（销售额 + 优惠）中优惠了 {discount}。"),
    "lop_hist_title": ("Customers by share of orders discounted", "按优惠订单占比的客户分布"),
    "lop_hist_x": ("Share of the customer's orders with a discount", "客户订单中有优惠的比例"),
    "lop_hist_y": ("Customers", "客户数"),
    "lop_list_title": ("Promotion-driven customers", "促销驱动型客户名单"),
    "lop_list_none": ("No customer bought more than {pct}% of their orders with a discount.",
                      "没有客户超过 {pct}% 的订单使用了优惠。"),
    "lop_list_sheet": ("Promotion-driven", "促销驱动"),
    # share of wallet
    "lop_sec_wallet": ("Share of wallet", "钱包份额（占有率）"),
    "lop_wallet_caveat": (
        "The course names share of wallet (占有率), with retention, as a measure of loyalty: the part of a "
        "customer's spending in the category that comes to you. One shop's orders cannot show it — they show "
        "what the customer spent here, never what they spent elsewhere. So the total must come from outside: "
        "give an estimate of a customer's total category spend per year (a survey, an industry figure), or a "
        "column of your file that holds one per customer. Yearly spend here = the net value of the customer's "
        "orders in the 365 days before {as_of}.",
        "课程把钱包份额（占有率）与客户保持率一起列为忠诚度的衡量指标：客户在该品类的支出中有多少花在你这里。仅凭一家店的订单"
        "无法看出——订单只记录客户在这里的消费，看不到在别处的消费。因此总额必须来自外部：请给出客户每年在该品类的总支出估计"
        "（调研或行业数据），或选择文件中按客户记录该估计的一列。这里的年度消费 = {as_of} 之前 365 天内该客户订单的净额。"),
    "lop_wallet_source": ("Estimated total category spend per year", "客户每年在该品类的总支出估计"),
    "lop_wallet_source_number": ("One number for everyone", "所有客户同一个数"),
    "lop_wallet_source_column": ("A column of the file", "文件中的一列"),
    "lop_wallet_estimate": ("Total category spend per customer and year{cur}", "每位客户每年的品类总支出{cur}"),
    "lop_wallet_ask": ("Enter an estimate of a customer's total yearly spend in your category to see share of "
                       "wallet.", "请输入客户每年在该品类的总支出估计，以查看钱包份额。"),
    "lop_wallet_column": ("Column with each customer's yearly category spend", "记录客户年度品类支出的列"),
    "lop_wallet_column_help": ("Each customer's latest non-blank value is used, read as an amount.",
                               "取每位客户最近一个非空值，按金额读取。"),
    "lop_wallet_no_columns": ("The file has no other column to choose: use one number for everyone.",
                              "文件中没有其他可选的列：请使用统一的估计值。"),
    "lop_wallet_empty": ("No customer bought in the 365 days before {as_of}.", "{as_of} 之前 365 天内没有客户购买。"),
    "lop_m_wallet_median": ("Median share of wallet", "钱包份额中位数"),
    "lop_m_wallet_median_help": ("Over the {rated:,} customers with an order in the year and an estimate.",
                                 "基于一年内有订单且有估计值的 {rated:,} 位客户。"),
    "lop_m_wallet_over": ("Customers above 100 %", "超过 100% 的客户"),
    "lop_m_wallet_over_help": ("Their yearly spend here is above the estimate: the estimate is too low for them "
                               "(shown as computed, not capped).", "他们在这里的年度消费高于估计值：对这些客户估计偏低（按计算结果显示，不截断）。"),
    "lop_m_wallet_unrated": ("Customers without an estimate", "没有估计值的客户"),
    "lop_wallet_over_warning": ("{n:,} customer(s) spent more here than the estimate (share of wallet above 100 %): "
                                "raise the estimate, or check their values.",
                                "{n:,} 位客户在这里的消费超过估计值（钱包份额超过 100%）：请提高估计值，或检查其数值。"),
    "lop_wallet_hist_title": ("Customers by share of wallet", "按钱包份额的客户分布"),
    "lop_wallet_hist_x": ("Share of wallet (yearly spend here ÷ estimate)", "钱包份额（在此年度消费 ÷ 估计值）"),
    "lop_wallet_list_title": ("Customers with their share of wallet", "客户钱包份额名单"),
    "lop_wallet_sheet": ("Share of wallet", "钱包份额"),
    # list columns
    "list_col_discounted_orders": ("Orders with a discount", "优惠订单数"),
    "list_col_promo_share_pct": ("Orders with a discount (%)", "优惠订单占比（%）"),
    "list_col_revenue": ("Net revenue{cur}", "净销售额{cur}"),
    "list_col_discount_total": ("Discounts{cur}", "优惠总额{cur}"),
    "list_col_discount_share_pct": ("Discount share of list value (%)", "优惠占原价比例（%）"),
    "list_col_yearly_spend": ("Spend in the last 365 days{cur}", "近 365 天消费{cur}"),
    "list_col_yearly_orders": ("Orders in the last 365 days", "近 365 天订单数"),
    "list_col_category_spend_estimate": ("Estimated category spend per year{cur}", "年度品类支出估计{cur}"),
    "list_col_share_of_wallet_pct": ("Share of wallet (%)", "钱包份额（%）"),
    "list_col_over_estimate": ("Above the estimate", "超过估计值"),
}
