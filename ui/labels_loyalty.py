"""Labels of the loyalty view, English and Chinese; merged into ui.i18n.LABELS (one table)."""

LABELS: dict[str, tuple[str, str]] = {
    "loy_title": ("Customer loyalty", "客户忠诚度"),
    "loy_intro": ("How loyal the customer base is, read from the orders before {as_of}: how many of each period's "
                  "buyers come back the next period, how many customers buy more than once, how soon they return, "
                  "and how much of the revenue repeat orders bring. Orders show loyal behaviour, not attitude.",
                  "根据 {as_of} 之前的订单衡量客户群的忠诚度：每个周期的购买客户中有多少在下一个周期再次购买、"
                  "多少客户购买不止一次、多久回购，以及回头订单带来多少收入。订单只反映忠诚的行为，不反映态度。"),
    # tabs
    "loy_tab_retention": ("Retention & repeat buying", "保持率与复购"),
    "loy_tab_matrix": ("Value × loyalty", "价值 × 忠诚"),
    "loy_tab_ladder": ("Customer ladder", "客户阶梯"),
    "loy_tab_promotion": ("Promotion & share of wallet", "促销依赖与钱包份额"),
    "loy_tab_worth": ("What loyalty is worth", "忠诚的价值"),
    "loy_tab_types": ("Seven loyalty types", "七种忠诚类型"),
    # controls
    "loy_period": ("Retention period", "保持率周期"),
    "loy_period_month": ("Month", "月"),
    "loy_period_quarter": ("Quarter", "季度"),
    "loy_period_year": ("Year", "年"),
    "loy_window": ("Second purchase within (days)", "二次购买窗口（天）"),
    "loy_window_help": ("A second order at most this many days after the first counts. Only customers whose first "
                        "order plus this many days lies before the as-of date are counted, so recent first-time "
                        "buyers, who have not had the whole window yet, do not pull the rate down.",
                        "首单后不超过这么多天内的第二笔订单计入。只统计首单日期加上这么多天仍早于基准日的客户："
                        "最近才首次购买、还没有完整窗口期的客户不会拉低比率。"),
    # metrics
    "loy_m_retention": ("Retention rate, {period}", "客户保持率（{period}）"),
    "loy_m_retention_help": ("Of the {before:,} customers who bought in {prev}, {kept:,} bought again in {period}: "
                             "the latest period complete before the as-of date. The change is against {prev}.",
                             "在 {prev} 购买过的 {before:,} 位客户中，有 {kept:,} 位在 {period} 再次购买：这是基准日之前"
                             "最近一个完整周期。变化与 {prev} 相比。"),
    "loy_m_retention_none": ("Retention rate", "客户保持率"),
    "loy_m_repeat": ("Repeat purchase rate", "复购率"),
    "loy_m_repeat_help": ("{repeat:,} of {customers:,} customers with an order before the as-of date placed at least "
                          "two orders.",
                          "在基准日之前下过单的 {customers:,} 位客户中，有 {repeat:,} 位下过至少两笔订单。"),
    "loy_m_second": ("Second purchase within {days:,} days", "{days:,} 天内二次购买率"),
    "loy_m_second_help": ("{within:,} of {eligible:,} customers placed a second order at most {days:,} days after "
                          "their first. Counted: customers whose first order day plus {days:,} days falls before the "
                          "as-of date (their whole window is observed).",
                          "{eligible:,} 位客户中有 {within:,} 位在首单后不超过 {days:,} 天内下了第二笔订单。统计对象：首单日期"
                          "加 {days:,} 天早于基准日的客户（整个窗口期都已观察到）。"),
    "loy_m_median_days": ("Median days to 2nd order", "到第二单的天数中位数"),
    "loy_m_median_days_help": ("Among the {n:,} customers with a second order: 25 % came back within {p25} days, "
                               "half within {p50} and 75 % within {p75}.",
                               "在有第二笔订单的 {n:,} 位客户中：25% 在 {p25} 天内回购，一半在 {p50} 天内，75% 在 "
                               "{p75} 天内。"),
    "loy_m_first_aov": ("Average first order", "首单平均金额"),
    "loy_m_repeat_aov": ("Average repeat order", "回头订单平均金额"),
    "loy_m_aov_help": ("{n:,} orders; an order's value is net of returns on the same order.",
                       "{n:,} 笔订单；订单金额已扣除同一订单的退货。"),
    "loy_pp": ("{value} pp", "{value} 个百分点"),
    "loy_days": ("{value} days", "{value} 天"),
    # sections
    "loy_sec_retention": ("Retention rate per period", "各周期客户保持率"),
    "loy_sec_repeat": ("Repeat purchases", "重复购买"),
    "loy_retention_caption": ("Each point: of the customers who bought in the period before, the share who bought "
                              "again in this period. Only complete periods are shown: the {period} containing the "
                              "as-of date (from {start}) is not over yet and is left out.",
                              "每个点：上一周期购买过的客户中，在本周期再次购买的比例。只显示完整的周期：包含基准日的"
                              "{period}（自 {start} 起）尚未结束，未显示。"),
    "loy_retention_empty": ("No complete {period} follows another {period} with buyers before the as-of date: the "
                            "retention rate needs two complete periods. Choose a shorter period or a later as-of "
                            "date.",
                            "基准日之前没有两个相邻的完整{period}：计算保持率需要两个完整周期。请选择更短的周期或更晚的"
                            "基准日。"),
    "loy_share_caption": ("Revenue of each complete period split into customers' first orders and their repeat "
                          "orders (second and later); the line is the repeat orders' share.",
                          "每个完整周期的收入分为客户首单与回头订单（第二单及以后）；折线为回头订单收入占比。"),
    "loy_no_second": ("No customer has a second order yet.", "尚无客户下过第二笔订单。"),
    "loy_no_eligible": ("No customer's first order day plus {days:,} days falls before the as-of date: choose a "
                        "shorter window.", "没有客户的首单日期加 {days:,} 天早于基准日：请选择更短的窗口。"),
    # charts and table
    "loy_chart_rate": ("Retention rate", "客户保持率"),
    "loy_chart_period": ("Period", "周期"),
    "loy_chart_before": ("Bought in the period before", "上一周期购买客户"),
    "loy_chart_retained": ("Bought again", "再次购买客户"),
    "loy_chart_first_rev": ("First orders", "首单收入"),
    "loy_chart_repeat_rev": ("Repeat orders", "回头订单收入"),
    "loy_chart_repeat_share": ("Repeat orders' share", "回头订单收入占比"),
    "loy_chart_revenue": ("Revenue", "收入"),
    "loy_col_period": ("Period", "周期"),
    "loy_col_before": ("Bought in the period before", "上一周期购买客户"),
    "loy_col_retained": ("Bought again in this period", "本周期再次购买"),
    "loy_col_rate": ("Retention rate", "保持率"),
    # how it works
    "loy_how_title": ("How the loyalty measures are computed", "忠诚度指标如何计算"),
    "loy_how_body": (
        "The course treats loyalty as continued buying behaviour plus a preference, and names retention and "
        "repeat purchases among its measures. Orders show only the behaviour (Dick & Basu 1994: loyalty is "
        "relative attitude × repeat patronage); attitude needs surveys.\n\n"
        "Counting the order lines dated before the as-of date: an **order** is a distinct order number when the "
        "file has one, otherwise one customer's purchases on one day (as on the other pages). Returns (negative "
        "amounts) are not purchases; an order's value is net of returns on the same order.\n\n"
        "- **Retention rate** (客户保持率) of period t = customers who bought in both t − 1 and t ÷ customers who "
        "bought in t − 1, with calendar months, quarters or years as periods (Reichheld & Sasser 1990, \"Zero "
        "Defections\", Harvard Business Review: retention as the share of customers kept from one period to the "
        "next). A customer who skips a period counts as not retained in it. Only complete periods count: the one "
        "containing the as-of date is left out.\n"
        "- **Repeat purchase rate** (复购率) = customers with at least 2 orders ÷ all customers with an order.\n"
        "- **Second purchase within N days** = customers whose second order came at most N days after the first ÷ "
        "customers whose first order plus N days lies before the as-of date (only they had the whole window).\n"
        "- **Time to the second order**: days from the first to the second order, 25th percentile, median and 75th "
        "percentile, among customers who have a second order.\n"
        "- **First vs repeat order value**: the average value of first orders and of repeat orders (second and "
        "later); the **repeat orders' share** of each period's revenue.\n\n"
        "Source: the course (客户价值与忠诚度管理, loyalty measures); Reichheld & Sasser (1990) for retention.",
        "课程将忠诚定义为持续的购买行为加上偏好，并把客户保持率和重复购买列为衡量指标。订单只能反映行为"
        "（Dick & Basu 1994：忠诚 = 相对态度 × 重复惠顾）；态度需要通过调查了解。\n\n"
        "统计基准日之前的订单明细：文件有订单号时，一个不同的订单号为一笔**订单**；没有订单号时，一位客户在一天内的"
        "购买为一笔订单（与其他页面一致）。退货（负金额）不算购买；订单金额扣除同一订单的退货。\n\n"
        "- 周期 t 的**客户保持率** = 在 t − 1 和 t 都购买过的客户 ÷ 在 t − 1 购买过的客户，周期为自然月、季度或年"
        "（Reichheld & Sasser 1990，《零流失：服务业的质量》，哈佛商业评论：保持率即从一个周期保留到下一周期的客户"
        "比例）。某一周期没有购买的客户在该周期计为未保持。只统计完整周期：包含基准日的周期不计入。\n"
        "- **复购率** = 至少有 2 笔订单的客户 ÷ 所有下过单的客户。\n"
        "- **N 天内二次购买率** = 第二笔订单在首单后 N 天内的客户 ÷ 首单日期加 N 天仍早于基准日的客户（只有他们有"
        "完整的窗口期）。\n"
        "- **到第二单的时间**：有第二笔订单的客户从首单到第二单的天数，取第 25 百分位数、中位数和第 75 百分位数。\n"
        "- **首单与回头订单金额**：首单与回头订单（第二单及以后）的平均金额；以及每个周期收入中**回头订单的占比**。\n\n"
        "来源：课程（客户价值与忠诚度管理，忠诚度的衡量）；保持率参见 Reichheld & Sasser (1990)。"),
}
