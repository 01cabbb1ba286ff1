#!/usr/bin/env bash
# The whole test suite: lint, unit and page tests, the Spark engine's tests (local[2]), real-browser tests
# (Streamlit + headless Chromium). Installs what it needs: the dev and Spark requirements into .venv, Debian's
# chromium and a Java runtime (default-jre-headless, for pyspark) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh requirements-dev.txt requirements-spark.txt
if ! command -v java >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's Java runtime for the Spark tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
  else
    echo "warning: no java and not root: the Spark tests will be skipped (apt-get install default-jre-headless)" >&2
  fi
fi
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's chromium for the browser tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: /usr/bin/chromium missing and not root: install it (apt-get install chromium)" >&2
  fi
fi
.venv/bin/ruff check .
if [ "$#" -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
# The whole suite in two parts: the unit and page tests spread over the machine's cores (pytest-xdist, one
# test file per worker: a file's module fixtures are built once), then the real-browser tests one at a time
# (each drives a Streamlit server and Chromium, which need the cores themselves; in parallel they time out) with
# the Spark tests beside them at the lowest CPU priority (nice 19: they take only what the browser tests leave).
# Why: the unit part keeps both cores busy (98 % of them, /proc/stat), the browser part 69 % — it waits on
# renders and settle times — and tests/test_spark.py (one SparkSession, local[2]) was a third of the unit part's
# test time (380 of 985 s, 2026-12-03): beside the browser part it fills the idle third instead.
# Most of the browser part's CPU is Chromium's renderers, which /usr/bin/time does not report (sample /proc to
# see it). With -n 2, a server per worker: both first visits of "/" (the overview's models,
# cold) pass the 30 s settle wait and every test of that worker errors; one server for both workers: a test
# read the overview after clicking a card's link and settling, before the page had switched (1 of 61 failed).
.venv/bin/python -m pytest -m "not browser" -n "${PYTEST_WORKERS:-auto}" --dist loadfile --ignore=tests/test_spark.py
spark_log="$(mktemp -t cvd_spark_tests.XXXXXX)"
nice -n 19 .venv/bin/python -m pytest -p no:cacheprovider tests/test_spark.py >"$spark_log" 2>&1 &
spark_pid=$!
browser_rc=0
.venv/bin/python -m pytest -m browser || browser_rc=$?
spark_rc=0
wait "$spark_pid" || spark_rc=$?
echo "---- tests/test_spark.py (run beside the browser tests, nice 19) ----"
cat "$spark_log"
rm -f "$spark_log"
if [ "$browser_rc" -ne 0 ] || [ "$spark_rc" -ne 0 ]; then
  echo "failed: browser tests exit $browser_rc, Spark tests exit $spark_rc" >&2
  exit 1
fi
