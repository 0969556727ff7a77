#!/usr/bin/env bash
# Benchmark `ringscope communities` against python-igraph, leidenalg and networkit on the same
# edge lists, in one run on this machine, and print one table.
#
# usage: Benchmarks/communities.sh [--quick] [--work DIR] [--repeat K] [--peer-repeat K]
#   --quick        karate and the two 100k-node graphs only
#   --work DIR     where graphs and outputs go (default /tmp/ringscope-bench; graphs are reused)
#   --repeat K     runs of ringscope per graph and setting, median seconds (default 3)
#   --peer-repeat K  runs of each peer, median seconds (default 1)
#   --only-large   the two 1M-node graphs only
#   --peers LIST   peers to run (default all: igraph,igraph-2it,leidenalg,networkit-plm,networkit-leiden)
#   --settings L   ringscope settings: stable (until stable, the default) and/or iteration counts (default stable,2)
#   --threads N    ringscope --threads (default 1)
#
# Needs the peers' venv (/tmp/peers, created here if missing) and ../shared/peers beside the repo.
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
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --work) WORK=$2; shift ;;
    --repeat) REPEAT=$2; shift ;;
    --peer-repeat) PEER_REPEAT=$2; shift ;;
    --only-large) LARGE_ONLY=1 ;;
    --peers|--settings|--threads) EXTRA+=("$1" "$2"); shift ;;
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
  generate g1m-mu0.3 1000000 0.3
  generate g1m-mu0.5 1000000 0.5
fi

exec "$VENV/bin/python" Benchmarks/communities_table.py --ringscope "$RINGSCOPE" \
  --peers-script "$PEERS/peer_communities.py" --repeat "$REPEAT" --peer-repeat "$PEER_REPEAT" ${EXTRA[@]+"${EXTRA[@]}"} "${GRAPHS[@]}"
