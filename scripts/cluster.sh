#!/usr/bin/env bash
# A real single-node Kubernetes (v1.34) for the test suite and for trying the charts, built from pinned
# sources and run inside its own network namespace; nothing listens on the machine's own addresses.
#
#   scripts/cluster.sh up       build once (scripts/bootstrap.sh --cluster), then start; a no-op when up
#   scripts/cluster.sh env      export lines: eval "$(scripts/cluster.sh env)"
#   scripts/cluster.sh status   what runs; exit 0 when the node is Ready, 3 otherwise
#   scripts/cluster.sh down     stop everything up started and remove what it left; exit 0 when nothing runs
#
# State lives in /var/lib/sparkmv-cluster (SPARKMV_CLUSTER_DIR), binaries in the download cache. Needs root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
case ${1:-} in
  up) exec "$here/cluster/up.sh" ;;
  down) exec "$here/cluster/down.sh" ;;
  status) exec "$here/cluster/status.sh" ;;
  env) exec "$here/cluster/env.sh" ;;
  *)
    echo "usage: scripts/cluster.sh up|env|status|down" >&2
    exit 2
    ;;
esac
