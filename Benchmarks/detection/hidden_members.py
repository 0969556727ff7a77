#!/usr/bin/env python3
"""Why each ring member tied to its ring only through an identifier or a photo is found or missed.

usage: hidden_members.py RUN_DIR DATASET_DIR [--tie image|identifier]

For every row of truth/hidden_members.csv (a companion of score.py and diagnose.py): the
member's true ring and its size; the reported ring holding the member, its rank and its seller
Jaccard with the true ring; the reported ring that best matches the true ring and its rank
(k = the number of true rings); the photos of the member's storefronts with what they print
(truth/images.csv); and whether the run linked the member to what the photo shows (an
identifier among the member's ring's entities in ring_members.csv).

The cause given for a miss:
  not linked   the member is in no reported ring, or in one other than its ring's best match
               (nothing read, a misreading, or a link too weak to join the group)
  ranked out   the member sits in its ring's best match, but that ring ranks below k
  split        the member's ring's best match holds it but has Jaccard < 0.5 with the ring
Only reads truth/ to explain; the analysis never does.
"""
import sys
from collections import Counter, defaultdict

from diagnose import read  # the same CSV reading as its companion


def main():
    arguments = sys.argv[1:]
    if len(arguments) < 2:
        sys.exit(__doc__)
    run, dataset = arguments[:2]
    only = arguments[arguments.index('--tie') + 1] if '--tie' in arguments else None
    truth = defaultdict(set)
    for row in read(f'{dataset}/truth/rings.csv'):
        truth[row['ring_id']].add(row['seller_id'])
    k = len(truth)
    rank_of = {r['ring_id']: int(r['rank']) for r in read(f'{run}/rings.csv')}
    members = defaultdict(set)
    entities = defaultdict(set)
    for r in read(f'{run}/ring_members.csv'):
        if r['entity_type'] == 'seller':
            members[r['ring_id']].add(r['entity_id'])
        else:
            entities[r['ring_id']].add(r['entity_id'])
    reported_of = {s: rid for rid, ss in members.items() for s in ss}
    seller_of = {r['storefront_id']: r['seller_id'] for r in read(f'{dataset}/storefronts.csv')}
    images_of = defaultdict(list)
    for r in read(f'{dataset}/truth/images.csv'):
        shown = ' '.join(v for v in (r['phones'], r['wechat_ids'], r['emails'], r['qq']) if v)
        images_of[seller_of.get(r['storefront_id'])].append(f"{r['file']} ({shown or 'no id'})")

    def best_match(sellers):
        """The reported ring sharing the most of `sellers` by Jaccard, and that Jaccard."""
        pieces = Counter(reported_of[s] for s in sellers if s in reported_of)
        jaccard, ring = max(((n / (len(sellers) + len(members[rid]) - n), rid) for rid, n in pieces.items()), default=(0.0, None))
        return ring, jaccard

    causes = Counter()
    for row in read(f'{dataset}/truth/hidden_members.csv'):
        if only and row['tie'] != only:
            continue
        seller, ring = row['seller_id'], row['ring_id']
        sellers = truth[ring]
        best, best_j = best_match(sellers)
        holder = reported_of.get(seller)
        if holder is not None and holder == best and best_j >= 0.5 and rank_of[best] <= k:
            cause = 'found'
        elif holder is None or holder != best:
            cause = 'not linked'
        elif best_j < 0.5:
            cause = 'split'
        else:
            cause = 'ranked out'
        causes[(row['tie'], cause)] += 1
        image_ids = sorted(e for e in entities.get(holder, ()) if e.startswith('img-')) if holder else []
        print(f"{row['tie']:10} {seller} ring {ring} ({len(sellers)} sellers): {cause}; "
              f"in {holder or '-'} (rank {rank_of.get(holder, '-')}); ring's best {best or '-'} "
              f"(rank {rank_of.get(best, '-')}, J={best_j:.2f}); photos: {'; '.join(images_of.get(seller, [])) or '-'}"
              + (f"; read ids in its group: {' '.join(image_ids)}" if image_ids else ''))
    print(f'k = {k}; ' + ', '.join(f'{tie} {cause}: {n}' for (tie, cause), n in sorted(causes.items())))


if __name__ == '__main__':
    main()
