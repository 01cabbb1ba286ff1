"""The churn models' permutation importance: scikit-learn's permutation_importance (one prediction per permuted
copy) against crm_core.churn.model.permutation_drops (every copy in one prediction), same model, same rows, same
drops (checked here), interleaved in one process (issue #14: the churn page and report).

    python bench/bench_importance.py                 # 20,000 rows (IMPORTANCE_SAMPLE), 10 features, 3 rounds
    python bench/bench_importance.py --rows 5000 --rounds 5

The model is fitted on synthetic skewed features (what the churn features look like: counts and money); the
figures are wall seconds per call of each function, the median of the rounds. Nothing asserts on time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
from _harness import machine_facts, print_machine


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=20_000)
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args(argv)
    from sklearn.inspection import permutation_importance

    from crm_core.churn.model import IMPORTANCE_REPEATS, MODEL_NAMES, make_model, permutation_drops
    print_machine(machine_facts())
    print(f"command: python bench/bench_importance.py --rows {a.rows} --rounds {a.rounds}; repeats {IMPORTANCE_REPEATS}")
    rng = np.random.default_rng(1)
    n, k = a.rows, 10
    x = rng.gamma(0.8, 30.0, size=(2 * n, k))
    y = (x[:, 0] - 0.4 * x[:, 1] + 0.2 * x[:, 2] + rng.normal(0, 25, 2 * n) > 20).astype(int)
    print(f"{'model':<22}{'sklearn s':>11}{'batched s':>11}{'ratio':>8}   same drops")
    for name in MODEL_NAMES:
        model = make_model(name, random_state=0).fit(x[:n], y[:n])
        t_sk, t_b = [], []
        for _ in range(a.rounds):
            t0 = time.perf_counter()
            want = permutation_importance(model, x[n:], y[n:], scoring="roc_auc", n_repeats=IMPORTANCE_REPEATS,
                                          random_state=0).importances
            t_sk.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            got = permutation_drops(model, x[n:], y[n:], n_repeats=IMPORTANCE_REPEATS, random_state=0)
            t_b.append(time.perf_counter() - t0)
        sk, b = statistics.median(t_sk), statistics.median(t_b)
        same = "exact" if np.array_equal(got, want) else f"max diff {np.abs(got - want).max():.1e}"
        print(f"{name:<22}{sk:>11.3f}{b:>11.3f}{sk / b:>7.1f}x   {same}   (load {os.getloadavg()[0]:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
