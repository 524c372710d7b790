#!/usr/bin/env bash
# The fixture every cluster test needs: `cluster.sh up` from whatever state, then the node is Ready.
source "$(dirname "$0")/lib.sh"
skip_unless_cluster_possible
start=$(date +%s)
# A cluster whose daemons were killed (a machine restart, an ended CI job) leaves its namespace and mounts:
# up refuses that state, so the fixture clears it first.
if ! "$CLUSTER" status >/dev/null 2>&1; then
  "$CLUSTER" down || fail "clearing a stopped cluster's leftovers: down exited $?"
fi
"$CLUSTER" up || fail "scripts/cluster.sh up exited $?"
echo "cluster up in $(($(date +%s) - start)) s"
"$CLUSTER" status || fail "status says the cluster is not up after up"
