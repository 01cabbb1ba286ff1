"""Labels of the per-customer report's progress bar (issue #14): one per stage of
crm_core.progress.REPORT_STAGES, shown while the customer profile or the handout's report is computed."""

LABELS: dict[str, tuple[str, str]] = {
    "rep_step_customers": ("Building the customer table…", "正在生成客户表…"),
    "rep_step_clv": ("Fitting BG/NBD + Gamma-Gamma and predicting CLV…", "正在拟合 BG/NBD + Gamma-Gamma 并预测 CLV…"),
    "rep_step_segments": ("Pyramid tiers and RFM segments…", "正在计算金字塔层级与 RFM 分群…"),
    "rep_step_lifecycle": ("Lifecycle stages…", "正在判定生命周期阶段…"),
    "rep_step_churn": ("Training, validating and scoring the churn model…", "正在训练、验证流失模型并打分…"),
    "rep_step_loyalty": ("Loyalty measures…", "正在计算忠诚度指标…"),
}
