#!/usr/bin/env bash
# Newsroom benchmark (`make bench`): the site against a bare Django view (as served, cold, and
# for strangers), queries per page, what one publish throws out of the page cache, realistic
# traffic, and related stories and search at growing archive sizes. See bench/harness.py (run
# here as `python -m bench.harness`) for what is measured and the BENCH_* settings;
# `bench/run.sh --smoke` is the quick version CI runs.
#
#   bench/run.sh                         # full run: 1 000 / 10 000 / 100 000 articles, PostgreSQL and SQLite
#   bench/run.sh --only throughput --dbs sqlite --sizes 1000 --keep-db   # a quick check of the ratios
#   bench/run.sh --smoke                 # 200 articles, SQLite, every part briefly
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV="${VENV:-.venv}"
export BENCH_PYTHON="$VENV/bin/python"
if [ ! -x "$BENCH_PYTHON" ]; then
    echo "bench: $BENCH_PYTHON not found; run 'make venv' (or 'make bench', which does) first." >&2
    exit 1
fi

# wrk is a Debian package; install it when missing (needs root, or sudo without a password).
if ! command -v wrk >/dev/null 2>&1; then
    echo "bench: installing wrk" >&2
    if [ "$(id -u)" -eq 0 ]; then
        apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n apt-get install -y -qq wrk >/dev/null 2>&1 || { sudo -n apt-get update -qq && sudo -n apt-get install -y -qq wrk; }
    fi
    command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is missing and could not be installed (apt-get install wrk)." >&2; exit 1; }
fi

smoke=0
for arg in "$@"; do
    [ "$arg" = "--smoke" ] && smoke=1
done

# PostgreSQL is needed for the full run only; without it the run says so and measures SQLite.
if [ "$smoke" -eq 0 ] && [[ "${BENCH_DBS:-postgres,sqlite}" == *postgres* ]]; then
    if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
        echo "bench: PostgreSQL is not answering on 127.0.0.1:5432; measuring SQLite only." >&2
        export BENCH_DBS=sqlite
    fi
fi

exec "$BENCH_PYTHON" -m bench.harness "$@"
