#!/usr/bin/env bash
# kube-apiserver, kube-controller-manager, kube-scheduler, kubelet and kube-proxy from the k8s.io/kubernetes
# Go module (kubectl comes from the main bootstrap). The module zip lacks staging/src, which its go.mod
# replaces point at: drop the replaces and require the published staging modules instead. The version stamp
# makes /version report the real version (charts gate on kubeVersion).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

binaries=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy)
todo=()
for b in "${binaries[@]}"; do [ -x "$BIN_DIR/$b" ] || todo+=("$b"); done
[ ${#todo[@]} -eq 0 ] && exit 0

command -v go >/dev/null || die "Go is needed to build Kubernetes (looked in PATH and $GO_BIN_DIR)"
v=$K8S_VERSION
staging="0.${v#1.}"
minor=${v#1.}
minor=${minor%%.*}
src="$CLUSTER_CACHE/src/kubernetes-$v"
mkdir -p "$BIN_DIR" "$CLUSTER_CACHE/src"
start=$(date +%s)
if [ ! -f "$src/.prepared" ]; then
  module_source k8s.io/kubernetes "$v" "$src"
  (
    cd "$src"
    rm -rf go.work go.work.sum vendor
    sed -i '/^replace (/,/^)/d' go.mod
    sed -i -E "s#^(\tk8s\.io/[a-z-]+) v0\.0\.0\$#\1 v$staging#" go.mod
    $NICE go mod tidy
  )
  touch "$src/.prepared"
fi
ldflags="-s -w"
for p in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  ldflags="$ldflags -X $p.gitVersion=v$v -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  ldflags="$ldflags -X $p.gitCommit=0000000000000000000000000000000000000000 -X $p.buildDate=2026-01-01T00:00:00Z"
done
out=$(mktemp -d "$CLUSTER_CACHE/build.XXXXXX")
for b in "${todo[@]}"; do
  (cd "$src" && CGO_ENABLED=0 $NICE go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$out/$b" "./cmd/$b")
  mv "$out/$b" "$BIN_DIR/$b"
done
rmdir "$out"
note "built Kubernetes v$v (${todo[*]}) in $(($(date +%s) - start)) s"
