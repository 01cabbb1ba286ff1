"""A leaner ingest with the same results as crm_core's ``load_opened`` — experiment, not product code.

Same inputs (``crm_core.ingest.open_file``'s ``OpenedFile``), same parse rules (the same macro
expressions and reject CASE as ``crm_core/sql/parsed_lines.sql``), same outputs: tables
``transactions`` and ``rejected`` with the same columns and rows, and the same ``IngestReport``.
What changes is only how the work is laid out:

1. dedupe by hash: one pass hashes every raw line (``hash(*COLUMNS(*))``) and keeps the hashes
   seen more than once; only the lines with such a hash (the 0.1 % candidates) are grouped
   exactly on all columns (``GROUP BY ALL``), so hash collisions cannot merge different lines.
   Output: the rowids of the removed copies (every copy but the first). Instead of
   ``GROUP BY ALL`` over every line, which builds a hash table holding a copy of the whole file.
2. one narrow parse pass over ``raw`` in file order: the table it writes has exactly the
   columns of ``transactions`` plus ``_cv_reason`` (no ``_cv_in_*`` copies, no original role
   columns, no ``_cv_copies``). The removed copies are first DELETEd from ``raw`` (which loading
   consumes anyway; other rowids do not change), so the pass is a plain scan, in file order (an
   anti-join instead was measured to put a line out of order).
3. ``rejected`` = the few lines with a reason, joined back to ``raw`` by rowid for their
   original values; then ``DELETE`` those lines and ``DROP COLUMN _cv_reason``: the parse
   table *becomes* ``transactions`` (no second 10M-row copy, no ORDER BY: it is already in file
   order, which the experiment checks).
4. counts from ``transactions`` / ``rejected`` / the removed rowids.

Options (``Options``) switch single changes on and off so that each one's effect can be measured.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from _harness import Stages

FAST_MACROS = r"""
CREATE OR REPLACE TEMP MACRO parse_amount(s) AS (
    CASE
        WHEN NOT regexp_matches(s, '[0-9]') THEN NULL
        ELSE coalesce(
            try_cast(s AS DOUBLE),
            (CASE WHEN regexp_matches(trim(s), '^[(（].*[)）]$|^[-−].*|.*[-−]$') THEN -1.0 ELSE 1.0 END)
            * try_cast(regexp_replace(
                regexp_replace(s, '[\s,，()（）]|￥|¥|\$|€|£|元|RMB|CNY|USD|EUR|GBP|HKD', '', 'g'),
                '^[-−+＋]|[-−]$', '', 'g') AS DOUBLE)
        )
    END
);
CREATE OR REPLACE TEMP MACRO parse_timestamp(s, formats) AS (
    CASE
        WHEN NOT regexp_matches(s, '[0-9]') THEN NULL
        ELSE coalesce(
            try_cast(s AS TIMESTAMP),
            try_cast(trim(s) AS TIMESTAMP),
            try_strptime(trim(s), formats),
            CASE
                WHEN regexp_full_match(trim(s), '[0-9]{5}(\.[0-9]+)?')
                     AND try_cast(trim(s) AS DOUBLE) BETWEEN 20000 AND 73050
                THEN TIMESTAMP '1899-12-30'
                     + to_microseconds(CAST(round(CAST(trim(s) AS DOUBLE) * 86400000000) AS BIGINT))
            END
        )
    END
);
"""


REASON = """CASE
                WHEN _cv_customer IS NULL THEN 'missing_customer'
                WHEN _cv_in_order_ts IS NULL OR trim(_cv_in_order_ts) = '' THEN 'missing_date'
                WHEN _cv_ts IS NULL OR year(_cv_ts) NOT BETWEEN 1900 AND 2199 THEN 'unreadable_date'
                WHEN _cv_in_amount IS NULL OR trim(_cv_in_amount) = '' THEN 'missing_amount'
                WHEN _cv_amount IS NULL OR NOT isfinite(_cv_amount) THEN 'unreadable_amount'
                WHEN trim(coalesce(_cv_in_cost, '')) <> '' AND (_cv_cost IS NULL OR NOT isfinite(_cv_cost))
                    THEN 'unreadable_cost'
                WHEN trim(coalesce(_cv_in_margin, '')) <> '' AND (_cv_margin IS NULL OR NOT isfinite(_cv_margin))
                    THEN 'unreadable_margin'
                WHEN CAST(_cv_ts AS DATE) > CAST($today AS DATE) THEN 'future_date'
            END"""

# Same reasons for every line: a parsed value is never blank (both parse macros return NULL for
# a value without a digit), so the trims only need to run where parsing failed; CASE evaluates
# AND with selection vectors, so the right-hand side runs on those few lines only.
REASON_GUARDED = """CASE
                WHEN _cv_customer IS NULL THEN 'missing_customer'
                WHEN _cv_ts IS NULL AND (_cv_in_order_ts IS NULL OR trim(_cv_in_order_ts) = '') THEN 'missing_date'
                WHEN _cv_ts IS NULL OR year(_cv_ts) NOT BETWEEN 1900 AND 2199 THEN 'unreadable_date'
                WHEN _cv_amount IS NULL AND (_cv_in_amount IS NULL OR trim(_cv_in_amount) = '') THEN 'missing_amount'
                WHEN _cv_amount IS NULL OR NOT isfinite(_cv_amount) THEN 'unreadable_amount'
                WHEN (_cv_cost IS NULL OR NOT isfinite(_cv_cost)) AND trim(coalesce(_cv_in_cost, '')) <> ''
                    THEN 'unreadable_cost'
                WHEN (_cv_margin IS NULL OR NOT isfinite(_cv_margin)) AND trim(coalesce(_cv_in_margin, '')) <> ''
                    THEN 'unreadable_margin'
                WHEN CAST(_cv_ts AS DATE) > CAST($today AS DATE) THEN 'future_date'
            END"""


@dataclass
class Options:
    dedupe: str = "hash"            # "hash" | "group_by_all" (crm_core's deduplicated_lines, then narrow parse)
    fast_macros: bool = False       # parse_timestamp tries try_cast(s) before trim(s) (same results)
    encoding: str = "python"        # "python" (crm_core: whole-file UTF-8 check in Python) | "duckdb"
    customer_sql: str = "crm_core"  # "crm_core" | "rollup" (customer_table via order/day roll-ups)
    memory_limit: str | None = None
    threads: int | None = None
    preserve_insertion_order: bool = True  # False: only after raw is loaded (raw's rowids must be file rows)
    guarded_reason: bool = False    # REASON_GUARDED instead of parsed_lines.sql's CASE (same reasons)
    layout: str = "lean"            # "lean" (dedupe before parse) | "onepass" (hash while parsing, see below)
    source: str = "table"           # onepass only: "table" (raw table, as crm_core) | "csv" (raw is a view, re-read)


def csv_scan(path) -> str:
    p = str(path).replace("'", "''")
    return f"read_csv('{p}', all_varchar = true, header = true, null_padding = true, sample_size = 20480)"


def qi(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def open_file_duckdb_first(path, store):
    """sources.load_raw for a CSV, letting DuckDB validate UTF-8 while it reads (same outcomes).

    A NUL byte anywhere still means "binary file" (fast bytes scan); BOMs decide utf-16 /
    utf-8-sig as before; if DuckDB refuses the file, crm_core's full Python detection runs and,
    for GBK / GB18030, the file is transcoded and read again, exactly as before.
    """
    import duckdb

    from crm_core import sources
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(4)
        fh.seek(0)
        while chunk := fh.read(1 << 24):
            if b"\x00" in chunk:
                return sources.load_raw(store, path)  # crm_core gives the binary-file message
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return sources.load_raw(store, path)
    encoding = "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        store.execute("raw_lines_from_csv", path=str(path))
    except duckdb.Error:
        return sources.load_raw(store, path)  # not UTF-8 (or not CSV): crm_core's path decides
    info = sources.RawInfo("csv", encoding, None, (), 2, sources._columns(store))
    if len(info.columns) < 2 or store.run("raw_sample", n=1).empty:
        return sources.load_raw(store, path)  # same error messages as crm_core
    return info


def open_file(path, opts: Options, st: Stages):
    from crm_core import ingest as ing
    from crm_core import mapping as mapping_mod
    from crm_core import sources
    from crm_core.store import Store, connect
    store = Store(connect(threads=opts.threads, memory_limit=opts.memory_limit))
    if opts.memory_limit:
        tmp = Path(__file__).resolve().parents[1] / "out" / "duckdb_tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        store.con.execute(f"SET temp_directory = '{tmp}'")
    st.con = store.con
    st.mark("start")
    if opts.source == "csv":
        # raw is a VIEW over the file (UTF-8 case only in this experiment); nothing is stored
        store.con.execute(f"CREATE VIEW raw AS SELECT * FROM {csv_scan(path)}")
        cols = tuple(store.table("raw").columns)
        info = sources.RawInfo("csv", "utf-8", None, (), 2, cols)
        st.mark("open: raw = view over read_csv (sniff only)")
    elif opts.encoding == "duckdb":
        info = open_file_duckdb_first(path, store)
        st.mark("load_raw: read_csv -> raw (DuckDB validates UTF-8)")
    else:
        orig = sources.detect_encoding
        enc = orig(path)
        st.mark("load_raw: detect_encoding (Python, whole file)")
        sources.detect_encoding = lambda p: enc
        try:
            info = sources.load_raw(store, path)
        finally:
            sources.detect_encoding = orig
        st.mark("load_raw: read_csv -> table raw")
    sample = store.run("raw_sample", n=ing.SAMPLE_LINES)
    opened = ing.OpenedFile(store, info, sample, mapping_mod.detect_mapping(info.columns, sample), Path(path).name)
    st.mark("sample + detect mapping")
    return opened


def load_opened_lean(opened, opts: Options, st: Stages, *, today: dt.date | None = None):
    from crm_core import ingest as ing
    from crm_core import mapping as mapping_mod
    from crm_core.schema import ROLE_NAMES
    store, info, sample = opened.store, opened.info, opened.sample
    con = store.con
    store._ensure_macros()
    if opts.fast_macros:
        con.execute(FAST_MACROS)
    roles = mapping_mod.check_mapping(dict(opened.detected), info.columns)
    date_formats = mapping_mod.detect_date_formats(sample[roles["order_ts"]])
    currency = mapping_mod.detect_currency(sample[roles["amount"]])
    today = today or dt.date.today()
    first_row = info.first_row
    P = {"first_row": first_row}

    # 1. which raw rowids are removed as exact duplicates (every copy but the first)
    if opts.dedupe == "hash":
        con.execute("""
            CREATE OR REPLACE TEMP TABLE _cv_dup_hashes AS
            SELECT _h FROM (SELECT hash(*COLUMNS(*)) AS _h FROM raw) GROUP BY _h HAVING count(*) > 1""")
        st.mark("dedupe 1/2: hash every line, keep hashes seen twice")
        con.execute("""
            CREATE OR REPLACE TEMP TABLE _cv_removed AS
            WITH groups AS (
                SELECT min(rowid) AS _keep, list(rowid) AS _rows, COLUMNS(*)
                FROM raw
                WHERE hash(*COLUMNS(*)) IN (SELECT _h FROM _cv_dup_hashes)
                GROUP BY ALL
            )
            SELECT _r FROM (SELECT unnest(_rows) AS _r, _keep FROM groups) WHERE _r <> _keep""")
        st.mark("dedupe 2/2: exact GROUP BY ALL of candidates")
    else:
        con.execute("""
            CREATE OR REPLACE TEMP TABLE _cv_removed AS
            WITH groups AS (SELECT min(rowid) AS _keep, list(rowid) AS _rows, COLUMNS(*) FROM raw GROUP BY ALL)
            SELECT _r FROM (SELECT unnest(_rows) AS _r, _keep FROM groups WHERE len(_rows) > 1) WHERE _r <> _keep""")
        st.mark("dedupe: GROUP BY ALL over every line")
    n_removed = con.execute("SELECT count(*) FROM _cv_removed").fetchall()[0][0]
    if n_removed:
        # raw is consumed by loading anyway; deleting marks rows, rowids of the others stay
        con.execute("DELETE FROM raw WHERE rowid IN (SELECT _r FROM _cv_removed)")
    st.mark("dedupe: DELETE the removed copies from raw")
    if not opts.preserve_insertion_order:
        con.execute("SET preserve_insertion_order = false")

    # 2. one narrow parse pass in file order: transactions' columns + _cv_reason
    mapped = {c for c in roles.values() if c}
    passthrough = [c for c in info.columns if c not in mapped]
    canonical = set(ROLE_NAMES) | {"profit", "source_row"}
    out_names = {c: (f"{c}_original" if c in canonical else c) for c in passthrough}
    role_in = ",\n".join(
        f"{qi(roles[r]) if roles.get(r) else 'CAST(NULL AS VARCHAR)'} AS _cv_in_{r}" for r in ROLE_NAMES)
    pt_in = "".join(f",\n{qi(c)} AS {qi('_cv_pt_' + str(i))}" for i, c in enumerate(passthrough))
    pt_out = "".join(f",\n{qi('_cv_pt_' + str(i))} AS {qi(out_names[c])}" for i, c in enumerate(passthrough))
    if roles.get("margin") is not None:
        profit = "_cv_margin"
    elif roles.get("cost") is not None:
        profit = "_cv_amount - _cv_cost"
    else:
        profit = "CAST(NULL AS DOUBLE)"
    reason = REASON_GUARDED if opts.guarded_reason else REASON
    where = ""  # the removed copies were deleted from raw: a plain scan keeps file order
    con.execute(f"""
        CREATE OR REPLACE TABLE _cv_parsed AS
        WITH staged AS (
            SELECT rowid AS _cv_rid,
            {role_in}{pt_in}
            FROM raw
            {where}
        ),
        typed AS (
            SELECT
                *,
                nullif(trim(_cv_in_customer_id), '') AS _cv_customer,
                parse_timestamp(_cv_in_order_ts, $date_formats) AS _cv_ts,
                parse_amount(_cv_in_amount) AS _cv_amount,
                nullif(trim(_cv_in_order_id), '') AS _cv_order_id,
                parse_amount(_cv_in_cost) AS _cv_cost,
                parse_amount(_cv_in_margin) AS _cv_margin,
                nullif(trim(_cv_in_channel), '') AS _cv_channel,
                nullif(trim(_cv_in_product), '') AS _cv_product
            FROM staged
        ),
        reasoned AS (
            SELECT *,
            {reason} AS _cv_reason
            FROM typed
        )
        SELECT
            _cv_customer AS customer_id, _cv_ts AS order_ts, _cv_amount AS amount, _cv_order_id AS order_id,
            _cv_cost AS cost, _cv_margin AS margin, {profit} AS profit, _cv_channel AS channel,
            _cv_product AS product, _cv_rid + $first_row AS source_row{pt_out},
            _cv_reason
        FROM reasoned""", {"date_formats": date_formats, "today": today, "first_row": first_row})
    st.mark("parse: narrow table in file order")

    # 3. rejected (original values, by rowid), then the parse table becomes transactions
    orig = ", ".join(f"raw.{qi(c)}" for c in info.columns if c not in ("source_row", "reason"))
    con.execute(f"""
        CREATE OR REPLACE TABLE rejected AS
        SELECT p.source_row, p._cv_reason AS reason, {orig}
        FROM (SELECT source_row, _cv_reason FROM _cv_parsed WHERE _cv_reason IS NOT NULL) AS p
        JOIN raw ON raw.rowid = p.source_row - $first_row""", P)
    st.mark("rejected: reasoned lines joined to raw by rowid")
    con.execute("DROP TABLE raw")
    con.execute("DELETE FROM _cv_parsed WHERE _cv_reason IS NOT NULL")
    con.execute("ALTER TABLE _cv_parsed DROP COLUMN _cv_reason")
    con.execute("ALTER TABLE _cv_parsed RENAME TO transactions")
    st.mark("transactions: DELETE rejected, DROP COLUMN, RENAME")

    # 4. counts
    cur = con.execute("""
        SELECT
            count(*) + (SELECT count(*) FROM rejected) + (SELECT count(*) FROM _cv_removed) AS rows_read,
            (SELECT count(*) FROM _cv_removed) AS duplicates_removed,
            (SELECT count(*) FROM rejected) AS rows_rejected,
            count(*) AS rows_kept,
            count(*) FILTER (WHERE amount < 0) AS returns,
            count(DISTINCT customer_id) AS customers,
            CAST(min(order_ts) AS DATE) AS first_date,
            CAST(max(order_ts) AS DATE) AS last_date,
            coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS gross_revenue,
            coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS returns_amount,
            coalesce(sum(amount), 0) AS net_revenue
        FROM transactions""")
    row = cur.fetchall()[0]
    counts = dict(zip([d[0] for d in cur.description], row, strict=False))
    by_reason = con.execute("""
        SELECT reason, count(*) AS rows,
               array_to_string(list(source_row ORDER BY source_row)[1:5], ', ') AS first_rows
        FROM rejected GROUP BY reason ORDER BY rows DESC, reason""").df()
    con.execute("DROP TABLE IF EXISTS _cv_removed; DROP TABLE IF EXISTS _cv_dup_hashes")
    st.mark("counts + drop work tables")
    report = ing.IngestReport(
        source_name=opened.source_name, file_format=info.file_format, encoding=info.encoding, sheet=info.sheet,
        sheets=list(info.sheets), columns=list(info.columns), mapping=roles,
        passthrough_columns=[out_names[c] for c in passthrough], date_formats=date_formats, currency=currency,
        rows_read=int(counts["rows_read"]), rows_kept=int(counts["rows_kept"]),
        rows_rejected=int(counts["rows_rejected"]), duplicates_removed=int(counts["duplicates_removed"]),
        returns=int(counts["returns"]), customers=int(counts["customers"]),
        first_date=counts["first_date"], last_date=counts["last_date"],
        gross_revenue=float(counts["gross_revenue"]), returns_amount=float(counts["returns_amount"]),
        net_revenue=float(counts["net_revenue"]),
        rejected={r: int(n) for r, n in zip(by_reason["reason"], by_reason["rows"], strict=False)},
        rejected_examples=dict(zip(by_reason["reason"], by_reason["first_rows"], strict=False)),
        has_profit=roles.get("cost") is not None or roles.get("margin") is not None, today=today)
    return store, report


ROLLUP_CUSTOMER_SQL = (Path(__file__).with_name("customer_table_rollup.sql"))


def customer_table_lean(store, as_of, opts: Options, unit_days: float = 7.0):
    if opts.customer_sql == "rollup":
        return store.con.execute(ROLLUP_CUSTOMER_SQL.read_text(encoding="utf-8"),
                                 {"as_of": as_of, "unit_days": unit_days}).df()
    from crm_core.customers import customer_table
    return customer_table(store, as_of)


def run(path, opts: Options):
    """ingest + customer_table the lean way; returns (store, report, ct, stage rows)."""
    st = Stages()
    opened = open_file(path, opts, st)
    if opts.layout == "onepass":
        store, report = load_opened_onepass(opened, opts, st, path=path)
    else:
        store, report = load_opened_lean(opened, opts, st)
    ct = customer_table_lean(store, report.default_as_of, opts)
    st.mark("customer_table (SQL -> DataFrame)")
    return store, report, ct, st.rows[1:]


def file_order_violations(con) -> int:
    """Lines of transactions whose source_row is not above the previous line's (physical order)."""
    return con.execute("""
        SELECT count(*) FROM (
            SELECT source_row, lag(source_row) OVER (ORDER BY rowid) AS prev FROM transactions)
        WHERE source_row <= prev""").fetchall()[0][0]


if __name__ == "__main__":  # quick manual run
    import sys
    s, r, c, rows = run(sys.argv[1], Options())
    for row in rows:
        print(f"{row['stage']:<52}{row['s']:7.2f}{row['hwm_mb']:9.0f}")
    print(r.rows_read, r.rows_kept, r.rows_rejected, r.duplicates_removed, len(c), os.getpid())


# ------------------------------------------------------------------------------------------------
# "onepass": parse first, dedupe after. The parse pass also stores each line's hash (_cv_h);
# duplicate hashes come from that column (no second pass over the lines); the original values
# are fetched only for the few lines that need them (duplicate candidates and rejected lines);
# candidates are grouped exactly on all columns; removed copies and rejected lines are DELETEd
# from the parse table, which becomes `transactions`. With source="csv" the file is read
# twice (parse pass, then the few original lines) and never stored as a `raw` table.
def load_opened_onepass(opened, opts: Options, st: Stages, *, path=None, today: dt.date | None = None):
    from crm_core import ingest as ing
    from crm_core import mapping as mapping_mod
    from crm_core.schema import ROLE_NAMES
    store, info, sample = opened.store, opened.info, opened.sample
    con = store.con
    store._ensure_macros()
    if opts.fast_macros:
        con.execute(FAST_MACROS)
    roles = mapping_mod.check_mapping(dict(opened.detected), info.columns)
    date_formats = mapping_mod.detect_date_formats(sample[roles["order_ts"]])
    currency = mapping_mod.detect_currency(sample[roles["amount"]])
    today = today or dt.date.today()
    first_row = info.first_row
    cols = ", ".join(qi(c) for c in info.columns)
    if opts.source == "csv":
        src = f"(SELECT ordinality - 1 AS _cv_rid, * EXCLUDE (ordinality) FROM {csv_scan(path)} WITH ORDINALITY)"
    else:
        src = "(SELECT rowid AS _cv_rid, * FROM raw)"

    mapped = {c for c in roles.values() if c}
    passthrough = [c for c in info.columns if c not in mapped]
    canonical = set(ROLE_NAMES) | {"profit", "source_row"}
    out_names = {c: (f"{c}_original" if c in canonical else c) for c in passthrough}
    role_in = ",\n".join(
        f"{qi(roles[r]) if roles.get(r) else 'CAST(NULL AS VARCHAR)'} AS _cv_in_{r}" for r in ROLE_NAMES)
    pt_in = "".join(f",\n{qi(c)} AS {qi('_cv_pt_' + str(i))}" for i, c in enumerate(passthrough))
    pt_out = "".join(f",\n{qi('_cv_pt_' + str(i))} AS {qi(out_names[c])}" for i, c in enumerate(passthrough))
    if roles.get("margin") is not None:
        profit = "_cv_margin"
    elif roles.get("cost") is not None:
        profit = "_cv_amount - _cv_cost"
    else:
        profit = "CAST(NULL AS DOUBLE)"
    reason = REASON_GUARDED if opts.guarded_reason else REASON
    con.execute(f"""
        CREATE OR REPLACE TABLE _cv_parsed AS
        WITH staged AS (
            SELECT _cv_rid, hash({cols}) AS _cv_h,
            {role_in}{pt_in}
            FROM {src}
        ),
        typed AS (
            SELECT
                *,
                nullif(trim(_cv_in_customer_id), '') AS _cv_customer,
                parse_timestamp(_cv_in_order_ts, $date_formats) AS _cv_ts,
                parse_amount(_cv_in_amount) AS _cv_amount,
                nullif(trim(_cv_in_order_id), '') AS _cv_order_id,
                parse_amount(_cv_in_cost) AS _cv_cost,
                parse_amount(_cv_in_margin) AS _cv_margin,
                nullif(trim(_cv_in_channel), '') AS _cv_channel,
                nullif(trim(_cv_in_product), '') AS _cv_product
            FROM staged
        ),
        reasoned AS (
            SELECT *,
            {reason} AS _cv_reason
            FROM typed
        )
        SELECT
            _cv_customer AS customer_id, _cv_ts AS order_ts, _cv_amount AS amount, _cv_order_id AS order_id,
            _cv_cost AS cost, _cv_margin AS margin, {profit} AS profit, _cv_channel AS channel,
            _cv_product AS product, _cv_rid + $first_row AS source_row{pt_out},
            _cv_reason, _cv_h
        FROM reasoned""", {"date_formats": date_formats, "today": today, "first_row": first_row})
    st.mark(f"parse every line + its hash ({opts.source})")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _cv_pick AS
        WITH dup AS (SELECT _cv_h FROM _cv_parsed GROUP BY _cv_h HAVING count(*) > 1)
        SELECT source_row - $first_row AS _cv_rid, _cv_reason, _cv_h IN (SELECT _cv_h FROM dup) AS _cv_cand
        FROM _cv_parsed
        WHERE _cv_reason IS NOT NULL OR _cv_h IN (SELECT _cv_h FROM dup)""", {"first_row": first_row})
    st.mark("duplicate hashes (GROUP BY _cv_h) + lines to look at")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _cv_orig AS
        SELECT p._cv_rid, p._cv_reason, p._cv_cand, {", ".join("s." + qi(c) for c in info.columns)}
        FROM _cv_pick AS p JOIN {src} AS s ON s._cv_rid = p._cv_rid""")
    st.mark(f"original values of those lines ({opts.source})")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _cv_removed AS
        WITH groups AS (
            SELECT min(_cv_rid) AS _keep, list(_cv_rid) AS _rows FROM _cv_orig WHERE _cv_cand GROUP BY {cols})
        SELECT _r FROM (SELECT unnest(_rows) AS _r, _keep FROM groups) WHERE _r <> _keep""")
    orig = ", ".join(qi(c) for c in info.columns if c not in ("source_row", "reason"))
    con.execute(f"""
        CREATE OR REPLACE TABLE rejected AS
        SELECT _cv_rid + $first_row AS source_row, _cv_reason AS reason, {orig}
        FROM _cv_orig
        WHERE _cv_reason IS NOT NULL AND _cv_rid NOT IN (SELECT _r FROM _cv_removed)""", {"first_row": first_row})
    con.execute("""
        DELETE FROM _cv_parsed
        WHERE _cv_reason IS NOT NULL OR source_row - $first_row IN (SELECT _r FROM _cv_removed)""",
                {"first_row": first_row})
    con.execute("ALTER TABLE _cv_parsed DROP COLUMN _cv_reason")
    con.execute("ALTER TABLE _cv_parsed DROP COLUMN _cv_h")
    con.execute("ALTER TABLE _cv_parsed RENAME TO transactions")
    con.execute("DROP VIEW raw" if opts.source == "csv" else "DROP TABLE raw")
    st.mark("exact groups, rejected, DELETE, DROP COLUMN, RENAME")
    cur = con.execute("""
        SELECT
            count(*) + (SELECT count(*) FROM rejected) + (SELECT count(*) FROM _cv_removed) AS rows_read,
            (SELECT count(*) FROM _cv_removed) AS duplicates_removed,
            (SELECT count(*) FROM rejected) AS rows_rejected,
            count(*) AS rows_kept,
            count(*) FILTER (WHERE amount < 0) AS returns,
            count(DISTINCT customer_id) AS customers,
            CAST(min(order_ts) AS DATE) AS first_date,
            CAST(max(order_ts) AS DATE) AS last_date,
            coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS gross_revenue,
            coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS returns_amount,
            coalesce(sum(amount), 0) AS net_revenue
        FROM transactions""")
    counts = dict(zip([d[0] for d in cur.description], cur.fetchall()[0], strict=False))
    by_reason = con.execute("""
        SELECT reason, count(*) AS rows,
               array_to_string(list(source_row ORDER BY source_row)[1:5], ', ') AS first_rows
        FROM rejected GROUP BY reason ORDER BY rows DESC, reason""").df()
    con.execute("DROP TABLE _cv_removed; DROP TABLE _cv_orig; DROP TABLE _cv_pick")
    st.mark("counts + drop work tables")
    report = ing.IngestReport(
        source_name=opened.source_name, file_format=info.file_format, encoding=info.encoding, sheet=info.sheet,
        sheets=list(info.sheets), columns=list(info.columns), mapping=roles,
        passthrough_columns=[out_names[c] for c in passthrough], date_formats=date_formats, currency=currency,
        rows_read=int(counts["rows_read"]), rows_kept=int(counts["rows_kept"]),
        rows_rejected=int(counts["rows_rejected"]), duplicates_removed=int(counts["duplicates_removed"]),
        returns=int(counts["returns"]), customers=int(counts["customers"]),
        first_date=counts["first_date"], last_date=counts["last_date"],
        gross_revenue=float(counts["gross_revenue"]), returns_amount=float(counts["returns_amount"]),
        net_revenue=float(counts["net_revenue"]),
        rejected={r: int(n) for r, n in zip(by_reason["reason"], by_reason["rows"], strict=False)},
        rejected_examples=dict(zip(by_reason["reason"], by_reason["first_rows"], strict=False)),
        has_profit=roles.get("cost") is not None or roles.get("margin") is not None, today=today)
    return store, report
