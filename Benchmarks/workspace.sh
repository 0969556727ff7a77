#!/usr/bin/env bash
# Latency of the analyst workspace (ringscope serve) under load: the queue page and case pages,
# p50/p90/p99 from wrk with 20 concurrent connections on loopback, and the server's peak memory.
# Prints a table. Run from the repository root:
#   CASES=output/cases.sqlite Benchmarks/workspace.sh            (an existing store, its run folders)
#   SELLERS=1000000 Benchmarks/workspace.sh                      (generate a world and record it first)
# Settings: CASES (store; default: record $WORK/world into $WORK/cases.sqlite), RUNS (--runs DIR),
# BIN (default .build/release/ringscope, built if missing), DURATION (seconds a route, 30),
# CONNECTIONS (20). The case route rotates over the first 500 cases of the queue (a Lua script),
# so pages are not all the same ring. State the machine's load (uptime, printed) with the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
SELLERS=${SELLERS:-1000000}
WORK=${WORK:-/tmp/ringscope-workspace-bench-$SELLERS}
BIN=${BIN:-.build/release/ringscope}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-20}
PORT=${PORT:-18650}
command -v wrk >/dev/null || { echo "Benchmarks/workspace.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
if [ ! -x "$BIN" ]; then swift build -c release --product ringscope >&2; fi
mkdir -p "$WORK"
if [ -z "${CASES:-}" ]; then
  CASES="$WORK/cases.sqlite"
  if [ ! -f "$CASES" ]; then
    [ -f "$WORK/world/sellers.csv" ] || "$BIN" generate "$WORK/world" --sellers "$SELLERS" >&2
    "$BIN" analyze "$WORK/world" --out "$WORK/run" --cases "$CASES" --quiet >&2
  fi
fi
cases=$(sqlite3 "file:$CASES?mode=ro" "SELECT COUNT(*) FROM cases")
members=$(sqlite3 "file:$CASES?mode=ro" "SELECT COUNT(*) FROM ring_members")
runs=$(sqlite3 "file:$CASES?mode=ro" "SELECT COUNT(*) FROM runs")
# The first 500 case ids, as a Lua table for wrk.
ids=$("$BIN" case list --cases "$CASES" | awk 'NR > 1 && NR <= 501 { printf "\"%s\",", $1 }')
cat > "$WORK/cases.lua" <<LUA
local ids = { $ids }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/cases/" .. ids[(i % #ids) + 1])
end
LUA
"$BIN" serve --cases "$CASES" ${RUNS:+--runs "$RUNS"} --port "$PORT" > "$WORK/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/" -o /dev/null && break; sleep 0.2; done
# Warm up: the first case page of a run verifies its folder once.
curl -sf "http://127.0.0.1:$PORT/" -o /dev/null
first=$(echo "$ids" | cut -d'"' -f2)
curl -s "http://127.0.0.1:$PORT/cases/$first" -o /dev/null
measure() {  # name, file stem, then wrk arguments
  local name=$1 stem=$2; shift 2
  wrk -t 2 -c "$CONNECTIONS" -d "${DURATION}s" --latency "$@" > "$WORK/$stem.wrk"
  local p50 p90 p99 rps
  p50=$(awk '/^ +50%/ { print $2 }' "$WORK/$stem.wrk"); p90=$(awk '/^ +90%/ { print $2 }' "$WORK/$stem.wrk")
  p99=$(awk '/^ +99%/ { print $2 }' "$WORK/$stem.wrk"); rps=$(awk '/^Requests\/sec/ { print $2 }' "$WORK/$stem.wrk")
  local errors; errors=$(awk '/Non-2xx|Socket errors/ { print }' "$WORK/$stem.wrk" | tr '\n' ' ')
  printf "| %s | %s | %s | %s | %s | %s |\n" "$name" "$p50" "$p90" "$p99" "$rps" "${errors:-none}"
}
echo "store: $CASES ($cases cases, $runs runs, $members ring member rows); binary $BIN; $CONNECTIONS connections, 2 wrk threads, ${DURATION} s a route"
echo "load before: $(uptime)"
echo
echo "| route | p50 | p90 | p99 | requests/s | errors |"
echo "| --- | --- | --- | --- | --- | --- |"
measure "queue (/)" queue "http://127.0.0.1:$PORT/"
measure "queue filtered (/?status=new&score=60)" filtered "http://127.0.0.1:$PORT/?status=new&score=60"
measure "case pages (/cases/ID, 500 ids)" cases "http://127.0.0.1:$PORT/" -s "$WORK/cases.lua"
echo
echo "server peak memory (VmHWM): $(awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' /proc/$server/status); now (VmRSS): $(awk '/VmRSS/ { printf "%.0f MiB", $2 / 1024 }' /proc/$server/status)"
echo "load after: $(uptime)"
