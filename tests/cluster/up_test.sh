#!/usr/bin/env bash
# The fixture every cluster test needs: `cluster.sh up` from whatever state, then the node is Ready.
source "$(dirname "$0")/lib.sh"
skip_unless_cluster_possible
start=$(date +%s)
"$CLUSTER" up || fail "scripts/cluster.sh up exited $?"
echo "cluster up in $(($(date +%s) - start)) s"
"$CLUSTER" status || fail "status says the cluster is not up after up"
