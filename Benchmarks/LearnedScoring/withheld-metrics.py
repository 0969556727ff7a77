#!/usr/bin/env python3
"""ROC AUC and precision@k of two rankings on the withheld rings.

Usage: withheld-metrics.py WITHHELD.csv RULE_RUN LEARNED_RUN [--k 10,25] [--store DB --run N]
WITHHELD.csv is outcomes-from-truth.py's --withheld file (ring_id,label); RULE_RUN and
LEARNED_RUN are run folders of the same dataset (rings.csv ranks: rule score, learned model).
Ranks are compared among the withheld rings only (rank 1 = most likely counterfeit). With
--store and --run (the learned run's id in the case store), also the expected calibration error
(10 bins) of the model's calibrated probabilities on the withheld rings, and over those with
probability >= 0.1 (most false leads sit in the lowest bin, which makes ECE easy), and the ECE a
perfectly calibrated model would show on as many rings (labels drawn from its own probabilities):
the sampling noise an ECE figure must be read against.
"""
import argparse
import csv
import random
import sqlite3


def ranks(run):
    with open(f"{run}/rings.csv", newline="") as handle:
        return {row["ring_id"]: int(row["rank"]) for row in csv.DictReader(handle)}


def auc(order, labels):
    # order: ring ids best first; AUC = share of (positive, negative) pairs with the positive first.
    positives = negatives_seen = 0
    good = 0
    total_neg = sum(1 for r in order if labels[r] == 0)
    total_pos = len(order) - total_neg
    for ring in order:
        if labels[ring] == 1:
            good += total_neg - negatives_seen
            positives += 1
        else:
            negatives_seen += 1
    return good / (total_pos * total_neg) if total_pos and total_neg else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("withheld")
    parser.add_argument("rule")
    parser.add_argument("learned")
    parser.add_argument("--k", default="10,25")
    parser.add_argument("--store")
    parser.add_argument("--run", type=int)
    args = parser.parse_args()
    with open(args.withheld, newline="") as handle:
        labels = {row["ring_id"]: int(row["label"]) for row in csv.DictReader(handle)}
    print(f"withheld rings: {sum(labels.values())} true rings, {len(labels) - sum(labels.values())} false leads")
    for name, run in (("rule", args.rule), ("learned", args.learned)):
        rank = ranks(run)
        order = sorted((r for r in labels if r in rank), key=lambda r: rank[r])
        parts = [f"AUC {auc(order, labels):.3f}"]
        for k in (int(x) for x in args.k.split(",")):
            top = order[:k]
            parts.append(f"P@{k} {sum(labels[r] for r in top) / len(top):.3f}")
        print(f"{name:8} " + "  ".join(parts))
    if args.store and args.run:
        with sqlite3.connect(args.store) as db:
            probability = dict(db.execute("SELECT ring_id, probability FROM ring_scores WHERE run_id = ?", (args.run,)))
        rows = [(probability[r], labels[r]) for r in labels if r in probability]
        for name, subset in (("all withheld", rows), ("p >= 0.1", [x for x in rows if x[0] >= 0.1])):
            print(f"ECE {name}: {ece(subset):.3f} over {len(subset)} rings")
        # What ECE a perfectly calibrated model would show on these rings: labels drawn from the
        # model's own probabilities (seeded), 2000 times. An ECE inside this range is not
        # distinguishable from sampling noise at this number of rings.
        draws = noise_floor([p for p, _ in rows])
        print(f"ECE of a perfectly calibrated model on these {len(rows)} rings (sampling noise): "
              f"median {draws[len(draws) // 2]:.3f}, 90th percentile {draws[int(len(draws) * 0.9)]:.3f}")


def noise_floor(probabilities, draws=2000, seed=1):
    rng = random.Random(seed)
    return sorted(ece([(p, 1 if rng.random() < p else 0) for p in probabilities]) for _ in range(draws))


def ece(rows, bins=10):
    if not rows:
        return float("nan")
    total = 0.0
    for b in range(bins):
        inside = [(p, y) for p, y in rows if min(int(p * bins), bins - 1) == b]
        if inside:
            total += len(inside) / len(rows) * abs(sum(p for p, _ in inside) / len(inside) - sum(y for _, y in inside) / len(inside))
    return total


if __name__ == "__main__":
    main()
