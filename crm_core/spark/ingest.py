"""Ingest on Spark: a CSV or Parquet file, folder or glob → ``transactions``, ``rejected`` + the ingest report.

The same steps as :mod:`crm_core.ingest`, from the same query files (run through :mod:`.transpile`):

1. **read** (Spark's reader): every column as text, plus ``rowid`` (``monotonically_increasing_id``: unique and
   increasing in the order Spark reads the lines; *not* the file row). CSV: UTF-8, comma-separated, one header
   line, RFC 4180 quotes; a line that does not split into the header's columns stops the ingest (``FAILFAST``)
   instead of being padded. Parquet: each column cast to text, then parsed by the same rules as a CSV.
2. **the column mapping** is detected on the driver from the first :data:`~crm_core.ingest.SAMPLE_LINES` lines,
   by the DuckDB path's own code (``column_profile.sql`` on a DuckDB database of that sample,
   :func:`crm_core.mapping.detect_mapping`) — a bounded sample, as the DuckDB path also uses;
3. **conventions from the whole column, on the cluster**: ``number_style_screen`` / ``number_style_evidence``
   per number column and ``date_order_evidence``, decided by the shared Python (``decide_decimals``,
   ``_decide_date_order``);
4. exact duplicates (``duplicate_candidates``, ``duplicate_copies``, ``delete_duplicate_copies``),
   ``parsed_lines`` with the parse macros inlined, ``rejected_from_parsed``, ``transactions_from_parsed``,
   ``ingest_counts`` and ``rejected_counts``.

Not yet on Spark — refused with :data:`NOT_YET` (a specific message, exit status 2), never read wrongly:
Excel files, an order status column (the exclusions), layouts whose amount stands on an order's first line, text that is not UTF-8. ``source_row`` (and
so ``rejected_examples``) names Spark's line id, not the file row: the ingest report says so.
"""

from __future__ import annotations

import datetime as dt
from functools import reduce
from pathlib import Path

from .. import conventions
from .. import mapping as mapping_mod
from ..errors import InvalidInputError
from ..ingest import (
    INTERNAL_PREFIX,
    NUMBER_ROLES,
    SAMPLE_LINES,
    IngestReport,
    _decide_date_order,
    _decide_discount_sign,
    _refuse_discount_rates,
    decide_decimals,
    parsed_lines_params,
    passthrough_columns,
    resolve_roles,
)
from ..schema import ROLE_NAMES
from ..store import Store, connect
from .engine import SparkEngine, as_date

NOT_YET = ("is not implemented on the Spark engine yet (issue #15); use the DuckDB engine (the default, without "
           "--engine spark)")
NOT_YET_ZH = "Spark 引擎尚未实现（issue #15）；请使用 DuckDB 引擎（默认，不加 --engine spark）"
CSV_SUFFIXES = (".csv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".parq")
SOURCE_ROW_NOTE = ("engine spark: source_row and the rejected examples are Spark line ids (unique, in reading "
                   "order), not file rows")


def _refuse(what: str, column=None, what_zh: str | None = None) -> InvalidInputError:
    return InvalidInputError("file" if column is None else "transactions", column, reason=f"{what} {NOT_YET}",
                             reason_zh=f"{what_zh or what}：{NOT_YET_ZH}")


def input_format(path: str) -> str:
    """``csv`` or ``parquet``, from the name of the file or glob, or from the files of a local folder."""
    name = path.rstrip("/").lower()
    if name.endswith(CSV_SUFFIXES):
        return "csv"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith((".xlsx", ".xlsm", ".xls")):
        raise _refuse("reading Excel files", what_zh="读取 Excel 文件")
    folder = Path(path)
    if folder.is_dir():
        kinds = {f.suffix.lower() for f in folder.iterdir() if f.is_file() and not f.name.startswith((".", "_"))}
        if kinds and kinds <= set(CSV_SUFFIXES):
            return "csv"
        if kinds and kinds <= set(PARQUET_SUFFIXES):
            return "parquet"
    raise InvalidInputError("file", None, reason=(
        f"cannot tell whether {path} is CSV or Parquet: name a .csv / .txt or .parquet file, a glob ending in one "
        "of them (parts/*.csv), or a local folder holding files of one kind"),
        reason_zh=f"无法判断 {path} 是 CSV 还是 Parquet：请指定 .csv / .txt 或 .parquet 文件、以其结尾的通配路径，或只含一种文件的本地文件夹")


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def read_raw(spark, path: str):
    """``(raw, file_format)``: the lines of ``path`` as a DataFrame of text columns plus ``rowid``."""
    from pyspark.sql import functions as F
    from pyspark.sql.utils import AnalysisException

    fmt = input_format(path)
    try:
        if fmt == "csv":
            raw = (spark.read.option("header", True).option("inferSchema", False).option("mode", "FAILFAST")
                   .option("quote", '"').option("escape", '"').option("encoding", "UTF-8").csv(path))
            # a UTF-8 byte order mark is part of the first header name for Spark's reader
            raw = raw.toDF(*[c.lstrip("\ufeff") for c in raw.columns])
        else:
            raw = spark.read.parquet(path)
            raw = raw.select(*[F.col(_quoted(c)).cast("string").alias(c) for c in raw.columns])
    except AnalysisException as err:
        raise InvalidInputError("file", None, reason=f"Spark cannot read {path}: {str(err).splitlines()[0]}",
                                reason_zh=f"Spark 无法读取 {path}：{str(err).splitlines()[0]}") from None
    if "rowid" in raw.columns:
        raise _refuse("a column named rowid", "rowid")
    return raw.withColumn("rowid", F.monotonically_increasing_id()), fmt


def _detect(sample, columns: list[str]) -> tuple[mapping_mod.MappingGuess, object]:
    """The column-role guess from the first lines, by the DuckDB path's code on a DuckDB database of them."""
    store = Store(connect())
    try:
        store.con.register("raw_frame", sample)
        store.execute("raw_lines_from_frame")
        store.con.unregister("raw_frame")
        profile = store.run("column_profile", n=SAMPLE_LINES, date_formats=conventions.all_date_formats())
    finally:
        store.close()
    return mapping_mod.detect_mapping(columns, profile), profile


def _check_utf8(raw, columns: list[str], path: str) -> None:
    """Refuse text that was not UTF-8: Spark's reader turns every undecodable byte into U+FFFD, silently."""
    from pyspark.sql import functions as F

    bad = raw.filter(reduce(lambda a, b: a | b, [F.coalesce(F.col(_quoted(c)).contains("\ufffd"), F.lit(False))
                                                 for c in columns])).limit(1).collect()
    if bad:
        raise _refuse(f"reading {path}: it holds text that is not UTF-8 (GBK / GB18030 exports); reading it",
                      what_zh=f"读取 {path}：文件含非 UTF-8 文本（GBK / GB18030 导出）")


def ingest_path(engine: SparkEngine, path: str, *, mapping: dict | None = None, today: dt.date | None = None,
                currency: str | None = None, source_name: str | None = None, drop_duplicates: bool | None = None,
                decimal: str | None = None, date_order: str | None = None) -> IngestReport:
    """Read, validate and load ``path`` into ``engine``'s tables ``transactions`` and ``rejected``.

    The parameters are those of :func:`crm_core.ingest.load_opened`. Raises what it raises, and
    :class:`InvalidInputError` naming the step for what the Spark engine does not do yet (:data:`NOT_YET`).
    """
    from pyspark.errors import PySparkException
    from pyspark.sql import functions as F

    raw, fmt = read_raw(engine.spark, path)
    columns = [c for c in raw.columns if c != "rowid"]
    try:
        sample = raw.drop("rowid").limit(SAMPLE_LINES).toPandas()
        if fmt == "csv":
            _check_utf8(raw, columns, path)
    except PySparkException as err:  # FAILFAST: a malformed line
        raise _refuse(f"reading {path}: a line does not split into the header's {len(columns)} columns "
                      f"({str(err).splitlines()[0][:200]}); such lines", what_zh=f"读取 {path}：有行无法按表头分列") from None
    guess, _ = _detect(sample, columns)
    roles, how = resolve_roles(guess, dict(guess.roles), mapping, columns)
    if roles.get("status"):
        raise _refuse(f"the status column {roles['status']!r} (map it away with --map status=);", roles["status"],
                      "订单状态列（按状态排除）")
    if guess.layout is not None and guess.layout.order_level_amount:
        raise _refuse(f"the {guess.layout.id} layout (order amounts on an order's first line)",
                      what_zh=f"{guess.layout.id} 版式（订单金额只在订单首行）")
    from_quantity = roles["amount"] is None
    today = today or dt.date.today()
    amount_col = roles["amount"] or roles["unit_price"]
    currency = (currency or mapping_mod.detect_currency(sample[amount_col])
                or (guess.layout.currency if guess.layout is not None else None))

    engine.register("raw", raw, persist=True)
    passthrough = passthrough_columns(columns, roles)
    staged = [F.col("rowid").alias("source_row"), F.col("rowid").alias(f"{INTERNAL_PREFIX}rid")]
    for role in ROLE_NAMES:
        name = roles.get(role)
        staged.append((F.col(_quoted(name)) if name else F.lit(None).cast("string")).alias(f"{INTERNAL_PREFIX}in_{role}"))
    staged += [F.col(_quoted(c)).alias(out) for c, out in passthrough]
    # DuckDB's staged is a view of raw by name; here it is a frame of one version of raw: made again after a DELETE
    engine.register("staged", engine.table("raw").select(*staged))
    if roles["discount"]:
        _refuse_discount_rates(engine, roles["discount"])  # the DuckDB engine's check and message

    evidence = {}
    for role in NUMBER_ROLES:
        if roles.get(role):
            engine.register("_cv_numbers", engine.table("staged").select(
                "source_row", F.col(f"{INTERNAL_PREFIX}in_{role}").alias("v")))
            if int(engine.scalar_row("number_style_screen")["suspicious"] or 0):
                evidence[role] = engine.scalar_row("number_style_evidence")
    engine.drop("_cv_numbers")
    decimals, notes = decide_decimals(roles, evidence, decimal)
    order = _decide_date_order(engine, roles, date_order, notes)
    date_formats = conventions.date_formats(order)

    if drop_duplicates is None:
        drop_duplicates = roles["order_id"] is not None
    engine.execute("duplicate_candidates")
    engine.execute("duplicate_copies")
    copies = int(engine.scalar_row("removed_count")["n"])
    duplicates = copies if drop_duplicates else 0
    if duplicates:
        engine.execute("delete_duplicate_copies")
        engine.register("staged", engine.table("raw").select(*staged))
    engine.execute("parsed_lines", **parsed_lines_params(roles, date_formats, today, decimals))
    discount_sign = _decide_discount_sign(engine, roles["discount"], notes) if roles["discount"] else None
    refund_total = float(engine.scalar_row("refund_total")["total"] or 0) if roles["refund"] else 0.0
    engine.execute("rejected_from_parsed")
    engine.execute("excluded_from_parsed")
    engine.execute("transactions_from_parsed")
    engine.execute("drop_work_tables")  # transactions stays a projection of the persisted lines of parsed
    counts = engine.scalar_row("ingest_counts", duplicates_removed=duplicates)
    by_reason = engine.run("rejected_counts")
    rejected = {r: int(n) for r, n in zip(by_reason["reason"], by_reason["rows"], strict=True)}
    examples = dict(zip(by_reason["reason"], by_reason["first_rows"], strict=True))
    report = IngestReport(
        source_name=source_name or path.rstrip("/").rsplit("/", 1)[-1],  # the last part, as DuckDB's path.name
        file_format=fmt, encoding="utf-8" if fmt == "csv" else None, sheet=None,
        sheets=[], columns=columns, mapping=roles, passthrough_columns=[out for _, out in passthrough],
        date_formats=date_formats, currency=currency,
        rows_read=int(counts["rows_read"]), rows_kept=int(counts["rows_kept"]),
        rows_rejected=int(counts["rows_rejected"]), duplicates_removed=int(counts["duplicates_removed"]),
        returns=int(counts["returns"]), customers=int(counts["customers"]),
        first_date=as_date(counts["first_date"]), last_date=as_date(counts["last_date"]),
        gross_revenue=float(counts["gross_revenue"]), returns_amount=float(counts["returns_amount"]),
        net_revenue=float(counts["net_revenue"]), rejected=rejected, rejected_examples=examples,
        has_profit=roles.get("cost") is not None or roles.get("margin") is not None,
        today=today, drop_duplicates=drop_duplicates, rows_excluded=int(counts["rows_excluded"]),
        identical_lines=0 if drop_duplicates else copies,
        layout=guess.layout.id if guess.layout else None,
        layout_title={"en": guess.layout.title_en, "zh": guess.layout.title_zh} if guess.layout else {},
        mapping_how={r: how.get(r, "header") for r, c in roles.items() if c},
        decimal_separator={roles[r]: d for r, d in decimals.items() if roles.get(r)},
        date_order=order, conventions=notes,
        amount_source="quantity_x_unit_price" if from_quantity else "column",
        refunds="netted" if roles["refund"] else None, refund_total=refund_total, discount_sign=discount_sign,
        reader_notes=[SOURCE_ROW_NOTE],
    )
    if report.rows_kept == 0:
        reasons = "; ".join(f"{r}: {n} row(s)" for r, n in report.rejected.items())
        raise InvalidInputError("transactions", [c for c in (roles["customer_id"], roles["order_ts"], amount_col) if c],
                                reason=f"no usable rows: every line was rejected ({reasons})",
                                reason_zh=f"没有可用的数据行：所有行都被剔除（{reasons}）")
    return report
