"""Labels of the overview page, English and Chinese; merged into ui.i18n.LABELS (one table)."""

LABELS: dict[str, tuple[str, str]] = {
    "ov_title": ("Overview", "总览"),
    "ov_intro": ("The customer base of {name} as of {as_of}: the key figures of the last {period} against the "
                 "{period} before, what changed, and where to look next.",
                 "{name} 截至 {as_of} 的客户概况：最近一个{period}的关键指标与上一个{period}对比、发生了哪些变化，以及"
                 "下一步该看哪里。"),
    "ov_period": ("Compare", "对比周期"),
    "ov_period_month": ("Month", "月"),
    "ov_period_quarter": ("Quarter", "季度"),
    "ov_period_year": ("Year", "年"),
    "ov_period_word_month": ("month", "月"),
    "ov_period_word_quarter": ("quarter", "季度"),
    "ov_period_word_year": ("year", "年"),
    "ov_windows": ("This {period}: {start} – {end}; the {period} before: {prev_start} – {prev_end} (the end day "
                   "not included).",
                   "本{period}：{start} – {end}；上一个{period}：{prev_start} – {prev_end}（不含结束日）。"),
    # KPI cards
    "ov_sec_kpis": ("Key figures", "关键指标"),
    "ov_kpi_active_customers": ("Active customers", "活跃客户"),
    "ov_kpi_active_customers_help": ("Customers with at least one order in the {period}.",
                                     "本{period}至少下过一笔订单的客户。"),
    "ov_kpi_new_customers": ("New customers", "新客户"),
    "ov_kpi_new_customers_help": ("Customers whose first order ever was in the {period}.",
                                  "首笔订单发生在本{period}的客户。"),
    "ov_kpi_revenue": ("Revenue{cur}", "销售额{cur}"),
    "ov_kpi_revenue_help": ("All lines dated in the {period}, returns subtracted.", "本{period}所有订单行金额之和，已扣除退货。"),
    "ov_kpi_profit": ("Profit{cur}", "利润{cur}"),
    "ov_kpi_profit_help": ("Revenue minus cost of the lines dated in the {period}.", "本{period}订单行的销售额减去成本。"),
    "ov_kpi_profit_none": ("The file has no cost or margin column: profit is unknown.",
                           "文件中没有成本或毛利列：利润未知。"),
    "ov_kpi_orders_per_customer": ("Orders per customer", "人均订单数"),
    "ov_kpi_orders_per_customer_help": ("Orders in the {period} ÷ active customers.", "本{period}订单数 ÷ 活跃客户数。"),
    "ov_kpi_avg_order_value": ("Average order value{cur}", "客单价{cur}"),
    "ov_kpi_avg_order_value_help": ("Value of the orders placed in the {period} ÷ their number (each order net of "
                                    "the returns made before the {period} ended).",
                                    "本{period}订单的金额 ÷ 订单数（每笔订单已扣除本{period}结束前发生的退货）。"),
    "ov_kpi_repeat_purchase_rate": ("Repeat purchase rate", "复购率"),
    "ov_kpi_repeat_purchase_rate_help": ("Customers with two or more orders ÷ all customers, before the end of the "
                                         "{period}.", "截至本{period}末，下过两笔及以上订单的客户 ÷ 全部客户。"),
    "ov_kpi_retention_rate": ("Retention rate", "客户保持率"),
    "ov_kpi_retention_rate_help": ("Of the customers active in the {period} before, the share who bought again in "
                                   "this {period}.", "上一个{period}的活跃客户中，本{period}再次购买的比例。"),
    "ov_kpi_top_share": ("Top 20 % share of value", "前 20% 客户价值占比"),
    "ov_kpi_top_share_help": ("The best fifth of customers' share of {metric}, as of the end of the {period} "
                              "(Pareto).", "截至本{period}末，价值最高的 20% 客户所占的{metric}比例（帕累托）。"),
    "ov_kpi_equity": ("Customer equity{cur}", "客户资产{cur}"),
    "ov_kpi_equity_help": ("The sum of every customer's predicted CLV over the next {horizon} {unit}s (BG/NBD + "
                           "Gamma-Gamma, discounted at {rate} per {unit}), with the CLV page's settings; the change "
                           "is against the same fit one {period} earlier.",
                           "所有客户未来 {horizon} {unit}预测 CLV 之和（BG/NBD + Gamma-Gamma，每{unit}贴现率 {rate}），"
                           "采用客户终生价值页的设置；变化与上一个{period}末的同一模型相比。"),
    "ov_kpi_at_risk": ("Customers at risk", "流失风险客户"),
    "ov_kpi_at_risk_help": ("Customers whose churn probability is 50 % or more (the Churn risk page's model and "
                            "horizon of {h} days); the change is against the same model trained as of one {period} "
                            "earlier.",
                            "流失概率不低于 50% 的客户（流失风险页的模型和 {h} 天窗口）；变化与按上一个{period}末"
                            "重新训练的同一模型相比。"),
    "ov_kpi_value_at_risk": ("Value at risk{cur}", "风险价值{cur}"),
    "ov_kpi_value_at_risk_help": ("Σ predicted CLV × churn probability over the customers at risk.",
                                  "流失风险客户的预测 CLV × 流失概率之和。"),
    "ov_model_failed": ("{what}: cannot be computed for this data ({msg}).", "{what}：无法基于此数据计算（{msg}）。"),
    "ov_models_running": ("Fitting the CLV and churn models…", "正在拟合客户终生价值与流失模型…"),
    "ov_prev": ("Previous {period}: {value}", "上一个{period}：{value}"),
    "ov_pp": ("{value} pp", "{value} 个百分点"),
    "ov_go": ("Open {page}", "打开{page}"),
    # what changed
    "ov_sec_changes": ("What changed since {since}", "自 {since} 以来的变化"),
    "ov_changes_caption": ("Customers who already bought before {since}, grouped on both dates by the views' "
                           "default settings; {new:,} customers bought for the first time since then.",
                           "在 {since} 之前已购买过的客户，按各视图的默认设置在两个日期分别分组；此后另有 {new:,} 位客户首次购买。"),
    "ov_dim_tier": ("Pyramid tier", "金字塔层级"),
    "ov_dim_rfm_segment": ("RFM segment", "RFM 细分"),
    "ov_dim_stage": ("Lifecycle stage", "生命周期阶段"),
    "ov_moved": ("{moved:,} of {total:,} customers changed", "{total:,} 位客户中有 {moved:,} 位发生变化"),
    "ov_flow": ("{n:,} customers moved from {src} to {dst}", "{n:,} 位客户从{src}变为{dst}"),
    "ov_tier_unknown": ("customers of unknown profit", "利润未知的客户"),
    "ov_no_moves": ("Nobody moved.", "没有客户变化。"),
    "ov_no_before": ("Nobody had bought before {since}: nothing to compare.", "{since} 之前没有客户购买：无可对比。"),
    # start here
    "ov_guide_toggle": ("Show the workshop guide", "显示课堂导引"),
    "ov_guide_title": ("Start here: the course in six steps", "从这里开始：六步走完课程"),
    "ov_guide_1": ("**Customer value** — who brings the value? The pyramid ranks customers by value (Curry: VIP 1 %, "
                   "major 4 %, ordinary 15 %, small 80 %).",
                   "**客户价值** —— 价值来自谁？客户金字塔按价值给客户排序（Curry：VIP 1%、主要 4%、普通 15%、小客户 80%）。"),
    "ov_guide_2": ("**RFM** — recency, frequency and monetary value sort customers into segments with an action each.",
                   "**RFM** —— 按最近一次消费、消费频率和消费金额把客户分群，每群对应一项行动。"),
    "ov_guide_3": ("**CLV** — what a customer is worth over the relationship: the textbook formulas and the "
                   "BG/NBD + Gamma-Gamma prediction.",
                   "**客户终生价值** —— 客户在整个关系期内值多少：教材公式与 BG/NBD + Gamma-Gamma 预测。"),
    "ov_guide_4": ("**Lifecycle** — exploration, formation, stability, decline: where each relationship stands.",
                   "**生命周期** —— 考察期、形成期、稳定期、退化期：每段客户关系处于哪个阶段。"),
    "ov_guide_5": ("**Loyalty** — retention, repeat buying and what keeping customers is worth.",
                   "**客户忠诚** —— 客户保持率、复购，以及留住客户的价值。"),
    "ov_guide_6": ("**Churn risk** — who is likely to leave, validated on later data, ranked by value at risk.",
                   "**流失风险** —— 谁可能流失（用后续数据验证），按风险价值排序。"),
}
