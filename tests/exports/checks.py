"""Compare what ``crm_core`` did with a generated file against the oracle's expectation.

Only this module (and the tests) touch the product: ``ingest_file``, ``rejected_lines``,
``excluded_lines``, the ``transactions`` table and the ``IngestReport`` fields of the contract.
Every check fails with a message naming the field, the expected and the actual value.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from .generator import TODAY, Generated
from .oracle import Expected

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
TOLERANCE = 0.005  # money is compared to the cent

REPORT_FIELDS = ("rows_read", "rows_kept", "rows_rejected", "rows_excluded", "duplicates_removed", "identical_lines",
                 "returns", "customers", "first_date", "last_date", "gross_revenue", "returns_amount",
                 "net_revenue", "rejected", "excluded", "mapping", "layout", "decimal_separator", "date_order",
                 "amount_source", "refunds")


def ingest(gen: Generated, **overrides):
    """``crm_core.ingest.ingest_file`` on the generated file with today = 2026-01-01."""
    from crm_core.ingest import ingest_file

    kwargs = {"today": TODAY, **gen.ingest_kwargs, **overrides}
    return ingest_file(gen.path, **kwargs)


def field_of(report, name: str):
    """A report field of the contract; a missing field fails the test (it is not skipped)."""
    if not hasattr(report, name):
        pytest.fail(f"IngestReport has no field {name!r} (API contract)")
    return getattr(report, name)


def _as_date(v):
    if v is None:
        return None
    if isinstance(v, str):
        return dt.date.fromisoformat(v[:10])
    if isinstance(v, dt.datetime):
        return v.date()
    return v


def assert_counts(report, exp: Expected, fields=Expected.COUNT_FIELDS) -> None:
    """The report's line counts and dates equal the oracle's, and the counting identity holds.

    Every difference is listed (a field the report lacks is one of them), not just the first.
    """
    problems = []
    missing = object()

    def get(name):
        v = getattr(report, name, missing)
        if v is missing:
            problems.append(f"IngestReport has no field {name!r} (API contract)")
        return v

    for name in fields:
        got = get(name)
        if got is missing:
            continue
        want = getattr(exp, name)
        if name.endswith("_date"):
            got = _as_date(got)
        if got != want:
            problems.append(f"{name}: expected {want}, got {got}")
    for name in Expected.MONEY_FIELDS:
        got = get(name)
        want = float(getattr(exp, name))
        if got is not missing and abs(float(got) - want) > TOLERANCE:
            problems.append(f"{name}: expected {want:.2f}, got {float(got):.2f}")
    for name in ("rejected", "excluded"):
        got = get(name)
        want = getattr(exp, name)
        if got is not missing and dict(got) != want:
            problems.append(f"{name} by reason: expected {want}, got {dict(got)}")
    parts = [get(n) for n in ("rows_kept", "rows_rejected", "rows_excluded", "duplicates_removed")]
    read = get("rows_read")
    if missing not in parts and read is not missing and read != sum(parts):
        problems.append(f"identity broken: rows_read {read} != kept+rejected+excluded+duplicates {sum(parts)}")
    assert not problems, "; ".join(dict.fromkeys(problems))


def transactions(store) -> pd.DataFrame:
    return store.table("transactions").df()


def _day(v) -> dt.date:
    return pd.Timestamp(v).date()


def money_by_customer(store) -> dict[str, float]:
    tx = transactions(store)
    return {str(k): float(v) for k, v in tx.groupby("customer_id")["amount"].sum().items()}


def assert_money(store, exp: Expected) -> None:
    """Net money per customer in ``transactions`` equals the oracle's, customer by customer."""
    got = money_by_customer(store)
    want = {k: float(v) for k, v in exp.money.items()}
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    wrong = sorted(k for k in set(want) & set(got) if abs(got[k] - want[k]) > TOLERANCE)
    msg = []
    if missing:
        msg.append(f"customers missing: {missing[:8]}")
    if extra:
        msg.append(f"unexpected customers: {extra[:8]}")
    if wrong:
        msg.append("wrong money: " + ", ".join(f"{k}: expected {want[k]:.2f} got {got[k]:.2f}" for k in wrong[:8]))
    assert not msg, "; ".join(msg) + f" (total expected {sum(want.values()):.2f}, got {sum(got.values()):.2f})"


def assert_dates(store, exp: Expected) -> None:
    """First and last (local) order day per customer equal the oracle's."""
    tx = transactions(store)
    got_first = {str(k): _day(v) for k, v in tx.groupby("customer_id")["order_ts"].min().items()}
    got_last = {str(k): _day(v) for k, v in tx.groupby("customer_id")["order_ts"].max().items()}
    wrong = [f"{c}: expected {exp.first[c]}..{exp.last[c]}, got {got_first.get(c)}..{got_last.get(c)}"
             for c in sorted(exp.first) if (got_first.get(c), got_last.get(c)) != (exp.first[c], exp.last[c])]
    extra = sorted(set(got_first) - set(exp.first))
    assert not wrong and not extra, "; ".join(wrong[:8]) + (f"; unexpected customers {extra[:8]}" if extra else "")


def assert_kept_days(store, exp: Expected, gen: Generated) -> None:
    """Every kept line's order day (by source_row) equals the logical local day."""
    tx = transactions(store)
    want = {ln.source_row: ln.ts.date() for ln in gen.lines if ln.source_row in set(exp.kept_rows)}
    got = {int(r): _day(t) for r, t in zip(tx["source_row"], tx["order_ts"], strict=True)}
    wrong = [f"row {r}: expected {d}, got {got.get(r)}" for r, d in sorted(want.items()) if got.get(r) != d]
    assert not wrong, f"{len(wrong)} line(s) with a wrong day: " + "; ".join(wrong[:8])


def _row_reasons(frame: pd.DataFrame) -> dict[int, str]:
    return {int(r): str(x) for r, x in zip(frame["source_row"], frame["reason"], strict=True)}


def _diff_rows(got: dict[int, str], want: dict[int, str]) -> str:
    lines = []
    for r in sorted(set(got) | set(want)):
        if got.get(r) != want.get(r):
            lines.append(f"row {r}: expected {want.get(r)}, got {got.get(r)}")
    return "; ".join(lines[:12]) + (f" (+{len(lines) - 12} more)" if len(lines) > 12 else "")


def assert_rejects(store, exp: Expected) -> None:
    """``rejected_lines(store)`` names exactly the bad lines, each by its file line and reason."""
    from crm_core.ingest import rejected_lines

    got = _row_reasons(rejected_lines(store))
    assert got == exp.reject_rows, _diff_rows(got, exp.reject_rows)


def assert_excluded(store, exp: Expected) -> None:
    """``excluded_lines(store)`` names exactly the lines of cancelled and unpaid orders."""
    import crm_core.ingest as ingest_mod

    if not hasattr(ingest_mod, "excluded_lines"):
        pytest.fail("crm_core.ingest has no excluded_lines(store) (API contract)")
    got = _row_reasons(ingest_mod.excluded_lines(store))
    assert got == exp.exclude_rows, _diff_rows(got, exp.exclude_rows)


def assert_mapping(report, wanted: dict[str, str]) -> None:
    """The report's mapping names the wanted column for each wanted role (header spaces ignored)."""
    mapping = field_of(report, "mapping")
    wrong = {r: (c, mapping.get(r)) for r, c in wanted.items()
             if (mapping.get(r) or "").strip() != c.strip()}
    assert not wrong, "; ".join(f"{r}: expected {c!r}, got {g!r}" for r, (c, g) in wrong.items())


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m crm_core ARGS`` from the project root (text output)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([PYTHON, "-m", "crm_core", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=env)


def start_cli(*args: str) -> subprocess.Popen:
    """Start ``python -m crm_core ARGS`` without waiting (CLI start-up is slow: run them side by side)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.Popen([PYTHON, "-m", "crm_core", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def main_in_process(*args: str) -> tuple[int, str, str]:
    """``crm_core.cli.main(ARGS)`` in this process: (exit code, stdout, stderr).

    An exception escaping ``main`` is what a user would see as a traceback: it is returned as exit
    code 1 with "Traceback" and the exception in stderr.
    """
    import contextlib
    import io
    import traceback

    from crm_core.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
        except Exception:
            traceback.print_exc(file=err)
            code = 1
    return int(code or 0), out.getvalue(), err.getvalue()


def cli_json(stdout: str) -> dict:
    """The JSON object printed by ``ingest --json`` (its last non-empty line)."""
    text = [ln for ln in stdout.splitlines() if ln.strip()]
    assert text, "no output"
    return json.loads(text[-1])


def dec(x) -> Decimal:
    return Decimal(str(x))


ASPECTS = ("money", "counts", "rejects", "dates")


def assert_outcome(gen: Generated, exp: Expected | None = None, *, aspects=ASPECTS, **overrides):
    """Ingest ``gen`` and check the given aspects against the oracle, reporting every failing aspect.

    Returns ``(store, report)`` for further checks.
    """
    from .oracle import expect

    exp = exp or expect(gen, drop_duplicates=overrides.get("drop_duplicates"))
    store, report = ingest(gen, **overrides)
    checks = {"money": lambda: assert_money(store, exp), "counts": lambda: assert_counts(report, exp),
              "rejects": lambda: assert_rejects(store, exp), "dates": lambda: assert_dates(store, exp),
              "days": lambda: assert_kept_days(store, exp, gen), "mapping": lambda: assert_mapping(report, gen.mapping),
              "excluded": lambda: assert_excluded(store, exp)}
    problems = []
    for aspect in aspects:
        try:
            checks[aspect]()
        except (AssertionError, pytest.fail.Exception) as err:
            problems.append(f"[{aspect}] {str(err).splitlines()[0][:600]}")
    assert not problems, "\n".join(problems)
    return store, report


def ambiguous_error_class():
    """``crm_core.errors.AmbiguousInputError`` (API contract); its absence fails the test."""
    import crm_core.errors as errors

    cls = getattr(errors, "AmbiguousInputError", None)
    if cls is None:
        pytest.fail("crm_core.errors has no AmbiguousInputError (API contract)")
    assert issubclass(cls, errors.InvalidInputError), "AmbiguousInputError must subclass InvalidInputError"
    return cls


def candidates_text(err) -> str:
    """Every candidate column an AmbiguousInputError names, flattened to one string."""
    c = getattr(err, "candidates", None)
    assert c, f"AmbiguousInputError without .candidates: {err}"
    if isinstance(c, dict):
        return " ".join(f"{k} {v}" for k, v in c.items())
    return " ".join(map(str, c))
