"""The report to hand out (issue #13 §3, ``ui.handout``) on a bundled dataset: how long the file takes to build.

    python bench/bench_handout.py              # the sample (5,000 customers) and CDNOW (23,570)
    python bench/bench_handout.py --dataset sample

Each dataset runs in a fresh child process (bench/_harness.py): the bundled file is ingested first, untimed;
then, timed one after the other in that process:

  summary     crm_core.customers.customer_summary(store, as_of): the per-customer query every view starts from
              — the floor the other rows are compared with (same process, same data)
  report      crm_core.customer_report.customer_report (every view's columns: tiers, RFM, the BTYD fit and
              predictions, lifecycle, the churn model trained and validated, loyalty) — what the app's
              download and ``report --html`` compute first (the app caches it per dataset and date)
  kpis        crm_core.overview.kpis (month)
  html_en     ui.handout.build_html in English (tables, five plotly figures, plotly.js inline)
  html_zh     the same in Chinese

"cold" = report + kpis + html_en, what a session's first click on "Download report (HTML)" costs; "warm" =
html_zh alone, a second language once the report is cached. No figure is asserted anywhere; results go to
bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import sys

from _harness import HERE, Stages, emit, machine_facts, print_machine, run_child

DATASETS = ("sample", "cdnow")
STEPS = ("summary", "report", "kpis", "html_en", "html_zh")


def work(name: str) -> dict:
    from crm_core import overview
    from crm_core.customer_report import customer_report
    from crm_core.customers import customer_summary
    from crm_core.datasets import BUNDLED
    from crm_core.ingest import ingest_file
    from ui.handout import build_html

    spec = BUNDLED[name]
    st = Stages()
    store, report = ingest_file(spec.path, currency=spec.currency, source_name=name,
                                drop_duplicates=spec.drop_duplicates)
    as_of = report.default_as_of
    st.mark("ingest (untimed)")
    customer_summary(store, as_of)
    st.mark("summary")
    customers, summary = customer_report(store, report, as_of)
    st.mark("report")
    kpis = overview.kpis(store, as_of, "month", has_profit=report.has_profit)
    st.mark("kpis")
    en = build_html(customers, summary, report, kpis, "en")
    st.mark("html_en")
    zh = build_html(customers, summary, report, kpis, "zh")
    st.mark("html_zh")
    return {"rows": st.rows, "customers": len(customers), "as_of": as_of.isoformat(),
            "bytes_en": len(en.encode("utf-8")), "bytes_zh": len(zh.encode("utf-8"))}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dataset", choices=DATASETS, action="append", help="bundled dataset (repeatable; default both)")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.worker:
        emit(work(a.worker))
        return 0
    print_machine(machine_facts())
    print("command: python bench/bench_handout.py " + " ".join(argv if argv is not None else sys.argv[1:]))
    for name in a.dataset or DATASETS:
        r = run_child([str(HERE / "bench_handout.py"), "--worker", name])
        rows = {row["stage"]: row for row in r["rows"]}
        base = rows["summary"]["s"]
        print(f"\n{name}: {r['customers']:,} customers as of {r['as_of']}; file {r['bytes_en'] / 2**20:.1f} MiB (en), "
              f"{r['bytes_zh'] / 2**20:.1f} MiB (zh)")
        print(f"{'step':<10}{'seconds':>9}{'x summary':>11}{'peak MB':>9}")
        for step in STEPS:
            row = rows[step]
            print(f"{step:<10}{row['s']:>9.2f}{row['s'] / base:>10.1f}x{row['hwm_mb']:>9,.0f}")
        cold = sum(rows[s]["s"] for s in ("report", "kpis", "html_en"))
        print(f"cold (report + kpis + html_en) {cold:.2f} s = {cold / base:.0f}x summary; warm (html_zh) "
              f"{rows['html_zh']['s']:.2f} s; child wall {r['wall_s']:.1f} s, peak RSS {r['peak_rss_mb']:,.0f} MB",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
