"""Deterministic generator of the bundled synthetic sample ``data/sample_orders.csv``.

The file imitates an order-line export of a Chinese online shop (2022-01-01 … 2024-12-31,
amounts in CNY). Every number is drawn from ``numpy.random.default_rng(seed)`` in a fixed
order, so the same seed gives a byte-identical file on any platform (default seed 20240101).
Only numpy and pandas are used.

Generative process (time in days from 2022-01-01 00:00:00; ``T`` = 1,096 days)
-------------------------------------------------------------------------------
1. Seasonal intensity ``s(d)`` per calendar day ``d``, normalised to mean 1 over the period:
   base 1, x1.06 on weekends, plus
   - Double 11: pre-sale uplift +0.5 from Oct 20 to Nov 10, spike +14 (Gaussian, sd 0.8 d)
     on Nov 11, and a small Double 12 spike +2.5 (sd 0.8 d) on Dec 12;
   - 618: uplift +0.4 from Jun 1 to Jun 17, spike +5 (sd 1.0 d) on Jun 18;
   - Spring Festival (春节 2022-02-01, 2023-01-22, 2024-02-10, 2025-01-29): pre-festival
     shopping bump +1.0 (sd 6 d) centred 14 days before the festival, then the festival
     week (2 days before to 6 days after) damped x0.45 (logistics stop).
   The cumulative intensity ``Λ(t) = ∫ s / 365.25`` is "operational time" in years.
2. Customers: ``N_CUSTOMERS = 5000``. First purchase (acquisition) day drawn with weight
   ``s(d) * 1.35 ** (d / 365.25)`` (acquisition grows 35 % a year, so there are new
   customers up to the last days). Ids ``C000001 …`` in order of acquisition.
3. Repeat purchases follow the BG/NBD story (Fader, Hardie & Lee 2005) in operational time:
   - purchase rate ``λ ~ Gamma(shape 0.9, scale 8.0)`` orders per year (mean 7.2, heavy
     buyers in the tail); while active, purchases are a Poisson process with rate
     ``λ · s(t)`` (equivalently: homogeneous in operational time, i.e. the seasonal
     intensity modulates – thins – the purchase times);
   - dropout ``p ~ Beta(1.2, 8.0)`` (mean 0.13): after each *repeat* purchase the customer
     becomes inactive for good with probability ``p`` (as in BG/NBD, not after the first);
   - drawn exactly: ``n ~ Poisson(λ (Λ(T) − Λ(t0)))`` Poisson arrivals up to the end,
     placed as sorted uniforms in operational time, ``J ~ Geometric(p)`` = number of the
     repeat purchase after which the customer drops out; the first ``min(n, J)`` are kept.
4. Spend: each customer has a mean order value ``μ ~ Gamma(shape 1.6, scale 156.25)``
   (mean ¥250, long right tail); an order's value is ``Gamma(shape 4, scale μ/4)``
   (coefficient of variation 0.5 around the customer's mean), at least ¥5.
5. Order lines: 1–4 lines per order (probabilities 0.50, 0.28, 0.15, 0.07). Each line's
   category is drawn from the customer's own category preferences
   ``Dirichlet(3 · global shares)``; the order value is split over its lines with
   ``Dirichlet(2)`` weights times a category price factor; line amounts are rounded to
   cents (min ¥1.00), so the order total is the sum of its lines.
   Cost = amount · (1 − margin), margin per category (美妆 60 %, 服装 50 %, 运动 45 %,
   家居 40 %, 母婴 35 %, 食品 25 %, 数码 20 %) times a line-level factor U(0.85, 1.15).
6. Channel per order: the customer's preferred channel (drawn from the shares
   天猫 40 %, 京东 27 %, 微信小程序 20 %, 线下门店 13 %) with probability 0.75, otherwise
   drawn from the shares. Time of day: online channels follow an hourly curve peaking at
   20–22 h (with a midnight rush on Nov 11 and Jun 18); 线下门店 only 10:00–21:59.
7. Returns: each line is returned with a category-dependent probability (服装 3.8 %, 运动
   2.7 %, 美妆 2.0 %, 家居 2.0 %, 数码 1.6 %, 母婴 1.3 %, 食品 0.7 %; about 2 % of lines
   overall). A return is a new line of the same order id, customer, channel and category,
   with ``amount`` and ``cost`` the negatives of the returned line, dated 1–30 days after
   the order (1 + 29·Beta(1.2, 3) days, most within a week) and never after
   2024-12-31 23:59:59 (lines ordered less than a day before the end are not returned).
8. Contact columns (pass-through, per customer): a Chinese name (weighted common surname +
   one or two given-name characters), one of 15 cities, and a unique fake mobile number
   ``138`` + 8 digits.

Output columns, in order: order_id ("SO" + 8 digits, increasing with time), order_time
("YYYY-MM-DD HH:MM:SS"), customer_id, customer_name, city, phone, channel,
product_category, amount (net paid, CNY, 2 decimals; negative for returns), cost (CNY,
2 decimals). Rows are sorted by order_time, then order_id, then line number.
UTF-8 without BOM, comma-separated, "\\n" line ends.

Usage: ``python data/generate_sample.py [--out PATH] [--seed N]``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20240101
N_CUSTOMERS = 5000
START = pd.Timestamp("2022-01-01 00:00:00")
END = pd.Timestamp("2024-12-31 23:59:59")
N_DAYS = (END.normalize() - START).days + 1  # 1,096
DEFAULT_OUT = Path(__file__).resolve().parent / "sample_orders.csv"

COLUMNS = [
    "order_id", "order_time", "customer_id", "customer_name", "city", "phone",
    "channel", "product_category", "amount", "cost",
]

# Behaviour parameters (see the module docstring).
LAMBDA_SHAPE, LAMBDA_SCALE = 0.9, 8.0          # orders per year
DROPOUT_A, DROPOUT_B = 1.2, 8.0                 # Beta(a, b)
SPEND_SHAPE, SPEND_MEAN = 1.6, 250.0            # customer mean order value, CNY
ORDER_SHAPE = 4.0                               # order value around the customer mean
MIN_ORDER_VALUE = 5.0
ACQ_GROWTH_PER_YEAR = 1.35
LINES_P = np.array([0.50, 0.28, 0.15, 0.07])    # 1..4 lines per order

CATEGORIES = ["服装", "美妆", "食品", "家居", "数码", "母婴", "运动"]
CAT_SHARE = np.array([0.22, 0.16, 0.18, 0.13, 0.09, 0.10, 0.12])
CAT_PRICE = np.array([1.0, 0.9, 0.5, 1.1, 2.5, 1.2, 1.0])
CAT_MARGIN = np.array([0.50, 0.60, 0.25, 0.40, 0.20, 0.35, 0.45])
CAT_RETURN = np.array([0.038, 0.020, 0.007, 0.020, 0.016, 0.013, 0.027])

CHANNELS = ["天猫", "京东", "微信小程序", "线下门店"]
CHANNEL_SHARE = np.array([0.40, 0.27, 0.20, 0.13])
OFFLINE = 3
PREFERRED_CHANNEL_P = 0.75

CITIES = ["上海", "北京", "广州", "深圳", "杭州", "成都", "重庆", "武汉", "南京", "西安",
          "苏州", "天津", "长沙", "郑州", "青岛"]
CITY_SHARE = np.array([12, 11, 9, 9, 8, 8, 7, 6, 6, 5, 5, 4, 4, 3, 3], dtype=float)

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程"
    "魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾"
    "龚邵万覃武钱戴严") + ["欧阳", "司马", "诸葛"]
GIVEN_CHARS = list(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂玲华红鹏宇浩婷欣怡佳俊博文晨雪梓子涵轩萱琳"
    "雨思一诺嘉睿晓辉建国志海春梅兰凤云飞亮斌鑫凯颖倩慧莹洁悦瑶琪然阳昊天泽宁安晴")

SPRING_FESTIVALS = ["2022-02-01", "2023-01-22", "2024-02-10", "2025-01-29"]

# Relative order counts per hour of day (0..23).
HOURS_ONLINE = np.array([3.0, 1.8, 0.9, 0.5, 0.3, 0.3, 0.5, 1.2, 2.2, 3.2, 4.0, 4.4,
                         4.6, 4.2, 4.0, 4.0, 4.0, 4.2, 4.6, 5.4, 6.4, 7.0, 6.6, 4.6])
HOURS_FESTIVAL = HOURS_ONLINE.copy()
HOURS_FESTIVAL[0] *= 8.0
HOURS_FESTIVAL[1] *= 3.0
HOURS_OFFLINE = np.zeros(24)
HOURS_OFFLINE[10:22] = [2, 3, 4, 4, 3, 3, 3, 4, 5, 5, 4, 2]


def seasonal_intensity() -> np.ndarray:
    """Relative purchase intensity per calendar day, mean 1 over 2022-01-01 … 2024-12-31."""
    days = pd.date_range(START, periods=N_DAYS, freq="D")
    t = np.arange(N_DAYS, dtype=float) + 0.5  # day midpoints
    s = np.ones(N_DAYS)
    s *= np.where(days.day_of_week >= 5, 1.06, 1.0)

    def bump(center: pd.Timestamp, height: float, sd: float) -> np.ndarray:
        c = (center - START).days + 0.5
        return height * np.exp(-0.5 * ((t - c) / sd) ** 2)

    def window(first: str, last: str) -> np.ndarray:
        return ((days >= pd.Timestamp(first)) & (days <= pd.Timestamp(last))).astype(float)

    for year in (2022, 2023, 2024):
        s += 0.5 * window(f"{year}-10-20", f"{year}-11-10")
        s += bump(pd.Timestamp(f"{year}-11-11"), 14.0, 0.8)
        s += bump(pd.Timestamp(f"{year}-12-12"), 2.5, 0.8)
        s += 0.4 * window(f"{year}-06-01", f"{year}-06-17")
        s += bump(pd.Timestamp(f"{year}-06-18"), 5.0, 1.0)
    for fest in SPRING_FESTIVALS:
        f = pd.Timestamp(fest)
        s += bump(f - pd.Timedelta(days=14), 1.0, 6.0)
    for fest in SPRING_FESTIVALS:
        f = pd.Timestamp(fest)
        quiet = window(str((f - pd.Timedelta(days=2)).date()), str((f + pd.Timedelta(days=6)).date()))
        s *= np.where(quiet > 0, 0.45, 1.0)
    return s / s.mean()


def _hours(rng: np.random.Generator, table: np.ndarray, n: int) -> np.ndarray:
    cdf = np.cumsum(table) / table.sum()
    return np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), 23)


def _names(rng: np.random.Generator, n: int) -> np.ndarray:
    ranks = np.arange(1, len(SURNAMES) + 1, dtype=float)
    w = 1.0 / ranks ** 0.9
    w[-3:] = w[-4] * 0.05  # compound surnames are rare
    sur = rng.choice(len(SURNAMES), size=n, p=w / w.sum())
    two = rng.random(n) < 0.7
    g1 = rng.integers(0, len(GIVEN_CHARS), size=n)
    g2 = rng.integers(0, len(GIVEN_CHARS), size=n)
    return np.array([
        SURNAMES[s] + GIVEN_CHARS[a] + (GIVEN_CHARS[b] if t else "")
        for s, a, b, t in zip(sur, g1, g2, two, strict=False)
    ], dtype=object)


def generate(seed: int = SEED) -> pd.DataFrame:
    """Return the synthetic order lines as a DataFrame (columns ``COLUMNS``).

    ``order_time`` is a ``datetime64`` column (whole seconds); ``amount`` and ``cost`` are
    floats rounded to cents. The row order is the file's order.
    """
    rng = np.random.default_rng(seed)
    n = N_CUSTOMERS
    s = seasonal_intensity()
    # Operational time (years) at the start of each day, plus the end of the last day.
    cum = np.concatenate([[0.0], np.cumsum(s)]) / 365.25
    lam_end = cum[-1]

    # --- customers ---------------------------------------------------------------------
    w_acq = s * ACQ_GROWTH_PER_YEAR ** (np.arange(N_DAYS) / 365.25)
    acq_day = np.sort(rng.choice(N_DAYS, size=n, p=w_acq / w_acq.sum()))
    acq_frac = rng.random(n)
    lam = rng.gamma(LAMBDA_SHAPE, LAMBDA_SCALE, size=n)
    p_drop = rng.beta(DROPOUT_A, DROPOUT_B, size=n)
    mu = rng.gamma(SPEND_SHAPE, SPEND_MEAN / SPEND_SHAPE, size=n)
    cust_pref = rng.dirichlet(3.0 * CAT_SHARE * len(CATEGORIES) / CAT_SHARE.sum(), size=n)
    pref_channel = rng.choice(len(CHANNELS), size=n, p=CHANNEL_SHARE)
    city = rng.choice(len(CITIES), size=n, p=CITY_SHARE / CITY_SHARE.sum())
    names = _names(rng, n)
    phones = rng.choice(100_000_000, size=n, replace=False)

    # --- purchases (BG/NBD in operational time) ---------------------------------------
    u0 = cum[acq_day] + acq_frac * s[acq_day] / 365.25
    n_arrivals = rng.poisson(lam * (lam_end - u0))
    j_drop = rng.geometric(p_drop)
    n_repeat = np.minimum(n_arrivals, j_drop)
    owner = np.repeat(np.arange(n), n_arrivals)
    u = u0[owner] + rng.random(owner.size) * (lam_end - u0)[owner]
    order = np.lexsort((u, owner))
    owner, u = owner[order], u[order]
    first_of = np.concatenate([[0], np.cumsum(n_arrivals)[:-1]])
    rank = np.arange(owner.size) - first_of[owner]
    keep = rank < n_repeat[owner]
    rep_owner, rep_u = owner[keep], u[keep]
    # Back to calendar days: within a day the intensity is constant, so Λ is linear there.
    rep_day = np.clip(np.searchsorted(cum, rep_u, side="right") - 1, 0, N_DAYS - 1)

    o_cust = np.concatenate([np.arange(n), rep_owner])
    o_day = np.concatenate([acq_day, rep_day])
    n_orders = o_cust.size

    # --- orders: channel, time of day, value -------------------------------------------
    use_pref = rng.random(n_orders) < PREFERRED_CHANNEL_P
    other = rng.choice(len(CHANNELS), size=n_orders, p=CHANNEL_SHARE)
    o_channel = np.where(use_pref, pref_channel[o_cust], other)
    dates = START + pd.to_timedelta(o_day, unit="D")
    festival = np.asarray(((dates.month == 11) & (dates.day == 11))
                          | ((dates.month == 6) & (dates.day == 18)))
    offline = o_channel == OFFLINE
    hour = np.empty(n_orders, dtype=np.int64)
    for mask, table in ((offline, HOURS_OFFLINE),
                        (~offline & festival, HOURS_FESTIVAL),
                        (~offline & ~festival, HOURS_ONLINE)):
        hour[mask] = _hours(rng, table, int(mask.sum()))
    sec_in_hour = rng.integers(0, 3600, size=n_orders)
    o_sec = o_day.astype(np.int64) * 86400 + hour * 3600 + sec_in_hour
    o_value = np.maximum(rng.gamma(ORDER_SHAPE, mu[o_cust] / ORDER_SHAPE), MIN_ORDER_VALUE)
    o_lines = rng.choice(4, size=n_orders, p=LINES_P) + 1

    # Order ids increase with time (ties broken by customer): SO + 8 digits with gaps.
    chron = np.lexsort((o_cust, o_sec))
    id_num = np.empty(n_orders, dtype=np.int64)
    id_num[chron] = 10_000_000 + np.cumsum(rng.integers(1, 6, size=n_orders))
    assert id_num.max() < 100_000_000

    # --- lines -------------------------------------------------------------------------
    l_order = np.repeat(np.arange(n_orders), o_lines)
    l_no = np.arange(l_order.size) - np.repeat(np.cumsum(o_lines) - o_lines, o_lines)
    l_cust = o_cust[l_order]
    cdf = np.cumsum(cust_pref, axis=1)
    cdf[:, -1] = 1.0
    r = rng.random(l_order.size)
    l_cat = (r[:, None] > cdf[l_cust]).sum(axis=1)
    wts = rng.gamma(2.0, 1.0, size=l_order.size) * CAT_PRICE[l_cat]
    wsum = np.bincount(l_order, weights=wts, minlength=n_orders)
    l_amount = np.maximum(np.round(o_value[l_order] * wts / wsum[l_order], 2), 1.0)
    margin = CAT_MARGIN[l_cat] * rng.uniform(0.85, 1.15, size=l_order.size)
    l_cost = np.round(l_amount * (1.0 - margin), 2)
    l_sec = o_sec[l_order]

    # --- returns -----------------------------------------------------------------------
    end_sec = int((END - START).total_seconds())
    room = end_sec - l_sec
    is_ret = (rng.random(l_order.size) < CAT_RETURN[l_cat]) & (room >= 86400)
    ri = np.flatnonzero(is_ret)
    delay = (1.0 + 29.0 * rng.beta(1.2, 3.0, size=ri.size)) * 86400
    late = l_sec[ri] + delay > end_sec
    delay[late] = 86400 + rng.random(int(late.sum())) * (room[ri][late] - 86400)
    r_sec = l_sec[ri] + np.floor(delay).astype(np.int64)

    all_order = np.concatenate([l_order, l_order[ri]])
    all_sec = np.concatenate([l_sec, r_sec])
    all_cat = np.concatenate([l_cat, l_cat[ri]])
    all_amount = np.concatenate([l_amount, -l_amount[ri]])
    all_cost = np.concatenate([l_cost, -l_cost[ri]])
    all_no = np.concatenate([l_no, 100 + l_no[ri]])  # returns sort after the order's lines
    all_cust = o_cust[all_order]
    all_id = id_num[all_order]

    idx = np.lexsort((all_no, all_id, all_sec))
    all_order, all_sec, all_cat = all_order[idx], all_sec[idx], all_cat[idx]
    all_amount, all_cost, all_cust, all_id = all_amount[idx], all_cost[idx], all_cust[idx], all_id[idx]

    cust_ids = np.array([f"C{i + 1:06d}" for i in range(n)], dtype=object)
    phone_str = np.array([f"138{x:08d}" for x in phones], dtype=object)
    df = pd.DataFrame({
        "order_id": np.array([f"SO{x:08d}" for x in all_id], dtype=object),
        "order_time": (START + pd.to_timedelta(all_sec, unit="s")).as_unit("s"),
        "customer_id": cust_ids[all_cust],
        "customer_name": names[all_cust],
        "city": np.array(CITIES, dtype=object)[city[all_cust]],
        "phone": phone_str[all_cust],
        "channel": np.array(CHANNELS, dtype=object)[o_channel[all_order]],
        "product_category": np.array(CATEGORIES, dtype=object)[all_cat],
        "amount": all_amount,
        "cost": all_cost,
    })
    return df[COLUMNS]


def write_csv(df: pd.DataFrame, out: Path) -> None:
    """Write the frame in the file's conventions (UTF-8, no BOM, "\\n", cents)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(out, index=False, encoding="utf-8", lineterminator="\n",
              date_format="%Y-%m-%d %H:%M:%S", float_format="%.2f")


def summary(df: pd.DataFrame) -> str:
    ret = df["amount"] < 0
    gross = df.loc[~ret, "amount"].sum()
    net = df["amount"].sum()
    margin = (df["amount"].sum() - df["cost"].sum()) / net
    per_year = df.loc[~ret].groupby(df["order_time"].dt.year)["order_id"].nunique()
    first = df.groupby("customer_id")["order_time"].min().dt.year.value_counts().sort_index()
    return "\n".join([
        f"customers:     {df['customer_id'].nunique():,}",
        f"lines:         {len(df):,}  (returns {int(ret.sum()):,} = {ret.mean():.2%})",
        f"orders:        {df['order_id'].nunique():,}",
        f"date range:    {df['order_time'].min()} … {df['order_time'].max()}",
        f"revenue (CNY): net {net:,.2f}  (gross {gross:,.2f}, returns {gross - net:,.2f}), "
        f"margin {margin:.1%}",
        "orders/year:   " + ", ".join(f"{y}: {v:,}" for y, v in per_year.items()),
        "new cust/year: " + ", ".join(f"{y}: {v:,}" for y, v in first.items()),
    ])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Write the synthetic sample order lines (CSV).")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default: {DEFAULT_OUT}")
    ap.add_argument("--seed", type=int, default=SEED, help=f"default: {SEED}")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    df = generate(args.seed)
    write_csv(df, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes) in "
          f"{time.perf_counter() - t0:.1f} s, seed {args.seed}")
    print(summary(df))


if __name__ == "__main__":
    main()
