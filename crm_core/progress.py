"""Stages of a long computation, told as they start (issue #14: "a progress bar with stages for every step over a
second", on the command line and in the browser).

A computation calls ``progress(stage)`` when a stage starts (``stage`` an id of :data:`REPORT_STAGES`); the
command line's :class:`StageLog` prints each finished stage with its time to stderr, the app shows a progress bar
with the stage's label. ``progress=None`` (the default everywhere) tells nobody.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

Progress = Callable[[str], None]

# the ingest's stages, in order (crm_core.ingest.open_file + load_opened)
INGEST_STAGES: dict[str, str] = {
    "read": "reading the file",
    "checks": "deciding the columns, decimal separators and date order",
    "parse": "finding duplicates, parsing and validating every line",
    "accounting": "counting rejected and excluded lines",
}
# the per-customer report's stages, in order (crm_core.customer_report.customer_report), and what each does
REPORT_STAGES: dict[str, str] = {
    "customers": "the customer table",
    "clv": "BG/NBD + Gamma-Gamma fit and predictions",
    "segments": "pyramid tiers and RFM",
    "lifecycle": "lifecycle stages",
    "churn": "churn model: train, validate, score",
    "loyalty": "loyalty measures",
}
# the command line's report: the ingest first, writing the files last
CLI_STAGES: dict[str, str] = {**INGEST_STAGES, **REPORT_STAGES, "write": "writing the files"}


def tell(progress: Progress | None, stage: str) -> None:
    if progress is not None:
        progress(stage)


class StageLog:
    """Prints ``[i/n] what … 1.9 s`` to ``stream`` (stderr) as each stage ends; ``quiet`` prints nothing."""

    def __init__(self, stages: dict[str, str], *, stream=None, quiet: bool = False):
        self.stages, self.stream, self.quiet = stages, stream or sys.stderr, quiet
        self.current: str | None = None
        self.started = self.t0 = time.perf_counter()

    def __call__(self, stage: str) -> None:
        self._finish()
        self.current, self.started = stage, time.perf_counter()

    def _finish(self) -> None:
        if self.current is None or self.quiet:
            return
        names = list(self.stages)
        i = names.index(self.current) + 1 if self.current in names else 0
        what = self.stages.get(self.current, self.current)
        print(f"[{i}/{len(names)}] {what} … {time.perf_counter() - self.started:.1f} s", file=self.stream,
              flush=True)

    def done(self) -> None:
        """The last stage has ended; prints it and the total."""
        self._finish()
        self.current = None
        if not self.quiet:
            print(f"done in {time.perf_counter() - self.t0:.1f} s", file=self.stream, flush=True)
