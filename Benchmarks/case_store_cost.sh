#!/usr/bin/env bash
# The cost of `analyze --cases` on a large world, measured side by side in one sequence:
#   plain      analyze without a case store
#   first      analyze --cases into a new store (every ring opens a case)
#   second     analyze --cases into that store again (every ring matched to its case: the
#              monthly refresh's cost, lineage included)
# and the store's size. Prints a table. Run from the repository root:
#   Benchmarks/case_store_cost.sh                      (1,000,000 sellers; ~1 min to generate)
#   SELLERS=100000 Benchmarks/case_store_cost.sh
# Times are wall-clock seconds from /usr/bin/time; state the machine's load (uptime) with them.
# On a shared machine the three runs' totals differ by more than the store costs, so the figure
# to quote is the store's share of its own run ("store %": the seconds analyze reports for the
# case store over that run's total, both measured in the one process). PLAIN=0 skips the run
# without a store.
set -euo pipefail
cd "$(dirname "$0")/.."
SELLERS=${SELLERS:-1000000}
WORK=${WORK:-/tmp/ringscope-case-cost-$SELLERS}
BIN=.build/release/ringscope
swift build -c release --product ringscope >&2
mkdir -p "$WORK"
if [ ! -f "$WORK/world/sellers.csv" ]; then
  "$BIN" generate "$WORK/world" --sellers "$SELLERS" >&2
fi
rm -f "$WORK"/*.seconds
rm -rf "$WORK/plain" "$WORK/first" "$WORK/second" "$WORK/cases.sqlite" "$WORK/cases.sqlite-wal" "$WORK/cases.sqlite-shm"
measure() {  # name, then the analyze arguments
  local name=$1; shift
  local log="$WORK/$name.time"
  /usr/bin/time -f "%e %M %U %S" -o "$log" "$BIN" analyze "$WORK/world" --out "$WORK/$name" "$@" > "$WORK/$name.stdout" 2> "$WORK/$name.stderr"
  read -r seconds kilobytes user system < "$log"
  # The store's own time, as analyze measures it in process (snapshot, recording, lineage,
  # commit; the run folder not counted): wall-clock and CPU seconds.
  local line store="" storecpu="" share="-" cpushare="-"
  line=$(grep -o "case store: [0-9.]* s ([0-9.]* s CPU)" "$WORK/$name.stderr" || true)
  if [ -n "$line" ]; then
    store=$(echo "$line" | awk '{ print $3 }'); storecpu=$(echo "$line" | awk '{ print substr($5, 2) }')
    share=$(awk -v s="$store" -v t="$seconds" 'BEGIN { printf "%.1f %%", 100 * s / t }')
    cpushare=$(awk -v s="$storecpu" -v u="$user" -v k="$system" 'BEGIN { printf "%.1f %%", 100 * s / (u + k) }')
  fi
  printf "%-8s %9.1f %9.1f %10.0f %9s %9s %9s %9s\n" "$name" "$seconds" "$(awk -v u="$user" -v k="$system" 'BEGIN { print u + k }')" \
    "$((kilobytes / 1024))" "${store:--}" "$share" "${storecpu:--}" "$cpushare"
  echo "$seconds" > "$WORK/$name.seconds"
}
echo "load before: $(uptime)"
printf "%-8s %9s %9s %10s %9s %9s %9s %9s\n" "run" "seconds" "CPU s" "peak MiB" "store s" "store %" "store CPU" "CPU %"
if [ "${PLAIN:-1}" != 0 ]; then measure plain; fi
measure first --cases "$WORK/cases.sqlite"
measure second --cases "$WORK/cases.sqlite"
echo "load after: $(uptime)"
plain=$(cat "$WORK/plain.seconds" 2>/dev/null || echo 0); first=$(cat "$WORK/first.seconds"); second=$(cat "$WORK/second.seconds")
size=$(du -b "$WORK/cases.sqlite" | cut -f1)
wal=$(du -b "$WORK/cases.sqlite-wal" 2>/dev/null | cut -f1 || echo 0)
awk -v p="$plain" -v f="$first" -v s="$second" -v b="$size" -v w="${wal:-0}" 'BEGIN {
  if (p > 0) printf "cost of --cases: first run %+.1f s (%+.1f %%), second run %+.1f s (%+.1f %%)\n", f - p, 100 * (f - p) / p, s - p, 100 * (s - p) / p
  printf "store after two runs: %.1f MiB (+ %.1f MiB write-ahead log)\n", b / 1048576, w / 1048576
}'
grep "^cases:" "$WORK/second.stdout" || true
