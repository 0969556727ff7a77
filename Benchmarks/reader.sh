#!/usr/bin/env bash
# Reader benchmark: RingScope's byte-level CSVReader and DatasetLoader against yaslab/CSV.swift
# and swiftcsv/SwiftCSV on the links.csv of a generated world, then `ringscope validate` on the
# whole world under /usr/bin/time -v for its seconds and peak RSS. Results: docs/reader-benchmark.md.
#
#   Benchmarks/reader.sh [SELLERS] [WORLD_DIR]     # default 1000000 sellers in /tmp/rb-world
#
# Goals (issue 3): >= 1,000,000 link rows/s single-threaded for the reader and the loader;
# a 1M-seller world validates in under 4 GB peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
sellers="${1:-1000000}"
world="${2:-/tmp/rb-world}"

swift build -c release --product reader-benchmark
swift build -c release --product ringscope
bin="$(swift build -c release --show-bin-path)"

if [ ! -f "$world/links.csv" ] || [ "$(cat "$world/.rb-sellers" 2>/dev/null)" != "$sellers" ]; then
    rm -rf "$world"
    echo "generating $sellers sellers into $world (seed 1)…" >&2
    start=$(date +%s.%N)
    "$bin/ringscope" generate "$world" --sellers "$sellers" --seed 1 >/dev/null
    echo "generated in $(echo "$(date +%s.%N) - $start" | bc) s" >&2
    echo "$sellers" > "$world/.rb-sellers"
fi
echo "links.csv: $(du -h "$world/links.csv" | cut -f1), $(($(wc -l < "$world/links.csv") - 1)) lines after the header" >&2

"$bin/reader-benchmark" "$world/links.csv" "$world"

echo
echo "ringscope validate $world (/usr/bin/time -v):"
if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$bin/ringscope" validate "$world" >/dev/null 2>/tmp/rb-validate-time.txt || {
        status=$?; tail -30 /tmp/rb-validate-time.txt >&2; exit "$status"; }
    grep -E "Elapsed \(wall clock\)|Maximum resident set size|User time|System time" /tmp/rb-validate-time.txt
else
    echo "/usr/bin/time is missing: apt-get install -y time" >&2
    exit 1
fi
