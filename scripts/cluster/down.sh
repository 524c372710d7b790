#!/usr/bin/env bash
# Stops everything up started, by pid, and removes what it left: pods (through the kubelet while it still
# runs), containers, mounts, cgroups, the network namespace and its veth, the run state; restores the kernel
# settings the kubelet changed. Keeps the binaries, images and certificates. Exit 0 when nothing runs.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
source "$CLUSTER_SCRIPTS/daemons.sh"

[ "$(id -u)" -eq 0 ] || fail "needs root"
anything=false
for d in "${DAEMONS[@]}"; do daemon_running "$d" && anything=true; done
if ! $anything && [ ! -e "/run/netns/$NETNS" ] && ! ip link show "$VETH_HOST" >/dev/null 2>&1 &&
  [ ! -d "$CLUSTER_DIR/var" ]; then
  say "nothing runs"
  exit 0
fi

# Pods first, while the kubelet can still tear down their sandboxes, networks and volumes.
if daemon_running kubelet && daemon_running kube-apiserver; then
  namespaces=$(kc get namespaces -o name 2>/dev/null |
    grep -vE '/(default|kube-system|kube-public|kube-node-lease)$' | cut -d/ -f2)
  [ -z "$namespaces" ] || kc delete namespace --wait=false $namespaces >/dev/null 2>&1
  kc delete deployments,daemonsets,statefulsets,jobs,replicasets --all -A --wait=false >/dev/null 2>&1
  kc delete pods --all -A --grace-period=0 --force >/dev/null 2>&1
  for _ in $(seq 1 60); do [ -z "$($CTR tasks ls -q 2>/dev/null)" ] && break; sleep 1; done
fi
stop_daemon kube-router
stop_daemon kube-proxy
stop_daemon kubelet
if daemon_running containerd; then
  for task in $($CTR tasks ls -q 2>/dev/null); do $CTR tasks kill -s SIGKILL "$task" >/dev/null 2>&1; done
  sleep 1
  for c in $($CTR containers ls -q 2>/dev/null); do
    $CTR tasks rm -f "$c" >/dev/null 2>&1
    $CTR containers rm "$c" >/dev/null 2>&1
  done
fi
stop_daemon containerd
# Shims outlive containerd; each one serves a sandbox of ours.
pkill -9 -f "containerd-shim-runc-v2 .*-address $CLUSTER_DIR/" 2>/dev/null
for d in kube-scheduler kube-controller-manager kube-apiserver etcd; do stop_daemon "$d"; done

# Mounts below the state directory, the pods' network namespaces, containerd's fixed runtime paths.
awk -v d="$CLUSTER_DIR/" 'index($2, d) == 1 || index($2, "/run/netns/cni-") == 1 || index($2, "/run/containerd/") == 1 {print $2}' \
  /proc/mounts | sort -r | while IFS= read -r m; do umount -l "$m" 2>/dev/null; done
rm -f /run/netns/cni-* 2>/dev/null
for hierarchy in "$CGROUP_ROOT"/*/ "$CGROUP_ROOT"/; do
  for top in kubepods k8s.io; do
    [ -d "$hierarchy$top" ] && find "$hierarchy$top" -depth -type d -exec rmdir {} \; 2>/dev/null
  done
done
"$CLUSTER_SCRIPTS/netns.sh" down
if [ -d /run/netns ] && [ -z "$(ls -A /run/netns)" ]; then
  umount /run/netns 2>/dev/null
  rmdir /run/netns 2>/dev/null
fi
rm -rf /run/containerd
if [ -f "$CLUSTER_DIR/sysctl-before.conf" ]; then
  while IFS= read -r setting; do sysctl -qw "$setting"; done <"$CLUSTER_DIR/sysctl-before.conf"
  rm -f "$CLUSTER_DIR/sysctl-before.conf"
fi
rm -rf "$CLUSTER_DIR/var" "$CLUSTER_DIR/run"
say "down"
