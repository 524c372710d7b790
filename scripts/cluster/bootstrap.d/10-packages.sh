#!/usr/bin/env bash
# Debian packages the cluster runs on: containerd, runc, the CNI plugins, and the tools kubelet and
# kube-proxy call (etcd is built from its module: 25-etcd). The distribution's own containerd service is
# stopped: its fixed /run/containerd paths would be shared with ours.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

packages=(containerd runc containernetworking-plugins busybox-static conntrack
  iptables ipset socat openssl ebtables ethtool curl gcc libc6-dev iproute2 util-linux mmdebstrap)
install_debian_packages "the cluster" "${packages[@]}" || exit 0
if command -v systemctl >/dev/null 2>&1; then
  as_root systemctl disable --now containerd >/dev/null 2>&1 || true
fi
# Debian starts the services from the package scripts even without systemd running.
pkill -x containerd 2>/dev/null || true
