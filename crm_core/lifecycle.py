"""Customer lifecycle stages from each customer's own purchase rhythm (DESIGN.md §3, "Lifecycle").

The course (reference/TEXTBOOK.md, "Customer lifecycle") names four relationship stages after 陈明亮:
考察期 exploration (the relationship is being tried), 形成期 formation (fast growth), 稳定期 stability
(mature) and 退化期 decline (turning down); transaction volume and profit rise through the first three
and fall in decline. The material gives no numeric boundaries: the rules below, with a first-purchase
stage ``new`` before them and ``lost`` after them, are this product's own operationalisation, and every
boundary is a named field of :class:`StageThresholds` that the app lets the user change.

Inputs per customer as of D come from ``sql/stage_inputs.sql`` (lines dated before D); the rules are
SQL, ``sql/cte_stage_rules.sql``, applied there to one date (:func:`customer_stages`) or to many at once
(:func:`crm_core.lifecycle_over_time.monthly_stage_counts`): one definition for both. Units: ``*_days`` in calendar days, money in the
dataset currency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from .errors import InvalidInputError
from .store import Store

STAGES: tuple[str, ...] = ("new", "exploration", "formation", "stable", "decline", "lost")


@dataclass(frozen=True)
class StageThresholds:
    """The boundaries of the stage rules (this product's own; the course gives none).

    Attributes
    ----------
    new_days : int [days]
        A customer with one order, placed at most this many days before D, is ``new``.
    exploration_max_orders : int [orders]
        Customers with at most this many orders are still trying the relationship (``exploration``).
    stable_min_tenure_days : int [days]
        Customers whose first order is fewer days before D than this are still in ``formation``.
    recent_days : int [days]
        Length W of the recent window [D − W, D) whose net spend is compared with the customer's
        earlier spend rate per W days.
    growth_ratio : float [ratio]
        Recent spend ≥ this × the earlier rate: fast growth, ``formation``.
    decline_spend_ratio : float [ratio]
        Recent spend < this × the earlier rate: ``decline``.
    decline_gap_multiple : float [× typical gap]
        Days since the last order > this × the customer's typical gap between order days: ``decline``.
    lost_gap_multiple : float [× typical gap]
        Days since the last order > this × the typical gap (and > ``lost_min_days``): ``lost``.
    lost_min_days : int [days]
        Nobody is lost with fewer days since the last order than this.
    lost_ceiling_percentile : float [percent, 0 < q <= 100]
        The data's absolute limit on silence: days since the last order beyond the q-th percentile of all
        repurchase gaps in the data before D (and > ``lost_min_days``) make a customer ``lost`` whatever
        their own rhythm (rule ``lost_ceiling``). Default 95: fewer than 1 in 20 of the data's
        repurchases came after a longer pause (issue #11: a 3-order customer with a 171-day own gap was
        still ``decline`` after 675 days, when the sample's 95th percentile gap is 183 days).
    lost_ceiling_days : float or None [days]
        The ceiling itself; ``None`` (default): the ``lost_ceiling_percentile`` of the gaps as of each D
        (``sql/repurchase_gap_ceilings.sql``, :func:`gap_ceilings`); a number fixes it for every date.
    lost_p_alive : float [probability]
        When P(alive) is given (BG/NBD), a customer below it is ``lost`` whatever the days.
    """

    new_days: int = 90
    exploration_max_orders: int = 2
    stable_min_tenure_days: int = 365
    recent_days: int = 180
    growth_ratio: float = 1.5
    decline_spend_ratio: float = 0.5
    decline_gap_multiple: float = 2.0
    lost_gap_multiple: float = 4.0
    lost_min_days: int = 180
    lost_p_alive: float = 0.1
    lost_ceiling_percentile: float = 95.0
    lost_ceiling_days: float | None = None  # None: the lost_ceiling_percentile of the data's gaps as of D

    def check(self) -> None:
        """Raise :class:`InvalidInputError` naming the first field outside its range."""
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name == "lost_ceiling_days" and v is None:
                continue  # derived from the data
            if not isinstance(v, (int, float, np.integer, np.floating)) or isinstance(v, bool) or not np.isfinite(v):
                raise InvalidInputError("parameters", f.name, reason=f"must be a number; got {v!r}",
                                        reason_zh=f"{THRESHOLD_ZH[f.name]}必须是数字；当前为 {v!r}")
        positive = ("new_days", "stable_min_tenure_days", "recent_days", "growth_ratio", "decline_gap_multiple",
                    "lost_gap_multiple", "lost_min_days", "lost_ceiling_days")
        for name in positive:
            if getattr(self, name) is not None and getattr(self, name) <= 0:
                raise InvalidInputError("parameters", name, reason=f"must be > 0; got {getattr(self, name)!r}",
                                        reason_zh=f"{THRESHOLD_ZH[name]}必须大于 0；当前为 {getattr(self, name)!r}")
        if self.exploration_max_orders < 1:
            raise InvalidInputError("parameters", "exploration_max_orders",
                                    reason=f"must be >= 1; got {self.exploration_max_orders!r}",
                                    reason_zh=f"{THRESHOLD_ZH['exploration_max_orders']}必须不小于 1；"
                                              f"当前为 {self.exploration_max_orders!r}")
        if not 0 <= self.decline_spend_ratio < self.growth_ratio:
            raise InvalidInputError("parameters", "decline_spend_ratio",
                                    reason=f"must be >= 0 and below growth_ratio ({self.growth_ratio}); "
                                           f"got {self.decline_spend_ratio!r}",
                                    reason_zh=f"{THRESHOLD_ZH['decline_spend_ratio']}必须不小于 0，且小于"
                                              f"{THRESHOLD_ZH['growth_ratio']}（{self.growth_ratio}）；"
                                              f"当前为 {self.decline_spend_ratio!r}")
        if self.lost_gap_multiple < self.decline_gap_multiple:
            raise InvalidInputError("parameters", "lost_gap_multiple",
                                    reason=f"must be >= decline_gap_multiple ({self.decline_gap_multiple}); "
                                           f"got {self.lost_gap_multiple!r}",
                                    reason_zh=f"{THRESHOLD_ZH['lost_gap_multiple']}必须不小于"
                                              f"{THRESHOLD_ZH['decline_gap_multiple']}（{self.decline_gap_multiple}）；"
                                              f"当前为 {self.lost_gap_multiple!r}")
        if not 0 < self.lost_ceiling_percentile <= 100:
            raise InvalidInputError("parameters", "lost_ceiling_percentile",
                                    reason=f"must be a percentile in (0, 100]; got {self.lost_ceiling_percentile!r}",
                                    reason_zh=f"{THRESHOLD_ZH['lost_ceiling_percentile']}必须是 (0, 100] 之间的"
                                              f"百分位数；当前为 {self.lost_ceiling_percentile!r}")
        if not 0 <= self.lost_p_alive <= 1:
            raise InvalidInputError("parameters", "lost_p_alive",
                                    reason=f"must be a probability in [0, 1]; got {self.lost_p_alive!r}",
                                    reason_zh=f"{THRESHOLD_ZH['lost_p_alive']}必须是 [0, 1] 之间的概率；"
                                              f"当前为 {self.lost_p_alive!r}")


DEFAULT_THRESHOLDS = StageThresholds()

# Chinese names of the thresholds, for the Chinese error messages (short forms of the page's labels).
THRESHOLD_ZH: dict[str, str] = {
    "new_days": "新客户天数", "exploration_max_orders": "考察期最多订单数",
    "stable_min_tenure_days": "稳定期最短客户时长", "recent_days": "近期窗口 W",
    "growth_ratio": "形成期消费趋势倍数", "decline_spend_ratio": "退化期消费趋势倍数",
    "decline_gap_multiple": "退化期购买间隔倍数", "lost_gap_multiple": "流失购买间隔倍数",
    "lost_min_days": "流失最少天数", "lost_p_alive": "流失存活概率阈值",
    "lost_ceiling_percentile": "流失间隔上限百分位", "lost_ceiling_days": "流失间隔上限天数",
}

# the rule that decided a customer's stage (column ``rule``), in precedence order, with its stage
RULES: dict[str, str] = {
    "lost_gap": "lost", "lost_ceiling": "lost", "lost_p_alive": "lost", "new": "new", "exploration": "exploration",
    "decline_gap": "decline", "decline_spend": "decline", "formation_tenure": "formation",
    "formation_growth": "formation", "stable": "stable",
}

# the stage (index into STAGES) of each rule code (index into RULES: rule_code of sql/cte_stage_rules.sql)
RULE_STAGE_CODES = np.array([STAGES.index(st) for st in RULES.values()], dtype=np.int8)

STAGE_COLUMNS: tuple[str, ...] = (
    "customer_id", "stage", "rule", "orders", "purchase_days", "first_order_date", "last_order_date", "tenure_days",
    "days_since_last_order", "typical_gap_days", "gap_is_own", "lost_ceiling_days", "lost_after_days",
    "recent_revenue", "recent_returns", "earlier_rate", "spend_trend", "net_revenue", "profit",
)


def check_date(as_of, name: str = "as_of") -> None:
    """Raise :class:`InvalidInputError` unless ``as_of`` is a date."""
    if not isinstance(as_of, dt.date):
        raise InvalidInputError("parameters", name, reason=f"must be a date; got {as_of!r}")


def _dates(as_of_dates) -> list[dt.date]:
    dates = sorted({d for d in as_of_dates})
    if not dates:
        raise InvalidInputError("parameters", "as_of_dates", reason="at least one date is needed")
    for d in dates:
        check_date(d, "as_of_dates")
    return dates


def stage_inputs(store: Store, as_of_dates, recent_days: int, *,
                 thresholds: StageThresholds = DEFAULT_THRESHOLDS) -> pd.DataFrame:
    """``sql/stage_inputs.sql`` for one or more as-of dates (one pass over the transactions), with the
    column ``gap_ceiling_days`` of :func:`gap_ceilings` (the ceiling of ``thresholds`` at each date)."""
    dates = _dates(as_of_dates)
    inputs = store.run("stage_inputs", as_of_dates=dates, recent_days=int(recent_days))
    return with_gap_ceilings(inputs, gap_ceilings(store, dates, thresholds))


def gap_ceilings(store: Store, as_of_dates, thresholds: StageThresholds = DEFAULT_THRESHOLDS) -> pd.Series:
    """The lost ceiling [days] at each date: ``thresholds.lost_ceiling_days`` when set, else the
    ``lost_ceiling_percentile`` of all repurchase gaps before the date.

    Notes
    -----
    With the n gaps before D sorted ascending x[0] ≤ … ≤ x[n − 1] (a gap = days between two consecutive
    purchase days of one customer, ``sql/repurchase_gap_ceilings.sql``) and p = q / 100:
    ceiling(D) = x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋ + 1] − x[⌊h⌋]), h = (n − 1) · p — the continuous percentile
    (``percentile_cont``, numpy's default "linear"). NaN when there is no gap before D (the rule then does
    not apply). Source: this product's rule (issue #11), not the course's.

    Returns a Series indexed by date (``as_of``), name ``gap_ceiling_days``.
    """
    dates = _dates(as_of_dates)
    thresholds.check()
    if thresholds.lost_ceiling_days is not None:
        values = [float(thresholds.lost_ceiling_days)] * len(dates)
    else:
        got = store.run("repurchase_gap_ceilings", as_of_dates=dates,
                        percentile=float(thresholds.lost_ceiling_percentile) / 100)
        values = got.set_index(pd.to_datetime(got["as_of"]).dt.date)["gap_ceiling_days"].reindex(dates)
        values = values.to_numpy(dtype=float)
    return pd.Series(values, index=pd.Index(dates, name="as_of"), name="gap_ceiling_days", dtype=float)


def with_gap_ceilings(inputs: pd.DataFrame, ceilings: pd.Series) -> pd.DataFrame:
    """``inputs`` (one row per customer and ``as_of``) with the column ``gap_ceiling_days`` of its date."""
    keys = np.array(list(ceilings.index), dtype="datetime64[D]")
    pos = np.searchsorted(keys, inputs["as_of"].to_numpy(dtype="datetime64[D]"))  # every date is a key
    return inputs.assign(gap_ceiling_days=ceilings.to_numpy(dtype=float)[pos])


def stage_rule_params(thresholds: StageThresholds, ceilings: pd.Series) -> dict:
    """The parameters of the stage rules' SQL (``sql/cte_stage_rules.sql``): ``as_of_dates`` and
    ``gap_ceilings`` from ``ceilings`` (:func:`gap_ceilings`; NaN -> NULL, no ceiling) and every field of
    ``thresholds`` the rules read [days, orders, ratios, probability as in :class:`StageThresholds`]."""
    th = thresholds
    return {"as_of_dates": list(ceilings.index),
            "gap_ceilings": [None if np.isnan(c) else float(c) for c in ceilings.to_numpy(dtype=float)],
            "recent_days": int(th.recent_days), "new_days": float(th.new_days),
            "exploration_max_orders": float(th.exploration_max_orders),
            "stable_min_tenure_days": float(th.stable_min_tenure_days), "growth_ratio": float(th.growth_ratio),
            "decline_spend_ratio": float(th.decline_spend_ratio),
            "decline_gap_multiple": float(th.decline_gap_multiple), "lost_gap_multiple": float(th.lost_gap_multiple),
            "lost_min_days": float(th.lost_min_days), "lost_p_alive": float(th.lost_p_alive)}


def customer_stages(store: Store, as_of: dt.date, thresholds: StageThresholds = DEFAULT_THRESHOLDS, *,
                    p_alive: pd.Series | None = None, inputs: pd.DataFrame | None = None,
                    ceilings: pd.Series | None = None) -> pd.DataFrame:
    """The lifecycle stage of every customer with a purchase line before ``as_of``, sorted by customer_id.

    Parameters
    ----------
    store : a store holding ``transactions``.
    as_of : lines dated before this day count (the population of ``sql/customer_summary.sql``).
    thresholds : the rule boundaries (:class:`StageThresholds`); the rules are in the Notes.
    p_alive : optional P(alive) per customer (a Series indexed by customer_id, e.g. BG/NBD); below
        ``thresholds.lost_p_alive`` a customer is ``lost``.
    inputs, ceilings : optional, for many threshold settings at one date (the lifecycle page): the rows of
        ``sql/stage_inputs.sql`` at ``as_of`` with ``thresholds.recent_days`` (``store.run("stage_inputs", …)``)
        and :func:`gap_ceilings` at ``as_of`` with ``thresholds``' ceiling settings; the rules then run over them
        (``sql/customer_stages_of_inputs.sql``) instead of over the transactions. Same result.

    Returns
    -------
    ``STAGE_COLUMNS`` (plus ``p_alive`` when given): customer_id, stage (an id of ``STAGES``), rule (the
    rule that decided it, a key of ``RULES``: e.g. ``decline_gap`` or ``decline_spend``), orders,
    purchase_days [distinct order days], first/last order date, tenure_days and days_since_last_order
    [days], typical_gap_days [days], gap_is_own [False: the population's gap was used], lost_ceiling_days
    [days: the data's ceiling as of ``as_of``, :func:`gap_ceilings`], lost_after_days [days: lost beyond
    this], recent_revenue [currency, net of the lines in the last ``recent_days`` days], recent_returns
    [currency, >= 0: the return lines among them; returns are dated when refunded, so a customer whose
    last purchase is older than the window can have some], earlier_rate [currency per
    ``recent_days`` days before that], spend_trend [ratio], net_revenue and profit [currency].

    Notes
    -----
    The rules are SQL, ``sql/cte_stage_rules.sql`` (their one definition: :func:`crm_core.lifecycle_over_time.
    monthly_stage_counts` counts the same CTE at many dates), over the inputs of ``sql/stage_inputs.sql``
    (lines dated before D). Per customer as of D (W = ``recent_days``; thresholds in :class:`StageThresholds`):

    - typical gap g [days] = (last − first order day) / (purchase days − 1), the mean gap between the
      customer's distinct order days; for customers who bought on one day only, the median g of the
      customers with an own gap as of the same D (the population's rhythm; ``gap_is_own`` False).
    - earlier rate [currency per W days] = spend before D − W / (tenure − W) × W, defined when the
      customer's history before the window is at least W days long; spend trend = recent spend in
      [D − W, D) / earlier rate, defined when the earlier rate is > 0 and g ≤ W / 2 (at least two
      orders expected in the window, so that one quiet window is not read as a trend).
    - lost ceiling c [days] = :func:`gap_ceilings` (the ``lost_ceiling_percentile`` of all repurchase gaps
      before D), or ``lost_ceiling_days`` when set.

    First match wins (an undefined g, c, trend or P(alive) matches no rule):

    1. ``lost``: days since last > max(lost_min_days, lost_gap_multiple × g) (rule ``lost_gap``), or
       > max(lost_min_days, c) whatever the customer's own rhythm (``lost_ceiling``), or
       P(alive) < lost_p_alive (``lost_p_alive``); so ``lost_after_days`` = max(lost_min_days,
       min(lost_gap_multiple × g, c));
    2. ``new``: 1 order, first order ≤ new_days before D;
    3. ``exploration``: orders ≤ exploration_max_orders;
    4. ``decline``: days since last > decline_gap_multiple × g, or spend trend < decline_spend_ratio;
    5. ``formation``: tenure < stable_min_tenure_days, or spend trend ≥ growth_ratio;
    6. ``stable``: everyone else.

    The column ``rule`` names the rule that decided (a key of ``RULES``, in the order above).
    """
    check_date(as_of)
    thresholds.check()
    if p_alive is None:
        given = pd.DataFrame({"customer_id": pd.Series([], dtype=str), "p_alive": pd.Series([], dtype=float)})
    elif not isinstance(p_alive, pd.Series) or not p_alive.index.is_unique:
        raise InvalidInputError("parameters", "p_alive", reason="must be a Series indexed by customer_id, "
                                "each customer once")
    else:
        given = pd.DataFrame({"customer_id": p_alive.index.astype(str), "p_alive": p_alive.to_numpy(dtype=float)})
    if ceilings is None:
        ceilings = gap_ceilings(store, [as_of], thresholds)
    params = stage_rule_params(thresholds, ceilings)
    if inputs is None:
        got = store.run_with("customer_stages", {"stage_p_alive": given}, **params)
    else:
        got = store.run_with("customer_stages_of_inputs", {"stage_inputs_given": inputs, "stage_p_alive": given},
                             **params)
    out = pd.DataFrame({"customer_id": got["customer_id"].to_numpy(),
                        "stage": np.array(STAGES, dtype=object)[RULE_STAGE_CODES[got["rule_code"].to_numpy()]],
                        "rule": np.array(list(RULES), dtype=object)[got["rule_code"].to_numpy()]})
    for col in STAGE_COLUMNS[3:]:
        out[col] = got[col].to_numpy()
    out["gap_is_own"] = out["gap_is_own"].astype(bool)
    for col in ("typical_gap_days", "lost_ceiling_days", "lost_after_days", "recent_revenue", "recent_returns",
                "earlier_rate", "spend_trend", "net_revenue", "profit"):
        out[col] = out[col].astype(float)
    if p_alive is not None:
        out["p_alive"] = got["p_alive"].to_numpy(dtype=float)
    return out


def stage_counts(stages: pd.DataFrame) -> dict[str, int]:
    """Customers per stage, every id of ``STAGES`` present (zeros included), in ``STAGES`` order."""
    counts = stages["stage"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STAGES}


def stage_table(stages: pd.DataFrame) -> pd.DataFrame:
    """One row per stage (all of ``STAGES``, in order): customers and share, net revenue and profit to
    date with their shares of the total, recent revenue (last ``recent_days``) split into purchases and
    returns, mean orders and mean days since the last order.

    Notes
    -----
    recent_revenue = recent_purchases − recent_returns [currency]: recent_returns (>= 0) is minus the sum
    of the return lines dated in the window and recent_purchases the sum of the other lines. Returns are
    dated when refunded, so the lost row can show returns without purchases: refunds, in the window, of
    purchases made before it. Shares are of the whole table (NaN when the total is 0 or unknown).
    """
    g = stages.groupby("stage")
    out = pd.DataFrame({"customers": g.size(), "net_revenue": g["net_revenue"].sum(),
                        "profit": g["profit"].sum(min_count=1), "recent_revenue": g["recent_revenue"].sum(),
                        "recent_returns": g["recent_returns"].sum(),
                        "avg_orders": g["orders"].mean(), "avg_days_since_last": g["days_since_last_order"].mean()})
    out = out.reindex(list(STAGES))
    out["customers"] = out["customers"].fillna(0).astype(int)
    for col in ("net_revenue", "recent_revenue", "recent_returns"):
        out[col] = out[col].fillna(0.0)
    out["recent_purchases"] = out["recent_revenue"] + out["recent_returns"]
    n = len(stages)
    out["customer_share"] = out["customers"] / n if n else np.nan
    for col in ("net_revenue", "profit"):
        total = stages[col].sum(min_count=1)
        out[f"{col}_share"] = out[col] / total if pd.notna(total) and total != 0 else np.nan
    out.index.name = "stage"
    return out.reset_index()[["stage", "customers", "customer_share", "net_revenue", "net_revenue_share", "profit",
                              "profit_share", "recent_revenue", "recent_purchases", "recent_returns", "avg_orders",
                              "avg_days_since_last"]]
