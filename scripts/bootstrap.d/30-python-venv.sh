#!/usr/bin/env bash
# One Python virtual environment, .tools/venv, for the test tooling and clients (Spark Connect client,
# schema validators, the S3 test server). Each area pins its packages in scripts/requirements/*.txt;
# the environment is rebuilt only when one of those files changes.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

venv="$SPARKMV_TOOLS/venv"
shopt -s nullglob
requirements=("$SPARKMV_ROOT"/scripts/requirements/*.txt)
[ ${#requirements[@]} -gt 0 ] || exit 0

stamp="$venv/.requirements.sha256"
wanted=$(cat "${requirements[@]}" | sha256sum | cut -d' ' -f1)
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && exit 0

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
args=()
for r in "${requirements[@]}"; do args+=(-r "$r"); done
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --cache-dir "$SPARKMV_CACHE/pip" "${args[@]}"
echo "$wanted" >"$stamp"
note "python environment .tools/venv is up to date (${#requirements[@]} requirement files)"
