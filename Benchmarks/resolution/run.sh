#!/usr/bin/env bash
# Address-resolution benchmark: RingScope and the Splink peer on the same addresses in one run,
# real labelled data and generated worlds side by side, scored by score.py.
#
# usage: Benchmarks/resolution/run.sh [--markdown FILE] [WORLDS]
#
#   WORLDS  generated worlds as SIZE:SEED, space-separated (default "20k:1 20k:2 20k:3 100k:1",
#           or $WORLDS); 1M:1 adds the scale row (Splink is skipped above 100k: it needs hours)
#   --markdown FILE  also write the table as Markdown to FILE
#
# Environment:
#   GEOER_DIR    a checkout of github.com/PasqualeTurin/Geo-ER (needs data/train_valid_test/);
#                its eight OSM–Foursquare/Yelp datasets are built with real_data.py (skipped if unset)
#   GEOGLUE_DIR  a checkout of github.com/pkuliyi2015/GeoBloom (needs data/GeoGLUE_clean_subset/)
#   DATA_DIR     where real datasets are built (default /tmp/ringscope-resolution-data)
#   WORLDS_DIR   where worlds are generated, once, and reused (default /tmp/ringscope-worlds)
#   PYTHON       a python with splink, pypinyin and pandas (default /tmp/splink-venv/bin/python)
#   TOOLS        which tools to run (default "ringscope splink")
#   INDEPENDENT_SEEDS   seeds of independent.py's sets (default "1 2 3"; empty skips them)
#   INDEPENDENT_PYTHON  a python with faker and pypinyin (default /tmp/res-venv/bin/python;
#                python3 -m venv /tmp/res-venv && /tmp/res-venv/bin/pip install faker pypinyin)
#
# Neither real source may be redistributed, so neither is in the repository: fetch a checkout
# (git clone, or any copy of those folders) and point the variables at it. The machine needs no
# network at benchmark time. Setup of the peer:
#   python3 -m venv /tmp/splink-venv && /tmp/splink-venv/bin/pip install splink pypinyin pandas
#
# One tool at a time; wall seconds and peak RSS from /usr/bin/time -f '%e %M'. Progress goes to
# stderr, the table to stdout.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
markdown=""
positional=()
while [ $# -gt 0 ]; do
    case "$1" in
        --markdown) markdown="$2"; shift 2 ;;
        --markdown=*) markdown="${1#--markdown=}"; shift ;;
        -h|--help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) positional+=("$1"); shift ;;
    esac
done
worlds="${positional[*]:-${WORLDS:-20k:1 20k:2 20k:3 100k:1}}"
data_dir="${DATA_DIR:-/tmp/ringscope-resolution-data}"
worlds_dir="${WORLDS_DIR:-/tmp/ringscope-worlds}"
python="${PYTHON:-/tmp/splink-venv/bin/python}"
tools="${TOOLS:-ringscope splink}"
say() { echo "[resolution $(date +%H:%M:%S)] $*" >&2; }

if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (apt-get install time)"
    apt-get install -y time >/dev/null 2>&1 || sudo apt-get install -y time >/dev/null
fi
if [[ " $tools " == *" splink "* ]] && ! "$python" -c 'import splink, pypinyin, pandas' 2>/dev/null; then
    echo "error: $python lacks splink/pypinyin/pandas; run:" >&2
    echo "  python3 -m venv /tmp/splink-venv && /tmp/splink-venv/bin/pip install splink pypinyin pandas" >&2
    exit 1
fi

say "building release"
(cd "$root" && swift build -c release --product ringscope >&2)
ringscope="$root/.build/release/ringscope"

datasets=()
mkdir -p "$data_dir"
if [ -n "${GEOER_DIR:-}" ]; then
    python3 "$here/real_data.py" geoer "$GEOER_DIR" "$data_dir" >&2
    for source in osm-fsq osm-yelp; do for city in edi pit sin tor; do
        datasets+=("real:$data_dir/geoer-$source-$city" "real:$data_dir/geoer-$source-$city-nocoords")
    done; done
fi
if [ -n "${GEOGLUE_DIR:-}" ]; then
    python3 "$here/real_data.py" geoglue "$GEOGLUE_DIR" "$data_dir" >&2
    datasets+=("real:$data_dir/geoglue-hangzhou" "real:$data_dir/geoglue-hangzhou-nocoords")
fi
# The independent benchmark (independent.py: Faker's addresses written as exports write them,
# not by the generator), one set per seed, when a Python with faker and pypinyin is there.
indep_python="${INDEPENDENT_PYTHON:-/tmp/res-venv/bin/python}"
if [ -n "${INDEPENDENT_SEEDS-1 2 3}" ] && "$indep_python" -c 'import faker, pypinyin' 2>/dev/null; then
    for seed in ${INDEPENDENT_SEEDS-1 2 3}; do
        dir="$data_dir/independent-seed$seed"
        [ -f "$dir/truth/addresses.csv" ] || "$indep_python" "$here/independent.py" "$dir" --seed "$seed" >&2
        datasets+=("independent:$dir")
    done
else
    say "independent benchmark skipped (no Python with faker and pypinyin at $indep_python; INDEPENDENT_SEEDS= skips it on purpose)"
fi
for world in $worlds; do
    size="${world%%:*}" seed="${world##*:}"
    case "$size" in
        20k) sellers=20000 ;; 100k) sellers=100000 ;; 1M) sellers=1000000 ;; *) sellers="$size" ;;
    esac
    dir="$worlds_dir/$size-seed$seed"
    if [ ! -f "$dir/truth/addresses.csv" ]; then
        say "generating $dir"
        "$ringscope" generate "$dir" --sellers "$sellers" --seed "$seed" >&2
    fi
    datasets+=("generated:$dir")
done

results="$(mktemp)"
for entry in "${datasets[@]}"; do
    kind="${entry%%:*}" dir="${entry#*:}" name="$(basename "$dir")"
    addresses=$(($(wc -l < "$dir/addresses.csv") - 1))
    for tool in $tools; do
        out="$(mktemp)" timing="$(mktemp)"
        if [ "$tool" = ringscope ]; then
            say "ringscope resolve $name"
            /usr/bin/time -f '%e %M' -o "$timing" "$ringscope" resolve "$dir" --csv > "$out"
        else
            if [ "$addresses" -gt 200000 ]; then say "splink skipped on $name ($addresses addresses)"; continue; fi
            say "splink $name"
            /usr/bin/time -f '%e %M' -o "$timing" "$python" "$here/peer_splink.py" "$dir" "$out" 2>/dev/null
        fi
        read -r seconds kilobytes < "$timing"
        score="$(python3 "$here/score.py" "$out" "$dir" --json)"
        echo -e "$kind\t$name\t$addresses\t$tool\t$seconds\t$((kilobytes / 1024))\t$score" >> "$results"
        rm -f "$out" "$timing"
    done
done
python3 "$here/table.py" "$results" ${markdown:+--markdown "$markdown"}
rm -f "$results"
