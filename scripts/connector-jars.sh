#!/usr/bin/env bash
# The S3A connector jars a Spark chart pins (its connector.jars), one "maven-path sha256" line each: what an image
# for connector.mode=image must carry in /opt/spark/jars. docs/examples/connector-image.Dockerfile builds one.
#   scripts/connector-jars.sh charts/spark-3.5 | charts/spark-4.1
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

case ${1:-} in
  charts/spark-3.5 | charts/spark-3.5/) values=$SPARKMV_ROOT/charts/spark-3.5/charts/spark-standalone/values.yaml ;;
  charts/spark-4.1 | charts/spark-4.1/) values=$SPARKMV_ROOT/charts/spark-4.1/values.yaml ;;
  *) echo "usage: scripts/connector-jars.sh charts/spark-3.5|charts/spark-4.1" >&2; exit 2 ;;
esac
jars=$(connector_jars "$values")
[ -n "$jars" ] || { echo "connector-jars: $values pins no connector.jars" >&2; exit 1; }
printf '%s\n' "$jars"
