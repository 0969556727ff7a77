#!/usr/bin/env bash
# Fuzzes the CSV reader and the dataset loader with libFuzzer (issue 14, docs/reliability.md).
#
#   Benchmarks/fuzz/fuzz.sh [SECONDS] [JOBS]     # default 600 s, 1 job
#
# Compiles Sources/Parallel and Sources/SellerGraph with FuzzDataset.swift using
# `swiftc -sanitize=fuzzer,address` (outside `swift build`, so CI needs no sanitizer runtime),
# then runs libFuzzer on the corpus in Benchmarks/fuzz/corpus (new inputs it finds are added
# there: commit the small ones). A crash, trap, sanitizer report, time-out over 10 s or more
# than 1 GB of memory stops the run and leaves crash-*/timeout-*/oom-* files in
# Benchmarks/fuzz/findings; reproduce one with `Benchmarks/fuzz/.build/fuzz-dataset FILE`.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
jobs=${2:-1}
root=../..
build=.build
mkdir -p "$build" corpus findings
flags=(-sanitize=fuzzer,address -parse-as-library -O -g)
swiftc "${flags[@]}" -emit-module -emit-module-path "$build/Parallel.swiftmodule" -module-name Parallel \
  -emit-library -static -o "$build/libParallel.a" "$root"/Sources/Parallel/*.swift
swiftc "${flags[@]}" -I "$build" -emit-module -emit-module-path "$build/SellerGraph.swiftmodule" -module-name SellerGraph \
  -emit-library -static -o "$build/libSellerGraph.a" "$root"/Sources/SellerGraph/*.swift
swiftc "${flags[@]}" -I "$build" -L "$build" -lSellerGraph -lParallel -o "$build/fuzz-dataset" FuzzDataset.swift
# Seeds: the demo's files (first rows) and the dictionary of the format's words.
if [ -z "$(ls -A corpus)" ]; then
  for file in "$root"/datasets/demo/*.csv; do head -c 4000 "$file" > "corpus/seed-$(basename "$file")"; done
fi
"$build/fuzz-dataset" corpus -dict=dataset.dict -max_len=65536 -timeout=10 -rss_limit_mb=1024 \
  -max_total_time="$seconds" -jobs="$jobs" -workers="$jobs" -artifact_prefix=findings/ -print_final_stats=1
