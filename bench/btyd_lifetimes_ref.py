"""Reference run of lifetimes 0.11.3 (BG/NBD + Gamma-Gamma) on one summary CSV; prints JSON.

Runs ONLY inside bench/.venv-lifetimes (Python 3.11, lifetimes==0.11.3, numpy 1.23.5, pandas 1.5.3,
scipy 1.10.1, autograd, dill, setuptools<70); bench/bench_btyd.py creates that venv and calls this
script as a subprocess. Nothing here imports crm_core.

    bench/.venv-lifetimes/bin/python bench/btyd_lifetimes_ref.py SUMMARY.csv --repeat 3 [--weights] [--predict]

SUMMARY.csv columns: frequency, recency, T (one time unit), monetary (mean repeat spend; empty when
frequency = 0). Timed: ``BetaGeoFitter().fit`` and ``GammaGammaFitter().fit`` (on the customers with
frequency > 0 and monetary > 0), each the median of ``--repeat`` runs in this process, imports and CSV
reading excluded. The log-likelihoods are lifetimes' own ``_negative_log_likelihood`` at its estimate,
on the unscaled data, times the number of customers. ``--weights`` fits the BG/NBD on identical rows
merged with a count (pandas groupby, timed with the fit), the way lifetimes' docs suggest.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter


def _timed(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--weights", action="store_true")
    ap.add_argument("--predict", action="store_true", help="also time P(alive) and E[Y(t)] for every row")
    args = ap.parse_args()
    d = pd.read_csv(args.csv)
    f, r, t = d["frequency"].to_numpy(), d["recency"].to_numpy(), d["T"].to_numpy()

    def fit_bg():
        if args.weights:
            g = d.groupby(["frequency", "recency", "T"], sort=False).size().reset_index(name="w")
            return BetaGeoFitter().fit(g["frequency"], g["recency"], g["T"], weights=g["w"])
        return BetaGeoFitter().fit(f, r, t)

    bg_s, bg_all, bg = _timed(fit_bg, args.repeat)
    log_p = np.log(bg.params_[["r", "alpha", "a", "b"]].to_numpy())
    bg_ll = -BetaGeoFitter._negative_log_likelihood(log_p, f.astype(int), r, t, np.ones_like(r), 0.0) * len(d)

    rep = d[(d["frequency"] > 0) & (d["monetary"] > 0)]
    gg_s, gg_all, gg = _timed(lambda: GammaGammaFitter().fit(rep["frequency"], rep["monetary"]), args.repeat)
    log_q = np.log(gg.params_[["p", "q", "v"]].to_numpy())
    gg_ll = -GammaGammaFitter._negative_log_likelihood(
        log_q, rep["frequency"].to_numpy(float), rep["monetary"].to_numpy(float), np.ones(len(rep)), 0.0) * len(rep)

    out = {"n": len(d), "bg_seconds": bg_s, "bg_seconds_all": bg_all, "bg_params": bg.params_.to_dict(),
           "bg_ll": float(bg_ll), "gg_seconds": gg_s, "gg_seconds_all": gg_all, "gg_params": gg.params_.to_dict(),
           "gg_ll": float(gg_ll), "gg_n": len(rep)}
    if args.predict:
        t0 = time.perf_counter()
        bg.conditional_probability_alive(f, r, t)
        t1 = time.perf_counter()
        bg.conditional_expected_number_of_purchases_up_to_time(52, f, r, t)
        t2 = time.perf_counter()
        out.update(predict_p_alive_seconds=t1 - t0, predict_expected_52_seconds=t2 - t1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
