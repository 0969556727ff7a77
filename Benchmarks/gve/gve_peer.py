#!/usr/bin/env python3
"""Run the GVE-Leiden peer (Benchmarks/gve/build.sh) on one edge list, the file RingScope reads.

usage: gve_peer.py EDGE_LIST --binary GVE_LEIDEN [--threads 2] [--repeat K] [--truth LABELS] [--json]

The edge list is converted once to GRAPH.mtx beside it (nodes numbered 1.. in order of first
appearance, duplicate edges summed, self-loops kept), which GVE-Leiden reads. Modularity is
igraph's on the same graph as the other peers (peer_communities.py), NMI against LABELS;
seconds are GVE-Leiden's own algorithm time (loading excluded), median of K runs.
"""
import argparse, json, os, resource, statistics, subprocess, sys, tempfile

import igraph as ig


def load(path):
    """igraph graph, ids (token -> index) and summed edges, read as peer_communities.py does."""
    ids, summed = {}, {}
    edges, weights = [], []
    with open(path) as fh:
        for line in fh:
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            p = line.split()
            a, b = ids.setdefault(p[0], len(ids)), ids.setdefault(p[1], len(ids))
            w = float(p[2]) if len(p) > 2 else 1.0
            edges.append((a, b))
            weights.append(w)
            key = (a, b) if a <= b else (b, a)
            summed[key] = summed.get(key, 0.0) + w
    g = ig.Graph(n=len(ids), edges=edges)
    g.es['weight'] = weights
    return g, ids, summed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('edges')
    ap.add_argument('--binary', required=True)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--repeat', type=int, default=1)
    ap.add_argument('--truth')
    ap.add_argument('--json', action='store_true')
    a = ap.parse_args()

    g, ids, summed = load(a.edges)
    mtx = a.edges + '.mtx'
    if not os.path.exists(mtx) or os.path.getmtime(mtx) < os.path.getmtime(a.edges):
        with open(mtx + '.part', 'w') as fh:
            fh.write('%%MatrixMarket matrix coordinate real general\n')
            fh.write(f'{len(ids)} {len(ids)} {len(summed)}\n')
            fh.writelines(f'{u + 1} {v + 1} {w:g}\n' for (u, v), w in summed.items())
        os.replace(mtx + '.part', mtx)
    times, membership = [], None
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'membership.txt')
        for _ in range(a.repeat):
            proc = subprocess.run([a.binary, mtx, out, str(a.threads)], capture_output=True, text=True, check=True)
            times.append(json.loads(proc.stdout.strip().splitlines()[-1])['seconds'])
        membership = [0] * len(ids)
        with open(out) as fh:
            for line in fh:
                u, c = line.split()
                if int(u) <= len(ids):
                    membership[int(u) - 1] = int(c)
    row = dict(peer=f'gve-leiden ({a.threads} threads)', communities=len(set(membership)),
               modularity=g.modularity(membership, weights='weight'), seconds=statistics.median(times),
               peak_rss_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    if a.truth:
        lab = {}
        for line in open(a.truth):
            p = line.split()
            if len(p) >= 2 and p[0] in ids:
                lab[ids[p[0]]] = p[1]
        names = {v: i for i, v in enumerate(sorted(set(lab.values())))}
        truth = [names.get(lab.get(i), -1) for i in range(g.vcount())]
        row['nmi'] = ig.compare_communities(truth, membership, method='nmi')
    if a.json:
        print(json.dumps(dict(nodes=g.vcount(), edges=g.ecount(), peers=[row])))
    else:
        print(row)


if __name__ == '__main__':
    sys.exit(main())
