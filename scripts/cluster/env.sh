#!/usr/bin/env bash
# Prints the settings that point kubectl, helm and sparkmv at the cluster, for eval. Helm 4 is the default;
# SPARKMV_HELM=.../helm3 picks the other pinned Helm.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
printf 'export KUBECONFIG=%q\n' "$KUBECONFIG_ADMIN"
printf 'export SPARKMV_KUBECTL=%q\n' "$KUBECTL"
printf 'export SPARKMV_HELM=%q\n' "$SPARKMV_TOOLS/bin/helm4"
[ -f "$KUBECONFIG_ADMIN" ] || echo "cluster: not built yet: scripts/cluster.sh up" >&2
