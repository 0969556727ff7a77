#!/usr/bin/env bash
# Detection with and without identifiers and images, on generated worlds: prints a Markdown table.
#
# usage: Benchmarks/detection/identifiers.sh [SIZE] [SEEDS]
#
#   SIZE   sellers per world (default 20000); rings are SIZE / 300
#   SEEDS  seeds, space-separated (default "1 2")
#
# For each world, three runs of `ringscope analyze` (no referral packages: only the tables are
# scored), each scored by score.py against truth/:
#   without     identifiers.csv, images.csv and the uses/registered_with rows of links.csv removed
#               (the dataset as a v1 export had it)
#   identifiers identifiers.csv and its links, images not read (--no-images)
#   + images    identifiers and the images read by OCR (the first run fills the OCR cache in
#               $WORK/ocr-cache; the figures do not depend on it)
# Columns: ring precision@k, seller precision and recall of the top k rings (k = true rings),
# and the recall of the ring members tied to their ring only through an identifier / only
# through an image (hidden_recall_*, see score.py), with seconds of the analysis.
#
# Environment: WORK (default /tmp/ringscope-identifier-bench), IMAGES per world (default 120),
# RINGSCOPE (default .build/release/ringscope, built if missing).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
size="${1:-20000}"
seeds="${2:-1 2}"
work="${WORK:-/tmp/ringscope-identifier-bench}"
images="${IMAGES:-120}"
ringscope="${RINGSCOPE:-$root/.build/release/ringscope}"
mkdir -p "$work"
[ -x "$ringscope" ] || (cd "$root" && swift build -c release --product ringscope >&2)
say() { echo "[identifiers.sh $(date +%H:%M:%S)] $*" >&2; }

echo "| world | run | ring P@k | seller P | seller R | hidden by identifier R (n) | hidden by image R (n) | seconds |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for seed in $seeds; do
    world="$work/world-$size-$seed"
    if [ ! -f "$world/truth/hidden_members.csv" ]; then
        say "generating $world"
        rm -rf "$world"
        "$ringscope" generate "$world" --sellers "$size" --rings $((size / 300)) --seed "$seed" --images "$images" >/dev/null 2>&1
    fi
    bare="$world-without"
    if [ ! -f "$bare/links.csv" ]; then
        mkdir -p "$bare"
        for file in sellers storefronts payment_accounts addresses factories evidence listings; do ln -sf "$world/$file.csv" "$bare/$file.csv"; done
        ln -sfn "$world/truth" "$bare/truth"
        awk -F, 'NR == 1 || ($3 != "uses" && $3 != "registered_with")' "$world/links.csv" > "$bare/links.csv"
    fi
    for run in without identifiers images; do
        out="$work/run-$size-$seed-$run"
        case "$run" in
            without) args=("$bare" --no-images) ;;
            identifiers) args=("$world" --no-images) ;;
            images) args=("$world" --ocr-cache "$work/ocr-cache") ;;
        esac
        say "$run: analyze ${args[*]}"
        start=$(date +%s.%N)
        "$ringscope" analyze "${args[@]}" --out "$out" --render-top 0 --quiet >/dev/null
        seconds=$(echo "$(date +%s.%N) - $start" | bc)
        python3 "$here/score.py" "$out" "$world" --json | python3 -c "
import json, sys
r = json.load(sys.stdin)
label = {'without': 'without identifiers or images', 'identifiers': 'identifiers', 'images': 'identifiers + images'}['$run']
print(f\"| $size sellers, seed $seed | {label} | {r['ring_precision_at_k']:.3f} | {r['seller_precision']:.3f} | {r['seller_recall']:.3f} | \"
      f\"{r['hidden_recall_identifier']:.3f} ({r['hidden_identifier_members']}) | {r['hidden_recall_image']:.3f} ({r['hidden_image_members']}) | {float('$seconds'):.1f} |\")
"
    done
done
