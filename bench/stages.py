"""Stage breakdown of the real ``ingest_file`` + ``customer_table``, by instrumentation.

crm_core is not copied (it changes under active development): in the benchmark's child
process only, ``Store.execute / run / scalar_row`` and the module functions
``sources.detect_encoding``, ``mapping.detect_mapping``, ``ingest._stage`` and ``ingest._split``
are wrapped with a timer. Each named SQL file run becomes one stage row; Python time between
two instrumented calls is a "(python between steps)" row. After every stage the process's
RSS, its peak RSS so far (VmHWM) and DuckDB's own accounting (``duckdb_memory()``) are read.
"""

from __future__ import annotations

import functools
import time
from pathlib import Path

from _harness import Stages

LABELS = {
    "detect_encoding": "load_raw: detect_encoding (Python, whole file)",
    "raw_lines_from_csv": "load_raw: read_csv -> table raw",
    "raw_sample": "raw_sample (LIMIT n)",
    "detect_mapping": "detect mapping (Python, sample)",
    "duplicate_candidates": "dedupe 1/3: hash every line once, lines of repeated hashes",
    "duplicate_copies": "dedupe 2/3: exact GROUP BY ALL of the candidates",
    "removed_count": "dedupe: count removed copies",
    "delete_duplicate_copies": "dedupe 3/3: DELETE the copies from raw",
    "_stage": "stage: view staged",
    "parsed_lines": "parse: one narrow pass -> table parsed",
    "rejected_from_parsed": "rejected: joined back to raw by rowid",
    "transactions_from_parsed": "transactions: DELETE rejected, DROP COLUMN, RENAME",
    "ingest_counts": "counts: ingest_counts",
    "rejected_counts": "counts: rejected_counts",
    "drop_work_tables": "drop work tables",
    "customer_table": "customer_table (SQL -> DataFrame)",
}


def instrumented(path: str | Path):
    """Run ingest_file + customer_table with every step timed. Returns (store, report, ct, stage rows)."""
    from crm_core import ingest, mapping, sources
    from crm_core.customers import customer_table
    from crm_core.ingest import ingest_file
    from crm_core.store import Store

    st = Stages()
    state = {"depth": 0, "con": None}

    def wrap(fn, key_of):
        @functools.wraps(fn)
        def inner(*a, **k):
            if state["depth"] == 0:
                gap = time.perf_counter() - st._t
                if gap > 0.005:
                    st.mark("(python between steps)")
                else:
                    st.reset()
            state["depth"] += 1
            try:
                return fn(*a, **k)
            finally:
                state["depth"] -= 1
                if state["depth"] == 0:
                    key = key_of(a, k)
                    if a and hasattr(a[0], "con"):
                        st.con = a[0].con
                    st.mark(LABELS.get(key, key))
        return inner

    by_name = lambda a, k: a[1] if len(a) > 1 else k.get("name")  # noqa: E731
    for meth in ("execute", "run", "scalar_row"):
        setattr(Store, meth, wrap(getattr(Store, meth), by_name))
    sources.detect_encoding = wrap(sources.detect_encoding, lambda a, k: "detect_encoding")
    mapping.detect_mapping = wrap(mapping.detect_mapping, lambda a, k: "detect_mapping")
    ingest.mapping_mod.detect_mapping = mapping.detect_mapping
    ingest._stage = wrap(ingest._stage, lambda a, k: "_stage")

    st.reset()
    store, report = ingest_file(path)
    ct = customer_table(store, report.default_as_of)
    if time.perf_counter() - st._t > 0.005:
        st.mark("(python after last step)")
    # merge repeated labels that are adjacent? keep every call: the order tells the story
    return store, report, ct, st.rows
