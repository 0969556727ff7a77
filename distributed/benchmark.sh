#!/usr/bin/env bash
# Benchmark of the Spark path (issue 21): generated worlds through distributed/ringscope-spark in
# local mode — seconds per stage, peak memory of the JVM (driver and executors: one process in
# local mode), of the largest ringscope process and of the final `ringscope analyze
# --projection`, and the shuffle written per stage (from Spark's event log) — beside
# `ringscope analyze` on the same world, whose four tables must be byte-identical.
#
# usage: distributed/benchmark.sh [SIZES]
#
#   SIZES  world sizes in sellers (default "1M 10M", or $SIZES); the single-machine
#          `ringscope analyze` runs on worlds up to $SINGLE_MAX sellers (default 1M)
#
# Environment:
#   WORLDS_DIR   worlds, generated once with `ringscope generate DIR --sellers N --seed 1` and
#                reused (default /tmp/ringscope-worlds, shared with Benchmarks/scale.sh)
#   RUNS_DIR     runs, logs, event logs and results.tsv (default /tmp/ringscope-spark-bench)
#   MASTER       Spark master (default local[2]); SHARDS (default 16); DRIVER_MEMORY (default 14g)
#   GIANT_LIMIT  components over this many sellers run on the driver (default 100000)
#   ANALYZE_ARGS options for both analyze runs (default "--render-top 100")
#   RINGSCOPE    use this ringscope binary instead of building release (e.g. .build/debug/ringscope
#                on a busy machine: the figures are then a debug build's)
#
# Each run is alone under /usr/bin/time -f '%e %M' (wall seconds, peak RSS of the largest
# process). How long it takes on the shared 2-core machine (docs/distributed.md): 20k 6 minutes
# (debug build, load 12-18); 1M 27 minutes, 4 of them `ringscope analyze` (release, load 5-13,
# ANALYZE_ARGS="--render-top 100 --no-images", DRIVER_MEMORY=10g); 10M was not run: expect an
# hour or more and more memory than the machine has (~46 GB for the final analyze).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
case "${1:-}" in -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
sizes_arg="${1:-${SIZES:-1M 10M}}"
worlds_dir="${WORLDS_DIR:-/tmp/ringscope-worlds}"
runs_dir="${RUNS_DIR:-/tmp/ringscope-spark-bench}"
master="${MASTER:-local[2]}"
shards="${SHARDS:-16}"
driver_memory="${DRIVER_MEMORY:-14g}"
giant_limit="${GIANT_LIMIT:-100000}"
single_max="${SINGLE_MAX:-1000000}"
read -r -a analyze_args <<< "${ANALYZE_ARGS:---render-top 100}"

say() { echo "[benchmark.sh $(date +%H:%M:%S)] $*" >&2; }

if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (apt-get install time)"
    apt-get install -y time >/dev/null 2>&1 || sudo apt-get install -y time >/dev/null
fi
python="$("$here/setup.sh")"
if [ -n "${RINGSCOPE:-}" ]; then
    ringscope="$(cd "$(dirname "$RINGSCOPE")" && pwd)/$(basename "$RINGSCOPE")"
    say "using $ringscope (RINGSCOPE; not rebuilt)"
else
    say "building release"
    (cd "$root" && swift build -c release --product ringscope >&2)
    ringscope="$root/.build/release/ringscope"
fi

sellers_of() {
    case "$1" in
        *[kK]) echo $(( ${1%[kK]} * 1000 )) ;;
        *[mM]) echo $(( ${1%[mM]} * 1000000 )) ;;
        *) echo "$1" ;;
    esac
}

mkdir -p "$worlds_dir" "$runs_dir"
results="$runs_dir/results.tsv"
: > "$results"
echo "uptime before: $(uptime)" | tee "$runs_dir/uptime.txt" >&2
echo "binary: $ringscope" >> "$runs_dir/uptime.txt"

for size in ${sizes_arg//,/ }; do
    sellers="$(sellers_of "$size")"
    world="$worlds_dir/w$size-s1"
    if [ ! -f "$world/sellers.csv" ]; then
        say "generating $world ($sellers sellers)"
        /usr/bin/time -f '%e %M' -o "$runs_dir/$size-generate.time" "$ringscope" generate "$world" --sellers "$sellers" --seed 1 >&2
        echo -e "$size\tgenerate\t$(cat "$runs_dir/$size-generate.time")" >> "$results"
    fi
    echo -e "$size\tworld_bytes\t$(du -sb "$world" | cut -f1)" >> "$results"

    if [ "$sellers" -le "$single_max" ]; then
        say "$size: ringscope analyze"
        rm -rf "$runs_dir/$size-single"
        /usr/bin/time -f '%e %M' -o "$runs_dir/$size-single.time" "$ringscope" analyze "$world" --out "$runs_dir/$size-single" \
            "${analyze_args[@]}" > /dev/null 2> "$runs_dir/$size-single.log"
        echo -e "$size\tsingle\t$(cat "$runs_dir/$size-single.time")" >> "$results"
    fi

    say "$size: ringscope-spark --master $master --shards $shards"
    rm -rf "$runs_dir/$size-spark" "$runs_dir/$size-events"
    /usr/bin/time -f '%e %M' -o "$runs_dir/$size-spark.time" env RINGSCOPE_SPARK_PYTHON="$python" "$here/ringscope-spark" "$world" \
        --out "$runs_dir/$size-spark" --master "$master" --shards "$shards" --ringscope "$ringscope" --giant-limit "$giant_limit" \
        --driver-memory "$driver_memory" --event-log "$runs_dir/$size-events" --figures "$runs_dir/$size-figures.json" \
        -- "${analyze_args[@]}" > /dev/null 2> "$runs_dir/$size-spark.log" || { tail -20 "$runs_dir/$size-spark.log" >&2; exit 1; }
    echo -e "$size\tspark\t$(cat "$runs_dir/$size-spark.time")" >> "$results"
    if [ -d "$runs_dir/$size-single" ]; then
        same=yes
        for table in rings.csv ring_members.csv factories.csv hubs.csv; do
            cmp -s "$runs_dir/$size-single/$table" "$runs_dir/$size-spark/$table" || same="no ($table differs)"
        done
        echo -e "$size\tidentical\t$same" >> "$results"
    fi
done
echo "uptime after: $(uptime)" | tee -a "$runs_dir/uptime.txt" >&2
cat "$runs_dir/uptime.txt"

"$python" "$here/benchmark_table.py" "$results" "$runs_dir"
