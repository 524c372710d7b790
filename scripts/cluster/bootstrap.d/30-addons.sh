#!/usr/bin/env bash
# What a user's cluster has besides Kubernetes itself, each from its pinned Go module: CoreDNS (cluster
# names only: no forward plugin, so nothing is resolved outside), kube-router's network policy controller
# (NetworkPolicy enforcement with iptables and ipset) and rancher's local-path-provisioner (the default
# StorageClass).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

LOCAL_PATH_VERSION=0.0.30
mkdir -p "$BIN_DIR" "$CLUSTER_CACHE/src"

if [ ! -x "$BIN_DIR/coredns" ]; then
  src="$CLUSTER_CACHE/src/coredns-$COREDNS_VERSION"
  if [ ! -f "$src/.prepared" ]; then
    module_source github.com/coredns/coredns "$COREDNS_VERSION" "$src"
    keep=' root metadata cancel timeouts reload ready health errors log loadbalance cache kubernetes loop hosts whoami '
    (
      cd "$src"
      cp plugin.cfg plugin.cfg.orig
      { grep '^#' plugin.cfg.orig || true
        grep -v '^#' plugin.cfg.orig | while IFS= read -r line; do
          case "$keep" in *" ${line%%:*} "*) echo "$line" ;; esac
        done; } >plugin.cfg
      $NICE go run directives_generate.go
    )
    touch "$src/.prepared"
  fi
  (cd "$src" && CGO_ENABLED=0 $NICE go build -trimpath -buildvcs=false -ldflags "-s -w" -o "$BIN_DIR/coredns.tmp" .)
  mv "$BIN_DIR/coredns.tmp" "$BIN_DIR/coredns"
  note "built CoreDNS v$COREDNS_VERSION"
fi

# kube-router runs with its firewall only: the advisory against v2.1.0 (GHSA-phqm-jgc3-qf8g) is in its service
# proxy, which stays off. kube-network-policies (nftables) cannot run here: the kernel has no nft "queue"
# expression, while the iptables NFQUEUE target, ipset and physdev that kube-router uses are present.
if [ ! -x "$BIN_DIR/kube-router" ]; then
  src="$CLUSTER_CACHE/src/kube-router-$KUBE_ROUTER_VERSION"
  module_source github.com/cloudnativelabs/kube-router/v2 "$KUBE_ROUTER_VERSION" "$src" && touch "$src/.prepared"
  (cd "$src" && CGO_ENABLED=0 $NICE go build -trimpath -buildvcs=false -ldflags "-s -w" -o "$BIN_DIR/kube-router.tmp" ./cmd/kube-router)
  mv "$BIN_DIR/kube-router.tmp" "$BIN_DIR/kube-router"
  note "built kube-router v$KUBE_ROUTER_VERSION"
fi

if [ ! -x "$BIN_DIR/local-path-provisioner" ]; then
  src="$CLUSTER_CACHE/src/local-path-provisioner-$LOCAL_PATH_VERSION"
  # Module zips leave out vendor/ trees; its dependencies come from the module proxy like any other.
  module_source github.com/rancher/local-path-provisioner "$LOCAL_PATH_VERSION" "$src" && rm -rf "$src/vendor" && touch "$src/.prepared"
  (cd "$src" && CGO_ENABLED=0 $NICE go build -mod=mod -trimpath -buildvcs=false -ldflags "-s -w" \
    -o "$BIN_DIR/local-path-provisioner.tmp" .)
  mv "$BIN_DIR/local-path-provisioner.tmp" "$BIN_DIR/local-path-provisioner"
  note "built local-path-provisioner v$LOCAL_PATH_VERSION"
fi
