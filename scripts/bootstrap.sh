#!/usr/bin/env bash
# Installs everything sparkmv needs on a fresh Debian 12 (bookworm) machine: pinned, idempotent, and quiet
# when there is nothing to do. Each step lives in scripts/bootstrap.d/ and is run in name order; a failing
# step stops the bootstrap with its name and the end of its output.
#
#   scripts/bootstrap.sh            the tools, libraries and Spark distributions (make run, make test)
#   scripts/bootstrap.sh --cluster  what the test cluster runs on (scripts/cluster/bootstrap.d/: Debian
#                                   packages, Kubernetes and its add-ons built from their Go modules); make
#                                   test and scripts/cluster.sh up run it, make run does not
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

steps=("$SPARKMV_ROOT"/scripts/bootstrap.d/*.sh)
case ${1:-} in
  "") ;;
  --cluster) steps=("$SPARKMV_ROOT"/scripts/cluster/bootstrap.d/*.sh) ;;
  *) echo "usage: scripts/bootstrap.sh [--cluster]" >&2; exit 2 ;;
esac

for step in "${steps[@]}"; do
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
