#!/usr/bin/env python3
"""Prints run.sh's results as one table: RingScope and Splink side by side per dataset, real
data first, with the ratio of their F1 scores and of their wall times.

usage: table.py RESULTS_TSV [--markdown FILE]

RESULTS_TSV rows: kind, dataset, addresses, tool, seconds, peak RSS MB, score.py --json.
"""
import json, sys
from collections import OrderedDict

rows = OrderedDict()
for line in open(sys.argv[1], encoding="utf-8"):
    kind, name, addresses, tool, seconds, rss, score = line.rstrip("\n").split("\t", 6)
    rows.setdefault((kind, name, addresses), {})[tool] = (float(seconds), int(rss), json.loads(score))


def f1(score):
    p, r = score["precision"], score["recall"]
    return 2 * p * r / (p + r) if p + r else 0.0


header = ["data", "dataset", "addresses", "true pairs", "RingScope P", "R", "s", "MB", "Splink P", "R", "s", "MB",
          "F1 ratio", "time ratio"]
lines = []
for (kind, name, addresses), tools in sorted(rows.items(), key=lambda item: (item[0][0] != "real", item[0][1])):
    ours, peer = tools.get("ringscope"), tools.get("splink")
    true_pairs = (ours or peer)[2]["true_pairs"]
    cells = [kind, name, f"{int(addresses):,}", f"{true_pairs:,}"]
    for entry in (ours, peer):
        if entry:
            seconds, rss, score = entry
            cells += [f"{score['precision']:.4f}", f"{score['recall']:.4f}", f"{seconds:.1f}", f"{rss:,}"]
        else:
            cells += ["–", "–", "–", "–"]
    if ours and peer:
        cells += [f"{f1(ours[2]) / f1(peer[2]):.2f}" if f1(peer[2]) else "–", f"{peer[0] / ours[0]:.1f}×" if ours[0] else "–"]
    else:
        cells += ["–", "–"]
    lines.append(cells)

widths = [max(len(str(row[i])) for row in [header] + lines) for i in range(len(header))]
print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
for row in lines:
    print("  ".join(str(c).rjust(w) if i >= 2 else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths))))
print("F1 ratio: RingScope's F1 over Splink's (above 1: RingScope better); time ratio: Splink's seconds over RingScope's.")
if "--markdown" in sys.argv:
    with open(sys.argv[sys.argv.index("--markdown") + 1], "w", encoding="utf-8") as f:
        f.write("| " + " | ".join(header) + " |\n| " + " | ".join("---" if i < 2 else "---:" for i in range(len(header))) + " |\n")
        for row in lines:
            f.write("| " + " | ".join(str(c) for c in row) + " |\n")
