"""Command line: the same computations as the app, without a browser.

    python -m crm_core ingest FILE [--sheet S] [--map role=column ...] [--json]
    python -m crm_core report FILE --out DIR [--as-of DATE] [--sheet S] [--map role=column ...]

``report`` writes DIR/ingest.json, DIR/rejected.csv, DIR/customers.csv (CustomerTable + pyramid
tier + RFM scores, code, segment and Chinese class + predicted CLV columns + lifecycle_stage and
lifecycle_rule + churn_prob + loyalty_score, loyalty_quadrant, ladder_rung, regularity and, with a
discount column, promo_share) and DIR/summary.json (tier table, RFM segment and class tables, cut
points, the fitted CLV models, lifecycle stage and rule counts with the lost ceiling, the churn
model's settings and validation, and ``loyalty``: the retention rate per complete period of
``--retention-period``, the repeat purchase rate, the second-purchase rate within
``--second-purchase-days``, the time to the second order, first- vs repeat-order value, the
value × loyalty quadrant table, the ladder counts, the promotion summary and customer_equity).

``FILE`` may also be the name of a bundled dataset (``sample``, ``cdnow``). Files are read
from their path by DuckDB directly, so files too big to upload work here. Exit status: 0 on
success, 2 when the input cannot be used (the message says which column, which rows, why).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from dataclasses import asdict
from pathlib import Path

from .churn import churn_report
from .clv.customer_value import fit_btyd, predict_customers
from .clv.gamma_gamma import METHOD_POOLED_MEAN
from .clv.holdout import holdout_check
from .customers import TIME_UNITS, customer_table
from .datasets import BUNDLED
from .errors import InvalidInputError
from .export import to_csv_bytes
from .ingest import IngestReport, ingest_file, rejected_lines
from .lifecycle import DEFAULT_THRESHOLDS, RULES, customer_stages, gap_ceilings, stage_counts
from .loyalty import DEFAULT_PERIOD, DEFAULT_WINDOW_DAYS, PERIODS, loyalty_summary
from .loyalty.behaviour import customer_behaviour
from .loyalty.equity import equity_summary
from .loyalty.profile import loyalty_profile, profile_summary
from .loyalty.promotion import customer_promotion, promotion_summary
from .loyalty.referrals import referral_counts
from .pyramid import DEFAULT_CUTS, assign_tiers, pareto, tier_table
from .rfm import CLASS8_NAMES_ZH, MONETARY_MODES, score_rfm, segment_table
from .schema import ROLE_NAMES
from .value import available_metrics, customer_value

REPORT_KEYS = ("rows_read", "rows_kept", "returns", "duplicates_removed", "rejected", "customers",
               "first_date", "last_date", "gross_revenue", "net_revenue")


def _parse_map(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items or []:
        role, sep, column = item.partition("=")
        if not sep or role not in ROLE_NAMES:
            raise InvalidInputError("parameters", "--map",
                                    reason=f"expected role=column with role one of {', '.join(ROLE_NAMES)}; "
                                           f"got {item!r}")
        out[role] = column
    return out


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of days >= 1, got {text!r}")
    return value


def _read_map_file(path: str | None) -> dict[str, str]:
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise InvalidInputError("parameters", "--map-file", reason=f"cannot read the mapping file {path} ({err})",
                                reason_zh=f"无法读取映射文件 {path}（{err}）") from None
    roles = data.get("mapping", data) if isinstance(data, dict) else None
    if not isinstance(roles, dict) or any(r not in ROLE_NAMES for r in roles):
        raise InvalidInputError("parameters", "--map-file",
                                reason=f"expected a JSON object {{role: column}} with roles among "
                                       f"{', '.join(ROLE_NAMES)}; got {str(data)[:200]}")
    return {r: c for r, c in roles.items() if c}


def _load(args):
    path, currency, name = args.file, None, None
    dedupe = False if args.keep_duplicates else (True if args.drop_duplicates else None)
    if args.file in BUNDLED:
        ds = BUNDLED[args.file]
        path, currency, name = ds.path, ds.currency, ds.key
        dedupe = dedupe if dedupe is not None else ds.drop_duplicates
    mapping = {**_read_map_file(args.map_file), **_parse_map(args.map)}
    store, report = ingest_file(path, mapping=mapping or None, sheet=args.sheet, currency=currency,
                                source_name=name, drop_duplicates=dedupe,
                                decimal={"point": ".", "comma": ","}.get(args.decimal),
                                date_order=args.date_order)
    if args.save_map:
        used = {r: c for r, c in report.mapping.items() if c}
        Path(args.save_map).write_text(json.dumps({"columns": report.columns, "mapping": used},
                                                  ensure_ascii=False, indent=2), encoding="utf-8")
    return store, report


def _print_report(report: IngestReport) -> None:
    d = report.to_dict()
    print(f"{d['source_name']}: {d['rows_read']:,} rows read = {d['rows_kept']:,} kept "
          f"+ {d['rows_rejected']:,} rejected + {d['rows_excluded']:,} excluded "
          f"+ {d['duplicates_removed']:,} duplicates removed")
    if d["layout"]:
        print(f"  layout: {d['layout']} ({d['layout_title']['en']})")
    print(f"  {d['customers']:,} customers, {d['first_date']} .. {d['last_date']}, "
          f"{d['returns']:,} return lines")
    print(f"  gross revenue {d['gross_revenue']:,.2f}, net revenue {d['net_revenue']:,.2f} "
          f"{d['currency'] or ''}".rstrip())
    for reason, n in d["rejected"].items():
        print(f"  rejected {reason}: {n:,} (e.g. file rows {d['rejected_examples'][reason]})")
    for reason, n in d["excluded"].items():
        print(f"  excluded {reason}: {n:,} (e.g. file rows {d['excluded_examples'][reason]})")
    if d["identical_lines"]:
        print(f"  {d['identical_lines']:,} lines identical to an earlier line kept (no order id: separate "
              "purchases; --drop-duplicates removes them)")
    for note in d["conventions"]:
        print(f"  read: {note}")
    print("  mapping: " + ", ".join(f"{r}={c}" for r, c in d["mapping"].items() if c))


def cmd_ingest(args) -> int:
    _, report = _load(args)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, default=str))
    else:
        _print_report(report)
    return 0


def _check_as_of(as_of, report) -> None:
    """An as-of date on or before the first order has no customer before it: a refusal, not an empty report."""
    if report.first_date is not None and as_of <= report.first_date:
        first, earliest = report.first_date.isoformat(), (report.first_date + dt.timedelta(days=1)).isoformat()
        raise InvalidInputError(
            "parameters", "--as-of",
            reason=f"{as_of} is on or before the first order in the file ({first}): no customer has bought "
                   f"before it; use {earliest} or later (the default is the day after the last order)",
            reason_zh=f"{as_of} 不晚于文件中的第一笔订单（{first}）：在此之前没有任何客户购买；"
                      f"请使用 {earliest} 或更晚的日期（默认是最后一笔订单的次日）")


def cmd_report(args) -> int:
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InvalidInputError("parameters", "--out", reason=f"{out} is a file, not a folder; name a folder "
                                                               "(it is created if missing)",
                                reason_zh=f"{out} 是文件而不是文件夹；请指定一个文件夹（不存在时会自动创建）")
    store, report = _load(args)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InvalidInputError("parameters", "--out", reason=f"cannot create the folder {out} ({err.strerror})",
                                reason_zh=f"无法创建文件夹 {out}（{err.strerror}）") from None
    as_of = args.as_of or report.default_as_of
    _check_as_of(as_of, report)
    d = report.to_dict()
    d["as_of"] = as_of.isoformat()
    (out / "ingest.json").write_text(json.dumps(d, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    (out / "rejected.csv").write_bytes(to_csv_bytes(rejected_lines(store)))
    customers = customer_table(store, as_of, time_unit=args.time_unit)
    customers, summary = segment_customers(customers, has_profit=report.has_profit, monetary=args.rfm_monetary)
    customers, clv = predicted_clv(store, customers, args, as_of)
    customers, lifecycle = lifecycle_stages(store, customers, as_of)
    customers, churn = churn_risk(store, customers, args, as_of)
    loyalty = loyalty_summary(store, as_of, args.retention_period, args.second_purchase_days)
    customers, loyalty_more = loyalty_columns(store, customers, as_of, has_profit=report.has_profit)
    if "customer_equity" in loyalty_more:  # the predictions' settings: those of the clv object
        loyalty_more["customer_equity"].update(horizon=clv["horizon"], time_unit=clv["time_unit"],
                                               discount_rate_per_period=clv["discount_rate"], margin=1.0)
    loyalty.update(loyalty_more)
    summary = {"as_of": as_of.isoformat(), "dataset": report.source_name, "currency": report.currency,
               "customers": len(customers), **summary, "clv": clv, "lifecycle": lifecycle, "churn": churn,
               "loyalty": loyalty}
    (out / "customers.csv").write_bytes(to_csv_bytes(customers))
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=_json_default),
                                      encoding="utf-8")
    print(f"wrote {out / 'ingest.json'}, {out / 'rejected.csv'} ({report.rows_rejected:,} rows), "
          f"{out / 'customers.csv'} ({len(customers):,} customers as of {as_of}), {out / 'summary.json'}")
    return 0


def segment_customers(customers, *, has_profit: bool, monetary: str = "total"):
    """CustomerTable + tier and RFM columns, and the summary's tier table, segment tables and cut points."""
    metric = available_metrics(customers, has_profit=has_profit)[0]
    value = customer_value(customers, metric)
    tiers = assign_tiers(customers["customer_id"], value)
    scores, cuts = score_rfm(customers, monetary=monetary)
    out = customers.copy()
    out["tier"] = tiers
    for col in ("r_score", "f_score", "m_score", "rfm_code", "rfm_segment"):
        out[col] = scores[col]
    out["rfm_class8"] = scores["rfm_class8"].map(CLASS8_NAMES_ZH)
    p = pareto(value)
    summary = {
        "pyramid": {"value_metric": metric, "cuts": list(DEFAULT_CUTS), "gini": p.gini,
                    "profit_unknown_customers": int(value.isna().sum()),  # tier "unknown": a blank cost
                    "top_20pct_value_share": p.top_share(0.2),
                    "tiers": tier_table(customers, tiers, value).to_dict(orient="records")},
        "rfm": {"monetary": monetary, "cut_points": cuts.as_dict(),
                "segments": segment_table(scores, "rfm_segment").to_dict(orient="records"),
                "classes8": segment_table(scores, "rfm_class8").assign(
                    name_zh=lambda t: t["segment"].map(CLASS8_NAMES_ZH)).to_dict(orient="records")},
    }
    return out, summary


def predicted_clv(store, customers, args, as_of):
    """CustomerTable + p_alive, expected_purchases, expected_spend, clv_pred; and the summary's ``clv`` object.

    A fit that cannot be made (too few repeat buyers, no convergence) leaves the columns empty and puts
    the reason in ``clv.error``: the rest of the report is still written.
    """
    unit_days = TIME_UNITS[args.time_unit]
    rate = args.discount_rate if args.discount_rate is not None else (1.10 ** (unit_days / 365.25) - 1)
    clv = {"time_unit": args.time_unit, "horizon": args.horizon, "discount_rate": rate,
           "discount_rate_note": f"per {args.time_unit}; default = 10 % a year compounded per {args.time_unit}"}
    out = customers.copy()
    try:
        fitted = fit_btyd(customers, time_unit=args.time_unit)
        pred = predict_customers(customers, fitted, horizon=args.horizon, discount_rate=rate)
    except InvalidInputError as err:
        for col in ("p_alive", "expected_purchases", "expected_spend", "clv_pred"):
            out[col] = float("nan")
        clv["error"] = str(err)
        return out, clv
    out["p_alive"] = pred["p_alive"].to_numpy()
    out["expected_purchases"] = pred["expected_purchases"].to_numpy()
    out["expected_spend"] = pred["expected_spend"].to_numpy()
    out["clv_pred"] = pred["clv_expected"].to_numpy()
    bg, gg = fitted.purchases, fitted.spend
    clv["bgnbd"] = {**{k: float(v) for k, v in bg.params_.items()}, "log_likelihood": float(bg.log_likelihood_)}
    gp = gg.params_.to_dict()
    clv["gamma_gamma"] = {k: _finite_or_none(gp[name]) for k, name in (("p", "p"), ("q", "q"), ("gamma", "v"))}
    # how the expected spends were obtained: the fit, or its limit when spend does not differ between customers
    clv["spend_method"] = gg.method_
    clv["population_mean_spend"] = float(gg.population_mean_spend_)
    if gg.method_ == METHOD_POOLED_MEAN:
        clv["spend_note"] = gg.warnings_[0]
    if args.calibration_end:
        check = holdout_check(store, calibration_as_of=args.calibration_end, holdout_as_of=as_of,
                              time_unit=args.time_unit, cumulative=False)
        clv["holdout"] = {"calibration_end": args.calibration_end.isoformat(), "holdout_end": as_of.isoformat(),
                          "errors": check.errors.rename_axis("model").reset_index().to_dict(orient="records")}
    return out, clv


def _finite_or_none(value: float) -> float | None:
    """A parameter for JSON: None when not finite (q = γ = ∞ and p unestimated in the pooled-mean limit)."""
    value = float(value)
    return value if math.isfinite(value) else None


def lifecycle_stages(store, customers, as_of):
    """CustomerTable + ``lifecycle_stage`` (an id of ``crm_core.lifecycle.STAGES``) and ``lifecycle_rule`` (the
    rule that decided it, a key of ``crm_core.lifecycle.RULES``, e.g. ``lost_ceiling``); the summary's
    ``lifecycle``, with the lost ceiling in force [days] (``lost_ceiling_days`` of the thresholds is None: it
    comes from the data, the ``lost_ceiling_percentile`` of the repurchase gaps before the as-of date).

    The default thresholds, without P(alive) — the lifecycle page's defaults.
    """
    stages = customer_stages(store, as_of, DEFAULT_THRESHOLDS).set_index("customer_id")
    out = customers.copy()
    out["lifecycle_stage"] = out["customer_id"].map(stages["stage"])
    out["lifecycle_rule"] = out["customer_id"].map(stages["rule"])
    ceiling = gap_ceilings(store, [as_of], DEFAULT_THRESHOLDS).iloc[0]
    lifecycle = {"thresholds": asdict(DEFAULT_THRESHOLDS), "uses_p_alive": False,
                 "lost_ceiling_days": None if math.isnan(ceiling) else float(ceiling),
                 "stage_counts": stage_counts(stages), "rule_counts": {r: int((stages["rule"] == r).sum()) for r in RULES}}
    return out, lifecycle


def loyalty_columns(store, customers, as_of, *, has_profit: bool):
    """CustomerTable + ``loyalty_score`` (0–1), ``loyalty_quadrant`` (``strangers``, ``butterflies``, ``barnacles``,
    ``true_friends``), ``ladder_rung`` (``first_time``, ``repeat``, ``client``; ``advocate`` with a referrer
    column), ``regularity`` (CV of the gaps between orders), and ``promo_share`` when a discount column is mapped;
    the summary's ``loyalty`` additions: the quadrant table and ladder counts (``crm_core.loyalty.profile``), the
    promotion summary, and ``customer_equity`` (Σ clv_pred, split by tier and by quadrant).

    The loyalty page's defaults: equal weights, median splits, client = 4 orders over 6 months; the value axis is
    the pyramid's value metric (profit when the data has cost or margin, else net revenue).
    """
    metric = available_metrics(customers, has_profit=has_profit)[0]
    value = customer_value(customers, metric).set_axis(customers["customer_id"].to_numpy())
    prof = loyalty_profile(customer_behaviour(store, as_of), value, referrals=referral_counts(store, as_of))
    prof = prof.set_index("customer_id")
    out = customers.copy()
    for col in ("loyalty_score", "loyalty_quadrant", "ladder_rung", "regularity"):
        out[col] = out["customer_id"].map(prof[col]).to_numpy()
    extra = {"value_metric": metric, **profile_summary(prof.reset_index())}
    promo = customer_promotion(store, as_of)
    if promo is not None:
        out["promo_share"] = out["customer_id"].map(promo.set_index("customer_id")["promo_share"]).to_numpy()
        extra["promotion"] = promotion_summary(promo)
    clv = out.set_index("customer_id")["clv_pred"] if "clv_pred" in out.columns else None
    if clv is not None:
        groupings = {"tier": out.set_index("customer_id")["tier"], "quadrant": prof["loyalty_quadrant"]}
        extra["customer_equity"] = equity_summary(clv, groupings)
    return out, extra


def churn_risk(store, customers, args, as_of):
    """CustomerTable + ``churn_prob`` (no order in the next H days after the as-of date); the summary's ``churn``.

    Data too short for the horizon, or a cutoff with one class only, leaves the column empty and puts the
    reason in ``churn.error``: the rest of the report is still written.
    """
    out = customers.copy()
    try:
        rep = churn_report(store, as_of, args.churn_horizon)
    except InvalidInputError as err:
        out["churn_prob"] = float("nan")
        return out, {"horizon_days": args.churn_horizon, "error": str(err)}
    out["churn_prob"] = out["customer_id"].map(rep.scores.set_index("customer_id")["churn_prob"])
    validation = rep.validation[["model", "roc_auc", "pr_auc", "brier", "top_decile_lift"]]
    validation = validation.astype(object).where(validation.notna(), None)  # NaN (a failed baseline) -> null
    churn = {"horizon_days": rep.horizon_days, "settings": rep.settings,
             "validation": validation.to_dict(orient="records")}
    return out, churn


def _json_default(v):
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if hasattr(v, "item"):
        return v.item()
    return str(v)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m crm_core", description="Customer Value Dashboard, command line.")
    sub = p.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("file", help="order file (CSV/TXT, .xlsx, Parquet) or a bundled dataset: "
                                     + ", ".join(BUNDLED))
    common.add_argument("--sheet", help="Excel sheet (default: the first non-empty one)")
    common.add_argument("--map", action="append", metavar="ROLE=COLUMN",
                        help="set a column role, e.g. --map amount=实付金额 (repeatable)")
    dups = common.add_mutually_exclusive_group()
    dups.add_argument("--keep-duplicates", action="store_true",
                      help="keep exact duplicate lines (default: removed only when the file has an order id; "
                           "without one identical lines are separate purchases, kept and counted)")
    dups.add_argument("--drop-duplicates", action="store_true",
                      help="remove exact duplicate lines even when the file has no order id")
    common.add_argument("--decimal", choices=["point", "comma"],
                        help="decimal separator of the amounts (default: decided from each whole column; asked "
                             "when every value reads two ways, like 1,234)")
    common.add_argument("--date-order", choices=["dmy", "mdy", "ymd"],
                        help="order of day and month in n/n/year dates (default: decided from the whole column; "
                             "asked when every date could be either)")
    common.add_argument("--map-file", metavar="JSON",
                        help="read role=column settings from a JSON file {role: column} (see --save-map); "
                             "--map given too wins")
    common.add_argument("--save-map", metavar="JSON",
                        help="write the mapping used to this JSON file, to reuse it for the next file with the "
                             "same headers (--map-file)")
    pi = sub.add_parser("ingest", parents=[common], help="print the ingest report")
    pi.add_argument("--json", action="store_true", help="one JSON object instead of text")
    pi.set_defaults(func=cmd_ingest)
    pr = sub.add_parser("report", parents=[common], help="write ingest.json, rejected.csv, customers.csv")
    pr.add_argument("--out", required=True, help="output folder (created if missing)")
    pr.add_argument("--as-of", type=_date, help="as-of date YYYY-MM-DD (default: day after the last order)")
    pr.add_argument("--time-unit", choices=list(TIME_UNITS), default="week",
                    help="unit of the BTYD columns recency and T (default: week)")
    pr.add_argument("--horizon", type=int, default=52, help="CLV horizon in periods of --time-unit (default 52)")
    pr.add_argument("--discount-rate", type=float,
                    help="discount rate per period of --time-unit (default: 10%% a year, compounded per period)")
    pr.add_argument("--calibration-end", type=_date,
                    help="also check BG/NBD on a holdout: fit on orders before this date, compare up to --as-of")
    pr.add_argument("--rfm-monetary", choices=list(MONETARY_MODES), default="total",
                    help="RFM monetary value: total net revenue (default) or average per order")
    pr.add_argument("--churn-horizon", type=int, metavar="DAYS",
                    help="churn = no order in this many days after a cutoff (default: from the data's typical "
                         "repurchase gap)")
    pr.add_argument("--retention-period", choices=list(PERIODS), default=DEFAULT_PERIOD,
                    help="calendar period of the loyalty retention rate (default: quarter); only periods complete "
                         "before --as-of are reported")
    pr.add_argument("--second-purchase-days", type=_positive_int, default=DEFAULT_WINDOW_DAYS, metavar="DAYS",
                    help="window of the second-purchase rate: a second order within this many days of the first "
                         "(default 90); only customers whose first order + DAYS lies before --as-of count")
    pr.set_defaults(func=cmd_report)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except InvalidInputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
