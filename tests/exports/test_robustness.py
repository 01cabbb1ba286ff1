"""No crash: a rowid column, a returns-only file, a folder, cells of 150 spaces (bounded time)."""

from __future__ import annotations

import time

import pytest

from . import generator as g
from .checks import assert_outcome, ingest
from .oracle import expect


@pytest.mark.parametrize("name", ["rowid", "ROWID", "RowId"])
def test_rowid_column_any_case(name, tmp_path):
    """A column named rowid must not collide with DuckDB's pseudo-column: load it (the rowid column
    passes through) or refuse it with a message — never another exception."""
    from crm_core.errors import InvalidInputError

    gen = g.rowid_column(tmp_path, name)
    try:
        assert_outcome(gen, aspects=("money", "counts", "rejects"))
    except InvalidInputError as err:  # a refusal must be about that column, not a leaked reader error
        assert name.lower() in str(err).lower(), f"refused for another reason: {err}"


def test_every_line_a_return(tmp_path):
    """A returns-only export loads (all lines kept as returns) or is refused with a message."""
    from crm_core.errors import InvalidInputError

    gen = g.all_returns(tmp_path)
    try:
        _, report = assert_outcome(gen, aspects=("money", "counts"))
    except InvalidInputError as err:
        text = str(err).lower()
        assert any(w in text for w in ("return", "negative", "退", "负")), f"refused for another reason: {err}"
        return
    assert report.returns == len(gen.lines) and report.net_revenue < 0


def test_folder_given_as_file(tmp_path):
    from crm_core.errors import InvalidInputError

    folder = tmp_path / "exports"
    folder.mkdir()
    gen = g.Generated(folder, [], [])
    with pytest.raises(InvalidInputError) as info:
        ingest(gen)
    text = str(info.value).lower()
    assert "folder" in text or "director" in text or "文件夹" in text or "目录" in text, str(info.value)


def test_cells_of_150_spaces_parse_in_bounded_time(tmp_path):
    """300 lines whose cells are runs of 150 spaces (with stray digits): right reasons, and not much
    slower than a plain file of the same size (a backtracking pattern takes seconds per cell)."""
    plain = g.Generated(*_plain_copy(tmp_path))
    t0 = time.perf_counter()
    ingest(plain)
    baseline = time.perf_counter() - t0
    gen = g.space_cells(tmp_path)
    t0 = time.perf_counter()
    assert_outcome(gen, expect(gen), aspects=("rejects", "money", "counts"))
    elapsed = time.perf_counter() - t0
    assert elapsed < 4 * baseline + 1.0, f"{elapsed:.1f} s for 300 lines of spaces (plain file: {baseline:.1f} s)"


def _plain_copy(tmp_path):
    import random

    folder = tmp_path / "plain"
    folder.mkdir()
    lines = g._good_lines(random.Random(1), 300, customers=list(g.CUSTOMERS))
    path = g.write_csv(folder / "plain.csv", list(g.BASIC), lines, newline="\n")
    return path, lines, list(g.BASIC)
