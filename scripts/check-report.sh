#!/bin/sh
# Renders a run's index.html (and map.html) in headless Chromium: takes a screenshot of each to
# check by eye, and checks that the interactive map drew (its element's data-drawn attribute
# counts factories, addresses and basemap polygons) with no script error, no console error and
# no Content-Security-Policy violation. Exits 1 if a check fails. (Debian: apt-get install -y
# chromium.) Not part of `swift test`: CI does not install Chromium.
#
# usage: scripts/check-report.sh RUN_DIR [OUT.png]     (OUT defaults to RUN_DIR/../<run>-report.png;
#                                                       map.html's screenshot goes beside it as <OUT>-map.png)
set -eu
if [ $# -lt 1 ] || [ ! -f "$1/index.html" ]; then
    echo "usage: $0 RUN_DIR [OUT.png]  (RUN_DIR must hold index.html: run 'ringscope analyze' first)" >&2
    exit 64
fi
run=$(cd "$1" && pwd)
out=${2:-$(dirname "$run")/$(basename "$run")-report.png}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "error: no chromium on PATH; install it with 'apt-get install -y chromium'" >&2
    exit 1
fi
# A throwaway profile keeps runs independent of each other; the page itself forbids the network (CSP).
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chrome() {
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
        --virtual-time-budget=8000 "$@"
}
status=0

# check PAGE SIZE: the map in PAGE drew in a window of SIZE and the console stayed clean.
check() {
    page=$1
    size=$2
    dom=$profile/dom.html
    log=$profile/console.txt
    chrome --enable-logging=stderr --v=0 --window-size="$size" --dump-dom "file://$page" > "$dom" 2> "$log" || true
    drawn=$(grep -o 'data-drawn="[^"]*"' "$dom" | head -1 | sed 's/data-drawn="//; s/"$//')
    errors=$(grep -o 'data-errors="[^"]*"' "$dom" | head -1 || true)
    console=$(grep 'CONSOLE' "$log" | grep -iE 'error|uncaught|refused|violat' || true)
    polygons=$(echo "$drawn" | sed -n 's/.*polygons:\([0-9]*\).*/\1/p')
    factories=$(echo "$drawn" | sed -n 's/.*factories:\([0-9]*\).*/\1/p')
    sites=$(echo "$drawn" | sed -n 's/.*sites:\([0-9]*\).*/\1/p')
    if [ -z "$drawn" ] || [ "${polygons:-0}" -eq 0 ]; then
        echo "error: $page ($size): the map drew nothing (data-drawn=\"$drawn\") $errors $console" >&2
        status=1
    elif [ -n "$errors" ] || [ -n "$console" ]; then
        echo "error: $page ($size): script or console errors: $errors $console" >&2
        status=1
    else
        echo "$page ($size): map drawn: $factories factories, $sites addresses, $polygons basemap polygons; no console errors"
    fi
}

# Two window sizes: the larger zooms the map in far enough to show city borders (zoom 6).
for size in 800,600 1400,2000; do
    check "$run/index.html" "$size"
    [ -f "$run/map.html" ] && check "$run/map.html" "$size"
done

rm -f "$out"
chrome --screenshot="$out" --window-size=1400,2000 "file://$run/index.html" >/dev/null 2>&1 || true
if [ ! -s "$out" ]; then
    echo "error: chromium wrote no screenshot of $run/index.html" >&2
    exit 1
fi
echo "$out: $(wc -c < "$out" | tr -d ' ') bytes"
if [ -f "$run/map.html" ]; then
    map_out=${out%.png}-map.png
    chrome --screenshot="$map_out" --window-size=1400,1000 "file://$run/map.html" >/dev/null 2>&1 || true
    [ -s "$map_out" ] && echo "$map_out: $(wc -c < "$map_out" | tr -d ' ') bytes"
fi
exit $status
