"""Labels of the customer profile page, English and Chinese; merged into ui.i18n.LABELS (one table)."""

LABELS: dict[str, tuple[str, str]] = {
    "prof_title": ("Customer profile", "客户档案"),
    "prof_intro": ("One customer across every view, as of {as_of}: their orders, where they stand in the pyramid, "
                   "RFM, lifecycle and loyalty, what the models expect of them, and what to do. The same numbers as "
                   "the command line's report and profile.",
                   "截至 {as_of} 某一位客户在各个视图中的情况：订单、在客户金字塔、RFM、生命周期和忠诚度中的位置、模型对其"
                   "的预期，以及建议的行动。数字与命令行的报告和客户档案一致。"),
    "prof_pick": ("Customer id", "客户编号"),
    "prof_pick_help": ("Type or paste any customer id of the file, or pick one of the list (the most valuable "
                       "first). Every customer list in the app opens this page when you select a row.",
                       "输入或粘贴文件中的任一客户编号，或从列表中选择（按价值从高到低）。在应用中任一客户名单里选中一行"
                       "也会打开此页。"),
    "prof_pick_placeholder": ("e.g. {example}", "例如 {example}"),
    "prof_computing": ("Computing every view for the customers as of {as_of}…", "正在计算截至 {as_of} 所有客户的各项指标…"),
    "prof_not_found": ("No customer {cid} has an order line before {as_of} in this dataset. Check the id (as the "
                       "file writes it) or choose an earlier or later as-of date.",
                       "此数据集中没有客户 {cid} 在 {as_of} 之前的订单行。请检查客户编号（与文件中的写法一致），"
                       "或选择其他基准日。"),
    "prof_returns_only": ("Customer {cid} has only returns before {as_of} ({n} lines), no purchase: the views count "
                          "customers with a purchase, so there is no profile.",
                          "客户 {cid} 在 {as_of} 之前只有退货（{n} 行），没有购买：各视图只统计有购买的客户，因此没有档案。"),
    "prof_none": ("Choose a customer to see their profile.", "请选择一位客户查看档案。"),
    # headline
    "prof_m_orders": ("Orders", "订单数"),
    "prof_m_net": ("Net revenue{cur}", "净销售额{cur}"),
    "prof_m_profit": ("Profit{cur}", "利润{cur}"),
    "prof_m_aov": ("Average order value{cur}", "客单价{cur}"),
    "prof_m_first": ("First order", "首次下单"),
    "prof_m_last": ("Last order", "最近下单"),
    "prof_m_days": ("Days since last order", "距上次下单天数"),
    "prof_m_returns": ("Returns{cur}", "退货金额{cur}"),
    # where they stand
    "prof_sec_stand": ("Where this customer stands", "客户所处位置"),
    "prof_col_view": ("View", "视图"),
    "prof_col_value": ("This customer", "该客户"),
    "prof_col_action": ("What to do", "建议行动"),
    "prof_v_tier": ("Customer pyramid tier", "客户金字塔层级"),
    "prof_v_rfm": ("RFM code and segment", "RFM 代码与细分"),
    "prof_v_class8": ("Chinese 8 classes", "八类客户"),
    "prof_v_stage": ("Lifecycle stage", "生命周期阶段"),
    "prof_v_quadrant": ("Relationship type (value × loyalty)", "关系类型（价值 × 忠诚）"),
    "prof_v_ladder": ("Customer ladder", "客户阶梯"),
    "prof_v_score": ("Loyalty score (0–1)", "忠诚度得分（0–1）"),
    "prof_v_regularity": ("Purchase regularity (CV of gaps; lower = more regular)", "购买规律性（间隔变异系数，越低越规律）"),
    "prof_v_alive": ("P(alive) (BG/NBD)", "仍活跃概率 P(alive)（BG/NBD）"),
    "prof_v_expected": ("Expected purchases, next 52 weeks", "未来 52 周预期购买次数"),
    "prof_v_clv": ("Predicted CLV, next 52 weeks{cur}", "未来 52 周预测 CLV{cur}"),
    "prof_v_churn": ("Churn probability (no order in the next {h} days)", "流失概率（未来 {h} 天内无订单）"),
    "prof_churn_high": ("At risk (50 % or more): contact them — see Churn risk for the priority list.",
                        "存在流失风险（不低于 50%）：请主动联系——优先级名单见“流失风险”页。"),
    "prof_churn_low": ("Below 50 %: no retention action needed now.", "低于 50%：目前无需挽留行动。"),
    "prof_na": ("not available ({why})", "不可用（{why}）"),
    "prof_unknown_profit": ("profit unknown (a line without cost)", "利润未知（存在无成本的订单行）"),
    # orders
    "prof_sec_orders": ("Orders", "订单"),
    "prof_chart_day": ("Order date", "下单日期"),
    "prof_chart_net": ("Order value{cur}", "订单金额{cur}"),
    "prof_chart_order": ("Order", "订单"),
    "prof_chart_return": ("Returned", "退货"),
    "prof_orders_caption": ("{n} orders; an order with a return is marked ✕ and its value is net of the return. "
                            "{returns} return-only entries.", "共 {n} 笔订单；有退货的订单标为 ✕，其金额已扣除退货。"
                            "另有 {returns} 条仅退货记录。"),
    "prof_col_order": ("Order", "订单"),
    "prof_col_time": ("Time", "时间"),
    "prof_col_lines": ("Lines", "行数"),
    "prof_col_purchases": ("Purchases{cur}", "购买金额{cur}"),
    "prof_col_returns": ("Returns{cur}", "退货金额{cur}"),
    "prof_col_net": ("Net{cur}", "净额{cur}"),
    "prof_col_kind": ("Kind", "类型"),
    "prof_kind_order": ("order", "订单"),
    "prof_kind_return": ("return only", "仅退货"),
    "prof_sheet": ("Orders", "订单"),
    # stage history
    "prof_sec_history": ("Lifecycle stage month by month", "逐月生命周期阶段"),
    "prof_history_caption": ("The stage at the start of each of the last {n} months and at the as-of date, by the "
                             "Lifecycle page's default rules.", "最近 {n} 个月每月初以及基准日的阶段（按生命周期页的默认规则）。"),
    "prof_col_date": ("Date", "日期"),
    "prof_col_stage": ("Stage", "阶段"),
    "prof_not_yet": ("not a customer yet", "尚未购买"),
    # contacts
    "prof_sec_contacts": ("Contact details from the file", "文件中的联系信息"),
    "prof_no_contacts": ("The file has no contact columns (name, phone, e-mail …).", "文件中没有联系信息列（姓名、电话、邮箱等）。"),
    "prof_col_field": ("Column of the file", "文件列"),
    "prof_col_field_value": ("Latest value", "最新值"),
    "prof_list_hint": ("Select a row to open that customer's profile.", "选中一行即可打开该客户的档案。"),
}
