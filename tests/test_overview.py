"""The overview's figures (crm_core.overview, sql/window_kpis.sql; crm_core.movement): windows worked by hand,
a hand-made history's KPIs worked by hand, the sample's KPIs and their period-over-period changes against an
independent plain-pandas computation from data/sample_orders.csv, and the overview page itself (AppTest through
app.py, both languages): the first page, its card values equal to the same independent figures."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from crm_core import movement, overview, transitions
from crm_core.datasets import BUNDLED
from crm_core.errors import InvalidInputError
from crm_core.ingest import ingest_file

from .conftest import DATA, ROOT, write_csv

TODAY = dt.date(2026, 1, 1)


def test_windows_step_back_in_calendar_months_with_the_day_clipped():
    assert overview.window_bounds(dt.date(2024, 3, 31), "month") == [
        (dt.date(2023, 12, 31), dt.date(2024, 1, 31)), (dt.date(2024, 1, 31), dt.date(2024, 2, 29)),
        (dt.date(2024, 2, 29), dt.date(2024, 3, 31))]
    assert overview.window_bounds(dt.date(2025, 1, 1), "quarter")[-2:] == [
        (dt.date(2024, 7, 1), dt.date(2024, 10, 1)), (dt.date(2024, 10, 1), dt.date(2025, 1, 1))]
    assert overview.window_bounds(dt.date(2024, 2, 29), "year")[-1] == (dt.date(2023, 2, 28), dt.date(2024, 2, 29))
    with pytest.raises(InvalidInputError, match="period"):
        overview.window_bounds(dt.date(2024, 1, 1), "week")


# As of 2024-04-01, month windows: Feb [02-01, 03-01), Mar [03-01, 04-01) (and Jan before them).
#   A: Jan 10 (100, cost 60), Feb 5 (50, cost 20), Mar 3 (80, cost 50) + a return of 30 on Mar 20 (order A3);
#   B: Feb 20 (200, cost 150);  C: Mar 15 (40, cost 10) — new in March;  D: Jan 2 (70, cost 30) only.
LINES = [("A1", "A", "2024-01-10", 100, 60), ("A2", "A", "2024-02-05", 50, 20), ("A3", "A", "2024-03-03", 80, 50),
         ("A3", "A", "2024-03-20", -30, -15), ("B1", "B", "2024-02-20", 200, 150), ("C1", "C", "2024-03-15", 40, 10),
         ("D1", "D", "2024-01-02", 70, 30)]
AS_OF = dt.date(2024, 4, 1)


@pytest.fixture(scope="module")
def hand_store(tmp_path_factory):
    text = "order_id,customer_id,order_date,amount,cost\n" + "".join(
        f"{o},{c},{d},{a},{k}\n" for o, c, d, a, k in LINES)
    store, _ = ingest_file(write_csv(tmp_path_factory.mktemp("overview") / "orders.csv", text), today=TODAY)
    return store


def test_kpis_of_a_hand_made_history_worked_by_hand(hand_store):
    k = overview.kpis(hand_store, AS_OF, "month", has_profit=True)
    # March: active {A, C}; new {C}; revenue 80 − 30 + 40 = 90; profit (80−50) + (−30+15) + (40−10) = 45;
    # orders A3, C1 → 2 per 2 customers = 1.0; order values A3 = 50, C1 = 40 → AOV 45.
    # February: active {A, B}; new {B}; revenue 250; profit 30 + 50 = 80; 2 orders, AOV 125.
    assert (k["active_customers"].value, k["active_customers"].previous) == (2, 2)
    assert (k["new_customers"].value, k["new_customers"].previous) == (1, 1)
    assert (k["revenue"].value, k["revenue"].previous) == pytest.approx((90, 250))
    assert (k["profit"].value, k["profit"].previous) == pytest.approx((45, 80))
    assert (k["orders_per_customer"].value, k["avg_order_value"].value) == pytest.approx((1.0, 45.0))
    assert k["avg_order_value"].previous == pytest.approx(125.0)
    # retention: of Feb's {A, B}, A bought in March = 1/2; of Jan's {A, D}, A bought in Feb = 1/2
    assert (k["retention_rate"].value, k["retention_rate"].previous) == pytest.approx((0.5, 0.5))
    # repeat rate before Apr 1: A has 3 orders of 4 customers → 1/4; before Mar 1: A (2 orders) of A, B, D → 1/3
    assert (k["repeat_purchase_rate"].value, k["repeat_purchase_rate"].previous) == pytest.approx((1 / 4, 1 / 3))
    assert k["repeat_purchase_rate"].change == pytest.approx(1 / 4 - 1 / 3)
    # profit to date: A 40 + 30 + 30 − 15 = 85, B 50, C 30, D 40 (total 205); the top 20 % of 4 customers is
    # 0.8 of the best one (the Lorenz curve interpolated) → 0.8 · 85 / 205
    assert k["top_share"].value == pytest.approx(0.8 * 85 / 205)
    assert k["revenue"].relative == pytest.approx((90 - 250) / 250)


def test_profit_is_unknown_without_cost(hand_store):
    k = overview.kpis(hand_store, AS_OF, "month", has_profit=False)
    assert math.isnan(k["profit"].value) and math.isnan(k["profit"].previous)


@pytest.fixture(scope="module")
def sample():
    return ingest_file(BUNDLED["sample"].path, today=TODAY)


def _independent(df: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> dict:
    """Plain pandas: one window's KPIs from the order lines (no crm_core)."""
    buys = df[df["amount"] >= 0]
    order_start = buys.groupby("order_id")["order_time"].min()
    order_cust = buys.groupby("order_id")["customer_id"].first()
    before_end = df[df["order_time"] < end]
    order_value = before_end.groupby("order_id")["amount"].sum()
    in_window = order_start[(order_start >= start) & (order_start < end)].index
    active = set(order_cust[in_window])
    first_order = order_start.groupby(order_cust).min()
    lines = df[(df["order_time"] >= start) & (df["order_time"] < end)]
    n_orders = order_start[order_start < end].groupby(order_cust).size()
    profit = (before_end["amount"] - before_end["cost"]).groupby(before_end["customer_id"]).sum()
    value = np.sort(profit.clip(lower=0).to_numpy())[::-1]
    k = 0.2 * len(value)  # the Lorenz curve between whole customers is linear: a fraction of the next one
    top = (value[: int(k)].sum() + (k - int(k)) * value[int(k)]) / value.sum()
    return {"active": active, "active_customers": len(active),
            "new_customers": int(((first_order >= start) & (first_order < end)).sum()),
            "revenue": lines["amount"].sum(), "profit": (lines["amount"] - lines["cost"]).sum(),
            "orders_per_customer": len(in_window) / len(active),
            "avg_order_value": order_value[in_window].sum() / len(in_window),
            "repeat_purchase_rate": (n_orders >= 2).mean(), "top_share": top}


@pytest.fixture(scope="module")
def sample_figures():
    df = pd.read_csv(DATA / "sample_orders.csv", usecols=["order_id", "customer_id", "order_time", "amount", "cost"])
    df["order_time"] = pd.to_datetime(df["order_time"])
    ts = pd.Timestamp
    cur = _independent(df, ts("2024-12-01"), ts("2025-01-01"))
    prev = _independent(df, ts("2024-11-01"), ts("2024-12-01"))
    before = _independent(df, ts("2024-10-01"), ts("2024-11-01"))
    cur["retention_rate"] = len(prev["active"] & cur["active"]) / len(prev["active"])
    prev["retention_rate"] = len(before["active"] & prev["active"]) / len(before["active"])
    return cur, prev


KPIS = ("active_customers", "new_customers", "revenue", "profit", "orders_per_customer", "avg_order_value",
        "repeat_purchase_rate", "retention_rate", "top_share")


def test_sample_kpis_and_changes_match_plain_pandas(sample, sample_figures):
    store, report = sample
    got = overview.kpis(store, report.default_as_of, "month", has_profit=True)
    cur, prev = sample_figures
    for kpi in KPIS:
        assert got[kpi].value == pytest.approx(cur[kpi], rel=1e-9), kpi
        assert got[kpi].previous == pytest.approx(prev[kpi], rel=1e-9), kpi
        assert got[kpi].change == pytest.approx(cur[kpi] - prev[kpi], rel=1e-9, abs=1e-12), kpi


def test_what_changed_counts_moves_of_existing_customers(sample):
    store, report = sample
    since = dt.date(2024, 12, 1)
    flows = movement.changes(store, since, report.default_as_of, has_profit=True)
    before = movement.groups_at(store, since, has_profit=True).set_index("customer_id")
    after = movement.groups_at(store, report.default_as_of, has_profit=True).set_index("customer_id")
    both = before.index.intersection(after.index)
    for dim in movement.DIMENSIONS:
        moved, total = transitions.moved_count(flows[dim], movement.NEW)
        assert total == len(both)
        assert moved == int((before.loc[both, dim] != after.loc[both, dim]).sum()), dim
        top = transitions.largest_moves(flows[dim], movement.NEW)
        pairs = pd.Series(list(zip(before.loc[both, dim], after.loc[both, dim], strict=True)))
        counts = pairs[[a != b for a, b in pairs]].value_counts()
        assert list(top["customers"]) == sorted(counts.to_numpy(), reverse=True)[:3], dim
        assert flows[dim].loc[flows[dim]["from"] == movement.NEW, "customers"].sum() == len(after) - len(both)


def test_largest_moves_order_and_ties():
    flow = pd.DataFrame({"from": ["new", "a", "a", "b", "c", "b"], "to": ["a", "a", "b", "a", "a", "c"],
                         "customers": [50, 40, 5, 5, 7, 1]})
    top = transitions.largest_moves(flow, "new")
    assert list(zip(top["from"], top["to"], top["customers"], strict=True)) == [("c", "a", 7), ("a", "b", 5),
                                                                                  ("b", "a", 5)]
    assert transitions.moved_count(flow, "new") == (18, 58)


@pytest.mark.parametrize("lang,labels", [
    ("en", {"active_customers": "Active customers", "revenue": "Revenue [CNY]", "retention_rate": "Retention rate",
            "repeat_purchase_rate": "Repeat purchase rate", "top_share": "Top 20 % share of value"}),
    ("zh", {"active_customers": "活跃客户", "revenue": "销售额 [CNY]", "retention_rate": "客户保持率",
            "repeat_purchase_rate": "复购率", "top_share": "前 20% 客户价值占比"}),
])
def test_the_overview_is_the_first_page_and_its_cards_match_plain_pandas(sample_figures, lang, labels):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == ("Overview" if lang == "en" else "总览")
    cards = {m.label: (m.value, m.delta) for m in at.metric}
    cur, prev = sample_figures
    assert cards[labels["active_customers"]][0] == f"{cur['active_customers']:,}"
    diff = cur["active_customers"] - prev["active_customers"]
    assert cards[labels["active_customers"]][1].startswith(f"{diff:+,}")
    assert cards[labels["revenue"]][0] == f"¥{cur['revenue']:,.0f}"
    for kpi in ("retention_rate", "repeat_purchase_rate", "top_share"):
        assert cards[labels[kpi]][0] == f"{cur[kpi]:.1%}", kpi
        assert cards[labels[kpi]][1].startswith(f"{(cur[kpi] - prev[kpi]) * 100:+.1f}"), kpi


@pytest.fixture(scope="module")
def cli_reports(tmp_path_factory):
    """``report sample`` as of the default date and as of the start of its month (the overview's comparison
    date): each customer's clv_pred and churn_prob, through the command line's own pipeline."""
    from tests.test_cli import run_cli
    out = {}
    for as_of in ("2025-01-01", "2024-12-01"):
        d = tmp_path_factory.mktemp(f"ov_{as_of}")
        res = run_cli("report", "sample", "--out", d, "--as-of", as_of)
        assert res.returncode == 0, res.stderr
        out[as_of] = pd.read_csv(d / "customers.csv", dtype={"customer_id": str})
    return out


def test_model_cards_and_their_changes_equal_the_command_line_at_both_dates(cli_reports):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    cards = {m.label: (m.value, m.delta) for m in at.metric}
    now, before = cli_reports["2025-01-01"], cli_reports["2024-12-01"]
    equity, equity_before = now["clv_pred"].sum(), before["clv_pred"].sum()
    assert cards["Customer equity [CNY]"][0] == f"¥{equity:,.0f}"
    assert cards["Customer equity [CNY]"][1].startswith(f"{'+' if equity >= equity_before else '-'}"
                                                        f"¥{abs(equity - equity_before):,.0f}")
    risky, risky_before = now[now["churn_prob"] >= 0.5], before[before["churn_prob"] >= 0.5]
    assert cards["Customers at risk"][0] == f"{len(risky):,}"
    assert cards["Customers at risk"][1].startswith(f"{len(risky) - len(risky_before):+,}")
    var, var_before = ((r["clv_pred"] * r["churn_prob"]).sum() for r in (risky, risky_before))
    assert cards["Value at risk [CNY]"][0] == f"¥{var:,.0f}"
    assert cards["Value at risk [CNY]"][1].startswith(f"{'+' if var >= var_before else '-'}¥{abs(var - var_before):,.0f}")
