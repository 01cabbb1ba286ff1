"""The Spark engine (issue #15, crm_core/spark/): the same report from the same SQL, checked against the DuckDB engine.

Two kinds of test:

- no JVM: every query the Spark path runs transpiles to Spark SQL (and only to functions Spark has); the
  portable rewrites; the refusals that come before Spark starts; the DuckDB engine never imports pyspark;
- ``@pytest.mark.spark``: one SparkSession for the whole run (``local[2]``, 2 shuffle partitions: the data are
  small), skipped with the reason when pyspark or Java is missing. Equivalence with the DuckDB engine on the
  bundled sample (one file) and on the sample split into 5 CSV parts (a folder, through the command line): the
  ingest counts exactly, money sums and every customer's columns to 1e-9 relative.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crm_core.customer_report import customer_report
from crm_core.customers import CUSTOMER_COLUMNS, customer_table
from crm_core.datasets import BUNDLED
from crm_core.errors import InvalidInputError
from crm_core.ingest import ingest_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = BUNDLED["sample"]
HAVE_SQLGLOT = importlib.util.find_spec("sqlglot") is not None
HAVE_PYSPARK = importlib.util.find_spec("pyspark") is not None
needs_sqlglot = pytest.mark.skipif(not HAVE_SQLGLOT, reason="sqlglot missing: pip install -r requirements-spark.txt")

EXACT_COUNTS = ("rows_read", "rows_kept", "rows_rejected", "rows_excluded", "duplicates_removed", "identical_lines",
                "returns", "customers", "first_date", "last_date", "rejected", "mapping", "passthrough_columns",
                "date_order", "decimal_separator", "currency", "has_profit", "drop_duplicates", "columns")
MONEY = ("gross_revenue", "returns_amount", "net_revenue", "refund_total")
RTOL = 1e-9  # two engines sum the same doubles in different orders: the last digits differ


# --- without a JVM ---------------------------------------------------------------------------------------------

def _representative_params():
    from crm_core import conventions
    from crm_core.ingest import NUMBER_ROLES, OPTIONAL_EXTRA_ROLES
    return dict(date_formats=conventions.date_formats("dmy"), today=dt.date(2026, 1, 1), has_margin=False,
                has_cost=True, has_refund=True, amount_from_quantity=False,
                unmapped_columns=[r for r in OPTIONAL_EXTRA_ROLES if r != "refund"],
                **{f"dec_{r}": "." for r in NUMBER_ROLES}, duplicates_removed=3, as_of=dt.date(2025, 1, 1),
                unit_days=7.0, percentile=0.9, cutoffs=[dt.date(2024, 7, 1), dt.date(2025, 1, 1)],
                horizon_days=90, months_per_period=3, starts=[dt.date(2024, 10, 1), dt.date(2024, 11, 1)],
                ends=[dt.date(2024, 11, 1), dt.date(2024, 12, 1)], **_stage_params())


def _stage_params():
    """customer_stages' parameters as crm_core.spark.lifecycle gives them (one date and its ceiling)."""
    from crm_core.lifecycle import DEFAULT_THRESHOLDS, stage_rule_params
    return stage_rule_params(DEFAULT_THRESHOLDS, pd.Series([30.0], index=[dt.date(2025, 1, 1)]))


def _representative_schemas():
    from crm_core.schema import ROLE_NAMES
    raw = ["订单号", "order time", "customer_id", "amount", "cost", "refund", "city"]
    staged = ["source_row", "_cv_rid"] + [f"_cv_in_{r}" for r in ROLE_NAMES] + ["city"]
    parsed = ["customer_id", "order_ts", "amount", "order_id", "cost", "margin", "profit", "refund", "channel",
              "product", "status", "source_row", "city", "_cv_rid", "_cv_reason", "_cv_excluded"]
    return {"raw": raw + ["rowid"], "staged": staged, "_cv_numbers": ["source_row", "v"], "parsed": parsed,
            "transactions": [c for c in parsed if not c.startswith("_cv_")] + ["discount", "referrer"], "stage_p_alive": ["customer_id", "p_alive"],
            "status_rules": ["status", "reason"]}


# SQL words that look like calls in generated Spark SQL but are syntax, not functions
_SQL_SYNTAX = {"CAST", "TRY_CAST", "FILTER", "IN", "AS", "OVER", "EXISTS", "ARRAY", "AND", "OR", "NOT", "VALUES"}


@needs_sqlglot
def test_every_query_of_the_spark_path_transpiles_to_spark_functions():
    from crm_core.spark.transpile import SPARK_QUERIES, spark_statements
    known = None
    if HAVE_PYSPARK:  # the names pyspark.sql.functions has: Spark's built-ins (no JVM needed to import it)
        import pyspark.sql.functions as F
        known = {n.upper() for n in dir(F) if not n.startswith("_")} | _SQL_SYNTAX
    seen = 0
    for name in SPARK_QUERIES:
        for st in spark_statements(name, _representative_params(), _representative_schemas()):
            if st.sql is None:
                continue
            seen += 1
            assert "COLUMNS(" not in st.sql and ":" + "as_of" not in st.sql, (name, st.sql[:200])
            assert "PERCENTILE_APPROX" not in st.sql.upper(), name  # every percentile exact, as in DuckDB
            if known is not None:
                text = re.sub(r"'(?:[^'\\]|\\.)*'", "''", st.sql)
                text = re.sub(r"\) AS \w+\(", ") AS (", text)  # a VALUES table's alias with its columns: no call
                calls = set(re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)\(", text))
                unknown = {c for c in calls if c.upper() not in known}
                assert not unknown, f"{name}: {sorted(unknown)} are not Spark functions"
    assert seen >= 15


@needs_sqlglot
def test_the_spark_modules_run_only_listed_queries():
    """Every query name the Spark modules run is in SPARK_QUERIES, so the test above covers it."""
    from crm_core.spark.transpile import SPARK_QUERIES
    names = set()
    for module in ("ingest.py", "report.py"):
        text = (ROOT / "crm_core" / "spark" / module).read_text(encoding="utf-8")
        names |= set(re.findall(r"engine\.(?:execute|run|frame|scalar_row)\(\"(\w+)\"", text))
    assert names and names <= set(SPARK_QUERIES), names - set(SPARK_QUERIES)


@needs_sqlglot
def test_a_construct_without_spark_form_is_refused_by_name():
    from crm_core.spark.transpile import UnsupportedOnSpark, spark_datetime_pattern, statements_of_text
    with pytest.raises(UnsupportedOnSpark, match=r"q: function list_reverse\(\) has no Spark form"):
        statements_of_text("SELECT list_reverse(x) FROM t", "q")
    with pytest.raises(UnsupportedOnSpark, match=r"q: parameter \$when not given"):
        statements_of_text("SELECT x FROM t WHERE d < $when", "q")
    with pytest.raises(UnsupportedOnSpark, match="COLUMNS lambda"):
        statements_of_text("SELECT COLUMNS(lambda c: c LIKE 'a%') FROM t", "q", schemas={"t": ["a", "b"]})
    with pytest.raises(UnsupportedOnSpark, match="'%b'"):
        spark_datetime_pattern("%d %b %Y")


@needs_sqlglot
def test_portable_rewrites_give_spark_forms():
    from crm_core.spark.transpile import spark_datetime_pattern, statements_of_text
    assert spark_datetime_pattern("%Y/%m/%d %H:%M") == "yyyy'/'M'/'d' 'H':'m"
    assert spark_datetime_pattern("%Y%m%d") == "yyyyMMdd"
    assert spark_datetime_pattern("%Y年%m月%d日") == "yyyy'年'M'月'd'日'"
    (st,) = statements_of_text("SELECT date_diff('day', a, b) AS d, regexp_full_match(s, '[0-9]+') AS m, "
                               "strlen(s) AS n, COLUMNS(lambda c: NOT starts_with(c, '_cv_')) FROM t", "q",
                               schemas={"t": ["a", "b", "s", "_cv_x"]})
    assert st.sql == ("SELECT DATEDIFF(DAY, a, b) AS d, s RLIKE '^(?:[0-9]+)\\\\z' AS m, OCTET_LENGTH(s) AS n, "
                      "`a`, `b`, `s` FROM t")
    (st,) = statements_of_text("SELECT percentile_cont(0.75) WITHIN GROUP (ORDER BY g) AS p FROM t", "q")
    assert st.sql == "SELECT PERCENTILE(g, 0.75) AS p FROM t"  # exact, as DuckDB's (not percentile_approx)
    (st,) = statements_of_text("SELECT CAST(unnest($d) AS DATE) AS as_of, CAST(unnest($v) AS DOUBLE) AS v", "q",
                               {"d": [dt.date(2024, 1, 1), dt.date(2024, 2, 1)], "v": [1.5, None]})
    assert st.sql == ("SELECT as_of, v FROM VALUES (CAST(CAST('2024-01-01' AS DATE) AS DATE), CAST(1.5 AS DOUBLE)), "
                      "(CAST(CAST('2024-02-01' AS DATE) AS DATE), CAST(NULL AS DOUBLE)) AS zipped(as_of, v)")
    (st,) = statements_of_text("SELECT CAST(unnest($d) AS DATE) AS as_of, CAST(unnest($v) AS DOUBLE) AS v", "q",
                               {"d": [], "v": []})
    assert st.sql == "SELECT CAST(NULL AS DATE) AS as_of, CAST(NULL AS DOUBLE) AS v WHERE FALSE"


def test_csv_fields_counts_fields_as_rfc_4180_splits_them():
    """The field count of a line Spark could not split (crm_core.spark.ingest.csv_fields), by hand: quoted
    delimiters and doubled quotes inside one field; an unclosed quote; text after a closing quote."""
    from crm_core.spark.ingest import csv_fields
    lines = pd.Series(["a,b,c", 'a,"b,c",d', 'a,"say ""hi""",c,d', "a;b", 'a,"open', 'a,"x"y,c', "", "a,b,c,,",
                       "a,b,,,x"])
    assert csv_fields(lines, ",").tolist() == [3, 3, 4, 1, -1, -2, 0, 3, 5]  # empty fields at the end: not counted
    assert csv_fields(pd.Series(["a;b;c"]), ";").tolist() == [3]


def test_the_duckdb_engine_never_imports_pyspark():
    code = ("import sys, crm_core.cli, crm_core.customer_report, crm_core.ingest;"
            "crm_core.cli.build_parser();"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('pyspark', 'py4j', 'sqlglot') "
            "or m.startswith('crm_core.spark'));"
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_excel_on_spark_is_one_local_workbook(tmp_path):
    """An Excel workbook is read on the driver: a glob or a folder of them is refused by name (no JVM needed)."""
    from crm_core.spark.ingest import input_format
    (tmp_path / "a.xlsx").write_bytes(b"PK")
    assert input_format(str(tmp_path / "a.xlsx")) == "xlsx"
    with pytest.raises(InvalidInputError, match="one local file at a time"):
        input_format(str(tmp_path / "*.xlsx"))


def test_spark_conf_must_name_a_spark_setting(tmp_path, capsys):
    from crm_core.cli import main
    rc = main(["report", "sample", "--engine", "spark", "--out", str(tmp_path), "--spark-conf", "driver.memory=4g"])
    assert rc == 2 and "--spark-conf" in capsys.readouterr().err
    assert main(["report", "sample", "--out", str(tmp_path), "--spark-conf", "spark.driver.memory=4g"]) == 2
    assert "--spark-conf needs --engine spark" in capsys.readouterr().err


def test_spark_master_without_spark_engine_is_refused(tmp_path, capsys):
    from crm_core.cli import main
    assert main(["report", "sample", "--out", str(tmp_path), "--spark-master", "local[2]"]) == 2
    assert "--spark-master needs --engine spark" in capsys.readouterr().err


# --- on Spark --------------------------------------------------------------------------------------------------

def _spark_missing() -> str | None:
    if not HAVE_PYSPARK or not HAVE_SQLGLOT:
        return "pyspark / sqlglot missing: pip install -r requirements-spark.txt"
    if shutil.which("java") is None:
        return "no Java runtime (apt-get install default-jre-headless)"
    return None


@pytest.fixture(scope="module")
def spark():
    why = _spark_missing()
    if why:
        pytest.skip(why)
    from crm_core.spark.engine import spark_session
    # whole-stage code generation off: on these small inputs compiling each stage's Java costs more than it saves
    # (bench/bench_spark.py at 100k lines: the report 216 s with it, 159 s without). A 2 GB heap: the module's
    # reports share one session, and its broadcast joins' tables stay in storage memory until collected (one
    # report of the sample peaks at 1,014 MB of the default 1 GB heap, bench/bench_spark.py). Two shuffle
    # partitions, one per core: the five-part test 81 s against 88 s with four (tests that need ranks to cross
    # partitions repartition their own frames)
    session = spark_session("local[2]", {"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2",
                                          "spark.ui.enabled": "false", "spark.sql.codegen.wholeStage": "false",
                                          "spark.driver.memory": "2g"})
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def duck():
    store, report = ingest_file(SAMPLE.path, currency=SAMPLE.currency, source_name=SAMPLE.key,
                                drop_duplicates=SAMPLE.drop_duplicates)
    table = customer_table(store, report.default_as_of)
    store.close()
    return report, table


@pytest.fixture(scope="module")
def duck_report():
    """The DuckDB engine's whole report of the sample (customers.csv's frame, summary.json's dict)."""
    store, report = ingest_file(SAMPLE.path, currency=SAMPLE.currency, source_name=SAMPLE.key,
                                drop_duplicates=SAMPLE.drop_duplicates)
    customers, summary = customer_report(store, report, report.default_as_of)
    store.close()
    return customers, json.loads(json.dumps(summary, default=str))


LINE_KEYS = ("rejected_examples", "excluded_examples", "blank_rows")  # file rows: equal where Spark numbers lines


def _assert_same_ingest(got, want):
    """The ingest reports agree: every count exactly, money to 1e-9; and where the Spark engine numbers file lines
    (one CSV file read line by line, or an Excel sheet: no note of Spark line ids) the rejected and excluded
    examples' file rows and the blank lines too."""
    from crm_core.spark.ingest import SOURCE_ROW_NOTE
    g, w = got.to_dict(), want.to_dict()
    for key in EXACT_COUNTS:
        assert g[key] == w[key], key
    for key in MONEY:
        assert g[key] == pytest.approx(w[key], rel=RTOL, abs=0), key
    if SOURCE_ROW_NOTE not in got.reader_notes and not any("file number" in n for n in got.reader_notes):
        for key in LINE_KEYS:
            assert g[key] == w[key], key


def _assert_same_report_columns(got: pd.DataFrame, want: pd.DataFrame):
    """Every column of the Spark report (REPORT_COLUMNS, in the DuckDB report's order) equals the DuckDB
    report's: numbers to 1e-9 relative, text (tier, RFM code and segment, lifecycle stage …) exactly."""
    from crm_core.spark.report import REPORT_COLUMNS
    assert list(got.columns) == list(REPORT_COLUMNS)
    assert [c for c in want.columns if c in REPORT_COLUMNS] == list(REPORT_COLUMNS)  # the same order
    got, want = got.reset_index(drop=True), want.reset_index(drop=True)
    assert got["customer_id"].astype(str).tolist() == want["customer_id"].astype(str).tolist()
    for col in REPORT_COLUMNS[1:]:
        g, w = got[col], want[col]
        if pd.api.types.is_datetime64_any_dtype(w):
            assert (pd.to_datetime(g) == w).all(), col
        elif pd.api.types.is_numeric_dtype(w) and not pd.api.types.is_bool_dtype(w):
            np.testing.assert_allclose(g.to_numpy(float), w.to_numpy(float), rtol=RTOL, atol=0, equal_nan=True,
                                       err_msg=col)
        else:
            assert g.astype(str).tolist() == w.astype(str).tolist(), col


def _assert_same_summary(got, want, path: str = "summary"):
    """Two summary.json objects equal: the same keys and lengths, text and integers exactly, floats to 1e-9
    relative (cut points and fitted parameters included: both engines fit the same rows)."""
    if isinstance(want, dict):
        assert set(got) == set(want), f"{path}: keys {sorted(set(got) ^ set(want))}"
        for k in want:
            _assert_same_summary(got[k], want[k], f"{path}.{k}")
    elif isinstance(want, list):
        assert len(got) == len(want), path
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            _assert_same_summary(g, w, f"{path}[{i}]")
    elif isinstance(want, float) and not isinstance(want, bool):
        if np.isnan(want):
            assert got is not None and np.isnan(got), path
        else:
            assert got == pytest.approx(want, rel=RTOL, abs=1e-12), path
    else:
        assert got == want, path


SPARK_ONLY_SUMMARY_KEYS = ("engine",)


def _assert_same_report_summary(got: dict, want: dict):
    """The Spark summary.json against the DuckDB one: every object (the header, pyramid, rfm, clv, lifecycle, churn,
    loyalty), plus the Spark engine's own notes (the rows the driver saw)."""
    sample = got["churn"]["settings"].pop("sample")  # the rows the models saw: all of them here
    assert sample["train"]["used"] == sample["train"]["customers"] == got["churn"]["settings"]["customers"]["train"]
    assert got["engine"] == "spark"
    patterns = got["clv"].pop("driver_patterns")
    assert 0 < patterns["bgnbd"] <= got["customers"] and 0 < patterns["gamma_gamma"] <= got["customers"]
    got = {k: v for k, v in got.items() if k not in SPARK_ONLY_SUMMARY_KEYS}
    _assert_same_summary(got, want)


def _assert_same_customers(got: pd.DataFrame, want: pd.DataFrame):
    assert list(got.columns) == list(CUSTOMER_COLUMNS)
    got, want = got.reset_index(drop=True), want.reset_index(drop=True)
    assert got["customer_id"].tolist() == want["customer_id"].tolist()
    for col in CUSTOMER_COLUMNS[1:]:
        g, w = got[col], want[col]
        if pd.api.types.is_datetime64_any_dtype(w):
            assert (pd.to_datetime(g) == w).all(), col
        else:
            np.testing.assert_allclose(g.to_numpy(float), w.to_numpy(float), rtol=RTOL, atol=0, equal_nan=True,
                                       err_msg=col)


@pytest.fixture(scope="module")
def sample_on_spark(spark):
    """The bundled sample file ingested once on Spark (for the tests that read it), closed after the module."""
    from crm_core.spark.engine import SparkEngine
    from crm_core.spark.ingest import ingest_path
    engine = SparkEngine(spark)
    report = ingest_path(engine, str(SAMPLE.path), currency=SAMPLE.currency, source_name=SAMPLE.key,
                         drop_duplicates=SAMPLE.drop_duplicates)
    yield engine, report
    engine.close()


TODAY_OF_FILES = dt.date(2025, 6, 1)  # "today" for the small files below: every date in them is before it


def _on_both_engines(spark, path, **options):
    """``path`` ingested by the DuckDB engine and by the Spark engine, each with its CustomerTable: (Spark report,
    Spark customers, Spark rejected lines by source_row, DuckDB report, DuckDB customers)."""
    from crm_core.spark.engine import SparkEngine, to_pandas
    from crm_core.spark.ingest import ingest_path
    from crm_core.spark.report import customer_frame
    store, want = ingest_file(path, today=TODAY_OF_FILES, **options)
    want_table = customer_table(store, want.default_as_of)
    store.close()
    engine = SparkEngine(spark)
    try:
        got = ingest_path(engine, str(path), today=TODAY_OF_FILES, **options)
        rejected = to_pandas(engine.table("rejected")).sort_values("source_row")
        table = to_pandas(customer_frame(engine, got.default_as_of))
    finally:
        engine.close()
    return got, table, rejected, want, want_table


@contextlib.contextmanager
def _split_bytes(spark, size: int):
    """Spark reads files in splits of ``size`` bytes inside the block (``spark.sql.files.maxPartitionBytes``), as
    before after it."""
    old = spark.conf.get("spark.sql.files.maxPartitionBytes")
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(size))
    try:
        yield
    finally:
        spark.conf.set("spark.sql.files.maxPartitionBytes", old)


def _spark_rejected(spark, path, **options):
    """``path`` ingested by the Spark engine: (its report, its rejected lines sorted by source_row)."""
    from crm_core.spark.engine import SparkEngine, to_pandas
    from crm_core.spark.ingest import ingest_path
    engine = SparkEngine(spark)
    try:
        got = ingest_path(engine, str(path), today=TODAY_OF_FILES, **options)
        return got, to_pandas(engine.table("rejected")).sort_values("source_row")
    finally:
        engine.close()


@pytest.mark.spark
def test_sample_on_spark_equals_duckdb(sample_on_spark, duck):
    from crm_core.spark.engine import to_pandas
    from crm_core.spark.report import customer_frame
    want_report, want_table = duck
    engine, report = sample_on_spark
    _assert_same_ingest(report, want_report)
    assert report.rows_read == 49_948 and report.customers == 5_000  # the sample (data/README.md)
    _assert_same_customers(to_pandas(customer_frame(engine, report.default_as_of)), want_table)


@pytest.fixture(scope="module")
def five_parts(tmp_path_factory):
    """The sample split into 5 CSV files (file order, each with the header) in one folder."""
    folder = tmp_path_factory.mktemp("sample_parts")
    lines = SAMPLE.path.read_text(encoding="utf-8").splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    for i, part in enumerate(np.array_split(np.arange(len(body)), 5)):
        (folder / f"part-{i}.csv").write_text(header + "".join(body[j] for j in part), encoding="utf-8")
    return folder


@pytest.mark.spark
def test_five_csv_parts_through_the_command_line_equal_the_single_file(spark, duck, duck_report, five_parts,
                                                                       tmp_path, capsys):
    """The whole Spark report of the sample in 5 CSV parts (a folder) against the DuckDB report of the one file:
    ingest.json's counts; customers.csv and the Parquet parts — the CustomerTable, tier, RFM, BG/NBD + Gamma-Gamma
    predictions, lifecycle stage, churn probability and loyalty columns of every customer; every object of
    summary.json."""
    from crm_core.cli import main
    want_report, want_table = duck
    want_customers, want_summary = duck_report
    out = tmp_path / "out"
    rc = main(["report", str(five_parts), "--engine", "spark", "--out", str(out), "--quiet"])
    captured = capsys.readouterr()
    assert rc == 0, captured.err
    got = json.loads((out / "ingest.json").read_text(encoding="utf-8"))
    want = want_report.to_dict()
    for key in EXACT_COUNTS:
        if key != "currency":  # a folder is no bundled dataset: nothing names its currency (no symbol in the amounts)
            assert got[key] == (json.loads(json.dumps(want[key], default=str))), key
    for key in MONEY:
        assert got[key] == pytest.approx(want[key], rel=RTOL, abs=0), key
    assert got["engine"] == "spark" and got["as_of"] == "2025-01-01"
    csv = pd.read_csv(out / "customers.csv", encoding="utf-8-sig", dtype={"customer_id": str, "rfm_code": str},
                      parse_dates=["first_order_date", "last_order_date"])
    _assert_same_report_columns(csv, want_customers)
    parquet = pd.read_parquet(out / "customers").sort_values("customer_id")
    _assert_same_report_columns(parquet, want_customers)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["customers"] == 5_000
    assert summary["dataset"] == five_parts.name  # a folder is named as a file is (its last part), not as "sample"
    want_summary = {**want_summary, "currency": None, "dataset": five_parts.name}  # as above: no currency named
    _assert_same_report_summary(summary, want_summary)
    assert pd.read_csv(out / "rejected.csv", encoding="utf-8-sig").empty


def _visible_words(html: str) -> list[str]:
    """The words of an HTML document a reader sees: no script, style or tag."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return re.sub(r"<[^>]+>", " ", text).split()


@pytest.mark.spark
def test_cdnow_on_spark_reproduces_the_published_fits_and_the_duckdb_report(spark, tmp_path, capsys):
    """CDNOW 1/10 sample, 39-week calibration (as of 1997-10-01): the Spark report's BG/NBD fit (from the distinct
    (x, t_x, T) patterns on the driver) is Fader, Hardie & Lee (2005)'s r = 0.243, α = 4.414, a = 0.793,
    b = 2.426, LL = −9582.4, and Gamma-Gamma's the published p = 6.25, q = 3.74, γ = 15.44 on the 946 repeat
    customers (PUBLISHED.md); parameters within 1e-6 of the DuckDB engine's, every column to 1e-9. With
    --calibration-end 1997-07-01, the holdout check's errors equal the DuckDB engine's, and its actual total is the
    purchase days from July to September of the customers who bought before July, counted by pandas from the CSV."""
    from crm_core.cli import main
    path = ROOT / "data" / "cdnow" / "cdnow_sample.csv"
    args = [str(path), "--as-of", "1997-10-01", "--map", "customer_id=customer_id", "--keep-duplicates", "--quiet",
            "--calibration-end", "1997-07-01", "--html", "--lang", "zh"]
    assert main(["report", *args, "--out", str(tmp_path / "duck")]) == 0
    assert main(["report", *args, "--engine", "spark", "--out", str(tmp_path / "spark")]) == 0, capsys.readouterr().err
    got = json.loads((tmp_path / "spark" / "summary.json").read_text(encoding="utf-8"))
    want = json.loads((tmp_path / "duck" / "summary.json").read_text(encoding="utf-8"))
    bg, gg = got["clv"]["bgnbd"], got["clv"]["gamma_gamma"]
    assert (round(bg["r"], 3), round(bg["alpha"], 3), round(bg["a"], 3), round(bg["b"], 3)) == (0.243, 4.414, 0.793, 2.426)
    assert round(bg["log_likelihood"], 1) == -9582.4
    assert (round(gg["p"], 2), round(gg["q"], 2), round(gg["gamma"], 2)) == (6.25, 3.74, 15.44)
    for model in ("bgnbd", "gamma_gamma"):
        for k, v in want["clv"][model].items():
            assert got["clv"][model][k] == pytest.approx(v, rel=1e-6), (model, k)
    assert got["clv"]["driver_patterns"]["bgnbd"] < got["customers"] == 2_357  # patterns compress the customers
    raw = pd.read_csv(path, dtype={"customer_id": str}, parse_dates=["order_date"])
    before = raw.loc[raw.order_date < "1997-07-01", "customer_id"].unique()
    holdout = raw[(raw.order_date >= "1997-07-01") & (raw.order_date < "1997-10-01") & raw.customer_id.isin(before)]
    days = len(holdout.drop_duplicates(["customer_id", "order_date"]))
    errors = {e["model"]: e for e in got["clv"]["holdout"]["errors"]}
    assert errors["model"]["total_actual"] == errors["naive"]["total_actual"] == days > 0
    assert errors["model"]["mae"] < errors["naive"]["mae"]
    # report.html (in Chinese): every word and figure a reader sees is the DuckDB engine's, the overview's KPIs
    # (window_kpis.sql on the cluster, the Pareto share from Spark's ranks) and the notes of the ingest included
    got_html, want_html = ((tmp_path / e / "report.html").read_text(encoding="utf-8") for e in ("spark", "duck"))
    got_words, want_words = _visible_words(got_html), _visible_words(want_html)
    assert "客户价值" in " ".join(want_words) and len(want_words) > 500
    spark_note = [w for w in got_words if w not in want_words]
    assert got_words == want_words, spark_note[:20]
    _assert_same_report_summary(got, want)
    read = {"encoding": "utf-8-sig", "dtype": {"customer_id": str, "rfm_code": str},
            "parse_dates": ["first_order_date", "last_order_date"]}
    _assert_same_report_columns(pd.read_csv(tmp_path / "spark" / "customers.csv", **read),
                                pd.read_csv(tmp_path / "duck" / "customers.csv", **read))


@pytest.mark.spark
def test_a_churn_fit_on_half_the_customers_scores_within_0_01_roc_auc_of_the_full_fit(sample_on_spark):
    """The Spark engine trains the churn models on at most DRIVER_SAMPLE_ROWS customers per cutoff (a hash sample
    beyond). On the sample, the scoring model (the better of the two by validation ROC AUC) trained on the hash
    sample of half the training customers scores within 0.01 ROC AUC of the one trained on all of them, both
    validated on every customer at c1."""
    from crm_core.churn.horizon import default_horizon_from_gaps, make_timeline, repurchase_gaps
    from crm_core.churn.model import MODEL_NAMES
    from crm_core.churn.report import fit_and_validate
    from crm_core.spark import churn
    engine, report = sample_on_spark
    as_of = report.default_as_of
    gaps = repurchase_gaps(engine, as_of)
    tl = make_timeline(engine, as_of, default_horizon_from_gaps(gaps, as_of), gaps=gaps)
    h = tl.horizon_days
    frame = churn._typed(engine.frame("churn_features_labels", cutoffs=[tl.train_cutoff, tl.eval_cutoff],
                                      recent_days=h, horizon_days=h)).persist()
    try:
        n_train = frame.where(frame.cutoff == tl.train_cutoff).count()
        n_eval = frame.where(frame.cutoff == tl.eval_cutoff).count()
        evaluation, _ = churn.driver_rows(frame, tl.eval_cutoff, n_eval)
        full, info_full = churn.driver_rows(frame, tl.train_cutoff, n_train)
        half, info_half = churn.driver_rows(frame, tl.train_cutoff, n_train, limit=n_train // 2)
    finally:
        frame.unpersist()
    assert info_full == {"customers": n_train, "used": n_train} and n_train > 4_000
    assert abs(info_half["used"] - n_train / 2) < 0.05 * n_train  # about half: a hash sample, not an exact count
    assert set(half["customer_id"]) < set(full["customer_id"])

    def best_auc(train):
        validation = fit_and_validate(tl, train, evaluation).validation.set_index("model")
        return validation.loc[list(MODEL_NAMES), "roc_auc"].max()
    assert abs(best_auc(half) - best_auc(full)) <= 0.01


STATUS_CSV = """订单编号,买家会员名,订单创建时间,实付金额,订单状态
T1,tb_alice,2024-01-05 10:00:00,120.00,交易成功
T2,tb_alice,2024-02-06 11:00:00,80.00,交易关闭
T3,tb_bob,2024-01-07 12:00:00,55.50,等待买家付款
T4,tb_bob,2024-03-08 09:30:00,60.00,卖家已发货，等待买家确认
T5,tb_carol,2024-03-09 08:00:00,99.00,交易成功
T6,tb_carol,2024-03-10 08:00:00,10.00, WC-Refunded
"""


@pytest.mark.spark
def test_an_order_status_column_excludes_the_same_lines_on_spark(spark, tmp_path):
    """A Taobao-style status column: closed (交易关闭), unpaid (等待买家付款) and refunded (a WooCommerce
    "wc-refunded", spaced and capitalised) orders leave the computation; shipped and completed ones stay. By hand:
    3 lines excluded, net revenue 120 + 60 + 99; the status list, reasons and customers as the DuckDB engine's."""
    path = tmp_path / "taobao.csv"
    path.write_text(STATUS_CSV, encoding="utf-8")
    got, table, _, want, want_table = _on_both_engines(spark, path)
    assert got.mapping["status"] == "订单状态"
    assert (got.rows_read, got.rows_excluded, got.rows_kept, got.customers) == (6, 3, 3, 3)
    assert got.net_revenue == pytest.approx(120 + 60 + 99, abs=1e-9)
    _assert_same_ingest(got, want)
    assert got.status_values == want.status_values
    assert got.excluded == want.excluded == {"order_cancelled": 1, "order_unpaid": 1, "order_refunded": 1}
    assert {s["status"].strip(): s["reason"] for s in got.status_values} == {
        "交易成功": None, "交易关闭": "order_cancelled", "等待买家付款": "order_unpaid",
        "卖家已发货，等待买家确认": None, "WC-Refunded": "order_refunded"}
    _assert_same_customers(table, want_table)


MESSY_CSV = """订单号,下单时间,客户编号,实付金额,成本
A1,2024-01-05 10:00:00,C1,"￥1,234.50",600
A2,2024/1/6,C1,(12.00),
A3,2024年1月7日,C2,88元,40
A4,45296,C2,-5.5,-2
A5,2024-01-08,,10.00,5
A6,2024-01-09,C3,N/A,1
A7,2024-01-10,C3,12..3,1
A8,not a date,C3,10,1
A9,2099-01-01,C4,10,1
A10,2024-01-11,C4, 7.25 ,
A10,2024-01-11,C4, 7.25 ,
A11,2024-01-12,12389.0,"1,000",null
"""


@pytest.mark.spark
def test_messy_values_parse_and_reject_the_same_on_spark(spark, tmp_path):
    """The parse macros, transpiled: currency signs, grouping, brackets, Chinese and Excel dates, null markers,
    reject reasons, a duplicate line with an order id — counts, reasons, rejected lines and customers as DuckDB."""
    path = tmp_path / "messy.csv"
    path.write_text(MESSY_CSV, encoding="utf-8")
    got, table, rejected, want, want_table = _on_both_engines(spark, path)
    assert want.rows_rejected == 5 and want.duplicates_removed == 1  # the file is what it claims to be
    _assert_same_ingest(got, want)
    assert got.rejected == want.rejected and got.date_formats == want.date_formats
    assert rejected["reason"].tolist() == ["missing_customer", "missing_amount", "unreadable_amount",
                                           "unreadable_date", "future_date"]
    assert rejected["实付金额"].tolist() == ["10.00", "N/A", "12..3", "10", "10"]  # the original text
    assert got.reader_notes == [] and rejected["source_row"].tolist() == [6, 7, 8, 9, 10]  # file lines: A5…A9
    assert got.rejected_examples == want.rejected_examples
    _assert_same_customers(table, want_table)


@pytest.mark.spark
def test_a_gbk_export_reads_on_spark_as_the_duckdb_engine_reads_it(spark, tmp_path):
    """A CSV as Chinese Excel saves it ("CSV (逗号分隔)": GBK, CRLF line ends), with Chinese customer names: read as
    GB18030 on Spark — the names are Python's own decoding of the bytes, counts and customers as DuckDB's."""
    text = MESSY_CSV.replace("C1", "张三").replace("C2", "李四").replace("C3", "王五").replace("C4", "赵六")
    path = tmp_path / "订单导出.csv"
    path.write_bytes(text.replace("\n", "\r\n").encode("gbk"))
    got, table, rejected, want, want_table = _on_both_engines(spark, path)
    assert want.encoding == "gb18030" and want.rows_rejected == 5
    _assert_same_ingest(got, want)
    assert got.encoding == "gb18030" and list(got.columns) == ["订单号", "下单时间", "客户编号", "实付金额", "成本"]
    names = {line.split(",")[2] for line in path.read_bytes().decode("gbk").splitlines()[1:]} - {"", "12389.0"}
    assert names == {"张三", "李四", "王五", "赵六"}
    assert set(table["customer_id"]) - {"12389"} == names - {"王五"}  # 王五's three lines are rejected …
    assert rejected["客户编号"].fillna("").tolist() == ["", "王五", "王五", "王五", "赵六"]  # … as the original text shows
    assert rejected["实付金额"].tolist() == ["10.00", "N/A", "12..3", "10", "10"]
    _assert_same_customers(table, want_table)


ZH_HEADER = "订单号,下单时间,客户,金额\n"


@pytest.mark.spark
def test_a_utf8_file_holding_the_replacement_character_is_read_as_utf8_on_spark(spark, tmp_path):
    """U+FFFD marks an undecodable byte in Spark's reader, but it can also be the text itself (an export that
    garbled a name before): the bytes are valid UTF-8, so it stays UTF-8, character for character."""
    from crm_core.spark.ingest import read_raw, read_text_lines
    path = tmp_path / "orders.csv"
    path.write_text(ZH_HEADER + "A,2024-01-05,张\ufffd,10\nB,2024-01-06,李四,12\n", encoding="utf-8")
    raw, _ = read_raw(spark, str(path))
    columns = [c for c in raw.columns if c != "rowid"]
    lines, encoding = read_text_lines(spark, raw, columns, str(path))
    assert encoding == "utf-8"
    assert [r["客户"] for r in lines.orderBy("rowid").collect()] == ["张\ufffd", "李四"]


@pytest.mark.spark
@pytest.mark.parametrize("content, refusal", [
    ((ZH_HEADER + "A,2024-01-05,张三,10\n").encode() + "B,2024-01-06,李四,12\n".encode("gbk"), "mixes text encodings"),
    (b"order_id,order_date,customer,amount\nA,2024-01-05," + "你好".encode("gbk") + b",10\nB,2024-01-06,\xff\xff,12\n",
     "neither UTF-8 nor GBK/GB18030"),
    (ZH_HEADER.encode() + "A,2024-01-05,张三,10\n".encode("gbk"), "mixes text encodings"),
], ids=["utf8-then-gbk", "neither", "utf8-header-gbk-lines"])
def test_text_in_mixed_or_unknown_encodings_is_refused_on_spark(spark, tmp_path, content, refusal):
    """Never decoded into garbled characters: a UTF-8 export with a GBK line pasted in, bytes that are neither
    encoding (0xFF starts no GB18030 character) — each refused by name, as the DuckDB engine refuses them."""
    from crm_core.spark.engine import SparkEngine
    from crm_core.spark.ingest import ingest_path
    path = tmp_path / "orders.csv"
    path.write_bytes(content)
    with pytest.raises(InvalidInputError):
        ingest_file(path)
    with pytest.raises(InvalidInputError, match=refusal):
        ingest_path(SparkEngine(spark), str(path))


def _as_excel_unicode_text(text: str) -> bytes:
    """``text`` (a CSV) as Excel's "Unicode text (*.txt)" writes a sheet: tab-separated, a field quoted only when it
    holds a tab, quote or line break, CRLF line ends, UTF-16 little-endian with a BOM."""
    import csv
    import io
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(csv.reader(io.StringIO(text)))
    return b"\xff\xfe" + out.getvalue().encode("utf-16-le")


@pytest.mark.spark
def test_a_utf16_export_reads_on_spark_as_the_duckdb_engine_reads_it(spark, tmp_path):
    """Excel's "Unicode text" of the messy orders with Chinese names (UTF-16: many of its characters hold a 0x0A
    byte, e.g. 上 = 0A 4E, so Spark cannot split its lines itself): read from a UTF-8 copy, every count, rejected
    line (with its file line) and customer as the DuckDB engine's; the names are Python's own decoding of the
    bytes. The copy is gone once the engine closes. A local folder or glob of such parts reads the same way, part by
    part (file number × 10,000,000,000 + line); a remote path of them (a URI) is refused by name."""
    from crm_core.spark.engine import SparkEngine
    from crm_core.spark.ingest import ingest_path
    text = MESSY_CSV.replace("C1", "上官").replace("C2", "李四").replace("C3", "王五").replace("C4", "赵六")
    path = tmp_path / "订单导出.txt"
    path.write_bytes(_as_excel_unicode_text(text))
    assert b"\n\x4e" in path.read_bytes()  # 上 (U+4E0A): a 0x0A byte inside a character
    copies_before = set(Path(tempfile.gettempdir()).glob("cvd_spark_copy_*"))
    got, table, rejected, want, want_table = _on_both_engines(spark, path)
    assert want.encoding.startswith("utf-16") and want.rows_rejected == 5
    _assert_same_ingest(got, want)
    assert got.encoding == want.encoding and got.source_name == "订单导出.txt"
    assert list(got.columns) == ["订单号", "下单时间", "客户编号", "实付金额", "成本"]
    lines = path.read_bytes().decode("utf-16").split("\r\n")[1:]
    names = {line.split("\t")[2] for line in lines if line} - {"", "12389.0"}
    assert names == {"上官", "李四", "王五", "赵六"}
    assert set(table["customer_id"]) - {"12389"} == names - {"王五"}  # 王五's three lines are rejected …
    assert rejected["客户编号"].fillna("").tolist() == ["", "王五", "王五", "王五", "赵六"]  # … as the original shows
    assert rejected["source_row"].tolist() == [6, 7, 8, 9, 10]  # their file lines
    _assert_same_customers(table, want_table)
    copies = set(Path(tempfile.gettempdir()).glob("cvd_spark_copy_*")) - copies_before
    assert not copies, copies  # removed at engine.close()
    # a folder of two such parts and a glob of them: each part read from its UTF-8 copy, its lines by file number
    from crm_core.spark.ingest import FILE_NUMBER
    parts = tmp_path / "parts"
    parts.mkdir()
    (parts / "part-1.txt").write_bytes(_as_excel_unicode_text(text))
    (parts / "part-2.txt").write_bytes(_as_excel_unicode_text(text.replace("\nA", "\nB")))  # other orders: no copies
    for where in (parts, parts / "part-*.txt"):
        both, rejected = _spark_rejected(spark, where)
        lines = rejected["source_row"].tolist()
        assert both.encoding == want.encoding
        assert (both.rows_read, both.rows_kept, both.rows_rejected) == (2 * want.rows_read, 2 * want.rows_kept, 10)
        assert both.net_revenue == pytest.approx(2 * want.net_revenue, rel=RTOL)
        assert lines == [f * FILE_NUMBER + n for f in (1, 2) for n in (6, 7, 8, 9, 10)]
    assert not set(Path(tempfile.gettempdir()).glob("cvd_spark_copy_*")) - copies_before
    with pytest.raises(InvalidInputError, match="UTF-16 text in a remote path"):  # a URI: no driver-side copy
        ingest_path(SparkEngine(spark), parts.as_uri() + "/part-*.txt")


def _erp_workbook(path):
    """An .xlsx as an ERP's export writes it (openpyxl): a notes sheet first; the orders sheet with a merged title
    row above the header, date cells, number cells, a customer code with leading zeros as text, a blank row, a
    return, and an amount still to be decided (待定). Excel rows: title 1, header 2, lines 3–9 (7 blank)."""
    from openpyxl import Workbook
    book = Workbook()
    book.active.title = "说明"
    book.active["A1"] = "本文件由 ERP 导出"
    sheet = book.create_sheet("订单明细")
    sheet["A1"] = "2024年销售订单明细"
    sheet.merge_cells("A1:E1")
    sheet.append(["单据编号", "客户编码", "单据日期", "金额", "成本"])
    lines = [("XS001", "001", dt.datetime(2024, 3, 1, 9, 30), 1200.5, 700),
             ("XS002", "002", dt.datetime(2024, 3, 2), 88, 40),
             ("XS003", "001", dt.datetime(2024, 4, 5), 310.25, 150),
             ("XS004", "003", dt.datetime(2024, 4, 6), "待定", None),
             None,
             ("XS005", "002", dt.datetime(2024, 5, 7), -88, -40),
             ("XS006", "003", dt.datetime(2024, 5, 8), 66, 30)]
    for line in lines:
        sheet.append(list(line) if line else [])
    for row in sheet.iter_rows(min_row=3, min_col=2, max_col=2):
        for cell in row:
            cell.number_format = "@"  # the code is text, leading zeros kept
    book.save(path)


@pytest.mark.spark
def test_an_erp_excel_sheet_reads_on_spark_as_the_duckdb_engine_reads_it(spark, tmp_path):
    """The sheet named by --sheet, read on the driver by the DuckDB engine's reader and ingested on Spark: by hand,
    6 lines (the blank row skipped), the 待定 amount rejected at Excel row 6, net revenue 1200.5 + 88 + 310.25 − 88
    + 66; file rows, title row, sheets and customers as the DuckDB engine's."""
    path = tmp_path / "销售订单.xlsx"
    _erp_workbook(path)
    got, table, rejected, want, want_table = _on_both_engines(spark, path, sheet="订单明细")
    assert (got.rows_read, got.rows_rejected, got.customers) == (6, 1, 3)
    assert got.net_revenue == pytest.approx(1200.5 + 88 + 310.25 - 88 + 66, abs=1e-9)
    assert got.rejected_examples == want.rejected_examples == {"unreadable_amount": "6"}
    assert rejected["source_row"].tolist() == [6] and rejected["金额"].tolist() == ["待定"]
    assert (got.file_format, got.sheet, got.sheets, got.title_rows, got.blank_rows) == (
        want.file_format, want.sheet, want.sheets, want.title_rows, want.blank_rows)
    assert got.sheet == "订单明细" and got.sheets == ["说明", "订单明细"] and got.blank_rows == 1
    assert sorted(table["customer_id"]) == ["001", "002", "003"]
    _assert_same_ingest(got, want)
    _assert_same_customers(table, want_table)


SHOPIFY_CSV = """Name,Email,Financial Status,Total,Created at,Lineitem name
#1001,a@example.com,paid,150.00,2024-03-01 10:00:00 +0800,Cup
#1001,a@example.com,,,2024-03-01 10:00:00 +0800,Pot
#1002,b@example.com,refunded,60.00,2024-03-02 11:00:00 +0800,Tea
#1002,b@example.com,,,2024-03-02 11:00:00 +0800,Leaf
#1003,c@example.com,paid,80.00,2024-03-03 12:00:00 +0800,Tea
"""


def _erp_merged_workbook(path):
    """An ERP sheet with order D1's total merged over its two item rows (E2:E3) and D2 on one row."""
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(["订单号", "客户", "下单日期", "商品", "订单金额"])
    sheet.append(["D1", "张三", dt.datetime(2024, 3, 1), "茶杯", 150])
    sheet.append(["D1", "张三", dt.datetime(2024, 3, 1), "茶壶", None])
    sheet.merge_cells("E2:E3")
    sheet.append(["D2", "李四", dt.datetime(2024, 3, 2), "茶叶", 60])
    book.save(path)


@pytest.mark.spark
@pytest.mark.parametrize("kind, revenue, excluded", [
    ("shopify", 150 + 80, {"item_line": 1, "order_refunded": 2}),  # #1002 refunded: both its lines go
    ("merged", 150 + 60, {"item_line": 1}),
], ids=["shopify-first-line", "excel-merged-cells"])
def test_an_order_amount_on_one_item_line_counts_once_on_spark(spark, tmp_path, kind, revenue, excluded):
    """An order's money on its first item line only (a Shopify orders export), or an order total merged over its
    item rows (an ERP's Excel sheet): the order counts once, its other item lines are excluded, not rejected as
    missing amounts — by hand, and as the DuckDB engine does."""
    if kind == "shopify":
        path = tmp_path / "orders_export.csv"
        path.write_text(SHOPIFY_CSV, encoding="utf-8")
    else:
        path = tmp_path / "orders.xlsx"
        _erp_merged_workbook(path)
    got, table, _, want, want_table = _on_both_engines(spark, path)
    assert got.rows_rejected == 0 and got.excluded == want.excluded == excluded
    assert got.net_revenue == pytest.approx(revenue, abs=1e-9)
    _assert_same_ingest(got, want)
    _assert_same_customers(table, want_table)


@pytest.mark.spark
@pytest.mark.parametrize("sep", [";", "\t", "|"], ids=["semicolon", "tab", "pipe"])
def test_other_delimiters_read_on_spark_as_the_duckdb_engine_reads_them(spark, tmp_path, sep):
    """A semicolon file with decimal commas (a European POS or Excel's CSV in a comma-decimal locale), a tab-separated
    and a |-separated export: the delimiter found by the DuckDB engine's rules, the values read alike — by hand,
    net revenue 12.50 + 1,234.50 + 7.25 with decimal commas."""
    rows = [("order_id", "customer", "date", "amount"), ("A1", "C1", "2024-03-01", "12,50"),
            ("A2", "C2", "2024-03-02", "1.234,50"), ("A3", "C1", "2024-03-05", "7,25")]
    if sep != ";":
        rows = [(*r[:3], r[3].replace(".", "").replace(",", ".")) if i else r for i, r in enumerate(rows)]
    path = tmp_path / "orders.csv"
    path.write_text("".join(sep.join(r) + "\r\n" for r in rows), encoding="utf-8")
    got, table, _, want, want_table = _on_both_engines(spark, path)
    assert got.columns == ["order_id", "customer", "date", "amount"] and got.rows_kept == 3
    assert got.net_revenue == pytest.approx(12.50 + 1234.50 + 7.25, abs=1e-9)
    _assert_same_ingest(got, want)
    _assert_same_customers(table, want_table)


def _with_semicolons(text: str) -> str:
    import csv
    import io
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(csv.reader(io.StringIO(text)))
    return out.getvalue()


@pytest.mark.spark
@pytest.mark.parametrize("above, body, newline, titles, lines_above", [
    ("2024年销售订单明细,,,,\n导出时间：2024-06-30 10:00,,,,\n\n", MESSY_CSV, "\r\n",
     ["2024年销售订单明细", "导出时间：2024-06-30 10:00"], 3),
    ("sep=;\n", _with_semicolons(MESSY_CSV), "\n", [], 1),
], ids=["erp-title-rows-crlf", "excel-sep-line"])
def test_lines_above_the_header_are_skipped_on_spark_as_on_duckdb(spark, tmp_path, above, body, newline, titles,
                                                                  lines_above):
    """A report-style export with a title, an export-time line and a blank line above the header (CRLF), and an
    Excel CSV whose first line is ``sep=;``: read from the header on, as the DuckDB engine reads them — every
    count, the title rows (written out here), the blank lines, and each rejected line's file line (the messy
    file's lines 6–10, moved down by the lines above) as DuckDB's. A local folder of such a file and a plain part
    reads each part from its header on (file number × 10,000,000,000 + line); parts with other headers and a remote
    path (a URI) of such a file are refused by name."""
    from crm_core.spark.engine import SparkEngine
    from crm_core.spark.ingest import ingest_path
    path = tmp_path / "订单报表.csv"
    path.write_bytes((above + body).replace("\n", newline).encode("utf-8"))
    got, table, rejected, want, want_table = _on_both_engines(spark, path)
    assert want.rows_rejected == 5 and want.title_rows == titles
    _assert_same_ingest(got, want)
    assert got.title_rows == titles and got.blank_rows == want.blank_rows
    assert got.columns == want.columns == ["订单号", "下单时间", "客户编号", "实付金额", "成本"]
    assert rejected["source_row"].tolist() == [6 + lines_above + k for k in range(5)]
    assert got.rejected_examples == want.rejected_examples
    assert [n for n in got.reader_notes if n.startswith("sep_line")] == [n for n in want.reader_notes
                                                                       if n.startswith("sep_line")]
    _assert_same_customers(table, want_table)
    # a folder: this file and the same orders without the lines above: each part's lines keep their file numbers
    from crm_core.spark.ingest import FILE_NUMBER
    parts = tmp_path / "parts"
    parts.mkdir()
    shutil.copy(path, parts / "part-1.csv")
    (parts / "part-2.csv").write_bytes(body.replace("\nA", "\nB").replace("\n", newline).encode("utf-8"))  # other orders
    store, want2 = ingest_file(parts / "part-2.csv", today=TODAY_OF_FILES)
    store.close()
    both, rejected = _spark_rejected(spark, parts)
    lines = rejected["source_row"].tolist()
    assert lines == [FILE_NUMBER + 6 + lines_above + k for k in range(5)] + [2 * FILE_NUMBER + 6 + k for k in range(5)]
    assert (both.rows_read, both.rows_kept) == (want.rows_read + want2.rows_read, want.rows_kept + want2.rows_kept)
    assert both.title_rows == titles and both.blank_rows == want.blank_rows + want2.blank_rows
    assert both.net_revenue == pytest.approx(want.net_revenue + want2.net_revenue, rel=RTOL)
    # parts whose headers differ are refused, naming them (Spark would read both by the first one's columns)
    (parts / "part-3.csv").write_bytes(body.replace("成本", "运费").replace("\n", newline).encode("utf-8"))
    with pytest.raises(InvalidInputError, match="do not share one header: part-3.csv"):
        ingest_path(SparkEngine(spark), str(parts))
    with pytest.raises(InvalidInputError, match=r"line\(s\) above the header .* in a remote path"):
        ingest_path(SparkEngine(spark), (parts / "part-1.csv").as_uri())
    # beside an empty part (no line, so no file number) the file's lines are its own, as for the file alone
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "a-empty.csv").write_bytes(b"")
    shutil.copy(path, alone / "b.csv")
    assert _spark_rejected(spark, alone)[1]["source_row"].tolist() == [6 + lines_above + k for k in range(5)]


@pytest.mark.spark
def test_the_command_line_passes_sheet_to_the_spark_ingest(spark, tmp_path, capsys):
    """--sheet reaches the Spark ingest: on a CSV it is refused by name (before any Spark job), as it is not applied."""
    from crm_core.cli import main
    rc = main(["report", "sample", "--engine", "spark", "--out", str(tmp_path), "--sheet", "Orders"])
    err = capsys.readouterr().err
    assert rc == 2 and "--sheet is for Excel workbooks" in err and "Traceback" not in err


@pytest.mark.spark
def test_parquet_parts_by_glob_equal_duckdb(spark, tmp_path):
    """Parquet: typed columns (timestamps, doubles) are read as text and parsed by the same rules (2 parts, 3,000
    lines of the sample)."""
    from crm_core.spark.engine import SparkEngine, to_pandas
    from crm_core.spark.ingest import ingest_path
    from crm_core.spark.report import customer_frame
    frame = pd.read_csv(SAMPLE.path, nrows=3_000, dtype={"phone": str}, parse_dates=["order_time"])
    parts = tmp_path / "parts"  # as Spark writes a dataset: the parts and a _SUCCESS file
    parts.mkdir()
    frame[:1_500].to_parquet(parts / "part-0.parquet", coerce_timestamps="us", allow_truncated_timestamps=False)
    frame[1_500:].to_parquet(parts / "part-1.parquet", coerce_timestamps="us", allow_truncated_timestamps=False)
    (parts / "_SUCCESS").write_bytes(b"")
    whole = tmp_path / "whole.parquet"
    frame.to_parquet(whole, coerce_timestamps="us")
    store, want = ingest_file(whole)
    want_table = customer_table(store, want.default_as_of)
    store.close()
    # a local glob, and the folder as a URI (its kind told from Spark's own listing of it)
    for path in (str(parts / "part-*.parquet"), f"file://{parts}"):
        engine = SparkEngine(spark)
        try:
            got = ingest_path(engine, path)
            _assert_same_ingest(got, want)
            table = to_pandas(customer_frame(engine, got.default_as_of))
        finally:
            engine.close()
        _assert_same_customers(table, want_table)


@pytest.mark.spark
def test_parquet_rows_are_named_by_their_place_in_the_file_on_spark(spark, tmp_path):
    """A Parquet file of the sample's first 6,000 lines as text, in row groups of 400 read in 16 KiB splits (several
    tasks), damaged by hand at rows 7, 2,401 and 5,999 (1 = the first row, as the DuckDB engine numbers a Parquet
    file's rows): Spark's rejected source_row are those rows, as the DuckDB engine's, with no note of Spark line
    ids. Split in two parts (a glob): file number × 10,000,000,000 + the row in that part, by hand, and a note
    naming the parts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from crm_core.spark.ingest import FILE_NUMBER, SOURCE_ROW_NOTE
    frame = pd.read_csv(SAMPLE.path, nrows=6_000, dtype=str, keep_default_na=False)
    damage = {7: ("customer_id", ""), 2_401: ("amount", "12..5"), 5_999: ("order_time", "2024-13-45")}
    for row, (column, value) in damage.items():
        frame.loc[row - 1, column] = value
    path = tmp_path / "orders.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, row_group_size=400)
    store, want = ingest_file(path, today=TODAY_OF_FILES)
    want_rejected = store.table("rejected").df().sort_values("source_row")
    store.close()
    with _split_bytes(spark, 16 * 1024):
        splits = spark.read.parquet(str(path)).rdd.getNumPartitions()
        got, rejected = _spark_rejected(spark, path)
    assert splits >= 3
    assert rejected["source_row"].tolist() == want_rejected["source_row"].tolist() == sorted(damage)
    assert rejected["reason"].tolist() == want_rejected["reason"].tolist() == [
        "missing_customer", "unreadable_amount", "unreadable_date"]
    assert SOURCE_ROW_NOTE not in got.reader_notes
    _assert_same_ingest(got, want)  # the rejected examples' rows too, now that no note says otherwise

    parts = tmp_path / "parts"
    parts.mkdir()
    for name, rows in (("a.parquet", slice(0, 2_400)), ("b.parquet", slice(2_400, None))):
        pq.write_table(pa.Table.from_pandas(frame[rows], preserve_index=False), parts / name, row_group_size=400)
    got, rejected = _spark_rejected(spark, parts / "*.parquet")
    assert rejected["source_row"].tolist() == [FILE_NUMBER + 7, 2 * FILE_NUMBER + 1, 2 * FILE_NUMBER + 3_599]
    assert any("file number × 10,000,000,000 + the row" in n and "1 = a.parquet, 2 = b.parquet" in n
               for n in got.reader_notes)
    assert (got.rows_read, got.rows_kept) == (want.rows_read, want.rows_kept)


@pytest.mark.spark
def test_percentile_ranks_on_spark_average_ties_and_put_missing_lowest(spark):
    """The loyalty score's ranks on the cluster against scipy's average ranks (an independent oracle): ties share
    the mean of their ranks, a missing value ranks below every known one (the missing tied), (r − 1) / (n − 1),
    reversed when lower is more loyal; 0.5 for a single customer. Eight partitions for 40 rows: ranks cross them."""
    from scipy.stats import rankdata

    from crm_core.spark.loyalty import percentile_ranks
    rng = np.random.default_rng(5)
    x = rng.integers(0, 6, 40).astype(float)
    x[[3, 17, 29]] = np.nan
    ids = [f"K{i:02d}" for i in range(40)]
    frame = spark.createDataFrame(pd.DataFrame({"customer_id": ids, "x": x})).repartition(8)
    for higher in (True, False):
        got = percentile_ranks(frame, "x", higher, 40, "p").toPandas().set_index("customer_id")["p"]
        loyal = np.where(np.isnan(x), -np.inf, x if higher else -x)
        want = (rankdata(loyal, method="average") - 1) / 39
        np.testing.assert_array_equal(got.reindex(ids).to_numpy(), want)
    one = spark.createDataFrame(pd.DataFrame({"customer_id": ["A"], "x": [3.0]}))
    assert percentile_ranks(one, "x", True, 1, "p").first()["p"] == 0.5


@pytest.mark.spark
def test_loyalty_measures_with_other_periods_on_spark_equal_duckdb(sample_on_spark):
    """--retention-period month and --second-purchase-days 30 (not the defaults): the Spark engine's order-only
    loyalty measures equal the DuckDB engine's on the sample (counts exactly, rates and quartiles to 1e-9)."""
    from crm_core.loyalty import loyalty_summary
    from crm_core.spark.loyalty import loyalty_summary_frame
    engine, report = sample_on_spark
    store, want_report = ingest_file(SAMPLE.path, currency=SAMPLE.currency, source_name=SAMPLE.key,
                                     drop_duplicates=SAMPLE.drop_duplicates)
    try:
        want = loyalty_summary(store, want_report.default_as_of, "month", 30)
    finally:
        store.close()
    got = loyalty_summary_frame(engine, report.default_as_of, "month", 30)
    assert len(want["retention"]) > 30 and want["second_purchase_rate"]["window_days"] == 30
    _assert_same_summary(json.loads(json.dumps(got)), json.loads(json.dumps(want)))


def _discount_file(path: Path, rows: int = 6_000, rate_cell: bool = False) -> Path:
    """The sample's first lines with a discount column 优惠金额 written as negatives (-6.16 = 6.16 off), on every
    third purchase line; with ``rate_cell`` one cell is a rate (9折) instead."""
    frame = pd.read_csv(SAMPLE.path, nrows=rows, dtype=str, keep_default_na=False)
    amount = frame["amount"].astype(float).to_numpy()
    off = np.where((np.arange(rows) % 3 == 0) & (amount > 0), np.round(amount * 0.1, 2), np.nan)
    frame["优惠金额"] = ["" if np.isnan(d) else f"-{d:.2f}" for d in off]
    if rate_cell:
        frame.loc[7, "优惠金额"] = "9折"
    frame.to_csv(path, index=False, encoding="utf-8")
    return path


@pytest.mark.spark
def test_a_discount_column_on_spark_gives_the_duckdb_promotion_figures(spark, tmp_path):
    """A discount column (negatives only: negated, as the DuckDB engine does) on Spark: the ingest's sign decision,
    every customer's promotion columns and the promotion summary equal the DuckDB engine's; a rate cell (9折) is
    refused with the DuckDB engine's message."""
    from crm_core.loyalty.promotion import customer_promotion, promotion_summary
    from crm_core.spark.engine import SparkEngine, to_pandas
    from crm_core.spark.ingest import ingest_path
    from crm_core.spark.loyalty import _promotion
    path = _discount_file(tmp_path / "discounts.csv")
    mapping = {"discount": "优惠金额"}
    store, want = ingest_file(path, mapping=mapping)
    want_promo = customer_promotion(store, want.default_as_of)
    store.close()
    assert want.discount_sign == "negated" and want_promo["discounted_orders"].sum() > 1_000
    engine = SparkEngine(spark)
    try:
        got = ingest_path(engine, str(path), mapping=mapping)
        _assert_same_ingest(got, want)
        assert got.discount_sign == "negated" and got.conventions == want.conventions
        promo = to_pandas(_promotion(engine, got.default_as_of)).sort_values("customer_id", ignore_index=True)
    finally:
        engine.close()
    cols = ["customer_id", "orders", "discounted_orders", "promo_share", "revenue", "discount_total",
            "promotion_driven"]
    _assert_same_report_frame(promo[cols], want_promo[cols])
    _assert_same_summary(json.loads(json.dumps(promotion_summary(promo))),
                         json.loads(json.dumps(promotion_summary(want_promo))))
    rates = _discount_file(tmp_path / "rates.csv", rows=300, rate_cell=True)
    with pytest.raises(InvalidInputError) as duck_err:
        ingest_file(rates, mapping=mapping)
    with pytest.raises(InvalidInputError) as spark_err:
        ingest_path(SparkEngine(spark), str(rates), mapping=mapping)
    assert spark_err.value.reason == duck_err.value.reason and '"9折"' in spark_err.value.reason
    assert spark_err.value.columns == duck_err.value.columns == ["优惠金额"] and len(spark_err.value.rows) == 1


def _assert_same_report_frame(got: pd.DataFrame, want: pd.DataFrame):
    """Two per-customer frames equal: the same ids in order, numbers to 1e-9 relative, the rest exactly."""
    got, want = got.reset_index(drop=True), want.reset_index(drop=True)
    assert list(got.columns) == list(want.columns)
    for col in want.columns:
        g, w = got[col], want[col]
        if pd.api.types.is_numeric_dtype(w) and not pd.api.types.is_bool_dtype(w):
            np.testing.assert_allclose(g.to_numpy(float), w.to_numpy(float), rtol=RTOL, atol=0, equal_nan=True,
                                       err_msg=col)
        else:
            assert g.astype(str).tolist() == w.astype(str).tolist(), col


# The platforms' exports as tests/exports/generator.py writes them (each as its system writes it: encoding, BOM,
# line ends, quoting), checked against tests/exports/oracle.py, which reads the generator's logical lines and
# never the file or crm_core.
PLATFORM_EXPORTS = ("taobao", "jd", "youzan", "yonyou", "pos_member", "shopify", "woocommerce", "unquoted_thousands",
                    "null_markers", "malformed_amounts", "comma_decimal")


@pytest.mark.spark
@pytest.mark.parametrize("name", PLATFORM_EXPORTS)
def test_platform_exports_on_spark_give_the_oracles_counts_and_money(spark, tmp_path, name):
    """Each export ingested on Spark: every count of the ingest report (lines read, kept, rejected by reason,
    excluded by reason, duplicates, returns, customers, first and last day), gross, returns and net money, and
    each customer's net money to the cent, as the oracle computes them from the generator's lines. The
    unquoted 1,234.50 file has two lines with one field more than the header: rejected as too_many_fields."""
    from crm_core.spark.engine import SparkEngine, to_pandas
    from crm_core.spark.ingest import ingest_path
    from tests.exports import generator as g
    from tests.exports.checks import assert_counts
    from tests.exports.oracle import expect

    gen = getattr(g, name)(tmp_path)
    want = expect(gen)
    engine = SparkEngine(spark)
    try:
        got = ingest_path(engine, str(gen.path), today=g.TODAY, **gen.ingest_kwargs)
        money = to_pandas(engine.table("transactions").groupBy("customer_id").sum("amount"))
    finally:
        engine.close()
    assert_counts(got, want)
    got_money = {str(c): round(float(v), 2) for c, v in zip(money["customer_id"], money["sum(amount)"], strict=True)}
    assert got_money == {c: round(float(v), 2) for c, v in want.money.items()}
    for role, column in gen.mapping.items():
        assert got.mapping[role] == column, role
    if name == "unquoted_thousands":
        assert got.rejected == {"too_many_fields": 2}


@pytest.mark.spark
def test_short_and_long_lines_on_spark_are_padded_and_rejected_as_the_duckdb_engine_does(spark, tmp_path):
    """A hand-edited export: a line that stops before its last (note) column is read with the note empty, as
    DuckDB pads it; a line with an extra field (an unquoted 1,050.00) and one with two extra fields are rejected
    with their text, never truncated or shifted. By hand: 4 lines kept, net 10 + 20 + 30.5 + 40 = 100.50;
    too_many_fields 2 ("5 fields, header has 4", "6 fields, header has 4")."""
    path = tmp_path / "orders.csv"
    path.write_text("客户编号,下单时间,实付金额,备注\n"
                    "C1,2024-03-01,10.00,ok\n"
                    "C2,2024-03-02,20.00\n"              # short: the note is missing
                    "C3,2024-03-03,1,050.00,ok\n"        # one field too many
                    "C1,2024-03-04,30.50,\"ok\"\n"
                    "C4,2024-03-05,7.00,ok,extra,more\n"  # two fields too many
                    "C2,2024-03-06,40.00,\"a, b\"\n", encoding="utf-8")
    got, table, rejected, want, want_table = _on_both_engines(spark, path)
    assert got.rows_read == 6 and got.rows_kept == 4
    assert got.net_revenue == pytest.approx(10 + 20 + 30.5 + 40, abs=1e-9)
    assert got.rejected == {"too_many_fields": 2}
    assert rejected["original_line"].tolist() == ["C3,2024-03-03,1,050.00,ok    ← 5 fields, header has 4",
                                                  "C4,2024-03-05,7.00,ok,extra,more    ← 6 fields, header has 4"]
    _assert_same_ingest(got, want)
    _assert_same_customers(table, want_table)


@pytest.mark.spark
def test_a_quoted_line_break_reads_on_spark_as_one_record(spark, tmp_path):
    """A note with a line break inside quotes (RFC 4180; a Taobao 买家留言 of two lines): one record, as the DuckDB
    engine reads it — by hand, 5 lines kept (a note's two halves are not two lines), net 10 + 20 + 5 + 8 + 2 = 45;
    the line with a field too many is still rejected; a quote inside an unquoted note (27" monitor) is text."""
    path = tmp_path / "notes.csv"
    path.write_text("客户编号,下单时间,实付金额,备注\nC1,2024-03-01,10.00,\"first line\nsecond line\"\n"
                    "C2,2024-03-02,20.00,ok\nC3,2024-03-03,1,5.00,ok\nC1,2024-03-04,5.00,\"a\r\nb, c\"\n"
                    "C2,2024-03-05,8.00,27\" monitor\nC4,2024-03-06,2.00,ok\n", encoding="utf-8")
    got, table, rejected, want, want_table = _on_both_engines(spark, path)
    assert got.rows_read == 6 and got.rows_kept == 5 and got.rejected == {"too_many_fields": 1}
    assert got.net_revenue == pytest.approx(45.0, abs=1e-9)
    _assert_same_ingest(got, want)
    _assert_same_customers(table, want_table)


@pytest.mark.spark
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_records_with_line_breaks_keep_their_file_lines_on_spark(spark, tmp_path, newline):
    """A file read multiLine (notes typed with Alt+Enter) names each rejected record by the file line it starts on,
    as the DuckDB engine does — by hand (the lines as a text editor numbers them): line 2 a note of three lines
    (2–4), line 5 an empty line between records, line 6 a note holding an empty line (6–8), line 9 a field too many,
    line 10 a line of spaces (a record for DuckDB: no customer), line 11 an unreadable amount, line 12 a note of two
    lines (12–13), line 14 a blank customer. Two such files in a folder: file number × 10,000,000,000 + line."""
    from crm_core.spark.ingest import FILE_NUMBER, SOURCE_ROW_NOTE
    body = ["客户编号,下单时间,实付金额,备注",
            'C1,2024-03-01,10.00,"line one', "line two", 'line three"',
            "",
            'C2,2024-03-02,20.00,"before', "", 'after"',
            "C3,2024-03-03,1,5.00,x",
            "   ",
            "C4,2024-03-04,12..5,ok",
            'C5,2024-03-05,8.00,"a', 'b"',
            ",2024-03-06,2.00,ok",
            "C6,2024-03-07,3.00,ok"]
    text = newline.join(body) + newline
    path = tmp_path / "notes.csv"
    path.write_bytes(text.encode("utf-8"))
    want_lines = {9: "too_many_fields", 10: "missing_customer", 11: "unreadable_amount", 14: "missing_customer"}
    got, table, rejected, want, want_table = _on_both_engines(spark, path)
    assert dict(zip(rejected["source_row"], rejected["reason"], strict=True)) == want_lines
    store, _ = ingest_file(path, today=TODAY_OF_FILES)
    duck_rejected = store.table("rejected").df().sort_values("source_row")
    store.close()
    assert duck_rejected["source_row"].tolist() == sorted(want_lines)  # the oracle is what the DuckDB engine says
    assert SOURCE_ROW_NOTE not in got.reader_notes
    assert (got.rows_kept, got.blank_rows) == (4, 1)
    _assert_same_ingest(got, want)  # rejected examples and blank lines included
    _assert_same_customers(table, want_table)

    folder = tmp_path / "parts"
    folder.mkdir()
    (folder / "a.csv").write_bytes(text.encode("utf-8"))
    (folder / "b.csv").write_bytes(newline.join([body[0], 'C7,2024-03-08,1.00,"x', 'y"', "C8,2024-03-09,oops,ok"])
                                   .encode("utf-8"))
    got, rejected = _spark_rejected(spark, folder)
    assert rejected["source_row"].tolist() == [*(FILE_NUMBER + n for n in sorted(want_lines)), 2 * FILE_NUMBER + 4]
    assert any("1 = a.csv, 2 = b.csv" in n for n in got.reader_notes)


@pytest.mark.spark
def test_a_quote_never_closed_is_rejected_on_spark_as_the_duckdb_engine_rejects_it(spark, tmp_path):
    """A quote opened in a note and never closed swallows the rest of the file into that note: the record is
    rejected as bad_quotes with the lines it swallowed (DuckDB's rule) — by hand, 2 records read, 1 kept (10.00)."""
    path = tmp_path / "open.csv"
    path.write_text("客户编号,下单时间,实付金额,备注\nC1,2024-03-01,10.00,ok\nC2,2024-03-02,20.00,\"oops\n"
                    "C3,2024-03-03,5.00,ok\n", encoding="utf-8")
    got, table, rejected, want, want_table = _on_both_engines(spark, path)
    assert got.rows_read == 2 and got.rows_kept == 1 and got.rejected == {"bad_quotes": 1}
    assert got.net_revenue == pytest.approx(10.0, abs=1e-9)
    assert rejected["original_line"].str.contains("C3,2024-03-03,5.00,ok").tolist() == [True]
    _assert_same_ingest(got, want)
    _assert_same_customers(table, want_table)


@pytest.mark.spark
def test_a_folder_of_parts_names_each_rejected_line_by_file_and_line(spark, tmp_path):
    """Two parts of one export in a folder: source_row = file number × 10,000,000,000 + the line in that file
    (files in name order), blank lines and a line of spaces counted as a text editor counts them — by hand:
    a.csv line 3 (N/A), b.csv line 4 (a line of spaces, read as a record: no customer) and line 6 (a field too
    many); the reader note names the files."""
    from crm_core.spark.engine import SparkEngine, to_pandas
    from crm_core.spark.ingest import FILE_NUMBER, ingest_path
    folder = tmp_path / "parts"
    folder.mkdir()
    (folder / "a.csv").write_text("客户编号,下单时间,实付金额\nC1,2024-03-01,10\nC2,2024-03-02,N/A\nC3,2024-03-03,5\n",
                                  encoding="utf-8")
    (folder / "b.csv").write_text("客户编号,下单时间,实付金额\nC1,2024-03-04,7\n\n   \nC2,2024-03-05,8\n"
                                  "C3,2024-03-06,1,200\n\n", encoding="utf-8")
    engine = SparkEngine(spark)
    try:
        got = ingest_path(engine, str(folder), today=TODAY_OF_FILES)
        rejected = to_pandas(engine.table("rejected")).sort_values("source_row")
    finally:
        engine.close()
    assert rejected["source_row"].tolist() == [FILE_NUMBER + 3, 2 * FILE_NUMBER + 4, 2 * FILE_NUMBER + 6]
    assert rejected["reason"].tolist() == ["missing_amount", "missing_customer", "too_many_fields"]
    assert got.rows_read == 7 and got.rows_kept == 4 and got.net_revenue == pytest.approx(30.0, abs=1e-9)
    assert got.blank_rows == 2
    assert any("file number × 10,000,000,000" in n and "1 = a.csv, 2 = b.csv" in n for n in got.reader_notes)
    # an empty part is no file of the numbering; a part with other columns is refused, by name, before any Spark job
    (folder / "0.csv").write_bytes(b"")
    (folder / "c.csv").write_text("客户编号,实付金额,下单时间\nC9,3,2024-03-07\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="do not share one header: c.csv has 客户编号, 实付金额, 下单时间"):
        ingest_path(SparkEngine(spark), str(folder), today=TODAY_OF_FILES)


@pytest.mark.spark
def test_a_remote_glob_of_parts_is_read_only_when_every_part_has_the_first_ones_header(spark, tmp_path):
    """A URI glob or folder (``file://`` here; the driver opens no part of a remote path, so Spark checks each part's
    header as it reads it): two GBK parts with one header read as two files, numbered by hand (b.csv line 3: N/A),
    a folder of mixed kinds refused by its listing, a path with nothing there refused as such; GBK names that collide
    read as UTF-8 checked as GB18030; a BOM and other case accepted, a repeated name refused; a smaller
    part with the columns in another order, a title row above its header, or UTF-16 text is refused by name, never
    read by the other parts' columns (Spark's default: a part's own header is ignored)."""
    from crm_core.spark.ingest import FILE_NUMBER
    folder = tmp_path / "parts"
    folder.mkdir()
    header = "客户编号,下单时间,实付金额\n"
    (folder / "a.csv").write_bytes((header + "C1,2024-03-01,10\nC2,2024-03-02,20\nC3,2024-03-03,5\n"
                                    "C4,2024-03-04,2\n").encode("gbk"))
    (folder / "b.csv").write_bytes((header + "C1,2024-03-05,7\nC2,2024-03-06,N/A\n").encode("gbk"))
    uri = f"file://{folder}/*.csv"
    for path in (uri, f"file:{folder}"):  # a glob, and the folder as file:/… (its kind from Spark's listing of it)
        got, rejected = _spark_rejected(spark, path)
        assert got.encoding == "gb18030" and got.rows_read == 6 and got.rows_kept == 5
        assert got.net_revenue == pytest.approx(44.0, abs=1e-9)
        assert rejected["source_row"].tolist() == [2 * FILE_NUMBER + 3]
    (folder / "notes.xlsx").write_bytes(b"")
    with pytest.raises(InvalidInputError, match=r"holds files named \.csv, \.xlsx: a folder is read as CSV parts"):
        _spark_rejected(spark, f"file://{folder}")
    (folder / "notes.xlsx").unlink()
    with pytest.raises(InvalidInputError, match="there is no file or folder file://.*/none"):
        _spark_rejected(spark, f"file://{tmp_path}/none")
    with pytest.raises(InvalidInputError, match=r"no file matches .*/parts/\*\.parquet"):
        _spark_rejected(spark, f"file://{folder}/*.parquet")
    others = {"order": "客户编号,实付金额,下单时间\nC9,3,2024-03-07\n".encode("gbk"),
              "title": ("2024年3月订单明细\n" + header + "C9,2024-03-07,3\n").encode("gbk"),
              "utf16": (header + "C9,2024-03-07,3\n").encode("utf-16")}
    said = {"order": "c.csv has 客户编号, 实付金额, 下单时间, another part has 客户编号, 下单时间, 实付金额",
            "title": "c.csv has 1 columns in its header, another part 3",
            "utf16": "c.csv has "}
    said["utf16"] = None  # UTF-16 read as UTF-8: three names of NULs and garbled bytes; the other part named
    for kind, content in others.items():
        (folder / "c.csv").write_bytes(content)
        want = said[kind] or "c.csv has .*, another part has 客户编号, 下单时间, 实付金额;"
        with pytest.raises(InvalidInputError, match="do not share one header: " + (
                re.escape(said[kind]) if said[kind] else want)) as err:
            _spark_rejected(spark, uri)
        assert "各分片的表头不一致：c.csv" in err.value.reason_zh
    # names that collide read as UTF-8 (订单编号 and 订单金额: the same U+FFFD run) are checked as GB18030 reads them
    (folder / "c.csv").unlink()
    collide = "会员编号,订单编号,订单金额,下单日期\n"
    (folder / "a.csv").write_bytes((collide + "C1,SO1,10,2024-03-01\nC2,SO2,20,2024-03-02\n").encode("gbk"))
    (folder / "b.csv").write_bytes("会员编号,订单金额,订单编号,下单日期\nC9,3,SO9,2024-03-07\n".encode("gbk"))
    with pytest.raises(InvalidInputError, match="do not share one header: b.csv has 会员编号, 订单金额, 订单编号"):
        _spark_rejected(spark, uri)
    # a part with a BOM and names in other case is the same header (Spark compares names case-insensitively)
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.csv").write_text("customer_id,order_date,amount\nC1,2024-03-01,10\nC2,2024-03-02,20\n"
                                 "C3,2024-03-03,5\n", encoding="utf-8")
    (plain / "b.csv").write_text("\ufeffCustomer_ID,Order_Date,amount\nC1,2024-03-05,7\n", encoding="utf-8")
    got, rejected = _spark_rejected(spark, f"file://{plain}/*.csv")
    assert got.rows_kept == 4 and got.net_revenue == pytest.approx(42.0, abs=1e-9) and rejected.empty
    # a header with a repeated name cannot be checked part by part on a remote path: refused, not read unchecked
    for name in ("a.csv", "b.csv"):
        (plain / name).write_text("customer_id,order_date,amount,amount\nC1,2024-03-01,10,1\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="header has repeated or empty names"):
        _spark_rejected(spark, f"file://{plain}")
    with pytest.raises(InvalidInputError, match="Spark cannot open nofs://bucket/orders.csv: .*No FileSystem"):
        _spark_rejected(spark, "nofs://bucket/orders.csv")  # a scheme no file system serves: Hadoop's own words


@pytest.mark.spark
def test_file_lines_are_right_across_the_splits_of_a_big_file(spark, tmp_path):
    """The sample's first 12,000 lines with hand-made damage, read in 128 KiB splits (9 tasks, each split
    numbered from its first line id and the counts of the splits before it): every rejected line's source_row
    and reason equal the DuckDB engine's, and are the lines the damage was written on (counted here from the text:
    a blank line, a line of spaces, a line with a field too many, an unreadable amount)."""
    lines = SAMPLE.path.read_text(encoding="utf-8").splitlines()[:12_000]
    fields = lines[1].split(",")
    damage = {1_000: "", 5_000: "   ", 8_000: ",".join([*fields, "extra"]), 11_000: None}
    out = []
    for i, line in enumerate(lines):
        if i in damage:
            extra = damage[i]
            if extra is None:  # the amount of this line made unreadable
                cells = line.split(",")
                cells[lines[0].split(",").index("amount")] = "12..5"
                line = ",".join(cells)
            else:
                out.append(extra)
        out.append(line)
    path = tmp_path / "big.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    text = path.read_text(encoding="utf-8").split("\n")
    want_lines = sorted(n + 1 for n, t in enumerate(text) if t == "   " or t.endswith(",extra") or "12..5" in t)
    store, want = ingest_file(path, today=TODAY_OF_FILES, drop_duplicates=False)
    want_rejected = store.table("rejected").df().sort_values("source_row")
    store.close()
    with _split_bytes(spark, 128 * 1024):
        got, rejected = _spark_rejected(spark, path, drop_duplicates=False)
        splits = spark.read.text(str(path)).rdd.getNumPartitions()
    assert splits >= 5
    assert rejected["source_row"].tolist() == want_rejected["source_row"].tolist() == want_lines
    assert rejected["reason"].tolist() == want_rejected["reason"].tolist()
    _assert_same_ingest(got, want)



@pytest.mark.spark
def test_an_empty_row_of_a_tsv_and_internal_names_on_spark(spark, tmp_path):
    """Excel's tab-separated export writes an empty row as \\t\\t (Spark's reader skips it): a record of empty
    fields for DuckDB — rejected, no customer, on its file line — and so on Spark, with more tabs than the header
    too (DuckDB accepts empty fields past the header's, as after C3's amount); a line with text in a field past
    the header's is one with too many fields on both. By hand: kept C1 10, C3 5; rejected lines 3 and 5 (no
    customer), 6 (C5's x). A header naming an internal column (any case) is refused by name, before it could clash
    with the engine's own."""
    from crm_core.spark.engine import SparkEngine
    from crm_core.spark.ingest import ingest_path
    path = tmp_path / "orders.txt"
    path.write_text("客户编号\t下单时间\t实付金额\r\nC1\t2024-03-01\t10\r\n\t\t\r\nC3\t2024-03-03\t5\t\r\n\t\t\t\r\n"
                    "C5\t2024-03-04\t5\tx\r\n", encoding="utf-8")
    got, table, rejected, want, want_table = _on_both_engines(spark, path)
    assert want.rejected == {"missing_customer": 2, "too_many_fields": 1}  # the file is what it claims to be
    assert rejected["source_row"].tolist() == [3, 5, 6] and got.rows_kept == 2
    assert got.net_revenue == pytest.approx(15.0, abs=1e-9)
    _assert_same_ingest(got, want)
    _assert_same_customers(table, want_table)
    bad = tmp_path / "bad.csv"
    bad.write_text("客户编号,下单时间,实付金额,_CV_FILE\nC1,2024-03-01,10,x\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="a column named _CV_FILE"):
        ingest_path(SparkEngine(spark), str(bad), today=TODAY_OF_FILES)
