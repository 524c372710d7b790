#!/usr/bin/env bash
# What of the cluster runs: each daemon with its pid, the node's readiness, the add-ons. Exit 0 when all
# daemons run and the node is Ready, 3 otherwise.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
source "$CLUSTER_SCRIPTS/daemons.sh"

ok=true
for d in "${DAEMONS[@]}"; do
  if daemon_running "$d"; then
    printf '%-24s running (pid %s)\n' "$d" "$(daemon_pid "$d")"
  else
    printf '%-24s stopped\n' "$d"
    ok=false
  fi
done
if $ok; then
  ready=$(kc get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)
  printf '%-24s %s\n' "node $NODE_NAME" "$([ "$ready" = True ] && echo Ready || echo "not Ready")"
  [ "$ready" = True ] || ok=false
  kc get pods -n kube-system -o wide --no-headers 2>/dev/null | awk '{printf "%-24s %s\n", "pod " $1, $3}'
  kc get pods -n local-path-storage --no-headers 2>/dev/null | awk '{printf "%-24s %s\n", "pod " $1, $3}'
  echo "api server               https://$NODE_IP:6443 (network namespace $NETNS, state $CLUSTER_DIR)"
fi
$ok || exit 3
