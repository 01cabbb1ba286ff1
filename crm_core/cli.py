"""Command line: the same computations as the app, without a browser.

    python -m crm_core ingest FILE [--sheet S] [--map role=column ...] [--json]
    python -m crm_core report FILE --out DIR [--as-of DATE] [--sheet S] [--map role=column ...] [--html [--lang zh]]
    python -m crm_core report PATH --engine spark --out DIR [--spark-master URL]   (crm_core.spark.report)
    python -m crm_core profile FILE --customer ID [--as-of DATE] [--json]

``report`` writes DIR/ingest.json, DIR/rejected.csv, DIR/customers.csv (CustomerTable + pyramid
tier + RFM scores, code, segment and Chinese class + predicted CLV columns + lifecycle_stage and
lifecycle_rule + churn_prob + loyalty_score, loyalty_quadrant, ladder_rung, regularity and, with a
discount column, promo_share) and DIR/summary.json (tier table, RFM segment and class tables, cut
points, the fitted CLV models, lifecycle stage and rule counts with the lost ceiling, the churn
model's settings and validation, and ``loyalty``: the retention rate per complete period of
``--retention-period``, the repeat purchase rate, the second-purchase rate within
``--second-purchase-days``, the time to the second order, first- vs repeat-order value, the
value × loyalty quadrant table, the ladder counts, the promotion summary and customer_equity). With ``--html``
also DIR/report.html, the report to hand out (``ui.handout``), in ``--lang en|zh``.

``FILE`` may also be the name of a bundled dataset (``sample``, ``cdnow``). Files are read
from their path by DuckDB directly, so files too big to upload work here. Exit status: 0 on
success, 2 when the input cannot be used (the message says which column, which rows, why).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import fields
from pathlib import Path

import pandas as pd

from . import overview
from .customers import TIME_UNITS
from .datasets import BUNDLED
from .errors import InvalidInputError
from .export import to_csv_bytes
from .ingest import IngestReport, ingest_file, rejected_lines
from .loyalty import DEFAULT_PERIOD, DEFAULT_WINDOW_DAYS, PERIODS
from .profile import NOT_FOUND, RETURNS_ONLY, customer_profile
from .progress import CLI_STAGES, StageLog
from .pyramid import DEFAULT_CUTS
from .rfm import MONETARY_MODES
from .schema import ROLE_NAMES
from .value import VALUE_METRICS

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


def _cuts(text: str) -> tuple[float, float, float]:
    """``--pyramid-cuts 0.01,0.05,0.20``: the cumulative customer shares closing the VIP, major and ordinary tiers."""
    try:
        cuts = tuple(float(x) for x in text.split(","))
    except ValueError:
        cuts = ()
    if len(cuts) != 3 or not (0 < cuts[0] < cuts[1] < cuts[2] < 1):
        raise argparse.ArgumentTypeError(f"expected three shares 0 < vip < major < ordinary < 1 as a,b,c (the "
                                         f"default is 0.01,0.05,0.20), got {text!r}")
    return cuts


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


def _load(args, progress=None):
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
                                date_order=args.date_order, progress=progress)
    # the ingest's memory cap is for loading on a modest machine; the analyses after it get DuckDB's own limit
    store.execute("memory_limit_default")
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
    from .customer_report import ReportSettings, customer_report  # scikit-learn, scipy: only for a report

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InvalidInputError("parameters", "--out", reason=f"{out} is a file, not a folder; name a folder "
                                                               "(it is created if missing)",
                                reason_zh=f"{out} 是文件而不是文件夹；请指定一个文件夹（不存在时会自动创建）")
    if args.engine == "spark":  # imported only here: the DuckDB engine never imports pyspark
        try:
            from .spark.report import cmd_report_spark
        except ImportError as err:
            if (err.name or "").split(".")[0] not in ("pyspark", "py4j", "sqlglot"):
                raise  # a bug of ours, not a missing extra: no "pip install" advice for it
            raise InvalidInputError("parameters", "--engine", reason=(
                f"--engine spark needs {err.name}: pip install -r requirements-spark.txt (and a Java runtime 17+: "
                "apt-get install default-jre-headless)"),
                reason_zh=f"--engine spark 需要 {err.name}：pip install -r requirements-spark.txt（以及 Java 17+）") from None
        return cmd_report_spark(args)
    for flag, given in (("--spark-master", args.spark_master), ("--spark-conf", args.spark_conf)):
        if given:
            raise InvalidInputError("parameters", flag, reason=f"{flag} needs --engine spark",
                                    reason_zh=f"{flag} 需要与 --engine spark 一起使用")
    log = StageLog(CLI_STAGES, quiet=args.quiet)
    store, report = _load(args, progress=log)
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
    settings = ReportSettings(**{f.name: getattr(args, f.name) for f in fields(ReportSettings)})
    customers, summary = customer_report(store, report, as_of, settings, progress=log)
    log("write")
    (out / "customers.csv").write_bytes(to_csv_bytes(customers))
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=_json_default),
                                      encoding="utf-8")
    written = ""
    if args.html:
        # the handout is presentation (labels and charts live in ui/, which imports no Streamlit there)
        from ui.handout import build_html
        kpis = overview.kpis(store, as_of, args.kpi_period, has_profit=report.has_profit)
        (out / "report.html").write_text(build_html(customers, summary, report, kpis, args.lang, args.kpi_period),
                                         encoding="utf-8")
        written = f", {out / 'report.html'}"
    log.done()
    print(f"wrote {out / 'ingest.json'}, {out / 'rejected.csv'} ({report.rows_rejected:,} rows), "
          f"{out / 'customers.csv'} ({len(customers):,} customers as of {as_of}), {out / 'summary.json'}{written}")
    return 0


def _plain(v):
    """A report value as JSON data: NaN / NaT / NA -> None, numpy scalars -> Python, dates -> ISO text."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if hasattr(v, "isoformat"):
        return v.date().isoformat() if isinstance(v, pd.Timestamp) and v == v.normalize() else v.isoformat()
    return v.item() if hasattr(v, "item") else v


def cmd_profile(args) -> int:
    from .customer_report import ReportSettings, customer_report

    store, report = _load(args)
    as_of = args.as_of or report.default_as_of
    _check_as_of(as_of, report)
    settings = ReportSettings(**{f.name: getattr(args, f.name) for f in fields(ReportSettings)})
    customers, _ = customer_report(store, report, as_of, settings)
    prof = customer_profile(store, customers, args.customer, as_of)
    if prof.missing:
        why = {NOT_FOUND: ("has no line before", "在 {as_of} 之前没有任何订单行"),
               RETURNS_ONLY: ("has only returns before", "在 {as_of} 之前只有退货，没有购买")}[prof.missing]
        raise InvalidInputError("parameters", "--customer",
                                reason=f"customer {prof.customer_id!r} {why[0]} {as_of}: no profile",
                                reason_zh=f"客户 {prof.customer_id!r} " + why[1].format(as_of=as_of) + "：没有档案")
    orders = [{k: _plain(v) for k, v in r.items()} for r in prof.orders.to_dict(orient="records")]
    out = {"customer_id": prof.customer_id, "as_of": as_of.isoformat(), "dataset": report.source_name,
           "currency": report.currency, "customer": {k: _plain(v) for k, v in prof.row.items()},
           "contacts": {k: _plain(v) for k, v in prof.contacts.items()}, "orders": orders}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, default=_json_default))
        return 0
    print(f"customer {prof.customer_id} as of {as_of} ({report.source_name}, {report.currency or 'currency not stated'})")
    for k, v in out["customer"].items():
        print(f"  {k:<24} {v}")
    for k, v in out["contacts"].items():
        print(f"  {k:<24} {v}")
    print(f"  orders ({len(orders)}):")
    for o in orders:
        print(f"    {o['first_ts']}  {o['order_key']:<20} net {o['net']:>12,.2f}"
              + ("" if o["is_order"] else "  (return only)"))
    return 0


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
    opts = argparse.ArgumentParser(add_help=False)  # the report's settings, shared by report and profile
    opts.add_argument("--as-of", type=_date, help="as-of date YYYY-MM-DD (default: day after the last order)")
    opts.add_argument("--time-unit", choices=list(TIME_UNITS), default="week",
                    help="unit of the BTYD columns recency and T (default: week)")
    opts.add_argument("--horizon", type=int, default=52, help="CLV horizon in periods of --time-unit (default 52)")
    opts.add_argument("--discount-rate", type=float,
                    help="discount rate per period of --time-unit (default: 10%% a year, compounded per period)")
    opts.add_argument("--calibration-end", type=_date,
                    help="also check BG/NBD on a holdout: fit on orders before this date, compare up to --as-of")
    opts.add_argument("--value-metric", choices=list(VALUE_METRICS),
                    help="what the pyramid ranks by (default: profit when the file has cost or margin, else "
                         "net_revenue; clv_pred: the BG/NBD + Gamma-Gamma CLV over --horizon)")
    opts.add_argument("--pyramid-cuts", type=_cuts, default=DEFAULT_CUTS, metavar="VIP,MAJOR,ORDINARY",
                    help="cumulative customer shares closing the VIP, major and ordinary tiers "
                         "(default 0.01,0.05,0.20: top 1 %%, next 4 %%, next 15 %%)")
    opts.add_argument("--rfm-monetary", choices=list(MONETARY_MODES), default="total",
                    help="RFM monetary value: total net revenue (default) or average per order")
    opts.add_argument("--churn-horizon", type=int, metavar="DAYS",
                    help="churn = no order in this many days after a cutoff (default: from the data's typical "
                         "repurchase gap)")
    opts.add_argument("--retention-period", choices=list(PERIODS), default=DEFAULT_PERIOD,
                    help="calendar period of the loyalty retention rate (default: quarter); only periods complete "
                         "before --as-of are reported")
    opts.add_argument("--second-purchase-days", type=_positive_int, default=DEFAULT_WINDOW_DAYS, metavar="DAYS",
                    help="window of the second-purchase rate: a second order within this many days of the first "
                         "(default 90); only customers whose first order + DAYS lies before --as-of count")
    pr = sub.add_parser("report", parents=[common, opts], help="write ingest.json, rejected.csv, customers.csv")
    pr.add_argument("--out", required=True, help="output folder (created if missing)")
    pr.add_argument("--html", action="store_true",
                    help="also write DIR/report.html: one file to hand out (opens offline; prints one section a page)")
    pr.add_argument("--lang", choices=["en", "zh"], default="en", help="language of report.html (default: en)")
    pr.add_argument("--kpi-period", choices=list(overview.PERIOD_MONTHS), default=overview.DEFAULT_PERIOD,
                    help="report.html's KPI comparison: this month / quarter / year against the one before "
                         "(default: month)")
    pr.add_argument("--quiet", action="store_true",
                    help="no progress on stderr (default: each stage and its time as it ends)")
    pr.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb",
                    help="duckdb (default): one process; spark: Apache Spark (pip install -r requirements-spark.txt "
                         "and Java 17+) for order histories too big for one machine — FILE may then be a file, "
                         "folder or glob of CSV / Parquet parts; the whole report but the loyalty columns so far")
    pr.add_argument("--spark-master", metavar="URL",
                    help="Spark master with --engine spark (default: the active session inside spark-submit, "
                         "else local[*])")
    pr.add_argument("--spark-conf", metavar="KEY=VALUE", action="append", default=[],
                    help="a Spark setting for the session the report starts, e.g. spark.driver.memory=4g (repeatable; "
                         "with --engine spark; inside spark-submit give them to spark-submit)")
    pr.set_defaults(func=cmd_report)
    pp = sub.add_parser("profile", parents=[common, opts],
                        help="one customer's row of report's customers.csv, contact columns and order list")
    pp.add_argument("--customer", required=True, help="the customer id as the file writes it")
    pp.add_argument("--json", action="store_true", help="one JSON object instead of text")
    pp.set_defaults(func=cmd_profile)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except InvalidInputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
