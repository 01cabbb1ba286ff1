"""Calibration / holdout check of BG/NBD: fit before a date, compare forecast and actual purchases after it.

This module owns the split at a calibration date and the comparison tables: predicted against actual
holdout purchases per calibration-frequency group and cumulated over the holdout periods, with error
figures against a naive baseline. Purchases are purchase days, as in the CustomerTable; the model is
:class:`.bgnbd.BetaGeo`.

Per-customer holdout counts come from the CustomerTable itself: a customer's purchase days before the
holdout end minus those before the calibration date (``frequency`` at the end minus ``frequency`` at
calibration). The cumulative track comes from one query, ``sql/holdout_purchase_days.sql`` (the
calibration customers' purchase days per holdout day), cumulated up to each period's end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..customers import TIME_UNITS, customer_table
from ..errors import InvalidInputError
from ..store import Store
from .bgnbd import BetaGeo

# Calibration frequencies shown one by one; higher ones are pooled into one group "7+"
# (the grouping of Fader, Hardie & Lee 2005, Figure 4: x = 0..6 and 7+).
MAX_FREQUENCY_GROUP = 7


@dataclass(frozen=True)
class HoldoutCheck:
    """The outcome of a calibration / holdout comparison.

    Attributes
    ----------
    by_frequency : DataFrame
        Per calibration frequency group (0..6, "7+"): ``customers``, mean ``actual``, mean ``model``
        (BG/NBD) and mean ``naive`` holdout purchases [purchases per customer].
    errors : DataFrame
        Rows ``model`` and ``naive``: ``mae`` and ``rmse`` per customer [purchases], ``total_predicted``
        and ``total_actual`` [purchases], ``total_error_pct`` [%], ``group_mae`` (mean absolute error of the
        group means) [purchases].
    cumulative : DataFrame or None
        Per holdout period k = 1..K: ``as_of`` (the day after its last day), cumulative ``actual`` and ``model`` repeat
        purchases of the calibration customers [purchases].
    model : BetaGeo
        The BG/NBD fitted on the calibration period.
    holdout_length : float
        [time unit].
    """

    by_frequency: pd.DataFrame
    errors: pd.DataFrame
    cumulative: pd.DataFrame | None
    model: BetaGeo
    holdout_length: float


def holdout_purchases(calibration: pd.DataFrame, at_holdout_end: pd.DataFrame) -> pd.Series:
    """Purchase days in the holdout of each calibration customer [count], indexed by customer_id.

    ``calibration`` and ``at_holdout_end`` are CustomerTables of one store as of the calibration date
    and as of the holdout end. Purchase days before the calibration date are the same in both, so the
    holdout's are the difference of ``frequency``. Customers who first bought in the holdout are not
    in ``calibration`` and are left out.
    """
    cal = calibration.set_index("customer_id")["frequency"]
    end = at_holdout_end.set_index("customer_id")["frequency"]
    missing = cal.index.difference(end.index)
    if len(missing):
        raise InvalidInputError("customers", "customer_id", rows=list(missing), reason=(
            "calibration customers missing from the table at the holdout end: the two tables must come from "
            "one store, the second as of a later date"))
    out = end.reindex(cal.index) - cal
    if (out < 0).any():
        raise InvalidInputError("customers", "frequency", rows=list(out.index[out < 0]),
                                reason="fewer purchase days at the holdout end than at calibration")
    return out.rename("holdout_purchases")


def naive_forecast(frequency, T, holdout_length: float) -> np.ndarray:
    """Baseline: each customer keeps buying at their calibration rate, x / T × holdout length [purchases].

    Customers with T = 0 (first purchase on the last calibration day) are forecast 0.
    """
    x, t_end = np.asarray(frequency, dtype=np.float64), np.asarray(T, dtype=np.float64)
    rate = np.divide(x, t_end, out=np.zeros_like(x), where=t_end > 0)
    return rate * holdout_length


def compare_holdout(calibration: pd.DataFrame, actual, model: BetaGeo, *, holdout_length: float,
                    max_frequency_group: int = MAX_FREQUENCY_GROUP, weights=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Predicted (BG/NBD and naive) against actual holdout purchases: (by_frequency, errors).

    Parameters
    ----------
    calibration : DataFrame
        CustomerTable as of the calibration date (``frequency``, ``recency``, ``T``), or its distinct rows.
    actual : array_like
        Holdout purchases per row of ``calibration`` [count].
    model : BetaGeo
        Fitted on ``calibration``.
    holdout_length : float
        Length of the holdout [time unit of the model], > 0.
    max_frequency_group : int, default 7
        Calibration frequencies from this up are one group.
    weights : array_like, optional
        Customers per row (default one each): the Spark engine passes the distinct (x, t_x, T, actual) rows
        with their counts, which give the per-customer figures exactly — every figure is a weighted mean or sum,
        e.g. MAE = Σ wᵢ·|ŷᵢ − yᵢ| / Σ wᵢ.

    Returns
    -------
    (DataFrame, DataFrame)
        See :class:`HoldoutCheck` ``by_frequency`` and ``errors``.
    """
    if not (np.isfinite(holdout_length) and holdout_length > 0):
        raise InvalidInputError("parameters", "holdout_length", reason=f"must be > 0; got {holdout_length!r}",
                                reason_zh=f"验证期长度必须大于 0；当前为 {holdout_length!r}")
    x, tx, t_end = calibration["frequency"], calibration["recency"], calibration["T"]
    act = np.asarray(actual, dtype=np.float64)
    w = np.ones_like(act) if weights is None else np.asarray(weights, dtype=np.float64)
    forecast = {"model": np.asarray(model.expected_purchases(holdout_length, x, tx, t_end), dtype=np.float64),
                "naive": naive_forecast(x, t_end, holdout_length)}
    group = np.minimum(x.to_numpy(), max_frequency_group)
    labels = [str(g) if g < max_frequency_group else f"{max_frequency_group}+" for g in range(max_frequency_group + 1)]
    frame = pd.DataFrame({"group": pd.Categorical.from_codes(group.astype(int), labels), "customers": w,
                          "actual": w * act, "model": w * forecast["model"], "naive": w * forecast["naive"]})
    by = frame.groupby("group", observed=True).sum()
    for name in ("actual", "model", "naive"):
        by[name] = by[name] / by["customers"]
    by["customers"] = by["customers"].astype(np.int64)
    n, total_actual = w.sum(), float(frame["actual"].sum())
    rows = {}
    for name in ("model", "naive"):
        err = forecast[name] - act
        total = float(frame[name].sum())
        rows[name] = {"mae": float(np.sum(w * np.abs(err)) / n), "rmse": float(np.sqrt(np.sum(w * err ** 2) / n)),
                      "total_predicted": total, "total_actual": total_actual,
                      "total_error_pct": float(100 * (total - total_actual) / total_actual) if total_actual else np.nan,
                      "group_mae": float(np.mean(np.abs(by[name] - by["actual"])))}
    return by, pd.DataFrame(rows).T


def holdout_length(calibration_as_of: dt.date, holdout_as_of: dt.date, time_unit: str) -> float:
    """The holdout's length, (holdout_as_of − calibration_as_of) in days / days per unit [time unit]; refuses a
    holdout end not after the calibration end, or an unknown unit."""
    if holdout_as_of <= calibration_as_of:
        raise InvalidInputError("parameters", "holdout_as_of", reason=(
            f"holdout_as_of must be after calibration_as_of; got {holdout_as_of} <= {calibration_as_of}"),
            reason_zh=f"验证期结束日必须晚于校准期结束日；当前为 {holdout_as_of} <= {calibration_as_of}")
    unit_days = TIME_UNITS.get(time_unit)
    if unit_days is None:
        raise InvalidInputError("parameters", "time_unit",
                                reason=f"must be one of {', '.join(TIME_UNITS)}; got {time_unit!r}")
    return (holdout_as_of - calibration_as_of).days / unit_days


def holdout_check(store: Store, *, calibration_as_of: dt.date, holdout_as_of: dt.date, time_unit: str = "week",
                  cumulative: bool = True, max_frequency_group: int = MAX_FREQUENCY_GROUP) -> HoldoutCheck:
    """Fit BG/NBD on the lines before ``calibration_as_of``; compare with the lines up to ``holdout_as_of``.

    Parameters
    ----------
    store : Store
        Holds ``transactions``.
    calibration_as_of : date
        Lines dated before it are the calibration period (the CustomerTable's as-of convention).
    holdout_as_of : date
        Lines dated from ``calibration_as_of`` to the day before this are the holdout.
    time_unit : {"day", "week", "month"}, default "week"
        Unit of the model (and of the cumulative periods).
    cumulative : bool, default True
        Also track cumulative purchases per holdout period (:func:`holdout_purchase_days`, one query).
    max_frequency_group : int, default 7
        See :func:`compare_holdout`.

    Returns
    -------
    HoldoutCheck

    Notes
    -----
    CDNOW (Fader, Hardie & Lee 2005): ``calibration_as_of=1997-10-01``, ``holdout_as_of=1998-07-01``
    gives the paper's 39-week calibration and weeks 40-78 as holdout.
    """
    length = holdout_length(calibration_as_of, holdout_as_of, time_unit)
    unit_days = TIME_UNITS[time_unit]
    cal = customer_table(store, calibration_as_of, time_unit=time_unit)
    model = BetaGeo(time_unit=time_unit).fit(cal["frequency"], cal["recency"], cal["T"])
    end = customer_table(store, holdout_as_of, time_unit=time_unit)
    actual = holdout_purchases(cal, end)
    by, errors = compare_holdout(cal, actual.to_numpy(), model, holdout_length=length,
                                 max_frequency_group=max_frequency_group)
    track = None
    if cumulative:
        days = holdout_purchase_days(store, calibration_as_of=calibration_as_of, holdout_as_of=holdout_as_of)
        ends = period_ends(calibration_as_of, holdout_as_of, unit_days)
        # purchases before each period's end: the running total of the days before it
        day_values = pd.to_datetime(days["purchase_day"]).to_numpy(dtype="datetime64[D]")
        upto = np.searchsorted(day_values, np.array(ends, dtype="datetime64[D]"), side="left")
        running = np.concatenate([[0.0], np.cumsum(days["purchases"].to_numpy(dtype=np.float64))])
        t = np.array([(e - calibration_as_of).days / unit_days for e in ends])
        pred = [float(model.expected_purchases(tk, cal["frequency"], cal["recency"], cal["T"]).sum()) for tk in t]
        track = pd.DataFrame({"period": np.arange(1, len(ends) + 1), "as_of": ends, "actual": running[upto],
                              "model": pred})
    return HoldoutCheck(by, errors, track, model, length)


def period_ends(calibration_as_of: dt.date, holdout_as_of: dt.date, unit_days: float) -> list[dt.date]:
    """The as-of dates closing holdout periods k = 1..K: calibration_as_of + round(k · unit_days) days, the last
    one clipped to ``holdout_as_of`` [dates; each is the day after the period's last day]."""
    ends, k = [], 1
    while True:
        day = min(calibration_as_of + dt.timedelta(days=round(k * unit_days)), holdout_as_of)
        ends.append(day)
        if day >= holdout_as_of:
            return ends
        k += 1


def holdout_purchase_days(store: Store, *, calibration_as_of: dt.date, holdout_as_of: dt.date) -> pd.DataFrame:
    """Repeat purchases of the calibration customers per day of the holdout (``sql/holdout_purchase_days.sql``).

    Parameters
    ----------
    store : Store
        Holds ``transactions``.
    calibration_as_of, holdout_as_of : date
        The holdout is the days from ``calibration_as_of`` to the day before ``holdout_as_of``; the
        calibration customers are those with a purchase day before ``calibration_as_of``.

    Returns
    -------
    DataFrame
        ``purchase_day`` (date) and ``purchases`` [count of calibration customers buying that day], days
        with purchases only, sorted. Summed, it equals the total of :func:`holdout_purchases`.
    """
    return store.run("holdout_purchase_days", calibration_as_of=calibration_as_of, holdout_as_of=holdout_as_of)
