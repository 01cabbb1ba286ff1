"""Fixtures of the export tests: generate a file once per module and ingest it once.

``outcome(key, make)`` returns ``(gen, store, report)`` for the file ``make(tmp_dir)`` writes;
the ingest runs once per key and module (several tests check different aspects of one run). An
ingest that raises makes every test of that file fail with the exception's one-line message.
"""

from __future__ import annotations

import pytest

from .checks import ingest


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    cache: dict = {}

    def get(key: str, make, **ingest_kwargs):
        if key not in cache:
            gen = make(tmp_path_factory.mktemp(key.replace("/", "_")))
            try:
                store, report = ingest(gen, **ingest_kwargs)
                cache[key] = (gen, store, report, None)
            except Exception as err:  # the product raised: every aspect test of this file reports it
                cache[key] = (gen, None, None, err)
        gen, store, report, err = cache[key]
        if err is not None:
            pytest.fail(f"ingest_file raised {type(err).__name__}: {str(err)[:400]}")
        return gen, store, report

    return get
