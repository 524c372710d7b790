#!/usr/bin/env bash
# A failed prerequisite is one line naming it and exit 3, and nothing is started. Each case uses a state
# directory, namespace name and address range of its own, so the real cluster (up or not) is never touched.
# The failures are made on purpose: an address taken by an interface of the test's, a cgroup root that is not one,
# and a Go toolchain that fails (FAKE: no real build failure can be produced on demand).
source "$(dirname "$0")/lib.sh"
case=${1:?case}
skip_unless_cluster_possible
work=$(mktemp -d /tmp/sparkmv-pre.XXXXXX)
cleanup() { ip link del sparkmv-td0 2>/dev/null || true; rm -rf "$work"; }
# Two clusters cannot share containerd's fixed /run/containerd paths: with one running, up stops at that
# check before the one a case is about.
if pgrep -x containerd >/dev/null; then
  echo "SKIP: a containerd runs (the test cluster?): stop it to check $case"
  exit 77
fi
trap cleanup EXIT
export SPARKMV_CLUSTER_DIR=$work/state SPARKMV_CLUSTER_NETNS=sparkmv-pretest SPARKMV_CLUSTER_VETH=sparkmv-pt0
export SPARKMV_CLUSTER_HOST_IP=100.127.251.1 SPARKMV_CLUSTER_NODE_IP=100.127.251.2

expect_refusal() {  # PATTERN: up exits 3 with one line matching PATTERN and starts nothing
  local status=0 out
  out=$("$CLUSTER" up 2>&1) || status=$?
  [ "$status" -eq 3 ] || fail "up exited $status, not 3; said: $out"
  [ "$(echo "$out" | wc -l)" -eq 1 ] || fail "up said more than one line: $out"
  echo "$out" | grep -qE "$1" || fail "up's line does not name the cause ($1): $out"
  [ ! -e /run/netns/sparkmv-pretest ] || fail "a namespace was created"
  [ ! -d "$work/state/run" ] || fail "run state was created"
  pass "refused: $out"
}

case $case in
  address-in-use)
    ip link add sparkmv-td0 type veth peer name sparkmv-td1
    ip addr add 100.127.251.1/30 dev sparkmv-td0
    expect_refusal 'address 100\.127\.251\.1 .* already used by sparkmv-td0'
    ;;
  namespace-in-use)
    had_netns_dir=false
    [ -d /run/netns ] && had_netns_dir=true
    ip netns add sparkmv-pretest
    # shellcheck disable=SC2064
    trap "ip netns del sparkmv-pretest 2>/dev/null; $had_netns_dir || { umount /run/netns 2>/dev/null; rmdir /run/netns 2>/dev/null; }; cleanup" EXIT
    out=$("$CLUSTER" up 2>&1) && fail "up succeeded with the namespace taken: $out"
    echo "$out" | grep -q 'network namespace sparkmv-pretest already exists' || fail "up said: $out"
    [ "$(echo "$out" | wc -l)" -eq 1 ] || fail "up said more than one line: $out"
    pass "refused: $out"
    ;;
  no-cgroup)
    mkdir -p "$work/cgroup"
    SPARKMV_CLUSTER_CGROUP_ROOT=$work/cgroup expect_refusal 'no cgroup memory and cpu hierarchies'
    ;;
  fake-go-build-failure)
    mkdir -p "$work/go/bin" "$work/cache"
    printf '#!/bin/sh\necho "go: simulated build failure" >&2\nexit 1\n' >"$work/go/bin/go"
    chmod +x "$work/go/bin/go"
    SPARKMV_CACHE=$work/cache GO_BIN_DIR=$work/go/bin PATH="$work/go/bin:$PATH" \
      expect_refusal "building the cluster failed in step 20-kubernetes: go: simulated build failure"
    ;;
  *) fail "unknown case $case" ;;
esac
