"""Customer loyalty (客户忠诚, issue #12): behaviour read from the orders alone — orders do not show attitude
(Dick & Basu 1994, relative attitude × repeat patronage), so every measure here is one of repeat patronage.

Modules, one concept each:

- :mod:`.measures` — retention rate per period, repeat purchase rate, second-purchase rate, time to the second
  order, first- vs repeat-order value, repeat orders' share of revenue (and :func:`loyalty_summary`).
- :mod:`.behaviour` — per customer: relationship length, orders per year, days since the last order, purchase
  regularity (CV of the gaps between orders).
- :mod:`.score` — the behavioural loyalty score: weighted mean of percentile ranks of named components.
- :mod:`.quadrants` — the value × loyalty matrix (Reinartz & Kumar 2002; the course's relationship types).
- :mod:`.ladder` — Kotler's customer ladder (first-time, repeat, client; advocate with referral data).
- :mod:`.profile` — the four together per customer, and their summary (the CLI's report and summary.json).
- :mod:`.promotion` — promotion dependence (激励忠诚 / 利益忠诚) from a mapped discount column.
- :mod:`.wallet` — share of wallet (占有率) against an estimate of the customer's total category spend.
- :mod:`.referrals` — customers each customer referred, from a mapped referrer column (Kotler's advocates).
- :mod:`.equity` — customer equity (客户资产) = Σ predicted CLV, split by any grouping (``customer_equity``,
  ``equity_summary`` for the CLI).
- :mod:`.retention_value` — what keeping customers is worth: the retention-based CLV m·r/(1+d−r) per group from
  the measured retention, its elasticity, the what-if "retention + X points" beside margin and acquisition cost.
- :mod:`.types` — the course's seven loyalty types as data and which of them a file's columns can show.

The names of :mod:`.measures` are re-exported here, so ``crm_core.loyalty.retention_by_period`` works; the
other modules are used by name (``crm_core.loyalty.promotion.customer_promotion``).
"""

from . import promotion, referrals, wallet
from .measures import (
    DEFAULT_PERIOD,
    DEFAULT_WINDOW_DAYS,
    PERIODS,
    SecondPurchase,
    loyalty_summary,
    order_sequence,
    order_value_split,
    period_label,
    period_start,
    repeat_purchase_rate,
    repeat_revenue_by_period,
    retention_by_period,
    second_purchase_rate,
    time_to_second_order,
)

__all__ = [
    "DEFAULT_PERIOD", "DEFAULT_WINDOW_DAYS", "PERIODS", "SecondPurchase", "loyalty_summary", "order_sequence",
    "order_value_split", "period_label", "period_start", "repeat_purchase_rate", "repeat_revenue_by_period",
    "retention_by_period", "second_purchase_rate", "time_to_second_order", "promotion", "referrals", "wallet",
]
