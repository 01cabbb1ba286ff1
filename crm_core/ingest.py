"""Turn an order file into typed, validated ``transactions`` plus an :class:`IngestReport`.

The steps (all heavy work is SQL in DuckDB, vectorised; Python only decides the mapping):

1. ``sources.load_raw``: the file as an all-text table ``raw`` (rowid = file order).
2. exact duplicate lines removed and counted: ``duplicate_line_hashes.sql`` hashes every line,
   ``duplicate_copies.sql`` compares only the lines whose hash repeats, exactly, and
   ``delete_duplicate_copies.sql`` deletes every copy but the first (optional: identical lines
   are genuine purchases in some data).
3. the column mapping (detected, or the user's) names the role columns (view ``staged``,
   relational API).
4. ``parsed_lines.sql``: one pass in file order; each value parsed, each line gets a reject
   reason or none, only the canonical and pass-through columns are kept.
5. ``rejected_from_parsed.sql``: rejected lines with their original values (joined back to
   ``raw``); ``transactions_from_parsed.sql``: the rest becomes ``transactions`` in place.

Invariant: ``rows_read = rows_kept + rows_rejected + duplicates_removed``.
Negative amounts are returns: kept, counted in ``returns``, netted into ``net_revenue``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from . import mapping as mapping_mod
from .errors import InvalidInputError
from .schema import REJECT_REASON_ZH, ROLE_NAMES
from .sources import RawInfo, load_raw
from .store import Store, connect, memory_limit_for

SAMPLE_LINES = 2000
INTERNAL_PREFIX = "_cv_"


@dataclass
class IngestReport:
    """What happened to every line of a file (DESIGN.md §2, IngestReport).

    Money figures are in the dataset currency; dates are calendar dates.
    """

    source_name: str
    file_format: str
    encoding: str | None
    sheet: str | None
    sheets: list[str]
    columns: list[str]
    mapping: dict[str, str | None]
    passthrough_columns: list[str]
    date_formats: list[str]
    currency: str | None
    rows_read: int
    rows_kept: int
    rows_rejected: int
    duplicates_removed: int
    returns: int
    customers: int
    first_date: dt.date | None
    last_date: dt.date | None
    gross_revenue: float
    returns_amount: float
    net_revenue: float
    rejected: dict[str, int] = field(default_factory=dict)
    rejected_examples: dict[str, str] = field(default_factory=dict)
    has_profit: bool = False
    today: dt.date | None = None
    drop_duplicates: bool = True

    @property
    def default_as_of(self) -> dt.date | None:
        """The day after the last kept transaction (transactions before it are included)."""
        return self.last_date + dt.timedelta(days=1) if self.last_date else None

    def to_dict(self) -> dict:
        """JSON-ready dict (dates as ISO strings)."""
        d = asdict(self)
        d["default_as_of"] = self.default_as_of
        for k, v in list(d.items()):
            if isinstance(v, dt.date):
                d[k] = v.isoformat()
        return d


@dataclass
class OpenedFile:
    """A file read into a fresh store's ``raw`` table, with the detected column roles.

    The step between choosing a file and loading it: a user checks ``detected`` (and the
    ``sample`` lines) and corrects the mapping before :func:`load_opened` types the lines.
    """

    store: Store
    info: RawInfo
    sample: object  # pandas DataFrame of the first SAMPLE_LINES raw lines
    detected: dict[str, str | None]
    source_name: str


def open_file(path: str | Path, *, sheet: str | None = None, source_name: str | None = None) -> OpenedFile:
    """Read ``path`` into a new private store and detect its column roles (no validation yet).

    Raises
    ------
    InvalidInputError
        The file cannot be read at all (see ``sources.load_raw``).
    """
    size = Path(path).stat().st_size if Path(path).exists() else 0
    store = Store(connect(memory_limit=memory_limit_for(size)))
    try:
        info = load_raw(store, path, sheet=sheet)
    except Exception:
        store.close()
        raise
    sample = store.run("raw_sample", n=SAMPLE_LINES)
    return OpenedFile(store, info, sample, mapping_mod.detect_mapping(info.columns, sample),
                      source_name or Path(path).name)


def load_opened(opened: OpenedFile, *, mapping: dict | None = None, today: dt.date | None = None,
                currency: str | None = None, drop_duplicates: bool = True) -> tuple[Store, IngestReport]:
    """Validate and type the lines of an opened file; the store then holds ``transactions`` and ``rejected``.

    Parameters
    ----------
    opened : the result of :func:`open_file` (its ``raw`` table is consumed: open again to re-map).
    mapping : role -> column overrides (``{"amount": "实付金额"}``); other roles keep the detected column.
    today : lines dated after this day are rejected as ``future_date`` [default: today].
    currency : ISO code of the amounts' currency [default: detected from symbols, else None].
    drop_duplicates : remove exact duplicate lines (default). Turn off for data without order
        ids in which identical lines are separate purchases (the CDNOW research data).

    Raises
    ------
    InvalidInputError
        A required role has no column, or no line survives validation. Row-level problems are
        not errors: they are rejected lines, counted by reason in the report.
    """
    store, info, sample = opened.store, opened.info, opened.sample
    if not store.has_table("raw"):
        raise InvalidInputError("file", None, reason="this file was loaded already; open it again to re-map it",
                                reason_zh="该文件已经载入；如需重新映射列，请重新打开文件")
    roles = dict(opened.detected)
    if mapping:
        roles.update({k: (v or None) for k, v in mapping.items() if k in ROLE_NAMES})
    roles = mapping_mod.check_mapping(roles, info.columns)
    date_formats = mapping_mod.detect_date_formats(sample[roles["order_ts"]])
    currency = currency or mapping_mod.detect_currency(sample[roles["amount"]])
    today = today or dt.date.today()

    duplicates = 0
    if drop_duplicates:
        store.execute("duplicate_line_hashes")
        store.execute("duplicate_copies")
        duplicates = int(store.scalar_row("removed_count")["n"])
        if duplicates:
            store.execute("delete_duplicate_copies")
    passthrough = _stage(store, info, roles)
    store.execute("parsed_lines", date_formats=date_formats, today=today,
                  has_margin=roles["margin"] is not None, has_cost=roles["cost"] is not None)
    store.execute("rejected_from_parsed", first_row=info.first_row)
    store.execute("transactions_from_parsed")
    store.execute("drop_work_tables")  # raw, staged, temp tables: only the results stay in memory
    counts = store.scalar_row("ingest_counts", duplicates_removed=duplicates)
    by_reason = store.run("rejected_counts")

    report = IngestReport(
        source_name=opened.source_name,
        file_format=info.file_format, encoding=info.encoding, sheet=info.sheet,
        sheets=list(info.sheets), columns=list(info.columns), mapping=roles,
        passthrough_columns=passthrough, date_formats=date_formats, currency=currency,
        rows_read=int(counts["rows_read"]), rows_kept=int(counts["rows_kept"]),
        rows_rejected=int(counts["rows_rejected"]), duplicates_removed=int(counts["duplicates_removed"]),
        returns=int(counts["returns"]), customers=int(counts["customers"]),
        first_date=counts["first_date"], last_date=counts["last_date"],
        gross_revenue=float(counts["gross_revenue"]), returns_amount=float(counts["returns_amount"]),
        net_revenue=float(counts["net_revenue"]),
        rejected={r: int(n) for r, n in zip(by_reason["reason"], by_reason["rows"], strict=True)},
        rejected_examples=dict(zip(by_reason["reason"], by_reason["first_rows"], strict=True)),
        has_profit=roles.get("cost") is not None or roles.get("margin") is not None,
        today=today, drop_duplicates=drop_duplicates,
    )
    if report.rows_kept == 0:
        reasons = "; ".join(f"{r}: {n} row(s), e.g. file rows {report.rejected_examples[r]}"
                            for r, n in report.rejected.items())
        reasons_zh = "；".join(f"{REJECT_REASON_ZH.get(r, r)}：{n} 行，例如文件第 {report.rejected_examples[r]} 行"
                               for r, n in report.rejected.items())
        err = InvalidInputError("transactions", [roles["customer_id"], roles["order_ts"], roles["amount"]],
                                reason=f"no usable rows: every line was rejected ({reasons})",
                                reason_zh=f"没有可用的数据行：所有行都被剔除（{reasons_zh}）")
        err.report = report
        err.store = store
        raise err
    return store, report


def ingest_file(path: str | Path, *, mapping: dict | None = None, sheet: str | None = None,
                today: dt.date | None = None, currency: str | None = None,
                source_name: str | None = None, drop_duplicates: bool = True) -> tuple[Store, IngestReport]:
    """Read, validate and load an order file into a new private store: :func:`open_file` + :func:`load_opened`.

    ``path`` is a CSV / TXT (UTF-8, GBK, GB18030, UTF-16), .xlsx or Parquet file; see
    :func:`load_opened` for the other parameters. Returns ``(store, report)``.
    """
    opened = open_file(path, sheet=sheet, source_name=source_name)
    return load_opened(opened, mapping=mapping, today=today, currency=currency, drop_duplicates=drop_duplicates)


def _stage(store: Store, info: RawInfo, roles: dict[str, str | None]) -> list[str]:
    """View ``staged`` over ``raw``: the file row, the role columns under fixed names, the pass-through
    columns under their output names (the relational API: no SQL text is built from column names).

    A pass-through column keeps its name unless it clashes with a canonical column
    (``amount`` -> ``amount_original``). Returns the pass-through output names.
    """
    col = duckdb.ColumnExpression
    varchar = duckdb.sqltype("VARCHAR")
    exprs = [(col("rowid") + duckdb.ConstantExpression(info.first_row)).alias("source_row")]
    for role in ROLE_NAMES:
        name = roles.get(role)
        e = col(name) if name else duckdb.ConstantExpression(None).cast(varchar)
        exprs.append(e.alias(f"{INTERNAL_PREFIX}in_{role}"))
    mapped = {c for c in roles.values() if c}
    canonical = set(ROLE_NAMES) | {"profit", "source_row"}
    out_names = []
    for c in info.columns:
        if c in mapped:
            continue
        out = f"{c}_original" if c in canonical else c
        if out.startswith(INTERNAL_PREFIX):  # never let a file column pass for an internal one
            out = f"col{out}"
        exprs.append(col(c).alias(out))
        out_names.append(out)
    store.table("raw").select(*exprs).create_view("staged", replace=True)
    return out_names


def rejected_lines(store: Store):
    """The rejected lines of the loaded file: ``source_row`` (file row), ``reason``, original values."""
    return store.run("rejected_lines")


def preview_transactions(store: Store, n: int = 100):
    """The first ``n`` kept lines in file order, as loaded (canonical and pass-through columns)."""
    return store.run("transactions_preview", n=int(n))
