"""Convert the CDNOW research files (Fader, Hardie & Lee 2005) into the CSVs bundled here.

Source: the files redistributed with ``lifetimes`` 0.11.3 (see ``data/README.md``).
Usage (from anywhere)::

    python data/cdnow/convert.py [SOURCE_DIR] [--out OUT_DIR]

``SOURCE_DIR`` defaults to ``../shared/reference/cdnow`` relative to the repository root,
``OUT_DIR`` to this folder. Pure standard library, deterministic: the same sources give
byte-identical outputs.

What it does:
- ``CDNOW_master.txt`` (fixed-width, CRLF, whitespace-separated ``customer_id yyyymmdd
  number_of_cds dollar_value``; its first line is a column-name line, which is skipped)
  -> ``cdnow_master.csv`` with header ``customer_id,order_date,cds,amount``.
- ``CDNOW_sample.txt`` (no header, ``master_id sample_id yyyymmdd cds dollars``)
  -> ``cdnow_sample.csv`` with header ``master_id,customer_id,order_date,cds,amount``
  (``customer_id`` is the sample id, the ``ID`` of the summary file).
- Ids lose their zero padding (``00004`` -> ``4``), dates become ``YYYY-MM-DD``, the cds
  count is written as an integer, the amount text is copied exactly (two decimals as in the
  source). All rows are kept in the source order (no de-duplication, no filtering).
- ``cdnow_customers_summary_with_transactions.csv`` is copied byte for byte.
Outputs are UTF-8 (plain ASCII), comma-separated, "\\n" line ends.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
DEFAULT_SOURCE = REPO_ROOT / ".." / "shared" / "reference" / "cdnow"

EXPECTED_MD5 = {
    "CDNOW_master.txt": "37ee2da5127d4a369d6fe0052678624d",
    "CDNOW_sample.txt": "bc36b42c242f7c5653b36ad90a2807bd",
    "cdnow_customers_summary_with_transactions.csv": "6e7ae02a35c0f2914b03ea87179ac09c",
}
SUMMARY = "cdnow_customers_summary_with_transactions.csv"
AMOUNT_RE = re.compile(r"^\d+\.\d\d$")


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def _date(text: str) -> str:
    return dt.datetime.strptime(text, "%Y%m%d").date().isoformat()  # also validates


def _id(text: str) -> str:
    if not text.isdigit():
        raise ValueError(f"bad id {text!r}")
    return str(int(text))


def _amount(text: str) -> str:
    if not AMOUNT_RE.match(text):
        raise ValueError(f"bad amount {text!r}")
    return text


def convert_master(src: Path, dst: Path) -> int:
    rows = []
    lines = src.read_text(encoding="ascii").splitlines()
    if lines and lines[0].split()[0] == "customer_id":
        lines = lines[1:]
    for no, line in enumerate(lines, 1):
        f = line.split()
        if not f:
            continue
        if len(f) != 4:
            raise ValueError(f"{src.name} data line {no}: {line!r}")
        rows.append(f"{_id(f[0])},{_date(f[1])},{int(f[2])},{_amount(f[3])}\n")
    with dst.open("w", encoding="utf-8", newline="") as fh:
        fh.write("customer_id,order_date,cds,amount\n")
        fh.writelines(rows)
    return len(rows)


def convert_sample(src: Path, dst: Path) -> int:
    rows = []
    for no, line in enumerate(src.read_text(encoding="ascii").splitlines(), 1):
        f = line.split()
        if not f:
            continue
        if len(f) != 5:
            raise ValueError(f"{src.name} line {no}: {line!r}")
        rows.append(f"{_id(f[0])},{_id(f[1])},{_date(f[2])},{int(f[3])},{_amount(f[4])}\n")
    with dst.open("w", encoding="utf-8", newline="") as fh:
        fh.write("master_id,customer_id,order_date,cds,amount\n")
        fh.writelines(rows)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE,
                    help="folder with CDNOW_master.txt, CDNOW_sample.txt and the summary CSV")
    ap.add_argument("--out", type=Path, default=HERE, help="output folder (default: here)")
    args = ap.parse_args(argv)
    src, out = args.source.resolve(), args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for name, want in EXPECTED_MD5.items():
        got = md5(src / name)
        flag = "ok" if got == want else f"MISMATCH (expected {want})"
        print(f"{name}: md5 {got} {flag}")
    n_master = convert_master(src / "CDNOW_master.txt", out / "cdnow_master.csv")
    n_sample = convert_sample(src / "CDNOW_sample.txt", out / "cdnow_sample.csv")
    if (src / SUMMARY).resolve() != (out / SUMMARY).resolve():
        shutil.copyfile(src / SUMMARY, out / SUMMARY)
    print(f"cdnow_master.csv: {n_master:,} rows; cdnow_sample.csv: {n_sample:,} rows; "
          f"{SUMMARY} copied")
    return 0


if __name__ == "__main__":
    sys.exit(main())
