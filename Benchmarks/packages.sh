#!/usr/bin/env bash
# What the default referral packages cost (issue 22): `ringscope analyze` on one world with the
# default outputs (packages for the warranted rings), twice, then with --render-top 100 (the old
# default) and --render-top 0, one after the other, each under /usr/bin/time; prints wall seconds,
# user/system CPU, peak RSS, the load at the start, and the stage lines' "packages + run files".
#
# usage: Benchmarks/packages.sh WORLD [RUNS_DIR]
#
# Environment: RINGSCOPE (default .build/debug/ringscope), ANALYZE_ARGS (default "--no-images":
# OCR left out; use "--ocr-cache DIR" to include cached image reading).
set -euo pipefail
world="${1:?usage: Benchmarks/packages.sh WORLD [RUNS_DIR]}"
runs="${2:-/tmp/ringscope-packages-runs}"
ringscope="${RINGSCOPE:-.build/debug/ringscope}"
read -r -a extra_args <<< "${ANALYZE_ARGS:---no-images}"
mkdir -p "$runs"
for what in default default2 top100 top0; do
    case $what in
        default|default2) extra=() ;;
        top100) extra=(--render-top 100) ;;
        top0) extra=(--render-top 0) ;;
    esac
    rm -rf "${runs:?}/$what"
    load="$(cut -d' ' -f1 /proc/loadavg)"
    /usr/bin/time -f "%e %U %S %M" -o "$runs/$what.time" "$ringscope" analyze "$world" --out "$runs/$what" \
        "${extra_args[@]}" "${extra[@]}" > "$runs/$what.out" 2> "$runs/$what.err"
    read -r wall user sys kb < <(tail -1 "$runs/$what.time")
    packages="$(python3 - "$runs/$what.err" <<'PY'
import re, sys
done, total = 0.0, None
for line in open(sys.argv[1], encoding='utf-8').read().replace('\r', '\n').split('\n'):
    line = line.strip()
    if m := re.match(r'ringscope: loaded in ([0-9.]+) s$', line): done += float(m[1])
    elif m := re.match(r'ringscope: (\w[\w ]*): .*\(([0-9.]+) s\)$', line): done += float(m[2])
    elif m := re.match(r'ringscope: wrote .* in ([0-9.]+) s in all$', line): total = float(m[1])
print(f'{total - done:.1f}' if total is not None else '?')
PY
)"
    count="$(find "$runs/$what/rings" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l)"
    printf '%-9s load %6s  packages %4s  packages+files %7s s  wall %8s s  user %7s s  sys %6s s  peak %5d MiB\n' \
        "$what" "$load" "$count" "$packages" "$wall" "$user" "$sys" "$((kb / 1024))"
done
