#!/usr/bin/env bash
# Builds the GVE-Leiden peer of the communities benchmark from a copy of
# puzzlef/leiden-communities-openmp that you fetched yourself (nothing of it is kept in this
# repository): either a work tree or a bare git directory.
#
# usage: Benchmarks/gve/build.sh GVE_SOURCE [OUT_DIR]
#   GVE_SOURCE  e.g. a `git clone` of github.com/puzzlef/leiden-communities-openmp, or a bare
#               mirror of it (its HEAD is used)
#   OUT_DIR     default /tmp/gve-leiden; the binary is OUT_DIR/gve_leiden
# Needs g++ with OpenMP (Debian's g++). About 40 s.
set -euo pipefail
SRC=${1:?usage: Benchmarks/gve/build.sh GVE_SOURCE [OUT_DIR]}
OUT=${2:-/tmp/gve-leiden}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT/src"
if [ -d "$SRC/inc" ]; then
  cp -r "$SRC/inc" "$OUT/src/"
else
  git --git-dir="$SRC" archive HEAD inc | tar -x -C "$OUT/src"
  git --git-dir="$SRC" log -1 --format='GVE-Leiden commit %H (%cs)' > "$OUT/VERSION"
fi
# -DTYPE and threads as GVE-Leiden's own main.sh: 32-bit weights; threads set at run time.
g++ -std=c++17 -O3 -fopenmp -w -I "$OUT/src" "$HERE/gve_leiden.cxx" -o "$OUT/gve_leiden"
echo "$OUT/gve_leiden"
