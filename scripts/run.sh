#!/usr/bin/env bash
# The README's run command (after bootstrap and build): render both charts the way the guide installs them
# into one namespace and prove with `sparkmv lint` that the two releases do not collide; then bring up the
# local two-version stack (real Spark 3.5.7 and 4.1.0 side by side, state in .sparkmv/), prove with real jobs
# that the two versions are isolated (`sparkmv verify --local`), and say where to look and how to stop.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

sparkmv=${1:-build/src/sparkmv}
helm="$SPARKMV_TOOLS/bin/helm4"
out=.sparkmv-renders
mkdir -p "$out"

if [ -f charts/spark-3.5/Chart.yaml ] && [ -f charts/spark-4.1/Chart.yaml ]; then
  echo "Rendering the guide's one-namespace install (namespace spark) with $("$helm" version --short)"
  "$helm" template spark-35 charts/spark-3.5 --namespace spark \
    --set spark-standalone.enabled=true \
    --set spark-standalone.hiveMetastore.enabled=true \
    --set spark-standalone.historyServer.enabled=true \
    --set spark-standalone.historyServer.logDirectory="s3a://spark-logs/3.5/events" >"$out/spark-35.yaml"
  "$helm" template spark-41 charts/spark-4.1 --namespace spark \
    --set connect.enabled=true \
    --set hiveMetastore.enabled=true \
    --set hiveMetastore.database.name="metastore_spark41" \
    --set historyServer.enabled=true \
    --set historyServer.logDirectory="s3a://spark-logs/4.1/events" >"$out/spark-41.yaml"
else
  echo "Charts not present yet: linting the rendered fixtures instead"
  cp tests/fixtures/manifests/isolated/spark-35.yaml tests/fixtures/manifests/isolated/spark-41.yaml "$out/"
fi

echo "sparkmv lint $out/spark-35.yaml $out/spark-41.yaml"
"$sparkmv" lint "$out/spark-35.yaml" "$out/spark-41.yaml"

echo
echo "sparkmv up: Spark 3.5.7 and Spark 4.1.0 side by side on this machine"
"$sparkmv" up
echo
echo "sparkmv verify --local: real jobs on both versions, then every isolation check"
"$sparkmv" verify --local
echo
echo "The stack keeps running: History Servers and the comparison report are listed above."
echo "Stop it with: $sparkmv down   (add --purge to delete its data)"
