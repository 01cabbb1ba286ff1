"""One query file of ``crm_core/sql`` (DuckDB dialect) as Spark SQL: sqlglot plus named portable rewrites.

The files stay the only definition of every query (STYLE.md §2.10). Turning one into Spark SQL is, in order:

1. **parameters** — each ``$name`` becomes the literal of its value (a date, a number, a boolean, a list),
   so that the rest can look at constants (a ``COLUMNS`` lambda over ``$unmapped_columns``);
2. **the DuckDB macros** (``sql/macro_*.sql``) are *transpiled, not rewritten*: their bodies are parsed
   and inlined where they are called — which is what DuckDB itself does with a macro — so the parse rules
   (``id_text``, ``blank_text``, ``null_marker``, ``read_number``, ``parse_amount``, ``number_text``,
   ``amount_from_text``, ``parse_timestamp``) have one definition for both engines;
3. **column lists** — ``COLUMNS(lambda c: …)``, ``*`` and ``t.* EXCLUDE (…)`` are expanded to the explicit
   columns, from the schemas of the input tables (Spark has neither ``COLUMNS`` nor ``EXCLUDE``); the
   lambdas are evaluated here, on column names (:func:`_name_matches`: NOT/AND/OR, =, <>, ``starts_with``,
   ``list_contains`` — anything else is refused);
4. **portable rewrites** (:data:`PORTABLE_REWRITES`): the DuckDB built-ins sqlglot passes through unchanged
   or gets wrong, each with its Spark form — ``isfinite``, ``strlen`` (bytes), ``regexp_full_match``
   (anchored ``RLIKE``), ``try_strptime`` with a list of formats, ``TIMESTAMP + to_microseconds``, an
   ordered ``list(x ORDER BY x)`` and ``list(x ORDER BY x)[a:b]`` (sqlglot drops the ORDER BY and keeps DuckDB's
   slice syntax), an ``UPDATE`` (the table's new rows as a SELECT), and
   ``array_to_string`` of numbers (Spark's ``array_join`` takes strings only), and a text-to-TIMESTAMP cast
   (guarded to DuckDB's shapes: Spark also casts a bare year, so the Excel serial 45296 would be the year 45296),
   a CTE's ``AS [NOT] MATERIALIZED`` planner hint (dropped), a zipped ``unnest`` of list parameters (a ``VALUES``
   table) and ``percentile_cont`` (Spark's exact ``percentile``, not sqlglot's ``percentile_approx``);
5. **check** — what is left must be Spark: a function sqlglot does not know must be in
   :data:`SPARK_FUNCTIONS`, and sqlglot's generator runs with ``unsupported_level=RAISE``. Anything else
   raises :class:`UnsupportedOnSpark` naming the query and the construct.

Date differences are written ``date_diff('day', start, end)`` in the query files (DuckDB's own function,
which sqlglot turns into Spark's ``DATEDIFF(DAY, start, end)``): DuckDB's ``date - date`` is an integer,
Spark's an interval, and the transpiler cannot tell a date minus a date from a number minus a number.

No pyspark here: the test of every query the Spark path runs (:data:`SPARK_QUERIES`) needs no JVM.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, SqlglotError

from ..store import query_names, query_text

# Every query file the Spark path runs (crm_core.spark.ingest and .report), in the order they run. The macros
# are not listed: they are inlined into these.
SPARK_QUERIES: tuple[str, ...] = (
    "number_style_screen", "number_style_evidence", "date_order_evidence",
    "duplicate_candidates", "duplicate_copies", "removed_count", "delete_duplicate_copies",
    "parsed_lines", "exclude_by_status", "status_values", "exclude_item_lines", "refund_total", "rejected_from_parsed", "excluded_from_parsed", "rejected_add_bad_lines", "transactions_from_parsed",
    "drop_work_tables", "ingest_counts", "rejected_counts", "excluded_counts",
    "customer_summary", "btyd_inputs", "repurchase_gap_ceilings", "customer_stages",
    "repurchase_gaps", "churn_features_labels",
    "customer_order_gaps", "customer_order_sequence", "retention_by_period", "customer_referrals", "customer_promotion",
    "discount_rate_cells", "discount_signs", "negate_discount",
    "window_kpis",  # report.html's overview (crm_core.overview.kpis on the engine)
)

# Functions sqlglot keeps as they are written (exp.Anonymous) that Spark has under that name, with the same
# meaning for the arguments these queries give them.
SPARK_FUNCTIONS = frozenset({
    "hash", "contains", "split_part", "ascii", "octet_length", "try_to_timestamp", "timestamp_micros",
    "unix_micros", "isnan", "array_sort", "slice", "transform", "array_join", "datediff", "percentile",
})

TABLE_PSEUDO_COLUMNS = ("rowid",)  # a column the Spark tables carry that DuckDB's * does not show


class UnsupportedOnSpark(Exception):
    """A query of ``crm_core/sql`` uses something this module cannot turn into Spark SQL."""


@dataclass(frozen=True)
class Statement:
    """One Spark step of a query file.

    kind : ``query`` (``sql`` is a SELECT to read), ``create`` (``target`` := the SELECT ``sql``; ``table`` says
        whether DuckDB made a table — Spark keeps it — or a view), ``delete`` (``target`` := its rows the
        SELECT ``sql`` keeps), ``update`` (``target`` := the rows of the SELECT ``sql``: every column, the set ones
        changed where the WHERE holds), ``drop_column`` (``target`` without ``column``), ``add_column`` (``target``
        with ``column`` of Spark type ``sql``, NULL on every row), ``insert`` (``target`` := its rows and those of the
        SELECT ``sql``, matched by column name — DuckDB's ``INSERT … BY NAME``: a column the SELECT lacks is NULL),
        ``rename`` (``target`` becomes ``column``), ``drop`` (``target`` is dropped if it exists).
    """

    kind: str
    target: str | None = None
    sql: str | None = None
    column: str | None = None
    table: bool = False


# --- 1. parameters -------------------------------------------------------------------------------------------

def _literal(value) -> exp.Expression:
    if value is None:
        return exp.Null()
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, (int, float)):
        return exp.Literal.number(repr(value) if isinstance(value, float) else value)
    if isinstance(value, str):
        return exp.Literal.string(value)
    if isinstance(value, dt.datetime):
        return exp.cast(exp.Literal.string(value.isoformat(sep=" ")), "TIMESTAMP")
    if isinstance(value, dt.date):
        return exp.cast(exp.Literal.string(value.isoformat()), "DATE")
    if isinstance(value, (list, tuple)):
        return exp.Array(expressions=[_literal(v) for v in value])
    raise UnsupportedOnSpark(f"parameter value {value!r} of type {type(value).__name__} has no SQL literal")


def _bind(tree: exp.Expression, params: dict, query: str) -> exp.Expression:
    def sub(node):
        if isinstance(node, exp.Placeholder) and node.this:
            if node.this not in params:
                raise UnsupportedOnSpark(f"{query}: parameter ${node.this} not given")
            return _literal(params[node.this])
        return node
    return tree.transform(sub)


# --- 2. the DuckDB macros, inlined -------------------------------------------------------------------------------

@cache
def macros() -> dict[str, tuple[tuple[str, ...], exp.Expression]]:
    """name -> (parameter names, body) of every ``sql/macro_*.sql``, parsed as DuckDB."""
    out = {}
    for name in query_names():
        if not name.startswith("macro_"):
            continue
        tree = sqlglot.parse_one(query_text(name), read="duckdb")
        if not (isinstance(tree, exp.Create) and str(tree.args.get("kind")).upper() == "MACRO"):
            raise UnsupportedOnSpark(f"{name}.sql is not one CREATE MACRO statement")
        udf = tree.this
        out[udf.this.name.lower()] = (tuple(p.name for p in udf.expressions), tree.expression)
    return out


def _substitute(body: exp.Expression, args: dict[str, exp.Expression]) -> exp.Expression:
    """``body`` with each parameter (a column of that name) replaced by a copy of its argument."""
    def put(n):
        if isinstance(n, exp.Column) and not n.table and n.name in args:
            return args[n.name].copy()
        return n
    return body.copy().transform(put)


def _inline_macros(tree: exp.Expression, query: str) -> exp.Expression:
    defs = macros()

    def sub(node):
        if isinstance(node, exp.Anonymous) and node.name.lower() in defs:
            names, body = defs[node.name.lower()]
            if len(names) != len(node.expressions):
                raise UnsupportedOnSpark(f"{query}: {node.name} takes {len(names)} arguments")
            return exp.Paren(this=_substitute(body, dict(zip(names, node.expressions, strict=True))))
        return node

    for _ in range(20):  # macros call macros: until none is left (a cycle would never end)
        if not any(n.name.lower() in defs for n in tree.find_all(exp.Anonymous)):
            return tree
        tree = tree.transform(sub)
    raise UnsupportedOnSpark(f"{query}: macros nested more than 20 deep (a cycle?)")


# --- 3. column lists ---------------------------------------------------------------------------------------------

def _name_matches(lam: exp.Lambda, column: str, query: str) -> bool:
    """Evaluate a ``COLUMNS(lambda c: …)`` predicate on one column name."""
    var = lam.expressions[0].name

    def ev(e):
        if isinstance(e, exp.Paren):
            return ev(e.this)
        if isinstance(e, exp.Not):
            return not ev(e.this)
        if isinstance(e, exp.And):
            return ev(e.this) and ev(e.expression)
        if isinstance(e, exp.Or):
            return ev(e.this) or ev(e.expression)
        if isinstance(e, (exp.EQ, exp.NEQ)):
            same = ev(e.this) == ev(e.expression)
            return same if isinstance(e, exp.EQ) else not same
        if isinstance(e, (exp.Identifier, exp.Column)) and e.name == var:
            return column
        if isinstance(e, exp.Literal) and e.is_string:
            return e.this
        if isinstance(e, exp.Array):
            return [ev(x) for x in e.expressions]
        if isinstance(e, exp.StartsWith):
            return ev(e.this).startswith(ev(e.expression))
        if isinstance(e, exp.ArrayContains):
            return ev(e.expression) in ev(e.this)
        raise UnsupportedOnSpark(f"{query}: COLUMNS lambda with {e.sql('duckdb')!r} cannot be evaluated")
    return bool(ev(lam.this))


def _col(name: str, table: str | None) -> exp.Column:
    return exp.column(name, table=table, quoted=True)


class _Columns:
    """Expands ``*``, ``t.*``, ``EXCLUDE`` and ``COLUMNS(lambda)`` of every SELECT, innermost first."""

    def __init__(self, schemas: dict[str, list[str]], query: str):
        self.schemas = {k.lower(): list(v) for k, v in schemas.items()}
        self.query = query
        self.done: set[int] = set()

    def expand(self, select: exp.Expression, ctes: dict[str, list[str]]) -> list[str]:
        if isinstance(select, exp.Subquery):
            return self.expand(select.this, ctes)
        if not isinstance(select, exp.Select):
            raise UnsupportedOnSpark(f"{self.query}: {type(select).__name__} as a source is not supported")
        self.done.add(id(select))
        ctes = dict(ctes)
        with_ = select.args.get("with_") or select.args.get("with")
        if with_:
            for cte in with_.expressions:
                ctes[cte.alias_or_name.lower()] = self.expand(cte.this, ctes)
        sources: list[tuple[str | None, list[str] | str]] = []  # (alias, columns or the unknown table's name)
        from_ = select.args.get("from_") or select.args.get("from")
        for src in ([from_.this] if from_ else []) + [j.this for j in select.args.get("joins") or []]:
            if isinstance(src, exp.Table):
                key = src.name.lower()
                if key in ctes:
                    cols = ctes[key]
                elif key in self.schemas:
                    cols = [c for c in self.schemas[key] if c not in TABLE_PSEUDO_COLUMNS]
                else:
                    cols = src.name  # unknown: only an error when a column list needs them
                sources.append((src.alias or None, cols))
            elif isinstance(src, exp.Subquery):
                sources.append((src.alias or None, self.expand(src.this, ctes)))
            elif isinstance(src, exp.Values):  # a zipped unnest made into rows (_rewrite_zipped_unnest)
                sources.append((src.alias or None, [c.name for c in src.args["alias"].columns]))
            else:
                raise UnsupportedOnSpark(f"{self.query}: source {src.sql('duckdb')!r} is not supported")
        for node in list(select.find_all(exp.Select)):  # subqueries in WHERE, HAVING, the select list
            if id(node) not in self.done and node is not select:
                self.expand(node, ctes)
        qualify = len(sources) > 1

        def all_columns(only: str | None = None, drop=()):
            out = []
            for alias, cols in sources:
                if only is None or (alias or "").lower() == only.lower():
                    if isinstance(cols, str):
                        raise UnsupportedOnSpark(f"{self.query}: the columns of table {cols!r} are not known")
                    out += [_col(c, alias if qualify else None) for c in cols if c not in drop]
            return out

        def listed(node) -> list[exp.Expression] | None:
            if isinstance(node, exp.Star):
                return all_columns(drop={e.name for e in node.args.get("except_") or node.args.get("except") or []})
            if isinstance(node, exp.Column) and isinstance(node.this, exp.Star):
                star = node.this
                drop = {e.name for e in star.args.get("except_") or star.args.get("except") or []}
                return all_columns(node.table, drop)
            if isinstance(node, exp.Columns):
                lam = node.this
                if not isinstance(lam, exp.Lambda):
                    return all_columns()
                return [c for c in all_columns() if _name_matches(lam, c.name, self.query)]
            return None

        projections = []
        for proj in select.expressions:
            many = listed(proj)
            projections += many if many is not None else [proj]
        select.set("expressions", projections)
        for fn in list(select.find_all(exp.Func)):  # hash(*COLUMNS(...)) and the like, in this select only
            if fn.parent_select is not select:
                continue
            args = fn.expressions
            if any(isinstance(a, exp.Columns) for a in args):
                new = []
                for a in args:
                    new += listed(a) if isinstance(a, exp.Columns) else [a]
                fn.set("expressions", new)
        return [p.alias_or_name for p in projections]


# --- 4. portable rewrites ----------------------------------------------------------------------------------------

_STRPTIME = {"%Y": "yyyy", "%m": "M", "%d": "d", "%H": "H", "%M": "m", "%S": "s"}
_STRPTIME_FIXED = {"%Y": "yyyy", "%m": "MM", "%d": "dd", "%H": "HH", "%M": "mm", "%S": "ss"}


def spark_datetime_pattern(fmt: str) -> str:
    """A strptime format of crm_core.conventions as a Spark datetime pattern. A field reads one or two digits
    where a separator is next to it (as strptime does), a fixed width where it touches another field
    (``%Y%m%d``); literal text is quoted. A directive without a Spark twin here is refused."""
    tokens = re.findall(r"%.|[^%]+", fmt)
    out = []
    for i, tok in enumerate(tokens):
        if tok.startswith("%"):
            if tok not in _STRPTIME:
                raise UnsupportedOnSpark(f"strptime directive {tok!r} (in {fmt!r}) has no Spark pattern here")
            touching = any(0 <= j < len(tokens) and tokens[j].startswith("%") for j in (i - 1, i + 1))
            out.append((_STRPTIME_FIXED if touching else _STRPTIME)[tok])
        else:
            out.append("'" + tok.replace("'", "''") + "'")
    return "".join(out)


def _fn(name: str, *args) -> exp.Anonymous:
    return exp.Anonymous(this=name, expressions=list(args))


def _rewrite_isfinite(node):
    if isinstance(node, exp.Anonymous) and node.name.lower() == "isfinite":
        x = node.expressions[0]
        # NULL stays NULL (as in DuckDB); NaN and ±inf are not finite
        return exp.Paren(this=exp.and_(exp.not_(_fn("isnan", x.copy())),
                                       exp.NEQ(this=exp.Abs(this=x.copy()),
                                               expression=exp.cast(exp.Literal.string("Infinity"), "DOUBLE"))))
    return node


def _rewrite_strlen(node):
    if isinstance(node, exp.Anonymous) and node.name.lower() == "strlen":  # DuckDB: bytes, not characters
        return _fn("octet_length", *node.expressions)
    return node


def _rewrite_full_match(node):
    if isinstance(node, exp.RegexpFullMatch):
        pattern = node.expression
        if not (isinstance(pattern, exp.Literal) and pattern.is_string):
            raise UnsupportedOnSpark("regexp_full_match with a pattern that is not a literal")
        # \z: the end of the text (Java's $ also matches before a final line break; RE2's full match does not)
        return exp.RegexpLike(this=node.this, expression=exp.Literal.string(f"^(?:{pattern.this})\\z"))
    return node


def _rewrite_strptime(node):
    if isinstance(node, exp.Anonymous) and node.name.lower() == "try_strptime":
        text, formats = node.expressions
        formats = formats.expressions if isinstance(formats, exp.Array) else [formats]
        if not all(isinstance(f, exp.Literal) and f.is_string for f in formats):
            raise UnsupportedOnSpark("try_strptime with formats that are not literals")
        return exp.Coalesce(this=_fn("try_to_timestamp", text.copy(),
                                     exp.Literal.string(spark_datetime_pattern(formats[0].this))),
                            expressions=[_fn("try_to_timestamp", text.copy(),
                                             exp.Literal.string(spark_datetime_pattern(f.this)))
                                         for f in formats[1:]]) \
            if len(formats) > 1 else _fn("try_to_timestamp", text, exp.Literal.string(spark_datetime_pattern(formats[0].this)))
    return node


def _rewrite_micros(node):
    if isinstance(node, exp.Add) and isinstance(node.expression, exp.Anonymous) \
            and node.expression.name.lower() == "to_microseconds":
        return exp.cast(_fn("timestamp_micros", exp.Add(this=_fn("unix_micros", exp.cast(node.this.copy(), "TIMESTAMP")),
                                                        expression=node.expression.expressions[0])), "TIMESTAMP_NTZ")
    return node


def _rewrite_ordered_slice(node):
    # list(x ORDER BY x)[a:b] (DuckDB: 1-based, b included) -> slice(array_sort(collect_list(x)), a, b - a + 1)
    if isinstance(node, exp.Bracket) and len(node.expressions) == 1 and isinstance(node.expressions[0], exp.Slice):
        arr, s = node.this, node.expressions[0]
        if isinstance(arr, exp.ArrayAgg) and isinstance(arr.this, exp.Order):
            order = arr.this
            keys = order.expressions
            if len(keys) != 1 or keys[0].this != order.this or keys[0].args.get("desc"):
                raise UnsupportedOnSpark("list(x ORDER BY y) other than ascending by x itself")
            arr = _fn("array_sort", exp.ArrayAgg(this=order.this.copy()))
        a, b = int(s.this.this), int(s.expression.this)
        return _fn("slice", arr, exp.Literal.number(a), exp.Literal.number(b - a + 1))
    return node


def _rewrite_ordered_list(node):
    # list(x ORDER BY x) (no slice; after _rewrite_ordered_slice) -> array_sort(collect_list(x)): Spark's
    # collect_list keeps no order
    if isinstance(node, exp.ArrayAgg) and isinstance(node.this, exp.Order):
        order = node.this
        keys = order.expressions
        if len(keys) != 1 or keys[0].this != order.this or keys[0].args.get("desc"):
            raise UnsupportedOnSpark("list(x ORDER BY y) other than ascending by x itself")
        return _fn("array_sort", exp.ArrayAgg(this=order.this.copy()))
    return node


def _rewrite_array_to_string(node):
    if isinstance(node, exp.ArrayToString):  # Spark's array_join takes strings: each element as text first
        lam = exp.Lambda(this=exp.cast(exp.to_identifier("_v"), "STRING"), expressions=[exp.to_identifier("_v")])
        return _fn("array_join", _fn("transform", node.this, lam), node.expression)
    return node


# DuckDB casts text to a TIMESTAMP only from a whole date (year-month-day, then an optional time); Spark's cast also
# takes a bare year ("45296" is the year 45296, "2024" is 2024-01-01) and a year-month: guarded to DuckDB's shapes
_ISO_DATE_START = r"^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T]|$)"


def _rewrite_timestamp_cast(node):
    if isinstance(node, exp.TryCast) and node.to.is_type("timestamp", "timestampntz") \
            and not isinstance(node.this, exp.Literal) and not node.args.get("_cv_guarded"):
        guarded = node.copy()
        guarded.set("_cv_guarded", True)
        return exp.Case(ifs=[exp.If(this=exp.RegexpLike(this=node.this.copy(), expression=exp.Literal.string(_ISO_DATE_START)),
                                    true=guarded)])
    return node


def _rewrite_materialized(node):
    """``WITH x AS [NOT] MATERIALIZED (…)``: a DuckDB planner hint (compute the CTE once); Spark has no such
    syntax and plans the CTE itself. The hint is dropped: the rows are the same."""
    if isinstance(node, exp.CTE) and node.args.get("materialized") is not None:
        node = node.copy()
        node.set("materialized", None)
    return node


def _rewrite_percentile_cont(node):
    """``percentile_cont(p) WITHIN GROUP (ORDER BY x)``: sqlglot writes Spark's ``percentile_approx`` — an
    approximation. Spark's ``percentile(x, p)`` is the exact continuous percentile (linear interpolation between
    the two nearest ranks, as DuckDB's), so the rewrite keeps the number."""
    if (isinstance(node, exp.WithinGroup) and isinstance(node.this, exp.PercentileCont)
            and isinstance(node.expression, exp.Order) and len(node.expression.expressions) == 1
            and not node.expression.expressions[0].args.get("desc")):
        return _fn("percentile", node.expression.expressions[0].this.copy(), node.this.this.copy())
    return node

def _unnested(expression):
    """(alias, the Cast around the unnest or None, the array literal) of ``[CAST(]unnest([…])[ AS t)] AS alias``."""
    if not isinstance(expression, exp.Alias):
        return None
    inner, cast = expression.this, None
    if isinstance(inner, exp.Cast):
        inner, cast = inner.this, inner
    if isinstance(inner, (exp.Explode, exp.Unnest)) and isinstance(inner.this, exp.Array):
        return expression.alias, cast, inner.this
    return None


def _rewrite_zipped_unnest(node):
    """``SELECT unnest($a) AS x, unnest($b) AS y`` (no FROM): DuckDB unnests lists side by side (zipped), Spark
    allows one generator per SELECT. With the parameters bound the lists are literals, so the rows are a
    ``VALUES`` table: row i = (a[i], b[i]), each value in the unnest's CAST. Lists of different lengths are
    refused (DuckDB pads the shorter with NULL; these queries never give such lists)."""
    if not isinstance(node, exp.Select) or node.args.get("from_") or node.args.get("from") or len(node.expressions) < 2:
        return node
    parts = [_unnested(e) for e in node.expressions]
    if not all(parts):
        return node
    lengths = {len(array.expressions) for _, _, array in parts}
    if len(lengths) != 1:
        raise UnsupportedOnSpark(f"unnest of lists of different lengths side by side: {node.sql('duckdb')[:120]}")

    def value(e, cast):
        return exp.Cast(this=e.copy(), to=cast.args["to"].copy()) if cast is not None else e.copy()

    names = [alias for alias, _, _ in parts]
    if lengths == {0}:  # no row: the columns with their types
        empty = exp.select(*[exp.alias_(value(exp.Null(), cast), a) for a, cast, _ in parts]).where(exp.false())
        return empty
    rows = [exp.Tuple(expressions=[value(array.expressions[i], cast) for _, cast, array in parts])
            for i in range(lengths.pop())]
    values = exp.Values(expressions=rows, alias=exp.TableAlias(this=exp.to_identifier("zipped"),
                                                                columns=[exp.to_identifier(n) for n in names]))
    return exp.select(*names).from_(values)


PORTABLE_REWRITES = (_rewrite_isfinite, _rewrite_timestamp_cast, _rewrite_strlen, _rewrite_full_match, _rewrite_strptime,
                     _rewrite_micros, _rewrite_ordered_slice, _rewrite_ordered_list, _rewrite_array_to_string,
                     _rewrite_materialized,
                     _rewrite_zipped_unnest, _rewrite_percentile_cont)


def _rewrite(tree: exp.Expression) -> exp.Expression:
    """Every portable rewrite, children before parents (an inlined macro nests its arguments deep inside)."""
    for node in reversed(list(tree.walk(bfs=False))):
        new = node
        for rewrite in PORTABLE_REWRITES:
            new = rewrite(new)
        if new is not node:
            if node is tree:
                tree = new
            else:
                node.replace(new)
    return tree


# --- 5. the statements -------------------------------------------------------------------------------------------

def _check(tree: exp.Expression, query: str) -> str:
    for node in tree.find_all(exp.Anonymous):
        if node.name.lower() not in SPARK_FUNCTIONS:
            raise UnsupportedOnSpark(f"{query}: function {node.name}() has no Spark form here (add a portable "
                                     "rewrite in crm_core/spark/transpile.py, or list it in SPARK_FUNCTIONS)")
    for node in tree.find_all(exp.Columns, exp.Placeholder):
        raise UnsupportedOnSpark(f"{query}: {node.sql('duckdb')!r} was not expanded")
    try:
        return tree.sql(dialect="spark", unsupported_level=ErrorLevel.RAISE, comments=False)
    except SqlglotError as err:
        raise UnsupportedOnSpark(f"{query}: {err}") from None


def _table_name(t: exp.Expression) -> str:
    return t.name if isinstance(t, exp.Table) else t.this.name


def spark_statements(name: str, params: dict | None = None, schemas: dict[str, list[str]] | None = None,
                     *, tables: dict[str, str] | None = None) -> list[Statement]:
    """The Spark statements of ``sql/<name>.sql``.

    Parameters
    ----------
    name : a query file (see :data:`SPARK_QUERIES`).
    params : the ``$name`` parameters' values.
    schemas : table -> its columns, for every table whose columns the query lists (``*``, ``COLUMNS``).
    tables : table -> the Spark view that holds it now (Spark tables do not change: a table DuckDB changes in
        place is a new view each time); a table not named keeps its name.

    Raises
    ------
    UnsupportedOnSpark
        A construct with no Spark form here: the message names the query and the construct.
    """
    return statements_of_text(query_text(name), name, params, schemas, tables=tables)


def _update_as_select(tree: exp.Update, schemas: dict[str, list[str]], name: str) -> exp.Select:
    """``UPDATE t SET c = e … WHERE w`` as the SELECT of t's new rows: every column of t in its order, a set column
    as ``CASE WHEN coalesce(w, FALSE) THEN e ELSE c END`` (DuckDB changes the rows where w is true; NULL is not).
    ``UPDATE t SET c = r.e FROM r WHERE w`` (r a table or a subquery): the same over ``t LEFT JOIN r ON w``, for an r
    of which each row of t matches at most one row."""
    target = _table_name(tree.this)
    columns = schemas.get(target.lower())
    if columns is None:
        raise UnsupportedOnSpark(f"{name}: UPDATE {target}: its columns are not known")
    sets = {}
    for eq in tree.expressions:
        if not isinstance(eq, exp.EQ) or not isinstance(eq.this, exp.Column):
            raise UnsupportedOnSpark(f"{name}: UPDATE … SET {eq.sql('duckdb')!r} is not supported")
        sets[eq.this.name.lower()] = eq.expression
    where = tree.args.get("where")
    cond = exp.Coalesce(this=where.this, expressions=[exp.false()]) if where is not None else exp.true()
    source = tree.args.get("from_")
    if source is None:
        select = [exp.alias_(exp.Case(ifs=[exp.If(this=cond.copy(), true=sets[c.lower()].copy())],
                                      default=exp.column(c, quoted=True)), c, quoted=True)
                  if c.lower() in sets else exp.column(c, quoted=True) for c in columns]
        return exp.select(*select).from_(target)
    # UPDATE t SET c = r.e FROM r WHERE w: t LEFT JOIN r ON w, c = r.e where w holds. Each row of t must match at
    # most one row of r (DuckDB would take any one; the join would repeat the row): so in every query here
    # (status_rules: one row per status; exclude_item_lines: a subquery grouped by order_id)
    if (tree.args.get("joins") or source.args.get("joins") or where is None
            or not isinstance(source.this, (exp.Table, exp.Subquery))):
        raise UnsupportedOnSpark(f"{name}: UPDATE … FROM {source.sql('duckdb')!r} (one table or subquery and a WHERE) "
                                 "only")
    select = [exp.alias_(exp.Case(ifs=[exp.If(this=cond.copy(), true=sets[c.lower()].copy())],
                                  default=exp.column(c, table=target, quoted=True)), c, quoted=True)
              if c.lower() in sets else exp.column(c, table=target, quoted=True) for c in columns]
    own = exp.alias_(exp.to_table(target), target, table=True)  # named as the query names it, whatever its view
    return exp.select(*select).from_(own).join(source.this.copy(), on=where.this.copy(), join_type="left")


def statements_of_text(text: str, name: str, params: dict | None = None, schemas: dict[str, list[str]] | None = None,
                       *, tables: dict[str, str] | None = None) -> list[Statement]:
    """:func:`spark_statements` of the DuckDB SQL ``text`` (``name`` is used in messages)."""
    params, schemas, tables = params or {}, schemas or {}, tables or {}
    try:
        trees = [t for t in sqlglot.parse(text, read="duckdb") if t is not None]
    except SqlglotError as err:
        raise UnsupportedOnSpark(f"{name}: sqlglot cannot read it ({err})") from None

    def physical(tree):
        for t in tree.find_all(exp.Table):
            if t.name.lower() in tables:
                t.set("this", exp.to_identifier(tables[t.name.lower()]))
        return tree

    out = []
    for tree in trees:
        tree = _inline_macros(_bind(tree, params, name), name)
        tree = _rewrite(tree)
        if isinstance(tree, exp.Create):
            kind = str(tree.args.get("kind")).upper()
            if kind not in ("TABLE", "VIEW") or not isinstance(tree.expression, exp.Query):
                raise UnsupportedOnSpark(f"{name}: CREATE {kind} without AS SELECT is not supported")
            body = tree.expression
            _Columns(schemas, name).expand(body, {})
            out.append(Statement("create", _table_name(tree.this), _check(physical(body), name), table=kind == "TABLE"))
        elif isinstance(tree, exp.Delete):
            target = _table_name(tree.this)
            where = tree.args["where"].this
            # every column stays, the pseudo-column rowid too: the SELECT * is not expanded
            keep = exp.select("*").from_(target).where(exp.not_(exp.Coalesce(this=where, expressions=[exp.false()])))
            out.append(Statement("delete", target, _check(physical(keep), name)))
        elif isinstance(tree, exp.Update):
            out.append(Statement("update", _table_name(tree.this), _check(physical(_update_as_select(tree, schemas, name)),
                                                                          name)))
        elif isinstance(tree, exp.Alter):
            target = _table_name(tree.this)
            for action in tree.args.get("actions") or []:
                if isinstance(action, exp.Drop) and str(action.args.get("kind")).upper() == "COLUMN":
                    out += [Statement("drop_column", target, column=c.name) for c in action.args["tables"]]
                elif isinstance(action, exp.AlterRename):
                    out.append(Statement("rename", target, column=_table_name(action.this)))
                elif isinstance(action, exp.ColumnDef):
                    out.append(Statement("add_column", target, sql=action.args["kind"].sql("spark"),
                                         column=action.name))
                else:
                    raise UnsupportedOnSpark(f"{name}: ALTER {action.sql('duckdb')!r} is not supported")
        elif isinstance(tree, exp.Insert):
            if not tree.args.get("by_name") or not isinstance(tree.expression, exp.Query):
                raise UnsupportedOnSpark(f"{name}: INSERT without BY NAME … SELECT is not supported")
            body = tree.expression
            _Columns(schemas, name).expand(body, {})
            out.append(Statement("insert", _table_name(tree.this), _check(physical(body), name)))
        elif isinstance(tree, exp.Drop):
            out += [Statement("drop", _table_name(t)) for t in tree.args["tables"]]
        elif isinstance(tree, exp.Query):
            _Columns(schemas, name).expand(tree, {})
            out.append(Statement("query", sql=_check(physical(tree), name)))
        else:
            raise UnsupportedOnSpark(f"{name}: statement {type(tree).__name__} is not supported")
    return out
