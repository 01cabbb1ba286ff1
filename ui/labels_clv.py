"""Labels of the CLV view, English and Chinese; merged into ui.i18n.LABELS (one table)."""

LABELS: dict[str, tuple[str, str]] = {
    "clv_title": ("Customer lifetime value (CLV)", "客户终生价值（CLV）"),
    "clv_intro": ("The textbook CLV formulas as a what-if calculator, and each customer's predicted CLV from the "
                  "BG/NBD and Gamma-Gamma models fitted on the data as of {as_of}.",
                  "教材中的 CLV 公式（可调参数的假设分析计算器），以及基于截至 {as_of} 的数据拟合 BG/NBD 与 "
                  "Gamma-Gamma 模型得到的每位客户预测 CLV。"),
    "clv_how_title": ("How this works", "计算方法说明"),
    "clv_how_body": (
        "- **Textbook calculator** (what-if, no customer data): the discounted multi-year model of textbook "
        "example 例3.1, the retention-based CLV m·r/(1+d−r) (Gupta & Lehmann 2003) and the simple CLV = spend × "
        "frequency × lifespan of the course slides. The tornado moves each input down and up by 20 % and shows "
        "how far the CLV moves.\n"
        "- **Predicted CLV**: the BG/NBD model (Fader, Hardie & Lee 2005, *Marketing Science* 24(2)) predicts "
        "each customer's number of future purchases from frequency, recency and age (in weeks); the Gamma-Gamma "
        "model (Fader & Hardie 2013, note 025, brucehardie.com/notes/025/) predicts the spend per purchase from "
        "repeat purchases only. CLV = expected spend × discounted expected purchases over the horizon (purchases "
        "of week k discounted by (1+d)^k). Past purchases are not part of the value.\n"
        "- Sources: the CRM course textbook (例3.1, 客户终生价值的计算); Fader, Hardie & Lee (2005); Fader & "
        "Hardie (2013), note 025.",
        "- **教材计算器**（假设分析，不使用客户数据）：教材例3.1 的多年期折现模型、基于保留率的 CLV = m·r/(1+d−r)"
        "（Gupta & Lehmann 2003），以及课程讲义中的简单公式 CLV = 每次消费额 × 消费频率 × 客户寿命。"
        "龙卷风图将每个输入分别下调和上调 20%，显示 CLV 随之变化的幅度。\n"
        "- **预测 CLV**：BG/NBD 模型（Fader, Hardie & Lee 2005，*Marketing Science* 24(2)）根据消费频率、最近一次"
        "消费和客户时长（以周计）预测每位客户未来的购买次数；Gamma-Gamma 模型（Fader & Hardie 2013，note 025，"
        "brucehardie.com/notes/025/）仅根据重复购买预测每次消费金额。CLV = 预期每次消费额 × 预测期内折现后的预期"
        "购买次数（第 k 周的购买按 (1+d)^k 折现）。历史消费不计入价值。\n"
        "- 来源：CRM 课程教材（例3.1，客户终生价值的计算）；Fader, Hardie & Lee (2005)；Fader & Hardie (2013)，note 025。"),
    "clv_tab_textbook": ("Textbook calculator", "教材计算器"),
    "clv_tab_predicted": ("Predicted CLV (BG/NBD + Gamma-Gamma)", "预测 CLV（BG/NBD + Gamma-Gamma）"),
    # discounted multi-year model (例3.1)
    "clv_disc_title": ("Discounted multi-year model (textbook 例3.1)", "多年期折现模型（教材例3.1）"),
    "clv_load_example": ("Load 例3.1", "载入例3.1"),
    "clv_n": ("n: years of the relationship", "n：客户关系年数"),
    "clv_co": ("Co: acquisition cost [¥]", "Co：获客成本 [¥]"),
    "clv_po": ("Po: first purchase [¥]", "Po：首次购买额 [¥]"),
    "clv_in": ("In: yearly revenue increase [¥/year]", "In：每年收入增加额 [¥/年]"),
    "clv_r": ("r: interest rate [%/year]", "r：利率 [%/年]"),
    "clv_cs": ("Cs: yearly service cost [¥/year]", "Cs：每年直接服务成本 [¥/年]"),
    "clv_reading": ("Reading of the yearly revenue: three readings fit the example's inputs; the product uses A by "
                    "default",
                    "年收入的理解方式：三种理解都与例题的输入相符，本产品默认采用 A"),
    "clv_reading_A": ("A (most likely): Po at t = 0, then In each year: CLV = Po − Co + Σ (In − Cs)/(1+r)^t",
                      "A（最可能）：t = 0 时 Po，之后每年 In：CLV = Po − Co + Σ (In − Cs)/(1+r)^t"),
    "clv_reading_B": ("B: nothing at t = 0; year t brings Po + (t−1)·In: CLV = −Co + Σ (R_t − Cs)/(1+r)^t",
                      "B：t = 0 时无收入；第 t 年收入 Po + (t−1)·In：CLV = −Co + Σ (R_t − Cs)/(1+r)^t"),
    "clv_reading_C": ("C: Po at t = 0; year t brings t·In: CLV = Po − Co + Σ (t·In − Cs)/(1+r)^t",
                      "C：t = 0 时 Po；第 t 年收入 t·In：CLV = Po − Co + Σ (t·In − Cs)/(1+r)^t"),
    "clv_basis": ("Basis of the yearly inflow", "年度流入的口径"),
    "clv_basis_revenue": ("Revenue (the textbook's formula)", "收入（教材公式）"),
    "clv_basis_profit": ("Profit: gross margin × revenue", "利润：毛利率 × 收入"),
    "clv_basis_help": ("The textbook has variants on revenue and on profit. On the profit basis the revenue of "
                       "every year (Po and In) is multiplied by the gross margin; Co and Cs are costs either way.",
                       "教材有基于收入和基于利润的模型变体。按利润口径时，每年的收入（Po 与 In）乘以毛利率；"
                       "Co 与 Cs 在两种口径下都是成本。"),
    "clv_margin": ("Gross margin [%]", "毛利率 [%]"),
    "clv_sow": ("Share of wallet [%]", "钱包份额 [%]"),
    "clv_sow_help": ("The share of the customer's spend in the category that comes to us (the textbook's variant "
                     "with the customer's spend allocation): Po and In describe the customer's whole spend, so "
                     "revenue is multiplied by this share; the costs are not.",
                     "客户在该品类的支出中流向本企业的比例（教材中考虑客户支出分配的模型变体）：Po 与 In 描述的是"
                     "客户的全部支出，因此收入乘以该比例，成本不变。"),
    "clv_disc_metric_revenue": ("CLV, reading {reading}", "CLV（理解 {reading}）"),
    "clv_disc_metric_profit": ("CLV on profit, reading {reading}", "CLV（利润口径，理解 {reading}）"),
    "clv_disc_basis_caption": ("Revenue = {sow:g} % share of wallet × the customer's spend (Po, In); inflow = "
                               "{margin:g} % of revenue (the gross margin; 100 % on the revenue basis); the costs Co "
                               "and Cs are not scaled.",
                               "收入 = {sow:g}% 钱包份额 × 客户支出（Po、In）；流入 = 收入的 {margin:g}%（毛利率；收入口径时为 "
                               "100%）；成本 Co 与 Cs 不按比例调整。"),
    "clv_col_inflow_revenue": ("Inflow = revenue [¥]", "流入 = 收入 [¥]"),
    "clv_col_inflow_profit": ("Inflow = gross profit [¥]", "流入 = 毛利 [¥]"),
    "clv_disc_caption": ("Year 0 is undiscounted and carries Co (and Po in readings A and C); the revenue and "
                         "service cost of year t are discounted by (1+r)^t. PV = present value = net × factor.",
                         "第 0 年不折现，计入 Co（理解 A、C 还计入 Po）；第 t 年的收入和服务成本按 (1+r)^t 折现。现值 = 净额 × 折现系数。"),
    "clv_col_year": ("Year", "年份"),
    "clv_col_revenue": ("Revenue [¥]", "收入 [¥]"),
    "clv_col_cost": ("Cost [¥]", "成本 [¥]"),
    "clv_col_net": ("Net [¥]", "净额 [¥]"),
    "clv_col_factor": ("Factor", "折现系数"),
    "clv_col_pv": ("PV [¥]", "现值 [¥]"),
    "clv_col_cum": ("Cumulative PV [¥]", "累计现值 [¥]"),
    # retention
    "clv_ret_title": ("Retention-based CLV (Gupta & Lehmann)", "基于保留率的 CLV（Gupta & Lehmann）"),
    "clv_ret_m": ("m: margin per period [¥]", "m：每期利润 [¥]"),
    "clv_ret_r": ("r: retention per period [%]", "r：每期保留率 [%]"),
    "clv_ret_d": ("d: discount rate per period [%]", "d：每期折现率 [%]"),
    "clv_ret_n": ("n: finite horizon [periods]", "n：有限期数 [期]"),
    "clv_ret_inf": ("CLV, infinite horizon: m·r/(1+d−r)", "CLV（无限期）：m·r/(1+d−r)"),
    "clv_ret_fin": ("CLV over n = {n} periods", "CLV（n = {n} 期）"),
    "clv_ret_timing": ("Timing: the first margin comes at the end of period 1, if the customer is retained, and is "
                       "discounted once (Gupta & Lehmann's convention): CLV = Σ_{t=1..n} m·r^t/(1+d)^t. No margin "
                       "is counted at t = 0.",
                       "时间约定：第一笔利润在第 1 期期末（若客户留存）获得，折现一次（Gupta & Lehmann 的约定）："
                       "CLV = Σ_{t=1..n} m·r^t/(1+d)^t。t = 0 时不计利润。"),
    # sensitivities
    "clv_sens_title": ("Sensitivity", "敏感性分析"),
    "clv_heat_title": ("Retention × discount rate: CLV = m·r/(1+d−r)", "保留率 × 折现率：CLV = m·r/(1+d−r)"),
    "clv_heat_caption": ("Infinite-horizon retention-based CLV for the margin m = {m} per period above; the box "
                         "marks the grid cell nearest to the r and d entered.",
                         "按上方每期利润 m = {m} 计算的无限期保留率 CLV；方框标出与所输入 r、d 最接近的格子。"),
    "clv_heat_hover": ("retention %{y}, discount %{x}: CLV %{z:,.2f}", "保留率 %{y}，折现率 %{x}：CLV %{z:,.2f}"),
    "clv_heat_x": ("d: discount rate per period", "d：每期折现率"),
    "clv_heat_y": ("r: retention per period", "r：每期保留率"),
    "clv_in_gross_margin": ("g (gross margin)", "g（毛利率）"),
    "clv_in_share_of_wallet": ("s (share of wallet)", "s（钱包份额）"),
    # tornado
    "clv_tornado_title": ("Each input of the 例3.1 model ±20 %", "例3.1 模型各输入 ±20%"),
    "clv_tornado_caption": ("CLV with each input 20 % lower and 20 % higher, the others unchanged; base CLV {base}.",
                            "每个输入分别下调和上调 20%、其余不变时的 CLV；基准 CLV 为 {base}。"),
    "clv_tornado_low": ("input −20 %", "输入 −20%"),
    "clv_tornado_high": ("input +20 %", "输入 +20%"),
    "clv_in_years": ("n (years)", "n（年数）"),
    "clv_in_acquisition_cost": ("Co (acquisition cost)", "Co（获客成本）"),
    "clv_in_first_purchase": ("Po (first purchase)", "Po（首次购买额）"),
    "clv_in_revenue_increase": ("In (revenue increase)", "In（收入增加额）"),
    "clv_in_interest_rate": ("r (interest rate)", "r（利率）"),
    "clv_in_service_cost": ("Cs (service cost)", "Cs（服务成本）"),
    # simple
    "clv_simple_title": ("Simple CLV = spend × frequency × lifespan (course slides)",
                         "简单 CLV = 每次消费额 × 消费频率 × 客户寿命（课程讲义）"),
    "clv_load_dairy": ("Load the course example (US$): a dairy store's customer, $100 a week × 52 weeks × 10 years "
                       "= $52,000",
                       "载入教材示例（美元）：乳品店顾客每周 100 美元 × 52 周 × 10 年 = 52,000 美元"),
    "clv_simple_caption": ("The course example is in US dollars; enter your own figures in your shop's currency.",
                           "教材示例以美元计；输入本店数据时按本店币种填写即可。"),
    "clv_simple_spend": ("Spend per purchase", "每次消费额"),
    "clv_simple_freq": ("Purchases per year", "每年购买次数"),
    "clv_simple_life": ("Lifespan [years]", "客户寿命 [年]"),
    "clv_simple_metric": ("Simple CLV (undiscounted)", "简单 CLV（未折现）"),
    # predicted
    "clv_pred_unit": ("Time unit", "时间单位"),
    "clv_pred_unit_help": ("The unit of recency, T, the horizon and the discount rate; the BG/NBD alpha is in it "
                           "too. Weeks are the default (as in Fader, Hardie & Lee 2005); the CLV over the same "
                           "calendar span changes only a little with the unit.",
                           "最近一次消费、客户时长 T、预测期和折现率所用的单位；BG/NBD 的 alpha 也以此为单位。默认按周"
                           "（与 Fader、Hardie 与 Lee 2005 一致）；同一日历时长下，换单位对 CLV 影响很小。"),
    "clv_unit_day": ("day", "天"),
    "clv_unit_week": ("week", "周"),
    "clv_unit_month": ("month", "月"),
    "clv_units_day": ("days", "天"),
    "clv_units_week": ("weeks", "周"),
    "clv_units_month": ("months", "个月"),
    "clv_pred_horizon": ("Horizon [{units}]", "预测期 [{units}]"),
    "clv_pred_rate": ("Discount rate per {unit} [%]", "每{unit}折现率 [%]"),
    "clv_pred_rate_help": ("Default {rate:.4f} % per {unit} = 10 % a year: (1.10)^(1/{n}) − 1.",
                           "默认每{unit} {rate:.4f}% = 每年 10%：(1.10)^(1/{n}) − 1。"),
    "clv_pred_fitting": ("Fitting BG/NBD and Gamma-Gamma on {customers:,} customers as of {as_of} …",
                         "正在对截至 {as_of} 的 {customers:,} 名客户拟合 BG/NBD 和 Gamma-Gamma 模型……"),
    "clv_status_running": ("Fitting the models on the data as of {as_of} …", "正在用截至 {as_of} 的数据拟合模型……"),
    "clv_status_table": ("1/4 Customer table (frequency, recency, T in {units}) …",
                         "1/4 客户表（消费频率、最近一次消费、客户时长，以{unit}计）……"),
    "clv_status_table_done": ("Customer table: {n:,} customers, {repeat:,} of them repeat buyers.",
                              "客户表：{n:,} 名客户，其中 {repeat:,} 名有重复购买。"),
    "clv_status_fit": ("2/4 BG/NBD fit, then 3/4 Gamma-Gamma fit …", "2/4 拟合 BG/NBD，然后 3/4 拟合 Gamma-Gamma……"),
    "clv_status_bg_done": ("BG/NBD fitted ({iters} iterations, log-likelihood {ll:,.2f}).",
                           "BG/NBD 拟合完成（{iters} 次迭代，对数似然 {ll:,.2f}）。"),
    "clv_status_gg_done": ("Gamma-Gamma fitted ({iters} iterations, {m:,.0f} repeat customers).",
                           "Gamma-Gamma 拟合完成（{iters} 次迭代，{m:,.0f} 名重复购买客户）。"),
    "clv_status_predict": ("4/4 Predictions over the next {h} {units} …", "4/4 预测未来 {h} {units}……"),
    "clv_status_done": ("Models fitted; {n:,} customers predicted.", "模型拟合完成；已预测 {n:,} 名客户。"),
    "clv_status_failed": ("The models could not be fitted on the data as of {as_of} (the reason is below).",
                          "无法用截至 {as_of} 的数据拟合模型（原因见下方）。"),
    "clv_status_gg_pooled": ("Gamma-Gamma: the {m:,.0f} repeat customers hardly differ in spend per purchase, so "
                             "the average of all their repeat purchases is used for everyone.",
                             "Gamma-Gamma：{m:,.0f} 名重复购买客户的每次消费额几乎没有差别，因此对所有客户采用全部"
                             "重复购买的平均消费额。"),
    "clv_pred_pooled": ("Repeat customers hardly differ in what they spend per purchase, so the spend model cannot "
                        "tell them apart: every customer's expected spend per purchase is the average of all repeat "
                        "purchases, {mean}. Each customer's CLV still follows their own expected purchases.",
                        "重复购买客户的每次消费额几乎没有差别，消费模型无法区分他们：每位客户的预期每次消费额都取全部"
                        "重复购买的平均值 {mean}。每位客户的 CLV 仍取决于其自身的预期购买次数。"),
    "clv_pred_failed": ("Predicted CLV is not available for this data: {msg}. The textbook calculator and the "
                        "other pages still work; a fit needs enough repeat buyers (at least 20) and at least a few "
                        "months of orders. {hint}",
                        "此数据无法计算预测 CLV：{msg}。教材计算器和其他页面仍可使用；拟合需要足够多的重复购买客户"
                        "（至少 20 名）和至少几个月的订单。{hint}"),
    "clv_hint_later_as_of": ("A later as-of date (up to {default}) takes in more of the data's orders.",
                             "选择更晚的分析基准日（最晚 {default}）可纳入更多订单。"),
    "clv_hint_more_data": ("The data end on {last}, so a later as-of date adds nothing; what would help is more "
                           "customers with repeat purchases, or a longer order history.",
                           "数据截至 {last}，选择更晚的分析基准日不会增加订单；需要更多有重复购买的客户，或更长的订单历史。"),
    "clv_hold_failed": ("The holdout check cannot be done on this data: {msg}", "此数据无法做留出期检验：{msg}"),
    "clv_diag_title": ("What the model says for each frequency and recency", "模型对各消费频率与最近一次消费的判断"),
    "clv_diag_caption": ("For a customer observed for T = {T:.1f} {units} since the first purchase (the longest in "
                         "the data): the expected purchases in the next {h} {units} and the probability of being "
                         "still active (P(alive)), for each number of repeat purchases x and each time of the "
                         "last purchase t_x.",
                         "对于自首次购买起已观察 T = {T:.1f} {units}（数据中最长）的客户：按重复购买次数 x 和最近一次"
                         "购买时间 t_x，显示未来 {h} {units}的预期购买次数和仍活跃的概率（存活概率 P(alive)）。"),
    "clv_diag_expected": ("Expected purchases in the next {h} {units}", "未来 {h} {units}预期购买次数"),
    "clv_diag_p_alive": ("P(alive)", "存活概率 P(alive)"),
    "clv_diag_x": ("Recency t_x: {units} from first to last purchase", "最近一次消费 t_x：首次到最后一次购买的间隔 [{units}]"),
    "clv_diag_y": ("Frequency x: repeat purchases", "消费频率 x：重复购买次数"),
    "clv_diag_hover": ("x = %{{y}}, t_x = %{{x:.1f}} {units}: ", "x = %{{y}}，t_x = %{{x:.1f}} {units}："),
    "clv_diag_explain": (
        "How to read them (BG/NBD of Fader, Hardie & Lee 2005, Marketing Science 24(2); P(alive) as in Hardie's "
        "note 021, brucehardie.com/notes/021/): a customer who bought often but long ago (top left) has probably left, so both "
        "the expected purchases and P(alive) are low; the same frequency with a recent last purchase (right) "
        "means an active, valuable customer. Customers without a repeat purchase (x = 0) are always \"alive\" "
        "under BG/NBD, which is why that row holds one cell only.",
        "读图方法（BG/NBD 模型见 Fader, Hardie & Lee 2005，Marketing Science 24(2)；P(alive) 按 Hardie 的 note 021 计算）："
        "购买频繁但最后一次购买很久以前的客户（左上）很可能已经流失，因此预期购买次数和存活概率都低；同样的频率而"
        "最近刚买过（右侧）说明是活跃的高价值客户。没有重复购买（x = 0）的客户在 BG/NBD 中总是\"存活\"的，因此该行只有一格。"),
    "clv_pred_top_count": ("{n:,} customers in the download.", "下载文件包含 {n:,} 名客户。"),
    "clv_pred_params": ("Fitted parameters", "拟合参数"),
    "clv_col_model": ("Model", "模型"),
    "clv_col_param": ("Parameter", "参数"),
    "clv_col_estimate": ("Estimate", "估计值"),
    "clv_col_se": ("Standard error", "标准误"),
    "clv_col_reading": ("What it says", "含义"),
    "clv_read_r": ("Purchase rates differ between customers: their spread is {cv:.2f} × their mean (1/√r; the "
                   "smaller r, the more they differ).",
                   "客户之间购买频率有差异：其标准差是均值的 {cv:.2f} 倍（1/√r；r 越小差异越大）。"),
    "clv_read_alpha": ("A typical customer buys every {every:.1f} {units} while active ({rate:.3f} purchases per "
                       "{unit}: r/α).",
                       "典型客户在活跃期间约每 {every:.1f} {units}购买一次（每{unit} {rate:.3f} 次：r/α）。"),
    "clv_read_a": ("{pct:.1f} % of customers drop out after each purchase (on average: a/(a+b)).",
                   "每次购买后平均有 {pct:.1f}% 的客户流失（a/(a+b)）。"),
    "clv_read_b": ("That share differs between customers by about ±{sd:.1f} points (its standard deviation).",
                   "该比例在客户之间相差约 ±{sd:.1f} 个百分点（其标准差）。"),
    "clv_read_p": ("One customer's spends vary around their own average by about {pct:.0f} % (1/√p).",
                   "同一客户的每次消费额围绕其自身平均值波动约 {pct:.0f}%（1/√p）。"),
    "clv_read_q": ("Customers' average spends differ: their spread is {cv:.2f} × their mean (1/√(q−2); the larger "
                   "q, the more alike).",
                   "不同客户的平均消费额有差异：其标准差是均值的 {cv:.2f} 倍（1/√(q−2)；q 越大，客户越相似）。"),
    "clv_read_q_inf": ("q ≤ 2: customers' average spends are so spread out that no finite spread exists.",
                       "q ≤ 2：客户平均消费额的差异大到没有有限的离散程度。"),
    "clv_read_v": ("With p and q: a typical purchase is worth {mean} (p·γ/(q−1)).",
                   "结合 p 与 q：典型的一次购买金额约为 {mean}（p·γ/(q−1)）。"),
    "clv_read_p_pooled": ("Not estimated: when customers do not differ, it does not change the expected spend.",
                          "未估计：客户之间没有差别时，它不影响预期消费额。"),
    "clv_read_q_pooled": ("∞: customers do not differ in average spend.", "∞：客户的平均消费额没有差别。"),
    "clv_read_v_pooled": ("∞ (with q): every customer's expected spend per purchase is the average of all repeat "
                          "purchases, {mean}.",
                          "∞（与 q 一起）：每位客户的预期每次消费额均为全部重复购买的平均值 {mean}。"),
    "clv_pred_ll_pooled": ("Log-likelihood: BG/NBD {bg:,.2f} ({n:,.0f} customers); Gamma-Gamma: none, its limit is "
                           "used ({m:,.0f} repeat customers). Average spend per repeat purchase: {mean}.",
                           "对数似然：BG/NBD {bg:,.2f}（{n:,.0f} 名客户）；Gamma-Gamma：无（采用其极限情形，{m:,.0f} "
                           "名重复购买客户）。每次重复购买的平均消费额：{mean}。"),
    "clv_pred_ll": ("Log-likelihood: BG/NBD {bg:,.2f} ({n:,.0f} customers); Gamma-Gamma {gg:,.2f} ({m:,.0f} repeat "
                    "customers). Population mean spend per purchase: {mean}.",
                    "对数似然：BG/NBD {bg:,.2f}（{n:,.0f} 名客户）；Gamma-Gamma {gg:,.2f}（{m:,.0f} 名重复购买客户）。"
                    "总体平均每次消费额：{mean}。"),
    "clv_pred_excluded": ("Gamma-Gamma left out {one:,.0f} one-time buyers and {neg:,.0f} repeat customers with zero "
                          "or negative net spend; they get the population mean spend.",
                          "Gamma-Gamma 模型排除了 {one:,.0f} 名一次性购买客户和 {neg:,.0f} 名净消费额为零或负的重复"
                          "购买客户；他们的预期消费额取总体平均值。"),
    "clv_pred_corr": ("Correlation of frequency and spend among repeat customers: {corr:.2f}. Near 0 means how "
                      "often a customer buys says nothing about how much they spend per purchase, as Gamma-Gamma "
                      "assumes; beyond ±{limit} the assumption fails.",
                      "重复购买客户中消费频率与消费金额的相关系数：{corr:.2f}。接近 0 表示购买频率与每次消费额无关，"
                      "这正是 Gamma-Gamma 的假设；绝对值超过 {limit} 时该假设不成立。"),
    "clv_pred_corr_undefined": ("Correlation of frequency and spend among repeat customers: not defined, because "
                                "spend per purchase does not vary.",
                                "重复购买客户中消费频率与消费金额的相关系数：无法计算，因为每次消费额没有变化。"),
    "clv_pred_corr_warn": ("Frequency and spend are correlated ({corr:.2f}, |corr| > {limit}): Gamma-Gamma assumes "
                           "they are independent, so the expected spends (and the CLVs) are biased.",
                           "消费频率与消费金额相关（{corr:.2f}，|相关系数| > {limit}）：Gamma-Gamma 假设二者独立，因此"
                           "预期消费额（及 CLV）有偏差。"),
    "clv_pred_total": ("Predicted CLV, all customers", "全部客户预测 CLV 合计"),
    "clv_pred_mean": ("Mean predicted CLV", "平均预测 CLV"),
    "clv_pred_hist": ("Distribution of predicted CLV over the next {h} {units}", "未来 {h} {units}预测 CLV 的分布"),
    "clv_pred_hist_caption": ("Customers above the 99th percentile ({p99}) are in the last bar.",
                              "高于第 99 百分位（{p99}）的客户计入最后一个柱。"),
    "clv_pred_customers": ("Customers", "客户数"),
    "clv_pred_top": ("Top customers by predicted CLV (first 200; the download has all)",
                     "预测 CLV 最高的客户（前 200 名；下载文件包含全部客户）"),
    "clv_col_customer": ("Customer", "客户"),
    "clv_col_p_alive": ("P(alive)", "存活概率"),
    "clv_col_purchases": ("Expected purchases", "预期购买次数"),
    "clv_col_spend": ("Expected spend per purchase [{cur}]", "预期每次消费额 [{cur}]"),
    "clv_col_clv": ("Predicted CLV [{cur}]", "预测 CLV [{cur}]"),
    "clv_tab_holdout": ("Holdout check", "留出期检验"),
    "clv_hold_cal_end": ("Calibration ends (fit on orders before this day)", "校准期结束日（用此日之前的订单拟合）"),
    "clv_hold_cal_help": ("The model is fitted on the orders before this day and predicts the repeat purchases up to "
                          "the as-of date; the actual purchases of the same customers are counted. Fader, Hardie & Lee "
                          "(2005) used 39 calibration weeks and 39 holdout weeks on CDNOW.",
                          "用此日之前的订单拟合模型，预测到分析基准日为止的重复购买次数，并与同一批客户的实际购买比较。"
                          "Fader、Hardie 与 Lee（2005）在 CDNOW 上使用 39 周校准期和 39 周留出期。"),
    "clv_hold_running": ("Fitting on the calibration period and counting the holdout…", "正在拟合校准期并统计留出期…"),
    "clv_hold_caption": ("Calibration: orders before {cal}; holdout: {cal} to the day before {end} ({weeks:.1f} weeks). "
                         "Naive baseline: each customer keeps buying at their calibration rate.",
                         "校准期：{cal} 之前的订单；留出期：{cal} 至 {end} 前一天（{weeks:.1f} 周）。"
                         "朴素基准：每位客户保持其校准期的购买速度。"),
    "clv_hold_too_short": ("The data is too short for a holdout check (at least 13 weeks of calibration and 4 of holdout "
                           "before the as-of date). {hint}",
                           "数据时间跨度太短，无法做留出期检验（需至少 13 周校准期和 4 周留出期）。{hint}"),
    "clv_hold_naive": ("Naive", "朴素基准"),
    "clv_hold_actual": ("Actual", "实际"),
    "clv_hold_pred_total": ("Predicted repeat purchases", "预测重复购买次数"),
    "clv_hold_actual_total": ("Actual repeat purchases", "实际重复购买次数"),
    "clv_hold_err_pct": ("Total error [%]", "总误差 [%]"),
    "clv_hold_group": ("Repeat purchases in the calibration period", "校准期重复购买次数"),
    "clv_hold_per_customer": ("Holdout purchases per customer", "留出期人均购买次数"),
    "clv_hold_cum": ("Cumulative repeat purchases in the holdout", "留出期累计重复购买次数"),
}
