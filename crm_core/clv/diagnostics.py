"""Diagnostics of a fitted BG/NBD: the frequency × recency matrices of expected purchases and of P(alive).

This module owns the views that show what the model says for every (frequency, recency) pair at one
observation length T, as tables a page can draw as heat maps. The formulas are :mod:`.bgnbd`'s; the
Gamma-Gamma independence check is :func:`.gamma_gamma.frequency_spend_correlation`.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ..errors import InvalidInputError
from . import bgnbd


def frequency_recency_matrix(r, alpha, a, b, *, T: float, max_frequency: int, recency_steps: int = 20,
                             quantity: Literal["p_alive", "expected_purchases"] = "p_alive",
                             t: float = 1.0) -> pd.DataFrame:
    """P(alive) or E[Y(t)] for each frequency 0..max_frequency and recency 0..T, at observation length T.

    Parameters
    ----------
    r, alpha, a, b : float
        BG/NBD parameters; ``alpha`` [time unit].
    T : float
        Observation length after the first purchase [time unit], > 0 (e.g. the longest T in the data).
    max_frequency : int
        Largest repeat count shown (rows 0..max_frequency) [count].
    recency_steps : int, default 20
        Number of recency intervals: columns are recency = 0, T/steps, ..., T [time unit].
    quantity : {"p_alive", "expected_purchases"}, default "p_alive"
        What each cell holds: P(alive) [probability] or E[Y(t) | x, t_x, T] [purchases].
    t : float, default 1.0
        Forecast window for ``expected_purchases`` [time unit].

    Returns
    -------
    DataFrame
        Index ``frequency``, columns ``recency``. Frequency 0 needs recency 0, so that row is NaN except
        in the first column (at recency 0 a customer with x > 0 is computed as if the purchases were
        all at the first day, which the formulas allow).
    """
    if quantity not in ("p_alive", "expected_purchases"):
        raise InvalidInputError("parameters", "quantity",
                                reason=f"quantity must be 'p_alive' or 'expected_purchases'; got {quantity!r}")
    if not (np.isfinite(T) and T > 0):
        raise InvalidInputError("parameters", "T", reason=f"T must be > 0; got {T!r}")
    if int(max_frequency) != max_frequency or max_frequency < 0 or recency_steps < 1:
        raise InvalidInputError("parameters", ["max_frequency", "recency_steps"], reason=(
            f"need max_frequency >= 0 and recency_steps >= 1; got {max_frequency!r}, {recency_steps!r}"))
    freq = np.arange(int(max_frequency) + 1, dtype=np.float64)
    rec = np.linspace(0.0, float(T), int(recency_steps) + 1)
    xx, rr = np.meshgrid(freq, rec, indexing="ij")
    valid = (xx > 0) | (rr == 0)
    x, tx = xx[valid], rr[valid]
    t_end = np.full(x.size, float(T))
    if quantity == "p_alive":
        vals = bgnbd.p_alive(r, alpha, a, b, x, tx, t_end)
    else:
        vals = bgnbd.expected_purchases(r, alpha, a, b, x, tx, t_end, t)
    grid = np.full(xx.shape, np.nan)
    grid[valid] = vals
    return pd.DataFrame(grid, index=pd.Index(freq.astype(int), name="frequency"),
                        columns=pd.Index(rec, name="recency"))
