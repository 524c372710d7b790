#!/usr/bin/env bash
# What the cluster's application images are made of (scripts/cluster/images.sh assembles them at `up`): the
# Debian base layers, written once by mmdebstrap and kept with the downloads (keyed by their recipe), and the
# pinned jars from Maven Central: the Hive Metastore's, and every jar the charts' values pin, which the
# in-cluster jar mirror serves.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

mkdir -p "$ROOTFS_DIR"
for kind in jvm postgresql; do
  tar=$(rootfs_tar "$kind")
  [ -f "$tar" ] && continue
  note "writing the $kind base layer with mmdebstrap (Debian bookworm; a few minutes)"
  log=$(mktemp)
  if ! $NICE "$CLUSTER_SCRIPTS/images/rootfs.sh" "$kind" "$tar" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    rm -f "$log" "$tar.tmp" "$tar.packages.tmp"
    die "mmdebstrap could not write the $kind base layer"
  fi
  rm -f "$log"
  # Older recipes' layers are not used any more.
  find "$ROOTFS_DIR" -maxdepth 1 -name "$kind-*.tar*" ! -name "$(basename "$tar")*" -delete
done

while read -r path sha; do
  maven_fetch "$path" "$sha" >/dev/null
done < <(pinned_jars "$CLUSTER_SCRIPTS/images/hive/jars.txt" $(mirror_values))
