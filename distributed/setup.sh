#!/usr/bin/env bash
# Makes the Python environment of the Spark job: a venv with pyspark (and pytest for the tests)
# from PyPI. Java 17 must be installed (apt-get install openjdk-17-jre-headless).
# usage: distributed/setup.sh [VENV]   (default /tmp/ringscope-spark-venv)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${1:-/tmp/ringscope-spark-venv}"
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
if ! "$venv/bin/python" -c 'import pyspark, pytest' 2>/dev/null; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
fi
echo "$venv/bin/python"
