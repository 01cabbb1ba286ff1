"""Labels of the pyramid view, English and Chinese; merged into ui.i18n.LABELS (one table)."""

LABELS: dict[str, tuple[str, str]] = {
    "pyr_title": ("Customer pyramid", "客户金字塔"),
    "pyr_intro": ("Customers ranked by the value they bring and stacked in Curry's tiers — VIP, major, ordinary "
                  "and small — with customers of zero or negative value in their own row. Each tier comes with "
                  "the course's management question and a list of its customers to download.",
                  "按客户带来的价值排序，并按 Curry 的分层堆叠为 VIP 客户、主要客户、普通客户和小客户；价值为零或为负的"
                  "客户单独成行。每一层都附有课程中的管理问题，并可下载该层的客户名单。"),
    # controls
    "pyr_metric": ("Value metric", "价值指标"),
    "pyr_metric_help": ("What customers are ranked by. Profit needs a cost or margin column in the file; "
                        "predicted CLV is the CLV page's forecast (BG/NBD × Gamma-Gamma with that page's horizon and "
                        "discount rate; by default the next 52 weeks at 10 % a year), fitted when you choose it.",
                        "客户排序所依据的价值。利润需要文件中有成本或毛利列；预测 CLV 来自 CLV 页面的预测（BG/NBD × "
                        "Gamma-Gamma，采用该页的预测期与折现率；默认未来 52 周、年折现率 10%），选择时才拟合模型。"),
    "pyr_metric_clv_pred": ("Predicted CLV", "预测 CLV"),
    "pyr_clv_rate_default": ("10 % a year", "年折现率 10%"),
    "pyr_clv_rate_per": ("{rate} per {unit}", "每{unit}折现率 {rate}"),
    "pyr_metric_def_clv_pred": ("predicted CLV (BG/NBD purchases × Gamma-Gamma spend over the next {clv_horizon}, "
                                "discounted at {clv_rate}; past purchases not included)",
                                "预测 CLV（BG/NBD 预测购买次数 × Gamma-Gamma 预测每次消费额，未来 {clv_horizon}，按"
                                "{clv_rate}折现；不含历史消费）"),
    "pyr_clv_fitting": ("Fitting BG/NBD and Gamma-Gamma on the orders before {as_of} …",
                        "正在用 {as_of} 之前的订单拟合 BG/NBD 和 Gamma-Gamma 模型……"),
    "pyr_clv_failed": ("Predicted CLV is not available for this data: {msg}. The pyramid uses {fallback} instead.",
                       "此数据无法计算预测 CLV：{msg}。金字塔改用{fallback}。"),
    "pyr_metric_profit": ("Profit", "利润"),
    "pyr_metric_net_revenue": ("Net revenue", "净销售额"),
    "pyr_metric_def_profit": ("profit (net revenue minus the cost of the lines)", "利润（净销售额减去成本）"),
    "pyr_metric_def_net_revenue": ("net revenue (sales minus returns)", "净销售额（销售额减去退货）"),
    "pyr_metric_in_use": ("Value metric in use: **{metric}** [{currency}], from the orders before {as_of} "
                          "of {customers:,} customers.",
                          "当前价值指标：**{metric}**［{currency}］，基于 {as_of} 之前的订单，共 {customers:,} 名客户。"),
    "pyr_only_revenue": ("This data has no cost or margin column, so profit is not known: customers are ranked "
                         "by net revenue.", "该数据没有成本或毛利列，无法得知利润：客户按净销售额排序。"),
    "pyr_cut_vip": ("VIP [% of customers]", "VIP 客户［占客户 %］"),
    "pyr_cut_major": ("Major [% of customers]", "主要客户［占客户 %］"),
    "pyr_cut_ordinary": ("Ordinary [% of customers]", "普通客户［占客户 %］"),
    "pyr_cut_help": ("Size of the tier as a share of all customers, counted from the top of the ranking. "
                     "Curry's defaults: VIP 1 %, major 4 %, ordinary 15 %; the small tier takes the rest.",
                     "该层占全部客户的比例，从排名最高者往下计。Curry 的默认值：VIP 1%、主要 4%、普通 15%；"
                     "其余为小客户。"),
    "pyr_small_rest": ("Small: the remaining {share}% of customers.", "小客户：其余 {share}% 的客户。"),
    "pyr_cuts_invalid": ("VIP, major and ordinary together take {total}% of customers, which leaves nothing "
                         "for the small tier. Lower one of them so that the three add up to less than 100%.",
                         "VIP、主要和普通客户合计占 {total}% 的客户，小客户层没有剩余。请调低其中之一，使三者之和小于 100%。"),
    "pyr_breakdown": ("Breakdown", "细分维度"),
    "pyr_bd_none": ("None", "不细分"),
    "pyr_bd_channel": ("By channel", "按渠道"),
    "pyr_bd_product": ("By product category", "按商品品类"),
    "pyr_dim_channel": ("channel", "渠道"),
    "pyr_dim_product": ("product category", "商品品类"),
    # tiers
    "pyr_tier_vip": ("VIP", "VIP 客户"),
    "pyr_tier_major": ("Major", "主要客户"),
    "pyr_tier_ordinary": ("Ordinary", "普通客户"),
    "pyr_tier_small": ("Small", "小客户"),
    "pyr_tier_lead": ("Lead (value ≤ 0)", "铅层客户（价值 ≤ 0）"),
    # charts
    "pyr_chart_pyramid": ("Tiers: customers and share of {metric}", "各层客户数与{metric}占比"),
    "pyr_band": ("<b>{tier}</b><br>{customers:,} customers ({cshare})<br>{vshare} of {metric}",
                 "<b>{tier}</b><br>{customers:,} 名客户（{cshare}）<br>占{metric} {vshare}"),
    "pyr_chart_note": ("The bands have equal height so that the small top tiers stay visible; the customers and "
                       "shares are in the labels. Lead customers sit under the pyramid.",
                       "为使顶部的小层级清晰可见，各层高度相同；客户数与占比见标注。铅层客户位于金字塔下方。"),
    "pyr_pareto_title": ("Pareto (Lorenz) curve of {metric}", "{metric}的帕累托（洛伦兹）曲线"),
    "pyr_axis_customers": ("Share of customers, most valuable first", "客户占比（价值从高到低）"),
    "pyr_axis_value": ("Cumulative share of {metric}", "累计{metric}占比"),
    "pyr_curve": ("Customers, most valuable first", "客户（价值从高到低）"),
    "pyr_equal_line": ("Equal shares (45° line)", "完全平均（45° 线）"),
    "pyr_callout_chart": ("Top {x} of customers<br>bring <b>{y}</b> of {metric}", "前 {x} 的客户<br>带来 <b>{y}</b> 的{metric}"),
    "pyr_callout_md": ("Top **{x}** of customers bring **{y}** of {metric}.", "前 **{x}** 的客户带来 **{y}** 的{metric}。"),
    "pyr_gini": ("Gini coefficient", "基尼系数"),
    "pyr_gini_help": ("Concentration of value: 0 = every customer brings the same, close to 1 = a few customers "
                      "bring almost everything. Twice the area between the curve and the 45° line.",
                      "价值的集中程度：0 表示每位客户带来的价值相同，接近 1 表示几乎全部价值来自少数客户。"
                      "等于曲线与 45° 线之间面积的两倍。"),
    "pyr_pareto_note": ("Customers with negative {metric} count as zero in the curve, the callouts and the Gini.",
                        "曲线、标注和基尼系数中，{metric}为负的客户按零计。"),
    # table
    "pyr_table_title": ("The tiers", "各层客户"),
    "pyr_col_tier": ("Tier", "层级"),
    "pyr_col_customers": ("Customers", "客户数"),
    "pyr_col_customer_share": ("% of customers", "客户占比"),
    "pyr_col_net_revenue": ("Net revenue [{currency}]", "净销售额［{currency}］"),
    "pyr_col_revenue_share": ("% of revenue", "销售额占比"),
    "pyr_col_profit": ("Profit [{currency}]", "利润［{currency}］"),
    "pyr_col_profit_share": ("% of profit", "利润占比"),
    "pyr_col_orders_per_customer": ("Orders / customer", "人均订单数"),
    "pyr_col_avg_order_value": ("Avg. order value [{currency}]", "客单价［{currency}］"),
    "pyr_col_avg_days": ("Days since last order", "距上次购买天数"),
    "pyr_table_note": ("Shares are of the totals over all customers (a share can pass 100 % when the lead "
                       "customers bring a negative total). Average order value = the tier's net revenue / its orders; days since "
                       "the last order are counted to the as-of date and averaged over the tier's customers.",
                       "占比均为占全部客户合计的比例（铅层客户合计为负时，占比可能超过 100%）。客单价 = 该层净销售额 / "
                       "订单数；距上次购买天数计算到分析基准日，取该层客户的平均值。"),
    "pyr_lead_none": ("No customer has zero or negative {metric}.", "没有{metric}为零或为负的客户。"),
    # actions (TEXTBOOK.md, customer pyramid: the course's three questions)
    "pyr_actions_title": ("What to do with each tier", "各层客户的管理重点"),
    "pyr_actions_note": ("The course's three questions: how to keep (and find more of) the most valuable, how "
                         "to raise the margin of the moderately profitable, why the unprofitable are so — and "
                         "whether to change or drop them.",
                         "课程提出的三个问题：如何留住（并找到更多）最有价值的客户；如何提高中等盈利客户的利润率；"
                         "无利可图的客户为何如此，是改变还是放弃。"),
    "pyr_act_vip": ("**Keep and grow.** Serve them first with dedicated contacts; learn what they buy and find "
                    "more customers like them.",
                    "**保持并发展。** 优先服务、专人对接；了解他们买什么，寻找更多类似的客户。"),
    "pyr_act_major": ("**Keep and upgrade.** Priority service and loyalty rewards; move the best of them up "
                      "to VIP.", "**保持并升级。** 提供优先服务和忠诚奖励，推动其中最好的客户升为 VIP。"),
    "pyr_act_ordinary": ("**Raise the margin.** Cross-sell and up-sell, lower the cost to serve; upgrade them to "
                         "major.", "**提高利润率。** 交叉销售与追加销售，降低服务成本；推动升级为主要客户。"),
    "pyr_act_small": ("**Serve efficiently.** Low-cost, self-service channels; find the ones with potential — "
                      "fix the rest or let them go.",
                      "**高效服务。** 采用低成本、自助式渠道；发掘有潜力者，其余改进或放弃。"),
    "pyr_act_lead": ("**Find out why they bring nothing.** Returns, discounts, cost to serve: change the terms "
                     "or stop spending on them.",
                     "**查明为何没有贡献。** 退货、折扣还是服务成本？调整合作条件，或停止投入。"),
    "pyr_card_count": ("{customers:,} customers · {vshare} of {metric}", "{customers:,} 名客户 · 占{metric} {vshare}"),
    "pyr_card_entry": ("From {value} of {metric} per customer", "每位客户{metric}不低于 {value}"),
    # breakdown
    "pyr_bd_title": ("Net revenue of each tier by {dim}", "各层净销售额的{dim}构成"),
    "pyr_bd_axis": ("Share of the tier's net revenue", "占该层净销售额的比例"),
    "pyr_bd_unknown": ("(not given)", "（未注明）"),
    "pyr_bd_hover": ("Net revenue", "净销售额"),
    "pyr_bd_note": ("Lines before the as-of date; an order with lines in two {dim}s counts in both. Tiers whose "
                    "net revenue is not positive are left out.",
                    "基于分析基准日之前的订单明细；一笔订单含两个{dim}的明细时，两处都计入。净销售额不为正的层级不显示。"),
    # download
    "pyr_dl_title": ("Customers of a tier", "下载某一层的客户"),
    "pyr_dl_tier": ("Tier", "层级"),
    "pyr_dl_option": ("{tier} — {customers:,} customers", "{tier} — {customers:,} 名客户"),
    "pyr_dl_caption": ("{customers:,} customers of the tier {tier}, most valuable first: the customer table's "
                       "columns, the tier and the latest contact columns of the file ({cols}).",
                       "{tier}共 {customers:,} 名客户，按价值从高到低：客户表各列、层级以及文件中最新的"
                       "联系信息列（{cols}）。"),
    "pyr_dl_no_contacts": ("none in this file", "该文件中没有"),
    # how this works
    "pyr_how_title": ("How this works", "计算方法"),
    "pyr_how_body": (
        "- **Ranking.** Every customer with an order before the as-of date is ranked by the value metric, "
        "highest first. Ties are broken by customer id (ascending), so the ranking never depends on the order "
        "of the rows in the file.\n"
        "- **Tiers.** With *n* customers, the customer at rank *k* is VIP when *k* ≤ VIP % × *n*, major when "
        "*k* ≤ (VIP + major) % × *n*, ordinary when *k* ≤ (VIP + major + ordinary) % × *n*, otherwise small. "
        "Customers whose value is zero or negative form the lead row whatever their rank. The 1 / 4 / 15 / 80 % "
        "split is Curry's (Curry & Curry 2000, *The Customer Marketing Method*); the lead row comes from the "
        "platinum / gold / iron / lead pyramid of Zeithaml, Rust & Lemon (2001), *The Customer Pyramid*, "
        "California Management Review 43(4), which tiers by profitability.\n"
        "- **Table.** Shares are of the totals over all customers; orders count distinct order ids (or "
        "customer-days when the file has none); days since the last order are counted to the as-of date.\n"
        "- **Pareto curve and Gini.** Customers sorted by value, most valuable first; the curve shows the "
        "cumulative share of value against the share of customers. Gini = twice the area between the curve "
        "and the 45° line (Gini 1912), 0 when all customers bring the same.\n"
        "- **Actions.** The course's three questions for the pyramid: keep and find more of the most valuable, "
        "raise the margin of the moderately profitable, ask why the unprofitable are so and change or drop them.",
        "- **排序。** 分析基准日之前有订单的每位客户按价值指标从高到低排序。价值相同时按客户编号升序排列，"
        "因此排序结果与文件中行的顺序无关。\n"
        "- **分层。** 共 *n* 名客户时，排名第 *k* 的客户：*k* ≤ VIP% × *n* 为 VIP 客户；*k* ≤（VIP + 主要）% × *n* "
        "为主要客户；*k* ≤（VIP + 主要 + 普通）% × *n* 为普通客户；其余为小客户。价值为零或为负的客户无论排名都归入"
        "铅层。1 / 4 / 15 / 80% 的划分来自 Curry（Curry & Curry 2000，*The Customer Marketing Method*）；铅层来自 "
        "Zeithaml、Rust 与 Lemon（2001）按盈利能力划分的铂金 / 黄金 / 钢铁 / 铅四层客户金字塔（*The Customer "
        "Pyramid*，California Management Review 43(4)）。\n"
        "- **表格。** 占比均为占全部客户合计的比例；订单数按不同订单号计（文件没有订单号时按客户-日计）；"
        "距上次购买天数计算到分析基准日。\n"
        "- **帕累托曲线与基尼系数。** 客户按价值从高到低排列，曲线表示客户占比对应的累计价值占比。"
        "基尼系数 = 曲线与 45° 线之间面积的两倍（Gini 1912），所有客户价值相同时为 0。\n"
        "- **管理重点。** 课程对客户金字塔提出的三个问题：留住并找到更多最有价值的客户；提高中等盈利客户的利润率；"
        "弄清无利可图的客户为何如此，决定改变还是放弃。"),
    "pyr_unknown_profit": ("{n} customer(s) have an order line without a cost, so their profit is unknown:",
                           "有 {n} 位客户的某些订单行没有成本，其利润未知："),
    "pyr_unknown_exclude": ("leave them out of the pyramid", "不纳入金字塔"),
    "pyr_unknown_revenue": ("value them by net revenue", "按净销售额计算其价值"),
    "pyr_unknown_help": ("A blank cost is not a cost of 0: counting it as 0 profit would put a paying customer "
                         "among the leads. Leave them out, or rank them by what they paid.",
                         "成本为空不等于成本为 0：把它算作 0 利润会把付了钱的客户归入铅层。可以不纳入，或按其付款金额排名。"),
}
