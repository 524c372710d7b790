# Settings and helpers shared by scripts/cluster.sh and its steps (sourced). Every value can be overridden
# from the environment, but the defaults are what the tests and the documentation assume.
# shellcheck shell=bash
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)/common.sh"

CLUSTER_SCRIPTS="$SPARKMV_ROOT/scripts/cluster"
K8S_VERSION=${K8S_VERSION:-1.34.4}
COREDNS_VERSION=${COREDNS_VERSION:-1.12.4}
KUBE_ROUTER_VERSION=${KUBE_ROUTER_VERSION:-2.1.0}
ETCD_VERSION=${ETCD_VERSION:-3.6.16}
# The commit of 2026-11-09, `weed version` 4.53 (the newest the module proxy serves; it lists no tagged versions).
SEAWEEDFS_VERSION=${SEAWEEDFS_VERSION:-0.0.0-20261109003541-7506e5f91cd6}
# The state directory is short and fixed: kubelet's device-plugin socket lives 44 bytes below it and unix
# socket paths are limited to 107 bytes.
CLUSTER_DIR=${SPARKMV_CLUSTER_DIR:-/var/lib/sparkmv-cluster}
# Built binaries are kept with the other downloads, keyed by version, so fresh clones skip the build.
CLUSTER_CACHE="$SPARKMV_CACHE/cluster"
BIN_DIR="$CLUSTER_CACHE/bin-k8s$K8S_VERSION-coredns$COREDNS_VERSION-kuberouter$KUBE_ROUTER_VERSION"
ETCD_BIN="$CLUSTER_CACHE/bin-etcd$ETCD_VERSION/etcd"
SEAWEEDFS_BIN="$CLUSTER_CACHE/bin-seaweedfs-${SEAWEEDFS_VERSION##*-}/weed"
PKI="$CLUSTER_DIR/pki"
# Names carry the sparkmv prefix so nothing of the host's is mistaken for ours; the tests of failed
# prerequisites give theirs.
NETNS=${SPARKMV_CLUSTER_NETNS:-sparkmv-k8s}
VETH_HOST=${SPARKMV_CLUSTER_VETH:-sparkmv-h0}
VETH_NS=${VETH_HOST}n
CGROUP_ROOT=${SPARKMV_CLUSTER_CGROUP_ROOT:-/sys/fs/cgroup}
# A /30 of the shared address space (RFC 6598): not the host's own networks, not the pods' or Services'.
HOST_IP=${SPARKMV_CLUSTER_HOST_IP:-100.127.250.1}
NODE_IP=${SPARKMV_CLUSTER_NODE_IP:-100.127.250.2}
POD_CIDR=10.244.0.0/24
SERVICE_CIDR=10.96.0.0/16
DNS_IP=10.96.0.10
NODE_NAME=sparkmv-node
GO_BIN_DIR=${GO_BIN_DIR:-/usr/local/go/bin}
NICE=${NICE-nice -n 19}
export GOPATH="$CLUSTER_CACHE/go" GOCACHE="$CLUSTER_CACHE/go-build" GOWORK=off GOTOOLCHAIN=local GOFLAGS=-modcacherw
case ":$PATH:" in *":$GO_BIN_DIR:"*) ;; *) PATH="$GO_BIN_DIR:$PATH" ;; esac
export PATH

NSX="nsenter --net=/run/netns/$NETNS"
CTR="ctr --address $CLUSTER_DIR/run/containerd/containerd.sock -n k8s.io"
KUBECTL="$SPARKMV_TOOLS/bin/kubectl"
KUBECONFIG_ADMIN="$PKI/admin.kubeconfig"

fail() { echo "cluster: $*" >&2; exit 3; }
say() { echo "cluster: $*"; }

# wait_for SECONDS WHAT COMMAND...: polls COMMAND every half second; false (with a message) at the deadline.
wait_for() {
  local limit=$1 what=$2 start
  shift 2
  start=$(date +%s)
  until "$@" >/dev/null 2>&1; do
    if [ $(($(date +%s) - start)) -ge "$limit" ]; then
      echo "cluster: timed out after ${limit}s waiting for $what" >&2
      return 1
    fi
    sleep 0.5
  done
}

kc() { "$KUBECTL" --kubeconfig "$KUBECONFIG_ADMIN" "$@"; }

# module_source MODULE VERSION DIR: a writable copy of a module's source (the module cache is read-only), unless
# DIR is already prepared (the caller touches DIR/.prepared once its own edits are done).
module_source() {
  local module=$1 version=$2 dir=$3
  [ -f "$dir/.prepared" ] && return 0
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  go mod download "$module@v$version"
  cp -r "$GOPATH/pkg/mod/$module@v$version" "$dir"
  chmod -R u+w "$dir"
}

# The images' Debian base layers (scripts/cluster/images/rootfs.sh), named after their recipe.
ROOTFS_DIR="$CLUSTER_CACHE/rootfs"
rootfs_tar() { echo "$ROOTFS_DIR/$1-$(sha256sum "$CLUSTER_SCRIPTS/images/rootfs.sh" | cut -c1-12).tar"; }
# The charts' values whose pinned jars the jar mirror serves.
mirror_values() {
  find "$SPARKMV_ROOT/charts" -name values.yaml | sort
}
