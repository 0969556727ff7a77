#!/usr/bin/env python3
"""Plays the enforcement partner for learned-scoring benchmarks and demos.

Reads a run folder (rings.csv, ring_members.csv, written by `ringscope analyze --cases`) and the
generated world's answer key (WORLD/truth/rings.csv), and writes outcomes.csv (DATASET.md's
format) for a seeded share of the run's rings that hold a case: `confirmed` when at least half of
the ring's sellers belong to one true ring, `unfounded` otherwise (a false lead). The share is
taken of each class separately, so 25 % means 25 % of the true rings and 25 % of the false leads.
One row per labelled ring, naming its first seller (the case store attributes it to the case).

Only benchmarks and the documented demo flow read truth/; the analysis never does.

Usage: outcomes-from-truth.py RUN_FOLDER WORLD --share 0.25 [--seed 1] [--date 2026-06-01] > outcomes.csv
       (also prints, on stderr, the counts and the ring ids withheld, one per line with --withheld FILE)
"""
import argparse
import collections
import csv
import random
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run")
    parser.add_argument("world")
    parser.add_argument("--share", type=float, required=True, help="share of each class to label, 0-1")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--date", default="2026-06-01", help="the outcomes' date, YYYY-MM-DD")
    parser.add_argument("--withheld", help="write the unlabelled rings (ring_id,label) to this CSV")
    args = parser.parse_args()
    if not 0 <= args.share <= 1:
        sys.exit("error: --share must be between 0 and 1")

    true_ring = {}
    with open(f"{args.world}/truth/rings.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            true_ring[row["seller_id"]] = row["ring_id"]
    sellers = collections.defaultdict(list)
    with open(f"{args.run}/ring_members.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["entity_type"] == "seller":
                sellers[row["ring_id"]].append(row["entity_id"])
    rings = []
    with open(f"{args.run}/rings.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if not row.get("case_id"):
                continue
            members = sellers[row["ring_id"]]
            counts = collections.Counter(true_ring[s] for s in members if s in true_ring)
            label = 1 if counts and counts.most_common(1)[0][1] * 2 >= len(members) else 0
            rings.append((row["ring_id"], label, members))
    rings.sort()
    rng = random.Random(args.seed)
    chosen = set()
    for label in (1, 0):
        ids = [r[0] for r in rings if r[1] == label]
        rng.shuffle(ids)
        chosen.update(ids[: round(len(ids) * args.share)])
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["entity_type", "entity_id", "outcome", "date", "arrests", "seized_value", "currency", "sites_shut", "reference"])
    for number, (ring_id, label, members) in enumerate(rings, 1):
        if ring_id in chosen:
            writer.writerow(["seller", sorted(members)[0], "confirmed" if label else "unfounded", args.date, "", "", "", "", f"BENCH-{number:05d}"])
    if args.withheld:
        with open(args.withheld, "w", newline="") as handle:
            out = csv.writer(handle, lineterminator="\n")
            out.writerow(["ring_id", "label"])
            for ring_id, label, _ in rings:
                if ring_id not in chosen:
                    out.writerow([ring_id, label])
    positives = sum(1 for r in rings if r[1] == 1)
    print(f"{len(rings)} rings with a case: {positives} true rings, {len(rings) - positives} false leads; "
          f"labelled {sum(1 for r in rings if r[0] in chosen and r[1] == 1)} confirmed, "
          f"{sum(1 for r in rings if r[0] in chosen and r[1] == 0)} unfounded", file=sys.stderr)


if __name__ == "__main__":
    main()
