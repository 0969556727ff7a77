#!/usr/bin/env bash
# Latency of the analyst workspace (ringscope serve) under load: the queue page and case pages,
# p50/p90/p99 from wrk with 20 concurrent connections on loopback, and the server's peak memory.
# Prints a table. Run from the repository root:
#   CASES=output/cases.sqlite Benchmarks/workspace.sh            (an existing store, its run folders)
#   SELLERS=1000000 Benchmarks/workspace.sh                      (generate a world and record it first)
#   SELLERS=1000000 RINGS=9000 Benchmarks/workspace.sh           (a 1M world with ~10,000 cases)
# Settings: CASES (store; default: record $WORK/world into $WORK/cases.sqlite), WORLD (a world
# to record instead of generating one), SELLERS, RINGS (generate --rings; default the
# generator's, sellers / 300), SEED (1), RUNS (--runs DIR), BIN (default
# .build/release/ringscope, built if missing), DURATION (seconds a route, 30), CONNECTIONS (20).
# The case route rotates over the first 500 cases of the queue and the "queue pages" route over
# every page of the queue unfiltered and by status (Lua scripts), so answers are not all one
# page; "first visits" asks each case after the first 500 once (pages the server has not
# rendered before: its page caches do not help), as long as there are cases left to ask. Before wrk, single requests with curl time the uncached work: the first queue page (lists
# the store), another page (renders it), a case page. State the load (uptime, printed).
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
    world=${WORLD:-$WORK/world}
    if [ ! -f "$world/sellers.csv" ]; then
      "$BIN" generate "$world" --sellers "$SELLERS" ${RINGS:+--rings "$RINGS"} --seed "${SEED:-1}" >&2
    fi
    /usr/bin/time -v "$BIN" analyze "$world" --out "$WORK/run" --cases "$CASES" --quiet 2> "$WORK/analyze.time" >&2 \
      || { cat "$WORK/analyze.time" >&2; exit 1; }
    echo "analyze --cases: $(awk -F': ' '/Elapsed/ { print $2 }' "$WORK/analyze.time") elapsed, peak $(awk '/Maximum resident/ { printf "%.2f GiB", $6 / 1048576 }' "$WORK/analyze.time")" >&2
  fi
fi
cases=$(sqlite3 "file:$CASES?mode=ro" "SELECT COUNT(*) FROM cases")
members=$(sqlite3 "file:$CASES?mode=ro" "SELECT COUNT(*) FROM ring_members")
runs=$(sqlite3 "file:$CASES?mode=ro" "SELECT COUNT(*) FROM runs")
# The first 500 case ids, as a Lua table for wrk; and every later one, for first visits.
"$BIN" case list --cases "$CASES" > "$WORK/case-list.txt"
ids=$(awk 'NR > 1 && NR <= 501 { printf "\"%s\",", $1 }' "$WORK/case-list.txt")
later=$(awk 'NR > 501 { printf "\"%s\",", $1 }' "$WORK/case-list.txt")
cat > "$WORK/cases.lua" <<LUA
local ids = { $ids }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/cases/" .. ids[(i % #ids) + 1])
end
LUA
# First visits: each wrk thread walks its own half of the later cases once, in order, so no
# page asked was rendered before (the server keeps rendered case pages while the store is
# unchanged); it starts over only after every later case was asked (then they are repeats).
cat > "$WORK/first-visits.lua" <<LUA
local ids = { $later }
local threads, step = 0, 0
setup = function(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
request = function()
  local position = ((step * 2 + offset) % #ids) + 1
  step = step + 1
  return wrk.format("GET", "/cases/" .. ids[position])
end
LUA
pages=$(( (cases + 99) / 100 ))
cat > "$WORK/pages.lua" <<LUA
local pages = $pages
local statuses = { "", "status=new&", "status=under_review&", "score=60&" }
local i = 0
request = function()
  i = i + 1
  local filter = statuses[(i % #statuses) + 1]
  local page = 1
  if filter == "" then page = (math.floor(i / #statuses) % pages) + 1 end
  return wrk.format("GET", "/?" .. filter .. "page=" .. page)
end
LUA
"$BIN" serve --cases "$CASES" ${RUNS:+--runs "$RUNS"} --port "$PORT" > "$WORK/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/" -o /dev/null && break; sleep 0.2; done
# Single requests, uncached: the first answer lists the store, a second page renders from the
# list; the first case page of a run verifies its folder once (and indexes places.csv), the next is
# a plain case page.
first=$(echo "$ids" | cut -d'"' -f2)
second=$(echo "$ids" | cut -d'"' -f4)
single() { curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT$1"; }
echo "single requests: first queue page $(single '/?page=1&score=0') s; another queue page $(single "/?page=$pages") s;" \
  "first case page $(single "/cases/$first") s; another case page $(single "/cases/$second") s; its map $(single "/cases/$second/map.svg") s"
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
measure "queue pages (every page, 4 filters)" pages "http://127.0.0.1:$PORT/" -s "$WORK/pages.lua"
if [ -n "$later" ]; then
  measure "case pages, first visits (/cases/ID, cases 501…)" first-visits "http://127.0.0.1:$PORT/" -s "$WORK/first-visits.lua"
fi
# The repeated route measures pages the server has built before: one pass over the 500 first
# (sequential, not measured) so that the first round of 500 builds is not counted as its tail.
for id in $(echo "$ids" | tr ',' ' ' | tr -d '"'); do curl -s -o /dev/null "http://127.0.0.1:$PORT/cases/$id"; done
measure "case pages (/cases/ID, 500 ids, after one pass over them)" cases "http://127.0.0.1:$PORT/" -s "$WORK/cases.lua"
echo
echo "server peak memory (VmHWM): $(awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' /proc/$server/status); now (VmRSS): $(awk '/VmRSS/ { printf "%.0f MiB", $2 / 1024 }' /proc/$server/status)"
echo "load after: $(uptime)"
