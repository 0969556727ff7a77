#!/bin/sh
# Renders a run's index.html in headless Chromium and prints the screenshot's size, to check the
# report by eye in a real browser (Debian: apt-get install -y chromium). Not part of `swift test`:
# CI does not install Chromium.
#
# usage: scripts/check-report.sh RUN_DIR [OUT.png]     (OUT defaults to RUN_DIR/../<run>-report.png)
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
rm -f "$out"
# A throwaway profile keeps runs independent of each other; the page itself forbids the network (CSP).
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --screenshot="$out" --window-size=1400,2000 "file://$run/index.html" >/dev/null 2>&1 || true
if [ ! -s "$out" ]; then
    echo "error: chromium wrote no screenshot of $run/index.html" >&2
    exit 1
fi
echo "$out: $(wc -c < "$out" | tr -d ' ') bytes"
