#!/usr/bin/env bash
# checkov (the chart security scan) in a virtual environment of its own, .tools/venv-checkov: its pins
# conflict with the Spark Connect client's, and resolving both together takes pip many minutes.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

version=3.1.47
venv="$SPARKMV_TOOLS/venv-checkov"
"$venv/bin/checkov" --version 2>/dev/null | grep -qx "$version" && exit 0

rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --cache-dir "$SPARKMV_CACHE/pip" \
  "checkov==$version"
note "installed checkov $version in .tools/venv-checkov"
