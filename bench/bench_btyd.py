"""BTYD fitters: crm_core.clv (BG/NBD + Gamma-Gamma) side by side with lifetimes 0.11.3.

    .venv/bin/python bench/bench_btyd.py                       # CDNOW, 100k and 1M customers, both forms
    .venv/bin/python bench/bench_btyd.py --sizes 100000 --repeat 5
    .venv/bin/python bench/bench_btyd.py --no-lifetimes        # ours only

For every data set, both implementations fit the SAME summary file (bench/out/btyd_<name>.csv:
frequency, recency, T in weeks, monetary = mean repeat spend): BG/NBD on every customer, Gamma-Gamma
on the customers with frequency > 0 and monetary > 0. lifetimes runs in its own virtual environment
(bench/.venv-lifetimes, created on first use: Python 3.11, lifetimes==0.11.3, numpy 1.23.5, pandas
1.5.3, scipy 1.10.1, autograd, dill, setuptools<70) through bench/btyd_lifetimes_ref.py. Each fit is
timed inside its own process, imports and file reading excluded, median of --repeat runs. The
log-likelihoods are each implementation's own formula at its own estimate; they must agree to 1e-6
relative.

Data sets:
- CDNOW: the published 39-week calibration summary of the CDNOW sample (2,357 customers).
- day-stamped N: N customers simulated from the CDNOW BG/NBD and Gamma-Gamma estimates, T uniform on
  0..52 weeks, times floored to whole days (x/7 weeks), as summaries of day-stamped transactions are:
  many (frequency, recency, T) rows repeat and ours merges them.
- continuous N: the same with continuous times: no two rows with frequency > 0 alike.

Prints the table and writes it to bench/out/btyd_results.md. No test asserts on timings.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crm_core.clv.bgnbd import BetaGeo  # noqa: E402
from crm_core.clv.customer_value import FittedBTYD, predict_customers  # noqa: E402
from crm_core.clv.gamma_gamma import GammaGamma  # noqa: E402
from crm_core.clv.simulate import simulate_bgnbd, simulate_mean_spend  # noqa: E402

OUT = ROOT / "bench" / "out"
VENV = ROOT / "bench" / ".venv-lifetimes"
REF = ROOT / "bench" / "btyd_lifetimes_ref.py"
LIFETIMES_PINS = ["lifetimes==0.11.3", "numpy==1.23.5", "pandas==1.5.3", "scipy==1.10.1", "autograd", "dill",
                  "setuptools<70"]
BG_TRUE = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)   # FHL (2005), CDNOW
GG_TRUE = dict(p=6.25, q=3.74, v=15.44)                  # note 025, CDNOW
HORIZON, DISCOUNT = 52, 1.10 ** (1 / 52) - 1             # one year of weeks at 10 % a year


def ensure_venv() -> Path:
    py = VENV / "bin" / "python"
    if not py.exists():
        subprocess.run(["python3.11", "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", *LIFETIMES_PINS], check=True)
    return py


def make_data(name: str, n: int, day_stamped: bool) -> Path:
    path = OUT / f"btyd_{name}.csv"
    if path.exists():
        return path
    rng = np.random.default_rng(20240101)
    s = simulate_bgnbd(**BG_TRUE, n_customers=n, T=rng.uniform(0, 52, n), seed=n,
                       days_per_unit=7.0 if day_stamped else None)
    m = simulate_mean_spend(**GG_TRUE, frequency=s["frequency"], seed=n + 1)
    if day_stamped:
        m = np.round(m, 2)  # cents, as money is
    pd.DataFrame({"frequency": s["frequency"], "recency": s["recency"], "T": s["T"], "monetary": m}).to_csv(
        path, index=False)
    return path


def cdnow_data() -> Path:
    path = OUT / "btyd_cdnow.csv"
    if not path.exists():
        d = pd.read_csv(ROOT / "data" / "cdnow" / "cdnow_customers_summary_with_transactions.csv")
        pd.DataFrame({"frequency": d["x"], "recency": d["t_x"], "T": d["T"],
                      "monetary": d["zbar"].where(d["x"] > 0)}).to_csv(path, index=False)
    return path


def _median_time(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def run_ours(path: Path, repeat: int, predict: bool) -> dict:
    d = pd.read_csv(path)
    f, r, t, m = (d[c].to_numpy() for c in ("frequency", "recency", "T", "monetary"))
    bg_s, bg = _median_time(lambda: BetaGeo().fit(f, r, t), repeat)
    gg_s, gg = _median_time(lambda: GammaGamma().fit(f, m), repeat)
    out = {"n": len(d), "bg_seconds": bg_s, "bg_ll": bg.log_likelihood_, "bg_params": bg.params_.to_dict(),
           "bg_rows": bg.n_distinct_rows_, "bg_iter": bg.n_iter_, "gg_seconds": gg_s, "gg_ll": gg.log_likelihood_,
           "gg_params": gg.params_.to_dict()}
    if predict:
        table = pd.DataFrame({"customer_id": np.arange(len(d)), "frequency": f, "recency": r, "T": t,
                              "mean_repeat_spend": m})
        fitted = FittedBTYD(bg, gg, "week")
        out["predict_p_alive_seconds"] = _median_time(lambda: bg.p_alive(f, r, t), repeat)[0]
        out["predict_expected_seconds"] = _median_time(lambda: bg.expected_purchases(HORIZON, f, r, t), repeat)[0]
        out["predict_clv_seconds"] = _median_time(lambda: bg.discounted_expected_purchases(
            f, r, t, horizon=HORIZON, discount_rate=DISCOUNT), repeat)[0]
        out["predict_all_seconds"] = _median_time(lambda: predict_customers(
            table, fitted, horizon=HORIZON, discount_rate=DISCOUNT), repeat)[0]
    return out


def run_lifetimes(py: Path, path: Path, repeat: int, predict: bool, weights: bool = False) -> dict:
    cmd = [str(py), str(REF), str(path), "--repeat", str(repeat)] + (["--predict"] if predict else []) + (
        ["--weights"] if weights else [])
    res = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def _markdown(table: pd.DataFrame) -> str:
    def cell(v):
        if isinstance(v, float):
            return "" if np.isnan(v) else f"{v:.4g}"
        return f"{v:,}" if isinstance(v, int | np.integer) else str(v)
    lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.itertuples(index=False)]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=float, nargs="*", default=[1e5, 1e6])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-lifetimes", action="store_true")
    ap.add_argument("--lifetimes-weights", action="store_true",
                    help="also time lifetimes given identical rows merged with weights (the day-stamped forms)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    py = None if args.no_lifetimes else ensure_venv()

    sets = [("CDNOW", "cdnow", cdnow_data(), False)]
    for n in (int(s) for s in args.sizes):
        for form, day in (("day-stamped", True), ("continuous", False)):
            tag = f"{'day' if day else 'cont'}_{n}"
            sets.append((f"{form} {n:,}", tag, make_data(tag, n, day), n >= 1_000_000))

    rows = []
    for label, _, path, predict in sets:
        ours = run_ours(path, args.repeat, predict)
        row = {"data": label, "customers": ours["n"], "distinct rows (ours)": ours["bg_rows"],
               "ours BG s": ours["bg_seconds"], "ours GG s": ours["gg_seconds"],
               "ours s": ours["bg_seconds"] + ours["gg_seconds"]}
        if py:
            ref = run_lifetimes(py, path, args.repeat, predict)
            row.update({"lifetimes BG s": ref["bg_seconds"], "lifetimes GG s": ref["gg_seconds"],
                        "lifetimes s": ref["bg_seconds"] + ref["gg_seconds"]})
            row["speed-up"] = row["lifetimes s"] / row["ours s"]
            row["BG LL ours"], row["BG LL lifetimes"] = ours["bg_ll"], ref["bg_ll"]
            row["BG LL rel diff"] = abs(ours["bg_ll"] - ref["bg_ll"]) / abs(ref["bg_ll"])
            row["GG LL rel diff"] = abs(ours["gg_ll"] - ref["gg_ll"]) / abs(ref["gg_ll"])
            if args.lifetimes_weights and label.startswith("day"):
                row["lifetimes BG s (weights)"] = run_lifetimes(py, path, args.repeat, False, weights=True)["bg_seconds"]
            if predict:
                row["lifetimes P(alive)+E[Y(52)] s"] = (ref["predict_p_alive_seconds"]
                                                        + ref["predict_expected_52_seconds"])
        if predict:
            row["ours P(alive) s"] = ours["predict_p_alive_seconds"]
            row["ours E[Y(52)] s"] = ours["predict_expected_seconds"]
            row["ours CLV 52 wk s"] = ours["predict_clv_seconds"]
            row["ours predict_customers s"] = ours["predict_all_seconds"]
        rows.append(row)
        print(json.dumps({k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()}), flush=True)

    table = pd.DataFrame(rows)
    facts = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"numpy {np.__version__}, pandas {pd.__version__}; median of {args.repeat} runs")
    md = [f"# BTYD fitters: crm_core.clv vs lifetimes 0.11.3\n\n{facts}\n", _markdown(table)]
    (OUT / "btyd_results.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    with pd.option_context("display.width", 250, "display.max_columns", 30):
        print(table.to_string(index=False, float_format=lambda v: f"{v:.4g}"))


if __name__ == "__main__":
    main()
