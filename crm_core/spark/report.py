"""``python -m crm_core report PATH --engine spark --out DIR``: the whole report on Spark.

On the cluster: the ingest (:mod:`.ingest`); the CustomerTable — ``customer_summary.sql`` joined with
``btyd_inputs.sql`` on customer_id, as :func:`crm_core.customers.customer_table` does; the BG/NBD + Gamma-Gamma
predictions (:mod:`.clv`: the fits on the driver from the distinct patterns); the pyramid tier and the RFM scores
(:mod:`.segments`); the lifecycle stage (:mod:`.lifecycle`); the churn features, labels and scores (:mod:`.churn`:
the models trained on the driver on at most a bounded sample of customers); the loyalty score, quadrant, ladder
rung, regularity and the order-only loyalty measures (:mod:`.loyalty`). Written to DIR:

- ``ingest.json`` — the same keys as the DuckDB engine's, plus ``engine``;
- ``customers/`` — Parquet parts, one row per customer, the DuckDB report's columns (:data:`REPORT_COLUMNS`, in
  its order); and ``customers.csv`` with the same rows and columns when there are at most
  :data:`DRIVER_CSV_MAX_ROWS` customers;
- ``rejected/`` — Parquet parts (source_row, reason, the original values), and ``rejected.csv`` under the same
  threshold;
- ``summary.json`` — as the DuckDB engine's: as_of, dataset, currency, customers, ``pyramid``, ``rfm``, ``clv``
  (plus ``driver_patterns``: the rows the fits collected), ``lifecycle``, ``churn`` (plus ``settings.sample``:
  the customers the models saw) and ``loyalty``; plus ``engine``.

``--calibration-end`` adds the BG/NBD holdout check to ``clv`` (:func:`.clv.holdout_on_spark`); ``--html`` writes
report.html (:func:`handout_html`); ``--sheet`` picks an Excel workbook's sheet (read on the driver,
:func:`.ingest.read_excel`). The ingest refuses what it cannot read yet (:mod:`.ingest`).
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

from ..customer_report import PREDICTION_COLUMNS, ReportSettings
from ..customers import CUSTOMER_COLUMNS, TIME_UNITS
from ..errors import InvalidInputError
from ..export import to_csv_bytes
from ..progress import StageLog
from ..value import PREDICTED_METRIC
from .churn import churn_frame
from .clv import clv_frame, holdout_on_spark
from .engine import SparkEngine, spark_session, to_pandas
from .lifecycle import lifecycle_frame
from .loyalty import LOYALTY_COLUMNS, loyalty_frame
from .segments import SEGMENT_COLUMNS, segment_frame, top_share_at

DRIVER_CSV_MAX_ROWS = 5_000_000  # customers.csv / rejected.csv are written from the driver up to this many rows

REPORT_COLUMNS = (*CUSTOMER_COLUMNS, *SEGMENT_COLUMNS, *PREDICTION_COLUMNS, "lifecycle_stage", "lifecycle_rule",
                  "churn_prob", *LOYALTY_COLUMNS)  # + promo_share with a discount column

SPARK_STAGES = {"ingest": "reading and checking the file (Spark)", "customers": "the customer table (Spark)",
                "clv": "BG/NBD + Gamma-Gamma: fits on the driver, predictions (Spark)",
                "segments": "pyramid tiers and RFM scores (Spark)", "lifecycle": "lifecycle stages (Spark)",
                "churn": "churn: features on the cluster, models on the driver, scores (Spark)",
                "loyalty": "loyalty: score, quadrant, ladder, retention (Spark)",
                "write": "writing the files"}

def customer_frame(engine: SparkEngine, as_of, *, time_unit: str = "week"):
    """The CustomerTable as a Spark DataFrame (``CUSTOMER_COLUMNS``, sorted by customer_id): the two queries of
    :func:`crm_core.customers.customer_table`, joined on the cluster."""
    if time_unit not in TIME_UNITS:
        raise InvalidInputError("parameters", "time_unit", reason=f"must be one of {', '.join(TIME_UNITS)}; got {time_unit!r}")
    summary = engine.frame("customer_summary", as_of=as_of)
    btyd = engine.frame("btyd_inputs", as_of=as_of, unit_days=TIME_UNITS[time_unit])
    return summary.join(btyd, "customer_id", "inner").select(*CUSTOMER_COLUMNS).orderBy("customer_id")


def report_frame(engine: SparkEngine, report, as_of, settings: ReportSettings, log=None):
    """Every column of :data:`REPORT_COLUMNS` for every customer as a Spark DataFrame, the summary (the objects
    of :func:`crm_core.customer_report.customer_report` that are on Spark) and the number of customers — the
    steps in the DuckDB engine's order (CLV first: the pyramid may rank by predicted CLV)."""
    def tell(stage):
        if log is not None:
            log(stage)
    customers = engine.keep(customer_frame(engine, as_of, time_unit=settings.time_unit))
    n_customers = customers.count()
    tell("clv")
    predicted, clv = clv_frame(customers, settings)
    predicted = engine.keep(predicted)
    if settings.calibration_end and "error" not in clv:
        calibration = customer_frame(engine, settings.calibration_end, time_unit=settings.time_unit)
        clv["holdout"] = holdout_on_spark(calibration, customers, calibration_end=settings.calibration_end,
                                          holdout_end=as_of, time_unit=settings.time_unit)
    metric = settings.value_metric
    if metric == PREDICTED_METRIC and "error" in clv:  # nothing to rank by: the default metric, and why
        metric = None
    tell("segments")
    segmented, summary, kept = segment_frame(predicted, has_profit=report.has_profit, monetary=settings.rfm_monetary,
                                          metric=metric, cuts=settings.pyramid_cuts)
    if settings.value_metric == PREDICTED_METRIC and metric is None:
        summary["pyramid"]["value_metric_note"] = f"predicted CLV could not be fitted ({clv['error']})"
    tell("lifecycle")
    staged, lifecycle = lifecycle_frame(engine, segmented, as_of)
    for frame in kept:
        engine.release_later(frame)
    tell("churn")
    scored, churn = churn_frame(engine, staged, settings, as_of)
    scored = engine.keep(scored)
    tell("loyalty")
    loyal, loyalty, kept = loyalty_frame(engine, scored, as_of, has_profit=report.has_profit, clv=clv,
                                         period=settings.retention_period, window_days=settings.second_purchase_days)
    columns = [*REPORT_COLUMNS, *(c for c in ("promo_share",) if c in loyal.columns)]
    out = engine.keep(loyal.select(*columns).orderBy("customer_id"))
    for frame in kept:
        engine.release_later(frame)
    summary = {"as_of": as_of.isoformat(), "dataset": report.source_name, "currency": report.currency,
               "customers": n_customers, **summary, "clv": clv, "lifecycle": lifecycle, "churn": churn,
               "loyalty": loyalty}
    return out, summary, n_customers


def spark_conf(items: list[str]) -> dict[str, str]:
    """``--spark-conf KEY=VALUE`` options as a dict (a setting given twice: the last one)."""
    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip().startswith("spark."):
            raise InvalidInputError("parameters", "--spark-conf", reason=(
                f"expected KEY=VALUE with a Spark setting as KEY (spark.…), e.g. spark.driver.memory=4g; got {item!r}"),
                reason_zh=f"应为 KEY=VALUE，KEY 为 Spark 设置（spark.…），例如 spark.driver.memory=4g；收到 {item!r}")
        out[key.strip()] = value.strip()
    return out


def _spark_or_refuse(master: str | None, conf: dict[str, str] | None = None):
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise InvalidInputError("parameters", "--engine", reason=(
            "--engine spark needs pyspark: pip install -r requirements-spark.txt, and a Java runtime 17+ "
            "(Debian: apt-get install default-jre-headless)"),
            reason_zh="--engine spark 需要 pyspark（pip install -r requirements-spark.txt）和 Java 17+ 运行环境") from None
    from pyspark.errors import PySparkException
    try:
        return spark_session(master, conf)
    except PySparkException as err:  # no Java, or the master cannot be reached
        raise InvalidInputError("parameters", "--spark-master", reason=(
            f"cannot start Spark on {master or 'local[*]'}: {str(err).splitlines()[0]} (Java 17+ is needed: "
            "apt-get install default-jre-headless)"),
            reason_zh=f"无法在 {master or 'local[*]'} 上启动 Spark：{str(err).splitlines()[0]}") from None


def handout_html(engine: SparkEngine, report, summary: dict, as_of, args) -> str:
    """report.html from the Spark report: the DuckDB engine's ``ui.handout.build_html`` on the summary, with the
    overview's KPIs from ``window_kpis.sql`` on the cluster and the Pareto KPI from Spark's ranks
    (:func:`.segments.top_share_at`). The handout shows no customer row by row: the customers stay on the cluster."""
    from ui.handout import build_html  # presentation, as in the DuckDB engine's report (no Streamlit there)

    from .. import overview
    kpis = overview.kpis(engine, as_of, args.kpi_period, has_profit=report.has_profit, top_share=top_share_at)
    return build_html(None, summary, report, kpis, args.lang, args.kpi_period)


def cmd_report_spark(args) -> int:
    """The ``report`` command with ``--engine spark`` (see the module's docstring for what is written)."""
    from .. import cli  # the same parsing of --map, --map-file and bundled dataset names as the DuckDB engine
    from .ingest import ingest_path

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InvalidInputError("parameters", "--out", reason=f"{out} is a file, not a folder; name a folder "
                                                               "(it is created if missing)")
    log = StageLog(SPARK_STAGES, quiet=args.quiet)
    log("ingest")
    path, currency, name = str(args.file), None, None
    dedupe = False if args.keep_duplicates else (True if args.drop_duplicates else None)
    if args.file in cli.BUNDLED:
        ds = cli.BUNDLED[args.file]
        path, currency, name = str(ds.path), ds.currency, ds.key
        dedupe = dedupe if dedupe is not None else ds.drop_duplicates
    mapping = {**cli._read_map_file(args.map_file), **cli._parse_map(args.map)}
    engine = SparkEngine(_spark_or_refuse(args.spark_master, spark_conf(getattr(args, "spark_conf", None))))
    try:
        report = ingest_path(engine, path, mapping=mapping or None, currency=currency, source_name=name,
                             drop_duplicates=dedupe, decimal={"point": ".", "comma": ","}.get(args.decimal),
                             date_order=args.date_order, sheet=args.sheet)
        if args.save_map:
            used = {r: c for r, c in report.mapping.items() if c}
            Path(args.save_map).write_text(json.dumps({"columns": report.columns, "mapping": used},
                                                      ensure_ascii=False, indent=2), encoding="utf-8")
        as_of = args.as_of or report.default_as_of
        cli._check_as_of(as_of, report)
        out.mkdir(parents=True, exist_ok=True)
        log("customers")
        settings = ReportSettings(**{f.name: getattr(args, f.name) for f in fields(ReportSettings)})
        customers, summary, n_customers = report_frame(engine, report, as_of, settings, log)
        log("write")
        d = report.to_dict()
        d.update(as_of=as_of.isoformat(), engine="spark")
        (out / "ingest.json").write_text(json.dumps(d, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        customers.write.mode("overwrite").parquet(str(out / "customers"))
        rejected = engine.table("rejected").orderBy("source_row")
        rejected.write.mode("overwrite").parquet(str(out / "rejected"))
        written = [f"{out / 'customers'}/ ({n_customers:,} customers as of {as_of})", f"{out / 'rejected'}/"]
        notes = []
        for table, frame, rows in (("customers", customers, n_customers), ("rejected", rejected, report.rows_rejected)):
            if rows <= DRIVER_CSV_MAX_ROWS:
                (out / f"{table}.csv").write_bytes(to_csv_bytes(to_pandas(frame)))
                written.append(str(out / f"{table}.csv"))
            else:
                notes.append(f"{table}.csv not written: {rows:,} rows > {DRIVER_CSV_MAX_ROWS:,} (the Parquet parts "
                             f"in {out / table}/ hold them)")
        summary["engine"] = "spark"
        (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=cli._json_default),
                                          encoding="utf-8")
        if args.html:
            (out / "report.html").write_text(handout_html(engine, report, summary, as_of, args), encoding="utf-8")
            written.append(str(out / "report.html"))
        log.done()
    finally:
        engine.close()
    print(f"wrote {out / 'ingest.json'}, {', '.join(written)}, {out / 'summary.json'}")
    for note in notes:
        print(f"note: {note}")
    return 0
