#!/usr/bin/env bash
# The guide's coexistence test: install Spark 3.5.7 and 4.1.0 side by side in NAMESPACE, prove they are isolated
# (sparkmv verify --kube), run a smoke job on each, and clean up what this run created, on exit or interrupt.
#
# Usage: scripts/test-coexistence.sh [--keep] NAMESPACE
#        scripts/test-coexistence.sh --local [--keep] [--state-dir DIR]
# --local runs the same story on the local two-version stack: `sparkmv up` (unless a stack already runs in
# DIR), `sparkmv verify --local` (real jobs on Spark 3.5.7 and 4.1.0, every isolation check, the comparison
# report), then stops and deletes the stack it started (--keep leaves it up).
# Exit codes: 0 all good, 1 isolation finding or failed smoke job, 2 bad usage, 3 environment problem.
# Environment: SPARKMV (the sparkmv binary), SPARKMV_KUBECTL / SPARKMV_HELM (kubectl and helm; default from PATH),
#              SPARKMV_DEPLOY_TIMEOUT (helm --timeout, default 10m).
set -euo pipefail

say() { echo "test-coexistence: $*"; }
usage() {
  echo "usage: $0 [--keep] NAMESPACE | --local [--keep] [--state-dir DIR]" >&2
  exit 2
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -z "${SPARKMV:-}" ]]; then
  if command -v sparkmv >/dev/null 2>&1; then SPARKMV=sparkmv; else SPARKMV="$root/build/src/sparkmv"; fi
fi
KUBECTL="${SPARKMV_KUBECTL:-kubectl}"
HELM="${SPARKMV_HELM:-helm}"
export SPARKMV_KUBECTL="$KUBECTL" SPARKMV_HELM="$HELM"

keep=0
local_stack=0
namespace=""
state_dir=""
while (($#)); do
  case "$1" in
    --keep) keep=1 ;;
    --local) local_stack=1 ;;
    --state-dir)
      (($# >= 2)) || usage
      state_dir="$2"
      shift
      ;;
    -h | --help) usage ;;
    -*) echo "test-coexistence: unknown option $1" >&2; usage ;;
    *) [[ -z "$namespace" ]] || usage; namespace="$1" ;;
  esac
  shift
done

if ((local_stack)); then
  [[ -z "$namespace" ]] || usage
  state_dir="${state_dir:-.sparkmv}"
  command -v "$SPARKMV" >/dev/null 2>&1 || { echo "test-coexistence: $SPARKMV not found" >&2; exit 3; }
  started=0
  cleaning=0
  cleanup_local() {
    local code=$?
    ((cleaning)) && return
    cleaning=1
    trap - EXIT INT TERM
    if ((started && !keep)); then
      say "stopping the stack this run started and deleting $state_dir"
      "$SPARKMV" down --purge --state-dir "$state_dir" >/dev/null || code=3
      if "$SPARKMV" status --state-dir "$state_dir" -o json 2>/dev/null | grep -q '"state": "running"'; then
        echo "test-coexistence: a component of the stack is still running" >&2
        code=3
      fi
    elif ((started)); then
      say "--keep: the stack stays up; stop it with: $SPARKMV down --state-dir $state_dir"
    fi
    exit "$code"
  }
  trap cleanup_local EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  if "$SPARKMV" status --state-dir "$state_dir" >/dev/null 2>&1; then
    say "a stack already runs in $state_dir; it stays"
  else
    say "starting Spark 3.5.7 and Spark 4.1.0 side by side (state in $state_dir)"
    started=1
    "$SPARKMV" up --state-dir "$state_dir"
  fi
  say "verifying isolation with real jobs on both versions"
  "$SPARKMV" verify --local --state-dir "$state_dir"
  exit 0
fi

[[ -n "$namespace" ]] || usage
if [[ "$namespace" == default ]]; then
  echo "test-coexistence: refusing the 'default' namespace: use a namespace of its own (e.g. spark)" >&2
  exit 2
fi
for tool in "$SPARKMV" "$KUBECTL" "$HELM"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "test-coexistence: $tool not found" >&2; exit 3; }
done

releases=(spark-35 spark-41)
created_namespace=0
declare -A existed=()
cleaning=0

cleanup() {
  local code=$?
  ((cleaning)) && return
  cleaning=1
  trap - EXIT INT TERM
  if ((keep)); then
    say "--keep: leaving the releases in namespace $namespace"
    exit "$code"
  fi
  # Remove only what this run created, newest first.
  for ((i = ${#releases[@]} - 1; i >= 0; i--)); do
    local release="${releases[i]}"
    if [[ -z "${existed[$release]:-}" ]] && "$HELM" status "$release" --namespace "$namespace" >/dev/null 2>&1; then
      say "removing release $release"
      "$HELM" uninstall "$release" --namespace "$namespace" || code=3
    fi
  done
  if ((created_namespace)); then
    say "removing namespace $namespace"
    "$KUBECTL" delete namespace "$namespace" || code=3
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if "$KUBECTL" get namespace "$namespace" >/dev/null 2>&1; then
  say "namespace $namespace exists; it stays"
else
  "$KUBECTL" create namespace "$namespace"
  created_namespace=1
fi
for release in "${releases[@]}"; do
  if "$HELM" status "$release" --namespace "$namespace" >/dev/null 2>&1; then
    existed[$release]=1
    say "release $release already installed; it stays"
  fi
done

say "installing both releases (pre-flight first)"
"$SPARKMV" deploy --kube --namespace "$namespace" --wait --timeout "${SPARKMV_DEPLOY_TIMEOUT:-10m}" \
  --charts "$root/charts"

say "verifying isolation"
"$SPARKMV" verify --kube --namespace "$namespace"

say "smoke job on Spark 3.5.7 (spark-submit against the standalone master)"
out35="$("$KUBECTL" exec --namespace "$namespace" deploy/spark-35-master -- \
  /opt/spark/bin/spark-submit --master spark://spark-35-master:7077 \
  --class org.apache.spark.examples.SparkPi local:///opt/spark/examples/jars/spark-examples_2.12-3.5.7.jar 10)"
echo "$out35"
grep -q "Pi is roughly" <<<"$out35" || { say "3.5 smoke job printed no result" >&2; exit 1; }

say "smoke job on Spark 4.1.0 (Spark Connect client)"
out41="$("$KUBECTL" exec --namespace "$namespace" -i deploy/spark-41-connect -- \
  /opt/spark/bin/spark-shell --remote sc://spark-41-connect:15002 <<'SCALA'
println("SPARKMV-SMOKE " + spark.version + " rows=" + spark.range(1000).count())
:quit
SCALA
)"
echo "$out41"
grep -q "SPARKMV-SMOKE 4.1" <<<"$out41" || { say "4.1 smoke job printed no result" >&2; exit 1; }

say "coexistence test passed in namespace $namespace"
