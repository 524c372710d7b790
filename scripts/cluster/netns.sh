#!/usr/bin/env bash
# The cluster's network namespace and the veth pair that joins it to the machine: up | down.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

case ${1:-} in
  up)
    ip netns add "$NETNS"
    ip link add "$VETH_HOST" type veth peer name "$VETH_NS"
    ip link set "$VETH_NS" netns "$NETNS"
    ip addr add "$HOST_IP/30" dev "$VETH_HOST"
    ip link set "$VETH_HOST" up
    $NSX ip link set lo up
    $NSX ip addr add "$NODE_IP/30" dev "$VETH_NS"
    $NSX ip link set "$VETH_NS" up
    # Pods need a default route to exist; the machine side forwards nothing, so nothing leaves.
    $NSX ip route add default via "$HOST_IP"
    $NSX sysctl -qw net.ipv4.ip_forward=1
    $NSX sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null || true
    ;;
  down)
    ip link del "$VETH_HOST" 2>/dev/null || true
    ip netns del "$NETNS" 2>/dev/null || true
    ;;
  *)
    echo "usage: netns.sh up|down" >&2
    exit 2
    ;;
esac
