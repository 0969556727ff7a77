#!/usr/bin/env bash
# The property test of issue 14 at length: validation of N randomly corrupted copies of a
# small dataset (default 100,000; CI runs 2,000) must end in a network or in dataset errors,
# never a trap, within bounded time and memory. A failure prints its run number and seed;
# replay it with the same RINGSCOPE_PROPERTY_SEED.
#
#   Benchmarks/fuzz/property.sh [RUNS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
export RINGSCOPE_PROPERTY_RUNS=${1:-100000}
export RINGSCOPE_PROPERTY_SEED=${2:-$RANDOM}
echo "property: $RINGSCOPE_PROPERTY_RUNS corrupted copies, seed $RINGSCOPE_PROPERTY_SEED" >&2
swift test --filter CorruptedDatasetPropertyTests
