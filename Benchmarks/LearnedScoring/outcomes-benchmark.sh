#!/bin/sh
# Learned vs rule ranking through the real path: outcomes.csv → case store → model train →
# analyze --cases, on a generated world, for several label shares.
#
# Usage: Benchmarks/LearnedScoring/outcomes-benchmark.sh WORK SELLERS RINGS SEED "0.10 0.25 0.40"
#   WORK: a scratch folder (the world, run folders and stores go there)
# Prints, per share: the labels, model train's cross-validated figures, and the withheld rings'
# ROC AUC, precision@k and ECE, learned against the rule score. Uses .build/debug/ringscope
# unless RINGSCOPE is set. The answer key (truth/) is read only by outcomes-from-truth.py.
# TRAIN_ARGS (e.g. "--kind logistic") is passed to model train; TAG (e.g. "-logistic") names its
# stores and runs apart, so several kinds can be measured on one world's rule run and splits.
set -eu
work=$1; sellers=$2; rings=$3; seed=$4; shares=$5
train_args=${TRAIN_ARGS:-}; tag=${TAG:-}
here=$(cd "$(dirname "$0")" && pwd)
ringscope=${RINGSCOPE:-$here/../../.build/debug/ringscope}
mkdir -p "$work"
cd "$work"
quick="--render-top 0 --formats none --no-images --quiet"
if [ ! -f rule/rings.csv ]; then
  "$ringscope" generate world --sellers "$sellers" --rings "$rings" --seed "$seed" --images 0 > /dev/null
  rm -f rule.sqlite
  "$ringscope" analyze world --out rule --cases rule.sqlite $quick > /dev/null
fi
echo "world: $sellers sellers, $rings rings, seed $seed ($(date -u +%Y-%m-%d), load $(cut -d' ' -f1-3 /proc/loadavg))"
for share in $shares; do
  echo "== labels: $share of the true rings and of the false leads${train_args:+ (model train $train_args)}"
  cp rule.sqlite "store-$share$tag.sqlite"
  python3 "$here/outcomes-from-truth.py" rule world --share "$share" --seed "$seed" --withheld "withheld-$share.csv" > "outcomes-$share.csv"
  "$ringscope" case import-outcomes "outcomes-$share.csv" --cases "store-$share$tag.sqlite" > /dev/null
  if "$ringscope" model train $train_args --cases "store-$share$tag.sqlite" > "train-$share$tag.txt" 2> "train-$share$tag.err"; then
    grep -E "labelled|ROC AUC|precision|Brier|calibration error" "train-$share$tag.txt"
    "$ringscope" analyze world --out "learned-$share$tag" --cases "store-$share$tag.sqlite" $quick > /dev/null
    python3 "$here/withheld-metrics.py" "withheld-$share.csv" rule "learned-$share$tag" --k 10,25,50 --store "store-$share$tag.sqlite" --run 2
  else
    head -1 "train-$share$tag.txt"; cat "train-$share$tag.err"
    echo "(the rule score ranks: learned = rule on the withheld rings)"
    python3 "$here/withheld-metrics.py" "withheld-$share.csv" rule rule --k 10,25,50
  fi
done
