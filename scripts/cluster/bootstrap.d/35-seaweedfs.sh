#!/usr/bin/env bash
# SeaweedFS (Apache-2.0), the S3 server of the cluster's images, from its Go module at a pinned commit: the
# module proxy serves only pseudo-versions of it. One static binary, `weed`.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

[ -x "$SEAWEEDFS_BIN" ] && exit 0
src="$CLUSTER_CACHE/src/seaweedfs-$SEAWEEDFS_VERSION"
module_source github.com/seaweedfs/seaweedfs "$SEAWEEDFS_VERSION" "$src" && touch "$src/.prepared"
mkdir -p "$(dirname "$SEAWEEDFS_BIN")"
(cd "$src" && CGO_ENABLED=0 $NICE go build -mod=mod -trimpath -buildvcs=false -ldflags "-s -w" -o "$SEAWEEDFS_BIN.tmp" ./weed)
mv "$SEAWEEDFS_BIN.tmp" "$SEAWEEDFS_BIN"
note "built SeaweedFS $SEAWEEDFS_VERSION"
