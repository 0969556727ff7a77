#!/usr/bin/env python3
"""Run `ringscope communities` and the peers on each edge list and print one table.

Called by Benchmarks/communities.sh (which builds, makes the venv and the graphs). For each
graph: ringscope with each --settings (default: its defaults), each --repeat times (median seconds, peak RSS of the whole process from /usr/bin/time -v, so
loading included); then ../shared/peers/peer_communities.py once with --json. --settings,
--peers and --threads narrow the run (the 1M-node graphs take long with every peer). Modularity is
igraph's for the peers and ringscope's own for ringscope (the tests check they agree); NMI is
against the planted truth (GRAPH.truth) when it exists. Peer RSS is the peer process's peak so
far (ru_maxrss), so only the first peer row (igraph) is that peer's alone.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile

import igraph as ig

ap = argparse.ArgumentParser()
ap.add_argument('graphs', nargs='+')
ap.add_argument('--ringscope', required=True)
ap.add_argument('--peers-script', required=True)
ap.add_argument('--repeat', type=int, default=3)
ap.add_argument('--peer-repeat', type=int, default=1)
ap.add_argument('--peers', default='igraph,igraph-2it,leidenalg,networkit-plm,networkit-leiden',
                help='peers to run (peer_communities.py names)')
ap.add_argument('--settings', default='default',
                help="ringscope settings: 'default', 'stable' (until stable) and/or iteration counts, comma-separated")
ap.add_argument('--threads', type=int, default=2, help='ringscope --threads (and GVE-Leiden threads)')
ap.add_argument('--gve', help='the GVE-Leiden peer binary (Benchmarks/gve/build.sh); omitted: no GVE-Leiden row')
ap.add_argument('--extra', default='', help='more ringscope options for every setting, e.g. "--tolerance 0.01"')
a = ap.parse_args()


def labels(path):
    out = {}
    with open(path) as fh:
        for line in fh:
            p = line.split()
            if len(p) >= 2:
                out[p[0]] = p[1]
    return out


def nmi(found, truth):
    nodes = [n for n in found if n in truth]
    ids_f, ids_t = {}, {}
    f = [ids_f.setdefault(found[n], len(ids_f)) for n in nodes]
    t = [ids_t.setdefault(truth[n], len(ids_t)) for n in nodes]
    return ig.compare_communities(t, f, method='nmi')


def ringscope(graph, extra, truth):
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'membership.tsv')
        for _ in range(a.repeat):
            proc = subprocess.run(['/usr/bin/time', '-v', a.ringscope, 'communities', graph, '--json', '--out', out] + extra,
                                  capture_output=True, text=True, check=True)
            row = json.loads(proc.stdout)
            rss = [l for l in proc.stderr.splitlines() if 'Maximum resident set size' in l]
            row['peak_rss_mb'] = int(rss[0].split(':')[1]) / 1024 if rss else float('nan')
            runs.append(row)
        row = dict(runs[0])
        row['seconds'] = statistics.median(r['seconds'] for r in runs)
        row['load_seconds'] = statistics.median(r['load_seconds'] for r in runs)
        row['peak_rss_mb'] = max(r['peak_rss_mb'] for r in runs)
        row['nmi'] = nmi(labels(out), truth) if truth else None
    return row


cols = ['graph', 'tool', 'modularity', 'communities', 'nmi', 'seconds', 'peak_rss_mb', 'speedup']
print('| ' + ' | '.join(cols) + ' |')
print('|' + '---|' * len(cols))
sys.stdout.flush()
loads = []
for graph in a.graphs:
    name = os.path.basename(graph)
    loads.append((name, os.getloadavg()[0]))
    truth = labels(graph + '.truth') if os.path.exists(graph + '.truth') else None
    rows = []
    for setting in a.settings.split(','):
        # A setting is 'default', 'stable' (until stable) or an iteration count.
        iterations = {'default': [], 'stable': ['--iterations', '-1']}.get(setting, ['--iterations', setting])
        tool = ' '.join(['ringscope'] + iterations + a.extra.split() + ['--threads', str(a.threads)])
        extra = iterations + a.extra.split() + ['--threads', str(a.threads)]
        r = ringscope(graph, extra, truth)
        rows.append(dict(tool=tool, modularity=r['modularity'], communities=r['communities'], nmi=r['nmi'],
                         seconds=r['seconds'], peak_rss_mb=r['peak_rss_mb'], peer=False))
    peers = {'peers': []}
    if a.peers:
        cmd = [sys.executable, a.peers_script, graph, '--json', '--repeat', str(a.peer_repeat), '--peers', a.peers]
        if truth:
            cmd += ['--truth', graph + '.truth']
        peers = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    if a.gve:
        here = os.path.dirname(os.path.abspath(__file__))
        cmd = [sys.executable, os.path.join(here, 'gve', 'gve_peer.py'), graph, '--json', '--binary', a.gve,
               '--threads', str(a.threads), '--repeat', str(a.peer_repeat)]
        if truth:
            cmd += ['--truth', graph + '.truth']
        peers['peers'] += json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)['peers']
    for p in peers['peers']:
        rows.append(dict(tool=p['peer'], modularity=p['modularity'], communities=p['communities'], nmi=p.get('nmi'),
                         seconds=p['seconds'], peak_rss_mb=p['peak_rss_mb'], peer=True))
    fastest = min((r['seconds'] for r in rows if r['peer']), default=float('nan'))
    for r in rows:
        r['speedup'] = fastest / r['seconds'] if r['seconds'] > 0 else float('inf')
        cells = [name, r['tool'], f"{r['modularity']:.4f}", str(r['communities']),
                 '-' if r['nmi'] is None else f"{r['nmi']:.4f}", f"{r['seconds']:.4f}",
                 f"{r['peak_rss_mb']:.0f}", f"{r['speedup']:.2f}x"]
        print('| ' + ' | '.join(cells) + ' |')
    sys.stdout.flush()
print()
print('load average (1 min) when each graph started: ' + ', '.join(f'{n} {l:.1f}' for n, l in loads) + f'; at the end {os.getloadavg()[0]:.1f}')
print('speedup = seconds of the fastest peer on that graph / seconds of the row (above 1: faster than every peer).')
print('seconds = the algorithm alone (loading excluded), median of runs; peak_rss_mb = whole process, loading included.')
