#!/usr/bin/env bash
# scripts/test-coexistence.sh against the FAKE kubectl and FAKE helm: one case per run (argument).
# The fakes log every call; each case checks the calls made, the exit code, and what is left behind.
set -euo pipefail
case_name="$1"
root="${SPARKMV_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
fakes="$root/tests/kube"
real_helm="$root/.tools/bin/helm3"
[[ -x "$real_helm" ]] || { echo "SKIP: $real_helm missing (scripts/bootstrap.sh)"; exit 77; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/namespaces" "$work/releases"
export SPARKMV_KUBECTL="$fakes/fake-kubectl" SPARKMV_HELM="$fakes/fake-helm" FAKE_HELM_REAL="$real_helm"
export FAKE_KUBECTL_FIXTURES="$root/tests/fixtures/kube/healthy" FAKE_KUBECTL_LOG="$work/calls"
export FAKE_KUBECTL_STATE="$work/namespaces" FAKE_HELM_STATE="$work/releases"
: >"$work/calls"

fail() {
  echo "FAIL ($case_name): $*" >&2
  echo "--- calls:" >&2
  cat "$work/calls" >&2
  echo "--- output:" >&2
  cat "$work/out" >&2 || true
  exit 1
}
run() {
  set +e
  "$root/scripts/test-coexistence.sh" "$@" >"$work/out" 2>&1
  code=$?
  set -e
}
called() { grep -qF -- "$1" "$work/calls"; }
expect_code() { [[ "$code" == "$1" ]] || fail "exit code $code, expected $1"; }
expect_said() { grep -qF -- "$1" "$work/out" || fail "output lacks: $1"; }
expect_clean() {
  [[ -z "$(ls -A "$work/releases")" ]] || fail "releases left installed: $(ls "$work/releases")"
  [[ ! -e "$work/namespaces/spark" ]] || fail "namespace spark left behind"
  expect_no_smoke_pods
}
expect_no_smoke_pods() {
  ! ls "$work/namespaces" | grep -q '^pod-' || fail "smoke pods left: $(ls "$work/namespaces" | grep '^pod-')"
}

case "$case_name" in
  refuses-default)
    run default
    expect_code 2
    expect_said "refusing the 'default' namespace"
    [[ ! -s "$work/calls" ]] || fail "kubectl or helm was called"
    ;;
  needs-namespace)
    run
    expect_code 2
    expect_said "usage:"
    ;;
  local-takes-no-namespace)
    run --local spark
    expect_code 2
    expect_said "usage:"
    [[ ! -s "$work/calls" ]] || fail "kubectl or helm was called"
    ;;
  happy-path)
    run spark
    expect_code 0
    called "kubectl create namespace spark" || fail "namespace not created"
    called "helm upgrade --install spark-35" || fail "spark-35 not installed"
    called "helm upgrade --install spark-41" || fail "spark-41 not installed"
    called "--wait --timeout 10m" || fail "--wait/--timeout not passed to helm"
    called "helm test spark-35" || fail "verify did not run helm test"
    called "kubectl --request-timeout=30s logs --namespace spark pod/spark-35-history" || fail "no History Server log read"
    called "exec --namespace spark spark-35-smoke-" && called "spark-sql -e" || fail "no 3.5 smoke job in its pod"
    called "--remote sc://spark-41-connect:15002" || fail "no 4.1 Connect smoke job"
    called "helm uninstall spark-41" && called "helm uninstall spark-35" || fail "releases not removed"
    called "kubectl delete namespace spark" || fail "namespace not removed"
    expect_said "coexistence test passed"
    expect_clean
    # Removal order: newest first.
    [[ "$(grep -n 'uninstall spark-41' "$work/calls" | cut -d: -f1)" -lt \
       "$(grep -n 'uninstall spark-35' "$work/calls" | cut -d: -f1)" ]] || fail "uninstall order"
    ;;
  existing-namespace-kept)
    : >"$work/namespaces/spark"
    run spark
    expect_code 0
    called "kubectl create namespace" && fail "created an existing namespace"
    called "kubectl delete namespace" && fail "deleted a namespace it did not create"
    called "helm uninstall spark-35" && called "helm uninstall spark-41" || fail "did not remove the releases it installed"
    [[ -e "$work/namespaces/spark" ]] || fail "the namespace that was there is gone"
    expect_no_smoke_pods
    ;;
  installed-releases-tested-as-they-are)
    : >"$work/namespaces/spark"
    : >"$work/releases/spark-35"
    : >"$work/releases/spark-41"
    run spark
    expect_code 0
    expect_said "testing them as they are"
    called "helm upgrade" && fail "upgraded releases that were installed (their values would be reset)"
    called "helm uninstall" && fail "removed releases it did not install"
    called "helm test spark-35" || fail "verify did not run"
    [[ -e "$work/releases/spark-35" && -e "$work/releases/spark-41" ]] || fail "pre-existing releases changed"
    expect_no_smoke_pods
    ;;
  one-release-refused)
    : >"$work/releases/spark-35"
    run spark
    expect_code 2
    expect_said "only spark-35 is installed"
    called "helm upgrade" && fail "installed next to a lone release"
    [[ -e "$work/releases/spark-35" ]] || fail "the lone release was removed"
    ;;
  verify-failure-cleans-up)
    export FAKE_KUBECTL_FIXTURES="$root/tests/fixtures/kube/shared-metastore"
    run spark
    expect_code 1
    expect_said "metastore databases isolated"
    called "kubectl exec" && fail "smoke jobs ran after a failed verify"
    expect_clean
    ;;
  second-install-fails)
    export FAKE_HELM_FAIL=spark-41
    run spark
    expect_code 3
    expect_said "left untouched: spark-35"
    called "helm uninstall spark-35" || fail "the release this run installed was not removed"
    expect_clean
    ;;
  interrupt-cleans-up)
    # Ctrl-C reaches the whole foreground process group: run the script as its own group (job control on,
    # so the background job does not start with SIGINT ignored) and signal the group.
    export FAKE_KUBECTL_SMOKE_SLEEP=20
    set -m
    "$root/scripts/test-coexistence.sh" spark >"$work/out" 2>&1 &
    pid=$!
    set +m
    for _ in $(seq 1 100); do
      called "kubectl exec" && break
      sleep 0.1
    done
    called "kubectl exec" || fail "never reached the smoke jobs"
    kill -INT -- "-$pid"
    set +e
    wait "$pid"
    code=$?
    set -e
    expect_code 130
    expect_clean
    ;;
  *)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
echo "ok ($case_name)"
