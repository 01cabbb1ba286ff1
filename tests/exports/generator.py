"""Seeded generators of realistic order-export files, each returned with its LOGICAL truth.

Every generator writes one file the way a platform (or Excel re-saving it) writes it — encoding,
byte order mark, line ends, quoting, title rows, header spellings, value styles — and returns a
:class:`Generated`: the path plus one :class:`Line` per data line holding what the line *means*
(customer, local date-time, paid amount, refund, order status, and for a bad line the reason it
must be rejected). ``oracle.py`` computes the expected ingest outcome from those logical lines
only; nothing here imports ``crm_core``.

The layouts and value styles, and where each fact comes from, are written up in
``/tmp/layouts.md`` (research notes); the docstring of each generator names its source. Files
bigger than ~1 MB are only ever generated into a test's ``tmp_path``.
"""

from __future__ import annotations

import codecs
import copy
import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

CENT = Decimal("0.01")
TODAY = dt.date(2026, 1, 1)  # the fixed "today" every test ingests with

OK, CANCELLED, UNPAID, REFUNDED = "ok", "cancelled", "unpaid", "refunded"

NULL_MARKERS: tuple[str, ...] = ("NULL", "null", "N/A", "NA", "nan", "None", "-", "无", "空")
MALFORMED_AMOUNTS: tuple[str, ...] = ("1,2,3", "--12", "(12.00", "1_000")

# value styles of a point-decimal money column (what Excel zh-CN / en-US and web copy-paste produce)
POINT_STYLES: tuple[str, ...] = (
    "plain", "thousands", "yen_fw", "yen_fw_minus_first", "yen_hw", "yen_hw_paren", "dollar",
    "fullwidth_minus", "unicode_minus", "fullwidth_digits", "yuan_suffix",
)
# value styles of a comma-decimal money column (de-DE / fr-FR Excel)
COMMA_STYLES: tuple[str, ...] = ("comma", "euro_dot", "space", "nbsp", "narrow_nbsp", "thin")


# ----------------------------------------------------------------------------------------------
# logical lines and generated files
# ----------------------------------------------------------------------------------------------


@dataclass
class Line:
    """One data line of a file: the cells as written and what the line means.

    ``paid`` is the amount the line contributes before refunds (``None`` when the line carries
    no money: rejected for its amount, or an excluded order); ``refund`` is subtracted from it
    (netted). ``status`` is the logical order state (``OK``, ``CANCELLED``, ``UNPAID``), not the
    platform's text. ``reject`` is the reason id a correct ingest must give this line.
    ``copy_of`` marks an exact duplicate of an earlier line (its index in the file's lines).
    ``source_row`` is the line number a user sees in a text editor (or the Excel row), set by
    the writer.
    """

    cells: dict[str, object]
    customer: str | None = None
    ts: dt.datetime | None = None
    paid: Decimal | None = None
    refund: Decimal = Decimal(0)
    status: str = OK
    order_id: str | None = None
    reject: str | None = None
    copy_of: int | None = None
    raw: str | None = None  # the line written verbatim (a malformed line), instead of ``cells``
    unquoted: frozenset[str] = frozenset()  # cell keys written without quotes even if they need them
    source_row: int = 0
    # an order's 2nd+ item line in an export that writes the order's money on its first line only
    # (Shopify): excluded as "item_line" (or with its order's reason), never a missing amount
    item_line: bool = False

    @property
    def net(self) -> Decimal:
        return (self.paid or Decimal(0)) - self.refund


@dataclass
class Generated:
    """A generated file and its truth.

    ``mapping`` holds the roles a correct ingest must map (role -> column as written in the
    header; only these roles are checked). ``order_id_mapped`` tells the oracle whether the
    default duplicate rule removes exact duplicate lines. ``ingest_kwargs`` are extra keyword
    arguments the test passes to ``ingest_file`` (e.g. ``sheet``).
    """

    path: Path
    lines: list[Line]
    header: list[str]
    layout: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    order_id_mapped: bool = False
    amount_source: str = "column"
    refunds: str | None = None
    decimal: dict[str, str] | None = None
    date_order: str | None = None
    ingest_kwargs: dict = field(default_factory=dict)
    source: str = ""


# ----------------------------------------------------------------------------------------------
# writers
# ----------------------------------------------------------------------------------------------


def _csv_field(value, delimiter: str, raw: bool = False) -> str:
    if value is None:
        return ""
    s = str(value)
    if raw:
        return s
    if any(ch in s for ch in (delimiter, '"', "\r", "\n")):
        return '"' + s.replace('"', '""') + '"'
    return s


def write_csv(path: Path, header: list[str], lines: list[Line], *, keys: list[str] | None = None,
              encoding: str = "utf-8", bom: bool = False, newline: str = "\r\n", delimiter: str = ",",
              preamble: tuple[str, ...] = ()) -> Path:
    """Write a delimited text file with minimal quoting (quotes only where a field needs them).

    ``preamble`` lines (title rows, ``sep=;``) come before the header. Sets every line's
    ``source_row`` to the editor line number its record starts on (a quoted line break inside a
    field moves every later record down by one).
    """
    keys = list(keys or header)
    parts: list[str] = []
    line_no = 1
    for p in preamble:
        parts.append(p + newline)
        line_no += 1 + p.count("\n")
    head = delimiter.join(_csv_field(h, delimiter) for h in header)
    parts.append(head + newline)
    line_no += 1 + head.count("\n")
    for ln in lines:
        ln.source_row = line_no
        if ln.raw is not None:
            text = ln.raw
        else:
            text = delimiter.join(_csv_field(ln.cells.get(k), delimiter, k in ln.unquoted) for k in keys)
        parts.append(text + newline)
        line_no += 1 + text.count("\n")
    data = "".join(parts).encode(encoding)
    if bom:
        data = codecs.BOM_UTF8 + data
    path.write_bytes(data)
    return path


def write_xlsx(path: Path, header: list[str], lines: list[Line], *, keys: list[str] | None = None,
               title_rows: tuple[tuple, ...] = (), blank_before: dict[int, int] | None = None,
               merges: tuple[tuple[str, int, int], ...] = (),
               number_formats: dict[str, str] | None = None, sheet: str = "Sheet1",
               extra_sheets: tuple[str, ...] = ()) -> Path:
    """Write an .xlsx workbook with openpyxl: title rows, the header, one row per line.

    ``blank_before[i]`` blank rows are left above line ``i``; ``merges`` are vertical merged
    ranges ``(key, first line index, last line index)``; ``number_formats`` maps a key to an
    Excel number format (``"000000"``, ``"#,##0.00"``, ``"yyyy-mm-dd hh:mm"``). Sets every
    line's ``source_row`` to its Excel row number. ``extra_sheets`` are empty sheets placed first.
    """
    import openpyxl

    keys = list(keys or header)
    blank_before = blank_before or {}
    number_formats = number_formats or {}
    wb = openpyxl.Workbook()
    ws0 = wb.active
    for name in extra_sheets:
        wb.create_sheet(name, 0)
    ws = ws0
    ws.title = sheet
    r = 1
    for title in title_rows:
        for j, v in enumerate(title, start=1):
            if v is not None:
                ws.cell(r, j, v)
        r += 1
    for j, h in enumerate(header, start=1):
        ws.cell(r, j, h)
    r += 1
    for i, ln in enumerate(lines):
        r += blank_before.get(i, 0)
        ln.source_row = r
        for j, k in enumerate(keys, start=1):
            v = ln.cells.get(k)
            if v is None:
                continue
            c = ws.cell(r, j, v)
            if k in number_formats:
                c.number_format = number_formats[k]
        r += 1
    for k, a, b in merges:
        j = keys.index(k) + 1
        ws.merge_cells(start_row=lines[a].source_row, start_column=j, end_row=lines[b].source_row, end_column=j)
    wb.save(path)
    return path


# ----------------------------------------------------------------------------------------------
# value renderers
# ----------------------------------------------------------------------------------------------

_FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def q(x) -> Decimal:
    """A money value rounded to the cent."""
    return Decimal(str(x)).quantize(CENT, rounding=ROUND_HALF_UP)


def _group(a: Decimal, sep: str, dec: str) -> str:
    whole, frac = f"{a:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sep.join(groups) + dec + frac


def money_text(v: Decimal, style: str) -> str:
    """``v`` written in ``style`` (see POINT_STYLES / COMMA_STYLES)."""
    neg = v < 0
    a = abs(v)
    plain = f"{a:.2f}"
    grouped = _group(a, ",", ".")
    m = "-" if neg else ""
    if style == "plain":
        return m + plain
    if style == "thousands":
        return m + grouped
    if style == "yen_fw":  # ￥-1,234.50
        return "￥" + m + grouped
    if style == "yen_fw_minus_first":  # -￥12.00
        return m + "￥" + grouped
    if style == "yen_hw":
        return "¥" + m + grouped
    if style == "yen_hw_paren":  # ¥(5.00) = -5.00 (accounting format)
        return "¥(" + grouped + ")" if neg else "¥" + grouped
    if style == "dollar":  # $-4.00
        return "$" + m + grouped
    if style == "fullwidth_minus":
        return ("－" if neg else "") + plain
    if style == "unicode_minus":
        return ("−" if neg else "") + plain
    if style == "fullwidth_digits":  # １２３.５０ (IME full-width entry; the point stays ASCII)
        return ("－" if neg else "") + plain.translate(_FW_DIGITS)
    if style == "yuan_suffix":
        return m + plain + "元"
    if style == "comma":
        return m + plain.replace(".", ",")
    if style == "euro_dot":  # € 1.234,56
        return "€ " + m + _group(a, ".", ",")
    if style == "space":
        return m + _group(a, " ", ",")
    if style == "nbsp":
        return m + _group(a, "\u00a0", ",")
    if style == "narrow_nbsp":
        return m + _group(a, "\u202f", ",")
    if style == "thin":
        return m + _group(a, "\u2009", ",")
    raise ValueError(style)


def date_text(ts: dt.datetime, style: str) -> str:
    """``ts`` (local time) written in ``style``."""
    if style == "iso":
        return ts.strftime("%Y-%m-%d %H:%M:%S")
    if style == "iso_date":
        return ts.strftime("%Y-%m-%d")
    if style == "slash_ymd":
        return ts.strftime("%Y/%m/%d %H:%M")
    if style == "slash_ymd_short":  # zh-CN Excel short date: 2024/1/5
        return f"{ts.year}/{ts.month}/{ts.day}"
    if style == "dmy":
        return f"{ts.day:02d}/{ts.month:02d}/{ts.year} {ts.hour:02d}:{ts.minute:02d}"
    if style == "mdy":  # US, no zero padding: 12/1/2010 8:26
        return f"{ts.month}/{ts.day}/{ts.year} {ts.hour}:{ts.minute:02d}"
    if style == "mdy_seconds":  # WooCommerce doc: 9/6/2016 6:29:00
        return f"{ts.month}/{ts.day}/{ts.year} {ts.hour}:{ts.minute:02d}:{ts.second:02d}"
    if style == "zoned":  # Shopify: 2024-01-05 23:30:00 +0800
        return ts.strftime("%Y-%m-%d %H:%M:%S") + " +0800"
    raise ValueError(style)


def _ts(rng: random.Random, start=dt.date(2023, 1, 1), end=dt.date(2025, 6, 30)) -> dt.datetime:
    day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
    return dt.datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), rng.randrange(60))


def _money(rng: random.Random, lo: float, hi: float) -> Decimal:
    return q(rng.uniform(lo, hi))


def _line(customer_text, ts_text, amount_text, *, customer=None, ts=None, paid=None, reject=None,
          order_id=None, status=OK, header=("客户编号", "下单时间", "实付金额"), **extra) -> Line:
    cells = dict(zip(header, (customer_text, ts_text, amount_text), strict=True))
    cells.update(extra)
    return Line(cells, customer=customer, ts=ts, paid=paid, reject=reject, order_id=order_id, status=status)


def _good_lines(rng: random.Random, n: int, *, customers: list[str], header=("客户编号", "下单时间", "实付金额"),
                date_style="iso", money_style="plain", lo=5.0, hi=900.0) -> list[Line]:
    out = []
    for _ in range(n):
        c = rng.choice(customers)
        ts = _ts(rng)
        v = _money(rng, lo, hi)
        out.append(_line(c, date_text(ts, date_style), money_text(v, money_style), customer=c, ts=ts, paid=v,
                         header=header))
    return out


# ----------------------------------------------------------------------------------------------
# platform layouts
# ----------------------------------------------------------------------------------------------

TAOBAO_HEADER: tuple[str, ...] = (
    "订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "买家应付邮费", "买家支付积分", "总金额", "返点积分",
    "买家实际支付金额", "买家实际支付积分", "订单状态", "买家留言", "收货人姓名", "收货地址 ", "运送方式", "联系电话 ",
    "联系手机", "订单创建时间", "订单付款时间 ", "宝贝标题 ", "宝贝种类 ", "物流单号 ", "物流公司", "订单备注",
    "宝贝总数量", "店铺Id", "店铺名称", "订单关闭原因", "卖家服务费", "买家服务费", "发票抬头", "是否手机订单",
    "分阶段订单信息", "特权订金订单id", "定金排名", "修改后的sku", "修改后的收货地址", "异常信息", "天猫卡券抵扣",
    "集分宝抵扣", "是否是O2O交易",
)
TAOBAO_STATUSES = (("交易成功", OK, 60), ("卖家已发货，等待买家确认", OK, 10), ("买家已付款，等待卖家发货", OK, 8),
                   ("交易关闭", CANCELLED, 12), ("等待买家付款", UNPAID, 10))
CN_BUYERS = ("tb_小明爱购物88", "快乐的鱼2019", "tb3457821_88", "jessie_wang", "蓝色天空ab", "王小二的店",
             "t_1502345678901_0211", "阿狸不吃鱼", "momo妈妈", "tb_zhangsan", "李四_1988", "花开半夏")
ADDRESSES = ("浙江省 杭州市 西湖区 文三路 100号", "上海 上海市 浦东新区 张江路 88弄 3号", "广东省 深圳市 南山区 科技园南区",
             "北京 北京市 朝阳区 建国路 1号院", "四川省 成都市 武侯区 人民南路四段")


def _pick_status(rng, table):
    texts, states, weights = zip(*table, strict=True)
    i = rng.choices(range(len(texts)), weights=weights)[0]
    return texts[i], states[i]


def taobao(tmp: Path, *, seed: int = 11, n: int = 80, refund_column: bool = True,
           name: str = "ExportOrderList202405.csv") -> Generated:
    """Taobao/Tmall seller 订单报表 (ExportOrderList*.csv): GBK, CRLF, one line per order.

    Header = the 41 columns of the classic export in their order, with the trailing spaces real
    files carry ("收货地址 ", "订单付款时间 "...) [TBTool TaobaoSaledObject.java; GuanYi export
    code; a gb18030 test fixture]; ``refund_column`` appends 退款金额 as in the 订单报表 variant
    (Tianchi tmall_order_report). Statuses are the TOP API texts (交易成功 / 交易关闭 / 等待买家付款 …).
    总金额 (before coupons) differs from 买家实际支付金额 (paid) so a wrong amount column shows.
    One line has no buyer (missing_customer), one is dated after today (future_date).
    """
    rng = random.Random(seed)
    header = list(TAOBAO_HEADER) + (["退款金额"] if refund_column else [])
    lines = []
    for _ in range(n):
        buyer = rng.choice(CN_BUYERS)
        ts = _ts(rng)
        text, state = _pick_status(rng, TAOBAO_STATUSES)
        goods = _money(rng, 9, 1500)
        post = rng.choice((Decimal("0.00"), Decimal("0.00"), Decimal("8.00"), Decimal("12.00")))
        coupon = rng.choice((Decimal(0), Decimal(0), Decimal("5.00"), Decimal("20.00"), q(goods * Decimal("0.1"))))
        total = goods + post
        paid = max(total - coupon, CENT)
        refund = Decimal(0)
        if state == OK and refund_column and rng.random() < 0.2:
            refund = q(paid * Decimal(rng.choice(("0.1", "0.25", "0.5"))))
        paid_cell = paid
        pay_time = ts + dt.timedelta(minutes=rng.randrange(1, 90))
        if state == UNPAID:
            paid_cell, pay_time = Decimal("0.00"), None
        if state == CANCELLED and rng.random() < 0.5:  # closed before payment
            paid_cell, pay_time = Decimal("0.00"), None
        oid = str(rng.randrange(10**17, 10**18 - 1)) + str(rng.randrange(10))
        note = rng.choice(("", "", "", "请尽快发货，谢谢", "颜色:红色, 尺码:L", "送人的\n请不要放发票"))
        cells = {
            "订单编号": oid, "买家会员名": buyer, "买家支付宝账号": f"{rng.randrange(10**10, 10**11)}@163.com",
            "买家应付货款": f"{goods:.2f}", "买家应付邮费": f"{post:.2f}", "买家支付积分": "0", "总金额": f"{total:.2f}",
            "返点积分": str(int(paid) // 100), "买家实际支付金额": f"{paid_cell:.2f}", "买家实际支付积分": "0",
            "订单状态": text, "买家留言": note, "收货人姓名": rng.choice(("张三", "李四", "王芳", "赵敏")),
            "收货地址 ": rng.choice(ADDRESSES), "运送方式": "快递", "联系电话 ": "",
            "联系手机": f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}",
            "订单创建时间": date_text(ts, "iso"),
            "订单付款时间 ": date_text(pay_time, "iso") if pay_time else "",
            "宝贝标题 ": rng.choice(("2024新款纯棉T恤男短袖", "加厚保温杯316不锈钢", "儿童益智积木拼装玩具")),
            "宝贝种类 ": str(rng.randrange(1, 4)), "物流单号 ": f"YT{rng.randrange(10**12, 10**13)}",
            "物流公司": rng.choice(("圆通速递", "中通快递", "顺丰速运")), "订单备注": "",
            "宝贝总数量": str(rng.randrange(1, 5)), "店铺Id": "57301234", "店铺名称": "某某旗舰店",
            "订单关闭原因": "买家不想买了" if state == CANCELLED else "", "卖家服务费": "0.00", "买家服务费": "0.00",
            "发票抬头": "", "是否手机订单": rng.choice(("手机订单", "")), "分阶段订单信息": "", "特权订金订单id": "",
            "定金排名": "", "修改后的sku": "", "修改后的收货地址": "", "异常信息": "", "天猫卡券抵扣": "0.00",
            "集分宝抵扣": "0.00", "是否是O2O交易": "",
        }
        if refund_column:
            cells["退款金额"] = f"{refund:.2f}" if state != CANCELLED else f"{paid_cell:.2f}"
        ln = Line(cells, customer=buyer, ts=ts, paid=paid if state == OK else None, refund=refund,
                  status=state, order_id=oid)
        lines.append(ln)
    # one buyer-less line and one dated after today (both 交易成功)
    for ln, kind in ((lines[5], "missing_customer"), (lines[n // 2], "future_date")):
        ln.status, ln.cells["订单状态"] = OK, "交易成功"
        ln.paid = q(ln.cells["买家应付货款"]) if ln.paid is None else ln.paid
        ln.cells["买家实际支付金额"] = f"{ln.paid:.2f}"
        if refund_column:
            ln.cells["退款金额"] = f"{ln.refund:.2f}"
        if kind == "missing_customer":
            ln.cells["买家会员名"], ln.customer = "", None
        else:
            ln.ts = dt.datetime(2042, 3, 1, 10, 0, 0)  # a mistyped year
            ln.cells["订单创建时间"] = date_text(ln.ts, "iso")
        ln.reject = kind
    path = write_csv(tmp / name, header, lines, encoding="gbk", newline="\r\n")
    mapping = {"customer_id": "买家会员名", "amount": "买家实际支付金额", "order_ts": "订单创建时间",
               "order_id": "订单编号", "status": "订单状态"}
    if refund_column:
        mapping["refund"] = "退款金额"
    return Generated(path, lines, header, layout="taobao", mapping=mapping, order_id_mapped=True,
                     refunds="netted" if refund_column else None,
                     source="TBTool TaobaoSaledObject.java; GuanYi export header; Tianchi tmall_order_report")


JD_HEADER: tuple[str, ...] = (
    "订单号", "商品ID", "商品名称", "订购数量", "支付方式", "下单时间", "京东价", "订单金额", "结算金额", "余额支付",
    "应付金额", "订单状态", "订单类型", "下单帐号", "客户姓名", "客户地址", "联系电话", "订单备注", "发票类型", "发票抬头",
    "发票内容", "商家备注", "商家备注等级（等级1-5为由高到低）", "运费金额", "付款确认时间", "增值税发票", "货号",
    "订单完成时间", "订单来源", "订单渠道", "送装服务", "服务费", "仓库id", "仓库名称",
)
JD_STATUSES = (("完成", OK, 60), ("等待出库", OK, 10), ("等待确认收货", OK, 10), ("已取消", CANCELLED, 12),
               ("等待付款", UNPAID, 8))


def jd(tmp: Path, *, seed: int = 12, n: int = 70) -> Generated:
    """JD 京东 商家后台 订单导出: header read by name in OrderInfoServiceImpl (a JD import tool) and
    the "对应京东商家后台表头" SQL comment; UTF-8 with BOM, CRLF.

    下单帐号 is the buyer pin (the customer), 客户姓名 the consignee. 订单金额 (list price + freight)
    and 结算金额 differ from 应付金额 (what the buyer pays), so the wrong money column shows. One line
    per order here (item-level JD files would repeat 应付金额 per item — not asserted).
    """
    rng = random.Random(seed)
    pins = [f"jd_{rng.randrange(16**8):08x}" for _ in range(14)] + ["京东用户小王", "jd_13812345678"]
    lines = []
    for _ in range(n):
        pin = rng.choice(pins)
        ts = _ts(rng)
        text, state = _pick_status(rng, JD_STATUSES)
        qty = rng.randrange(1, 4)
        price = _money(rng, 19, 899)
        freight = rng.choice((Decimal("0.00"), Decimal("6.00")))
        order_amount = price * qty + freight
        discount = rng.choice((Decimal(0), Decimal("10.00"), q(order_amount * Decimal("0.05"))))
        payable = order_amount - discount
        oid = str(rng.randrange(2 * 10**11, 3 * 10**11))
        cells = {
            "订单号": oid, "商品ID": str(rng.randrange(10**11, 10**12)), "商品名称": "某品牌 电动牙刷 声波 成人",
            "订购数量": str(qty), "支付方式": "在线支付", "下单时间": date_text(ts, "iso"), "京东价": f"{price:.2f}",
            "订单金额": f"{order_amount:.2f}", "结算金额": f"{q(payable * Decimal('0.92')):.2f}", "余额支付": "0.00",
            "应付金额": f"{payable:.2f}", "订单状态": text, "订单类型": "SOP", "下单帐号": pin,
            "客户姓名": rng.choice(("张*", "李*", "王**")), "客户地址": rng.choice(ADDRESSES),
            "联系电话": f"138****{rng.randrange(1000, 9999)}", "订单备注": "", "发票类型": "电子发票", "发票抬头": "个人",
            "发票内容": "明细", "商家备注": "", "商家备注等级（等级1-5为由高到低）": "", "运费金额": f"{freight:.2f}",
            "付款确认时间": date_text(ts + dt.timedelta(minutes=3), "iso") if state != UNPAID else "",
            "增值税发票": "", "货号": f"HH-{rng.randrange(1000, 9999)}",
            "订单完成时间": date_text(ts + dt.timedelta(days=4), "iso") if text == "完成" else "",
            "订单来源": rng.choice(("移动端订单", "PC订单", "微信订单")), "订单渠道": "京东商城", "送装服务": "",
            "服务费": "0.00", "仓库id": "0", "仓库名称": "",
        }
        lines.append(Line(cells, customer=pin, ts=ts, paid=payable if state == OK else None, status=state,
                          order_id=oid))
    path = write_csv(tmp / "jd_orders.csv", list(JD_HEADER), lines, encoding="utf-8", bom=True)
    return Generated(path, lines, list(JD_HEADER), layout="jd",
                     mapping={"customer_id": "下单帐号", "order_ts": "下单时间", "amount": "应付金额",
                              "order_id": "订单号", "status": "订单状态"},
                     order_id_mapped=True, source="OrderInfoServiceImpl (JD import); JD 商家后台表头 comment")


YOUZAN_HEADER: tuple[str, ...] = (
    "订单号", "订单状态", "订单创建时间", "买家付款时间", "商品金额合计", "运费", "订单改价", "订单实付金额", "退款金额",
    "支付方式", "买家昵称", "客户姓名", "买家手机号", "收货人/提货人", "收货人手机号/提货人手机号", "收货地址", "买家备注",
    "商家订单备注", "归属店铺", "订单类型",
)
YOUZAN_STATUSES = (("已完成", OK, 55), ("已发货", OK, 12), ("待发货", OK, 10), ("已关闭", CANCELLED, 13),
                   ("待付款", UNPAID, 10))


def youzan(tmp: Path, *, seed: int = 13, n: int = 70) -> Generated:
    """Youzan 有赞 订单导出 (订单维度), UTF-8 with BOM. [Header and status words are a guess from
    memory of the Youzan backend; no source in the corpus — see /tmp/layouts.md §3.]

    The customer is 买家手机号 (11 digits), not 客户姓名/买家昵称; 订单实付金额 is the money, 退款金额
    is netted. 商品金额合计 (before discounts) differs from the paid amount.
    """
    rng = random.Random(seed)
    phones = [f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}" for _ in range(15)]
    names = {p: rng.choice(("陈女士", "刘先生", "小林", "Amy", "周周")) for p in phones}
    lines = []
    for _ in range(n):
        phone = rng.choice(phones)
        ts = _ts(rng)
        text, state = _pick_status(rng, YOUZAN_STATUSES)
        goods = _money(rng, 10, 600)
        freight = rng.choice((Decimal("0.00"), Decimal("10.00")))
        change = rng.choice((Decimal(0), Decimal(0), Decimal("-5.00")))
        paid = goods + freight + change
        refund = q(paid * Decimal("0.3")) if state == OK and rng.random() < 0.15 else Decimal(0)
        oid = "E" + ts.strftime("%Y%m%d%H%M%S") + f"{rng.randrange(10**8):08d}"
        cells = {
            "订单号": oid, "订单状态": text, "订单创建时间": date_text(ts, "iso"),
            "买家付款时间": date_text(ts + dt.timedelta(minutes=1), "iso") if state != UNPAID else "",
            "商品金额合计": f"{goods:.2f}", "运费": f"{freight:.2f}", "订单改价": f"{change:.2f}",
            "订单实付金额": f"{paid:.2f}" if state != UNPAID else "0.00", "退款金额": f"{refund:.2f}",
            "支付方式": rng.choice(("微信支付", "支付宝支付", "储值卡")), "买家昵称": names[phone] + "的微信",
            "客户姓名": names[phone], "买家手机号": phone, "收货人/提货人": names[phone],
            "收货人手机号/提货人手机号": phone, "收货地址": rng.choice(ADDRESSES), "买家备注": "", "商家订单备注": "",
            "归属店铺": "有赞总店", "订单类型": "普通订单",
        }
        lines.append(Line(cells, customer=phone, ts=ts, paid=paid if state == OK else None, refund=refund,
                          status=state, order_id=oid))
    path = write_csv(tmp / "youzan_orders.csv", list(YOUZAN_HEADER), lines, encoding="utf-8", bom=True,
                     newline="\n")
    return Generated(path, lines, list(YOUZAN_HEADER), layout="youzan",
                     mapping={"customer_id": "买家手机号", "amount": "订单实付金额", "order_ts": "订单创建时间",
                              "order_id": "订单号", "status": "订单状态", "refund": "退款金额"},
                     order_id_mapped=True, refunds="netted", source="guess (layouts.md §3)")


KINGDEE_HEADER: tuple[str, ...] = ("单据日期", "单据编号", "客户名称", "部门", "销售员", "物料编码", "物料名称", "规格型号",
                                   "单位", "实发数量", "含税单价", "价税合计", "税额", "单据状态", "备注")
COMPANIES = ("杭州云帆贸易有限公司", "上海精诚五金商行", "苏州天和电子科技有限公司", "宁波港城百货", "义乌小商品批发部",
             "南京鼎盛建材有限公司", "合肥佳美日化")


def kingdee(tmp: Path, *, seed: int = 14, n_orders: int = 30) -> Generated:
    """Kingdee 金蝶 销售出库单序时簿 exported to .xlsx: two title rows above the header, real date
    cells, 价税合计 numbers formatted ``#,##0.00``, a near-constant 部门. [Header a guess from the
    K/3 list view; field names 单据编号/客户名称/价税合计 exist in Kingdee docs — layouts.md §4.]

    Orders have 1-3 item lines sharing 单据编号/单据日期/客户名称; returns (XSTH…) are negative.
    """
    rng = random.Random(seed)
    lines = []
    for k in range(n_orders):
        ret = rng.random() < 0.12
        oid = ("XSTH" if ret else "XSCKD") + f"{k + 1:06d}"
        cust = rng.choice(COMPANIES)
        day = _ts(rng).replace(hour=0, minute=0, second=0)
        for _ in range(rng.randrange(1, 4)):
            qty = rng.randrange(1, 50) * (-1 if ret else 1)
            price = _money(rng, 3, 260)
            total = q(price * qty)
            tax = q(total / Decimal("1.13") * Decimal("0.13"))
            cells = {"单据日期": day, "单据编号": oid, "客户名称": cust, "部门": "销售一部" if rng.random() < 0.9 else "销售二部",
                     "销售员": rng.choice(("张伟", "李娜")), "物料编码": f"1.01.{rng.randrange(100, 999)}",
                     "物料名称": rng.choice(("不锈钢螺丝M6", "PVC管20mm", "LED灯泡9W")), "规格型号": "标准",
                     "单位": rng.choice(("个", "箱", "米")), "实发数量": qty, "含税单价": float(price),
                     "价税合计": float(total), "税额": float(tax), "单据状态": "已审核", "备注": None}
            lines.append(Line(cells, customer=cust, ts=day, paid=total, order_id=oid))
    path = write_xlsx(tmp / "销售出库单序时簿.xlsx", list(KINGDEE_HEADER), lines,
                      title_rows=(("销售出库单序时簿",), ("日期：2023-01-01 至 2025-06-30", None, None, "组织：总公司")),
                      number_formats={"单据日期": "yyyy-mm-dd", "价税合计": "#,##0.00", "含税单价": "#,##0.00",
                                      "税额": "#,##0.00"}, sheet="销售出库单")
    return Generated(path, lines, list(KINGDEE_HEADER), layout="kingdee",
                     mapping={"customer_id": "客户名称", "order_ts": "单据日期", "amount": "价税合计",
                              "order_id": "单据编号"},
                     order_id_mapped=True, source="guess; Kingdee field names (layouts.md §4)")


YONYOU_HEADER: tuple[str, ...] = ("单据编号", "单据日期", "客户编码", "客户名称", "部门", "业务员", "存货编码", "存货名称",
                                  "数量", "无税单价", "无税金额", "税额", "价税合计", "审核人")


def yonyou(tmp: Path, *, seed: int = 15, n: int = 60) -> Generated:
    """Yonyou 用友 U8 销售发货单列表 saved from Excel as CSV: GBK, CRLF, short dates ``2024/1/5``,
    money with thousands separators (``"1,234.50"``, quoted because of the comma).
    [Header a guess from the U8 list view — layouts.md §4.]
    """
    rng = random.Random(seed)
    codes = {c: f"{i + 1:04d}" for i, c in enumerate(COMPANIES)}
    lines = []
    for k in range(n):
        cust = rng.choice(COMPANIES)
        day = _ts(rng).replace(hour=0, minute=0, second=0)
        qty = rng.randrange(1, 400)
        price = _money(rng, 2, 90)
        net = q(price * qty)
        tax = q(net * Decimal("0.13"))
        total = net + tax
        oid = f"FH{day:%Y%m}{k:04d}"
        cells = {"单据编号": oid, "单据日期": date_text(day, "slash_ymd_short"), "客户编码": codes[cust], "客户名称": cust,
                 "部门": "销售部", "业务员": "王强", "存货编码": f"0{rng.randrange(1000, 9999)}", "存货名称": "办公用纸A4",
                 "数量": f"{qty:.2f}", "无税单价": money_text(price, "thousands"), "无税金额": money_text(net, "thousands"),
                 "税额": money_text(tax, "thousands"), "价税合计": money_text(total, "thousands"), "审核人": "demo"}
        lines.append(Line(cells, customer=cust, ts=day, paid=total, order_id=oid))
    path = write_csv(tmp / "销售发货单列表.csv", list(YONYOU_HEADER), lines, encoding="gbk")
    return Generated(path, lines, list(YONYOU_HEADER), layout="yonyou",
                     mapping={"customer_id": "客户名称", "order_ts": "单据日期", "amount": "价税合计",
                              "order_id": "单据编号"},
                     order_id_mapped=True, source="guess (layouts.md §4)")


POS_HEADER: tuple[str, ...] = ("流水号", "会员卡号", "会员姓名", "手机号", "消费时间", "消费门店", "消费金额", "优惠金额", "支付方式",
                               "积分", "收银员")


def pos_member(tmp: Path, *, seed: int = 16, n: int = 90) -> Generated:
    """Membership POS 会员消费明细 export, UTF-8 CSV. [Header a guess — layouts.md §5.]

    会员卡号 are 5-digit numbers (20345 … 45123 fall inside the Excel serial-date range, so a
    reader must not take them for dates); 支付方式 and 消费门店 are near-constant; a few returns
    (退货) are negative.
    """
    rng = random.Random(seed)
    cards = [str(rng.randrange(20000, 46000)) for _ in range(18)]
    lines = []
    for k in range(n):
        card = rng.choice(cards)
        ts = _ts(rng)
        v = _money(rng, 8, 480)
        if rng.random() < 0.06:
            v = -v
        cells = {"流水号": f"P{ts:%Y%m%d}{k:05d}", "会员卡号": card, "会员姓名": rng.choice(("张女士", "李先生", "小王")),
                 "手机号": f"139{rng.randrange(10**7, 10**8)}", "消费时间": date_text(ts, "iso"),
                 "消费门店": "中山路店" if rng.random() < 0.85 else "万达店", "消费金额": money_text(v, "plain"),
                 "优惠金额": "0.00", "支付方式": rng.choice(("微信", "微信", "支付宝", "现金")),
                 "积分": str(max(int(v), 0)), "收银员": "001"}
        lines.append(Line(cells, customer=card, ts=ts, paid=v, order_id=cells["流水号"]))
    path = write_csv(tmp / "会员消费明细.csv", list(POS_HEADER), lines, encoding="utf-8")
    return Generated(path, lines, list(POS_HEADER), layout="pos_member",
                     mapping={"customer_id": "会员卡号", "order_ts": "消费时间", "amount": "消费金额"},
                     order_id_mapped=True, source="guess (layouts.md §5)")


SHOPIFY_HEADER: tuple[str, ...] = (
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing",
    "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method",
    "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price",
    "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status",
    "Billing Name", "Billing Street", "Billing Address1", "Billing Address2", "Billing Company", "Billing City",
    "Billing Zip", "Billing Province", "Billing Country", "Billing Phone", "Shipping Name", "Shipping Street",
    "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City", "Shipping Zip",
    "Shipping Province", "Shipping Country", "Shipping Phone", "Notes", "Note Attributes", "Cancelled at",
    "Payment Method", "Payment Reference", "Refunded Amount", "Vendor", "Outstanding Balance", "Employee",
    "Location", "Device ID", "Id", "Tags", "Risk Level", "Source", "Lineitem discount", "Tax 1 Name",
    "Tax 1 Value", "Phone", "Receipt Number", "Duties", "Billing Province Name", "Shipping Province Name",
    "Payment ID", "Payment Terms Name", "Next Payment Due At", "Payment References",
)
# columns repeated on every line-item row; every other column is order level (first row only)
SHOPIFY_PER_ITEM = ("Name", "Email", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price",
                    "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable",
                    "Lineitem fulfillment status", "Vendor", "Lineitem discount")
SHOPIFY_STATUSES = (("paid", OK, 55), ("partially_refunded", OK, 12), ("refunded", REFUNDED, 8), ("pending", UNPAID, 12),
                    ("voided", CANCELLED, 13))


def shopify(tmp: Path, *, seed: int = 17, n_orders: int = 45) -> Generated:
    """Shopify Admin › Orders › Export (orders_export_1.csv), UTF-8, one row per line item.

    Header in export order [docs.xbp.app Shopify order-format page (a real row); laplace-live
    shopify-csv-converter types; allegro_csv_parser ShopifyOrderTypeCSV]. Order-level fields
    (Financial Status, Total, Refunded Amount, addresses …) are filled on the first row of an order
    only and blank on its 2nd+ rows; Name, Email, Created at and the Lineitem fields repeat.
    ``Created at`` is local time with offset (``2024-01-05 23:30:00 +0800``); several orders are
    placed after 16:00 local, i.e. on the next UTC day. ``refunded`` orders have Refunded Amount
    = Total and are excluded as fully refunded (no purchase); ``voided`` ones have Cancelled at. An
    order's 2nd+ item lines are excluded as ``item_line`` (its money is on its first line). The numeric ``Id`` column is not a customer.
    """
    rng = random.Random(seed)
    emails = [f"{n}@{d}" for n, d in zip(("amy.chen", "bob", "carol.w", "dave88", "erin", "frank.li", "gina",
                                          "hank", "ivy.z", "jack"), ("gmail.com", "qq.com", "163.com", "outlook.com",
                                                                     "icloud.com") * 2, strict=True)]
    products = (("Classic Tee", "TEE-01", Decimal("25.00")), ("Hoodie", "HD-02", Decimal("59.00")),
                ("Mug, ceramic", "MUG-03", Decimal("12.50")), ("Cap", "CAP-04", Decimal("18.00")))
    lines = []
    for k in range(n_orders):
        email = rng.choice(emails)
        ts = _ts(rng, dt.date(2024, 1, 1), dt.date(2025, 6, 30))
        if rng.random() < 0.35:
            ts = ts.replace(hour=rng.randrange(16, 24))
        text, state = _pick_status(rng, SHOPIFY_STATUSES)
        items = rng.sample(products, rng.randrange(1, 4))
        qtys = [rng.randrange(1, 3) for _ in items]
        subtotal = sum((p * qy for (_, _, p), qy in zip(items, qtys, strict=True)), Decimal(0))
        shipping = Decimal("5.00") if subtotal < 50 else Decimal("0.00")
        taxes = q(subtotal * Decimal("0.06"))
        total = subtotal + shipping + taxes
        refund = {"partially_refunded": q(total * Decimal("0.4")), "refunded": total}.get(text, Decimal(0))
        name = f"#{1001 + k}"
        order_id = str(5_000_000_000 + rng.randrange(10**9))
        for i, ((pname, sku, price), qy) in enumerate(zip(items, qtys, strict=True)):
            cells = {h: "" for h in SHOPIFY_HEADER}
            cells.update({"Name": name, "Email": email, "Created at": date_text(ts, "zoned"),
                          "Lineitem quantity": str(qy), "Lineitem name": pname, "Lineitem price": f"{price:.2f}",
                          "Lineitem compare at price": "", "Lineitem sku": sku, "Lineitem requires shipping": "true",
                          "Lineitem taxable": "true", "Lineitem fulfillment status": "pending",
                          "Vendor": "Acme", "Lineitem discount": "0.00"})
            if i == 0:
                cells.update({
                    "Financial Status": text, "Paid at": date_text(ts, "zoned") if state == OK else "",
                    "Fulfillment Status": "unfulfilled", "Accepts Marketing": rng.choice(("yes", "no")),
                    "Currency": "CNY", "Subtotal": f"{subtotal:.2f}", "Shipping": f"{shipping:.2f}",
                    "Taxes": f"{taxes:.2f}", "Total": f"{total:.2f}", "Discount Amount": "0.00",
                    "Shipping Method": "Standard", "Billing Name": "Amy Chen", "Billing Street": "88 Nanjing Rd",
                    "Billing Address1": "88 Nanjing Rd", "Billing City": "Shanghai", "Billing Zip": "'200001",
                    "Billing Province": "SH", "Billing Country": "CN", "Shipping Name": "Amy Chen",
                    "Shipping Street": "88 Nanjing Rd", "Shipping Address1": "88 Nanjing Rd",
                    "Shipping City": "Shanghai", "Shipping Zip": "'200001", "Shipping Province": "SH",
                    "Shipping Country": "CN", "Cancelled at": date_text(ts + dt.timedelta(hours=2), "zoned")
                    if state == CANCELLED else "", "Payment Method": "Shopify Payments",
                    "Payment Reference": f"c{rng.randrange(10**12)}.1", "Refunded Amount": f"{refund:.2f}",
                    "Outstanding Balance": "0.00", "Id": order_id, "Risk Level": "Low", "Source": "web",
                    "Tax 1 Name": "VAT 6%", "Tax 1 Value": f"{taxes:.2f}", "Billing Province Name": "Shanghai",
                    "Shipping Province Name": "Shanghai", "Payment ID": f"r{rng.randrange(10**12)}",
                    "Payment References": f"r{rng.randrange(10**12)}"})
                paid, ref = (total, refund) if state == OK else (None, Decimal(0))
            else:
                paid, ref = None, Decimal(0)
            lines.append(Line(cells, customer=email, ts=ts, paid=paid, refund=ref, status=state, order_id=name,
                              item_line=i > 0))
    path = write_csv(tmp / "orders_export_1.csv", list(SHOPIFY_HEADER), lines, encoding="utf-8", newline="\n")
    return Generated(path, lines, list(SHOPIFY_HEADER), layout="shopify",
                     mapping={"customer_id": "Email", "amount": "Total", "order_ts": "Created at", "order_id": "Name",
                              "status": "Financial Status", "refund": "Refunded Amount"},
                     order_id_mapped=True, refunds="netted",
                     source="docs.xbp.app Shopify order format; laplace-live/shopify-csv-converter")


WOO_HEADER: tuple[str, ...] = (
    "order_id", "order_number", "order_date", "paid_date", "status", "shipping_total", "shipping_tax_total",
    "fee_total", "fee_tax_total", "tax_total", "cart_discount", "order_discount", "discount_total", "order_total",
    "order_subtotal", "order_currency", "payment_method", "payment_method_title", "transaction_id",
    "customer_ip_address", "customer_user_agent", "shipping_method", "customer_id", "customer_user",
    "customer_email", "billing_first_name", "billing_last_name", "billing_company", "billing_email", "billing_phone",
    "billing_address_1", "billing_address_2", "billing_postcode", "billing_city", "billing_state",
    "billing_country", "customer_note", "line_item_1",
)
WOO_STATUSES = (("completed", OK, 55), ("processing", OK, 12), ("pending", UNPAID, 8), ("failed", UNPAID, 5),
                ("on-hold", UNPAID, 5), ("cancelled", CANCELLED, 15))


def woocommerce(tmp: Path, *, seed: int = 18, n: int = 60) -> Generated:
    """WooCommerce orders via the "Import Export Suite for WooCommerce" plugin (woocommerce.com doc
    "Import and Export of WooCommerce Orders"): snake_case columns, ``order_date`` month-first
    ``9/6/2016 6:29:00`` as documented, UTF-8 without BOM, CRLF.

    Guest checkouts have ``customer_id`` 0 (so the customer must be the billing e-mail);
    order_subtotal (before shipping/tax/discount) differs from order_total.
    """
    rng = random.Random(seed)
    emails = [f"user{i}@example.{tld}" for i, tld in zip(range(12), ("com", "de", "fr", "co.uk") * 3, strict=True)]
    users = {e: (0 if i % 3 == 0 else 100 + i) for i, e in enumerate(emails)}
    lines = []
    for k in range(n):
        email = rng.choice(emails)
        ts = _ts(rng, dt.date(2023, 1, 1), dt.date(2025, 6, 30))
        text, state = _pick_status(rng, WOO_STATUSES)
        sub = _money(rng, 10, 300)
        ship = Decimal("4.90")
        tax = q(sub * Decimal("0.19"))
        disc = rng.choice((Decimal(0), Decimal(0), Decimal("5.00")))
        total = sub + ship + tax - disc
        oid = str(2000 + k)
        cells = {h: "" for h in WOO_HEADER}
        cells.update({"order_id": oid, "order_number": oid, "order_date": date_text(ts, "mdy_seconds"),
                      "paid_date": date_text(ts, "mdy_seconds") if state == OK else "", "status": text,
                      "shipping_total": f"{ship:.2f}", "shipping_tax_total": "0.00", "fee_total": "0.00",
                      "fee_tax_total": "0.00", "tax_total": f"{tax:.2f}", "cart_discount": f"{disc:.2f}",
                      "order_discount": "0.00", "discount_total": f"{disc:.2f}", "order_total": f"{total:.2f}",
                      "order_subtotal": f"{sub:.2f}", "order_currency": "EUR", "payment_method": "stripe",
                      "payment_method_title": "Credit Card (Stripe)", "transaction_id": f"ch_{rng.randrange(10**10)}",
                      "customer_ip_address": f"10.0.{rng.randrange(255)}.{rng.randrange(255)}",
                      "customer_user_agent": "Mozilla/5.0", "shipping_method": "Flat rate",
                      "customer_id": str(users[email]), "customer_user": str(users[email]), "customer_email": email,
                      "billing_first_name": "Anna", "billing_last_name": "Muster", "billing_email": email,
                      "billing_phone": "+49 30 1234567", "billing_address_1": "Hauptstr. 5", "billing_postcode": "10115",
                      "billing_city": "Berlin", "billing_country": "DE",
                      "line_item_1": f"name:Hoodie|product_id:12|quantity:1|total:{sub:.2f}"})
        lines.append(Line(cells, customer=email, ts=ts, paid=total if state == OK else None, status=state,
                          order_id=oid))
    path = write_csv(tmp / "wc-order-export.csv", list(WOO_HEADER), lines, encoding="utf-8")
    return Generated(path, lines, list(WOO_HEADER), layout="woocommerce",
                     mapping={"amount": "order_total", "order_ts": "order_date"},
                     order_id_mapped=True, date_order="mdy",
                     source="woocommerce.com/document/import-and-export-of-woocommerce-orders")


UCI_HEADER = ("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country")
UCI_II_HEADER = ("Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country")
UCI_ITEMS = (("85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "2.55"), ("71053", "WHITE METAL LANTERN", "3.39"),
             ("84406B", "CREAM CUPID HEARTS COAT HANGER", "2.75"), ("22752", "SET 7 BABUSHKA NESTING BOXES", "7.65"),
             ("21730", "GLASS STAR FROSTED T-LIGHT HOLDER", "4.25"), ("22633", "HAND WARMER UNION JACK", "1.85"),
             ("22960", "JAM MAKING SET WITH JARS", "4.25"), ("47566", "PARTY BUNTING", "4.95"),
             ("22423", "REGENCY CAKESTAND 3 TIER", "12.75"), ("84879", 'ASSORTED COLOUR BIRD ORNAMENT', "1.69"),
             ("21754", "HOME BUILDING BLOCK WORD", "5.95"), ("22139", "RETROSPOT TEA SET, CERAMIC 11 PC", "4.95"))


def uci_online_retail(tmp: Path, *, seed: int = 19, n_invoices: int = 45, version: int = 1) -> Generated:
    """UCI Online Retail (dataset 352; ``version=2``: Online Retail II, dataset 502) as CSV.

    Columns per the UCI/CRAN description; ``CustomerID`` written as a float (``17850.0``) because
    about a quarter of the lines have none (those lines: missing_customer); invoices starting with
    ``C`` are cancellations with negative Quantity (kept as returns); money = Quantity × UnitPrice.
    Version 1 dates are the Kaggle copy's ``12/1/2010 8:26`` (month-first; days above 12 occur),
    version 2 dates ISO ``2010-12-01 08:26:00``. Three exact duplicate lines (the real file has
    thousands) are removed because InvoiceNo identifies the order.
    """
    rng = random.Random(seed)
    header = list(UCI_HEADER if version == 1 else UCI_II_HEADER)
    inv_c, code_c, desc_c, qty_c, date_c, price_c, cust_c, ctry_c = header
    customers = [str(rng.randrange(12346, 18288)) for _ in range(14)]
    lines: list[Line] = []
    for k in range(n_invoices):
        ts = dt.datetime(2010, 12, 1, 8, 26) + dt.timedelta(days=rng.randrange(0, 75), minutes=rng.randrange(600))
        cust = rng.choice(customers) if rng.random() > 0.15 else None
        cancel = cust is not None and rng.random() < 0.12
        inv = ("C" if cancel else "") + str(536365 + k)
        for code, desc, price in rng.sample(UCI_ITEMS, rng.randrange(1, 5)):
            qty = rng.choice((1, 2, 3, 4, 6, 12, 24)) * (-1 if cancel else 1)
            cells = {inv_c: inv, code_c: code, desc_c: desc, qty_c: str(qty),
                     date_c: date_text(ts, "mdy") if version == 1 else date_text(ts, "iso"), price_c: price,
                     cust_c: f"{cust}.0" if cust else "", ctry_c: rng.choice(("United Kingdom",) * 5 + ("France",))}
            lines.append(Line(cells, customer=cust, ts=ts, paid=q(Decimal(price) * qty) if cust else None,
                              order_id=inv, reject=None if cust else "missing_customer"))
    good = [i for i, ln in enumerate(lines) if ln.reject is None]
    lines = _with_copies(lines, {good[3], good[10], good[11]})
    path = write_csv(tmp / ("Online Retail.csv" if version == 1 else "online_retail_II.csv"), header, lines,
                     encoding="utf-8", newline="\n")
    mapping = {"customer_id": cust_c, "order_id": inv_c, "order_ts": date_c, "quantity": qty_c, "unit_price": price_c}
    return Generated(path, lines, header, layout="uci_online_retail", mapping=mapping, order_id_mapped=True,
                     amount_source="quantity_x_unit_price", date_order="mdy" if version == 1 else None,
                     source="archive.ics.uci.edu dataset 352/502; CRAN onlineretail README")


# ----------------------------------------------------------------------------------------------
# value and file oddities (a plain 客户编号 / 下单时间 / 实付金额 file unless said otherwise)
# ----------------------------------------------------------------------------------------------

BASIC = ("客户编号", "下单时间", "实付金额")
BASIC_MAPPING = {"customer_id": "客户编号", "order_ts": "下单时间", "amount": "实付金额"}
EN_BASIC = ("customer_id", "order_date", "amount")
EN_MAPPING = {"customer_id": "customer_id", "order_ts": "order_date", "amount": "amount"}
CUSTOMERS = ("C001", "C002", "C003", "C004", "C005", "C006")


def styled_amounts(tmp: Path, styles: tuple[str, ...], *, seed: int = 21, per_style: int = 4, name: str = "styled.csv",
                   encoding: str = "utf-8", newline: str = "\r\n") -> Generated:
    """Amounts written in the given point-decimal styles (￥-1,234.50, -￥12.00, $-4.00, ¥(5.00),
    －12.00, −12.00, １２３.５０ …): every style gets a small, a large (≥ 1,000) and a negative
    value. What Excel zh-CN re-saves, IME entry and copy-paste from web pages produce [guess]."""
    rng = random.Random(seed)
    lines = []
    for style in styles:
        values = [_money(rng, 1, 99), _money(rng, 1000, 9999), -_money(rng, 1, 99), -_money(rng, 1000, 5000)]
        for v in values[:per_style]:
            c, ts = rng.choice(CUSTOMERS), _ts(rng)
            lines.append(_line(c, date_text(ts, "iso"), money_text(v, style), customer=c, ts=ts, paid=v))
    enc = encoding
    if enc == "gbk" and not _encodable(lines, "gbk"):
        enc = "gb18030"
    path = write_csv(tmp / name, list(BASIC), lines, encoding=enc, newline=newline)
    return Generated(path, lines, list(BASIC), mapping=dict(BASIC_MAPPING), decimal={"实付金额": "."})


def _with_copies(lines: list[Line], indexes: set[int]) -> list[Line]:
    """``lines`` with an exact copy placed right after each line whose index is in ``indexes``."""
    out: list[Line] = []
    for i, ln in enumerate(lines):
        out.append(ln)
        if i in indexes:
            dup = copy.deepcopy(ln)
            dup.copy_of = len(out) - 1
            out.append(dup)
    return out


def mark_copies(lines: list[Line]) -> list[Line]:
    """Mark every line whose cells repeat an earlier line's exactly as a copy of it (for drawn files,
    where identical lines happen by chance)."""
    seen: dict[tuple, int] = {}
    for i, ln in enumerate(lines):
        key = ln.raw if ln.raw is not None else tuple(sorted((k, str(v)) for k, v in ln.cells.items()))
        ln.copy_of = seen.get(key)
        seen.setdefault(key, i)
    return lines


def _encodable(lines: list[Line], encoding: str) -> bool:
    try:
        for ln in lines:
            for v in ln.cells.values():
                if v is not None:
                    str(v).encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def comma_decimal(tmp: Path, styles: tuple[str, ...] = COMMA_STYLES, *, seed: int = 22, sep_line: bool = False,
                  name: str = "komma.csv") -> Generated:
    """A de-DE / fr-FR Excel CSV: ``;`` delimiter, decimal comma (12,50 · € 1.234,56 · 1 234,56 with a
    normal, no-break U+00A0, narrow no-break U+202F or thin U+2009 group space), UTF-8 with BOM.
    ``sep_line`` adds the ``sep=;`` first line Excel writes/reads. [Locale behaviour, guess.]"""
    rng = random.Random(seed)
    lines = []
    for style in styles:
        for v in (_money(rng, 1, 99), _money(rng, 1000, 9999), -_money(rng, 1, 99)):
            c, ts = rng.choice(CUSTOMERS), _ts(rng)
            lines.append(_line(c, date_text(ts, "iso"), money_text(v, style), customer=c, ts=ts, paid=v,
                               header=EN_BASIC))
    path = write_csv(tmp / name, list(EN_BASIC), lines, encoding="utf-8", bom=True, delimiter=";",
                     preamble=("sep=;",) if sep_line else ())
    return Generated(path, lines, list(EN_BASIC), mapping=dict(EN_MAPPING), decimal={"amount": ","})


def null_markers(tmp: Path, *, seed: int = 23) -> Generated:
    """Null markers from database/pandas dumps (NULL, null, N/A, NA, nan, None, -, 无, 空) in the
    amount column (each: missing_amount) and in the customer column (each: missing_customer)."""
    rng = random.Random(seed)
    lines = _good_lines(rng, 12, customers=list(CUSTOMERS))
    for marker in NULL_MARKERS:
        c, ts = rng.choice(CUSTOMERS), _ts(rng)
        lines.append(_line(c, date_text(ts, "iso"), marker, customer=c, ts=ts, reject="missing_amount"))
        ts = _ts(rng)
        lines.append(_line(marker, date_text(ts, "iso"), "12.30", ts=ts, paid=Decimal("12.30"),
                           reject="missing_customer"))
    rng.shuffle(lines)
    path = write_csv(tmp / "nulls.csv", list(BASIC), lines)
    return Generated(path, lines, list(BASIC), mapping=dict(BASIC_MAPPING))


def malformed_amounts(tmp: Path, *, seed: int = 24) -> Generated:
    """Malformed numbers that must be rejected (unreadable_amount), never repaired: 1,2,3 · --12 ·
    (12.00 · 1_000 — mixed into a clean point-decimal column."""
    rng = random.Random(seed)
    lines = _good_lines(rng, 12, customers=list(CUSTOMERS))
    for bad in MALFORMED_AMOUNTS:
        c, ts = rng.choice(CUSTOMERS), _ts(rng)
        lines.insert(rng.randrange(len(lines)), _line(c, date_text(ts, "iso"), bad, customer=c, ts=ts,
                                                      reject="unreadable_amount"))
    path = write_csv(tmp / "malformed.csv", list(BASIC), lines)
    return Generated(path, lines, list(BASIC), mapping=dict(BASIC_MAPPING))


def float_ids(tmp: Path, *, seed: int = 25) -> Generated:
    """Customer ids written as floats by a pandas/Excel round trip: ``12389.0`` is customer 12389
    (UCI's CustomerID column), mixed with the same ids written as integers."""
    rng = random.Random(seed)
    ids = ("12389", "12346", "17850", "13047")
    lines = []
    for _ in range(24):
        c, ts, v = rng.choice(ids), _ts(rng), _money(rng, 5, 300)
        lines.append(_line(c + ".0" if rng.random() < 0.7 else c, date_text(ts, "iso"), f"{v:.2f}",
                           customer=c, ts=ts, paid=v, header=EN_BASIC))
    path = write_csv(tmp / "float_ids.csv", list(EN_BASIC), lines, newline="\n")
    return Generated(path, lines, list(EN_BASIC), mapping=dict(EN_MAPPING))


def day_first_late_evidence(tmp: Path, *, seed: int = 26, ambiguous: int = 2300, late: int = 40) -> Generated:
    """A day-first (dd/mm/yyyy HH:MM, en-GB) column whose first ``ambiguous`` lines all have day and
    month ≤ 12 (like UCI's first weeks); only the later lines show a day above 12. A reader that
    decides from a sample of the first 2,000 lines reads it month-first — wrong dates."""
    rng = random.Random(seed)
    lines = []
    for k in range(ambiguous + late):
        if k < ambiguous:
            ts = dt.datetime(2024, rng.randrange(1, 13), rng.randrange(1, 13), rng.randrange(24), rng.randrange(60))
        else:
            ts = dt.datetime(2024, rng.randrange(1, 13), rng.randrange(13, 29), rng.randrange(24), rng.randrange(60))
        c, v = rng.choice(CUSTOMERS), _money(rng, 5, 300)
        lines.append(_line(c, date_text(ts, "dmy"), f"{v:.2f}", customer=c, ts=ts, paid=v, header=EN_BASIC))
    path = write_csv(tmp / "day_first.csv", list(EN_BASIC), lines, newline="\n")
    return Generated(path, lines, list(EN_BASIC), mapping=dict(EN_MAPPING), date_order="dmy")


def all_ambiguous_dates(tmp: Path, *, seed: int = 27, n: int = 60) -> Generated:
    """Slash dates where every day and month is ≤ 12: the order cannot be known from the data.
    The truth here is day-first; ``swap_day_month`` gives the month-first reading."""
    rng = random.Random(seed)
    lines = []
    for _ in range(n):
        ts = dt.datetime(2024, rng.randrange(1, 13), rng.randrange(1, 13), rng.randrange(24), rng.randrange(60))
        c, v = rng.choice(CUSTOMERS), _money(rng, 5, 300)
        lines.append(_line(c, date_text(ts, "dmy"), f"{v:.2f}", customer=c, ts=ts, paid=v, header=EN_BASIC))
    path = write_csv(tmp / "ambiguous_dates.csv", list(EN_BASIC), lines, newline="\n")
    return Generated(path, lines, list(EN_BASIC), mapping=dict(EN_MAPPING), date_order="dmy")


def swap_day_month(lines: list[Line]) -> list[Line]:
    """Copies of ``lines`` with day and month exchanged (the month-first reading of d/m dates)."""
    out = []
    for ln in lines:
        c = copy.copy(ln)
        if ln.ts is not None:
            c.ts = ln.ts.replace(month=ln.ts.day, day=ln.ts.month)
        out.append(c)
    return out


def zoned_timestamps(tmp: Path, *, seed: int = 28) -> Generated:
    """Shopify-style ``2024-01-05 23:30:00 +0800`` timestamps: the local day is the order's day even
    when the UTC day differs (every line here is placed between 16:00 and 23:59 local)."""
    rng = random.Random(seed)
    lines = []
    for _ in range(20):
        ts = _ts(rng).replace(hour=rng.randrange(16, 24))
        c, v = rng.choice(CUSTOMERS), _money(rng, 5, 300)
        lines.append(_line(c, date_text(ts, "zoned"), f"{v:.2f}", customer=c, ts=ts, paid=v, header=EN_BASIC))
    ts = dt.datetime(2024, 1, 5, 23, 30)
    lines.append(_line("C001", "2024-01-05 23:30:00 +0800", "10.00", customer="C001", ts=ts, paid=Decimal("10.00"),
                       header=EN_BASIC))
    path = write_csv(tmp / "zoned.csv", list(EN_BASIC), lines, newline="\n")
    return Generated(path, lines, list(EN_BASIC), mapping=dict(EN_MAPPING))


def title_rows_csv(tmp: Path, *, seed: int = 29, padded: bool = True) -> Generated:
    """A CSV with a title block above the header (订单报表 / 导出时间：… / 店铺：… / blank), as a report
    export saved from Excel writes it (``padded``: each title row padded with commas to the table
    width). GBK, CRLF. One bad amount to check file line numbers below the title block."""
    rng = random.Random(seed)
    header = ["订单编号", "客户编号", "下单时间", "实付金额", "备注"]
    lines = []
    for k in range(20):
        c, ts, v = rng.choice(CUSTOMERS), _ts(rng), _money(rng, 5, 300)
        lines.append(Line({"订单编号": f"SO{k:05d}", "客户编号": c, "下单时间": date_text(ts, "iso"),
                           "实付金额": f"{v:.2f}", "备注": ""}, customer=c, ts=ts, paid=v, order_id=f"SO{k:05d}"))
    lines[7].cells["实付金额"], lines[7].paid, lines[7].reject = "abc", None, "unreadable_amount"
    pad = "," * (len(header) - 1) if padded else ""
    preamble = ("订单报表" + pad, "导出时间：2024-05-01 10:00:00" + pad, "店铺：某某旗舰店" + pad, pad)
    path = write_csv(tmp / "订单报表.csv", header, lines, encoding="gbk", preamble=preamble)
    return Generated(path, lines, header, mapping=dict(BASIC_MAPPING, order_id="订单编号"), order_id_mapped=True)


def quoted_line_breaks(tmp: Path, *, seed: int = 30) -> Generated:
    """Quoted fields holding line breaks (Excel Alt+Enter = LF inside a CRLF file, and CRLF): every
    later record starts one editor line further down; bad lines after them check source_row."""
    rng = random.Random(seed)
    header = ["客户编号", "下单时间", "实付金额", "买家留言"]
    lines = []
    for _ in range(16):
        c, ts, v = rng.choice(CUSTOMERS), _ts(rng), _money(rng, 5, 300)
        lines.append(Line({"客户编号": c, "下单时间": date_text(ts, "iso"), "实付金额": f"{v:.2f}", "买家留言": ""},
                          customer=c, ts=ts, paid=v))
    lines[2].cells["买家留言"] = "请周末送货\n电话联系"
    lines[5].cells["买家留言"] = "第一行\r\n第二行\r\n第三行，含逗号,和\"引号\""
    for i in (4, 9, 15):
        lines[i].cells["实付金额"], lines[i].paid, lines[i].reject = "", None, "missing_amount"
    path = write_csv(tmp / "line_breaks.csv", header, lines, encoding="utf-8")
    return Generated(path, lines, header, mapping=dict(BASIC_MAPPING))


def late_quoting(tmp: Path, *, seed: int = 31, n: int = 30_600, quote_at: int = 30_200) -> Generated:
    """~1.5 MB: quoting first appears after line 30,000 (a 备注 with a comma), past any sniffing
    sample; then bad amounts to check the line numbers. Generate into tmp_path only."""
    rng = random.Random(seed)
    header = ["客户编号", "下单时间", "实付金额", "备注"]
    lines = []
    customers = [f"M{i:04d}" for i in range(300)]
    for _ in range(n):
        c, ts, v = rng.choice(customers), _ts(rng), _money(rng, 5, 300)
        lines.append(Line({"客户编号": c, "下单时间": date_text(ts, "iso"), "实付金额": f"{v:.2f}", "备注": "正常"},
                          customer=c, ts=ts, paid=v))
    lines[quote_at].cells["备注"] = "含税,已开票"
    lines[quote_at + 1].cells["备注"] = '他说"尽快"'
    lines[quote_at + 2].cells["备注"] = "换行\n备注"
    for i in (quote_at + 5, n - 3):
        lines[i].cells["实付金额"], lines[i].paid, lines[i].reject = "n/a?", None, "unreadable_amount"
    path = write_csv(tmp / "late_quoting.csv", header, lines, newline="\n")
    return Generated(path, lines, header, mapping=dict(BASIC_MAPPING))


def very_long_line(tmp: Path, *, seed: int = 32, size: int = 2_300_000) -> Generated:
    """One line longer than 2 MiB (a pasted 备注; DuckDB's default maximum line size is 2 MiB)
    among ordinary lines. Generate into tmp_path only."""
    rng = random.Random(seed)
    header = ["客户编号", "下单时间", "实付金额", "备注"]
    lines = []
    for _ in range(30):
        c, ts, v = rng.choice(CUSTOMERS), _ts(rng), _money(rng, 5, 300)
        lines.append(Line({"客户编号": c, "下单时间": date_text(ts, "iso"), "实付金额": f"{v:.2f}", "备注": ""},
                          customer=c, ts=ts, paid=v))
    lines[11].cells["备注"] = "x" * size
    path = write_csv(tmp / "long_line.csv", header, lines, newline="\n")
    return Generated(path, lines, header, mapping=dict(BASIC_MAPPING))


def unquoted_thousands(tmp: Path, *, seed: int = 33) -> Generated:
    """A hand-made CSV where ``1,234.50`` was written without quotes: that line has one field more
    than the header and must be rejected as too_many_fields (not truncated, not shifted); the
    same value quoted on another line is fine."""
    rng = random.Random(seed)
    header = ["客户编号", "下单时间", "实付金额", "备注"]
    lines = []
    for _ in range(14):
        c, ts, v = rng.choice(CUSTOMERS), _ts(rng), _money(rng, 5, 300)
        lines.append(Line({"客户编号": c, "下单时间": date_text(ts, "iso"), "实付金额": f"{v:.2f}", "备注": "ok"},
                          customer=c, ts=ts, paid=v))
    for i in (3, 10):
        ln = lines[i]
        ln.cells["实付金额"] = "1,234.50"
        ln.unquoted, ln.paid, ln.reject = frozenset({"实付金额"}), None, "too_many_fields"
    ln = lines[6]
    ln.cells["实付金额"], ln.paid = "1,234.50", Decimal("1234.50")
    path = write_csv(tmp / "unquoted.csv", header, lines, newline="\n")
    return Generated(path, lines, header, mapping=dict(BASIC_MAPPING))


def excel_merged_orders(tmp: Path, *, seed: int = 34) -> Generated:
    """An .xlsx order list where one order's 订单号 / 客户 / 下单日期 are merged cells over its item rows
    (a hand-formatted or ERP report sheet): every item row belongs to that order's customer."""
    rng = random.Random(seed)
    header = ["订单号", "客户", "下单日期", "商品", "数量", "金额"]
    lines, merges = [], []
    for k in range(12):
        oid, c = f"DD{k + 1:04d}", rng.choice(CUSTOMERS)
        ts = _ts(rng).replace(second=0)
        n_items = rng.randrange(1, 4)
        first = len(lines)
        for j in range(n_items):
            v = _money(rng, 5, 200)
            cells = {"商品": rng.choice(("毛巾", "牙刷", "洗发水")), "数量": rng.randrange(1, 5), "金额": float(v)}
            if j == 0:
                cells.update({"订单号": oid, "客户": c, "下单日期": ts})
            lines.append(Line(cells, customer=c, ts=ts, paid=v, order_id=oid))
        if n_items > 1:
            merges += [(col, first, first + n_items - 1) for col in ("订单号", "客户", "下单日期")]
    path = write_xlsx(tmp / "merged.xlsx", header, lines, merges=tuple(merges),
                      number_formats={"下单日期": "yyyy-mm-dd hh:mm", "金额": "#,##0.00"})
    return Generated(path, lines, header, mapping={"customer_id": "客户", "order_ts": "下单日期", "amount": "金额",
                                                   "order_id": "订单号"}, order_id_mapped=True)


def excel_blank_rows(tmp: Path, *, seed: int = 35) -> Generated:
    """An .xlsx with blank rows between groups of data rows (a user spaced the sheet out): blank
    rows are not lines; every line's row number is its Excel row. Two bad amounts below blanks."""
    rng = random.Random(seed)
    lines = []
    for _ in range(18):
        c, ts, v = rng.choice(CUSTOMERS), _ts(rng).replace(microsecond=0), _money(rng, 5, 300)
        lines.append(Line({"客户编号": c, "下单时间": ts, "实付金额": float(v)}, customer=c, ts=ts, paid=v))
    for i in (7, 15):
        lines[i].cells["实付金额"], lines[i].paid, lines[i].reject = "待定", None, "unreadable_amount"
    path = write_xlsx(tmp / "blank_rows.xlsx", list(BASIC), lines, blank_before={5: 1, 7: 2, 12: 3},
                      number_formats={"下单时间": "yyyy-mm-dd hh:mm:ss"})
    return Generated(path, lines, list(BASIC), mapping=dict(BASIC_MAPPING))


def excel_zero_padded_ids(tmp: Path, *, seed: int = 36) -> Generated:
    """会员卡号 stored as numbers with the number format ``000000``: 123 shows as 000123, and the
    customer is "000123" (what the user sees), not "123"."""
    rng = random.Random(seed)
    header = ["会员卡号", "消费时间", "消费金额"]
    ids = (123, 4567, 89, 120034)
    lines = []
    for _ in range(20):
        i, ts, v = rng.choice(ids), _ts(rng), _money(rng, 5, 300)
        lines.append(Line({"会员卡号": i, "消费时间": ts, "消费金额": float(v)}, customer=f"{i:06d}", ts=ts, paid=v))
    path = write_xlsx(tmp / "zero_padded.xlsx", header, lines,
                      number_formats={"会员卡号": "000000", "消费时间": "yyyy-mm-dd hh:mm:ss"})
    return Generated(path, lines, header, mapping={"customer_id": "会员卡号", "order_ts": "消费时间", "amount": "消费金额"})


def excel_title_rows(tmp: Path, *, seed: int = 37) -> Generated:
    """An .xlsx report with 订单报表 / 导出时间：… title rows and an empty row above the header, data
    from row 5; one bad date to check the Excel row numbers. An empty first sheet precedes it."""
    rng = random.Random(seed)
    header = ["订单编号", "买家会员名", "订单创建时间", "实付金额(元)"]
    lines = []
    for k in range(15):
        c, ts, v = rng.choice(CN_BUYERS), _ts(rng), _money(rng, 5, 300)
        lines.append(Line({"订单编号": f"T{k:05d}", "买家会员名": c, "订单创建时间": date_text(ts, "iso"),
                           "实付金额(元)": float(v)}, customer=c, ts=ts, paid=v, order_id=f"T{k:05d}"))
    lines[4].cells["订单创建时间"], lines[4].paid, lines[4].reject = "昨天", None, "unreadable_date"
    path = write_xlsx(tmp / "report_title.xlsx", header, lines,
                      title_rows=(("订单报表",), ("导出时间：2024-05-01 10:00:00",), ()),
                      number_formats={"实付金额(元)": "#,##0.00"}, extra_sheets=("说明",))
    return Generated(path, lines, header, mapping={"customer_id": "买家会员名", "order_ts": "订单创建时间",
                                                   "amount": "实付金额(元)", "order_id": "订单编号"},
                     order_id_mapped=True)


def duplicate_header_names(tmp: Path, *, fmt: str = "csv", seed: int = 38) -> Generated:
    """Two columns named 备注 (an export template with a seller note and a buyer note): the file still
    loads and the roles are unaffected."""
    rng = random.Random(seed)
    header = ["客户编号", "备注", "下单时间", "实付金额", "备注"]
    keys = ["客户编号", "备注#1", "下单时间", "实付金额", "备注#2"]
    lines = []
    for _ in range(15):
        c, ts, v = rng.choice(CUSTOMERS), _ts(rng), _money(rng, 5, 300)
        cells = {"客户编号": c, "备注#1": "卖家备注", "下单时间": date_text(ts, "iso") if fmt == "csv" else ts,
                 "实付金额": f"{v:.2f}" if fmt == "csv" else float(v), "备注#2": "买家备注"}
        lines.append(Line(cells, customer=c, ts=ts, paid=v))
    if fmt == "csv":
        path = write_csv(tmp / "dup_headers.csv", header, lines, keys=keys)
    else:
        path = write_xlsx(tmp / "dup_headers.xlsx", header, lines, keys=keys)
    return Generated(path, lines, header, mapping=dict(BASIC_MAPPING))


def decorated_header(tmp: Path, amount_header: str, *, seed: int = 39) -> Generated:
    """The amount header with a unit or decoration: 实付金额(元), 实付金额（元）, 金额[CNY], "Amount ($)"."""
    rng = random.Random(seed)
    english = amount_header.isascii()
    cust_h, date_h = ("Customer ID", "Order Date") if english else ("客户编号", "下单时间")
    header = [cust_h, date_h, "备注" if not english else "Note", amount_header]
    lines = []
    for _ in range(15):
        c, ts, v = rng.choice(CUSTOMERS), _ts(rng), _money(rng, 5, 300)
        lines.append(Line({cust_h: c, date_h: date_text(ts, "iso"), header[2]: "", amount_header: f"{v:.2f}"},
                          customer=c, ts=ts, paid=v))
    path = write_csv(tmp / "decorated.csv", header, lines)
    return Generated(path, lines, header, mapping={"customer_id": cust_h, "order_ts": date_h, "amount": amount_header})


def identical_lines(tmp: Path, *, with_order_id: bool, seed: int = 40) -> Generated:
    """Exact duplicate lines. With an order id column they are export duplicates (removed); without
    one they are separate identical purchases (kept, counted in ``identical_lines``) — CDNOW-like."""
    rng = random.Random(seed)
    header = (["订单号"] if with_order_id else []) + list(BASIC)
    lines = []
    for k in range(20):
        c, ts, v = rng.choice(CUSTOMERS), _ts(rng).replace(hour=0, minute=0, second=0), _money(rng, 5, 300)
        cells = {"客户编号": c, "下单时间": date_text(ts, "iso_date"), "实付金额": f"{v:.2f}"}
        if with_order_id:
            cells["订单号"] = f"NO{k:04d}"
        lines.append(Line(cells, customer=c, ts=ts, paid=v, order_id=cells.get("订单号")))
    for i in (2, 8, 8, 15):
        dup = copy.deepcopy(lines[i])
        dup.copy_of = i
        lines.append(dup)
    path = write_csv(tmp / "identical.csv", header, lines)
    mapping = dict(BASIC_MAPPING, **({"order_id": "订单号"} if with_order_id else {}))
    return Generated(path, lines, header, mapping=mapping, order_id_mapped=with_order_id)


def headers_say_nothing(tmp: Path, *, seed: int = 41) -> Generated:
    """A POS dump whose headers say nothing (列1 … 列7): member card (5 digits, in the Excel
    serial-date range), time, amount, then a constant 运费 0.00, a department, a payment method
    and a quantity 1-3 — none of the last four may be taken for the customer, nor the card for a date."""
    rng = random.Random(seed)
    header = [f"列{i}" for i in range(1, 8)]
    cards = [str(rng.randrange(20000, 46000)) for _ in range(12)]
    lines = []
    for _ in range(80):
        c, ts, v = rng.choice(cards), _ts(rng), _money(rng, 5, 300)
        cells = dict(zip(header, (c, date_text(ts, "iso"), f"{v:.2f}", "0.00", "门店部" if rng.random() < 0.9 else "电商部",
                                  rng.choice(("微信", "支付宝")), str(rng.randrange(1, 4))), strict=True))
        lines.append(Line(cells, customer=c, ts=ts, paid=v))
    path = write_csv(tmp / "no_headers.csv", header, lines)
    return Generated(path, lines, header, mapping={"customer_id": "列1", "order_ts": "列2", "amount": "列3"})


def ambiguous_customer(tmp: Path, *, seed: int = 42) -> Generated:
    """Two columns that could equally be the customer (字段A, 字段B: both repeating 6-character codes
    of the same kind and count) and headers that say nothing: the guess is weak and must be asked."""
    rng = random.Random(seed)
    header = ["字段A", "字段B", "下单时间", "实付金额"]
    a_codes = [f"A{rng.randrange(10**5):05d}" for _ in range(10)]
    b_codes = [f"B{rng.randrange(10**5):05d}" for _ in range(10)]
    lines = []
    for _ in range(60):
        a, b, ts, v = rng.choice(a_codes), rng.choice(b_codes), _ts(rng), _money(rng, 5, 300)
        lines.append(Line({"字段A": a, "字段B": b, "下单时间": date_text(ts, "iso"), "实付金额": f"{v:.2f}"},
                          customer=a, ts=ts, paid=v))
    path = write_csv(tmp / "two_ids.csv", header, lines)
    return Generated(path, lines, header, mapping={"customer_id": "字段A", "order_ts": "下单时间", "amount": "实付金额"})


def ambiguous_decimal(tmp: Path, *, seed: int = 43, n: int = 30) -> Generated:
    """Every amount looks like ``1,234`` (one comma, three digits after): thousands or decimal? The
    truth here is point-decimal (1234); ``scale_amounts(lines, Decimal("0.001"))`` gives the
    comma-decimal reading."""
    rng = random.Random(seed)
    lines = []
    for _ in range(n):
        c, ts = rng.choice(CUSTOMERS), _ts(rng)
        v = Decimal(rng.randrange(1, 99)) * 1000 + Decimal(rng.randrange(0, 1000))
        lines.append(_line(c, date_text(ts, "iso"), f"{int(v) // 1000},{int(v) % 1000:03d}", customer=c, ts=ts,
                           paid=v, header=EN_BASIC))
    path = write_csv(tmp / "ambiguous_decimal.csv", list(EN_BASIC), lines, delimiter=";")
    return Generated(path, lines, list(EN_BASIC), mapping=dict(EN_MAPPING), decimal={"amount": "."})


def scale_amounts(lines: list[Line], factor: Decimal) -> list[Line]:
    """Copies of ``lines`` with ``paid`` multiplied by ``factor`` (another reading of the same text)."""
    out = []
    for ln in lines:
        c = copy.copy(ln)
        if ln.paid is not None:
            c.paid = ln.paid * factor
        out.append(c)
    return out


def rowid_column(tmp: Path, name: str = "rowid", *, seed: int = 44) -> Generated:
    """A file with a column literally named ``rowid`` (any case) — the name DuckDB uses for its
    pseudo-column; an export of a SQLite table carries one."""
    rng = random.Random(seed)
    header = [name, "customer_id", "order_date", "amount"]
    lines = []
    for k in range(15):
        c, ts, v = rng.choice(CUSTOMERS), _ts(rng), _money(rng, 5, 300)
        lines.append(Line({name: str(k + 1), "customer_id": c, "order_date": date_text(ts, "iso"),
                           "amount": f"{v:.2f}"}, customer=c, ts=ts, paid=v))
    path = write_csv(tmp / f"{name}.csv", header, lines, newline="\n")
    return Generated(path, lines, header, mapping=dict(EN_MAPPING))


def all_returns(tmp: Path, *, seed: int = 45) -> Generated:
    """A returns export: every line is negative (退货单 only)."""
    rng = random.Random(seed)
    lines = []
    for _ in range(12):
        c, ts, v = rng.choice(CUSTOMERS), _ts(rng), -_money(rng, 5, 300)
        lines.append(_line(c, date_text(ts, "iso"), f"{v:.2f}", customer=c, ts=ts, paid=v))
    path = write_csv(tmp / "returns_only.csv", list(BASIC), lines)
    return Generated(path, lines, list(BASIC), mapping=dict(BASIC_MAPPING))


def space_cells(tmp: Path, *, seed: int = 46, n: int = 300, width: int = 150) -> Generated:
    """Cells of ``width`` spaces (and spaces around stray characters) in every role column: each must
    be parsed in bounded time (no regex backtracking) and get the right reason."""
    rng = random.Random(seed)
    sp = " " * width
    lines = []
    for k in range(n):
        c, ts, v = rng.choice(CUSTOMERS), _ts(rng), _money(rng, 5, 300)
        kind = k % 5
        if kind == 0:
            lines.append(_line(c, date_text(ts, "iso"), sp, customer=c, ts=ts, reject="missing_amount"))
        elif kind == 1:
            lines.append(_line(c, date_text(ts, "iso"), "1" + sp + "2" + sp + "x", customer=c, ts=ts,
                               reject="unreadable_amount"))
        elif kind == 2:
            lines.append(_line(c, sp, f"{v:.2f}", customer=c, reject="missing_date"))
        elif kind == 3:
            lines.append(_line(sp, date_text(ts, "iso"), f"{v:.2f}", ts=ts, reject="missing_customer"))
        else:
            lines.append(_line(c, date_text(ts, "iso"), sp + f"{v:.2f}" + sp, customer=c, ts=ts, paid=v))
    path = write_csv(tmp / "spaces.csv", list(BASIC), lines, newline="\n")
    return Generated(path, lines, list(BASIC), mapping=dict(BASIC_MAPPING))


def gbk_crlf_basic(tmp: Path, *, seed: int = 47) -> Generated:
    """The simplest Chinese Excel CSV: GBK (cp936), CRLF, Chinese customer names and header."""
    rng = random.Random(seed)
    names = ["张三", "李四", "王五", "赵六", "钱七"]
    lines = _good_lines(rng, 25, customers=names)
    path = write_csv(tmp / "gbk.csv", list(BASIC), lines, encoding="gbk", newline="\r\n")
    return Generated(path, lines, list(BASIC), mapping=dict(BASIC_MAPPING))


def utf8_bom_basic(tmp: Path, *, seed: int = 48) -> Generated:
    """UTF-8 with BOM (Excel "CSV UTF-8"): the first header must match without the BOM."""
    rng = random.Random(seed)
    lines = _good_lines(rng, 25, customers=list(CUSTOMERS))
    path = write_csv(tmp / "bom.csv", list(BASIC), lines, encoding="utf-8", bom=True)
    return Generated(path, lines, list(BASIC), mapping=dict(BASIC_MAPPING))


LAYOUTS = {
    "taobao": taobao,
    "taobao_classic": lambda tmp: taobao(tmp, refund_column=False, seed=111, name="ExportOrderList_classic.csv"),
    "jd": jd,
    "youzan": youzan,
    "kingdee": kingdee,
    "yonyou": yonyou,
    "pos_member": pos_member,
    "shopify": shopify,
    "woocommerce": woocommerce,
    "uci_online_retail": uci_online_retail,
    "uci_online_retail_ii": lambda tmp: uci_online_retail(tmp, version=2, seed=191),
}
