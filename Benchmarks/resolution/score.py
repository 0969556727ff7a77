#!/usr/bin/env python3
"""Pairwise precision and recall of address merges against a generated world's truth/addresses.csv.

usage: score.py MERGES_CSV DATASET_DIR

MERGES_CSV is `ringscope resolve DATASET_DIR --csv` (address_id, merged_with, ...). Merges are
closed transitively (clusters), then every pair inside a cluster is a predicted pair; true pairs
are the pairs of addresses with the same place_id in truth/addresses.csv.
"""
import csv, sys
from collections import defaultdict
from itertools import combinations

merges, dataset = sys.argv[1], sys.argv[2]
parent = {}
def find(x):
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x
for row in csv.DictReader(open(merges, newline='', encoding='utf-8')):
    a, b = find(row['address_id']), find(row['merged_with'])
    if a != b:
        parent[max(a, b)] = min(a, b)
clusters = defaultdict(list)
for x in list(parent):
    clusters[find(x)].append(x)
predicted = {tuple(sorted(p)) for c in clusters.values() for p in combinations(c, 2)}
places = defaultdict(list)
for row in csv.DictReader(open(f'{dataset}/truth/addresses.csv', newline='', encoding='utf-8')):
    places[row['place_id']].append(row['address_id'])
truth = {tuple(sorted(p)) for c in places.values() for p in combinations(c, 2)}
hits = len(predicted & truth)
print(f"true pairs {len(truth)}  predicted pairs {len(predicted)}  correct {hits}")
print(f"precision {hits / len(predicted) if predicted else 1.0:.4f}  recall {hits / len(truth) if truth else 1.0:.4f}")
