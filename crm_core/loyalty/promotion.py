"""Promotion dependence (激励忠诚 / 利益忠诚, the course's incentive and benefit loyalty): how much of each customer's
buying happens with a discount, read from a mapped ``discount`` column (优惠金额, coupon, Discount Amount …).

The course's loyalty types include incentive loyalty (激励忠诚: buying because of promotions) and benefit / price
loyalty (利益忠诚): behaviour that lasts only as long as the discounts do. With a discount per line the orders
show it: a customer whose orders are mostly discounted is *promotion-driven*. Without a discount column
:func:`customer_promotion` returns ``None`` and the page names the column that would show it.

Definitions (``sql/customer_promotion.sql``; orders as in ``sql/cte_customer_orders.sql``): an order is
*discounted* when its lines' discounts sum to more than 0 (the ingest stores a discount as the money given off,
>= 0, 0 when blank); revenue is the net value of the orders; the discount share is the share of the orders'
list value (revenue + discount) that was given away.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..errors import InvalidInputError
from ..store import Store
from .measures import _check_as_of

# A customer is promotion-driven when MORE than this share of their orders carry a discount ("mostly
# discounted", issue #12). The product's own yardstick, adjustable on the page; not a figure of the course.
PROMO_DRIVEN_SHARE = 0.5


def has_discount(store: Store) -> bool:
    """Whether the dataset has a mapped discount column (the ingest keeps ``discount`` only when mapped)."""
    return "discount" in store.columns("transactions")


def _check_share(driven_share) -> float:
    if isinstance(driven_share, bool) or not isinstance(driven_share, int | float) or not 0 <= driven_share < 1:
        raise InvalidInputError("parameters", "driven_share",
                                reason=f"must be a number with 0 <= driven_share < 1; got {driven_share!r}",
                                reason_zh=f"促销依赖阈值必须是 0 到 1 之间（不含 1）的数；收到 {driven_share!r}")
    return float(driven_share)


def customer_promotion(store: Store, as_of: dt.date, driven_share: float = PROMO_DRIVEN_SHARE
                       ) -> pd.DataFrame | None:
    """Per customer, the share of orders bought with a discount and the share of list value given away.

    Parameters
    ----------
    store : the dataset's database (table ``transactions`` with a ``discount`` column).
    as_of : date; lines dated before it count.
    driven_share : a customer is promotion-driven when promo_share > driven_share [share, 0 <= x < 1;
        default :data:`PROMO_DRIVEN_SHARE` = 0.5].

    Returns
    -------
    DataFrame or None
        ``None`` when the dataset has no discount column. Else one row per customer with an order before
        ``as_of``, sorted by customer_id: ``customer_id``, ``orders``, ``discounted_orders`` [count],
        ``promo_share`` [share], ``revenue``, ``discount_total`` [currency], ``discount_share`` [share; NaN when
        the list value is <= 0], ``promotion_driven`` [bool].

    Notes
    -----
    promo_share = discounted_orders / orders, where an order is discounted when Σ discount of its lines > 0.
    discount_share = discount_total / (revenue + discount_total): the share of the list value (what the orders
    would have cost without the discounts) that was given away — "the share of revenue discounted" measured
    against what was discounted from, so a 10.00 discount on a 90.00 order is 10 %, and 100 % would mean the
    goods were given away. promotion_driven = promo_share > driven_share.

    References
    ----------
    The course's seven loyalty types (客户关系管理: 激励忠诚 incentive loyalty, promotion-driven; 利益忠诚
    benefit / price loyalty); reference/TEXTBOOK.md, "Loyalty".
    """
    _check_as_of(as_of)
    share = _check_share(driven_share)
    if not has_discount(store):
        return None
    return promotion_columns(store.run("customer_promotion", as_of=as_of), share)


def promotion_columns(raw: pd.DataFrame, driven_share: float = PROMO_DRIVEN_SHARE) -> pd.DataFrame:
    """:func:`customer_promotion` from the rows of ``sql/customer_promotion.sql`` (all or any part of them: each
    row is one customer's; the Spark engine calls it on each batch)."""
    share = _check_share(driven_share)
    out = raw.copy()
    out["orders"] = out["orders"].astype("int64")
    out["discounted_orders"] = out["discounted_orders"].astype("int64")
    out.insert(3, "promo_share", out["discounted_orders"] / out["orders"])
    list_value = out["revenue"] + out["discount_total"]
    out["discount_share"] = np.where(list_value > 0, out["discount_total"] / list_value.where(list_value > 0), np.nan)
    out["promotion_driven"] = out["promo_share"] > share
    return out


def promotion_summary(promo: pd.DataFrame) -> dict[str, float]:
    """The base's promotion dependence from :func:`customer_promotion`'s table.

    Returns
    -------
    dict
        ``customers``, ``promotion_driven`` [count], ``promotion_driven_share`` [share of customers],
        ``orders``, ``discounted_orders`` [count], ``discounted_order_share`` [share of all orders =
        Σ discounted_orders / Σ orders], ``revenue``, ``discount_total`` [currency], ``discount_share``
        [Σ discount / (Σ revenue + Σ discount)]. Shares are NaN when their denominator is 0.
    """
    return promotion_summary_from_sums(len(promo), int(promo["promotion_driven"].sum()), int(promo["orders"].sum()),
                                       int(promo["discounted_orders"].sum()), float(promo["revenue"].sum()),
                                       float(promo["discount_total"].sum()))


def promotion_summary_from_sums(n: int, driven: int, orders: int, discounted: int, revenue: float,
                                discount: float) -> dict[str, float]:
    """:func:`promotion_summary` from the sums of :func:`customer_promotion`'s columns over the customers (``n``
    rows; ``driven`` of them promotion-driven) — what the Spark engine aggregates on the cluster."""
    nan = float("nan")
    return {"customers": n, "promotion_driven": driven, "promotion_driven_share": driven / n if n else nan,
            "orders": orders, "discounted_orders": discounted,
            "discounted_order_share": discounted / orders if orders else nan,
            "revenue": revenue, "discount_total": discount,
            "discount_share": discount / (revenue + discount) if revenue + discount > 0 else nan}
