"""The expected outcome of ingesting a generated file, computed from its logical lines only.

Plain Python over :class:`generator.Line` objects — no parsing of the file, no product code.
The rules (the API contract the product is changed to):

* every data line is read once: ``rows_read = rows_kept + rows_rejected + rows_excluded +
  duplicates_removed``;
* an exact copy of an earlier line is removed (``duplicates_removed``) when duplicates are
  dropped — by default only when an order id column is mapped; otherwise it is kept as a
  separate purchase and counted in ``identical_lines`` (the extra copies);
* a line with a reject reason is rejected (one reason per line, the generator's);
* a line of a cancelled order is excluded as ``order_cancelled``, of an unpaid one as
  ``order_unpaid``, of a fully refunded one as ``order_refunded``; an order's 2nd+ item line whose
  money stands on the order's first line (Shopify) as ``item_line``;
* every other line is kept with amount = paid − refund; returns are kept lines below zero;
  money per customer is the sum of the kept amounts; first/last date are the local calendar
  days of the customer's kept lines.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from .generator import CANCELLED, OK, REFUNDED, UNPAID, Generated, Line

EXCLUDE_REASON = {CANCELLED: "order_cancelled", UNPAID: "order_unpaid", REFUNDED: "order_refunded"}


@dataclass
class Expected:
    """What a correct ingest of a file reports (see the module docstring)."""

    rows_read: int
    rows_kept: int
    rows_rejected: int
    rows_excluded: int
    duplicates_removed: int
    identical_lines: int
    returns: int
    customers: int
    first_date: dt.date | None
    last_date: dt.date | None
    gross_revenue: Decimal
    returns_amount: Decimal
    net_revenue: Decimal
    rejected: dict[str, int] = field(default_factory=dict)
    excluded: dict[str, int] = field(default_factory=dict)
    reject_rows: dict[int, str] = field(default_factory=dict)  # source_row -> reason
    exclude_rows: dict[int, str] = field(default_factory=dict)
    money: dict[str, Decimal] = field(default_factory=dict)  # customer -> net amount
    first: dict[str, dt.date] = field(default_factory=dict)
    last: dict[str, dt.date] = field(default_factory=dict)
    kept_rows: list[int] = field(default_factory=list)

    COUNT_FIELDS = ("rows_read", "rows_kept", "rows_rejected", "rows_excluded", "duplicates_removed", "returns",
                    "customers", "first_date", "last_date")
    MONEY_FIELDS = ("gross_revenue", "returns_amount", "net_revenue")


def expect_lines(lines: list[Line], *, drop_duplicates: bool) -> Expected:
    """The expected outcome for ``lines`` under the given duplicate rule."""
    removed = identical = 0
    rejected: Counter = Counter()
    excluded: Counter = Counter()
    reject_rows: dict[int, str] = {}
    exclude_rows: dict[int, str] = {}
    money: dict[str, Decimal] = {}
    first: dict[str, dt.date] = {}
    last: dict[str, dt.date] = {}
    kept_rows: list[int] = []
    returns = 0
    gross = returns_amount = Decimal(0)
    for ln in lines:
        if ln.copy_of is not None:
            if drop_duplicates:
                removed += 1
                continue
            identical += 1
        if ln.reject is not None:
            rejected[ln.reject] += 1
            reject_rows[ln.source_row] = ln.reject
            continue
        if ln.status != OK or ln.item_line:
            reason = EXCLUDE_REASON[ln.status] if ln.status != OK else "item_line"
            excluded[reason] += 1
            exclude_rows[ln.source_row] = reason
            continue
        assert ln.customer is not None and ln.ts is not None and ln.paid is not None, ln
        amount = ln.net
        kept_rows.append(ln.source_row)
        money[ln.customer] = money.get(ln.customer, Decimal(0)) + amount
        day = ln.ts.date()
        first[ln.customer] = min(first.get(ln.customer, day), day)
        last[ln.customer] = max(last.get(ln.customer, day), day)
        if amount < 0:
            returns += 1
            returns_amount -= amount
        else:
            gross += amount
    return Expected(
        rows_read=len(lines), rows_kept=len(kept_rows), rows_rejected=sum(rejected.values()),
        rows_excluded=sum(excluded.values()), duplicates_removed=removed, identical_lines=identical,
        returns=returns, customers=len(money), first_date=min(first.values(), default=None),
        last_date=max(last.values(), default=None), gross_revenue=gross, returns_amount=returns_amount,
        net_revenue=gross - returns_amount, rejected=dict(rejected), excluded=dict(excluded),
        reject_rows=reject_rows, exclude_rows=exclude_rows, money=money, first=first, last=last,
        kept_rows=kept_rows)


def expect(gen: Generated, *, drop_duplicates: bool | None = None, lines: list[Line] | None = None) -> Expected:
    """The expected outcome for a generated file; ``drop_duplicates=None`` = the default rule
    (remove exact duplicates only when an order id column is mapped). ``lines`` replaces the
    file's logical lines (another reading of the same text, e.g. month-first dates)."""
    dedupe = gen.order_id_mapped if drop_duplicates is None else drop_duplicates
    return expect_lines(gen.lines if lines is None else lines, drop_duplicates=dedupe)
