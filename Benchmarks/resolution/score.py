#!/usr/bin/env python3
"""Pairwise precision and recall of address merges against a dataset's truth.

usage: score.py MERGES_CSV DATASET_DIR [--json] [--poi-labels]

MERGES_CSV is `ringscope resolve DATASET_DIR --csv` (address_id, merged_with, ...) or the Splink
peer's output. Merges are closed transitively (clusters); two addresses are predicted one place
when they end up in one cluster.

- With DATASET_DIR/truth/address_pairs.csv (address_id, other_id, same_place, written_alike:
  labelled pairs of real data), precision and recall are counted over those labelled pairs only.
  A pair labelled "not the same point of interest" whose two texts are written alike (same words
  and numbers, see real_data.py) is two businesses at one address: it is left out unless
  --poi-labels is given.
- Otherwise the true pairs are all pairs of addresses with one place_id in truth/addresses.csv,
  and every predicted pair is scored; when that file has a `scored` column, only pairs with at
  least one scored address count (pairs of distractors nobody labelled are left out).
"""
import csv, json, sys
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

try:
    labelled = list(csv.DictReader(open(f'{dataset}/truth/address_pairs.csv', newline='', encoding='utf-8')))
    if '--poi-labels' not in sys.argv:
        labelled = [row for row in labelled if not (row['same_place'] == '0' and row.get('written_alike') == '1')]
except FileNotFoundError:
    labelled = None
if labelled is not None:
    true_pairs = sum(1 for row in labelled if row['same_place'] == '1')
    predicted = [row for row in labelled if find(row['address_id']) == find(row['other_id'])]
    predicted_pairs = len(predicted)
    hits = sum(1 for row in predicted if row['same_place'] == '1')
else:
    truth_rows = list(csv.DictReader(open(f'{dataset}/truth/addresses.csv', newline='', encoding='utf-8')))
    scored = {row['address_id'] for row in truth_rows if row.get('scored', '1') == '1'}
    place = {row['address_id']: row['place_id'] for row in truth_rows}
    clusters = defaultdict(list)
    for x in list(parent):
        clusters[find(x)].append(x)
    predicted_set = {tuple(sorted(p)) for c in clusters.values() for p in combinations(c, 2) if p[0] in scored or p[1] in scored}
    places = defaultdict(list)
    for address, p in place.items():
        places[p].append(address)
    truth = {tuple(sorted(p)) for c in places.values() for p in combinations(c, 2) if p[0] in scored or p[1] in scored}
    true_pairs, predicted_pairs, hits = len(truth), len(predicted_set), len(predicted_set & truth)
precision = hits / predicted_pairs if predicted_pairs else 1.0
recall = hits / true_pairs if true_pairs else 1.0
if '--json' in sys.argv:
    print(json.dumps({"true_pairs": true_pairs, "predicted_pairs": predicted_pairs, "correct": hits, "precision": precision, "recall": recall}))
else:
    print(f"true pairs {true_pairs}  predicted pairs {predicted_pairs}  correct {hits}")
    print(f"precision {precision:.4f}  recall {recall:.4f}")
