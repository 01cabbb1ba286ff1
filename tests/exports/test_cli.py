"""The command line on the same files: exit codes, JSON report, and messages instead of tracebacks.

CLI start-up is slow (the analytics imports, several seconds), so two runs are real
``python -m crm_core`` subprocesses started side by side in a module fixture (the JSON report and
``report --out`` on a file) and the other runs call ``crm_core.cli.main`` in this process (an
exception escaping it counts as a traceback).
"""

from __future__ import annotations

import pytest

from . import generator as g
from .checks import cli_json, main_in_process, start_cli
from .oracle import expect


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    gens = {
        "taobao": g.taobao(d),
        "uci": g.uci_online_retail(d),
        "two_ids": g.ambiguous_customer(d),
        "decimal": g.ambiguous_decimal(d),
        "dates": g.all_ambiguous_dates(d),
    }
    folder = d / "a_folder"
    folder.mkdir()
    existing = d / "existing.txt"
    existing.write_text("not a folder\n", encoding="utf-8")
    small = g.utf8_bom_basic(d / "a_folder")
    subprocess_runs = {
        "taobao": ("ingest", str(gens["taobao"].path), "--json"),
        "out_is_file": ("report", str(small.path), "--out", str(existing)),
    }
    in_process_runs = {
        "two_ids": ("ingest", str(gens["two_ids"].path), "--json"),
        "uci": ("ingest", str(gens["uci"].path), "--json"),
        "two_ids_mapped": ("ingest", str(gens["two_ids"].path), "--map", "customer_id=字段A", "--json"),
        "decimal": ("ingest", str(gens["decimal"].path), "--json"),
        "dates": ("ingest", str(gens["dates"].path), "--json"),
        "dates_dmy": ("ingest", str(gens["dates"].path), "--date-order", "dmy", "--json"),
        "folder": ("ingest", str(folder), "--json"),
    }
    procs = {k: start_cli(*args) for k, args in subprocess_runs.items()}
    results = {k: main_in_process(*args) for k, args in in_process_runs.items()}
    for k, p in procs.items():
        out, err = p.communicate(timeout=240)
        results[k] = (p.returncode, out, err)
    return gens, results


def _ok(results, key):
    code, out, err = results[key]
    assert code == 0, f"exit {code}: {err.strip()[-600:]}"
    return cli_json(out)


def _refused(results, key):
    code, out, err = results[key]
    assert "Traceback" not in err, err[-800:]
    assert code == 2, f"exit {code}, stderr: {err.strip()[-400:]}"
    assert err.strip(), "no message"
    return err


@pytest.mark.parametrize("key", ["taobao", "uci"])
def test_cli_json_report_matches_oracle(cli, key):
    gens, results = cli
    d = _ok(results, key)
    exp = expect(gens[key])
    got = {f: d.get(f) for f in ("rows_read", "rows_kept", "rows_rejected", "rows_excluded", "duplicates_removed",
                                 "rejected", "excluded", "layout")}
    want = {"rows_read": exp.rows_read, "rows_kept": exp.rows_kept, "rows_rejected": exp.rows_rejected,
            "rows_excluded": exp.rows_excluded, "duplicates_removed": exp.duplicates_removed,
            "rejected": exp.rejected, "excluded": exp.excluded, "layout": gens[key].layout}
    assert got == want
    assert abs(d["net_revenue"] - float(exp.net_revenue)) < 0.005
    assert (d["first_date"], d["last_date"]) == (exp.first_date.isoformat(), exp.last_date.isoformat())


def test_cli_json_mapping(cli):
    gens, results = cli
    mapping = _ok(results, "taobao")["mapping"]
    assert {r: (mapping.get(r) or "").strip() for r in gens["taobao"].mapping} == gens["taobao"].mapping


def test_cli_ambiguous_mapping_names_candidates_and_map_syntax(cli):
    err = _refused(cli[1], "two_ids")
    assert "字段A" in err and "字段B" in err and "--map" in err and "customer_id=" in err


def test_cli_map_resolves_ambiguity(cli):
    gens, results = cli
    d = _ok(results, "two_ids_mapped")
    assert d["rows_kept"] == expect(gens["two_ids"]).rows_kept


def test_cli_ambiguous_decimal_names_option(cli):
    err = _refused(cli[1], "decimal")
    assert "--decimal" in err and "amount" in err


def test_cli_ambiguous_date_order_names_option(cli):
    err = _refused(cli[1], "dates")
    assert "--date-order" in err and "order_date" in err


def test_cli_date_order_option(cli):
    gens, results = cli
    d = _ok(results, "dates_dmy")
    exp = expect(gens["dates"])
    assert (d["first_date"], d["last_date"]) == (exp.first_date.isoformat(), exp.last_date.isoformat())


def test_cli_folder_as_file(cli):
    err = _refused(cli[1], "folder").lower()
    assert "folder" in err or "director" in err or "a_folder" in err


def test_cli_report_out_is_existing_file(cli):
    """``report --out`` naming an existing file: a message about --out, not a traceback after the work."""
    err = _refused(cli[1], "out_is_file")
    assert "existing.txt" in err or "--out" in err
