#!/usr/bin/env bash
# Runs "$@" with a throw-away PostgreSQL 15 on 127.0.0.1: initdb in a temporary folder
# (as the postgres user when run as root: initdb refuses root), start, export
# SIXIA_TEST_PG_URL, run the command, then stop the server and delete the folder.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
if [ ! -x "$PGBIN/initdb" ]; then
  echo "with_postgres: PostgreSQL 15 is not installed (scripts/bootstrap installs it)" >&2; exit 1
fi
DIR="$(mktemp -d /tmp/sixia-pg.XXXXXX)"
chmod 755 "$DIR"
AS=()
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$DIR"; AS=(runuser -u postgres --); fi
PORT="${SIXIA_TEST_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}"
cleanup() {
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
"${AS[@]}" "$PGBIN/initdb" -D "$DIR/data" -U sixia --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Tests trade durability for speed; benchmarks (SIXIA_PG_DURABLE=1) keep PostgreSQL's defaults.
DURABILITY="-c fsync=off -c full_page_writes=off"
[ "${SIXIA_PG_DURABLE:-0}" = "1" ] && DURABILITY=""
# A random port may be taken (another test run, a helper's server): try a few, and show the
# server's own log when none works.
started=0
for attempt in 1 2 3 4 5; do
  if "${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -w -l "$DIR/log" \
      -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR -c max_connections=200 $DURABILITY" \
      start >/dev/null 2>&1; then
    started=1
    break
  fi
  echo "with_postgres: start on port $PORT failed (attempt $attempt):" >&2
  tail -n 5 "$DIR/log" >&2 || true
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  PORT=$(( 20000 + RANDOM % 20000 ))
  sleep 1
done
[ "$started" -eq 1 ] || { echo "with_postgres: could not start PostgreSQL" >&2; exit 1; }
export SIXIA_TEST_PG_URL="postgresql://sixia@127.0.0.1:$PORT/postgres"
export SIXIA_TEST_PG_ADMIN_URL="$SIXIA_TEST_PG_URL"
"$@"
