#!/usr/bin/env bash
# The guide's coexistence test: install Spark 3.5.7 and 4.1.0 side by side in NAMESPACE, prove they are isolated
# (sparkmv verify --kube), run a smoke job on each, and clean up what this run created, on exit or interrupt.
#
# Usage: scripts/test-coexistence.sh [--keep] [-f VALUES]... NAMESPACE
#        scripts/test-coexistence.sh --local [--keep] [--state-dir DIR]
# Releases already installed in NAMESPACE are tested as they are: with both there it installs nothing (an
# upgrade would reset their values), with one of the two it refuses. -f passes a values file to both installs.
# The smoke jobs run in pods of their own, made like the guide's client pods (label, image and S3 Secret of
# the release): spark-sql through the 3.5 standalone master, spark-shell --remote against the 4.1 Connect server.
# --local runs the same story on the local two-version stack: `sparkmv up` (unless a stack already runs in
# DIR), `sparkmv verify --local` (real jobs on Spark 3.5.7 and 4.1.0, every isolation check, the comparison
# report), then stops and deletes the stack it started (--keep leaves it up).
# Exit codes: 0 all good, 1 isolation finding or failed smoke job, 2 bad usage, 3 environment problem.
# Environment: SPARKMV (the sparkmv binary), SPARKMV_KUBECTL / SPARKMV_HELM (kubectl and helm; default from PATH),
#              SPARKMV_DEPLOY_TIMEOUT (helm --timeout, default 10m), SPARKMV_SMOKE_TIMEOUT (seconds per smoke
#              job, default 600).
set -euo pipefail

say() { echo "test-coexistence: $*"; }
usage() {
  echo "usage: $0 [--keep] [-f VALUES]... NAMESPACE | --local [--keep] [--state-dir DIR]" >&2
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
values=()
while (($#)); do
  case "$1" in
    --keep) keep=1 ;;
    -f | --values)
      (($# >= 2)) || usage
      [[ -r "$2" ]] || { echo "test-coexistence: values file $2 cannot be read" >&2; exit 2; }
      values+=(-f "$2")
      shift
      ;;
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
  [[ -z "$namespace" && ${#values[@]} -eq 0 ]] || usage
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
smoke_pods=()
cleaning=0

stop_smoke_pod() {
  "$KUBECTL" delete pod "$1" --namespace "$namespace" --ignore-not-found --wait=false >/dev/null 2>&1
}

cleanup() {
  local code=$?
  ((cleaning)) && return
  cleaning=1
  trap - EXIT INT TERM
  local pod
  for pod in "${smoke_pods[@]}"; do
    stop_smoke_pod "$pod" || code=3
  done
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
    say "release $release already installed; it stays as it is"
  fi
done

case ${#existed[@]} in
  0)
    say "installing both releases (pre-flight first)"
    "$SPARKMV" deploy --kube --namespace "$namespace" --wait --timeout "${SPARKMV_DEPLOY_TIMEOUT:-10m}" \
      --charts "$root/charts" "${values[@]}"
    ;;
  1)
    echo "test-coexistence: only ${!existed[*]} is installed in $namespace: installing the other would upgrade it" \
      "with other values; install both yourself or use an empty namespace" >&2
    exit 2
    ;;
  *) say "both releases installed: testing them as they are" ;;
esac

say "verifying isolation"
"$SPARKMV" verify --kube --namespace "$namespace"

# release_fields RELEASE APP FIELD...: fields of the first container of the release's workload labelled app=APP,
# on one line, in one request.
release_fields() {
  local container=.items[0].spec.template.spec.containers[0] path="" field
  for field in "${@:3}"; do path+="{$container.$field} "; done
  "$KUBECTL" get deploy --namespace "$namespace" -l "app.kubernetes.io/instance=$1,app=$2" -o "jsonpath=${path% }"
}

# The 3.5 smoke pod is the guide's client pod (docs/examples/spark-35-client-pod.yaml) with this run's name and the
# release's image and S3 Secret. The 4.1 Connect client needs no configuration: the label, the image, a /tmp.
client_pod_35() {  # NAME IMAGE SECRET
  sed -e "s#^  name: spark-35-client\$#  name: $1#" -e "s#image: .*#image: $2#" -e "s#name: spark-35-seaweedfs,#name: $3,#" \
    "$root/docs/examples/spark-35-client-pod.yaml"
}
client_pod_41() {  # NAME IMAGE
  cat <<YAML
apiVersion: v1
kind: Pod
metadata: {name: $1, labels: {sparkmv.io/spark-release: spark-41}}
spec:
  automountServiceAccountToken: false
  securityContext: {runAsNonRoot: true, runAsUser: 185, runAsGroup: 185, fsGroup: 185, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: client
      image: $2
      command: [sleep, infinity]
      workingDir: /tmp
      env: [{name: HOME, value: /tmp}, {name: SPARK_SUBMIT_OPTS, value: -Duser.home=/tmp}]
      resources: {requests: {cpu: 100m, memory: 768Mi}, limits: {cpu: "1", memory: 1Gi}}
      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
      volumeMounts: [{name: tmp, mountPath: /tmp}]
  volumes: [{name: tmp, emptyDir: {}}]
YAML
}

# start_smoke_pod NAME MANIFEST_COMMAND...: the pod the command prints, created, Ready, and removed again on exit.
start_smoke_pod() {
  smoke_pods+=("$1")
  "${@:2}" | "$KUBECTL" apply --namespace "$namespace" -f - >/dev/null
  "$KUBECTL" wait --namespace "$namespace" --for=condition=Ready "pod/$1" --timeout=300s >/dev/null ||
    { say "smoke pod $1 did not become Ready" >&2; exit 3; }
}
smoke_timeout=${SPARKMV_SMOKE_TIMEOUT:-600}
suffix=$$

say "smoke job on Spark 3.5.7 (spark-sql in a client pod, executors on the standalone workers)"
read -r image35 secret35 <<<"$(release_fields spark-35 spark-history-server image \
  'env[?(@.name=="AWS_ACCESS_KEY_ID")].valueFrom.secretKeyRef.name' || true)"
[[ -n "${image35:-}" ]] || { say "no History Server Deployment of spark-35 to take the image from" >&2; exit 1; }
start_smoke_pod "spark-35-smoke-$suffix" client_pod_35 "spark-35-smoke-$suffix" "$image35" "$secret35"
out35="$(timeout "$smoke_timeout" "$KUBECTL" exec --namespace "$namespace" "spark-35-smoke-$suffix" -- \
  spark-sql -e "SELECT 'SPARKMV-SMOKE', version(), count(*) FROM range(1000)" 2>&1)" ||
  { echo "$out35" | tail -n 20; say "3.5 smoke job failed" >&2; exit 1; }
stop_smoke_pod "spark-35-smoke-$suffix"
grep -E "SPARKMV-SMOKE"$'\t'"3\.5\.[0-9]+.*"$'\t'"1000" <<<"$out35" ||
  { echo "$out35" | tail -n 20; say "3.5 smoke job printed no result" >&2; exit 1; }

say "smoke job on Spark 4.1.0 (a Spark Connect client: spark-shell --remote sc://spark-41-connect:15002)"
image41=$(release_fields spark-41 spark-connect image)
[[ -n "$image41" ]] || { say "no Connect server Deployment of spark-41 to take the image from" >&2; exit 1; }
start_smoke_pod "spark-41-smoke-$suffix" client_pod_41 "spark-41-smoke-$suffix" "$image41"
# The Connect shell is a REPL (Ammonite: `exit` ends it) that wants a terminal: script(1) gives it one, fed from
# stdin.
out41="$(timeout "$smoke_timeout" "$KUBECTL" exec --namespace "$namespace" -i "spark-41-smoke-$suffix" -- \
  env TERM=dumb script -qec "spark-shell --remote sc://spark-41-connect:15002" /dev/null 2>&1 <<'SCALA'
println("SPARKMV-SMOKE " + spark.version + " rows=" + spark.range(1000).count())
exit
SCALA
)" || { echo "$out41" | tail -n 20; say "4.1 smoke job failed" >&2; exit 1; }
stop_smoke_pod "spark-41-smoke-$suffix"
grep "SPARKMV-SMOKE 4\.1\.[0-9]* rows=1000" <<<"$out41" ||
  { echo "$out41" | tail -n 20; say "4.1 smoke job printed no result" >&2; exit 1; }

say "coexistence test passed in namespace $namespace"
