"""Labels of the progress bars (issue #14): loading a file (ui.data_source.LoadProgress: the upload, then one per
stage of crm_core.progress.INGEST_STAGES, then the customer table), and the per-customer report (one per stage of
crm_core.progress.REPORT_STAGES, shown while the customer profile or the handout's report is computed)."""

LABELS: dict[str, tuple[str, str]] = {
    "up_step_save": ("Saving the upload…", "正在保存上传的文件…"),
    "up_step_read": ("Reading the file…", "正在读取文件…"),
    "up_step_checks": ("Deciding the columns, decimal separators and date order…", "正在判断列、小数分隔符和日期顺序…"),
    "up_step_parse": ("Finding duplicates, parsing and validating every line…", "正在查找重复行、解析并校验每一行…"),
    "up_step_accounting": ("Counting rejected and excluded lines…", "正在统计剔除和排除的行…"),
    "up_step_views": ("Building the customer table…", "正在生成客户表…"),
    "rep_step_customers": ("Building the customer table…", "正在生成客户表…"),
    "rep_step_clv": ("Fitting BG/NBD + Gamma-Gamma and predicting CLV…", "正在拟合 BG/NBD + Gamma-Gamma 并预测 CLV…"),
    "rep_step_segments": ("Pyramid tiers and RFM segments…", "正在计算金字塔层级与 RFM 分群…"),
    "rep_step_lifecycle": ("Lifecycle stages…", "正在判定生命周期阶段…"),
    "rep_step_churn": ("Training, validating and scoring the churn model…", "正在训练、验证流失模型并打分…"),
    "rep_step_loyalty": ("Loyalty measures…", "正在计算忠诚度指标…"),
}
