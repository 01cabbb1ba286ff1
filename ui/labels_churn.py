"""Labels of the churn-risk view, English and Chinese; merged into ui.i18n.LABELS (one table)."""

LABELS: dict[str, tuple[str, str]] = {
    "ch_title": ("Churn risk", "流失风险"),
    "ch_intro": ("Who is likely to make no purchase in the next H days after {as_of}, how well that can be "
                 "predicted (checked on a past period the model never saw), and which valuable customers to "
                 "contact first.",
                 "预测哪些客户在 {as_of} 之后的 H 天内可能不再购买、预测的准确程度（在模型未见过的历史时段上检验），"
                 "以及应优先联系哪些高价值客户。"),
    # horizon
    "ch_horizon": ("Churn horizon H [days]", "流失观察期 H [天]"),
    "ch_horizon_help": ("A customer counts as churned when they make no purchase in the H days after a cutoff "
                        "date.", "客户在截止日之后的 H 天内没有任何购买，即视为流失。"),
    "ch_horizon_default": (
        "Default from this data: **{h} days** — three quarters of all repeat purchases came within "
        "{p75:.0f} days of the customer's previous purchase (median {p50:.0f} days, {n:,} repeat purchases "
        "before {as_of}), rounded up to whole weeks. Longest horizon this history allows: {max_h} days.",
        "根据本数据得出的默认值：**{h} 天** —— 截至 {as_of} 的 {n:,} 次复购中，四分之三发生在上次购买后 "
        "{p75:.0f} 天之内（中位数 {p50:.0f} 天），再向上取整为整周。现有历史数据最长支持 {max_h} 天的观察期。"),
    "ch_timeline": (
        "Timeline: trained on customers who had bought before **{c0}** (label: no purchase in [{c0}, {c1})), "
        "validated on those who had bought before **{c1}** (label: no purchase in [{c1}, {d})), then retrained "
        "at {c1} to score all {n:,} customers as of **{d}**. Churn rate: {r0:.0%} in training, {r1:.0%} in "
        "validation.",
        "时间线：用 **{c0}** 之前购买过的客户训练（标签：[{c0}, {c1}) 内无购买），用 **{c1}** 之前购买过的客户"
        "验证（标签：[{c1}, {d}) 内无购买），再以 {c1} 为截止日重新训练，为截至 **{d}** 的全部 {n:,} 名客户评分。"
        "流失率：训练期 {r0:.0%}，验证期 {r1:.0%}。"),
    # progress
    "ch_step_timeline": ("Checking the history…", "正在检查历史数据…"),
    "ch_step_features": ("Computing features and labels at three cutoffs…", "正在计算三个截止日的特征和标签…"),
    "ch_step_train": ("Training the models…", "正在训练模型…"),
    "ch_step_bgnbd": ("Fitting BG/NBD for the baseline…", "正在拟合 BG/NBD 基准模型…"),
    "ch_step_validate": ("Validating on the later cutoff…", "正在较晚的截止日上验证…"),
    "ch_step_retrain": ("Retraining the best model…", "正在重新训练最佳模型…"),
    "ch_step_score": ("Scoring every customer…", "正在为每位客户评分…"),
    "ch_step_done": ("Done", "完成"),
    # tabs
    "ch_tab_validation": ("Model check", "模型检验"),
    "ch_tab_drivers": ("What drives churn", "流失驱动因素"),
    "ch_tab_priority": ("Retention priority", "挽留优先级"),
    # validation
    "ch_validation_caption": (
        "All models are trained at the earlier cutoff and scored at the later one, on customers and purchases "
        "they never saw. ROC AUC: chance that a churner is ranked above a stayer (0.5 = coin toss). PR AUC: "
        "precision over the churners (its no-skill level is the churn rate, {rate:.0%}). Brier score: mean "
        "squared error of the probabilities (lower is better). Top-decile lift: churn rate among the 10 % "
        "ranked riskiest ÷ the overall churn rate (at most {max_lift:.2f} here). The customer scores use "
        "**{best}**, the model with the higher ROC AUC.",
        "所有模型都在较早的截止日训练、在较晚的截止日评分，所用的客户和购买记录模型均未见过。ROC AUC：流失客户"
        "排在留存客户之前的概率（0.5 相当于抛硬币）。PR AUC：针对流失客户的平均精确率（无预测能力时等于流失率 "
        "{rate:.0%}）。Brier 分数：预测概率的均方误差（越低越好）。前 10% 提升度：风险最高的 10% 客户的流失率 ÷ "
        "总体流失率（此处最高为 {max_lift:.2f}）。客户评分采用 ROC AUC 更高的 **{best}**。"),
    "ch_col_model": ("Model", "模型"),
    "ch_col_roc_auc": ("ROC AUC", "ROC AUC"),
    "ch_col_pr_auc": ("PR AUC", "PR AUC"),
    "ch_col_brier": ("Brier score (lower is better)", "Brier 分数（越低越好）"),
    "ch_col_top_decile_lift": ("Top-decile lift", "前 10% 提升度"),
    "ch_col_note": ("Note", "备注"),
    "ch_note_scoring": ("The best model on this check: it scores the customers below.",
                        "本次检验中最好的模型：下方客户评分所用。"),
    "ch_note_gradient_boosting": ("Compared; not used for the scores.", "参与比较，未用于评分。"),
    "ch_note_logistic_regression": ("Compared; not used for the scores.", "参与比较，未用于评分。"),
    "ch_note_bgnbd_p_alive": ("Baseline without training: 1 − the BG/NBD probability of still being active.",
                              "无需训练的基准：1 − BG/NBD 仍活跃概率。"),
    "ch_note_recency_rule": ("Baseline: the longer since the last order, the likelier to churn.",
                             "基准：距上次下单越久，越可能流失。"),
    "ch_note_bgnbd_caveat": ("(Some customers have no BG/NBD score and are left out of this row.)",
                             "（部分客户没有 BG/NBD 评分，未计入此行。）"),
    "ch_model_gradient_boosting": ("Gradient boosting", "梯度提升树"),
    "ch_model_logistic_regression": ("Logistic regression", "逻辑回归"),
    "ch_model_bgnbd_p_alive": ("Baseline: BG/NBD 1 − P(alive)", "基准：BG/NBD 1 − 存活概率"),
    "ch_model_recency_rule": ("Baseline: recency rule", "基准：最近消费规则"),
    "ch_roc_title": ("ROC curve (validation)", "ROC 曲线（验证期）"),
    "ch_calib_title": ("Calibration (validation)", "概率校准（验证期）"),
    "ch_fpr": ("False-positive rate (stayers flagged)", "假阳性率（被误判的留存客户）"),
    "ch_tpr": ("True-positive rate (churners caught)", "真阳性率（识别出的流失客户）"),
    "ch_pred": ("Predicted churn probability", "预测流失概率"),
    "ch_obs": ("Observed churn rate", "实际流失率"),
    "ch_chance": ("Chance / perfect calibration", "随机 / 完美校准"),
    # drivers
    "ch_drivers_caption": (
        "What the scoring model ({best}) relies on, measured on the validation customers: how much its ROC AUC "
        "drops when one feature's values are shuffled among the customers (bigger = more important). All "
        "features use only purchases before the cutoff.",
        "评分模型（{best}）依赖哪些信息，在验证期客户上衡量：把某个特征的取值在客户之间随机打乱后，ROC AUC 下降"
        "多少（下降越多越重要）。所有特征只使用截止日之前的购买记录。"),
    "ch_importance_axis": ("Drop in ROC AUC when shuffled", "打乱后 ROC AUC 的下降"),
    "ch_imp_up": ("**{feature}**: the higher it is, the more likely the customer is to leave (shuffling it "
                  "costs {drop:.3f} ROC AUC).",
                  "**{feature}**：数值越高，客户越可能流失（打乱后 ROC AUC 下降 {drop:.3f}）。"),
    "ch_imp_down": ("**{feature}**: the higher it is, the less likely the customer is to leave (shuffling it "
                    "costs {drop:.3f} ROC AUC).",
                    "**{feature}**：数值越高，客户越不容易流失（打乱后 ROC AUC 下降 {drop:.3f}）。"),
    "ch_imp_mixed": ("**{feature}**: matters, but not in one direction — its effect depends on the other features "
                     "(shuffling it costs {drop:.3f} ROC AUC).",
                     "**{feature}**：有影响，但方向不固定，取决于其他特征（打乱后 ROC AUC 下降 {drop:.3f}）。"),
    "ch_feat_days_since_last_order": ("Days since the last order", "距上次下单天数"),
    "ch_feat_tenure_days": ("Days since the first order", "距首次下单天数"),
    "ch_feat_orders": ("Orders", "订单数"),
    "ch_feat_purchase_days": ("Days with a purchase", "有购买的天数"),
    "ch_feat_orders_recent": ("Orders in the last H days", "最近 H 天的订单数"),
    "ch_feat_net_revenue": ("Net revenue", "净销售额"),
    "ch_feat_net_revenue_recent": ("Net revenue in the last H days", "最近 H 天的净销售额"),
    "ch_feat_avg_order_value": ("Average order value", "平均客单价"),
    "ch_feat_avg_gap_days": ("Average days between purchases", "平均购买间隔天数"),
    "ch_feat_overdue_ratio": ("Overdue ratio (days since last order ÷ usual gap)", "逾期比（距上次下单天数 ÷ 平时间隔）"),
    # priority
    "ch_value_basis": ("Value", "价值口径"),
    "ch_value_clv": ("Predicted CLV, next 52 weeks [{cur}]", "预测 CLV，未来 52 周 [{cur}]"),
    "ch_value_profit": ("Pyramid value: profit to date [{cur}]", "金字塔价值：累计利润 [{cur}]"),
    "ch_value_net_revenue": ("Pyramid value: net revenue to date [{cur}]", "金字塔价值：累计净销售额 [{cur}]"),
    "ch_value_clv_failed": ("Predicted CLV is not available for this data ({msg}); the pyramid value is used.",
                            "本数据无法计算预测 CLV（{msg}），改用金字塔价值。"),
    "ch_value_threshold": ("Valuable from [{cur}]", "高价值门槛 [{cur}]"),
    "ch_value_threshold_help": ("Default: the top 20 % of customers by value, the pyramid's VIP + major + "
                                "ordinary tiers.", "默认：价值排名前 20% 的客户，即金字塔中 VIP、主要和普通客户。"),
    "ch_risk_threshold": ("At risk from churn probability", "高风险门槛（流失概率）"),
    "ch_quadrant_caption": ("Each dot is a customer (at most {shown:,} of {n:,} drawn); the lines are the thresholds. "
                            "{log}", "每个点代表一位客户（共 {n:,} 位，最多绘制 {shown:,} 位）；线条为门槛值。{log}"),
    "ch_log_axis": ("Value on a log scale: values below {floor:,.2g} are drawn at {floor:,.2g}; customers with "
                    "value ≤ 0 are not drawn ({k:,}).",
                    "价值轴为对数刻度：低于 {floor:,.2g} 的价值画在 {floor:,.2g} 处；价值 ≤ 0 的客户未绘制（{k:,} 位）。"),
    "ch_value_axis": ("Value [{cur}]", "价值 [{cur}]"),
    "ch_prob_axis": ("Churn probability in the next {h} days", "未来 {h} 天的流失概率"),
    "ch_q_valuable_at_risk": ("Valuable, at risk", "高价值·高风险"),
    "ch_q_valuable_safe": ("Valuable, safe", "高价值·低风险"),
    "ch_q_low_value_at_risk": ("Lower value, at risk", "低价值·高风险"),
    "ch_q_low_value_safe": ("Lower value, safe", "低价值·低风险"),
    "ch_act_win_back": ("Win back now: a personal call or message, a tailored offer.",
                        "立即挽留：专人电话或私信联系，提供定制优惠。"),
    "ch_act_reward_loyalty": ("Keep them close: priority service and loyalty rewards; no discount needed.",
                              "维系关系：优先服务、会员积分奖励，无需打折。"),
    "ch_act_automated_reactivation": ("Low-cost reactivation: an automated SMS or e-mail with a small coupon.",
                                      "低成本唤回：自动发送短信或邮件，附小额优惠券。"),
    "ch_act_grow": ("Grow: recommend related products to raise their value.", "培养提升：推荐相关商品，提高客户价值。"),
    "ch_col_quadrant": ("Group", "分组"),
    "ch_col_customers": ("Customers", "客户数"),
    "ch_col_customer": ("Customer", "客户"),
    "ch_col_value": ("Value [{cur}]", "价值 [{cur}]"),
    "ch_col_value_at_risk": ("Value at risk [{cur}]", "风险价值 [{cur}]"),
    "ch_col_churn_prob": ("Churn probability", "流失概率"),
    "ch_col_action": ("Recommended action", "建议措施"),
    "ch_list_title": ("Who to contact", "联系名单"),
    "ch_list_pick": ("Groups to list", "列出的分组"),
    "ch_list_count": ("{n:,} customers, value at risk {var} (value × churn probability).",
                      "共 {n:,} 名客户，风险价值 {var}（价值 × 流失概率）。"),
    "ch_list_shown": ("The first 200 rows are shown; the download holds all.", "仅显示前 200 行，下载文件包含全部。"),
    # method
    "ch_how_title": ("How this works", "方法说明"),
    "ch_how_body": (
        "**Label.** A customer who has bought before a cutoff date *churns* if they make no purchase in the H days "
        "after it (returns do not count as purchases). H defaults to the 75th percentile of the gaps between a "
        "customer's consecutive purchase days, in whole weeks, and can be changed.\n\n"
        "**Features** come only from purchases *before* the cutoff — one pass over the order lines: days since the "
        "last and the first order, orders, purchase days, orders and net revenue in the last H days, net revenue, "
        "average order value, average gap between purchases and the overdue ratio (days since the last order ÷ "
        "that gap). Nothing from the label window is used, so there is no leakage.\n\n"
        "**Timeline** for as-of date D: train at c0 = D − 2H (labels in [c0, c0 + H)), validate at c1 = D − H "
        "(labels in [c1, D)), then retrain at c1 and score the features before D: each customer's probability of "
        "no purchase in [D, D + H). Population: every customer with a purchase before the cutoff.\n\n"
        "**Models** (scikit-learn): gradient boosting (histogram-based trees, stopped early when a held-out part stops improving) and "
        "logistic regression on standardised log features; fixed random seed. **Baselines**: the recency rule "
        "(rank by days since the last order; its probability is a logistic regression on log(1 + days) fitted at "
        "c0) and BG/NBD's 1 − P(alive) fitted on the history before c1 (Fader, Hardie & Lee 2005, \"Counting Your "
        "Customers the Easy Way\", Marketing Science 24(2); P(alive) from their note 021). BG/NBD lets customers "
        "drop out only right after a repeat purchase, so one-time buyers always count as alive: it ranks poorly "
        "where most churners bought once.\n\n"
        "**Feature importance**: permutation importance (Breiman 2001) — the drop in ROC AUC when a feature is "
        "shuffled. **Retention priority**: value × churn probability = value at risk; customers above both "
        "thresholds are the ones to win back first.",
        "**标签。** 在截止日之前购买过的客户，如果在截止日之后的 H 天内没有任何购买（退货不算购买），即视为*流失*。"
        "H 默认取客户相邻两次购买间隔的第 75 百分位数，按整周取整，可以修改。\n\n"
        "**特征**只取自截止日*之前*的购买记录，对订单明细扫描一遍即可得到：距上次和首次下单的天数、订单数、有购买的"
        "天数、最近 H 天的订单数和净销售额、净销售额、平均客单价、平均购买间隔以及逾期比（距上次下单天数 ÷ 平均间隔）。"
        "不使用标签窗口内的任何数据，因此不存在信息泄漏。\n\n"
        "**时间线**（基准日 D）：在 c0 = D − 2H 训练（标签窗口 [c0, c0 + H)），在 c1 = D − H 验证（标签窗口 "
        "[c1, D)），再以 c1 重新训练，对 D 之前的特征评分，得到每位客户在 [D, D + H) 内不再购买的概率。"
        "样本范围：截止日之前有过购买的全部客户。\n\n"
        "**模型**（scikit-learn）：梯度提升树（基于直方图的决策树，留出部分不再改进时提前停止）和基于标准化对数特征的"
        "逻辑回归；随机种子固定。**基准**：最近消费规则（按距上次下单天数排序，其概率由在 c0 拟合的 log(1 + 天数) "
        "逻辑回归给出）和 BG/NBD 的 1 − 存活概率，基于 c1 之前的历史拟合（Fader、Hardie 与 Lee 2005，"
        "“Counting Your Customers the Easy Way”，Marketing Science 24(2)；存活概率见其技术笔记 021）。"
        "BG/NBD 假设客户只会在一次复购之后流失，因此只买过一次的客户总被视为存活：当大多数流失客户只买过一次时，"
        "它的排序效果较差。\n\n"
        "**特征重要性**：置换重要性（Breiman 2001），即打乱某个特征后 ROC AUC 的下降。**挽留优先级**："
        "价值 × 流失概率 = 风险价值；两个门槛都超过的客户应最先挽留。"),
}
