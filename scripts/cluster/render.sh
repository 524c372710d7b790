#!/usr/bin/env bash
# Renders the templates in etc/ into $CLUSTER_DIR/etc, filling in the paths, addresses and the reservation
# that caps the node's allocatable to SPARKMV_CLUSTER_CPUS (2) and SPARKMV_CLUSTER_MEMORY_GIB (8).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cpus=${SPARKMV_CLUSTER_CPUS:-2}
memory_gib=${SPARKMV_CLUSTER_MEMORY_GIB:-8}
machine_cpus=$(nproc)
machine_mib=$(($(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024))
reserved_cpu_m=$(((machine_cpus - cpus) * 1000))
[ "$reserved_cpu_m" -ge 0 ] || reserved_cpu_m=0
# The eviction threshold (100Mi) is taken from allocatable too.
reserved_mib=$((machine_mib - memory_gib * 1024 - 100))
[ "$reserved_mib" -ge 0 ] || reserved_mib=0

cd "$CLUSTER_SCRIPTS/etc"
find . -type f | while IFS= read -r f; do
  mkdir -p "$CLUSTER_DIR/etc/$(dirname "$f")"
  sed -e "s|@CLUSTER_DIR@|$CLUSTER_DIR|g" -e "s|@PKI@|$PKI|g" -e "s|@NODE_IP@|$NODE_IP|g" \
    -e "s|@POD_CIDR@|$POD_CIDR|g" -e "s|@DNS_IP@|$DNS_IP|g" \
    -e "s|@RESERVED_CPU@|${reserved_cpu_m}m|g" -e "s|@RESERVED_MEMORY@|${reserved_mib}Mi|g" \
    "$f" >"$CLUSTER_DIR/etc/$f"
done
