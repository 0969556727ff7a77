#!/usr/bin/env python3
"""Who the honest sellers in the top-k reported rings are, by trap (worlds made with --traps).

usage: trap_members.py RUN_DIR DATASET_DIR

Prints the count of honest sellers (not in truth/rings.csv) inside the k top-ranked reported
rings (k = true rings), by the traps truth/traps.csv gives them ('plain' = none), then one line
per top-k ring holding honest sellers: rank, assessment, score, sellers, honest sellers, the true
rings it holds (sellers per ring) and its honest sellers by trap. Reads truth/: a scorer's tool.
"""
import csv, sys
from collections import defaultdict, Counter
if len(sys.argv) < 3:
    sys.exit(__doc__)
run, world = sys.argv[1], sys.argv[2]
def read(p): return list(csv.DictReader(open(p, encoding='utf-8-sig')))
truth = {r['seller_id']: r['ring_id'] for r in read(f'{world}/truth/rings.csv')}
traps = defaultdict(set)
for r in read(f'{world}/truth/traps.csv'): traps[r['seller_id']].add(r['trap'])
rings = sorted(read(f'{run}/rings.csv'), key=lambda r: int(r['rank']))
members = defaultdict(list)
for r in read(f'{run}/ring_members.csv'):
    if r['entity_type'] == 'seller': members[r['ring_id']].append(r['entity_id'])
k = len(set(truth.values()))
honest = Counter(); perring = []
for r in rings[:k]:
    m = members[r['ring_id']]
    h = [s for s in m if s not in truth]
    for s in h: honest[','.join(sorted(traps[s])) or 'plain'] += 1
    tr = Counter(truth[s] for s in m if s in truth)
    if h: perring.append((r['rank'], r['assessment'], r['score'], len(m), len(h), dict(tr), Counter(','.join(sorted(traps[s])) or 'plain' for s in h)))
print('honest sellers in top k by trap:', honest)
for p in perring: print(p)
