#!/usr/bin/env python3
"""The peer pipeline: counterfeit rings the way a competent analyst would find them with
python-igraph and leidenalg, written to the same run format as `ringscope analyze` so that
score.py scores both.

usage: peer_pipeline.py DATASET_DIR OUT_DIR [--seed N] [--hub-cut N]

1. Load the dataset's CSVs (csv module, columns by header name, DATASET.md).
2. Give every seller the set of entities it uses: the payout accounts, ship-from and return
   addresses and factories of its storefronts, its registration address, and the accounts one
   money transfer away from its payout accounts (so that sellers paid into accounts that feed
   the same collector account, or that pay each other, share that account), and (v2) the
   identifiers its storefronts use and it registered with, folded as an analyst would: phones
   to their last 11 digits (the national number without +86 / 0086 / a leading 0), e-mails and
   other values lower-cased without spaces.
3. Drop entities used by more than --hub-cut sellers as hubs (logistics warehouses, escrow
   pools, OEMs): a plain degree cut, the cut an analyst reaches for first.
4. Project onto sellers: two sellers gain log(N / df) for every non-hub entity they share
   (N sellers, df the sellers that use the entity; inverse-document-frequency weighting).
5. Leiden, modularity objective (leidenalg.ModularityVertexPartition), fixed seed.
6. Every community of at least 2 sellers is a candidate ring, ranked by its evidence: the
   evidence on its sellers and storefronts and on the non-hub accounts, addresses and
   factories that two or more of its sellers share. Confirmed fakes and seizures weigh most,
   genuine test purchases count against.
7. Factories are ranked by the evidence of the rings they supply, each ring counted with the
   share of the factory's storefronts that belong to it (an OEM that supplies thousands of
   honest storefronts and a few ring ones gets a small share), plus evidence on the factory.

Never reads truth/. Progress and stage timings go to stderr.
"""
import argparse
import csv
import hashlib
import math
import os
import sys
import time
from collections import defaultdict

import igraph as ig
import leidenalg as la
import numpy as np

EVIDENCE_WEIGHT = {
    'test_purchase_fake': 10.0,
    'seizure': 8.0,
    'takedown': 2.0,
    'brand_complaint': 1.0,
    'price_anomaly': 0.5,
    'keyword_match': 0.5,
    'test_purchase_genuine': -8.0,
}

T0 = time.time()


def log(message):
    print(f'[peer {time.time() - T0:7.1f}s] {message}', file=sys.stderr, flush=True)


def rows(dataset, name):
    """Rows of one CSV as dicts, or nothing if the optional file is absent."""
    path = os.path.join(dataset, name)
    if not os.path.exists(path):
        return
    with open(path, newline='', encoding='utf-8-sig') as f:   # -sig: exports may start with a BOM
        yield from csv.DictReader(f)


def identifier_key(kind, value):
    """One identifier however it is written: what an analyst's normalisation would fold."""
    if kind == 'phone':
        digits = ''.join(c for c in value if c.isdigit())
        return 'phone:' + digits[-11:].lstrip('0')
    return kind + ':' + ''.join(value.split()).lower()


class Ids:
    """Interns the id strings of one entity kind into dense integers."""

    def __init__(self):
        self.index = {}
        self.names = []

    def __call__(self, name):
        i = self.index.get(name)
        if i is None:
            i = len(self.names)
            self.index[name] = i
            self.names.append(name)
        return i

    def __len__(self):
        return len(self.names)


def load(dataset):
    sellers, storefronts, accounts, addresses, factories = Ids(), Ids(), Ids(), Ids(), Ids()
    seller_of = []                       # storefront index -> seller index
    for r in rows(dataset, 'sellers.csv'):
        sellers(r['seller_id'])
    for r in rows(dataset, 'storefronts.csv'):
        storefronts(r['storefront_id'])
        seller_of.append(sellers(r['seller_id']))
    factory_info = {}
    for r in rows(dataset, 'factories.csv'):
        factory_info[factories(r['factory_id'])] = r
    for r in rows(dataset, 'payment_accounts.csv'):
        accounts(r['account_id'])
    for r in rows(dataset, 'addresses.csv'):
        addresses(r['address_id'])
    identifiers = Ids()                   # folded identifier keys
    identifier_of = {}                    # identifier_id -> folded index
    for r in rows(dataset, 'identifiers.csv'):
        identifier_of[r['identifier_id']] = identifiers(identifier_key(r['kind'], r['value']))
    log(f'entities: {len(sellers)} sellers, {len(storefronts)} storefronts')

    # relation -> (list, source table, target table); a row whose source is unknown is skipped.
    links = {name: [] for name in ('pays', 'ships', 'returns', 'registered', 'supplied', 'transfers', 'sf_uses', 'seller_uses')}
    kinds = {'pays_to': ('pays', storefronts, accounts), 'ships_from': ('ships', storefronts, addresses),
             'returns_to': ('returns', storefronts, addresses), 'registered_at': ('registered', sellers, addresses),
             'supplied_by': ('supplied', storefronts, factories)}
    for r in rows(dataset, 'links.csv'):
        relation, source, target = r['relation'], r['source_id'], r['target_id']
        if relation == 'transfers_to':
            links['transfers'].append((accounts(source), accounts(target)))
        elif relation in ('uses', 'registered_with'):
            sources = storefronts if relation == 'uses' else sellers
            s, t = sources.index.get(source), identifier_of.get(target)
            if s is not None and t is not None:
                links['sf_uses' if relation == 'uses' else 'seller_uses'].append((s, t))
        elif relation in kinds:
            name, sources, targets = kinds[relation]
            s = sources.index.get(source)
            if s is not None:
                links[name].append((s, targets(target)))
    pays, ships, returns, registered, supplied, transfers = (links[name] for name in
        ('pays', 'ships', 'returns', 'registered', 'supplied', 'transfers'))
    log(f'links: {len(pays)} pays_to, {len(ships)} ships_from, {len(returns)} returns_to, '
        f'{len(registered)} registered_at, {len(supplied)} supplied_by, {len(transfers)} transfers_to, '
        f"{len(links['sf_uses']) + len(links['seller_uses'])} identifier uses of {len(identifiers)} folded identifiers")

    evidence = []                        # (entity_type, index, kind, brand)
    lookup = {'seller': sellers, 'storefront': storefronts, 'payment_account': accounts,
              'address': addresses, 'factory': factories}
    for r in rows(dataset, 'evidence.csv'):
        table = lookup.get(r['entity_type'])
        if table is None or r['kind'] not in EVIDENCE_WEIGHT:
            continue
        i = table.index.get(r['entity_id'])
        if i is not None:
            evidence.append((r['entity_type'], i, r['kind'], r.get('brand') or ''))
    log(f'evidence: {len(evidence)} rows')
    return dict(sellers=sellers, storefronts=storefronts, accounts=accounts, addresses=addresses,
                factories=factories, factory_info=factory_info, seller_of=np.array(seller_of, dtype=np.int64),
                pays=pays, ships=ships, returns=returns, registered=registered, supplied=supplied,
                transfers=transfers, evidence=evidence, identifiers=identifiers,
                sf_uses=links['sf_uses'], seller_uses=links['seller_uses'])


def pairs_array(pairs):
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def unique_incidence(entity, seller):
    """Deduplicated (entity, seller) incidence, sorted by entity then seller."""
    key = np.unique(entity * (1 << 32) + seller)
    return key >> 32, key & 0xFFFFFFFF


def incidence(d, hub_cut):
    """Which seller uses which entity: sorted, deduplicated (entity key, seller) arrays."""
    A, D = len(d['accounts']), len(d['addresses'])
    seller_of = d['seller_of']
    # Entity key space: accounts [0, A), addresses [A, A + D), factories [A + D, ...).
    parts_e, parts_s = [], []
    pays = pairs_array(d['pays'])
    pay_e, pay_s = unique_incidence(pays[:, 1], seller_of[pays[:, 0]])
    for rel in ('ships', 'returns'):
        p = pairs_array(d[rel])
        parts_e.append(A + p[:, 1]); parts_s.append(seller_of[p[:, 0]])
    p = pairs_array(d['registered'])
    parts_e.append(A + p[:, 1]); parts_s.append(p[:, 0])
    p = pairs_array(d['supplied'])
    parts_e.append(A + D + p[:, 1]); parts_s.append(seller_of[p[:, 0]])
    # Identifiers, after factories: [A + D + F, ...).
    I0 = A + D + len(d['factories'])
    p = pairs_array(d['sf_uses'])
    parts_e.append(I0 + p[:, 1]); parts_s.append(seller_of[p[:, 0]])
    p = pairs_array(d['seller_uses'])
    parts_e.append(I0 + p[:, 1]); parts_s.append(p[:, 0])

    # Money: a seller also uses every account one transfer away from its payout accounts,
    # unless the payout account is itself a hub (an escrow pool pays thousands).
    payout_df = np.bincount(pay_e, minlength=A)
    t = pairs_array(d['transfers'])
    if len(t):
        both = np.concatenate([t, t[:, ::-1]])                  # (from, to) both directions
        both = both[payout_df[both[:, 0]] <= hub_cut]
        order = np.argsort(pay_e, kind='stable')
        starts = np.searchsorted(pay_e, np.arange(A + 1))
        counts = starts[1:] - starts[:-1]
        c = counts[both[:, 0]]
        rep_from = np.repeat(np.arange(len(both)), c)
        offs = np.arange(c.sum()) - np.repeat(np.cumsum(c) - c, c)
        seller_idx = pay_s[order[starts[both[rep_from, 0]] + offs]]
        parts_e.append(both[rep_from, 1]); parts_s.append(seller_idx)
    parts_e.append(pay_e); parts_s.append(pay_s)
    ent, sel = unique_incidence(np.concatenate(parts_e), np.concatenate(parts_s))
    df = np.bincount(ent, minlength=A + D + len(d['factories']) + len(d['identifiers']))
    return ent, sel, df


def project(n, ent, sel, df, hub):
    """The seller-seller projection: (u, v, weight), log(n / df) per shared non-hub entity."""

    keep = (~hub[ent]) & (df[ent] >= 2)
    ke, ks = ent[keep], sel[keep]
    starts = np.flatnonzero(np.r_[True, ke[1:] != ke[:-1]])
    sizes = np.diff(np.r_[starts, len(ke)])
    us, vs, ws = [], [], []
    total_pairs = 0
    for k in np.unique(sizes):
        group = starts[sizes == k]
        members = ks[group[:, None] + np.arange(k)]          # (entities, k), sellers sorted
        iu, ju = np.triu_indices(k, 1)
        w = np.log(n / k)
        us.append(members[:, iu].ravel()); vs.append(members[:, ju].ravel())
        ws.append(np.full(len(group) * len(iu), w))
        total_pairs += len(group) * len(iu)
    u, v, w = np.concatenate(us), np.concatenate(vs), np.concatenate(ws)
    key = u * n + v
    order = np.argsort(key, kind='stable')
    key, w = key[order], w[order]
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    weight = np.add.reduceat(w, first)
    key = key[first]
    log(f'projection: {total_pairs} co-use pairs -> {len(key)} weighted seller edges')
    return key // n, key % n, weight


def communities(n, u, v, w, seed):
    nodes = np.unique(np.concatenate([u, v]))
    local = np.full(n, -1, dtype=np.int64)
    local[nodes] = np.arange(len(nodes))
    g = ig.Graph(n=len(nodes), edges=np.column_stack([local[u], local[v]]).tolist())
    g.es['weight'] = w.tolist()
    log(f'graph: {g.vcount()} linked sellers, {g.ecount()} edges')
    partition = la.find_partition(g, la.ModularityVertexPartition, weights='weight', seed=seed)
    log(f'leiden: {len(partition)} communities, quality {partition.quality():.1f}')
    membership = np.full(n, -1, dtype=np.int64)
    membership[nodes] = np.array(partition.membership, dtype=np.int64)
    return membership


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('dataset')
    parser.add_argument('out')
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--hub-cut', type=int, default=200,
                        help='entities used by more sellers than this are hubs (default 200)')
    args = parser.parse_args()

    d = load(args.dataset)
    n = len(d['sellers'])
    A, D, F = len(d['accounts']), len(d['addresses']), len(d['factories'])
    ent, sel, df = incidence(d, args.hub_cut)
    hub = df > args.hub_cut
    log(f'incidence: {len(ent)} (entity, seller) pairs; {int(hub.sum())} hubs dropped (df > {args.hub_cut}), '
        f'largest df {int(df.max()) if len(df) else 0}')
    u, v, w = project(n, ent, sel, df, hub)
    membership = communities(n, u, v, w, args.seed)

    # Communities of >= 2 sellers.
    members = defaultdict(list)
    for s in np.flatnonzero(membership >= 0):
        members[int(membership[s])].append(int(s))
    rings = {c: m for c, m in members.items() if len(m) >= 2}
    ring_of = np.full(n, -1, dtype=np.int64)
    for c, m in rings.items():
        ring_of[m] = c

    # Storefronts per seller.
    seller_of = d['seller_of']
    storefronts_of = defaultdict(list)
    for sf in np.flatnonzero(ring_of[seller_of] >= 0):
        storefronts_of[int(seller_of[sf])].append(int(sf))

    # Bound entities: non-hub entities that two or more of a ring's sellers use.
    in_ring = ring_of[sel] >= 0
    pe, pr = ent[in_ring & ~hub[ent]], ring_of[sel[in_ring & ~hub[ent]]]
    key, cnt = np.unique(pe * (1 << 32) + pr, return_counts=True)
    bound = defaultdict(list)                       # ring -> [entity key]
    for k in key[cnt >= 2]:
        bound[int(k & 0xFFFFFFFF)].append(int(k >> 32))
    bound_rings = defaultdict(list)                 # entity key -> rings it binds
    for c, es in bound.items():
        for e in es:
            bound_rings[e].append(c)

    # Evidence.
    sf_evidence = defaultdict(list)
    seller_evidence = defaultdict(list)
    entity_evidence = defaultdict(list)
    offset = {'payment_account': 0, 'address': A, 'factory': A + D}
    for etype, i, kind, brand in d['evidence']:
        if etype == 'storefront':
            sf_evidence[i].append((kind, brand))
        elif etype == 'seller':
            seller_evidence[i].append((kind, brand))
        else:
            entity_evidence[offset[etype] + i].append((kind, brand))

    ring_rows = []
    for c, m in rings.items():
        items = []
        sfs = [sf for s in m for sf in storefronts_of[s]]
        for s in m:
            items += seller_evidence[s]
        for sf in sfs:
            items += sf_evidence[sf]
        for e in bound[c]:
            items += entity_evidence[e]
        score = sum(EVIDENCE_WEIGHT[k] for k, _ in items)
        fakes = sum(1 for k, _ in items if k == 'test_purchase_fake')
        seizures = sum(1 for k, _ in items if k == 'seizure')
        genuine = sum(1 for k, _ in items if k == 'test_purchase_genuine')
        brands = sorted({b for k, b in items if k in ('test_purchase_fake', 'seizure') and b})
        ids = sorted(d['sellers'].names[s] for s in m)
        ring_id = 'P-' + hashlib.sha256('\n'.join(ids).encode()).hexdigest()[:8]
        es = bound[c]
        n_acc = sum(1 for e in es if e < A)
        n_addr = sum(1 for e in es if A <= e < A + D)
        n_fac = sum(1 for e in es if A + D <= e < A + D + F)
        ring_rows.append(dict(c=c, ring_id=ring_id, score=score, sellers=len(m), storefronts=len(sfs),
                              payment_accounts=n_acc, addresses=n_addr, factories=n_fac,
                              confirmed_fakes=fakes, seizures=seizures, genuine=genuine, brands=brands))
    ring_rows.sort(key=lambda r: (-r['score'], -r['sellers'], r['ring_id']))
    ring_by_c = {r['c']: r for r in ring_rows}

    # Factories: each supplied ring's evidence times the share of the factory's storefronts in it.
    supplied = pairs_array(d['supplied'])
    factory_total = np.bincount(supplied[:, 1], minlength=len(d['factories']))
    sf_ring = ring_of[seller_of[supplied[:, 0]]]
    sel_mask = sf_ring >= 0
    fk, fcount = np.unique(supplied[sel_mask, 1] * (1 << 32) + sf_ring[sel_mask], return_counts=True)
    factory_score = defaultdict(float)
    factory_rings = defaultdict(list)
    factory_ring_sf = defaultdict(int)
    for k, cnt in zip(fk.tolist(), fcount.tolist()):
        f, c = k >> 32, k & 0xFFFFFFFF
        r = ring_by_c[c]
        factory_ring_sf[f] += cnt
        if r['score'] > 0:
            factory_score[f] += r['score'] * cnt / factory_total[f]
            factory_rings[f].append(r['ring_id'])
    factory_fakes = defaultdict(int)
    for f in range(len(d['factories'])):
        own = entity_evidence.get(A + D + f)
        if own:
            factory_score[f] += sum(EVIDENCE_WEIGHT[k] for k, _ in own)
            factory_fakes[f] += sum(1 for k, _ in own if k in ('test_purchase_fake', 'seizure'))
    factory_rows = sorted(((s, d['factories'].names[f], f) for f, s in factory_score.items() if s > 0),
                          key=lambda x: (-x[0], x[1]))

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'rings.csv'), 'w', newline='', encoding='utf-8') as f:
        out = csv.writer(f)
        out.writerow(['ring_id', 'rank', 'score', 'sellers', 'storefronts', 'payment_accounts', 'addresses',
                      'factories', 'confirmed_fakes', 'brands', 'summary'])
        for rank, r in enumerate(ring_rows, 1):
            summary = (f"{r['sellers']} sellers, {r['storefronts']} storefronts share {r['payment_accounts']} "
                       f"accounts, {r['addresses']} addresses, {r['factories']} factories; "
                       f"{r['confirmed_fakes']} confirmed fakes, {r['seizures']} seizures, {r['genuine']} genuine")
            out.writerow([r['ring_id'], rank, f"{r['score']:.1f}", r['sellers'], r['storefronts'],
                          r['payment_accounts'], r['addresses'], r['factories'], r['confirmed_fakes'],
                          '; '.join(r['brands']), summary])
    with open(os.path.join(args.out, 'ring_members.csv'), 'w', newline='', encoding='utf-8') as f:
        out = csv.writer(f)
        out.writerow(['ring_id', 'entity_type', 'entity_id', 'role'])
        for r in ring_rows:
            m = sorted(rings[r['c']], key=lambda s: d['sellers'].names[s])
            for s in m:
                out.writerow([r['ring_id'], 'seller', d['sellers'].names[s], 'seller'])
            for s in m:
                for sf in storefronts_of[s]:
                    out.writerow([r['ring_id'], 'storefront', d['storefronts'].names[sf], 'storefront'])
            for e in sorted(bound[r['c']]):
                if e < A:
                    out.writerow([r['ring_id'], 'payment_account', d['accounts'].names[e], 'shared_payment_account'])
                elif e < A + D:
                    out.writerow([r['ring_id'], 'address', d['addresses'].names[e - A], 'shared_address'])
                elif e < A + D + F:
                    out.writerow([r['ring_id'], 'factory', d['factories'].names[e - A - D], 'shared_factory'])
    with open(os.path.join(args.out, 'factories.csv'), 'w', newline='', encoding='utf-8') as f:
        out = csv.writer(f)
        out.writerow(['rank', 'factory_id', 'name', 'score', 'rings', 'storefronts', 'confirmed_fakes',
                      'city', 'province', 'lat', 'lon', 'reasons'])
        for rank, (score, name, fi) in enumerate(factory_rows, 1):
            info = d['factory_info'].get(fi, {})
            reasons = (f"supplies {len(factory_rings[fi])} evidenced communities; {factory_ring_sf[fi]} of its "
                       f"{int(factory_total[fi])} supplied storefronts are in communities")
            out.writerow([rank, name, info.get('name', ''), f'{score:.2f}', len(factory_rings[fi]),
                          int(factory_total[fi]), factory_fakes[fi], info.get('city', ''),
                          info.get('province', ''), info.get('lat', ''), info.get('lon', ''), reasons])
    log(f'wrote {len(ring_rows)} candidate rings and {len(factory_rows)} factories to {args.out}')


if __name__ == '__main__':
    main()
