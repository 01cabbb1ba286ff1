"""Property: any mix of real-world value styles in one file gives the oracle's outcome.

Hypothesis draws files of a few dozen lines: customers written as ints, floats (12389.0) or with
spaces; dates ISO / slash / date-only / zoned (+0800); amounts in every point-decimal style (or,
in the second property, every decimal-comma style with ``;``); null markers, empty and malformed
amounts and null customers mixed in; UTF-8, UTF-8 with BOM or GBK; LF or CRLF.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as hst

from . import generator as g
from .checks import assert_outcome

# no shrinking: the first failing file is reported as drawn (shrinking re-ingests dozens of files)
SETTINGS = dict(deadline=None, derandomize=True, database=None, phases=(Phase.explicit, Phase.generate),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

IDS = (12389, 12346, 17850, 13047, 20001)
DEFECTS = ("null_amount", "null_customer", "malformed", "empty_amount")


def _key(r: dict) -> tuple:  # drawn lines differ in what they mean (identical lines are tested elsewhere)
    return (r["customer"], r["day"], r["seconds"], r["cents"])


good_row = hst.fixed_dictionaries({
    "customer": hst.sampled_from(IDS),
    "cust_style": hst.sampled_from(("int", "float", "spaced")),
    "day": hst.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2025, 12, 31)),
    "seconds": hst.integers(0, 86_399),
    "date_style": hst.sampled_from(("iso", "slash_ymd", "iso_date", "zoned")),
    "cents": hst.one_of(hst.integers(-500_000, -1), hst.integers(1, 2_000_000)),
    "money_style": hst.sampled_from(g.POINT_STYLES),
})
bad_row = hst.fixed_dictionaries({
    "good": good_row,
    "defect": hst.sampled_from(DEFECTS),
    "marker": hst.sampled_from(g.NULL_MARKERS),
    "bad": hst.sampled_from(g.MALFORMED_AMOUNTS),
})
file_spec = hst.fixed_dictionaries({
    "good": hst.lists(good_row, min_size=3, max_size=30, unique_by=_key),
    "bad": hst.lists(bad_row, max_size=6, unique_by=lambda b: _key(b["good"])),
    "order": hst.randoms(use_true_random=False),
    "encoding": hst.sampled_from(("utf-8", "utf-8-sig", "gbk")),
    "newline": hst.sampled_from(("\n", "\r\n")),
})


def _customer_text(cid: int, style: str) -> str:
    return {"int": str(cid), "float": f"{cid}.0", "spaced": f" {cid} "}[style]


def _line(spec: dict, money_style: str | None = None, header=g.BASIC) -> g.Line:
    ts = dt.datetime.combine(spec["day"], dt.time()) + dt.timedelta(seconds=spec["seconds"])
    if spec["date_style"] == "iso_date":
        ts = ts.replace(hour=0, minute=0, second=0)
    v = Decimal(spec["cents"]) / 100
    cust = str(spec["customer"])
    return g.Line(dict(zip(header, (_customer_text(spec["customer"], spec["cust_style"]),
                                    g.date_text(ts, spec["date_style"]),
                                    g.money_text(v, money_style or spec["money_style"])), strict=True)),
                  customer=cust, ts=ts, paid=v)


def _spoil(ln: g.Line, bad: dict, header=g.BASIC) -> g.Line:
    cust_h, _, amount_h = header
    kind = bad["defect"]
    if kind == "null_amount":
        ln.cells[amount_h], ln.reject = bad["marker"], "missing_amount"
    elif kind == "empty_amount":
        ln.cells[amount_h], ln.reject = "", "missing_amount"
    elif kind == "malformed":
        ln.cells[amount_h], ln.reject = bad["bad"], "unreadable_amount"
    else:
        ln.cells[cust_h], ln.customer, ln.reject = bad["marker"], None, "missing_customer"
    ln.paid = None if ln.reject != "missing_customer" else ln.paid
    return ln


def _write(spec: dict, lines: list[g.Line], folder: Path, *, header=g.BASIC, delimiter=",", mapping=None):
    spec["order"].shuffle(lines)
    g.mark_copies(lines)  # identical lines drawn by chance: kept (no order id), counted as identical
    encoding, bom = spec["encoding"], False
    if encoding == "utf-8-sig":
        encoding, bom = "utf-8", True
    if encoding == "gbk" and not g._encodable(lines, "gbk"):
        encoding = "gb18030"
    path = g.write_csv(folder / "mix.csv", list(header), lines, encoding=encoding, bom=bom,
                       newline=spec["newline"], delimiter=delimiter)
    return g.Generated(path, lines, list(header), mapping=mapping or dict(g.BASIC_MAPPING))


@settings(max_examples=15, **SETTINGS)
@given(spec=file_spec)
def test_any_mix_of_point_styles(spec):
    folder = Path(tempfile.mkdtemp(prefix="mix_"))
    try:
        lines = [_line(r) for r in spec["good"]] + [_spoil(_line(b["good"]), b) for b in spec["bad"]]
        gen = _write(spec, lines, folder)
        assert_outcome(gen, aspects=("money", "counts", "rejects", "days"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


comma_file = hst.fixed_dictionaries({
    "good": hst.lists(good_row, min_size=3, max_size=25, unique_by=_key),
    "styles": hst.lists(hst.sampled_from(g.COMMA_STYLES), min_size=25, max_size=25),
    "bad": hst.lists(bad_row, max_size=4, unique_by=lambda b: _key(b["good"])),
    "order": hst.randoms(use_true_random=False),
    "encoding": hst.sampled_from(("utf-8", "utf-8-sig")),
    "newline": hst.sampled_from(("\n", "\r\n")),
})


@settings(max_examples=5, **SETTINGS)
@given(spec=comma_file)
def test_any_mix_of_decimal_comma_styles(spec):
    folder = Path(tempfile.mkdtemp(prefix="mixc_"))
    header = g.EN_BASIC
    try:
        lines = [_line(r, s, header) for r, s in zip(spec["good"], spec["styles"], strict=False)]
        lines += [_spoil(_line(b["good"], "comma", header), b, header) for b in spec["bad"]]
        gen = _write(spec, lines, folder, header=header, delimiter=";", mapping=dict(g.EN_MAPPING))
        assert_outcome(gen, aspects=("money", "counts", "rejects"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
