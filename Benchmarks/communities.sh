#!/usr/bin/env bash
# Benchmark `ringscope communities` against python-igraph, leidenalg, networkit and GVE-Leiden on
# the same edge lists, in one run on this machine, and print one table.
#
# usage: Benchmarks/communities.sh [--quick] [--work DIR] [--repeat K] [--peer-repeat K]
#   --quick        karate and the two 100k-node graphs only
#   --work DIR     where graphs and outputs go (default /tmp/ringscope-bench; graphs are reused)
#   --repeat K     runs of ringscope per graph and setting, median seconds (default 3)
#   --peer-repeat K  runs of each peer, median seconds (default 1)
#   --only-large   the planted 300k/3M and 1M/10M graphs only
#   --peers LIST   python peers to run (default all: igraph,igraph-2it,leidenalg,networkit-plm,networkit-leiden)
#   --settings L   ringscope settings: default, stable (until stable) and/or iteration counts (default: default)
#   --threads N    ringscope --threads and GVE-Leiden's threads (default 2)
#   --extra OPTS   more ringscope options for every setting, e.g. "--tolerance 0.01"
#   --gve BINARY   the GVE-Leiden peer (default /tmp/gve-leiden/gve_leiden when it exists). Build it
#                  with Benchmarks/gve/build.sh from a copy of puzzlef/leiden-communities-openmp
#                  (git clone https://github.com/puzzlef/leiden-communities-openmp).
#
# Needs the peers' venv (/tmp/peers, created here if missing) and ../shared/peers beside the repo.
# Time on the 2-core machine, graphs present, --repeat 1: --quick about 10 minutes (leidenalg and
# igraph until stable dominate); --only-large --peers networkit-plm,networkit-leiden,igraph-2it
# about 10 minutes; everything about an hour.
set -euo pipefail
cd "$(dirname "$0")/.."
PEERS=../shared/peers
VENV=${PEERS_VENV:-/tmp/peers}
WORK=/tmp/ringscope-bench
QUICK=0
REPEAT=3
PEER_REPEAT=1
LARGE_ONLY=0
EXTRA=()
GVE=/tmp/gve-leiden/gve_leiden
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --work) WORK=$2; shift ;;
    --repeat) REPEAT=$2; shift ;;
    --peer-repeat) PEER_REPEAT=$2; shift ;;
    --only-large) LARGE_ONLY=1 ;;
    --peers|--settings|--threads|--extra) EXTRA+=("$1" "$2"); shift ;;
    --gve) GVE=$2; shift ;;
    *) echo "unknown argument: $1" >&2; exit 64 ;;
  esac
  shift
done

if ! "$VENV/bin/python" -c 'import igraph, leidenalg, networkit, numpy' 2>/dev/null; then
  echo "creating the peers' venv in $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install igraph leidenalg networkit numpy >&2
fi
swift build -c release --product ringscope >&2
RINGSCOPE=$(swift build -c release --show-bin-path)/ringscope

mkdir -p "$WORK"
"$VENV/bin/python" -c "
import igraph as ig
with open('$WORK/karate.txt', 'w') as fh:
    fh.write('# Zachary karate club, igraph Graph.Famous(\"Zachary\")\n')
    fh.writelines(f'{a} {b}\n' for a, b in ig.Graph.Famous('Zachary').get_edgelist())
"
GRAPHS=()
generate() {  # name nodes mu
  if [ ! -s "$WORK/$1" ] || [ ! -s "$WORK/$1.truth" ]; then
    "$VENV/bin/python" "$PEERS/gen_edgelist.py" "$WORK/$1" --nodes "$2" --avg-degree 20 --mu "$3" --seed 2 >&2
  fi
  GRAPHS+=("$WORK/$1")
}
if [ "$LARGE_ONLY" = 0 ]; then
  GRAPHS+=("$WORK/karate.txt")
  generate g100k-mu0.3 100000 0.3
  generate g100k-mu0.5 100000 0.5
fi
if [ "$QUICK" = 0 ]; then
  generate g300k-mu0.3 300000 0.3
  generate g1m-mu0.3 1000000 0.3
  generate g1m-mu0.5 1000000 0.5
fi

if [ -x "$GVE" ]; then EXTRA+=(--gve "$GVE"); else echo "no GVE-Leiden binary at $GVE: no GVE-Leiden rows (see Benchmarks/gve/build.sh)" >&2; fi
echo "uptime before: $(uptime)" >&2
exec "$VENV/bin/python" Benchmarks/communities_table.py --ringscope "$RINGSCOPE" \
  --peers-script "$PEERS/peer_communities.py" --repeat "$REPEAT" --peer-repeat "$PEER_REPEAT" ${EXTRA[@]+"${EXTRA[@]}"} "${GRAPHS[@]}"
