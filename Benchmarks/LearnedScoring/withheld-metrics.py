#!/usr/bin/env python3
"""ROC AUC and precision@k of two rankings on the withheld rings.

Usage: withheld-metrics.py WITHHELD.csv RULE_RUN LEARNED_RUN [--k 10,25]
WITHHELD.csv is outcomes-from-truth.py's --withheld file (ring_id,label); RULE_RUN and
LEARNED_RUN are run folders of the same dataset (rings.csv ranks: rule score, learned model).
Ranks are compared among the withheld rings only (rank 1 = most likely counterfeit).
"""
import argparse
import csv


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


if __name__ == "__main__":
    main()
