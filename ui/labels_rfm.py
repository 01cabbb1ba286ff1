"""Labels of the RFM view, English and Chinese; merged into ui.i18n.LABELS (one table)."""

LABELS: dict[str, tuple[str, str]] = {
    "rfm_title": ("RFM analysis", "RFM 分析"),
    "rfm_intro": ("Recency (days since the last order), Frequency (orders) and Monetary value (net revenue) "
                  "as of {as_of}, scored 1–5 (5 = best: most recent, most orders, most spend).",
                  "截至 {as_of} 的最近一次消费（距上次下单天数）、消费频率（订单数）和消费金额（净销售额），"
                  "按 1–5 评分（5 分最好：最近、最频繁、消费最多）。"),
    "rfm_monetary": ("Monetary value", "消费金额口径"),
    "rfm_monetary_total": ("Total net revenue", "累计净销售额"),
    "rfm_monetary_average": ("Average per order", "平均每单金额"),
    "rfm_scoring": ("Scores", "评分方式"),
    "rfm_scoring_quintiles": ("Quintiles of the data", "按数据五分位"),
    "rfm_scoring_manual": ("Manual cut points", "手动设定分界点"),
    "rfm_manual_help": ("Four ascending cut points per measure; a value above k of them scores k + 1 "
                        "(for recency, fewer days score higher).",
                        "每个指标四个递增的分界点；超过 k 个分界点得 k + 1 分（最近一次消费则天数越少得分越高）。"),
    "rfm_cuts_title": ("Cut points used", "使用的分界点"),
    "rfm_cut_recency": ("Recency [days since last order]", "最近一次消费 [距上次下单天数]"),
    "rfm_cut_orders": ("Frequency [orders]", "消费频率 [订单数]"),
    "rfm_cut_monetary": ("Monetary [{cur}]", "消费金额 [{cur}]"),
    "rfm_cut_col": ("cut {k}", "分界点 {k}"),
    "rfm_heatmap_title": ("Recency × Frequency", "最近一次消费 × 消费频率"),
    "rfm_heatmap_caption": ("Each cell: customers with that R and F score; colour = their average monetary value. "
                            "Hover for the most common segment.",
                            "每格为该 R、F 得分的客户数；颜色 = 其平均消费金额。悬停可查看最常见的客户分群。"),
    "rfm_r_axis": ("R score (5 = most recent)", "R 得分（5 = 最近）"),
    "rfm_f_axis": ("F score (5 = most orders)", "F 得分（5 = 最多订单）"),
    "rfm_avg_monetary": ("Average monetary", "平均消费金额"),
    "rfm_customers": ("Customers", "客户数"),
    "rfm_segments_title": ("Named segments", "命名客户分群"),
    "rfm_segments_caption": ("Every one of the 125 R-F-M codes belongs to one segment, by R and FM = the mean of F "
                             "and M rounded half up (after the R × FM grid popularised by Putler; which cell belongs to "
                             "which segment is this product's own choice).",
                             "125 个 R-F-M 组合各属于一个分群，依据 R 与 FM（F、M 的平均值，四舍五入）划分"
                             "（参照 Putler 推广的 R × FM 网格；具体划分为本产品自定）。"),
    "rfm_class8_title": ("The 8 classes (Chinese practice)", "八类客户（国内常用）"),
    "rfm_class8_caption": ("Above or below the mean of each measure: R is high when the days since the last order "
                           "are at most the mean (recent); F and M are high above their mean.",
                           "按各指标是否高于平均值划分：距上次下单天数不高于平均值为 R 高（最近消费过）；"
                           "F、M 高于平均值为高。"),
    "rfm_col_segment": ("Segment", "分群"),
    "rfm_col_class": ("Class", "类别"),
    "rfm_col_customers": ("Customers", "客户数"),
    "rfm_col_customer_share": ("Share of customers", "客户占比"),
    "rfm_col_monetary": ("Monetary [{cur}]", "消费金额 [{cur}]"),
    "rfm_col_monetary_share": ("Share of monetary", "金额占比"),
    "rfm_col_avg_r": ("Avg days since last order", "平均距上次下单天数"),
    "rfm_col_avg_f": ("Avg orders", "平均订单数"),
    "rfm_col_avg_m": ("Avg monetary [{cur}]", "平均消费金额 [{cur}]"),
    "rfm_col_description": ("Who they are", "客户特征"),
    "rfm_col_action": ("What to do", "建议策略"),
    "rfm_movement_title": ("Movement between two dates", "两个日期之间的分群迁移"),
    "rfm_movement_from": ("Compare with", "对比日期"),
    "rfm_matrix_title": ("Customers from each segment (rows, earlier date) to each segment (columns, as-of date)",
                         "各分群之间的客户迁移（行：对比日期的分群；列：基准日的分群）"),
    "rfm_matrix_before": ("Earlier segment", "对比日期的分群"),
    "rfm_movers_title": ("Who moved", "迁移的客户"),
    "rfm_movers_none": ("No customer changed segment between the two dates.", "两个日期之间没有客户改变分群。"),
    "rfm_movers_from": ("From (earlier date)", "原分群（对比日期）"),
    "rfm_movers_to": ("To (as-of date)", "现分群（基准日）"),
    "rfm_movers_count": ("{n:,} customers moved from {source} to {target}.", "{n:,} 名客户从{source}变为{target}。"),
    "rfm_movement_caption": ("Customers' segments on {before} (left) and on {after} (right); scores are recomputed on "
                             "each date. \"New\" = first order between the two dates.",
                             "左侧为 {before} 的分群，右侧为 {after} 的分群；每个日期分别重新评分。“新客户”= 两个日期之间首次下单。"),
    "rfm_movement_too_early": ("Choose a date after the first order ({first}).", "请选择首笔订单（{first}）之后的日期。"),
    "rfm_stay_share": ("{share:.0%} of the customers present on both dates stayed in their segment.",
                       "两个日期都在的客户中，{share:.0%} 留在原分群。"),
    "rfm_export_title": ("Campaign list", "营销名单"),
    "rfm_export_by": ("Select by", "筛选依据"),
    "rfm_export_pick": ("Segments or classes to export", "要导出的分群或类别"),
    "rfm_export_count": ("{n:,} customers selected.", "已选择 {n:,} 名客户。"),
    "rfm_how_title": ("How this works", "方法说明"),
    "rfm_how_body": (
        "**R, F, M** come from the orders before the as-of date: R = days since the last order, F = number of "
        "orders (distinct order ids, or customer-days without them), M = net revenue after returns (or per order). "
        "**Scores**: the cut points are the 20/40/60/80 % quantiles of each measure; a customer scores 1 + the "
        "number of cut points their value exceeds (for R, fewer days score higher). Equal values always get the "
        "same score, so the result never depends on row order; with many one-time buyers some F scores stay empty. "
        "**Segments** (Champions … Lost) are read from R and FM on a fixed grid; the **8 classes** compare each "
        "measure with its mean (the course material's 重要价值 … 一般挽留). Sources: Hughes (1994), *Strategic "
        "Database Marketing*; the course material's RFM table.",
        "**R、F、M** 取自基准日之前的订单：R = 距上次下单天数，F = 订单数（不同订单号；没有订单号时按客户-日计），"
        "M = 扣除退货后的净销售额（或每单平均）。**评分**：分界点为各指标的 20/40/60/80% 分位数；客户得分 = 1 + 其数值"
        "超过的分界点个数（R 则天数越少得分越高）。数值相同的客户得分一定相同，因此结果与行顺序无关；一次性购买者很多时，"
        "某些 F 分数可能无人。**分群**（重要价值客户……流失客户）按 R 与 FM 在固定网格中查得；**八类客户**将每个指标与其"
        "平均值比较（课程中的重要价值……一般挽留）。来源：Hughes (1994)《Strategic Database Marketing》；课程资料中的 "
        "RFM 表。"),
    # the 11 named segments: name, who they are, what to do
    "seg_champions": ("Champions", "冠军客户"),
    "seg_champions_desc": ("Bought recently, buy often and spend the most.", "最近购买、购买频繁且消费最多。"),
    "seg_champions_act": ("Reward them; early access to new products; ask for reviews and referrals.",
                          "给予奖励；新品优先体验；邀请评价和推荐。"),
    "seg_loyal": ("Loyal", "忠诚客户"),
    "seg_loyal_desc": ("Buy often and spend well; not the very latest buyers.", "购买频繁、消费较高，但不是最近一批购买者。"),
    "seg_loyal_act": ("Upsell higher-value products; loyalty programme; keep them engaged.",
                      "推荐更高价值的商品；会员计划；保持互动。"),
    "seg_potential_loyalist": ("Potential loyalists", "潜在忠诚客户"),
    "seg_potential_loyalist_desc": ("Recent buyers with average frequency and spend.", "最近购买、频率和金额中等。"),
    "seg_potential_loyalist_act": ("Offer membership or a loyalty programme; recommend related products.",
                                   "邀请加入会员或忠诚计划；推荐相关商品。"),
    "seg_new_customers": ("New customers", "新客户"),
    "seg_new_customers_desc": ("Bought very recently, but only once or little.", "刚刚购买，但只买过一次或很少。"),
    "seg_new_customers_act": ("Onboard well: welcome series, early support, a reason for the second order.",
                              "做好新客引导：欢迎系列、及时服务、给出第二次购买的理由。"),
    "seg_promising": ("Promising", "有潜力客户"),
    "seg_promising_desc": ("Fairly recent buyers who have not bought much yet.", "较近购买，但购买还不多。"),
    "seg_promising_act": ("Build brand awareness; free trials or samples.", "提升品牌认知；提供试用或赠品。"),
    "seg_need_attention": ("Need attention", "需要关注"),
    "seg_need_attention_desc": ("Average recency, frequency and spend.", "最近一次消费、频率和金额均居中。"),
    "seg_need_attention_act": ("Limited-time offers based on their past purchases; reactivate before they slip.",
                               "根据过往购买推送限时优惠；在其流失前重新激活。"),
    "seg_about_to_sleep": ("About to sleep", "即将沉睡"),
    "seg_about_to_sleep_desc": ("Below-average recency, few orders, low spend.", "最近一次消费偏久、订单少、金额低。"),
    "seg_about_to_sleep_act": ("Share popular products and discounts; reconnect them.", "推荐热门商品和折扣；重新建立联系。"),
    "seg_at_risk": ("At risk", "流失风险客户"),
    "seg_at_risk_desc": ("Spent well and bought often, but long ago.", "曾经消费较高、购买频繁，但已很久没有购买。"),
    "seg_at_risk_act": ("Personal win-back messages, renewals, useful resources.", "个性化挽回信息、续订提醒、有用的内容。"),
    "seg_cant_lose": ("Can't lose them", "不能失去的客户"),
    "seg_cant_lose_desc": ("Made the biggest and most frequent purchases, but have not come back for long.",
                           "曾经购买最多、最频繁，但很久没有回来。"),
    "seg_cant_lose_act": ("Win them back: new products, talk to them, do not lose them to a competitor.",
                          "全力挽回：介绍新品、主动沟通，不要让竞争对手抢走。"),
    "seg_hibernating": ("Hibernating", "休眠客户"),
    "seg_hibernating_desc": ("Last order long ago, low frequency and spend.", "上次购买很久以前，频率和金额都低。"),
    "seg_hibernating_act": ("Offer relevant products and special discounts; recreate value.", "推荐相关商品和专属折扣；重新创造价值。"),
    "seg_lost": ("Lost", "流失客户"),
    "seg_lost_desc": ("Lowest recency, frequency and spend.", "最近一次消费、频率和金额都最低。"),
    "seg_lost_act": ("Try one campaign to revive interest; otherwise ignore.", "尝试一次唤回活动；无效则不再投入。"),
    # the Chinese 8 classes (reference/TEXTBOOK.md): name and action
    "c8_important_value": ("Important value (重要价值)", "重要价值客户"),
    "c8_important_value_act": ("Core customers: keep them, serve them first.", "核心客户：重点保持，优先服务。"),
    "c8_important_develop": ("Important to develop (重要发展)", "重要发展客户"),
    "c8_important_develop_act": ("Spend well but buy rarely: raise their frequency.", "消费高但购买少：提高购买频率。"),
    "c8_important_retain": ("Important to retain (重要保持)", "重要保持客户"),
    "c8_important_retain_act": ("Loyal but away lately: contact them proactively.", "忠诚但最近未购买：主动联系。"),
    "c8_important_winback": ("Important to win back (重要挽留)", "重要挽留客户"),
    "c8_important_winback_act": ("Big spender about to leave: win them back.", "高消费客户即将流失：重点挽留。"),
    "c8_general_value": ("General value (一般价值)", "一般价值客户"),
    "c8_general_value_act": ("Recent and frequent, low spend: raise the order value.", "最近且频繁购买但金额低：提高客单价。"),
    "c8_general_develop": ("General to develop (一般发展)", "一般发展客户"),
    "c8_general_develop_act": ("Recent, infrequent, low spend: develop if worthwhile.", "最近购买但频率低、金额低：值得时再培养。"),
    "c8_general_retain": ("General to retain (一般保持)", "一般保持客户"),
    "c8_general_retain_act": ("Frequent but low spend and away: keep in touch as needed.", "购买频繁但金额低且最近未购买：按需保持联系。"),
    "c8_general_winback": ("General to win back (一般挽留)", "一般挽留客户"),
    "c8_general_winback_act": ("Lost or almost: low priority.", "已流失或即将流失：低优先级。"),
    "seg_new": ("New (first order in between)", "新客户（期间首次下单）"),
}
