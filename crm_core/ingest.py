"""Turn an order file into typed, validated ``transactions`` plus an :class:`IngestReport`.

The rule: the right number, or a specific refusal — never a wrong number in silence. The steps (the
heavy work is SQL in DuckDB over whole columns; Python only decides):

1. ``sources.load_raw``: the file as an all-text table ``raw`` (title rows above the header skipped,
   lines the reader cannot split kept aside in ``raw_bad_lines``).
2. the column mapping: a recognised layout, header synonyms, or a plausible guess from a sample's values
   (``column_profile.sql``); a weak guess for a required role stops here with an
   :class:`~crm_core.errors.AmbiguousInputError` until the user confirms (``mapping=``).
3. the conventions, from the WHOLE column: each number column's decimal separator
   (``number_style_evidence.sql``) and the date order (``date_order_evidence.sql``); undecidable ones
   are asked the same way (``decimal=``, ``date_order=``).
4. exact duplicate lines: hashed once and compared (``duplicate_candidates.sql``, ``duplicate_copies.sql``);
   removed only when the file has an order id (a re-exported or concatenated file) — without one
   (CDNOW, a POS list) identical lines are separate purchases, kept and counted (``identical_lines``).
5. ``parsed_lines.sql``: every value parsed, each line a reject reason or none; refunds netted
   (amount = paid − refund), or amount = quantity × unit price where the file has no line total.
6. exclusions: orders whose status says they did not happen (``exclude_by_status.sql``), item lines of
   an order whose money stands on its first line (``exclude_item_lines.sql``, Shopify).
7. ``rejected`` and ``excluded`` keep the original values and file rows; the rest is ``transactions``.

Invariant: ``rows_read = rows_kept + rows_rejected + rows_excluded + duplicates_removed``.
Negative amounts are returns: kept, counted in ``returns``, netted into ``net_revenue``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from . import conventions
from . import mapping as mapping_mod
from .errors import AmbiguousInputError, InvalidInputError
from .layouts import STATUS_EXCLUDED
from .progress import Progress, tell
from .schema import REJECT_REASON_ZH, ROLE_BY_NAME, ROLE_NAMES
from .sources import RawInfo, load_raw
from .store import Store, connect, memory_limit_for

SAMPLE_LINES = 2000
INTERNAL_PREFIX = "_cv_"
SOURCE_ROW_COLUMN = "_cv_source_row"  # raw's explicit file row, when rowid + first row is not it
NUMBER_ROLES = tuple(r.name for r in ROLE_BY_NAME.values() if r.sql_type == "DOUBLE")
MONEY_ROLES = ("amount", "cost", "margin", "refund", "discount")  # summed per order: never copied down
# roles whose transactions column exists only when mapped (the first eight always exist, NULL when absent)
OPTIONAL_EXTRA_ROLES = ("refund", "quantity", "unit_price", "discount", "status", "referrer")


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
    rows_excluded: int = 0
    excluded: dict[str, int] = field(default_factory=dict)
    excluded_examples: dict[str, str] = field(default_factory=dict)
    identical_lines: int = 0  # lines identical to an earlier one, kept (no order id: separate purchases)
    layout: str | None = None
    layout_title: dict[str, str] = field(default_factory=dict)  # {"en": …, "zh": …}
    mapping_how: dict[str, str] = field(default_factory=dict)  # role -> layout | header | values | user
    decimal_separator: dict[str, str] = field(default_factory=dict)  # number column -> "." or ","
    date_order: str | None = None
    conventions: list[str] = field(default_factory=list)  # how each convention was decided
    amount_source: str = "column"  # or "quantity_x_unit_price"
    refunds: str | None = None  # "netted" when a refund column is subtracted from the paid amount
    refund_total: float = 0.0
    # how the discount column writes money off: "as_written" (>= 0, or mixed signs: a negative line is a
    # discount reversed, e.g. on a return), "negated" (every discount written negative: read as its size);
    # None when no discount column is mapped
    discount_sign: str | None = None
    status_values: list[dict] = field(default_factory=list)  # [{status, lines, reason}]
    title_rows: list[str] = field(default_factory=list)
    blank_rows: int = 0
    reader_notes: list[str] = field(default_factory=list)

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
    ``sample`` lines, and ``guess.uncertain``) and corrects the mapping before :func:`load_opened`
    types the lines. A load that stops with :class:`AmbiguousInputError` leaves ``raw`` as it was, so
    the same opened file can be loaded again with the user's choice.
    """

    store: Store
    info: RawInfo
    sample: object  # pandas DataFrame of the first SAMPLE_LINES raw lines
    detected: dict[str, str | None]
    source_name: str
    guess: mapping_mod.MappingGuess | None = None


def open_file(path: str | Path, *, sheet: str | None = None, source_name: str | None = None,
              progress: Progress | None = None) -> OpenedFile:
    """Read ``path`` into a new private store and detect its column roles (no validation yet). ``progress``
    is told the stage ``"read"`` (:data:`crm_core.progress.INGEST_STAGES`).

    Raises
    ------
    InvalidInputError
        The file cannot be read at all (see ``sources.load_raw``).
    """
    tell(progress, "read")
    path = Path(path)
    size = path.stat().st_size if path.is_file() else 0
    store = Store(connect(memory_limit=memory_limit_for(size)))
    try:
        info = load_raw(store, path, sheet=sheet)
        sample = store.run("raw_sample", n=SAMPLE_LINES)
        profile = store.run("column_profile", n=SAMPLE_LINES, date_formats=conventions.all_date_formats())
    except Exception:
        store.close()
        raise
    sample = sample.drop(columns=[SOURCE_ROW_COLUMN], errors="ignore")
    guess = mapping_mod.detect_mapping(info.columns, profile)
    return OpenedFile(store, info, sample, dict(guess.roles), source_name or path.name, guess)


def load_opened(opened: OpenedFile, *, mapping: dict | None = None, today: dt.date | None = None,
                currency: str | None = None, drop_duplicates: bool | None = None, decimal: str | None = None,
                date_order: str | None = None, progress: Progress | None = None) -> tuple[Store, IngestReport]:
    """Validate and type the lines of an opened file; the store then holds ``transactions``, ``rejected``
    and ``excluded``. ``progress`` is told each stage as it starts (``"checks"``, ``"parse"``,
    ``"accounting"``: :data:`crm_core.progress.INGEST_STAGES`).

    Parameters
    ----------
    opened : the result of :func:`open_file` (its ``raw`` table is consumed: open again to re-map).
    mapping : role -> column overrides (``{"amount": "实付金额"}``; ``None`` or ``""`` unmaps a role);
        other roles keep the detected column. Naming a role confirms it.
    today : lines dated after this day are rejected as ``future_date`` [default: today].
    currency : ISO code of the amounts' currency [default: detected from symbols, else None].
    drop_duplicates : remove exact duplicate lines. Default (``None``): only when an order id column is
        mapped; without one, identical lines are separate purchases (kept, counted in ``identical_lines``).
    decimal : ``"."`` or ``","``: the decimal separator of every number column [default: decided from
        each whole column].
    date_order : ``"dmy"``, ``"mdy"`` or ``"ymd"`` [default: decided from the whole date column].

    Raises
    ------
    AmbiguousInputError
        A required role's column is only a weak guess, an amount column reads two ways, or the date
        order cannot be told from the data — the user must choose; ``raw`` is left as it was.
    InvalidInputError
        A required role has no column, or no line survives validation. Row-level problems are
        not errors: they are rejected or excluded lines, counted by reason in the report.
    """
    tell(progress, "checks")
    store, info, sample = opened.store, opened.info, opened.sample
    if not store.has_table("raw"):
        raise InvalidInputError("file", None, reason="this file was loaded already; open it again to re-map it",
                                reason_zh="该文件已经载入；如需重新映射列，请重新打开文件")
    guess = opened.guess or mapping_mod.MappingGuess(dict(opened.detected))
    roles, how = resolve_roles(guess, opened.detected, mapping, info.columns)
    from_quantity = roles["amount"] is None
    today = today or dt.date.today()

    passthrough = _stage(store, info, roles)
    if roles["discount"]:
        _refuse_discount_rates(store, roles["discount"])
    decimals, notes = _decide_decimals(store, roles, decimal)
    order = _decide_date_order(store, roles, date_order, notes)
    date_formats = conventions.date_formats(order)
    amount_col = roles["amount"] or roles["unit_price"]
    currency = (currency or mapping_mod.detect_currency(sample[amount_col])
                or (guess.layout.currency if guess.layout is not None else None))

    tell(progress, "parse")
    if drop_duplicates is None:
        drop_duplicates = roles["order_id"] is not None
    store.execute("duplicate_candidates")
    store.execute("duplicate_copies")
    copies = int(store.scalar_row("removed_count")["n"])
    duplicates = copies if drop_duplicates else 0
    if duplicates:
        store.execute("delete_duplicate_copies")
    store.execute("parsed_lines", **parsed_lines_params(roles, date_formats, today, decimals))
    discount_sign = _decide_discount_sign(store, roles["discount"], notes) if roles["discount"] else None
    statuses = _exclude_by_status(store) if roles["status"] else []
    order_level = (guess.layout is not None and guess.layout.order_level_amount) or \
        any(info.numbers_copied_down.get(roles[r]) for r in MONEY_ROLES if roles.get(r))
    if order_level and roles["order_id"]:
        store.execute("exclude_item_lines")
    tell(progress, "accounting")
    refund_total = float(store.scalar_row("refund_total")["total"] or 0) if roles["refund"] else 0.0
    store.execute("rejected_from_parsed")
    store.execute("excluded_from_parsed")
    if info.bad_lines:
        store.execute("rejected_add_bad_lines")
    store.execute("transactions_from_parsed")
    store.execute("drop_work_tables")  # raw, staged, temp tables: only the results stay in memory
    counts = store.scalar_row("ingest_counts", duplicates_removed=duplicates)
    by_reason = store.run("rejected_counts")
    by_exclusion = store.run("excluded_counts")

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
        rows_excluded=int(counts["rows_excluded"]),
        excluded={r: int(n) for r, n in zip(by_exclusion["reason"], by_exclusion["rows"], strict=True)},
        excluded_examples=dict(zip(by_exclusion["reason"], by_exclusion["first_rows"], strict=True)),
        identical_lines=0 if drop_duplicates else copies,
        layout=guess.layout.id if guess.layout else None,
        layout_title={"en": guess.layout.title_en, "zh": guess.layout.title_zh} if guess.layout else {},
        mapping_how={r: how.get(r, "header") for r, c in roles.items() if c},
        decimal_separator={roles[r]: d for r, d in decimals.items() if roles.get(r)},
        date_order=order, conventions=notes,
        amount_source="quantity_x_unit_price" if from_quantity else "column",
        refunds="netted" if roles["refund"] else None, refund_total=refund_total, discount_sign=discount_sign,
        status_values=statuses, title_rows=list(info.title_rows), blank_rows=int(info.blank_rows),
        reader_notes=list(info.notes),
    )
    if report.rows_kept == 0:
        reasons = "; ".join(f"{r}: {n} row(s), e.g. file rows {report.rejected_examples[r]}"
                            for r, n in report.rejected.items())
        reasons_zh = "；".join(f"{REJECT_REASON_ZH.get(r, r)}：{n} 行，例如文件第 {report.rejected_examples[r]} 行"
                               for r, n in report.rejected.items())
        if report.excluded:
            reasons = "; ".join(filter(None, [reasons, *(f"excluded {r}: {n} row(s)" for r, n in report.excluded.items())]))
            reasons_zh = "；".join(filter(None, [reasons_zh, *(f"排除 {r}：{n} 行" for r, n in report.excluded.items())]))
        err = InvalidInputError("transactions", [c for c in (roles["customer_id"], roles["order_ts"], amount_col) if c],
                                reason=f"no usable rows: every line was rejected or excluded ({reasons})",
                                reason_zh=f"没有可用的数据行：所有行都被剔除或排除（{reasons_zh}）")
        err.report = report
        err.store = store
        raise err
    return store, report


def resolve_roles(guess: mapping_mod.MappingGuess, detected: dict, mapping: dict | None,
                  columns) -> tuple[dict[str, str | None], dict[str, str]]:
    """The roles in force: the detected ones with the user's ``mapping`` over them (naming a role confirms it),
    checked against the file's ``columns``. Returns ``(role -> column, role -> how it was decided)``.

    Raises :class:`AmbiguousInputError` for a weak guess the user did not confirm, :class:`InvalidInputError` for
    a required role without a column (shared by both engines: crm_core.spark.ingest)."""
    roles = dict(detected)
    how = dict(guess.how)
    confirmed: set[str] = set()
    if mapping:
        for k, v in mapping.items():
            if k in ROLE_NAMES:
                roles[k] = v or None
                confirmed.add(k)
                if roles[k] != detected.get(k) or k in guess.uncertain:
                    how[k] = "user"
    mapping_mod.require_certain(guess, confirmed)
    return mapping_mod.check_mapping(roles, columns), how


def parsed_lines_params(roles: dict, date_formats: list[str], today: dt.date, decimals: dict[str, str]) -> dict:
    """The parameters of ``sql/parsed_lines.sql`` for a mapping (``roles``), the date formats of the decided date
    order, the ingest's today and the decimal separator per number role; shared by the DuckDB ingest and the
    Spark one (:mod:`crm_core.spark.ingest`), so both parse with the same switches."""
    return {"date_formats": date_formats, "today": today,
            "has_margin": roles["margin"] is not None, "has_cost": roles["cost"] is not None,
            "has_refund": roles["refund"] is not None, "amount_from_quantity": roles["amount"] is None,
            "unmapped_columns": [r for r in OPTIONAL_EXTRA_ROLES if not roles.get(r)],
            **{f"dec_{r}": decimals.get(r, ".") for r in NUMBER_ROLES}}


def ingest_file(path: str | Path, *, mapping: dict | None = None, sheet: str | None = None,
                today: dt.date | None = None, currency: str | None = None,
                source_name: str | None = None, drop_duplicates: bool | None = None,
                decimal: str | None = None, date_order: str | None = None,
                progress: Progress | None = None) -> tuple[Store, IngestReport]:
    """Read, validate and load an order file into a new private store: :func:`open_file` + :func:`load_opened`.

    ``path`` is a CSV / TXT (UTF-8, GBK, GB18030, UTF-16), .xlsx or Parquet file; see
    :func:`load_opened` for the other parameters. Returns ``(store, report)``. On any error the store
    is closed (the error carries no open database).
    """
    opened = open_file(path, sheet=sheet, source_name=source_name, progress=progress)
    try:
        return load_opened(opened, mapping=mapping, today=today, currency=currency,
                           drop_duplicates=drop_duplicates, decimal=decimal, date_order=date_order,
                           progress=progress)
    except InvalidInputError as err:
        if getattr(err, "store", None) is None:
            opened.store.close()
        raise


def _decide_decimals(store: Store, roles: dict, user: str | None) -> tuple[dict[str, str], list[str]]:
    """Decimal separator per mapped number role, from each whole column (amount first: it settles the
    columns that prove nothing). Returns ``(role -> separator, notes)``."""
    col = duckdb.ColumnExpression
    evidence = {}
    for role in NUMBER_ROLES:
        if roles.get(role):
            view = store.table("staged").select(col("source_row"), col(f"{INTERNAL_PREFIX}in_{role}").alias("v"))
            view.create_view("_cv_numbers", replace=True)
            if int(store.scalar_row("number_style_screen")["suspicious"] or 0) == 0:
                continue  # every cell reads the same with either separator: a decimal point, nothing to note
            evidence[role] = store.scalar_row("number_style_evidence")
    return decide_decimals(roles, evidence, user)


def decide_decimals(roles: dict, evidence: dict[str, dict], user: str | None) -> tuple[dict[str, str], list[str]]:
    """The decision of :func:`_decide_decimals` from the evidence (``number_style_evidence.sql``) of the number
    roles whose cells could read two ways (shared by both engines: crm_core.spark.ingest)."""
    decided: dict[str, conventions.Decision] = {}
    pending: list[str] = []
    for role, ev in evidence.items():
        try:
            decided[role] = conventions.decide_decimal(roles[role], role, ev, user=user)
        except AmbiguousInputError:
            pending.append(role)
    proven = [d.value for d in decided.values() if d.basis in ("data", "majority")]
    other = max(set(proven), key=proven.count) if proven else None
    for role in pending:  # raises when nothing in the file tells
        decided[role] = conventions.decide_decimal(roles[role], role, evidence[role], other=other)
    notes = []
    for role, d in decided.items():
        if d.basis != "default" or d.value != ".":
            notes.append(f"{roles[role]}: decimal {'comma' if d.value == ',' else 'point'} ({d.basis}"
                         + (f"; {d.note}" if d.note else "") + ")")
    return {r: decided[r].value if r in decided else "." for r in NUMBER_ROLES if roles.get(r)}, notes


def _decide_date_order(store: Store, roles: dict, user: str | None, notes: list[str]) -> str:
    evidence = store.scalar_row("date_order_evidence")
    d = conventions.decide_date_order(roles["order_ts"], evidence, user=user)
    if d.value != "ymd":
        notes.append(f"{roles['order_ts']}: dates {'day' if d.value == 'dmy' else 'month'}-first ({d.basis}"
                     + (f"; {d.note}" if d.note else "") + ")")
    return d.value


def _refuse_discount_rates(store: Store, column: str) -> None:
    """Raise :class:`InvalidInputError` when the discount column holds rates ("9折", "90%"): a discount is money
    off the line, and a rate read as money would be a wrong number in silence (``discount_rate_cells.sql``).
    The raw lines are untouched: the same opened file can be loaded again with the discount unmapped."""
    cells = store.scalar_row("discount_rate_cells")
    if not cells["cells"]:
        return
    n, rows, shown = int(cells["cells"]), list(cells["first_rows"]), ", ".join(f'"{e}"' for e in cells["examples"])
    raise InvalidInputError(
        "transactions", column, rows,
        reason=(f"{n} cell(s) of the discount column are rates ({shown}), not money off the line; the discount "
                f"role needs an amount (优惠金额, discount amount). Unmap it in the column mapping (command line: "
                f"--map discount=) or map a discount amount column"),
        reason_zh=(f"优惠金额列中有 {n} 个单元格是折扣率（{shown}），而不是优惠的金额；优惠金额需要金额列（优惠金额、折扣金额）。"
                   f"请在列映射中取消该列（命令行：--map discount=），或改选优惠金额列"))


def _decide_discount_sign(store: Store, column: str, notes: list[str]) -> str:
    """The discount column's sign convention, from all its kept lines (``discount_signs.sql``): a column with
    negative discounts only is written as negatives (money off as -10.00) and is negated to its size
    (``negate_discount.sql``; noted in the report); otherwise kept as written — with mixed signs a negative
    line is a discount reversed (a return), summed with the order's other lines."""
    signs = store.scalar_row("discount_signs")
    if int(signs["positive"]) == 0 and int(signs["negative"]) > 0:
        store.execute("negate_discount")
        notes.append(f"{column}: discounts written as negative numbers, read as the money given off")
        return "negated"
    return "as_written"


def _exclude_by_status(store: Store) -> list[dict]:
    """Excludes the lines of cancelled / unpaid / refunded orders; returns every status seen with its
    line count and what became of it."""
    rules = pd.DataFrame({"status": list(STATUS_EXCLUDED), "reason": list(STATUS_EXCLUDED.values())})
    store.run_with("exclude_by_status", {"status_rules": rules})  # the frame is registered for this call only
    seen = store.run("status_values")
    return [{"status": s, "lines": int(n), "reason": r if isinstance(r, str) else None}
            for s, n, r in zip(seen["status"], seen["lines"], seen["reason"], strict=True)]


def _stage(store: Store, info: RawInfo, roles: dict[str, str | None]) -> list[str]:
    """View ``staged`` over ``raw``: the file row, the role columns under fixed names, the pass-through
    columns under their output names (the relational API: no SQL text is built from column names).

    A pass-through column keeps its name unless it clashes with a canonical column
    (``amount`` -> ``amount_original``). Returns the pass-through output names.
    """
    col = duckdb.ColumnExpression
    varchar = duckdb.sqltype("VARCHAR")
    raw_cols = set(store.table("raw").columns)
    row = (col(SOURCE_ROW_COLUMN).cast(duckdb.sqltype("BIGINT")) if SOURCE_ROW_COLUMN in raw_cols
           else col("rowid") + duckdb.ConstantExpression(info.first_row))
    exprs = [row.alias("source_row"), col("rowid").alias(f"{INTERNAL_PREFIX}rid")]
    for role in ROLE_NAMES:
        name = roles.get(role)
        e = col(name) if name else duckdb.ConstantExpression(None).cast(varchar)
        copied = info.numbers_copied_down.get(name) if name and role in MONEY_ROLES else None
        if copied:  # an order total merged over its item rows counts once: on the range's first row
            e = duckdb.CaseExpression(row.isin(*(duckdb.ConstantExpression(r) for r in copied)),
                                      duckdb.ConstantExpression(None).cast(varchar)).otherwise(e)
        exprs.append(e.alias(f"{INTERNAL_PREFIX}in_{role}"))
    passthrough = passthrough_columns(info.columns, roles)
    exprs += [col(c).alias(out) for c, out in passthrough]
    store.table("raw").select(*exprs).create_view("staged", replace=True)
    return [out for _, out in passthrough]


def passthrough_columns(columns, roles: dict[str, str | None]) -> list[tuple[str, str]]:
    """The file's columns that no role takes, with their output names: ``(column, name)``. A pass-through column
    keeps its name unless it clashes with a canonical column (``amount`` -> ``amount_original``) or could pass for
    an internal one (shared by both engines: crm_core.spark.ingest)."""
    mapped = {c for c in roles.values() if c}
    canonical = set(ROLE_NAMES) | {"profit", "source_row"}
    out = []
    for c in columns:
        if c in mapped:
            continue
        name = f"{c}_original" if c in canonical else c
        if name.startswith(INTERNAL_PREFIX):  # never let a file column pass for an internal one
            name = f"col{name}"
        out.append((c, name))
    return out


def excluded_lines(store: Store):
    """The excluded lines (order status, item lines): ``source_row``, ``reason``, original values."""
    return store.run("excluded_lines")


def rejected_lines(store: Store):
    """The rejected lines of the loaded file: ``source_row`` (file row), ``reason``, original values."""
    return store.run("rejected_lines")


def preview_transactions(store: Store, n: int = 100):
    """The first ``n`` kept lines in file order, as loaded (canonical and pass-through columns)."""
    return store.run("transactions_preview", n=int(n))
