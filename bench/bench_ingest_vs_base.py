"""The ingest of this checkout against an earlier commit's, on the same file, in one invocation.

    python bench/bench_ingest_vs_base.py --base 53d01e7                  # 10M-line bench file
    python bench/bench_ingest_vs_base.py --base 53d01e7 --lines 1e6 --repeat 3
    python bench/bench_ingest_vs_base.py --base 53d01e7 --file my_orders.csv

For issue #10 (the checks of real exports must not cost more than 10 % at 10M lines): ``--base`` is
checked out into a temporary git worktree, and each run is a fresh child process of either tree doing
``crm_core.ingest.ingest_file(path)`` + ``customer_table(store, default_as_of)`` (bench_ingest.py's
``ours``), the two trees alternating so that both see the same machine load. Prints the median
seconds and peak RSS of each tree and the ratio new/base, with the rows kept / rejected of each (they
differ where the new rules read a line differently: say why in the notes). No timing is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _harness import HERE, ROOT, machine_facts, print_machine, run_child

WORKER = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from crm_core.customers import customer_table
from crm_core.ingest import ingest_file
t0 = time.perf_counter()
store, report = ingest_file(sys.argv[2])
ct = customer_table(store, report.default_as_of)
print(json.dumps({"s": time.perf_counter() - t0, "customers": len(ct), "rows_read": report.rows_read,
                  "rows_kept": report.rows_kept, "rows_rejected": report.rows_rejected,
                  "duplicates_removed": report.duplicates_removed,
                  "rejected": report.rejected, "net_revenue": report.net_revenue}))
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="git revision to compare with (e.g. the last commit before #10)")
    ap.add_argument("--lines", default="1e7", help="bench file size (bench/make_orders.py), default 1e7")
    ap.add_argument("--file", help="any order file instead of the bench file")
    ap.add_argument("--repeat", type=int, default=2, help="runs per tree (alternating), default 2")
    args = ap.parse_args(argv)
    if args.file:
        path = Path(args.file)
    else:
        import make_orders
        path = make_orders.default_path(int(float(args.lines)))
        if not path.exists():
            make_orders.main(["--lines", str(int(float(args.lines)))])
    print_machine(machine_facts())
    with tempfile.TemporaryDirectory(prefix="cvd_base_") as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base), args.base], check=True)
        try:
            script = Path(tmp) / "worker.py"
            script.write_text(WORKER, encoding="utf-8")
            runs = {"base": [], "new": []}
            for _ in range(args.repeat):
                for name, tree in (("base", base), ("new", ROOT)):
                    runs[name].append(run_child([str(script), str(tree), str(path)]))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False)
    print(f"file: {path} ({path.stat().st_size / 2**20:,.1f} MiB), base = {args.base}, {args.repeat} run(s) each")
    med = {}
    for name, rs in runs.items():
        med[name] = statistics.median(r["s"] for r in rs)
        r = rs[-1]
        times = ", ".join(f"{x['s']:.2f}" for x in rs)
        print(f"{name:4}  {med[name]:7.2f} s (runs: {times})  "
              f"peak RSS {max(x['peak_rss_mb'] for x in rs):,.0f} MB  read {r['rows_read']:,} kept {r['rows_kept']:,} "
              f"rejected {r['rows_rejected']:,} duplicates {r['duplicates_removed']:,} customers {r['customers']:,}")
        print(f"      rejected by reason: {json.dumps(r['rejected'])}")
    print(f"new/base = {med['new'] / med['base']:.3f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.exit(main())
