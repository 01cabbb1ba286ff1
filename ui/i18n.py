"""Every label of the interface in English and Chinese: one table, one lookup function."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

LANGUAGES = {"en": "English", "zh": "中文"}

# key -> (English, 中文). Format fields in braces are filled by t(key, **values).
LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("Customer Value Dashboard", "客户价值仪表盘"),
    "language": ("Language", "语言"),
    # navigation
    "nav_overview": ("Overview", "总览"),
    "nav_data": ("Data", "数据"),
    "nav_pyramid": ("Customer pyramid", "客户金字塔"),
    "nav_rfm": ("RFM", "RFM 分析"),
    "nav_clv": ("CLV", "客户终生价值"),
    "nav_lifecycle": ("Lifecycle", "生命周期"),
    "nav_loyalty": ("Loyalty", "客户忠诚"),
    "nav_churn": ("Churn risk", "流失风险"),
    "nav_profile": ("Customer profile", "客户档案"),
    "nav_section_data": ("Start", "开始"),
    "nav_section_views": ("Customer value", "客户价值"),
    # sidebar
    "sb_dataset": ("Dataset", "数据集"),
    "sb_rows": ("Order lines", "订单明细行"),
    "sb_customers": ("Customers", "客户数"),
    "sb_range": ("Date range", "日期范围"),
    "sb_as_of": ("As-of date", "分析基准日"),
    "sb_as_of_help": ("Orders before this day count; later orders are left out, so a past date shows "
                      "customers as they stood that day. Default: the day after the last order.",
                      "此日期之前的订单参与计算；之后的订单不计入，因此选择过去的日期可看到客户当时的状态。"
                      "默认：最后一笔订单的次日。"),
    "sb_currency": ("Currency", "币种"),
    "sb_currency_unknown": ("not stated", "未注明"),
    # data page
    "data_title": ("Data", "数据"),
    "data_intro": ("Start from a bundled dataset or upload your own order export: one row per order or "
                   "order line with customer, date and amount (optional: order id, cost or margin, "
                   "channel, product). CSV in UTF-8 or GBK, Excel .xlsx or Parquet, up to 500 MB.",
                   "可以从内置数据集开始，也可以上传自己的订单导出文件：每行一笔订单或订单明细，包含客户、日期和金额"
                   "（可选：订单号、成本或毛利、渠道、商品）。支持 UTF-8 或 GBK 编码的 CSV、Excel .xlsx 和 Parquet，"
                   "最大 500 MB。"),
    "data_source": ("Data source", "数据来源"),
    "data_upload": ("Upload a file", "上传文件"),
    "data_uploader": ("Order file (CSV, Excel .xlsx, Parquet)", "订单文件（CSV、Excel .xlsx、Parquet）"),
    "data_loading": ("Reading and checking {name}…", "正在读取并检查 {name}…"),
    "data_loaded": ("Loaded {name}.", "已加载 {name}。"),
    "data_use_bundled": ("Load this dataset", "加载此数据集"),
    "data_current": ("In use: {name}", "当前使用：{name}"),
    "data_mapping": ("Column mapping", "字段映射"),
    "data_mapping_help": ("Which column of the file plays which role. Detected from the header names "
                          "(English or Chinese) and the values; correct it if needed, then load.",
                          "文件中各列对应的角色，根据表头（中文或英文）和取值自动识别；如有错误请修改后重新加载。"),
    "data_mapping_none": ("— none —", "— 无 —"),
    "data_sheet": ("Sheet", "工作表"),
    "data_apply_mapping": ("Load with this mapping", "按此映射加载"),
    "data_needs_mapping": ("Choose the columns for the required roles, then load.",
                           "请为必填角色选择对应的列，然后加载。"),
    "data_drop_duplicates": ("Remove exact duplicate lines", "删除完全重复的行"),
    "data_drop_duplicates_help": ("Lines identical in every column are usually exported twice by mistake. "
                                  "Keep them when the file has no order id and identical lines are separate "
                                  "purchases (as in the CDNOW research data).",
                                  "所有列都相同的行通常是重复导出造成的。如果文件没有订单号、相同的行代表独立的购买"
                                  "（如 CDNOW 研究数据），请保留它们。"),
    "chart_net_revenue": ("Net revenue per month", "月净销售额"),
    "chart_active_customers": ("Active customers", "活跃客户数"),
    "chart_new_customers": ("New customers", "新客户数"),
    "data_report": ("Ingest report", "导入报告"),
    "data_identity": ("{read:,} rows read = {kept:,} kept + {rejected:,} rejected + {dups:,} exact duplicates removed",
                      "读取 {read:,} 行 = 保留 {kept:,} 行 + 拒绝 {rejected:,} 行 + 删除完全重复 {dups:,} 行"),
    "m_rows_read": ("Rows read", "读取行数"),
    "m_rows_kept": ("Rows kept", "保留行数"),
    "m_rows_rejected": ("Rows rejected", "拒绝行数"),
    "m_duplicates": ("Duplicates removed", "删除重复行"),
    "m_returns": ("Return lines", "退货行"),
    "m_customers": ("Customers", "客户数"),
    "m_gross": ("Gross revenue", "总销售额"),
    "m_net": ("Net revenue", "净销售额"),
    "m_returns_amount": ("Returns", "退货金额"),
    "m_first_date": ("First order", "最早订单"),
    "m_last_date": ("Last order", "最晚订单"),
    "data_rejected_title": ("Rejected rows", "被拒绝的行"),
    "data_rejected_none": ("No row was rejected.", "没有被拒绝的行。"),
    "data_rejected_intro": ("Rejected rows keep their original values and the file row they came from. "
                            "Fix them in the source and upload again, or leave them out.",
                            "被拒绝的行保留原始值及其在文件中的行号。可在源文件中修正后重新上传，或不予采用。"),
    "col_customer_id": ("customer", "客户"),
    "col_order_ts": ("order time", "下单时间"),
    "col_amount": ("amount", "金额"),
    "col_order_id": ("order id", "订单号"),
    "col_cost": ("cost", "成本"),
    "col_margin": ("margin", "毛利"),
    "col_profit": ("profit", "利润"),
    "col_channel": ("channel", "渠道"),
    "col_product": ("product", "商品"),
    "col_source_row": ("file row", "文件行号"),
    "data_still_in_use": ("The data in use is still: {name}.", "当前仍在使用：{name}。"),
    "data_uploader_help": ("Your file stays in this browser tab's session only: no other user can see it, and "
                           "reloading the page starts again from the sample.",
                           "文件只保存在当前浏览器标签页的会话中：其他用户看不到；刷新页面会重新从示例数据开始。"),
    "col_reason": ("Reason", "原因"),
    "col_rows": ("Rows", "行数"),
    "col_examples": ("First file rows", "文件行号示例"),
    "col_role": ("Role", "角色"),
    "col_column": ("Column in the file", "文件中的列"),
    "dl_csv": ("Download CSV", "下载 CSV"),
    "dl_xlsx": ("Download Excel", "下载 Excel"),
    "data_preview": ("First order lines as loaded", "已加载的前几行订单明细"),
    "data_file_facts": ("Format: {fmt} · encoding: {enc} · date formats tried after ISO: {n}",
                        "格式：{fmt} · 编码：{enc} · 除 ISO 外尝试的日期格式：{n} 种"),
    "data_passthrough": ("Passed through for exports: {cols}", "随导出保留的其他列：{cols}"),
    "data_no_profit": ("No cost or margin column: value views use net revenue.",
                       "没有成本或毛利列：价值分析将使用净销售额。"),
    "data_error": ("This file cannot be used: {msg}", "该文件无法使用：{msg}"),
    "param_error": ("This cannot be computed with these settings: {msg}", "按当前设置无法计算：{msg}"),
    "data_customers_note": ("Customers counts everyone with at least one kept line; the views count "
                            "customers with at least one purchase (not only returns) before the as-of date.",
                            "客户数统计至少有一行保留记录的客户；各分析视图只统计在基准日之前至少有一笔购买"
                            "（不只是退货）的客户。"),
    # reject reasons
    "reason_missing_customer": ("missing customer", "缺少客户"),
    "reason_missing_date": ("missing date", "缺少日期"),
    "reason_unreadable_date": ("unreadable date", "日期无法识别"),
    "reason_missing_amount": ("missing amount", "缺少金额"),
    "reason_unreadable_amount": ("unreadable amount", "金额无法识别"),
    "reason_unreadable_cost": ("unreadable cost", "成本无法识别"),
    "reason_unreadable_margin": ("unreadable margin", "毛利无法识别"),
    "reason_future_date": ("date after today", "日期晚于今天"),
    # roles
    "role_customer_id": ("Customer (required)", "客户（必填）"),
    "role_order_ts": ("Order date / time (required)", "订单日期/时间（必填）"),
    "role_amount": ("Amount paid (required; negative = return)", "实付金额（必填；负数 = 退货）"),
    "role_order_id": ("Order id", "订单号"),
    "role_cost": ("Cost", "成本"),
    "role_margin": ("Margin / profit", "毛利/利润"),
    "role_channel": ("Channel", "渠道"),
    "role_product": ("Product / category", "商品/品类"),
    "error_generic": ("Something went wrong while computing this view. The details were logged.",
                      "计算此视图时出错，详细信息已记录。"),
}


def _merge_view_labels() -> None:
    """Add each view's labels (every ui/labels_*.py) to the one table; a key may be defined once only."""
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("labels_"))
    for name in names:
        part = importlib.import_module(f"{__package__}.{name}").LABELS
        clash = set(part) & set(LABELS)
        if clash:
            raise KeyError(f"label keys defined twice: {sorted(clash)}")
        LABELS.update(part)


_merge_view_labels()


def t(key: str, lang: str = "en", **values) -> str:
    """The label ``key`` in ``lang`` (``"en"`` or ``"zh"``), formatted with ``values``."""
    en, zh = LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def language_from_locale(locale: str | None) -> str:
    """``"zh"`` for a Chinese browser locale (zh, zh-CN, zh-TW …), else ``"en"``."""
    return "zh" if locale and str(locale).lower().startswith("zh") else "en"
