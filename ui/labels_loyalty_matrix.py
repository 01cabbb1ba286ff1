"""Labels of the loyalty page's score, value × loyalty matrix and customer ladder sections (issue #12, section 2),
English and Chinese; merged into ui.i18n.LABELS (one table). Keys ``lom_``; list headers ``list_col_``."""

LABELS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- loyalty score
    "lom_sec_score": ("Loyalty score", "忠诚度得分"),
    "lom_score_intro": (
        "Each customer's behavioural loyalty in one number from 0 (least loyal) to 1 (most loyal): the weighted "
        "mean of their percentile ranks on four measures of the orders before {as_of}. A rank is (position − 1) ÷ "
        "(customers − 1) when the customers are sorted from least to most loyal on the measure, ties sharing the "
        "mean position; so the score compares the customers of this data with each other.",
        "把每位客户的行为忠诚度概括为 0（最不忠诚）到 1（最忠诚）之间的一个数：基于 {as_of} 之前的订单，取客户在四项指标上"
        "百分位排名的加权平均。百分位排名 =（名次 − 1）÷（客户数 − 1），客户按该指标从最不忠诚到最忠诚排序，并列者取平均名次；"
        "因此得分是同一数据中客户之间的相对比较。"),
    "lom_score_formula": (r"score = Σₖ wₖ · pₖ ÷ Σₖ wₖ, with pₖ the customer's percentile rank on component k",
                          r"得分 = Σₖ wₖ · pₖ ÷ Σₖ wₖ，pₖ 为客户在第 k 项上的百分位排名"),
    "lom_weights": ("Weights of the components", "各组成项的权重"),
    "lom_weights_note": ("Weight 0 leaves a component out; at least one weight must be above 0. Equal weights are "
                         "the default: the course does not rank the measures.",
                         "权重为 0 表示不计入该项；至少一个权重大于 0。默认等权：课程没有给各指标排序。"),
    "lom_comp_relationship_length": ("Relationship length", "关系长度"),
    "lom_comp_relationship_length_help": ("Days from the first to the last order. Longer = more loyal.",
                                          "从首单到最近一单的天数。越长越忠诚。"),
    "lom_comp_order_rate": ("Orders per year", "年均订单数"),
    "lom_comp_order_rate_help": (
        "Orders ÷ years since the first order (at least 30 days, so a brand-new customer does not get a huge "
        "rate). More = more loyal.",
        "订单数 ÷ 自首单以来的年数（至少按 30 天计，以免新客户得到虚高的频率）。越多越忠诚。"),
    "lom_comp_regularity": ("Regularity", "购买规律性"),
    "lom_comp_regularity_help": (
        "The coefficient of variation of the days between consecutive orders: standard deviation ÷ mean (0 = "
        "perfectly regular; gaps 10 and 50 days give 20 ÷ 30 = 0.67). Lower = more loyal. It needs at least two "
        "gaps (three orders): one gap says nothing about a rhythm, so those customers rank lowest.",
        "相邻两笔订单间隔天数的变异系数：标准差 ÷ 平均值（0 = 完全规律；间隔 10 天和 50 天时为 20 ÷ 30 = 0.67）。越低越忠诚。"
        "至少需要两个间隔（三笔订单）：一个间隔看不出节奏，这类客户排名最低。"),
    "lom_comp_recency": ("Days since the last order", "距上次下单天数"),
    "lom_comp_recency_help": ("Days from the last order to the as-of date. Fewer = more loyal.",
                              "从最近一单到基准日的天数。越少越忠诚。"),
    "lom_dick_basu": (
        "Loyalty is behaviour **and** attitude: Dick & Basu (1994) cross relative attitude with repeat patronage "
        "(true loyalty, latent, spurious, none). Orders show only the behaviour axis — a high score may be inertia "
        "or a lack of alternatives; attitude needs a survey. Source: Dick, A. S. & Basu, K. (1994), Journal of the "
        "Academy of Marketing Science 22(2); the course (客户价值与忠诚度管理).",
        "忠诚既是行为**也是**态度：Dick 与 Basu（1994）把相对态度与重复购买交叉，得到真正忠诚、潜在忠诚、虚假忠诚和不忠诚。"
        "订单只反映行为这一维——高分也可能是惰性或别无选择；态度需要问卷调查。来源：Dick & Basu（1994），"
        "Journal of the Academy of Marketing Science 22(2)；课程《客户价值与忠诚度管理》。"),
    "lom_score_hist": ("Customers by loyalty score", "按忠诚度得分的客户分布"),
    "lom_axis_score": ("Loyalty score (0–1)", "忠诚度得分（0–1）"),
    "lom_axis_customers": ("Customers", "客户数"),
    # ---------------------------------------------------------------- value × loyalty
    "lom_sec_matrix": ("Value × loyalty", "价值 × 忠诚度"),
    "lom_matrix_intro": (
        "Customers by value (up) and loyalty score (right), split into four relationship types. Each line "
        "splits at a percentile of the customers (default: the medians); a customer on a line counts as high.",
        "按价值（纵轴）和忠诚度得分（横轴）把客户分为四种关系类型。每条分界线位于客户的某个百分位（默认：中位数）；"
        "恰好落在线上的客户算作“高”。"),
    "lom_metric": ("Value metric", "价值指标"),
    "lom_value_pct": ("Value split at percentile", "价值分界线（百分位）"),
    "lom_loyalty_pct": ("Loyalty split at percentile", "忠诚度分界线（百分位）"),
    "lom_split_help": ("50 = the median: half the customers on each side.", "50 = 中位数：两侧客户各占一半。"),
    "lom_splits_in_use": ("Split lines: value {value} ({metric}), loyalty score {score}.",
                          "分界线：价值 {value}（{metric}），忠诚度得分 {score}。"),
    "lom_unknown_value": ("{n:,} customers whose profit is unknown (a line without a cost) are not in the matrix.",
                          "{n:,} 位客户的利润未知（有明细行缺少成本），未列入矩阵。"),
    "lom_q_strangers": ("Strangers — acquaintance (认识关系)", "认识关系（陌生人 strangers）"),
    "lom_q_butterflies": ("Butterflies — functional (功能关系)", "功能关系（蝴蝶 butterflies）"),
    "lom_q_barnacles": ("Barnacles — emotional (情感关系)", "情感关系（藤壶 barnacles）"),
    "lom_q_true_friends": ("True friends — partnership (伙伴关系)", "伙伴关系（真朋友 true friends）"),
    "lom_qs_strangers": ("Strangers", "认识关系"),
    "lom_qs_butterflies": ("Butterflies", "功能关系"),
    "lom_qs_barnacles": ("Barnacles", "情感关系"),
    "lom_qs_true_friends": ("True friends", "伙伴关系"),
    "lom_axis_value": ("{metric} [{currency}]", "{metric} [{currency}]"),
    "lom_axis_value_log": ("{metric} [{currency}, log scale]", "{metric} [{currency}，对数刻度]"),
    "lom_not_on_log": ("{n:,} customers at or below 0 ({metric}) cannot stand on the log scale and are not drawn; "
                       "they are counted in the table below.",
                       "{n:,} 位客户的{metric}不大于 0，无法在对数刻度上显示，图中未画出；下表仍计入他们。"),
    "lom_density_note": ("{n:,} customers: shown as a density (customers per cell) rather than one dot each.",
                         "{n:,} 位客户：以密度图（每格客户数）代替逐点散点。"),
    "lom_matrix_note": (
        "Quadrants after Reinartz & Kumar (2002), \"The Mismanagement of Customer Loyalty\", Harvard Business "
        "Review 80(7): profitability × relationship duration. The course names four relationship types on the "
        "axes customer value × loyalty (认识关系, 功能关系, 情感关系, 伙伴关系) without drawing the grid; placing them "
        "in these quadrants is this product's reading.",
        "象限依据 Reinartz & Kumar（2002）《The Mismanagement of Customer Loyalty》，哈佛商业评论 80(7)：盈利能力 × 关系持续期。"
        "课程以客户价值 × 忠诚度两个维度列出四种关系类型（认识关系、功能关系、情感关系、伙伴关系），但未给出方格；"
        "把它们放入这些象限是本产品的解读。"),
    "lom_table_title": ("The four relationship types", "四种关系类型"),
    "lom_col_quadrant": ("Relationship type", "关系类型"),
    "lom_col_customers": ("Customers", "客户数"),
    "lom_col_customer_share": ("Share of customers", "客户占比"),
    "lom_col_value": ("{metric} [{currency}]", "{metric} [{currency}]"),
    "lom_col_value_share": ("Share of {metric}", "{metric}占比"),
    "lom_col_action": ("What to do (Reinartz & Kumar)", "对策（Reinartz & Kumar）"),
    "lom_col_programme": ("Loyalty programme level (the course)", "忠诚计划层次（课程）"),
    "lom_act_no_investment": ("Do not invest in the relationship; make every transaction pay.",
                              "不为关系投入；让每笔交易本身盈利。"),
    "lom_act_harvest": ("Harvest while they buy; stop investing once they stop.",
                        "在其购买期间获取收益；一旦停止购买即停止投入。"),
    "lom_act_share_of_wallet": ("Find out their share of wallet: small — up-sell and cross-sell; large — cut the "
                                "cost to serve.",
                                "弄清其钱包份额：份额小——追加销售和交叉销售；份额大——降低服务成本。"),
    "lom_act_reward": ("Reward them and keep in touch; defend and retain.", "给予回报并保持联系；维护并留住他们。"),
    "lom_level_1": ("1 · financial rewards (discounts, points, gifts — easy to copy)",
                    "1 · 财务奖励（折扣、积分、赠品——容易被模仿）"),
    "lom_level_2": ("2 · personalised service per segment", "2 · 按细分群体提供个性化服务"),
    "lom_level_3": ("3 · structural bonds (clubs, communities, resources not found elsewhere)",
                    "3 · 结构性联系（俱乐部、社群、别处得不到的资源）"),
    "lom_table_note": (
        "Value share = the quadrant's {metric} ÷ the total. Programme levels are the course's three (financial, "
        "social/personalised, structural); which level suits which quadrant is this product's reading.",
        "价值占比 = 该象限的{metric} ÷ 总计。忠诚计划的三个层次（财务、个性化、结构性）来自课程；哪个层次适合哪个象限是本产品的解读。"),
    "lom_dl_title": ("Customers of a relationship type", "某一关系类型的客户名单"),
    "lom_dl_pick": ("Relationship type", "关系类型"),
    "lom_dl_option": ("{quadrant} — {customers:,}", "{quadrant} — {customers:,} 位"),
    "lom_dl_caption": ("{customers:,} customers, most valuable first, with their loyalty measures and contact "
                       "columns ({cols}).",
                       "{customers:,} 位客户，按价值从高到低排列，附忠诚度指标和联系方式列（{cols}）。"),
    "lom_dl_no_contacts": ("none in the file", "文件中没有"),
    "lom_sheet": ("Loyalty {quadrant}", "忠诚度 {quadrant}"),
    # ---------------------------------------------------------------- customer ladder
    "lom_sec_ladder": ("Customer ladder", "客户阶梯"),
    "lom_ladder_intro": (
        "Kotler's ladder read from the orders: first-time buyer (1 order), repeat buyer (2 or more), client "
        "(regular: at least the orders and months below). The funnel shows how many reached each rung and the "
        "share of the rung below who climbed.",
        "根据订单读取科特勒的客户阶梯：首次购买者（1 笔订单）、重复购买者（2 笔及以上）、客户（规律购买：达到下面设定的订单数和月数）。"
        "漏斗显示到达每一级的客户数，以及下一级中向上攀升的比例。"),
    "lom_client_orders": ("Client: at least this many orders", "客户：订单数至少"),
    "lom_client_months": ("Client: over at least this many months", "客户：跨度至少（月）"),
    "lom_client_help": ("A repeat buyer becomes a client with at least this many orders, the last at least this "
                        "many calendar months after the first (the product's defaults: 4 orders over 6 months).",
                        "重复购买者在订单数达到此值、且最近一单距首单至少这么多个日历月时成为“客户”（本产品默认：6 个月内 4 笔）。"),
    "lom_rung_first_time": ("First-time buyer", "首次购买者"),
    "lom_rung_repeat": ("Repeat buyer", "重复购买者"),
    "lom_rung_client": ("Client", "客户（常客）"),
    "lom_rung_advocate": ("Advocate", "拥护者"),
    "lom_col_rung": ("Rung", "阶梯"),
    "lom_col_on_rung": ("Customers on this rung", "停留在该级的客户"),
    "lom_col_reached": ("Reached this rung", "到达该级的客户"),
    "lom_col_climb": ("Climbed from the rung below", "由下一级攀升的比例"),
    "lom_funnel_hover": ("reached", "到达"),
    "lom_no_referrals": (
        "Advocate (recommends the firm) and partner (works with it) cannot be seen in orders: advocates need a "
        "referrer column in the file (e.g. 推荐人, referred by). Partner is not observable from orders or referrals.",
        "拥护者（向他人推荐）和合作伙伴（与企业共同合作）无法从订单中看出：拥护者需要文件中有推荐人列（如“推荐人”、referred by）。"
        "合作伙伴无论从订单还是推荐数据都无法观察。"),
    "lom_with_referrals": (
        "Advocate: a client who referred at least one customer (the file's referrer column). Partner is not "
        "observable from orders or referrals.",
        "拥护者：至少推荐过一位客户的“客户”级顾客（依据文件中的推荐人列）。合作伙伴无法从订单或推荐数据中观察。"),
    "lom_ladder_note": ("Source: Kotler & Keller, Marketing Management (the customer ladder: prospect → first-time "
                        "buyer → repeat buyer → client → advocate → partner); the course. Prospects have no order "
                        "yet and are not in the data.",
                        "来源：Kotler & Keller《营销管理》（客户阶梯：潜在客户 → 首次购买者 → 重复购买者 → 客户 → 拥护者 → 合作伙伴）；"
                        "课程。潜在客户尚无订单，不在数据中。"),
    "lom_over_time": ("The ladder over time", "客户阶梯的变化"),
    "lom_over_time_period": ("At the end of each", "统计时点：每个"),
    "lom_period_quarter": ("Quarter", "季度"),
    "lom_period_year": ("Year", "年"),
    "lom_over_time_caption": ("Each point: the customers as they stood at the end of a complete period (orders "
                              "before that day), the share who had climbed from the rung below.",
                              "每个点：各完整周期结束时（该日之前的订单）的客户状况，即由下一级攀升的比例。"),
    "lom_over_time_empty": ("No complete {period} ends before the as-of date yet.", "基准日之前还没有完整的{period}。"),
    "lom_axis_as_of": ("End of period", "周期结束日"),
    "lom_axis_climb": ("Share who climbed", "攀升比例"),
    "lom_climb_to": ("→ {rung}", "→ {rung}"),
    # ---------------------------------------------------------------- list headers
    "list_col_first_order_day": ("First order", "首次下单日期"),
    "list_col_last_order_day": ("Last order", "最近下单日期"),
    "list_col_relationship_days": ("Relationship length (days)", "关系长度（天）"),
    "list_col_orders_per_year": ("Orders per year", "年均订单数"),
    "list_col_gap_count": ("Gaps between orders", "订单间隔数"),
    "list_col_gap_mean_days": ("Mean gap (days)", "平均间隔（天）"),
    "list_col_gap_sd_days": ("Gap standard deviation (days)", "间隔标准差（天）"),
    "list_col_regularity": ("Regularity (CV of gaps; lower = more regular)", "规律性（间隔变异系数，越低越规律）"),
    "list_col_loyalty_score": ("Loyalty score (0–1)", "忠诚度得分（0–1）"),
    "list_col_loyalty_quadrant": ("Relationship type", "关系类型"),
    "list_col_ladder_rung": ("Ladder rung", "客户阶梯"),
    "list_col_quadrant_action": ("Action for the type", "类型建议对策"),
}
