"""Labels of the lifecycle view, English and Chinese; merged into ui.i18n.LABELS (one table)."""

LABELS: dict[str, tuple[str, str]] = {
    "lc_title": ("Customer lifecycle", "客户生命周期"),
    "lc_intro": ("Each customer's relationship stage as of {as_of}, read from their own purchase rhythm: how long "
                 "they have bought, how often, how long since the last order compared with their usual gap, and "
                 "whether their recent spend rises or falls against their own earlier spend.",
                 "截至 {as_of} 每位客户所处的关系阶段，依据其自身的购买节奏判断：购买了多久、多频繁、"
                 "距上次下单的天数与其平时的购买间隔相比如何，以及近期消费相对其自身以往水平是上升还是下降。"),
    # stages
    "lc_stage_new": ("New", "新客户"),
    "lc_stage_exploration": ("Exploration", "考察期"),
    "lc_stage_formation": ("Formation", "形成期"),
    "lc_stage_stable": ("Stable", "稳定期"),
    "lc_stage_decline": ("Decline", "退化期"),
    "lc_stage_lost": ("Lost", "已流失"),
    "lc_stage_not_yet": ("Not yet a customer", "尚未成为客户"),
    # how it works
    "lc_how_title": ("How the stages are decided", "阶段如何判定"),
    "lc_how_body": (
        "The course material (陈明亮's relationship lifecycle) names four stages: **exploration** (the relationship "
        "is being tried), **formation** (fast growth), **stable** (mature, the ideal stage) and **decline** (the "
        "relationship turns down); transaction volume and profit rise through the first three and fall in decline. "
        "It gives **no numeric boundaries**: the rules below, with *new* before the four stages and *lost* after "
        "them, are this product's own operationalisation. Every boundary can be changed under *Stage thresholds* (the defaults are shown here).\n\n"
        "For each customer, counting the orders before the as-of date D:\n"
        "- **typical gap** = (last order day − first order day) / (order days − 1), the customer's own mean gap; "
        "customers who bought on one day only get the median gap of everyone else;\n"
        "- **spend trend** = net spend in the last W = {recent_days} days ÷ the customer's earlier spend per W days "
        "(needs at least W days of history before the window, and a typical gap of at most W / 2).\n\n"
        "The first rule that matches decides:\n"
        "1. **Lost**: days since the last order > the larger of {lost_min_days} days and {lost_gap_multiple} × the "
        "typical gap; or, whatever the customer's own rhythm, > the larger of {lost_min_days} days and the **lost "
        "ceiling**, the {lost_ceiling_percentile:g}th percentile of all repurchase gaps in the data before D (fewer "
        "than {rest:g} in 100 repurchases came after a longer pause); or, when switched on, P(alive) from BG/NBD "
        "below {lost_p_alive};\n"
        "2. **New**: one order, placed within the last {new_days} days;\n"
        "3. **Exploration**: at most {exploration_max_orders} orders;\n"
        "4. **Decline**: days since the last order > {decline_gap_multiple} × the typical gap, or spend trend below "
        "{decline_spend_ratio} (recent spend below that multiple of the earlier rate);\n"
        "5. **Formation**: fewer than {stable_min_tenure_days} days since the first order, or spend trend at or "
        "above {growth_ratio} (recent spend at least that multiple of the earlier rate);\n"
        "6. **Stable**: everyone else.\n\n"
        "The retention levers per stage follow the course: raise retention, mind the switching cost, special "
        "appreciation, emotional ties, group activities, learning relationships; add financial, then social, then "
        "structural bonds. Source of the stages: 陈明亮, customer relationship lifecycle (the course "
        "material); thresholds: this product's defaults.",
        "课程资料（陈明亮的客户关系生命周期）将客户关系分为四个阶段：**考察期**（双方尝试建立关系）、**形成期**"
        "（关系快速发展）、**稳定期**（关系成熟，是理想阶段）和**退化期**（关系走向衰退）；交易量和利润在前三个阶段"
        "逐步上升，在退化期下降。资料**没有给出数值界限**：下面的规则（在四个阶段之前加上“新客户”，之后加上"
        "“已流失”）是本产品自己的量化方式，所有界限都可在“阶段阈值”中调整（此处显示默认值）。\n\n"
        "对每位客户，统计基准日 D 之前的订单：\n"
        "- **平均购买间隔** =（最后下单日 − 首次下单日）/（下单天数 − 1），即客户自身的平均间隔；只在一天内购买过的"
        "客户取其他客户间隔的中位数；\n"
        "- **消费趋势** = 最近 W = {recent_days} 天的净消费 ÷ 该客户此前每 W 天的平均消费（要求窗口之前至少有 W 天的"
        "历史，且平均购买间隔不超过 W / 2）。\n\n"
        "按顺序判断，先满足的规则决定阶段：\n"
        "1. **已流失**：距上次下单天数 > {lost_min_days} 天与 {lost_gap_multiple} × 平均购买间隔中的较大者；或者不论客户"
        "自身节奏，距上次下单天数 > {lost_min_days} 天与**流失间隔上限**中的较大者，上限为基准日 D 之前数据中全部复购间隔"
        "的第 {lost_ceiling_percentile:g} 百分位数（间隔更长的复购不到 {rest:g}%）；或在启用时，BG/NBD 估计的存活"
        "概率低于 {lost_p_alive}；\n"
        "2. **新客户**：只有一笔订单，且在最近 {new_days} 天内下单；\n"
        "3. **考察期**：订单数不超过 {exploration_max_orders} 笔；\n"
        "4. **退化期**：距上次下单天数 > {decline_gap_multiple} × 平均购买间隔，或近期消费低于以往的 {decline_spend_ratio} 倍；\n"
        "5. **形成期**：首次下单至今不足 {stable_min_tenure_days} 天，或近期消费达到以往的 {growth_ratio} 倍及以上；\n"
        "6. **稳定期**：其余客户。\n\n"
        "各阶段的维系措施参照课程：提高客户保持率、重视转换成本、特殊关怀、情感联系、集体活动、学习型关系；"
        "依次建立财务层面、社交层面、结构层面的纽带。阶段划分来源：陈明亮的客户关系生命周期理论（课程资料）"
        "；阈值为本产品的默认设定。"),
    # the rules checked against what happened next (in the explanation)
    "lc_check_title": ("Do the stages predict who comes back?", "阶段能否预示客户是否回购？"),
    "lc_check_help": ("A check of the rules on this dataset: the stages as of {stage_date} ({days} days before the "
                      "as-of date, with the thresholds chosen below, without P(alive)), and the share of each stage's "
                      "customers who bought again from then until {as_of}. If the rules read the buying rhythm well, "
                      "the share falls from the active stages through decline to lost.",
                      "在当前数据上检验规则：按下方所选阈值（不使用存活概率）判定 {stage_date}（基准日之前 {days} 天）"
                      "各客户的阶段，再看各阶段客户中在此后直到 {as_of} 之间再次购买的比例。若规则准确反映了购买节奏，"
                      "该比例应从活跃阶段经退化期到已流失依次下降。"),
    "lc_check_run": ("Run the check", "运行检验"),
    "lc_check_too_early": ("The data are too short for this check: it needs purchases more than {days} days before "
                           "the as-of date (data start {first}).",
                           "数据时间跨度不足，无法检验：需要基准日之前超过 {days} 天的购买记录（数据起始于 {first}）。"),
    "lc_check_customers": ("Customers on {date}", "{date} 的客户数"),
    "lc_check_bought": ("Bought again within {days} days", "{days} 天内再次购买"),
    "lc_check_share": ("Share who bought again within {days} days", "{days} 天内再次购买的比例"),
    "lc_check_note": ("On CDNOW (stages as of 1997-10-01, the next 180 days) the share is 68.1 % for formation, 51.9 % "
                      "for decline and 13.4 % for lost, but 37.4 % for exploration: customers with one or two orders "
                      "come back less often than overdue regular buyers, so the stage order is not a scale of "
                      "coming back. Buying again = a purchase of a new order, as in the churn label.",
                      "在 CDNOW 数据上（阶段判定于 1997-10-01，观察此后 180 天），形成期的回购比例为 68.1%，退化期为 "
                      "51.9%，已流失为 13.4%，而考察期为 37.4%：只下过一两单的客户回购少于逾期未购的老客户，因此阶段"
                      "顺序并不是回购可能性的刻度。再次购买 = 有新订单的购买，与流失标签的定义相同。"),
    # thresholds
    "lc_thresholds": ("Stage thresholds", "阶段阈值"),
    "lc_thresholds_help": ("The product's own defaults; change them to fit your business's buying rhythm.",
                           "以下为本产品的默认值，可按贵公司客户的购买节奏调整。"),
    "lc_th_new_days": ("New: first order within [days]", "新客户：首次下单在最近 [天] 内"),
    "lc_th_exploration_max_orders": ("Exploration: at most [orders]", "考察期：订单数不超过 [笔]"),
    "lc_th_stable_min_tenure_days": ("Stable: customer for at least [days]", "稳定期：成为客户至少 [天]"),
    "lc_th_recent_days": ("Recent window W [days]", "近期窗口 W [天]"),
    "lc_th_growth_ratio": ("Formation: spend trend at least [× earlier]", "形成期：消费趋势不低于 [× 以往]"),
    "lc_th_decline_spend_ratio": ("Decline: spend trend below [× earlier]", "退化期：消费趋势低于 [× 以往]"),
    "lc_th_decline_gap_multiple": ("Decline: days since last order over [× typical gap]",
                                   "退化期：距上次下单超过 [× 平均间隔]"),
    "lc_th_lost_gap_multiple": ("Lost: days since last order over [× typical gap]",
                                "已流失：距上次下单超过 [× 平均间隔]"),
    "lc_th_lost_min_days": ("Lost: and at least [days] since last order", "已流失：且距上次下单至少 [天]"),
    "lc_th_lost_p_alive": ("Lost: P(alive) below", "已流失：存活概率低于"),
    "lc_th_lost_ceiling_percentile": ("Lost: beyond this percentile of all repurchase gaps [%]",
                                      "已流失：超过全部复购间隔的此百分位数 [%]"),
    "lc_ceiling_caption": ("Lost ceiling as of {as_of}: {days} days, the {pct:g}th percentile of all repurchase gaps "
                           "before that day; a customer silent for longer (and for more than {floor} days) is lost "
                           "whatever their own rhythm.",
                           "截至 {as_of} 的流失间隔上限：{days} 天，即该日之前全部复购间隔的第 {pct:g} 百分位数；"
                           "距上次下单超过此天数（且超过 {floor} 天）的客户，不论其自身节奏，均判为已流失。"),
    "lc_ceiling_none": ("No lost ceiling as of {as_of}: nobody has bought twice yet.",
                        "截至 {as_of} 没有流失间隔上限：尚无客户购买过两次。"),
    "lc_use_p_alive": ("Also use P(alive) from BG/NBD", "同时使用 BG/NBD 估计的存活概率"),
    "lc_use_p_alive_help": ("Fits BG/NBD on the customers as of the as-of date (weeks) and marks customers whose "
                            "probability of still being active is below the threshold as lost.",
                            "在基准日的客户数据上拟合 BG/NBD 模型（以周为单位），存活概率低于阈值的客户判为已流失。"),
    "lc_p_alive_failed": ("P(alive) is not used: {msg}", "未使用存活概率：{msg}"),
    "lc_computing": ("Assigning stages…", "正在判定客户阶段…"),
    # overview and distribution
    "lc_metric_customers": ("Customers", "客户数"),
    "lc_tab_stages": ("Stages", "阶段分布"),
    "lc_tab_monthly": ("Month by month", "逐月变化"),
    "lc_tab_movement": ("Movement", "阶段迁移"),
    "lc_tab_cohorts": ("Cohort retention", "同期群留存"),
    "lc_tab_export": ("Customers by stage", "分阶段客户名单"),
    "lc_dist_caption": ("Customers, net revenue and profit to date per stage, and what to do in each stage.",
                        "各阶段的客户数、累计净销售额和利润，以及各阶段的维系措施。"),
    "lc_col_stage": ("Stage", "阶段"),
    "lc_col_customers": ("Customers", "客户数"),
    "lc_col_customer_share": ("Share of customers", "客户占比"),
    "lc_col_revenue": ("Net revenue [{cur}]", "净销售额 [{cur}]"),
    "lc_col_revenue_share": ("Share of revenue", "销售额占比"),
    "lc_col_profit": ("Profit [{cur}]", "利润 [{cur}]"),
    "lc_col_profit_share": ("Share of profit", "利润占比"),
    "lc_col_recent_purchases": ("Purchases in the last {days} days [{cur}]", "最近 {days} 天购买额 [{cur}]"),
    "lc_col_recent_returns": ("Returns in the last {days} days [{cur}]", "最近 {days} 天退货额 [{cur}]"),
    "lc_recent_note": ("Net revenue of the last {days} days = purchases − returns. Returns are dated when refunded: "
                       "a lost customer has no purchase in the window but can have returns there, refunds of "
                       "purchases made before it.",
                       "最近 {days} 天净销售额 = 购买额 − 退货额。退货按退款日期计入：已流失客户在该窗口内没有购买，"
                       "但可能有退货，即对窗口之前所购商品的退款。"),
    "lc_col_avg_orders": ("Orders per customer", "人均订单数"),
    "lc_col_avg_days": ("Days since last order (mean)", "距上次下单天数（平均）"),
    "lc_col_action": ("Retention levers", "维系措施"),
    "lc_chart_share": ("Share", "占比"),
    "lc_chart_of_customers": ("of customers", "客户"),
    "lc_chart_of_revenue": ("of net revenue", "净销售额"),
    "lc_chart_of_profit": ("of profit", "利润"),
    "lc_act_new": ("Welcome them and make the second purchase easy: a first-repeat coupon or points (a financial "
                   "bond), and learn what they came for.",
                   "做好欢迎，让第二次购买更容易：发放复购券或积分（财务层面的纽带），并了解其购买需求。"),
    "lc_act_exploration": ("Lower the risk of trying again: a reminder timed to their rhythm, guidance on products, "
                           "a small incentive; raise retention early, while the relationship is still being tested.",
                           "降低再次尝试的顾虑：按其购买节奏适时提醒、提供商品指引和小额激励；在关系仍处于考察时"
                           "尽早提高客户保持率。"),
    "lc_act_formation": ("Grow the relationship: personalised offers and special appreciation, member benefits that "
                         "accumulate (raising the switching cost); move from financial to social bonds.",
                         "推动关系成长：个性化推荐与特殊关怀，设置可累积的会员权益（提高转换成本）；从财务纽带"
                         "逐步过渡到社交纽带。"),
    "lc_act_stable": ("Keep and deepen: emotional ties, group activities (community, events), a learning "
                      "relationship that remembers preferences; structural bonds they cannot get elsewhere.",
                      "保持并深化关系：建立情感联系，组织集体活动（社群、会员活动），形成记住客户偏好的学习型关系；"
                      "提供别处得不到的结构性纽带。"),
    "lc_act_decline": ("Act before they leave: contact them personally, find out why (service, price, competitor), "
                       "a win-back offer sized to their value; remind them of what switching would cost them.",
                       "在客户离开前行动：主动个别联系，查明原因（服务、价格还是竞争对手），按其价值给予挽回优惠；"
                       "让客户意识到转换的代价。"),
    "lc_act_lost": ("Win back only the valuable ones, with a targeted offer; low-cost reminders for the rest.",
                    "只针对高价值客户进行有针对性的挽回；其余客户仅做低成本提醒。"),
    # monthly
    "lc_monthly_caption": ("Customers in each stage at the start of every month (the orders before that day), with "
                           "the thresholds above.",
                           "按上方阈值，每月 1 日（统计当日之前的订单）各阶段的客户数。"),
    "lc_monthly_x": ("As of", "基准日"),
    "lc_monthly_running": ("Assigning stages for every month…", "正在逐月判定客户阶段…"),
    # movement
    "lc_movement_from": ("Compare with the stages as of", "与此日期的阶段对比"),
    "lc_movement_caption": ("Customers moving between stages from {before} to {after}; “not yet a customer” = "
                            "first order between the two dates.",
                            "从 {before} 到 {after} 客户在各阶段间的迁移；“尚未成为客户”指在两个日期之间首次下单。"),
    "lc_movement_too_early": ("No customer had ordered before that date (data start {first}).",
                              "该日期之前没有客户下过单（数据起始于 {first}）。"),
    "lc_matrix_title": ("Transition matrix (rows: before, columns: after) [customers]",
                        "迁移矩阵（行：之前，列：之后）[客户数]"),
    "lc_matrix_before": ("Before ↓ / after →", "之前 ↓ / 之后 →"),
    # cohorts
    "lc_cohort_caption": ("Customers grouped by the month of their first order (rows); each cell is the share of the "
                          "group that bought again k months later (columns). Month 0 is 100 % by definition.",
                          "按首次下单月份对客户分组（行）；每格为该组客户在 k 个月后（列）仍有购买的比例。"
                          "第 0 个月按定义为 100%。"),
    "lc_cohort_x": ("Months since first order", "距首次下单的月数"),
    "lc_cohort_y": ("First-order month", "首次下单月份"),
    "lc_cohort_size": ("Cohort size", "同期群客户数"),
    "lc_cohort_share": ("Retention", "留存率"),
    # export
    "lc_rule_lost_gap": ("no order for longer than the lost limit", "超过流失界限未下单"),
    "lc_rule_lost_ceiling": ("no order for longer than the data's repurchase gaps allow (the lost ceiling)",
                             "未下单时间超过数据中复购间隔的上限（流失间隔上限）"),
    "lc_rule_lost_p_alive": ("P(alive) below the threshold", "存活概率低于阈值"),
    "lc_rule_new": ("one recent order", "近期仅下单一次"),
    "lc_rule_exploration": ("few orders so far", "目前订单较少"),
    "lc_rule_decline_gap": ("overdue against their own rhythm", "超出自身购买节奏未下单"),
    "lc_rule_decline_spend": ("recent spend fell against their own earlier spend", "近期消费低于自身以往水平"),
    "lc_rule_formation_tenure": ("customer for less than the stable minimum", "成为客户的时间尚短"),
    "lc_rule_formation_growth": ("recent spend grew against their own earlier spend", "近期消费高于自身以往水平"),
    "lc_rule_stable": ("regular buyer, steady spend", "购买规律、消费平稳"),
    "lc_export_pick": ("Stages to export", "要导出的阶段"),
    "lc_export_count": ("{n:,} customers selected.", "已选 {n:,} 名客户。"),
    "lc_export_caption": ("With the contact columns of the file (name, phone …) for a campaign tool; first 200 rows "
                          "shown.",
                          "附带文件中的联系信息列（姓名、电话等），可直接用于营销工具；下表仅显示前 200 行。"),
}
