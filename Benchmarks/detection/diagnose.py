#!/usr/bin/env python3
"""Explains a run's misses against a generated world's truth/ (a companion of score.py).

usage: diagnose.py RUN_DIR DATASET_DIR [--list N]

For every true ring: the reported ring that best matches it (seller Jaccard), its rank, and
why it fails if it does: `missed` (its sellers are in no reported ring), `split` (its sellers
are spread over several reported rings, none reaching Jaccard 0.5), `merged` (the best
reported ring holds most of it but also other true rings' sellers or honest sellers), or
`ranked out` (matched, but below rank k). For the k top-ranked reported rings: how many are
pure, how many hold several true rings, how many are honest. Then the factories: counterfeit
workshops ranked below k and legitimate factories ranked in the top k.
Only reads truth/ to explain; the analysis never does.
"""
import csv, sys
from collections import defaultdict, Counter


def read(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    run, dataset = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[sys.argv.index('--list') + 1]) if '--list' in sys.argv else 15
    truth = defaultdict(set)
    for r in read(f'{dataset}/truth/rings.csv'):
        truth[r['ring_id']].add(r['seller_id'])
    ring_of = {s: t for t, ss in truth.items() for s in ss}
    ranked = sorted(read(f'{run}/rings.csv'), key=lambda r: int(r['rank']))
    rank_of = {r['ring_id']: int(r['rank']) for r in ranked}
    members = defaultdict(set)
    for r in read(f'{run}/ring_members.csv'):
        if r['entity_type'] == 'seller':
            members[r['ring_id']].add(r['entity_id'])
    reported_of = {s: rid for rid, ss in members.items() for s in ss}
    k = len(truth)

    causes = Counter()
    lines = []
    for t, sellers in sorted(truth.items(), key=lambda x: -len(x[1])):
        pieces = Counter(reported_of.get(s) for s in sellers)
        best, best_j = None, 0.0
        for rid, n in pieces.items():
            if rid is None:
                continue
            j = n / (len(sellers) + len(members[rid]) - n)
            if j > best_j:
                best, best_j = rid, j
        unreported = pieces.get(None, 0)
        if best is None:
            cause = 'missed'
        elif best_j < 0.5:
            inside = pieces[best]
            other = members[best] - sellers
            if inside >= len(sellers) / 2 and len(other) > 0:
                cause = 'merged'
            elif unreported >= len(sellers) / 2:
                cause = 'missed'
            else:
                cause = 'split'
        elif rank_of[best] > k:
            cause = 'ranked out'
        else:
            cause = 'ok'
        causes[cause] += 1
        if cause != 'ok':
            other_rings = Counter(ring_of.get(s, 'honest') for s in members.get(best, ()) if s not in sellers)
            lines.append(f'  {t}: {len(sellers)} sellers, {cause}; best {best} (rank {rank_of.get(best)}, '
                         f'{len(members.get(best, ()))} sellers, J={best_j:.2f}); pieces {len(pieces)}, '
                         f'unreported {unreported}; best also holds {dict(other_rings.most_common(4))}')
    print(f'true rings {k}: ' + ', '.join(f'{c} {n}' for c, n in causes.most_common()))
    for line in lines[:limit]:
        print(line)
    if len(lines) > limit:
        print(f'  ... {len(lines) - limit} more')

    kinds = Counter()
    sizes = defaultdict(list)
    for r in ranked[:k]:
        ss = members[r['ring_id']]
        rings_in = Counter(ring_of[s] for s in ss if s in ring_of)
        honest = sum(1 for s in ss if s not in ring_of)
        if not rings_in:
            kind = 'honest'
        elif len(rings_in) > 1 and sorted(rings_in.values())[-2] >= 2:
            kind = 'several rings'
        elif honest > len(ss) / 2:
            kind = 'mostly honest'
        elif honest:
            kind = 'ring + honest'
        else:
            kind = 'pure'
        kinds[kind] += 1
        sizes[kind].append(len(ss))
    print(f'top {k} reported: ' + ', '.join(f'{c} {n} (median {sorted(sizes[c])[len(sizes[c]) // 2]} sellers)'
                                          for c, n in kinds.most_common()))
    top_sellers = set().union(*(members[r['ring_id']] for r in ranked[:k])) if ranked else set()
    print(f'honest sellers in top {k}: {len(top_sellers - set(ring_of))}; '
          f'ring sellers outside top {k}: {len(set(ring_of) - top_sellers)}')

    fact = {r['factory_id']: float(r['ring_storefront_weight']) for r in read(f'{dataset}/truth/factories.csv')}
    bad = {f for f, w in fact.items() if w > 0}
    ranked_f = [r['factory_id'] for r in sorted(read(f'{run}/factories.csv'), key=lambda r: int(r['rank']))]
    kf = len(bad)
    top = ranked_f[:kf]
    legit_top = [f for f in top if f not in bad]
    position = {f: i + 1 for i, f in enumerate(ranked_f)}
    missing = sorted(bad - set(top), key=lambda f: -fact[f])
    print(f'factories: {kf} counterfeit; {len(legit_top)} legitimate in the top {kf}; '
          f'{sum(1 for f in missing if f not in position)} counterfeit not ranked at all; missing by weight: '
          + ', '.join(f'{f} (w {fact[f]:g}, rank {position.get(f, "-")})' for f in missing[:8]))


if __name__ == '__main__':
    main()
