"""Generate a large, realistic order-line CSV for the ingest benchmark (numpy, vectorised).

    python bench/make_orders.py                      # 10,000,000 lines -> bench/out/orders_10000000.csv
    python bench/make_orders.py --lines 1000000      # 1M lines, 100k customers
    python bench/make_orders.py --lines 2e6 --customers 300000 --out /tmp/x.csv --seed 7
    python bench/make_orders.py --lines 1e6 --discount    # + a discount_amount column -> orders_1000000_discount.csv

Columns (UTF-8, comma-separated, header line): order_id, order_time ("YYYY-MM-DD HH:MM:SS",
2022-01-01 .. 2024-12-31, file sorted by time), customer_id ("C0000001"), channel,
product_category (Chinese names), amount (CNY, 2 decimals, ~2 % negative = returns), cost.

Shape: orders of 1-4 lines (mean 1.79 lines); every customer has at least one order, the
rest are spread with Gamma(0.9) weights (a long tail of heavy buyers). Line amounts are
log-normal (median ~ ¥67), cost = amount x (1 - category margin).

Messy lines, so that validation and reject accounting do real work (shares of all lines):
- 0.03 % blank customer_id            -> rejected missing_customer
- 0.03 % unparseable order_time       -> rejected unreadable_date ("2023-02-30 10:00:00", "待确认")
- 0.03 % unreadable amount ("待定")    -> rejected unreadable_amount
- 0.02 % amount written "¥123.45"     -> kept (exercises the parser's non-fast path)
- 0.10 % exact duplicate lines (a line repeated right after itself) -> removed as duplicates
The same --lines/--customers/--seed always give a byte-identical file.

--discount adds an eighth column, discount_amount (the money given off the line, which the ingest maps to
its discount role), for the loyalty page's promotion dependence: about 35 % of orders are discounted, each
purchase line of such an order by 5–30 % of its amount (2 decimals); the other lines, and returns, are
blank. Its draws come from a separate random stream, so the other seven columns are byte-identical to the
file without --discount (same --lines/--customers/--seed); the default output does not change.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from numpy.dtypes import StringDType

HERE = Path(__file__).resolve().parent
OUT_DIR = HERE / "out"
S = StringDType()

CHANNELS = np.array(["天猫", "京东", "微信小程序", "抖音", "门店"], dtype=S)
CHANNEL_P = [0.34, 0.26, 0.18, 0.14, 0.08]
CATEGORIES = np.array(["服装", "美妆", "食品", "数码", "家居", "母婴", "运动", "图书"], dtype=S)
CATEGORY_P = [0.22, 0.16, 0.18, 0.10, 0.12, 0.09, 0.08, 0.05]
CATEGORY_MARGIN = np.array([0.50, 0.60, 0.25, 0.12, 0.35, 0.30, 0.45, 0.20])
LINES_PER_ORDER_P = [0.50, 0.28, 0.15, 0.07]
START = np.datetime64("2022-01-01")
DAYS = 1096  # 2022-01-01 .. 2024-12-31
HEADER = "order_id,order_time,customer_id,channel,product_category,amount,cost\n"
DISCOUNTED_ORDER_SHARE = 0.35  # --discount: share of orders with a discount
DISCOUNT_RANGE = (0.05, 0.30)  # --discount: money off a discounted purchase line, share of its amount
CHUNK = 1_000_000


def _money(cents: np.ndarray) -> np.ndarray:
    """Integer cents -> "-12.34" strings (vectorised)."""
    neg = cents < 0
    a = np.abs(cents)
    s = np.strings.add(np.strings.add((a // 100).astype(S), "."), np.strings.zfill((a % 100).astype(S), 2))
    return np.where(neg, np.strings.add("-", s), s)


def generate(path: Path, lines: int, customers: int, seed: int, discount: bool = False) -> dict:
    rng = np.random.default_rng(seed)
    n = lines
    # orders and their lines
    sizes = rng.choice(4, size=n, p=LINES_PER_ORDER_P) + 1
    n_orders = int(np.searchsorted(np.cumsum(sizes), n) + 1)
    sizes = sizes[:n_orders]
    order_of_line = np.repeat(np.arange(n_orders), sizes)[:n]
    # order times: sorted, so the file is in time order like an export
    order_sec = np.sort(rng.integers(0, DAYS * 86400, n_orders))
    # customers: each one at least one order, the rest by Gamma(0.9) weights
    w = rng.gamma(0.9, 1.0, customers)
    extra = max(n_orders - customers, 0)
    cust = np.concatenate([rng.permutation(customers)[:n_orders],
                           rng.choice(customers, size=extra, p=w / w.sum())])
    cust = cust[rng.permutation(n_orders)]
    channel = rng.choice(len(CHANNELS), size=n_orders, p=CHANNEL_P)
    # lines
    cat = rng.choice(len(CATEGORIES), size=n, p=CATEGORY_P)
    cents = np.maximum(np.round(np.exp(rng.normal(4.2, 0.9, n)) * 100), 100).astype(np.int64)
    is_return = rng.random(n) < 0.02
    cents = np.where(is_return, -cents, cents)
    cost = np.round(cents * (1 - CATEGORY_MARGIN[cat])).astype(np.int64)

    # messy lines (chosen before duplication, so a duplicated messy line is still an exact copy)
    u = rng.random(n)
    blank_customer = u < 0.0003
    bad_date = (u >= 0.0003) & (u < 0.0006)
    bad_amount = (u >= 0.0006) & (u < 0.0009)
    yen_amount = (u >= 0.0009) & (u < 0.0011)
    bad_date_text = np.array(["2023-02-30 10:00:00", "待确认"], dtype=S)[rng.integers(0, 2, n)]
    # exact duplicates: line i repeated as line i+1 (no chains)
    dup = rng.random(n) < 0.001
    dup[0] = False
    dup[1:] &= ~dup[:-1]
    src = np.arange(n)
    src[dup] -= 1
    n_dup = int(dup.sum())
    if discount:  # its own stream: every draw above, and so the other columns, stay as without --discount
        drng = np.random.default_rng([seed, 1])
        discounted_order = drng.random(n_orders) < DISCOUNTED_ORDER_SHARE
        off = np.round(np.abs(cents) * drng.uniform(*DISCOUNT_RANGE, n)).astype(np.int64)
        has_discount = discounted_order[order_of_line] & (cents > 0) & (off > 0)

    day_tbl = np.datetime_as_string(START + np.arange(DAYS), unit="D").astype(S)
    tod = np.arange(86400)
    tod_tbl = np.strings.add(np.strings.add(np.strings.add(np.strings.add(
        np.strings.zfill((tod // 3600).astype(S), 2), ":"), np.strings.zfill((tod // 60 % 60).astype(S), 2)), ":"),
        np.strings.zfill((tod % 60).astype(S), 2))

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(HEADER.replace("\n", ",discount_amount\n") if discount else HEADER)
        for lo in range(0, n, CHUNK):
            i = src[lo:lo + CHUNK]
            o = order_of_line[i]
            sec = order_sec[o]
            c_id = np.strings.add("C", np.strings.zfill((cust[o] + 1).astype(S), 7))
            c_id = np.where(blank_customer[i], "", c_id)
            ts = np.strings.add(np.strings.add(day_tbl[sec // 86400], " "), tod_tbl[sec % 86400])
            ts = np.where(bad_date[i], bad_date_text[i], ts)
            amt = _money(cents[i])
            amt = np.where(bad_amount[i], "待定", np.where(yen_amount[i], np.strings.add("¥", amt), amt))
            parts = [np.strings.add("SO", (o + 10_000_001).astype(S)), ts, c_id, CHANNELS[channel[o]],
                     CATEGORIES[cat[i]], amt, _money(cost[i])]
            if discount:
                parts.append(np.where(has_discount[i], _money(off[i]), ""))
            line = parts[0]
            for p in parts[1:]:
                line = np.strings.add(np.strings.add(line, ","), p)
            fh.write("\n".join(line.tolist()))
            fh.write("\n")
    return {"lines": n, "orders": n_orders, "customers": customers, "duplicates": n_dup,
            "blank_customer": int(blank_customer.sum()), "bad_date": int(bad_date.sum()),
            "bad_amount": int(bad_amount.sum()), "yen_amount": int(yen_amount.sum()),
            **({"discounted_lines": int(has_discount.sum())} if discount else {})}


def default_path(lines: int, discount: bool = False) -> Path:
    return OUT_DIR / (f"orders_{lines}_discount.csv" if discount else f"orders_{lines}.csv")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lines", type=float, default=10_000_000, help="data lines (default 10,000,000)")
    p.add_argument("--customers", type=int, help="customers (default lines / 10)")
    p.add_argument("--out", type=Path, help="output CSV (default bench/out/orders_<lines>.csv)")
    p.add_argument("--seed", type=int, default=20240601)
    p.add_argument("--discount", action="store_true",
                   help="add a discount_amount column (default output: bench/out/orders_<lines>_discount.csv)")
    a = p.parse_args(argv)
    lines = int(a.lines)
    customers = a.customers or max(lines // 10, 1)
    out = a.out or default_path(lines, a.discount)
    t0 = time.perf_counter()
    facts = generate(out, lines, customers, a.seed, a.discount)
    dt_ = time.perf_counter() - t0
    print(f"wrote {out} ({out.stat().st_size / 2**20:,.1f} MiB) in {dt_:.1f} s: "
          + ", ".join(f"{k} {v:,}" for k, v in facts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
