"""Labels of the loyalty view's "what loyalty is worth" sections (customer equity, the retention what-if, the seven
loyalty types), English and Chinese; merged into ui.i18n.LABELS (one table)."""

LABELS: dict[str, tuple[str, str]] = {
    # customer equity
    "loe_sec_equity": ("Customer equity", "客户资产"),
    "loe_equity_caption": ("Customer equity is the sum of every customer's predicted CLV: BG/NBD purchases × "
                           "Gamma-Gamma spend over the next {h:,} {units}, discounted at {rate} per {unit} — the CLV "
                           "page's settings ({source}). Value is predicted spend (revenue), not profit. Tiers are "
                           "the customer pyramid's by {metric}, with its default cut points.",
                           "客户资产 = 所有客户预测 CLV 之和：BG/NBD 购买次数 × Gamma-Gamma 消费金额，预测未来 {h:,} "
                           "{units}，每{unit}折现率 {rate}——与客户终生价值页面的设置相同（{source}）。价值为预测消费额"
                           "（收入），不是利润。层级为客户金字塔按{metric}划分的层级（默认分界点）。"),
    "loe_settings_page": ("as set there", "沿用该页面的设置"),
    "loe_settings_default": ("its defaults: not changed there in this session", "默认设置：本次会话中未在该页面修改"),
    "loe_fitting": ("Fitting the purchase and spend models as of {as_of} …", "正在拟合截至 {as_of} 的购买与消费模型……"),
    "loe_fit_failed": ("Customer equity needs the predicted CLV, which this data cannot support: {msg}. The rest of "
                       "the page does not need it.",
                       "客户资产需要预测 CLV，但当前数据无法支持：{msg}。本页其余部分不受影响。"),
    "loe_m_equity": ("Customer equity", "客户资产"),
    "loe_m_equity_help": ("Σ predicted CLV over {n:,} customers with a prediction.", "{n:,} 位有预测值客户的预测 CLV 之和。"),
    "loe_m_mean_clv": ("Mean predicted CLV", "平均预测 CLV"),
    "loe_m_active": ("Expected time active, next {h:,} {units}", "未来 {h:,} {units}内预计活跃时间"),
    "loe_m_active_value": ("{mean} {units}", "{mean} {units}"),
    "loe_m_active_median": ("median {median} {units}", "中位数 {median} {units}"),
    "loe_m_active_help": ("Per customer, the expected time still active within the next {h:,} {units} under BG/NBD: "
                          "P(alive now) × the integral over the horizon of the chance of staying active, given the "
                          "customer's purchases. Mean over all customers, the median beneath it. The unconditional "
                          "remaining lifetime is infinite with these parameters (a ≤ 1: some customers almost "
                          "never drop out), so only the part within the horizon is a meaningful figure.",
                          "每位客户在 BG/NBD 模型下未来 {h:,} {units}内预计仍然活跃的时间：当前仍活跃的概率 × 在预测期内"
                          "保持活跃的概率的积分（以客户的购买记录为条件）。显示所有客户的平均值，下方为中位数。按这些参数，"
                          "不设期限的剩余寿命期望为无穷大（a ≤ 1：部分客户几乎不会流失），因此只有预测期内的部分有意义。"),
    "loe_not_predicted": ("{n:,} customer(s) have no predicted CLV and are left out of the total.",
                          "{n:,} 位客户没有预测 CLV，未计入总额。"),
    "loe_chart_equity": ("Customer equity", "客户资产"),
    "loe_col_customers": ("Customers", "客户数"),
    "loe_col_equity": ("Customer equity", "客户资产"),
    "loe_col_share": ("Share of equity", "资产占比"),
    "loe_col_mean_clv": ("Mean CLV", "平均 CLV"),
    "loe_tier_unknown": ("Unknown value (blank cost)", "价值未知（成本为空）"),
    "loe_tier_unassigned": ("Not assigned (value unknown)", "未归类（价值未知）"),
    "loe_split_by": ("Split by", "拆分方式"),
    "loe_split_tier": ("Pyramid tier", "金字塔层级"),
    "loe_split_quadrant": ("Relationship type", "关系类型"),
    # what keeping customers is worth
    "loe_sec_worth": ("What keeping customers is worth", "留住客户的价值"),
    "loe_worth_caption": ("The retention-based CLV m·r/(1+d−r) per customer group, from each group's retention from "
                          "{prev} to {period} (the retention period set above), its {basis} per active customer in "
                          "{period} and the discount rate per {period_unit}. What if retention rose by a few points?",
                          "按客户群计算基于保持率的 CLV：m·r/(1+d−r)。保持率为各客户群从 {prev} 到 {period} 的保持率（上方"
                          "选择的周期），m 为 {period} 每位活跃客户的{basis}，d 为每{period_unit}的折现率。如果保持率提高"
                          "几个百分点，会怎样？"),
    "loe_points": ("Retention + points", "保持率提高（百分点）"),
    "loe_points_help": ("Every group's retention rises by this many percentage points, at most to 99 %.",
                        "每个客户群的保持率提高这么多个百分点，最高到 99%。"),
    "loe_rate": ("Discount rate per year (%)", "年折现率（%）"),
    "loe_rate_help": ("Converted to the period: (1 + yearly rate)^(months / 12) − 1.",
                      "换算为每期折现率：(1 + 年折现率)^(月数 / 12) − 1。"),
    "loe_acq": ("Acquisition cost per new customer", "每位新客户的获客成本"),
    "loe_acq_help": ("What winning one new customer costs. With it, customer value is counted net of it, as in "
                     "Gupta, Lehmann & Stuart (2004), and the acquisition-cost lever can be compared; 0 = not known.",
                     "获得一位新客户的成本。填写后，客户价值按扣除获客成本计算（与 Gupta、Lehmann 和 Stuart 2004 相同），"
                     "并可比较获客成本这一杠杆；0 表示未知。"),
    "loe_groups": ("Customer groups", "客户分组"),
    "loe_groups_all": ("Whole base", "全体客户"),
    "loe_groups_tier": ("Pyramid tiers", "金字塔层级"),
    "loe_basis": ("Margin per period", "每期利润口径"),
    "loe_basis_net_revenue": ("Net revenue", "净销售额"),
    "loe_basis_profit": ("Profit", "利润"),
    "loe_basis_word_net_revenue": ("net revenue", "净销售额"),
    "loe_basis_word_profit": ("profit", "利润"),
    "loe_no_period": ("The retention-based value needs two complete {period}s with buyers before the as-of date; "
                      "choose a shorter retention period above or a later as-of date.",
                      "基于保持率的价值需要基准日之前至少两个有购买客户的完整{period}；请在上方选择更短的保持率周期，或选择"
                      "更晚的基准日。"),
    "loe_value_not_positive": ("The retention-based customer value net of the acquisition cost is {value}: nothing to "
                               "compare the levers' changes with. Lower the acquisition cost.",
                               "扣除获客成本后，基于保持率的客户价值为 {value}：无法比较各杠杆带来的变化。请降低获客成本。"),
    "loe_m_value": ("Retention-based customer value", "基于保持率的客户价值"),
    "loe_m_value_help": ("Σ over groups of active customers × m·r/(1+d−r){net}.", "各客户群活跃客户数 × m·r/(1+d−r) 之和{net}。"),
    "loe_net_of_acq": (", each net of the acquisition cost", "，每位客户扣除获客成本"),
    "loe_m_delta": ("If retention rose {x} points", "若保持率提高 {x} 个百分点"),
    "loe_m_delta_help": ("The gain in retention-based customer value: with retention + {x} points it would be "
                         "{new}.", "基于保持率的客户价值的增加额：保持率提高 {x} 个百分点后为 {new}。"),
    "loe_m_reichheld": ("This data, retention + 5 points", "本数据：保持率 +5 个百分点"),
    "loe_m_reichheld_help": ("Reichheld & Sasser's setting: defections cut by 5 points. Their figures are profit "
                             "increases at three firms; this is the change in retention-based customer value here.",
                             "Reichheld 和 Sasser 的设定：流失率降低 5 个百分点。他们的数字是三家企业的利润增幅；这里是本数据"
                             "基于保持率的客户价值的变化。"),
    "loe_chart_levers": ("Change in customer value [%]", "客户价值变化 [%]"),
    "loe_chart_levers_title": ("The same relative gain in each lever as retention + {x} points", "各杠杆的相对提升与保持率 +{x} 个百分点相同"),
    "loe_lever_retention": ("Retention", "保持率"),
    "loe_lever_margin": ("Margin", "利润"),
    "loe_lever_acquisition_cost": ("Acquisition cost (lower)", "获客成本（降低）"),
    "loe_acq_needed": ("The acquisition-cost lever needs an acquisition cost per new customer (0 = not known): enter "
                       "one above to compare it.", "获客成本杠杆需要每位新客户的获客成本（0 表示未知）：请在上方填写后再比较。"),
    "loe_capped": ("Capped at 99 % retention: {groups}.", "保持率封顶为 99% 的客户群：{groups}。"),
    "loe_unvalued": ("Not valued (no buyer in a period, or no retention or margin measured): {groups}.",
                     "未估值（某一周期没有购买客户，或无法测得保持率或利润）：{groups}。"),
    "loe_profit_unknown": ("{n:,} line(s) have a blank cost and are left out of the profit margin.",
                           "{n:,} 行成本为空，未计入利润口径。"),
    "loe_col_group": ("Group", "客户群"),
    "loe_col_active": ("Active customers", "活跃客户数"),
    "loe_col_retention": ("Retention", "保持率"),
    "loe_col_margin": ("Margin per period", "每期利润"),
    "loe_col_clv": ("CLV m·r/(1+d−r)", "CLV m·r/(1+d−r)"),
    "loe_col_elasticity": ("Elasticity (1+d)/(1+d−r)", "弹性 (1+d)/(1+d−r)"),
    "loe_col_retention_new": ("Retention + points", "提升后的保持率"),
    "loe_col_delta": ("Change in value", "价值变化"),
    "loe_ref_title": ("Published figures beside this data", "文献数字与本数据对照"),
    "loe_ref_source": ("Source", "来源"),
    "loe_ref_setting": ("Change", "变化"),
    "loe_ref_published": ("Published", "文献结果"),
    "loe_ref_this": ("This data", "本数据"),
    "loe_ref_gls": ("Gupta, Lehmann & Stuart 2004 (customer value, five firms)", "Gupta、Lehmann 和 Stuart 2004（客户价值，五家企业）"),
    "loe_ref_rs_bank_branches": ("Reichheld & Sasser 1990: a bank's branch system (profit)", "Reichheld 和 Sasser 1990：某银行的分行网络（利润）"),
    "loe_ref_rs_insurance_brokerage": ("Reichheld & Sasser 1990: an insurance brokerage (profit)", "Reichheld 和 Sasser 1990：某保险经纪公司（利润）"),
    "loe_ref_rs_auto_service_chain": ("Reichheld & Sasser 1990: an auto-service chain (profit)", "Reichheld 和 Sasser 1990：某汽车服务连锁店（利润）"),
    "loe_ref_course": ("The course: keeping loyal customers raises the profit they bring", "课程：留住忠诚客户可提高其带来的利润"),
    "loe_ref_1pct_retention": ("Retention + 1 %", "保持率 +1%"),
    "loe_ref_1pct_margin": ("Margin + 1 %", "利润 +1%"),
    "loe_ref_1pct_acquisition_cost": ("Acquisition cost − 1 %", "获客成本 −1%"),
    "loe_ref_5_points": ("Defections − 5 points", "流失率 −5 个百分点"),
    "loe_ref_about": ("about {v} %", "约 {v}%"),
    "loe_ref_range": ("{lo}–{hi} % (about {v} %)", "{lo}–{hi}%（约 {v}%）"),
    "loe_ref_needs_acq": ("needs an acquisition cost", "需要获客成本"),
    "loe_ref_note": ("Published figures are other firms' results, not a forecast for this data: GLS valued five "
                     "firms' customers with the same formula; Reichheld & Sasser measured profit, here the figure "
                     "is the retention-based customer value.",
                     "文献数字是其他企业的结果，不是对本数据的预测：GLS 用同一公式评估了五家企业的客户价值；Reichheld 和 "
                     "Sasser 衡量的是利润，这里是基于保持率的客户价值。"),
    "loe_how_title": ("Formulas and sources", "公式与来源"),
    "loe_how_body": (
        "- **Retention-based CLV** (Gupta & Lehmann): CLV = m·r/(1+d−r) per active customer — margin m per "
        "period, retention r, discount rate d per period; the first margin comes at the end of the next period, "
        "if the customer is kept.\n"
        "- **Retention elasticity**: ∂ln CLV/∂ln r = 1 + r/(1+d−r) = (1+d)/(1+d−r) — a 1 % higher retention gives "
        "about that many % more value (5.09 at r = 0.9, d = 0.12). The margin elasticity is 1.\n"
        "- **Measured here** per group: r = of the group's buyers in the previous period, the share who bought "
        "again in the latest complete period; m = the group's value in that period per buyer of it; d = (1 + "
        "yearly rate)^(months/12) − 1. Value = Σ active customers × CLV (each net of the acquisition cost when "
        "one is entered).\n"
        "- **Levers**: retention + x points (capped at 99 %); the same relative gain in margin, and the same "
        "relative cut in acquisition cost.\n"
        "- Gupta, Lehmann & Stuart (2004), *Valuing Customers*, Journal of Marketing Research 41(1): a 1 % "
        "better retention raised customer value 3–7 % (about 5 %), margin about 1 %, acquisition cost about "
        "0.1 %.\n"
        "- Reichheld & Sasser (1990), *Zero Defections*, Harvard Business Review 68(5): cutting defections by 5 "
        "points raised profits 85 % in a bank's branches, 50 % at an insurance brokerage, 30 % at an "
        "auto-service chain — the source of the course's 25 %–85 %.",
        "- **基于保持率的 CLV**（Gupta 和 Lehmann）：每位活跃客户 CLV = m·r/(1+d−r)——m 为每期利润，r 为保持率，"
        "d 为每期折现率；第一笔利润在下一期期末获得（如果客户被保留）。\n"
        "- **保持率弹性**：∂ln CLV/∂ln r = 1 + r/(1+d−r) = (1+d)/(1+d−r)——保持率提高 1%，价值约提高这么多个百分比"
        "（r = 0.9、d = 0.12 时为 5.09）。利润弹性为 1。\n"
        "- **本页的测量**（按客户群）：r = 上一期购买的客户中在最近一个完整周期再次购买的比例；m = 客户群在该周期的"
        "价值除以该周期的购买客户数；d = (1 + 年折现率)^(月数/12) − 1。价值 = Σ 活跃客户数 × CLV（填写获客成本时，"
        "每位客户扣除获客成本）。\n"
        "- **杠杆**：保持率提高 x 个百分点（最高 99%）；利润按相同的相对幅度提高；获客成本按相同的相对幅度降低。\n"
        "- Gupta、Lehmann 和 Stuart（2004），*Valuing Customers*，Journal of Marketing Research 41(1)：保持率提高 1%，"
        "客户价值提高 3–7%（约 5%）；利润提高 1%，价值约提高 1%；获客成本降低 1%，价值约提高 0.1%。\n"
        "- Reichheld 和 Sasser（1990），*Zero Defections*，Harvard Business Review 68(5)：流失率降低 5 个百分点，"
        "某银行分行网络的利润提高 85%，某保险经纪公司 50%，某汽车服务连锁店 30%——课程中 25%–85% 的出处。"),
    # the seven loyalty types
    "loe_sec_types": ("Seven loyalty types", "七种客户忠诚类型"),
    "loe_types_caption": ("The course's seven types, and which of them this file's columns can show. Orders show "
                          "behaviour only; types defined by attitude or by the market need surveys or market data "
                          "(Dick & Basu 1994).",
                          "课程中的七种忠诚类型，以及本文件的列能显示其中哪些。订单只反映行为；由态度或市场定义的类型需要"
                          "调查或市场数据（Dick 和 Basu 1994）。"),
    "loe_types_col_type": ("Type", "类型"),
    "loe_types_col_what": ("What it is", "含义"),
    "loe_types_col_data": ("What data would reveal it", "需要什么数据"),
    "loe_types_col_this": ("This file can show it?", "本文件能否显示"),
    "loe_vis_yes": ("Yes", "能"),
    "loe_vis_hint": ("A hint only", "只能提示"),
    "loe_vis_no": ("No", "不能"),
    "loe_vis_missing": ("{vis} — needs a {roles} column", "{vis}——需要“{roles}”列"),
    "loe_type_monopoly": ("Monopoly loyalty", "垄断忠诚"),
    "loe_type_monopoly_what": ("Buys here because there is no other choice (a sole supplier, regulation).",
                               "因为别无选择而购买（唯一供应商、政策限制）。"),
    "loe_type_monopoly_data": ("Market data: competitors and the customer's alternatives.", "市场数据：竞争对手和客户的其他选择。"),
    "loe_type_inertia": ("Inertia loyalty (false loyalty)", "惰性忠诚（假性忠诚）"),
    "loe_type_inertia_what": ("Keeps buying out of habit or convenience, without a real preference.",
                              "出于习惯或方便而持续购买，并无真正的偏好。"),
    "loe_type_inertia_data": ("Regular repeat buying in the orders, plus attitude data to tell habit from preference.",
                              "订单中规律的重复购买，再加上态度数据来区分习惯与偏好。"),
    "loe_type_latent": ("Latent loyalty", "潜在忠诚"),
    "loe_type_latent_what": ("Prefers the firm but buys little: price, distance or access stand in the way.",
                             "偏好本企业但购买很少：价格、距离或渠道等因素阻碍了购买。"),
    "loe_type_latent_data": ("Attitude or intent surveys beside low repeat buying.", "态度或购买意向调查，结合较低的重复购买。"),
    "loe_type_benefit": ("Benefit (price) loyalty", "利益忠诚（价格忠诚）"),
    "loe_type_benefit_what": ("Stays while it pays: low prices or extra benefits; leaves for a better offer.",
                              "因为划算而留下：低价或额外利益；有更好的报价就离开。"),
    "loe_type_benefit_data": ("Prices and discounts per line, or price changes, to see price sensitivity.",
                              "每行的价格和优惠，或价格变化，用来观察价格敏感度。"),
    "loe_type_incentive": ("Incentive loyalty", "激励忠诚"),
    "loe_type_incentive_what": ("Buys when there is a promotion, points or a coupon.", "有促销、积分或优惠券时才购买。"),
    "loe_type_incentive_data": ("A discount or coupon column: orders with and without a discount.",
                                "优惠或优惠券列：有优惠与无优惠的订单。"),
    "loe_type_brand": ("Brand loyalty", "品牌忠诚"),
    "loe_type_brand_what": ("Prefers the brand and pays for it; recommends it.", "偏好该品牌并愿意为之付费，会推荐给他人。"),
    "loe_type_brand_data": ("Attitude surveys (preference, willingness to pay) and referrals.", "态度调查（偏好、支付意愿）和推荐数据。"),
    "loe_type_super_value": ("Super-value loyalty", "超值忠诚"),
    "loe_type_super_value_what": ("An emotional bond: the customer values the relationship beyond the product and "
                                  "advocates it.", "情感纽带：客户看重的是超出产品本身的关系，并主动宣传。"),
    "loe_type_super_value_data": ("Surveys of satisfaction and emotional commitment, referral and advocacy data.",
                                  "满意度和情感承诺调查，推荐和口碑数据。"),
}
