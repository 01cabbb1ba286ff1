"""An independent reference for the churn tests: the features, labels and BTYD inputs written again in pandas
from their definitions (crm_core/churn/features.py's FEATURES, DESIGN.md §3's label), not from the SQL, and the
churn report's validation table as it was computed before issue #14 — features and labels one cutoff at a time,
BG/NBD on the CustomerTable at c1 — from those frames.

Money is summed line by line in the table's row order (``sequential_sum``): that is what a SQL ``sum`` over a
small table does (DuckDB reads it in row order), and the models' results depend on the last digit of these
sums (equal revenues that differ in the last bit split a histogram bin), so the reference must add in the
same order to be compared to the last digit. pandas' own ``groupby().sum()`` adds with compensation and
differs in the last bit for about a quarter of the customers.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator

import numpy as np
import pandas as pd

from crm_core.churn import FEATURE_NAMES, make_timeline
from crm_core.churn.baselines import RecencyRule
from crm_core.churn.metrics import METRICS, evaluate
from crm_core.churn.model import MODEL_NAMES, churn_probability, fit_model
from crm_core.clv.bgnbd import BetaGeo
from crm_core.customers import customer_table
from crm_core.errors import InvalidInputError


def sequential_sum(values) -> float:
    """((x1 + x2) + x3) + …, left to right (Python's ``sum`` compensates from 3.12 on; this does not)."""
    return functools.reduce(operator.add, list(values), 0.0)


def pandas_features(tx: pd.DataFrame, cutoff: dt.date, recent_days: int) -> pd.DataFrame:
    """The features of FEATURES at ``cutoff``, indexed and sorted by customer_id."""
    c = pd.Timestamp(cutoff)
    t = tx[tx["order_ts"] < c].copy()
    t["day"] = t["order_ts"].dt.normalize()
    t["key"] = t["order_id"].fillna(t["day"].dt.strftime("%Y-%m-%d"))
    buys = t[t["amount"] >= 0]
    start = c - pd.Timedelta(days=recent_days)
    g = buys.groupby("customer_id")
    out = pd.DataFrame({"first": g["day"].min(), "last": g["day"].max(), "orders": g["key"].nunique(),
                        "purchase_days": g["day"].nunique()})
    out["orders_recent"] = buys[buys["day"] >= start].groupby("customer_id")["key"].nunique().reindex(
        out.index, fill_value=0)
    out["net_revenue"] = t.groupby("customer_id")["amount"].agg(sequential_sum).reindex(out.index)
    out["net_revenue_recent"] = t[t["day"] >= start].groupby("customer_id")["amount"].agg(
        sequential_sum).reindex(out.index, fill_value=0.0)
    out["days_since_last_order"] = (c - out["last"]).dt.days
    out["tenure_days"] = (c - out["first"]).dt.days
    out["avg_order_value"] = out["net_revenue"] / out["orders"]
    span = (out["last"] - out["first"]).dt.days
    out["avg_gap_days"] = np.where(out["purchase_days"] > 1, span / (out["purchase_days"] - 1), out["tenure_days"])
    out["overdue_ratio"] = out["days_since_last_order"] / out["avg_gap_days"]
    return out[list(FEATURE_NAMES)].astype(float).sort_index()


def pandas_labels(tx: pd.DataFrame, cutoff: dt.date, horizon_days: int) -> pd.DataFrame:
    """``purchases_in_window``, ``churned`` of every customer with a purchase line before ``cutoff``: distinct
    days in [cutoff, cutoff + H) with a purchase line whose order id (if any) had no purchase line before."""
    c, end = pd.Timestamp(cutoff), pd.Timestamp(cutoff + dt.timedelta(days=horizon_days))
    buys = tx[tx["amount"] >= 0]
    before = buys[buys["order_ts"] < c]
    population = pd.Index(sorted(set(before["customer_id"])), name="customer_id")
    seen = {(cid, oid) for cid, oid in zip(before["customer_id"], before["order_id"], strict=True) if pd.notna(oid)}
    w = buys[(buys["order_ts"] >= c) & (buys["order_ts"] < end)]
    new = [pd.isna(oid) or (cid, oid) not in seen for cid, oid in zip(w["customer_id"], w["order_id"], strict=True)]
    w = w[np.asarray(new, dtype=bool)]
    days = w.assign(day=w["order_ts"].dt.normalize()).groupby("customer_id")["day"].nunique()
    out = pd.DataFrame({"purchases_in_window": days.reindex(population, fill_value=0).astype("int64")})
    out["churned"] = out["purchases_in_window"] == 0
    return out


def reference_validation(store, as_of: dt.date, horizon_days: int, *, random_state: int = 0) -> pd.DataFrame:
    """``churn_report(store, as_of, horizon_days).validation`` as computed before issue #14: the pandas
    features and labels at c0 = D − 2H and c1 = D − H, each cutoff on its own; the models of
    crm_core.churn.model trained at c0 and scored at c1; the recency rule; BG/NBD fitted on
    ``customer_table(store, c1)`` (the CustomerTable, its own queries)."""
    tl = make_timeline(store, as_of, horizon_days)
    h = tl.horizon_days
    tx = store.table("transactions").df()

    def labelled(c):
        return pandas_features(tx, c, h).join(pandas_labels(tx, c, h)["churned"], how="inner").reset_index()

    train, ev = labelled(tl.train_cutoff), labelled(tl.eval_cutoff)
    y = ev["churned"].to_numpy(dtype=int)
    probs = {name: churn_probability(fit_model(name, train, train["churned"], random_state=random_state), ev)
             for name in MODEL_NAMES}
    ct = customer_table(store, tl.eval_cutoff, time_unit="week")
    note = ""
    try:
        bg = BetaGeo(time_unit="week").fit(ct["frequency"], ct["recency"], ct["T"])
        alive = pd.Series(bg.p_alive(ct["frequency"], ct["recency"], ct["T"]), index=ct["customer_id"].to_numpy())
        probs["bgnbd_p_alive"] = 1.0 - alive.reindex(ev["customer_id"]).to_numpy(dtype=float)
    except InvalidInputError as err:
        probs["bgnbd_p_alive"], note = np.full(len(ev), np.nan), f"BG/NBD could not be fitted: {err}"
    probs["recency_rule"] = RecencyRule().fit(train["days_since_last_order"], train["churned"]).predict_proba(
        ev["days_since_last_order"])
    rows = []
    for name in (*MODEL_NAMES, "bgnbd_p_alive", "recency_rule"):
        p = probs[name]
        metrics = evaluate(y, p) if np.isfinite(p).all() else dict.fromkeys(METRICS, float("nan"))
        rows.append({"model": name, **metrics, "note": note if name == "bgnbd_p_alive" else ""})
    return pd.DataFrame(rows, columns=["model", *METRICS, "note"])
