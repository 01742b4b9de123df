#!/usr/bin/env bash
# Set up and run every check Prism has: proto lint and format, stale stubs, the test suite.
# PRISM_TEST_DATABASE_URL=postgresql://... also runs the suite on PostgreSQL.
# Extra arguments go to pytest (e.g. bash scripts/test.sh -k organizations).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --dev

echo "== buf lint" >&2
node_modules/.bin/buf lint
echo "== buf format" >&2
node_modules/.bin/buf format --diff --exit-code
echo "== ruff" >&2
.venv/bin/ruff check .
.venv/bin/ruff format --check . >/dev/null || { .venv/bin/ruff format --diff . | head -40; exit 1; }
echo "== generated stubs" >&2
.venv/bin/python scripts/generate_protos.py --check
echo "== tests" >&2
# in parallel (PRISM_TEST_WORKERS, default 2): most of a test's time is spent waiting on processes it
# started; --dist loadscope keeps each module's suite on one worker
.venv/bin/python -m pytest -q -p no:cacheprovider -n "${PRISM_TEST_WORKERS:-2}" --dist loadscope --durations=15 "$@"
