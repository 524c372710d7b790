#!/usr/bin/env bash
# The fixture's cleanup: `cluster.sh down` leaves nothing of the cluster on the machine (processes, mounts,
# namespace, veth, cgroups, run state; kernel settings as before), and a second down exits 0.
source "$(dirname "$0")/lib.sh"
skip_unless_cluster_possible
dir=${SPARKMV_CLUSTER_DIR:-/var/lib/sparkmv-cluster}
pids=$(cat "$dir"/run/*.pid 2>/dev/null || true)
sysctls_before=""
[ -f "$dir/sysctl-before.conf" ] && sysctls_before=$(cat "$dir/sysctl-before.conf")

"$CLUSTER" down || fail "down exited $?"
for pid in $pids; do
  ! kill -0 "$pid" 2>/dev/null || fail "process $pid ($(tr '\0' ' ' </proc/"$pid"/cmdline)) still runs"
done
! pgrep -f "containerd-shim-runc-v2 .*$dir/" >/dev/null || fail "a containerd shim of the cluster still runs"
[ ! -e /run/netns/sparkmv-k8s ] || fail "network namespace sparkmv-k8s is left"
! ip link show sparkmv-h0 >/dev/null 2>&1 || fail "veth sparkmv-h0 is left"
! grep -qE " ($dir/|/run/netns/cni-|/run/containerd/)" /proc/mounts || fail "mounts are left: $(grep -E " ($dir/|/run/containerd/)" /proc/mounts | head -3)"
leftover=$(find /sys/fs/cgroup -maxdepth 2 -type d \( -name kubepods -o -name k8s.io \) 2>/dev/null)
[ -z "$leftover" ] || fail "cgroups are left: $leftover"
[ ! -e "$dir/run" ] && [ ! -e "$dir/var" ] || fail "run state is left under $dir"
[ ! -e /run/containerd ] || fail "/run/containerd is left"
while IFS= read -r setting; do
  [ -n "$setting" ] || continue
  now=$(sysctl -n "${setting%%=*}")
  [ "$now" = "${setting#*=}" ] || fail "${setting%%=*} is $now, was ${setting#*=} before the cluster"
done <<<"$sysctls_before"
pass "nothing left after down"

out=$("$CLUSTER" down) || fail "down when nothing runs exited $?"
echo "$out" | grep -q 'nothing runs' || fail "down when nothing runs said: $out"
pass "down when nothing runs exits 0"
