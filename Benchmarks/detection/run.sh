#!/usr/bin/env bash
# Detection-quality benchmark: RingScope and the python-igraph/leidenalg peer, side by side,
# on generated worlds, scored against truth/ by score.py.
#
# usage: Benchmarks/detection/run.sh [--markdown FILE] [SIZES] [SEEDS]
#
#   SIZES  comma- or space-separated world sizes in sellers; 20k, 100k and 1M are understood
#          (default "20k 100k 1M", or $SIZES)
#   SEEDS  seeds for every size (default: "1 2 3" for worlds under 1M sellers and "1" for 1M
#          and above, or $SEEDS for every size)
#   --markdown FILE  also write the tables as Markdown to FILE
#
# Two kinds of world per size and seed ($KINDS, default "plain traps"): "plain" is
# `ringscope generate` as before (no traps: the row that must not regress), "traps" is
# `ringscope generate --traps` (docs/generator.md): registered agents, payment collectors, a
# freight forwarder, lone counterfeiters in families, evidence-free rings, ring sizes 2-400,
# rotating payouts, CRLF and BOM. For trap worlds a second table gives, per trap (truth/traps.csv,
# see score.py), the recall of ring traps and the share of honest-trap sellers flagged.
#
# Environment:
#   WORLDS_DIR    where worlds are generated, once, and reused (default /tmp/ringscope-worlds)
#   RUNS_DIR      where the runs are written (default /tmp/ringscope-detection-runs)
#   PYTHON        a python with igraph, leidenalg and numpy (default /tmp/peers/bin/python)
#   PEER_TIMEOUT  seconds after which the peer is stopped (default 900; 0 = no limit)
#   TOOLS         which tools to run (default "ringscope peer")
#   ANALYZE_FLAGS extra flags for 'ringscope analyze' (e.g. "--no-resolve-addresses")
#   KINDS         world kinds (default "plain traps")
#   RINGSCOPE     a ringscope binary to use instead of building release (e.g. .build/debug/ringscope
#                 on a machine too loaded to build release; seconds are then not comparable)
#   IMAGES        images per generated world (default: the generator's, sellers / 50, at most 400)
#
# Quick run:  Benchmarks/detection/run.sh 20k 1
# Full run:   Benchmarks/detection/run.sh --markdown /tmp/detection.md
#
# Runs one tool at a time (timings on a shared machine are otherwise meaningless); wall seconds
# and peak RSS come from /usr/bin/time -f '%e %M'. Progress goes to stderr, the table to stdout.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
markdown=""
positional=()
while [ $# -gt 0 ]; do
    case "$1" in
        --markdown) markdown="$2"; shift 2 ;;
        --markdown=*) markdown="${1#--markdown=}"; shift ;;
        -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) positional+=("$1"); shift ;;
    esac
done
sizes_arg="${positional[0]:-${SIZES:-20k 100k 1M}}"
seeds_arg="${positional[1]:-${SEEDS:-}}"
worlds_dir="${WORLDS_DIR:-/tmp/ringscope-worlds}"
runs_dir="${RUNS_DIR:-/tmp/ringscope-detection-runs}"
python="${PYTHON:-/tmp/peers/bin/python}"
peer_timeout="${PEER_TIMEOUT:-900}"
tools="${TOOLS:-ringscope peer}"
kinds="${KINDS:-plain traps}"

say() { echo "[run.sh $(date +%H:%M:%S)] $*" >&2; }

if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (apt-get install time)"
    apt-get install -y time >/dev/null 2>&1 || sudo apt-get install -y time >/dev/null
fi
if ! "$python" -c 'import igraph, leidenalg, numpy' 2>/dev/null; then
    echo "error: $python lacks igraph/leidenalg/numpy; run:" >&2
    echo "  python3 -m venv /tmp/peers && /tmp/peers/bin/pip install igraph leidenalg networkit numpy" >&2
    exit 1
fi

if [ -n "${RINGSCOPE:-}" ]; then
    ringscope="$RINGSCOPE"
    say "using $ringscope"
else
    say "building release"
    (cd "$root" && swift build -c release >&2)
    ringscope="$root/.build/release/ringscope"
fi

sellers_of() {  # 20k -> 20000, 1M -> 1000000
    local s="$1"
    case "$s" in
        *[kK]) echo $(( ${s%[kK]} * 1000 )) ;;
        *[mM]) echo $(( ${s%[mM]} * 1000000 )) ;;
        *) echo "$s" ;;
    esac
}
label_of() {  # 20000 -> 20k, 1000000 -> 1M
    local n="$1"
    if [ $((n % 1000000)) -eq 0 ]; then echo "$((n / 1000000))M"
    elif [ $((n % 1000)) -eq 0 ]; then echo "$((n / 1000))k"
    else echo "$n"; fi
}

mkdir -p "$worlds_dir" "$runs_dir"
results="$runs_dir/results.tsv"
: > "$results"

for size in ${sizes_arg//,/ }; do
    sellers="$(sellers_of "$size")"
    label="$(label_of "$sellers")"
    if [ -n "$seeds_arg" ]; then seeds="${seeds_arg//,/ }"
    elif [ "$sellers" -ge 1000000 ]; then seeds="1"
    else seeds="1 2 3"; fi
    for seed in $seeds; do
      for kind in $kinds; do
        generate_flags=()
        [ -n "${IMAGES:-}" ] && generate_flags+=(--images "$IMAGES")
        case "$kind" in
            plain) world="$worlds_dir/w$label-s$seed"; wlabel="$label" ;;
            traps) world="$worlds_dir/w$label-s$seed-traps"; wlabel="$label traps"; generate_flags+=(--traps) ;;
            *) echo "error: unknown world kind $kind (expected plain or traps)" >&2; exit 64 ;;
        esac
        if [ -f "$world/.complete" ]; then
            say "reusing $world"
        else
            say "generating $world ($sellers sellers, seed $seed, ${generate_flags[*]:-defaults})"
            rm -rf "$world"
            "$ringscope" generate "$world" --sellers "$sellers" --seed "$seed" "${generate_flags[@]}" >/dev/null
            touch "$world/.complete"
        fi
        for tool in $tools; do
            out="$runs_dir/$label-s$seed-$kind-$tool"
            rm -rf "$out"
            timing="$out.time"
            status=0
            say "$tool on $label seed $seed"
            case "$tool" in
                ringscope)
                    /usr/bin/time -f '%e %M' -o "$timing" \
                        "$ringscope" analyze "$world" --out "$out" --render-top 0 --quiet ${ANALYZE_FLAGS:-} >/dev/null || status=$?
                    ;;
                peer)
                    limit=()
                    [ "$peer_timeout" -gt 0 ] && limit=(timeout "$peer_timeout")
                    /usr/bin/time -f '%e %M' -o "$timing" \
                        "${limit[@]}" "$python" "$here/peer_pipeline.py" "$world" "$out" 2>"$out.log" || status=$?
                    ;;
                *) echo "error: unknown tool $tool (expected ringscope or peer)" >&2; exit 64 ;;
            esac
            read -r seconds rss_kb < <(grep -E '^[0-9.]+ [0-9]+$' "$timing" | tail -1) || { seconds=0; rss_kb=0; }
            if [ "$status" -eq 0 ] && [ -f "$out/rings.csv" ]; then
                scores="$("$python" "$here/score.py" "$out" "$world" --json)"
            elif [ "$status" -eq 124 ]; then
                say "$tool stopped after ${peer_timeout} s"
                scores='{"status": "timeout"}'
            else
                say "$tool failed with status $status"
                scores="{\"status\": \"failed ($status)\"}"
            fi
            printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$wlabel" "$seed" "$tool" "$seconds" "$rss_kb" "$scores" >> "$results"
        done
      done
    done
done

"$python" - "$results" "$markdown" <<'EOF'
import json, sys
results, markdown = sys.argv[1], sys.argv[2]
header = ['world', 'seed', 'tool', 'ring_recall', 'ring_p@k', 'seller_precision', 'seller_recall',
          'factory_p@k', 'factory_ndcg', 'seconds', 'peak RSS MB']
keys = ['ring_recall', 'ring_precision_at_k', 'seller_precision', 'seller_recall',
        'factory_precision_at_k', 'factory_ndcg_at_k']
rows = []
for line in open(results):
    world, seed, tool, seconds, rss_kb, scores = line.rstrip('\n').split('\t')
    s = json.loads(scores)
    figures = [f'{s[k]:.3f}' if k in s else s.get('status', '-') for k in keys]
    rows.append([world, seed, tool] + figures + [f'{float(seconds):.1f}', f'{int(rss_kb) / 1024:.0f}'])
rows.append(['goal', '', '', '≥ 0.95', '≥ 0.95', '≥ 0.98', '≥ 0.95', '≥ 0.9', '', '', ''])
widths = [max(len(header[i]), *(len(r[i]) for r in rows)) for i in range(len(header))]
def line(cells):
    return '  '.join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
print(line(header))
print('  '.join('-' * w for w in widths))
for r in rows:
    print(line(r))
def markdown_table(f, header, rows, left):
    f.write('| ' + ' | '.join(header) + ' |\n')
    f.write('|' + '|'.join(' --- ' if i < left else ' ---: ' for i in range(len(header))) + '|\n')
    for r in rows:
        f.write('| ' + ' | '.join(r) + ' |\n')
if markdown:
    with open(markdown, 'w', encoding='utf-8') as f:
        markdown_table(f, header, rows, 3)

# Per trap (worlds with truth/traps.csv): recall of ring traps, share flagged of honest traps.
ring_traps = ['ring', 'pair_ring', 'large_ring', 'evidence_free_ring', 'rotating_payouts', 'forwarder_ring',
              'hidden_identifier', 'hidden_image']
honest_traps = ['agent_client', 'collector_client', 'forwarder_customer', 'family_lone_counterfeiter',
                'family_of_lone', 'lone_counterfeiter']
trap_rows = []
for line in open(results):
    world, seed, tool, seconds, rss_kb, scores = line.rstrip('\n').split('\t')
    traps = json.loads(scores).get('traps')
    if not traps:
        continue
    cells = [world, seed, tool]
    for t in ring_traps:
        e = traps.get(t)
        cells.append(f"{e['recall']:.2f} ({e['sellers']})" if e else '-')
    cells.append(f"{traps['evidence_free_ring']['ring_recall']:.2f} ({traps['evidence_free_ring']['rings']})"
                 if 'evidence_free_ring' in traps else '-')
    for t in honest_traps:
        e = traps.get(t)
        cells.append(f"{e['flagged']:.2f} ({e['sellers']})" if e else '-')
    trap_rows.append(cells)
if trap_rows:
    theader = ['world', 'seed', 'tool'] + [f'R {t}' for t in ring_traps] + ['rings R evidence_free'] + \
              [f'flagged {t}' for t in honest_traps]
    trap_rows.append(['goal', '', '', '≥ 0.95', '', '', '', '', '', '≥ 0.9', '≥ 0.9', ''] + ['0'] * len(honest_traps))
    print()
    print('per trap: recall of ring sellers (sellers), share of honest-trap sellers in the top-k rings (sellers)')
    for r in [theader] + trap_rows:
        print('  '.join(r))
    if markdown:
        with open(markdown, 'a', encoding='utf-8') as f:
            f.write('\n')
            markdown_table(f, theader, trap_rows, 3)
EOF
