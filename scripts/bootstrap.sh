#!/usr/bin/env bash
# Installs everything sparkmv needs on a fresh Debian 12 (bookworm) machine: pinned, idempotent, and quiet
# when there is nothing to do. Each step lives in scripts/bootstrap.d/ and is run in name order; a failing
# step stops the bootstrap with its name and the end of its output.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

for step in "$SPARKMV_ROOT"/scripts/bootstrap.d/*.sh; do
  name=$(basename "$step" .sh)
  log=$(mktemp)
  if ! bash "$step" >"$log" 2>&1; then
    echo "bootstrap: step '$name' failed; its last lines:" >&2
    tail -n 30 "$log" >&2
    rm -f "$log"
    exit 1
  fi
  # Steps print only when they changed something.
  cat "$log"
  rm -f "$log"
done
