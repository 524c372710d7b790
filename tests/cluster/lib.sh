# Shared by the cluster tests (sourced): skip or fail when the machine cannot hold the cluster, assertions,
# a namespace per test, and a dump of the cluster's state into the test's output folder when it fails.
# shellcheck shell=bash
set -euo pipefail
SPARKMV_ROOT=${SPARKMV_ROOT:?}
CLUSTER=$SPARKMV_ROOT/scripts/cluster.sh
TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}

# The machine can hold the cluster: root, network namespaces, a Go toolchain or built binaries. Otherwise
# the test is skipped (77) with the reason, or fails when SPARKMV_REQUIRE_CLUSTER=1 (CI).
skip_unless_cluster_possible() {
  local reason=""
  if [ "$(id -u)" -ne 0 ]; then
    reason="not root"
  elif ! command -v nsenter >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1; then
    reason="no nsenter or ip"
  elif ! command -v go >/dev/null 2>&1 && [ ! -x /usr/local/go/bin/go ] &&
    ! ls "${SPARKMV_CACHE:-$HOME/.cache/sparkmv}"/cluster/bin-*/kube-apiserver >/dev/null 2>&1; then
    reason="no Go toolchain and no built cluster binaries"
  fi
  [ -z "$reason" ] && return 0
  if [ "${SPARKMV_REQUIRE_CLUSTER:-0}" = 1 ]; then
    echo "FAIL: the cluster cannot run here ($reason) and SPARKMV_REQUIRE_CLUSTER=1" >&2
    exit 1
  fi
  echo "SKIP: the cluster cannot run here: $reason"
  exit 77
}

# The tests that use the cluster need it up (the cluster.up fixture); a missing cluster is a failure.
use_cluster() {
  skip_unless_cluster_possible
  eval "$("$CLUSTER" env)"
  "$CLUSTER" status >/dev/null || { echo "FAIL: the cluster is not up (see cluster.up)" >&2; exit 1; }
  KUBECTL=$SPARKMV_KUBECTL
  trap on_exit EXIT
}

k() { "$KUBECTL" "$@"; }

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# A namespace of the test's own, removed at the end whatever happened.
make_namespace() {
  TEST_NAMESPACE=sparkmv-t-$(echo "$TEST_NAME" | tr '_.' '--' | cut -c1-40)
  k delete namespace "$TEST_NAMESPACE" --ignore-not-found --wait=true >/dev/null
  k create namespace "$TEST_NAMESPACE" >/dev/null
  for _ in $(seq 1 60); do k -n "$TEST_NAMESPACE" get serviceaccount default >/dev/null 2>&1 && return 0; sleep 0.5; done
  fail "namespace $TEST_NAMESPACE has no default ServiceAccount after 30 s"
}

on_exit() {
  local status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; then dump_cluster; fi
  if [ -n "${TEST_NAMESPACE:-}" ]; then k delete namespace "$TEST_NAMESPACE" --wait=false >/dev/null 2>&1 || true; fi
  exit "$status"
}

dump_cluster() {
  local OUT_DIR=${SPARKMV_CLUSTER_TEST_OUT:-${TMPDIR:-/tmp}/sparkmv-cluster-tests}/$TEST_NAME
  mkdir -p "$OUT_DIR"
  echo "dumping the cluster's state into $OUT_DIR" >&2
  k get all,pvc,pv,networkpolicies,events -A -o wide >"$OUT_DIR/get-all.txt" 2>&1 || true
  k describe nodes >"$OUT_DIR/describe-nodes.txt" 2>&1 || true
  local ns
  for ns in ${TEST_NAMESPACE:-} kube-system local-path-storage; do
    k -n "$ns" describe pods >"$OUT_DIR/describe-pods-$ns.txt" 2>&1 || true
    local pod
    for pod in $(k -n "$ns" get pods -o name 2>/dev/null); do
      k -n "$ns" logs --all-containers --tail=200 "$pod" >"$OUT_DIR/logs-$ns-${pod#pod/}.txt" 2>&1 || true
    done
  done
}

# busybox_pod NAME COMMAND [LABEL=VALUE]: a busybox pod in the test namespace, non-root, waited Ready.
busybox_pod() {
  local name=$1 command=$2 label=${3:-app=$1}
  k -n "$TEST_NAMESPACE" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Pod
metadata: {name: $name, labels: {${label%%=*}: "${label#*=}"}}
spec:
  securityContext: {runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534}
  terminationGracePeriodSeconds: 1
  containers:
    - name: main
      image: local/busybox:1.35
      imagePullPolicy: Never
      command: [sh, -c, '$command']
      resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {memory: 64Mi}}
      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
YAML
  k -n "$TEST_NAMESPACE" wait --for=condition=Ready "pod/$name" --timeout=120s >/dev/null ||
    fail "pod $name not Ready within 120 s"
}

# http_from POD URL: the body fetched from inside POD, or false when it cannot connect within 5 s.
http_from() {
  k -n "$TEST_NAMESPACE" exec "$1" -- timeout 5 wget -qO- "$2" 2>/dev/null
}
