#!/usr/bin/env bash
# Scale benchmark (issue 8): `ringscope analyze` end to end at 100k and 1M sellers, per stage,
# against the python-igraph/leidenalg peer pipeline on the same worlds.
#
# usage: Benchmarks/scale.sh [SIZES]
#
#   SIZES  space- or comma-separated world sizes in sellers (default "100k 1M", or $SIZES)
#
# Environment:
#   WORLDS_DIR  where worlds are generated once (seed 1) and reused (default /tmp/ringscope-worlds)
#   RUNS_DIR    where the runs and logs go (default /tmp/ringscope-scale-runs)
#   PYTHON      a python with igraph, leidenalg and numpy (default /tmp/peers/bin/python)
#   TOOLS       what to run per world (default "ringscope top0 peer"; ringscope = the default
#               outputs, packages for the warranted rings; top100 = --render-top 100, the
#               default before; top0 = --render-top 0)
#   RINGSCOPE   a ringscope binary to use instead of building release here
#   ANALYZE_ARGS  more options for every analyze run, e.g. "--ocr-cache /tmp/ocr" (worlds made by
#               today's generator carry photos, which the first run reads with OCR)
#
# For every world: `ringscope analyze WORLD --out RUN` (default outputs), then the other tools,
# then the peer pipeline, one at a time, each under /usr/bin/time -f '%e %M'
# (wall seconds, peak RSS). The stage table comes from ringscope's stderr lines (stderr is a
# file here, so they are the plain lines): `loaded in X s`, `<stage>: … (X s)`, and
# `wrote RUN in X s in all`; "referral packages + run files" is the time from the last stage
# line to "wrote". Progress goes to stderr, the tables to stdout.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
case "${1:-}" in -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
sizes_arg="${1:-${SIZES:-100k 1M}}"
worlds_dir="${WORLDS_DIR:-/tmp/ringscope-worlds}"
runs_dir="${RUNS_DIR:-/tmp/ringscope-scale-runs}"
python="${PYTHON:-/tmp/peers/bin/python}"
tools="${TOOLS:-ringscope top0 peer}"
seed=1

say() { echo "[scale.sh $(date +%H:%M:%S)] $*" >&2; }

if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (apt-get install time)"
    apt-get install -y time >/dev/null 2>&1 || sudo apt-get install -y time >/dev/null
fi
if [[ " $tools " == *" peer "* ]] && ! "$python" -c 'import igraph, leidenalg, numpy' 2>/dev/null; then
    echo "error: $python lacks igraph/leidenalg/numpy; run:" >&2
    echo "  python3 -m venv /tmp/peers && /tmp/peers/bin/pip install igraph leidenalg numpy" >&2
    exit 1
fi

if [ -n "${RINGSCOPE:-}" ]; then
    ringscope="$RINGSCOPE"
else
    say "building release"
    (cd "$root" && swift build -c release --product ringscope >&2)
    ringscope="$root/.build/release/ringscope"
fi

sellers_of() {  # 100k -> 100000, 1M -> 1000000
    case "$1" in
        *[kK]) echo $(( ${1%[kK]} * 1000 )) ;;
        *[mM]) echo $(( ${1%[mM]} * 1000000 )) ;;
        *) echo "$1" ;;
    esac
}
label_of() {  # 100000 -> 100k
    local n="$1"
    if [ $((n % 1000000)) -eq 0 ]; then echo "$((n / 1000000))M"
    elif [ $((n % 1000)) -eq 0 ]; then echo "$((n / 1000))k"
    else echo "$n"; fi
}

mkdir -p "$worlds_dir" "$runs_dir"
results="$runs_dir/results.tsv"   # world, what, key, value
: > "$results"
record() { printf '%s\t%s\t%s\t%s\n' "$@" >> "$results"; }
timed() {  # timed TIMEFILE LOG command…: wall seconds and peak KB into TIMEFILE, stderr into LOG
    local timing="$1" log="$2"; shift 2
    local status=0
    /usr/bin/time -f '%e %M' -o "$timing" "$@" >/dev/null 2>"$log" || status=$?
    [ "$status" -eq 0 ] || { say "failed ($status): $*; see $log"; tail -5 "$log" >&2; exit "$status"; }
    grep -E '^[0-9.]+ [0-9]+$' "$timing" | tail -1
}

for size in ${sizes_arg//,/ }; do
    sellers="$(sellers_of "$size")"
    label="$(label_of "$sellers")"
    world="$worlds_dir/w$label-s$seed"
    if [ -f "$world/.complete" ]; then
        say "reusing $world"
        record "$label" generate reused 1
    else
        say "generating $world ($sellers sellers, seed $seed)"
        rm -rf "$world"
        read -r seconds kb < <(timed "$runs_dir/$label-generate.time" "$runs_dir/$label-generate.log" \
            "$ringscope" generate "$world" --sellers "$sellers" --seed "$seed")
        touch "$world/.complete"
        record "$label" generate seconds "$seconds"
        record "$label" generate rss_kb "$kb"
    fi
    for tool in $tools; do
        out="$runs_dir/$label-$tool"
        rm -rf "$out"
        case "$tool" in
            ringscope) say "ringscope analyze on $label (default outputs)"
                       command=("$ringscope" analyze "$world" --out "$out" ${ANALYZE_ARGS:-}) ;;
            top100)    say "ringscope analyze on $label (--render-top 100)"
                       command=("$ringscope" analyze "$world" --out "$out" --render-top 100 ${ANALYZE_ARGS:-}) ;;
            top0)      say "ringscope analyze on $label (--render-top 0)"
                       command=("$ringscope" analyze "$world" --out "$out" --render-top 0 ${ANALYZE_ARGS:-}) ;;
            peer)      say "peer pipeline on $label"
                       command=("$python" "$here/detection/peer_pipeline.py" "$world" "$out") ;;
            *) echo "error: unknown tool $tool (expected ringscope, top100, top0 or peer)" >&2; exit 64 ;;
        esac
        record "$label" "$tool" load "$(cut -d' ' -f1 /proc/loadavg)"
        read -r seconds kb < <(timed "$out.time" "$out.log" "${command[@]}")
        record "$label" "$tool" seconds "$seconds"
        record "$label" "$tool" rss_kb "$kb"
        record "$label" "$tool" log "$out.log"
    done
done

"$python" - "$results" <<'EOF'
import re, sys
from collections import defaultdict

results = defaultdict(dict)          # (world, what) -> {key: value}
worlds = []
for line in open(sys.argv[1], encoding='utf-8'):
    world, what, key, value = line.rstrip('\n').split('\t')
    results[(world, what)][key] = value
    if world not in worlds:
        worlds.append(world)

def ringscope_stages(log):
    """[(stage, seconds)] from ringscope's stderr lines; the last is the packages + files time."""
    stages, done, total = [], 0.0, None
    for line in open(log, encoding='utf-8'):
        if m := re.match(r'ringscope: loaded in ([0-9.]+) s$', line.strip()):
            stages.append(('load', float(m[1]))); done += float(m[1])
        elif m := re.match(r'ringscope: (\w[\w ]*): .*\(([0-9.]+) s\)$', line.strip()):
            stages.append((m[1], float(m[2]))); done += float(m[2])
        elif m := re.match(r'ringscope: wrote .* in ([0-9.]+) s in all$', line.strip()):
            total = float(m[1])
    if total is not None:
        stages.append(('referral packages + run files', total - done))
        stages.append(('in all (own clock)', total))
    return stages

def peer_stages(log):
    """[(step, seconds)] from the peer's '[peer   12.3s] step: …' lines, as deltas."""
    stages, last = [], 0.0
    for line in open(log, encoding='utf-8'):
        if m := re.match(r'\[peer\s+([0-9.]+)s\] (\w+)', line):
            t = float(m[1]); stages.append((m[2], t - last)); last = t
    return stages

def mb(kb): return f'{int(kb) / 1024:.0f}'

summary = {}
for world in worlds:
    gen = results.get((world, 'generate'), {})
    rs = results.get((world, 'ringscope'), {})
    top0 = results.get((world, 'top0'), {})
    top100 = results.get((world, 'top100'), {})
    peer = results.get((world, 'peer'), {})
    print(f'\n== {world} sellers, seed 1 ' + ('(world reused)' if 'reused' in gen else
          f'(generated in {float(gen["seconds"]):.1f} s, peak RSS {mb(gen["rss_kb"])} MB)') + ' ==')
    rows = []
    if rs:
        for stage, seconds in ringscope_stages(rs['log']):
            rows.append((f'ringscope  {stage}', f'{seconds:.2f}', ''))
        rows.append(('ringscope end to end, default outputs', f'{float(rs["seconds"]):.2f}', mb(rs['rss_kb'])))
    if top100:
        rows.append(('ringscope end to end, --render-top 100', f'{float(top100["seconds"]):.2f}', mb(top100['rss_kb'])))
    if top0:
        st = dict(ringscope_stages(top0['log']))
        rows.append(('ringscope end to end, --render-top 0', f'{float(top0["seconds"]):.2f}', mb(top0['rss_kb'])))
        rows.append(('  of which run files (no packages)', f'{st.get("referral packages + run files", 0):.2f}', ''))
    if peer:
        for step, seconds in peer_stages(peer['log']):
            rows.append((f'peer       {step}', f'{seconds:.2f}', ''))
        rows.append(('peer end to end', f'{float(peer["seconds"]):.2f}', mb(peer['rss_kb'])))
    loads = ', '.join(f'{what} {d["load"]}' for what, d in (('ringscope', rs), ('top100', top100), ('top0', top0), ('peer', peer)) if d and 'load' in d)
    if loads:
        print(f'load average (1 min) at the start of each run: {loads}')
    if rs and peer:
        rows.append(('ratio peer / ringscope end to end, default outputs', f'{float(peer["seconds"]) / float(rs["seconds"]):.1f}x', ''))
    if top100 and peer:
        rows.append(('ratio peer / ringscope, --render-top 100', f'{float(peer["seconds"]) / float(top100["seconds"]):.1f}x', ''))
    if top0 and peer:
        rows.append(('ratio peer / ringscope, --render-top 0', f'{float(peer["seconds"]) / float(top0["seconds"]):.1f}x', ''))
    w = max(len(r[0]) for r in rows) if rows else 10
    print(f'{"stage".ljust(w)}  {"seconds":>9}  {"peak RSS MB":>11}')
    print(f'{"-" * w}  {"-" * 9}  {"-" * 11}')
    for name, seconds, rss in rows:
        print(f'{name.ljust(w)}  {seconds:>9}  {rss:>11}')
    summary[world] = (rs, top0, peer)

def seconds_of(d): return float(d['seconds']) if d else None

if len(worlds) >= 2:
    a, b = worlds[0], worlds[-1]
    print(f'\n== growth {a} -> {b} (10x sellers is linear at 10x) ==')
    for i, name in enumerate(['ringscope, default outputs', 'ringscope, --render-top 0', 'peer']):
        x, y = seconds_of(summary[a][i]), seconds_of(summary[b][i])
        if x and y:
            print(f'{name.ljust(32)}  {x:8.2f} s -> {y:8.2f} s   {y / x:5.1f}x time   '
                  f'{int(summary[a][i]["rss_kb"]) / 1024:6.0f} -> {int(summary[b][i]["rss_kb"]) / 1024:6.0f} MB')
    rs_a, rs_b = summary[a][0], summary[b][0]
    if rs_a and rs_b:
        sa, sb = dict(ringscope_stages(rs_a['log'])), dict(ringscope_stages(rs_b['log']))
        for stage in sa:
            if stage in sb and sa[stage] > 0:
                print(f'  {stage.ljust(30)}  {sa[stage]:8.2f} s -> {sb[stage]:8.2f} s   {sb[stage] / sa[stage]:5.1f}x')

print('\n== goals (issue 8) ==')
big = next((w for w in reversed(worlds) if w == '1M'), worlds[-1])
rs, _, peer = summary[big]
def verdict(ok): return 'met' if ok else 'MISSED'
if rs:
    t, m = float(rs['seconds']), int(rs['rss_kb']) / 1024 / 1024
    print(f'{big} end to end <= 60 s:         {t:7.1f} s    {verdict(t <= 60)}')
    print(f'{big} peak RSS <= 4 GB:           {m:7.2f} GB   {verdict(m <= 4)}')
for world in worlds:
    rs, _, peer = summary[world]
    if rs and peer:
        r = float(peer['seconds']) / float(rs['seconds'])
        print(f'{world} >= 10x faster than peer:  {r:7.1f}x     {verdict(r >= 10)}')
# Growth is judged on the analysis (--render-top 0): with packages, 100 packages cost the same
# at every size and would hide the growth of the rest.
which = 1 if len(worlds) >= 2 and summary[worlds[0]][1] and summary[worlds[-1]][1] else 0
if len(worlds) >= 2 and summary[worlds[0]][which] and summary[worlds[-1]][which]:
    g = float(summary[worlds[-1]][which]['seconds']) / float(summary[worlds[0]][which]['seconds'])
    n = int(re.sub('k', '000', re.sub('M', '000000', worlds[-1]))) / int(re.sub('k', '000', re.sub('M', '000000', worlds[0])))
    print(f'near-linear growth {worlds[0]}->{worlds[-1]}:  {g:7.1f}x for {n:.0f}x sellers   '
          f'{verdict(g <= 1.5 * n)} (taken as <= {1.5 * n:.0f}x; ' + ('--render-top 0)' if which else 'default outputs)'))
EOF
