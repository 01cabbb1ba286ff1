"""House rules of DESIGN.md / STYLE.md that a grep can check."""

from __future__ import annotations

import re

from crm_core.store import query_names

from .conftest import ROOT

PY_DIRS = ["crm_core", "ui", "pages"]


def _py_files():
    yield ROOT / "app.py"
    for d in PY_DIRS:
        yield from (ROOT / d).rglob("*.py")


def test_crm_core_never_imports_streamlit():
    offenders = [str(p) for p in (ROOT / "crm_core").rglob("*.py")
                 if re.search(r"^\s*(import streamlit|from streamlit)", p.read_text(encoding="utf-8"), re.M)]
    assert offenders == []


def test_no_sql_text_outside_crm_core_sql():
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER)\b\s+[\w*\"(]", re.I)
    offenders = []
    for p in _py_files():
        for lineno, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            strings = re.findall(r"\"[^\"]*\"|'[^']*'", code)
            if any(sql.search(s) and re.search(r"\b(FROM|TABLE|VIEW|INTO|SET)\b", s, re.I) for s in strings):
                offenders.append(f"{p.relative_to(ROOT)}:{lineno}")
    assert offenders == []


def test_pages_folder_holds_page_scripts_only_and_pages_stay_thin():
    pages = sorted((ROOT / "pages").glob("*.py"))
    assert [p.stem for p in pages] == ["churn", "clv", "data", "lifecycle", "loyalty", "overview", "profile", "pyramid", "rfm"]
    for p in pages:
        text = p.read_text(encoding="utf-8")
        assert "bootstrap()" in text, f"{p.name} must call the shared bootstrap first"
        assert len(text.splitlines()) <= 80, f"{p.name} is not thin"
        assert not re.search(r"\.groupby\(|\bnp\.|scipy|sklearn|duckdb", text), p.name


def test_every_sql_file_has_a_header_comment_and_is_named_in_a_test():
    tests_text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py"))
    code_text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "crm_core").rglob("*.py"))
    sql_text = {name: (ROOT / "crm_core" / "sql" / f"{name}.sql").read_text(encoding="utf-8")
                for name in query_names()}
    for name, text in sql_text.items():
        assert text.startswith(f"-- {name}:"), f"{name}.sql must open with '-- {name}: purpose'"
        if name.startswith("cte_"):  # a fragment: used and tested through the queries that include it
            hosts = [q for q, t in sql_text.items() if f"-- include: {name}" in t]
            assert hosts, f"{name}.sql is included by no query"
            assert all(q in tests_text for q in hosts), f"{name}.sql: a query including it has no test"
            continue
        assert name in code_text or name.startswith("macro_"), f"{name}.sql is not used"
        assert name in tests_text or name in SQL_COVERED_BY_INGEST, f"{name}.sql has no test"


def test_sql_includes_expand_to_their_fragment():
    from crm_core.store import _body, query_text
    for name in query_names():
        text = _body(query_text(name))  # a header may name the include line
        assert "-- include:" not in text, f"{name}.sql: an include was left unexpanded"
    fragment = query_text("cte_customer_orders")
    body = fragment[fragment.index("order_lines AS ("):]
    for host in ("customer_order_sequence", "repeat_revenue_by_period"):
        assert body in query_text(host), host


# Run by every ingest test (tests/test_ingest.py); each is part of the ingest pipeline.
SQL_COVERED_BY_INGEST = {
    "macro_parse_amount", "macro_parse_timestamp", "raw_lines_from_csv", "raw_lines_from_parquet",
    "raw_lines_from_frame", "raw_sample", "duplicate_candidates", "duplicate_copies", "delete_duplicate_copies",
    "removed_count", "parsed_lines", "rejected_from_parsed", "transactions_from_parsed", "ingest_counts",
    "rejected_counts", "drop_work_tables",
}


def test_requirements_are_pinned():
    for req in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / req).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "-r")):
                assert "==" in line, f"{req}: {line} is not pinned"


def test_duckdb_connections_have_extension_autoinstall_off():
    from crm_core.store import Store
    store = Store()
    cur = store.con.execute("SELECT current_setting('autoinstall_known_extensions'), "  # a settings probe, not product SQL
                            "current_setting('autoload_known_extensions')")
    assert cur.fetchone() == (False, False)


def test_duckdb_connections_print_no_progress_bar():
    # session_settings.sql: a CLI run on a big file must not draw DuckDB's bar over its own output
    from crm_core.store import Store
    store = Store()
    assert store.con.execute("SELECT current_setting('enable_progress_bar')").fetchone() == (False,)
