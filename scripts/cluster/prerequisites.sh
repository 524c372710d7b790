# Checks that the machine can hold the cluster before anything is started (sourced). Each failure is one
# line naming what is missing or in use, and exit 3.
# shellcheck shell=bash

check_prerequisites() {
  [ "$(id -u)" -eq 0 ] || fail "needs root: it creates a network namespace, mounts and cgroups"
  local tool
  for tool in nsenter ip containerd runc iptables conntrack setsid openssl; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool not found: run scripts/bootstrap.sh --cluster"
  done
  [ -x "$KUBECTL" ] || fail "$KUBECTL not found: run scripts/bootstrap.sh"
  if [ -f "$CGROUP_ROOT/cgroup.controllers" ]; then
    grep -qw memory "$CGROUP_ROOT/cgroup.controllers" ||
      fail "no cgroup memory controller in $CGROUP_ROOT/cgroup.controllers: the kubelet cannot limit pods"
  elif [ ! -d "$CGROUP_ROOT/memory" ] || [ ! -d "$CGROUP_ROOT/cpu" ]; then
    fail "no cgroup memory and cpu hierarchies under $CGROUP_ROOT: the kubelet cannot limit pods"
  fi
  grep -qw overlay /proc/filesystems || fail "the kernel has no overlay filesystem: containerd cannot unpack images"
  [ "${#CLUSTER_DIR}" -le 63 ] || fail "state directory $CLUSTER_DIR is longer than 63 characters: unix sockets below it would pass the 107-byte limit"
  case $CLUSTER_DIR in /*) ;; *) fail "state directory $CLUSTER_DIR is not an absolute path" ;; esac
  case $CLUSTER_DIR in *' '*) fail "state directory '$CLUSTER_DIR' contains a space" ;; esac
}

# Run only when none of our daemons runs: anything found then belongs to someone else (or to a cluster that
# died without `down`).
check_free() {
  [ ! -e "/run/netns/$NETNS" ] ||
    fail "network namespace $NETNS already exists and no cluster of ours runs: run scripts/cluster.sh down"
  ! ip link show "$VETH_HOST" >/dev/null 2>&1 ||
    fail "network interface $VETH_HOST already exists: run scripts/cluster.sh down"
  local address
  for address in "$HOST_IP" "$NODE_IP"; do
    if ip -4 -o addr show | awk '{print $4}' | cut -d/ -f1 | grep -qx "$address"; then
      fail "address $address (the cluster's /30) is already used by $(ip -4 -o addr show | awk -v a="$address" 'index($4, a "/") == 1 {print $2}')"
    fi
  done
  local route
  route=$(ip -4 route show to match "$NODE_IP" | grep -v '^default' | head -n 1 || true)
  [ -z "$route" ] || fail "the cluster's address range $NODE_IP/30 is already routed on this machine: $route"
  local foreign
  foreign=$(pgrep -x containerd || true)
  [ -z "$foreign" ] || fail "another containerd runs (pid ${foreign//$'\n'/ }): it shares the fixed /run/containerd paths; stop it first"
}
