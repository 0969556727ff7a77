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
  seller_recall_without_image_only
                    (same worlds) seller recall with the image-only members left out of the
                    denominator: what a run without photos (--no-images) can reach
  traps             (worlds generated with --traps, truth/traps.csv) per trap, its sellers and:
                    for ring traps (ring, pair_ring, large_ring, evidence_free_ring,
                    rotating_payouts, forwarder_ring, hidden_identifier, hidden_image) the
                    recall: share of its sellers in a top-k reported ring matching their own true
                    ring (Jaccard >= 0.5); for honest traps (agent_client, collector_client,
                    forwarder_customer, family_lone_counterfeiter, family_of_lone,
                    lone_counterfeiter) the flagged share: sellers inside any top-k reported ring
                    (the goal is 0). evidence_free_ring also gets ring_recall: its true rings
                    matched by a top-k reported ring. family_lone_counterfeiter and
                    lone_counterfeiter also get reported_lone: the share of its sellers listed in
                    the run's lone_sellers.csv (runs without that file: 0).
Only the scorer reads truth/; the analysis never does.
"""
import csv, json, math, sys
from collections import defaultdict


HONEST_TRAPS = {'agent_client', 'collector_client', 'forwarder_customer', 'family_lone_counterfeiter',
                'family_of_lone', 'lone_counterfeiter'}


def read(path):
    with open(path, newline='', encoding='utf-8-sig') as f:
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
        # Seller recall over the ring sellers a run without photos can see: the members tied to
        # their ring only through text in an image left out of the denominator.
        visible = all_true - {row['seller_id'] for row in hidden_rows if row['tie'] == 'image'}
        hidden['seller_recall_without_image_only'] = len(top_sellers & visible) / len(visible) if visible else 1.0
    traps = {}
    try:
        trap_rows = read(f'{dataset}/truth/traps.csv')
    except FileNotFoundError:
        trap_rows = []
    if trap_rows:
        ring_in_top = {}                     # seller -> the true ring its top-k reported ring matches
        matched_top = set()
        for sellers in top:
            i, j = best_match(sellers)
            if j >= 0.5:
                matched_top.add(i)
                for s in sellers:
                    ring_in_top[s] = i
        try:
            lone = {r['seller_id'] for r in read(f'{run}/lone_sellers.csv')}
        except FileNotFoundError:
            lone = set()
        by_trap = defaultdict(list)
        for row in trap_rows:
            by_trap[row['trap']].append(row)
        for trap, rows_ in by_trap.items():
            sellers = {r['seller_id'] for r in rows_}
            if trap in HONEST_TRAPS:
                flagged = sum(1 for s in sellers if s in top_sellers)
                traps[trap] = {'sellers': len(sellers), 'flagged': flagged / len(sellers)}
                if trap in ('family_lone_counterfeiter', 'lone_counterfeiter'):
                    traps[trap]['reported_lone'] = len(sellers & lone) / len(sellers)
            else:
                own = {r['seller_id']: ring_of_seller[r['seller_id']] for r in rows_}
                found = sum(1 for s, i in own.items() if ring_in_top.get(s) == i)
                entry = {'sellers': len(own), 'recall': found / len(own)}
                groups = set(own.values())
                entry['rings'] = len(groups)
                entry['ring_recall'] = len(groups & matched_top) / len(groups)
                traps[trap] = entry
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
        **({'traps': traps} if traps else {}),
    }


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    result = score(sys.argv[1], sys.argv[2])
    if '--json' in sys.argv:
        print(json.dumps(result))
    else:
        for trap, entry in sorted(result.pop('traps', {}).items()):
            figures = ', '.join(f'{k} {v:.3f}' if isinstance(v, float) else f'{k} {v}' for k, v in entry.items())
            print(f'trap {trap:27} {figures}')
        for key, value in result.items():
            print(f'{key:24} {value:.4f}' if isinstance(value, float) else f'{key:24} {value}')
