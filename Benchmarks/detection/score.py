#!/usr/bin/env python3
"""Scores a RingScope run (or a peer's run in the same format) against a generated world's truth/.

usage: score.py RUN_DIR DATASET_DIR [--json]

RUN_DIR holds rings.csv (ring_id, rank, ...) and ring_members.csv (ring_id, entity_type,
entity_id, role), and factories.csv (rank, factory_id, ...). DATASET_DIR holds truth/rings.csv
(ring_id, seller_id) and truth/factories.csv (factory_id, ring_storefront_weight; 0 = legitimate).

Figures (the Investigation issue's definitions):
  ring_recall       share of true rings matched by some reported ring with seller Jaccard >= 0.5
  ring_precision@k  share of the k top-ranked reported rings that match a true ring (k = true rings)
  seller_precision  share of the sellers in the top-k rings that belong to some true ring
  seller_recall     share of true ring sellers that are in the top-k rings
  factory_p@k       share of the k top-ranked factories that are counterfeit (k = counterfeit factories)
  factory_ndcg@k    NDCG@k with gain = ring_storefront_weight
  hidden_recall_identifier, hidden_recall_image
                    (worlds with truth/hidden_members.csv) share of the ring members tied to their
                    ring only through an identifier / only through an image that are in a top-k
                    reported ring matching their own true ring (Jaccard >= 0.5)
Only the scorer reads truth/; the analysis never does.
"""
import csv, json, math, sys
from collections import defaultdict


def read(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def score(run, dataset):
    truth = defaultdict(set)
    for row in read(f'{dataset}/truth/rings.csv'):
        truth[row['ring_id']].add(row['seller_id'])
    true_rings = list(truth.values())
    ring_of_seller = {s: i for i, ring in enumerate(true_rings) for s in ring}
    ranked = sorted(read(f'{run}/rings.csv'), key=lambda r: int(r['rank']))
    members = defaultdict(set)
    for row in read(f'{run}/ring_members.csv'):
        if row['entity_type'] == 'seller':
            members[row['ring_id']].add(row['seller_id'] if 'seller_id' in row else row['entity_id'])
    reported = [members[r['ring_id']] for r in ranked]

    def best_match(sellers):
        """Index and Jaccard of the true ring that best matches a reported seller set."""
        overlap = defaultdict(int)
        for s in sellers:
            if s in ring_of_seller:
                overlap[ring_of_seller[s]] += 1
        best, best_j = None, 0.0
        for i, n in overlap.items():
            j = n / (len(sellers) + len(true_rings[i]) - n)
            if j > best_j:
                best, best_j = i, j
        return best, best_j

    k = len(true_rings)
    matched_true = set()
    for sellers in reported:
        i, j = best_match(sellers)
        if i is not None and j >= 0.5:
            matched_true.add(i)
    top = reported[:k]
    top_hits = sum(1 for sellers in top if best_match(sellers)[1] >= 0.5)
    top_sellers = set().union(*top) if top else set()
    all_true = set(ring_of_seller)
    fact_truth = {r['factory_id']: float(r['ring_storefront_weight']) for r in read(f'{dataset}/truth/factories.csv')}
    bad = [f for f, w in fact_truth.items() if w > 0]
    kf = len(bad)
    ranked_f = [r['factory_id'] for r in sorted(read(f'{run}/factories.csv'), key=lambda r: int(r['rank']))]
    top_f = ranked_f[:kf]
    dcg = sum(fact_truth.get(f, 0) / math.log2(i + 2) for i, f in enumerate(top_f))
    ideal = sorted((w for w in fact_truth.values() if w > 0), reverse=True)[:kf]
    idcg = sum(w / math.log2(i + 2) for i, w in enumerate(ideal))
    hidden = {}
    try:
        hidden_rows = read(f'{dataset}/truth/hidden_members.csv')
    except FileNotFoundError:
        hidden_rows = []
    if hidden_rows:
        true_index = {ring_id: i for i, ring_id in enumerate(truth)}
        found = defaultdict(int)
        total = defaultdict(int)
        for row in hidden_rows:
            total[row['tie']] += 1
            own = true_index[row['ring_id']]
            if any(row['seller_id'] in sellers and best_match(sellers) == (own, best_match(sellers)[1]) and best_match(sellers)[1] >= 0.5
                   for sellers in top):
                found[row['tie']] += 1
        for tie in ('identifier', 'image'):
            hidden[f'hidden_{tie}_members'] = total[tie]
            hidden[f'hidden_recall_{tie}'] = found[tie] / total[tie] if total[tie] else 1.0
    return {
        'true_rings': k,
        'reported_rings': len(reported),
        'ring_recall': len(matched_true) / k if k else 1.0,
        'ring_precision_at_k': top_hits / min(k, len(top)) if top else 0.0,
        'seller_precision': len(top_sellers & all_true) / len(top_sellers) if top_sellers else 0.0,
        'seller_recall': len(top_sellers & all_true) / len(all_true) if all_true else 1.0,
        'counterfeit_factories': kf,
        'factory_precision_at_k': sum(1 for f in top_f if fact_truth.get(f, 0) > 0) / kf if kf else 1.0,
        'factory_ndcg_at_k': dcg / idcg if idcg else 1.0,
        **hidden,
    }


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    result = score(sys.argv[1], sys.argv[2])
    if '--json' in sys.argv:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f'{key:24} {value:.4f}' if isinstance(value, float) else f'{key:24} {value}')
