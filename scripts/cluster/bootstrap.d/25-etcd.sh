#!/usr/bin/env bash
# etcd from its Go module. Debian 12's etcd (3.4.23) predates RequestWatchProgress, and Kubernetes 1.34 then
# answers every watch-list request with an error; client-go falls back to a plain list, but the fabric8 client
# inside Spark (3.5 and 4.1) retries forever, so `spark-submit` on Kubernetes never sees its driver finish.
# etcd 3.6 is the line Kubernetes 1.34 is released with.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

[ -x "$ETCD_BIN" ] && exit 0
src="$CLUSTER_CACHE/src/etcd-$ETCD_VERSION"
rm -rf "$src"
mkdir -p "$src" "$(dirname "$ETCD_BIN")"
# A module of our own that requires etcd's server module: its main package is the etcd binary.
cat >"$src/go.mod" <<MOD
module sparkmv.local/etcd

go 1.24
MOD
(cd "$src" && go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION" &&
  CGO_ENABLED=0 $NICE go build -trimpath -ldflags "-s -w" -o "$ETCD_BIN.tmp" go.etcd.io/etcd/server/v3)
mv "$ETCD_BIN.tmp" "$ETCD_BIN"
note "built etcd v$ETCD_VERSION"
