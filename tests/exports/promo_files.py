"""Seeded order exports with a discount and a referrer column, each with its logical truth — the files of the
promotion-dependence, referral and share-of-wallet tests (tests/exports pattern: nothing here imports crm_core).

* :func:`pos_member_promo` — a membership POS 会员消费明细 whose 优惠金额 is written the way a receipt prints it,
  as a negative number (-5.00; 0.00 when none), with a 推荐人 column holding the referrer's 会员卡号 — some
  written as floats ("20345.0", a spreadsheet round trip), most blank — and a 年消费预算 column (a CRM's
  estimated yearly category spend, "￥3,000"). One line per receipt (流水号 = the order).
* :func:`shopify_promo` — a Shopify orders export whose Discount Amount is positive and, like Total, stands on
  an order's first item row only; cancelled and pending orders are excluded from every count.

:func:`expected_promotion` and :func:`expected_referrals` compute the per-customer truth from the logical lines
(plain Python, Decimal); :func:`read_promotion_csv` recomputes it from the written file with the csv module.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .generator import (
    CANCELLED,
    OK,
    SHOPIFY_HEADER,
    UNPAID,
    Generated,
    Line,
    _money,
    _pick_status,
    _ts,
    date_text,
    money_text,
    q,
    write_csv,
)

POS_PROMO_HEADER = ("流水号", "会员卡号", "会员姓名", "手机号", "消费时间", "消费门店", "消费金额", "优惠金额", "推荐人",
                    "年消费预算", "支付方式")
AS_OF = dt.date(2025, 7, 1)  # the day after the generated histories end (2025-06-30)


@dataclass
class PromoLine(Line):
    """A :class:`generator.Line` with the money given off (>= 0, its size however the file writes it) and the
    referrer's customer id as meant (``None``: blank)."""

    discount: Decimal = Decimal(0)
    referrer: str | None = None


def pos_member_promo(tmp: Path, *, seed: int = 41, n: int = 120) -> Generated:
    """Membership POS export (see the module docstring). Cards 20000-45999 (5 digits); customers 0-3 are
    promotion hunters (85 % of their receipts discounted), the rest get a discount on 15 % of them."""
    rng = random.Random(seed)
    cards = [str(rng.randrange(20000, 46000)) for _ in range(12)]
    hunters = set(cards[:4])
    referrer = {c: (cards[0] if i in (4, 5, 6) else cards[1] if i == 7 else "19999" if i == 8 else None)
                for i, c in enumerate(cards)}  # 19999 is no customer of this file
    budget = {c: Decimal(rng.choice((1500, 3000, 6000, 12000))) for c in cards}
    lines = []
    for k in range(n):
        card = cards[k % len(cards)] if k < len(cards) else rng.choice(cards)
        ts = _ts(rng, dt.date(2024, 1, 1), dt.date(2025, 6, 30))
        gross = _money(rng, 20, 400)
        off = q(gross * Decimal(rng.choice(("0.05", "0.1", "0.2")))) if rng.random() < (
            0.85 if card in hunters else 0.15) else Decimal(0)
        ref = referrer[card]
        ref_text = "" if ref is None else (f"{ref}.0" if rng.random() < 0.5 else ref)
        cells = {"流水号": f"P{ts:%Y%m%d}{k:05d}", "会员卡号": card, "会员姓名": rng.choice(("张女士", "李先生", "小王")),
                 "手机号": f"139{rng.randrange(10**7, 10**8)}", "消费时间": date_text(ts, "iso"),
                 "消费门店": "中山路店", "消费金额": money_text(gross - off, "plain"),
                 "优惠金额": f"{-off:.2f}" if off else "0.00", "推荐人": ref_text,
                 "年消费预算": f"￥{budget[card]:,.0f}" if rng.random() < 0.7 else "",
                 "支付方式": rng.choice(("微信", "支付宝"))}
        lines.append(PromoLine(cells, customer=card, ts=ts, paid=gross - off, order_id=cells["流水号"], discount=off,
                               referrer=ref))
    path = write_csv(tmp / "会员消费明细_优惠.csv", list(POS_PROMO_HEADER), lines, encoding="utf-8")
    return Generated(path, lines, list(POS_PROMO_HEADER), layout="pos_member",
                     mapping={"customer_id": "会员卡号", "order_ts": "消费时间", "amount": "消费金额",
                              "order_id": "流水号", "discount": "优惠金额", "referrer": "推荐人"},
                     order_id_mapped=True, source="guess (layouts.md §5), receipt-style negative discounts")


def shopify_promo(tmp: Path, *, seed: int = 42, n_orders: int = 40) -> Generated:
    """Shopify orders export with discount codes: Discount Code / Discount Amount (positive) on the first
    item row of an order, blank on its other rows; Total is after the discount."""
    rng = random.Random(seed)
    emails = [f"{n}@example.com" for n in ("amy", "bob", "carol", "dave", "erin", "frank")]
    statuses = (("paid", OK, 70), ("pending", UNPAID, 15), ("voided", CANCELLED, 15))
    lines = []
    for k in range(n_orders):
        email = emails[k % len(emails)]
        ts = _ts(rng, dt.date(2024, 1, 1), dt.date(2025, 6, 30))
        text, state = _pick_status(rng, statuses)
        items = rng.randrange(1, 4)
        subtotal = sum((_money(rng, 10, 60) for _ in range(items)), Decimal(0))
        off = q(subtotal * Decimal("0.1")) if rng.random() < (0.8 if email in emails[:2] else 0.2) else Decimal(0)
        total = subtotal - off
        name = f"#{1001 + k}"
        for i in range(items):
            cells = {h: "" for h in SHOPIFY_HEADER}
            cells.update({"Name": name, "Email": email, "Created at": date_text(ts, "zoned"),
                          "Lineitem quantity": "1", "Lineitem name": f"Item {i}", "Lineitem price": "10.00"})
            if i == 0:
                cells.update({"Financial Status": text, "Currency": "USD", "Subtotal": f"{subtotal:.2f}",
                              "Total": f"{total:.2f}", "Discount Code": "SAVE10" if off else "",
                              "Discount Amount": f"{off:.2f}", "Refunded Amount": "0.00", "Source": "web"})
            first = i == 0 and state == OK
            lines.append(PromoLine(cells, customer=email, ts=ts, paid=total if first else None, status=state,
                                   order_id=name, item_line=i > 0, discount=off if first else Decimal(0)))
    path = write_csv(tmp / "orders_export_promo.csv", list(SHOPIFY_HEADER), lines, encoding="utf-8", newline="\n")
    return Generated(path, lines, list(SHOPIFY_HEADER), layout="shopify",
                     mapping={"customer_id": "Email", "amount": "Total", "order_ts": "Created at", "order_id": "Name",
                              "discount": "Discount Amount"},
                     order_id_mapped=True, source="Shopify orders export (Discount Code / Discount Amount)")


def expected_promotion(gen: Generated, as_of: dt.date = AS_OF) -> dict[str, dict]:
    """Per customer from the logical lines: orders, discounted_orders, revenue, discount_total (kept OK lines
    before ``as_of`` carrying money; one order per order id)."""
    orders: dict[str, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(lambda: [Decimal(0), Decimal(0)]))
    for ln in gen.lines:
        if ln.status != OK or ln.paid is None or ln.ts.date() >= as_of:
            continue
        o = orders[ln.customer][ln.order_id]
        o[0] += ln.paid
        o[1] += ln.discount
    return {c: {"orders": len(os), "discounted_orders": sum(1 for v, d in os.values() if d > 0),
                "revenue": sum(v for v, _ in os.values()), "discount_total": sum(d for _, d in os.values())}
            for c, os in orders.items()}


def expected_referrals(gen: Generated, as_of: dt.date = AS_OF) -> dict[str, int]:
    """Referrer id -> distinct referred customers with a line before ``as_of`` (every line of a customer names
    the same referrer here)."""
    out: dict[str, set[str]] = defaultdict(set)
    for ln in gen.lines:
        if ln.referrer and ln.ts.date() < as_of and ln.paid is not None:
            out[ln.referrer].add(ln.customer)
    return {r: len(cs) for r, cs in out.items()}


def read_promotion_csv(path: Path, *, customer: str, order: str, amount: str, discount: str, date: str,
                       as_of: dt.date = AS_OF) -> dict[str, dict]:
    """The same figures read back from the written file with the csv module (every line kept; the discount's
    sign dropped: the file writes money off as a negative number)."""
    orders: dict[str, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(lambda: [Decimal(0), Decimal(0)]))
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if dt.date.fromisoformat(row[date][:10]) >= as_of:
                continue
            o = orders[row[customer]][row[order]]
            o[0] += Decimal(row[amount])
            o[1] += abs(Decimal(row[discount] or "0"))
    return {c: {"orders": len(os), "discounted_orders": sum(1 for v, d in os.values() if d > 0),
                "revenue": sum(v for v, _ in os.values()), "discount_total": sum(d for _, d in os.values())}
            for c, os in orders.items()}
