"""The command line: same computations, no browser (python -m crm_core …), run as a real subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from .conftest import DATA, ROOT
from .test_ingest import MESSY


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "crm_core", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    """``python -m crm_core report sample`` at the defaults, with its progress on stderr, run once for the tests
    that read it (each of the four runs it replaced cost 9-17 s of CI): (the finished process, its output folder)."""
    out = tmp_path_factory.mktemp("sample_report") / "out"
    res = run_cli("report", "sample", "--out", out)
    assert res.returncode == 0, res.stderr
    return res, out


def test_ingest_json_has_the_contract_keys(tmp_csv):
    path = tmp_csv(MESSY, "gbk")
    res = run_cli("ingest", path, "--json")
    assert res.returncode == 0, res.stderr
    d = json.loads(res.stdout)
    # figures worked out by hand in tests/test_ingest.py (future dates are judged against the real today)
    assert d["rows_read"] == 12 and d["rows_kept"] == 4 and d["duplicates_removed"] == 1
    assert d["returns"] == 1 and d["customers"] == 4
    assert d["rejected"]["unreadable_date"] == 1 and sum(d["rejected"].values()) == 7
    assert d["first_date"] == "2024-01-05" and d["last_date"] == "2024-02-01"
    assert d["gross_revenue"] == 1343.5 and d["net_revenue"] == 1331.5
    assert d["rows_read"] == d["rows_kept"] + sum(d["rejected"].values()) + d["duplicates_removed"]


def test_ingest_text_and_map_option(tmp_csv):
    path = tmp_csv("客户编号,会员ID,下单时间,实付金额\nA,M1,2024-01-05,1\nB,M1,2024-01-05,2\n")
    res = run_cli("ingest", path, "--map", "customer_id=会员ID")
    assert res.returncode == 0, res.stderr
    assert "2 rows read = 2 kept + 0 rejected + 0 excluded + 0 duplicates removed" in res.stdout
    assert "1 customers" in res.stdout and "customer_id=会员ID" in res.stdout


def test_report_writes_the_three_files(tmp_csv, tmp_path):
    out = tmp_path / "out"
    res = run_cli("report", tmp_csv(MESSY), "--out", out, "--as-of", "2024-01-20")
    assert res.returncode == 0, res.stderr
    ingest = json.loads((out / "ingest.json").read_text(encoding="utf-8"))
    assert ingest["as_of"] == "2024-01-20" and ingest["rows_kept"] == 4
    rejected = pd.read_csv(out / "rejected.csv", encoding="utf-8-sig", dtype=str)
    assert len(rejected) == 7 and list(rejected.columns[:2]) == ["source_row", "reason"]
    customers = pd.read_csv(out / "customers.csv", encoding="utf-8-sig", dtype={"customer_id": str})
    # as of Jan 20: C1 (Jan 5) and C4 (Jan 9, Excel serial) have purchases; C2 only a return; C5 buys Feb 1
    assert sorted(customers["customer_id"]) == ["C1", "C4"]
    for col in ["customer_id", "orders", "gross_revenue", "net_revenue", "first_order_date", "last_order_date",
                "days_since_last_order"]:
        assert col in customers.columns
    assert customers.set_index("customer_id").loc["C1", "days_since_last_order"] == 15


def test_report_neutralises_spreadsheet_formulas(tmp_csv, tmp_path):
    out = tmp_path / "out"
    text = "customer_id,order_date,amount,name\n=cmd|' /C calc'!A0,2024-01-05,5,+1-2\nC2,2024-01-06,3,@SUM(A1)\n"
    assert run_cli("report", tmp_csv(text), "--out", out).returncode == 0
    raw = (out / "customers.csv").read_text(encoding="utf-8-sig")
    assert "'=cmd" in raw and "\n=cmd" not in raw


def test_unusable_file_exits_2_with_a_specific_message(tmp_csv):
    res = run_cli("ingest", tmp_csv("客户,日期,备注\nC1,2024-01-05,x\n"))
    assert res.returncode == 2
    assert "required column(s) not found: amount" in res.stderr and "Traceback" not in res.stderr


def test_bad_map_option(tmp_csv):
    res = run_cli("ingest", tmp_csv(MESSY), "--map", "price")
    assert res.returncode == 2 and "expected role=column" in res.stderr


def test_report_adds_tier_and_rfm_columns_and_summary(sample_report):
    _, out = sample_report
    customers = pd.read_csv(out / "customers.csv", encoding="utf-8-sig", dtype={"rfm_code": str})
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    for col in ["tier", "r_score", "f_score", "m_score", "rfm_code", "rfm_segment", "rfm_class8"]:
        assert col in customers.columns
    # the code is the three scores; classes are the Chinese names; tiers agree with the summary table
    assert (customers["rfm_code"] == customers["r_score"].astype(str) + customers["f_score"].astype(str)
            + customers["m_score"].astype(str)).all()
    assert set(customers["rfm_class8"]) <= {"重要价值客户", "重要发展客户", "重要保持客户", "重要挽留客户",
                                            "一般价值客户", "一般发展客户", "一般保持客户", "一般挽留客户"}
    tiers = {t["tier"]: t["customers"] for t in summary["pyramid"]["tiers"]}
    assert customers["tier"].value_counts().to_dict() == {k: v for k, v in tiers.items() if v}
    assert tiers["vip"] == 50  # 1 % of 5,000 customers, all with positive profit
    assert summary["pyramid"]["value_metric"] == "profit"  # the sample has cost
    assert len(summary["rfm"]["cut_points"]["orders"]) == 4
    assert sum(s["customers"] for s in summary["rfm"]["segments"]) == len(customers) == summary["customers"]


def test_export_neutralises_formulas_but_not_numbers():
    """OWASP "CSV Injection": text starting with = + - @ is prefixed with '; numbers stay numbers."""
    from crm_core.export import spreadsheet_safe, to_csv_bytes
    df = pd.DataFrame({"a": ["=1+1", "-12", "+1-2", "@SUM(A1)", "ok", None], "n": [1.5, -2.0, 3, 4, 5, 6],
                       "d": pd.to_datetime(["2024-01-01"] * 5 + [None])})
    safe = spreadsheet_safe(df)
    assert list(safe["a"].fillna("")) == ["'=1+1", "-12", "'+1-2", "'@SUM(A1)", "ok", ""]
    assert list(safe["n"]) == list(df["n"])
    text = to_csv_bytes(df).decode("utf-8-sig")
    back = pd.read_csv(__import__("io").StringIO(text), dtype={"a": str})
    assert list(back["n"]) == [1.5, -2.0, 3, 4, 5, 6] and back["d"].iloc[0] == "2024-01-01"


def test_report_fits_btyd_and_reproduces_the_published_cdnow_estimates(tmp_path):
    """Fader, Hardie & Lee (2005): the CDNOW 1/10 sample, 39-week calibration (as of 1997-10-01), gives
    r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4 (printed to 3 and 1 decimals)."""
    out = tmp_path / "out"
    res = run_cli("report", ROOT / "data" / "cdnow" / "cdnow_sample.csv", "--out", out, "--as-of", "1997-10-01",
                  "--map", "customer_id=customer_id", "--keep-duplicates")
    assert res.returncode == 0, res.stderr
    clv = json.loads((out / "summary.json").read_text(encoding="utf-8"))["clv"]
    bg = clv["bgnbd"]
    assert (round(bg["r"], 3), round(bg["alpha"], 3), round(bg["a"], 3), round(bg["b"], 3)) == (0.243, 4.414, 0.793, 2.426)
    assert round(bg["log_likelihood"], 1) == -9582.4
    assert set(clv["gamma_gamma"]) == {"p", "q", "gamma"} and clv["time_unit"] == "week" and clv["horizon"] == 52
    customers = pd.read_csv(out / "customers.csv", encoding="utf-8-sig")
    assert customers["clv_pred"].notna().all() and customers["p_alive"].between(0, 1).all()


def test_report_holdout_check(tmp_path):
    out = tmp_path / "out"
    res = run_cli("report", "cdnow", "--out", out, "--as-of", "1998-07-01", "--calibration-end", "1997-10-01")
    assert res.returncode == 0, res.stderr
    errors = {e["model"]: e for e in json.loads((out / "summary.json").read_text(encoding="utf-8"))["clv"]["holdout"]["errors"]}
    assert set(errors) == {"model", "naive"}
    assert errors["model"]["total_actual"] == errors["naive"]["total_actual"] > 0
    assert errors["model"]["mae"] < errors["naive"]["mae"]  # BG/NBD beats repeating the calibration rate


def test_report_adds_lifecycle_stage_and_churn_prob_for_a_past_as_of(tmp_path):
    """The report's churn_prob for a past --as-of, checked against what really happened next.

    Independent check: the sample's own CSV read with pandas gives each customer's actual purchases in the
    H days after the as-of date; churned = none. The model's ROC AUC on that (sklearn.metrics) must beat
    chance, and the stage counts in summary.json must be the counts of the customers.csv column.
    """
    from sklearn.metrics import roc_auc_score

    out = tmp_path / "out"
    as_of = "2024-07-01"
    res = run_cli("report", "sample", "--out", out, "--as-of", as_of)
    assert res.returncode == 0, res.stderr
    customers = pd.read_csv(out / "customers.csv", encoding="utf-8-sig")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    lc, churn = summary["lifecycle"], summary["churn"]
    stages = ["new", "exploration", "formation", "stable", "decline", "lost"]
    assert list(lc["stage_counts"]) == stages
    counts = customers["lifecycle_stage"].value_counts()
    assert {s: int(counts.get(s, 0)) for s in stages} == lc["stage_counts"]
    assert sum(lc["stage_counts"].values()) == len(customers)
    # the rule column: each rule belongs to its stage; the lost ceiling is the 95th percentile of the raw gaps
    from crm_core.lifecycle import RULES
    assert (customers["lifecycle_rule"].map(RULES) == customers["lifecycle_stage"]).all()
    rules = customers["lifecycle_rule"].value_counts()
    assert lc["rule_counts"] == {r: int(rules.get(r, 0)) for r in RULES} and lc["rule_counts"]["lost_ceiling"] > 0
    raw = pd.read_csv(DATA / "sample_orders.csv", usecols=["customer_id", "order_time", "amount"])
    raw_day = pd.to_datetime(raw["order_time"]).dt.normalize()
    buy = pd.DataFrame({"c": raw["customer_id"], "d": raw_day})[(raw["amount"] >= 0) & (raw_day < pd.Timestamp(as_of))]
    gaps = buy.drop_duplicates().sort_values(["c", "d"]).groupby("c")["d"].diff().dt.days.dropna()
    assert lc["lost_ceiling_days"] == pytest.approx(np.percentile(gaps, 95))
    assert lc["thresholds"]["lost_ceiling_percentile"] == 95.0 and lc["thresholds"]["lost_ceiling_days"] is None
    assert customers["churn_prob"].between(0, 1).all()

    h = churn["horizon_days"]
    assert h > 0 and churn["settings"]["timeline"]["as_of"] == as_of
    models = [v["model"] for v in churn["validation"]]
    assert "recency_rule" in models and "bgnbd_p_alive" in models and len(models) >= 3
    for v in churn["validation"]:
        assert 0 <= v["roc_auc"] <= 1 and 0 <= v["brier"] <= 1

    orders = pd.read_csv(DATA / "sample_orders.csv", usecols=["customer_id", "order_time", "amount"])
    t = pd.to_datetime(orders["order_time"])
    start = pd.Timestamp(as_of)
    after = orders[(t >= start) & (t < start + pd.Timedelta(days=h)) & (orders["amount"] >= 0)]
    churned = ~customers["customer_id"].isin(after["customer_id"])
    auc = roc_auc_score(churned, customers["churn_prob"])
    assert auc > 0.7, auc


def test_report_churn_horizon_too_long_keeps_the_rest_of_the_report(tmp_path):
    out = tmp_path / "out"
    res = run_cli("report", "sample", "--out", out, "--churn-horizon", "1000")
    assert res.returncode == 0, res.stderr
    churn = json.loads((out / "summary.json").read_text(encoding="utf-8"))["churn"]
    assert churn["horizon_days"] == 1000 and "horizon" in churn["error"]
    customers = pd.read_csv(out / "customers.csv", encoding="utf-8-sig")
    assert customers["churn_prob"].isna().all() and customers["lifecycle_stage"].notna().all()


@pytest.mark.parametrize("as_of", ["2025-01-01", "2025-01-05"])
def test_report_refuses_an_as_of_date_on_or_before_the_first_order(tmp_csv, tmp_path, as_of):
    # issue #10 "no crash: an as-of date on or before the first order" (was an IndexError in the RFM step)
    res = run_cli("report", tmp_csv("customer_id,order_date,amount\nA,2025-01-05,10\nB,2025-02-01,20\n"),
                  "--out", tmp_path / "r", "--as-of", as_of)
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr
    assert "--as-of" in res.stderr and "2025-01-05" in res.stderr and "2025-01-06 or later" in res.stderr
    assert not (tmp_path / "r" / "customers.csv").exists()


def test_report_records_the_pooled_mean_limit_when_spend_does_not_differ(tmp_path):
    # every repeat purchase day costs 30.00 (the CDNOW sample's days): summary.json says the spend model fell back
    from .clv.conftest import flat_spend_orders

    path = tmp_path / "flat.csv"
    flat_spend_orders().to_csv(path, index=False)
    out = tmp_path / "out"
    res = run_cli("report", path, "--out", out, "--map", "customer_id=customer_id")
    assert res.returncode == 0, res.stderr
    clv = json.loads((out / "summary.json").read_text(encoding="utf-8"))["clv"]
    assert "error" not in clv, clv.get("error")
    assert clv["spend_method"] == "pooled_mean_limit" and clv["population_mean_spend"] == 30.0
    assert clv["gamma_gamma"] == {"p": None, "q": None, "gamma": None}
    assert "pooled mean repeat spend" in clv["spend_note"]
    customers = pd.read_csv(out / "customers.csv", encoding="utf-8-sig")
    assert (customers["expected_spend"] == 30.0).all() and customers["clv_pred"].notna().all()


@pytest.mark.parametrize("period,want", [
    # worked by hand in tests/test_loyalty.py: quarterly buyers Q1 {A, B, C}, Q2 {A, D}, Q3 {A, B, E}
    ("quarter", [{"period": "2024-Q2", "active_before": 3, "retained": 1, "rate": 1 / 3},
                 {"period": "2024-Q3", "active_before": 2, "retained": 1, "rate": 0.5}]),
    # 2024 is the only year and not complete before Oct 1: no yearly figure
    ("year", []),
])
def test_report_summary_has_the_loyalty_measures(tmp_csv, tmp_path, period, want):
    from .test_loyalty import _csv
    out = tmp_path / "out"
    res = run_cli("report", tmp_csv(_csv(True)), "--out", out, "--as-of", "2024-10-01", "--retention-period", period)
    assert res.returncode == 0, res.stderr
    loyalty = json.loads((out / "summary.json").read_text(encoding="utf-8"))["loyalty"]
    assert loyalty["retention_period"] == period
    assert [{**r, "rate": pytest.approx(r["rate"])} for r in want] == loyalty["retention"]
    assert loyalty["repeat_purchase_rate"] == pytest.approx(4 / 5)  # A, B, D, E of 5
    # within 90 days of the first order: A (36 days), D (30) of the 4 whose first order + 90 days is before Oct 1
    assert loyalty["second_purchase_rate"] == {"window_days": 90, "eligible": 4, "within": 2, "rate": 0.5}
    assert loyalty["time_to_second_order"] == {"customers": 4, "p25": 34.5, "median": 51.5, "p75": 101.0}


def test_report_month_retention_and_second_purchase_window(tmp_csv, tmp_path):
    from .test_loyalty import _csv
    out = tmp_path / "out"
    res = run_cli("report", tmp_csv(_csv(False)), "--out", out, "--as-of", "2024-10-01",
                  "--retention-period", "month", "--second-purchase-days", "60")
    assert res.returncode == 0, res.stderr
    loyalty = json.loads((out / "summary.json").read_text(encoding="utf-8"))["loyalty"]
    got = [(r["period"], r["active_before"], r["retained"], r["rate"]) for r in loyalty["retention"]]
    # Jan {A,B} Feb {A,C} Mar {} Apr {A,D} May {D} Jun {} Jul {A,E} Aug {B} Sep {E}; no buyer before: rate null
    assert got == [("2024-02", 2, 1, 0.5), ("2024-03", 2, 0, 0.0), ("2024-04", 0, 0, None), ("2024-05", 2, 1, 0.5),
                   ("2024-06", 1, 0, 0.0), ("2024-07", 0, 0, None), ("2024-08", 2, 0, 0.0), ("2024-09", 1, 0, 0.0)]
    assert loyalty["second_purchase_rate"] == {"window_days": 60, "eligible": 5, "within": 2, "rate": 0.4}
    bad = run_cli("report", tmp_csv(_csv(False)), "--out", out, "--second-purchase-days", "0")
    assert bad.returncode == 2 and "--second-purchase-days" in bad.stderr


def test_report_writes_the_loyalty_columns_of_the_sample(sample_report):
    from .test_loyalty_behaviour import sample_independent
    _, per = sample_independent.__wrapped__()  # plain pandas from the CSV (the fixture's function)
    _, out = sample_report
    customers = pd.read_csv(out / "customers.csv", dtype={"customer_id": str}).set_index("customer_id")
    loyalty = json.loads((out / "summary.json").read_text(encoding="utf-8"))["loyalty"]
    # Kotler's ladder: 1 order = first_time; >= 2 = repeat; >= 4 orders over >= 6 months = client
    assert customers["ladder_rung"].value_counts().to_dict() == per["rung"].value_counts().to_dict()
    assert {r["rung"]: r["customers"] for r in loyalty["ladder"]} == per["rung"].value_counts().to_dict()
    np.testing.assert_allclose(customers["regularity"], per["cv"].reindex(customers.index), rtol=1e-9)
    assert customers["loyalty_score"].between(0, 1).all()
    # quadrants split at the medians of value (profit) and score; a customer on a line is high
    value, score = customers["profit"], customers["loyalty_score"]
    high_v, high_l = value >= value.median(), score >= score.median()
    want = {"strangers": (~high_v & ~high_l).sum(), "butterflies": (high_v & ~high_l).sum(),
            "barnacles": (~high_v & high_l).sum(), "true_friends": (high_v & high_l).sum()}
    assert customers["loyalty_quadrant"].value_counts().to_dict() == want
    assert {r["quadrant"]: r["customers"] for r in loyalty["quadrants"]} == want
    equity = loyalty["customer_equity"]
    assert equity["total"] == pytest.approx(customers["clv_pred"].sum())
    assert {g["group"]: g["equity"] for g in equity["by"]["quadrant"]} == pytest.approx(
        customers.groupby("loyalty_quadrant")["clv_pred"].sum().to_dict())
    assert equity["time_unit"] == "week" and equity["horizon"] == 52
    assert "promo_share" not in customers.columns and "promotion" not in loyalty  # the sample has no discount


def test_report_writes_promo_share_when_a_discount_column_is_mapped(tmp_path):
    from .exports.promo_files import AS_OF, expected_promotion, pos_member_promo
    gen = pos_member_promo(tmp_path)
    want = expected_promotion(gen)  # from the logical lines the file was written from, not from our parser
    out = tmp_path / "out"
    res = run_cli("report", gen.path, "--out", out, "--as-of", AS_OF.isoformat())
    assert res.returncode == 0, res.stderr
    customers = pd.read_csv(out / "customers.csv", dtype={"customer_id": str}).set_index("customer_id")
    for cid, w in want.items():
        assert customers.loc[cid, "promo_share"] == pytest.approx(w["discounted_orders"] / w["orders"]), cid
    promo = json.loads((out / "summary.json").read_text(encoding="utf-8"))["loyalty"]["promotion"]
    assert promo["customers"] == len(want)
    assert promo["promotion_driven"] == sum(w["discounted_orders"] / w["orders"] > 0.5 for w in want.values())


def test_report_tells_each_stage_on_stderr_unless_quiet(sample_report, tmp_path):
    from crm_core.progress import CLI_STAGES
    res, loud = sample_report
    lines = res.stderr.strip().splitlines()
    n = len(CLI_STAGES)
    assert lines[:-1] == [ln for ln in lines[:-1] if re.fullmatch(rf"\[\d+/{n}\] .+ … \d+\.\d s", ln)]
    assert [ln.split(" … ")[0] for ln in lines[:-1]] == [f"[{i}/{n}] {what}" for i, what in
                                                         enumerate(CLI_STAGES.values(), 1)]
    assert re.fullmatch(r"done in \d+\.\d s", lines[-1])
    quiet = run_cli("report", "sample", "--out", tmp_path / "b", "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""
    # the same report (floating-point sums may differ in the last digits between two processes)
    a, b = (pd.read_csv(d / "customers.csv", dtype={"customer_id": str}) for d in (loud, tmp_path / "b"))
    pd.testing.assert_frame_equal(a, b, rtol=1e-9)


def test_the_command_line_lifts_the_ingest_memory_cap_once_the_file_is_loaded(tmp_csv):
    """The ingest's DuckDB cap (2.3 × the file, at least 1 GiB: crm_core.store.memory_limit_for) is for loading; the
    command line's analyses then run under DuckDB's own limit (80 % of the machine's memory), which a connection
    opened without a cap reports (sql/memory_limit_default.sql)."""
    import duckdb

    from crm_core.cli import _load, build_parser
    from crm_core.ingest import ingest_file

    path = tmp_csv("customer_id,order_date,amount\nC1,2024-01-05,10\nC2,2024-02-01,20\n")
    setting = "SELECT current_setting('memory_limit')"
    capped, _ = ingest_file(path)
    store, _ = _load(build_parser().parse_args(["report", str(path), "--out", str(path.parent / "out")]))
    try:
        floor = duckdb.connect(config={"memory_limit": "1024MB"}).execute(setting).fetchone()[0]
        assert capped.con.execute(setting).fetchone()[0] == floor  # the ingest's floor for a small file
        assert store.con.execute(setting).fetchone()[0] == duckdb.connect().execute(setting).fetchone()[0] != floor
    finally:
        capped.close()
        store.close()
