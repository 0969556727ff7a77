#!/usr/bin/env python3
"""Why honest sellers sit in reported rings: what ties each one to the ring's true members.

usage: attached.py RUN_DIR DATASET_DIR [--list N]

For every honest seller (in no true ring) inside one of the k top-ranked reported rings (k = true
rings), the entities it shares with the other sellers of that reported ring: the relation by
which it uses each (pays_to, returns_to, registered_at, ships_from, supplied_by, an identifier
kind), the entity's degree in the whole dataset (distinct sellers using it) and how many of
those users are in the reported ring. Prints totals per relation and degree band, per trap of
the honest seller (truth/traps.csv), and the first N attached sellers in full.
A companion of diagnose.py; only reads truth/ to explain; the analysis never does.
"""
import csv, sys
from collections import defaultdict, Counter


def read(path):
    with open(path, newline='', encoding='utf-8-sig') as f:
        return list(csv.DictReader(f))


def band(k):
    for upper in (2, 3, 5, 10, 20, 50, 100, 200):
        if k <= upper:
            return f'≤{upper}'
    return '>200'


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    run, dataset = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[sys.argv.index('--list') + 1]) if '--list' in sys.argv else 20
    truth = defaultdict(set)
    for r in read(f'{dataset}/truth/rings.csv'):
        truth[r['ring_id']].add(r['seller_id'])
    ring_of = {s: t for t, ss in truth.items() for s in ss}
    try:
        trap_of = {r['seller_id']: r['trap'] for r in read(f'{dataset}/truth/traps.csv')}
    except FileNotFoundError:
        trap_of = {}
    seller_of = {r['storefront_id']: r['seller_id'] for r in read(f'{dataset}/storefronts.csv')}
    kind_of_identifier = {}
    folded = {}   # identifier id -> one id per value (roughly as the analysis folds them)
    try:
        first_of_value = {}
        for r in read(f'{dataset}/identifiers.csv'):
            kind_of_identifier[r['identifier_id']] = r['kind']
            value = r['value'].strip().lower()
            if r['kind'] == 'phone':
                digits = ''.join(c for c in value if c.isdigit())
                value = digits[2:] if digits.startswith('86') and len(digits) == 13 else digits
            folded[r['identifier_id']] = first_of_value.setdefault((r['kind'], value), r['identifier_id'])
    except FileNotFoundError:
        pass
    # entity -> {seller: relation label}; a seller's label is its first relation to the entity.
    users = defaultdict(dict)
    for r in read(f'{dataset}/links.csv'):
        relation = r['relation']
        if relation in ('transfers_to', 'located_at'):
            continue
        source = r['source_id']
        target = folded.get(r['target_id'], r['target_id'])
        seller = seller_of.get(source, source)
        label = relation
        if relation in ('uses', 'registered_with'):
            label = 'id:' + kind_of_identifier.get(r['target_id'], '?')
        users[target].setdefault(seller, label)
    # Money: a transfer ties the sellers paid into its two accounts ('transfer'); accounts that
    # exchange money with one third account tie their sellers more weakly ('counterparty'). Hub
    # accounts (over 200 sellers) link nothing, as in the projection.
    payees = {e: set(who) for e, who in users.items() if e.startswith('PA') or any(v == 'pays_to' for v in who.values())}
    partners = defaultdict(set)
    for r in read(f'{dataset}/links.csv'):
        if r['relation'] == 'transfers_to':
            partners[r['source_id']].add(r['target_id'])
            partners[r['target_id']].add(r['source_id'])
    def small(account):
        return len(payees.get(account, ())) <= 200
    for account, others in partners.items():
        if not small(account):
            continue
        for other in others:
            if small(other):
                for seller in payees.get(other, ()):
                    users['transfer:' + account].setdefault(seller, 'transfer')
        group = set()
        for other in others:
            if small(other):
                group |= payees.get(other, set())
        if 2 <= len(group) <= 200:
            for seller in group:
                users['counterparty:' + account].setdefault(seller, 'counterparty')
    for account, sellers in payees.items():
        if small(account) and 'transfer:' + account in users:
            for seller in sellers:
                users['transfer:' + account].setdefault(seller, 'transfer')
    entities_of = defaultdict(set)
    for entity, who in users.items():
        for seller in who:
            entities_of[seller].add(entity)

    ranked = sorted(read(f'{run}/rings.csv'), key=lambda r: int(r['rank']))
    members = defaultdict(set)
    for r in read(f'{run}/ring_members.csv'):
        if r['entity_type'] == 'seller':
            members[r['ring_id']].add(r['entity_id'])
    k = len(truth)
    by_relation = Counter()
    by_band = Counter()
    by_trap = Counter()
    by_ring_kind = Counter()
    shown = 0
    total = 0
    for row in ranked[:k]:
        ring = members[row['ring_id']]
        true_members = [s for s in ring if s in ring_of]
        majority = Counter(ring_of[s] for s in true_members).most_common(1)
        matched = majority and majority[0][1] / len(ring | truth[majority[0][0]]) >= 0.5
        for seller in sorted(ring):
            if seller in ring_of:
                continue
            total += 1
            by_trap[trap_of.get(seller, 'honest')] += 1
            by_ring_kind['true ring (Jaccard ≥ 0.5)' if matched else 'no true ring'] += 1
            ties = []
            for entity in entities_of[seller]:
                others = [s for s in users[entity] if s in ring and s != seller]
                if not others:
                    continue
                relation = users[entity][seller]
                degree = len(users[entity])
                ties.append((relation, entity, degree, len(others) + 1, sum(1 for s in others if s in ring_of)))
                by_relation[relation] += 1
                by_band[(relation, band(degree))] += 1
            if shown < limit:
                shown += 1
                print(f"{row['rank']:>4} {row['ring_id']} ({len(ring)} sellers, {len(true_members)} true, {row['assessment']}) "
                      f"honest {seller} [{trap_of.get(seller, 'honest')}]: "
                      + '; '.join(f'{rel} {e} used by {d} ({inside} in ring, {tr} true)' for rel, e, d, inside, tr in sorted(ties)))
    print(f'\nhonest sellers in the top {k}: {total}')
    print('by the ring they sit in: ' + ', '.join(f'{n} {kind}' for kind, n in by_ring_kind.most_common()))
    print('by trap: ' + ', '.join(f'{n} {t}' for t, n in by_trap.most_common()))
    print('ties by relation (entity shared with the ring): ' + ', '.join(f'{n} {r}' for r, n in by_relation.most_common()))
    print('ties by relation and entity degree (distinct sellers):')
    for (relation, b), n in sorted(by_band.items()):
        print(f'  {relation:18} {b:>5} {n}')


if __name__ == '__main__':
    main()
