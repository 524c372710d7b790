#!/usr/bin/env bash
# How `sparkmv lint` scales with the number of objects, in two shapes of input:
#  - pairs: N copies of the isolated fixture pair, renamed so that every pair lives in its own namespace with
#    its own prefixes and databases (many releases, few objects each);
#  - objects: one pair of releases in one namespace with N objects between them (Deployments, the Services
#    selecting them, and a spark-defaults ConfigMap each with its own event-log and warehouse prefixes): the
#    shape where every object meets every other one if a rule compares pairs.
# Both inputs lint clean, so every rule runs to completion. In the same run, as the baseline, PyYAML's C
# loader merely parses the same files (what a Python checker would have to do before checking anything).
# Best of 3 runs each. "per object" is the time divided by the objects, so that a linear tool keeps it flat.
# Usage: bench/lint-scale.sh [SPARKMV_BINARY] [PAIRS...]   (OBJECTS="10000 50000" sets the second shape)
set -euo pipefail
cd "$(dirname "$0")/.."
sparkmv=${1:-build/src/sparkmv}
shift || true
pairs=("$@")
[ ${#pairs[@]} -gt 0 ] || pairs=(10 100 400)
read -r -a objects <<<"${OBJECTS:-10000 50000}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/parse.py" <<'PY'
import sys, yaml
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
n = 0
for path in sys.argv[1:]:
    with open(path) as f:
        n += sum(1 for d in yaml.load_all(f, Loader=loader) if d)
print(n)
PY
cat >"$work/best.py" <<'PY'
import subprocess, sys, time
best = None
for _ in range(3):
    start = time.perf_counter()
    done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
    if done.returncode not in (0, 1):
        sys.exit(f"{sys.argv[1]} failed with {done.returncode}")
    elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)
print(f"{best:.4f}")
PY
# One release pair in namespace "spark" with about N objects: N/6 Deployment + Service + ConfigMap triples
# per release.
cat >"$work/wide.py" <<'PY'
import sys
total, out = int(sys.argv[1]), sys.argv[2]
for v, version in (("35", "3.5.7"), ("41", "4.1.0")):
    release = f"spark-{v}"
    with open(f"{out}/{release}.yaml", "w") as f:
        for i in range(total // 6):
            name = f"r{v}-w{i}"
            labels = f"{{app: {name}, app.kubernetes.io/instance: {release}}}"
            f.write(f"""---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}, namespace: spark, labels: {{app.kubernetes.io/instance: {release}, app.kubernetes.io/version: "{version}"}}}}
spec:
  selector: {{matchLabels: {labels}}}
  template:
    metadata: {{labels: {labels}}}
    spec:
      serviceAccountName: {name}
      containers: [{{name: main, image: "apache/spark:{version}", args: [--conf, spark.executor.cores=1]}}]
      volumes: [{{name: conf, configMap: {{name: {name}-conf}}}}]
---
apiVersion: v1
kind: Service
metadata: {{name: {name}, namespace: spark, labels: {{app.kubernetes.io/instance: {release}}}}}
spec: {{selector: {labels}}}
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: {name}-conf, namespace: spark, labels: {{app.kubernetes.io/instance: {release}}}}}
data:
  spark-defaults.conf: |
    spark.master spark://{release}-master:7077
    spark.eventLog.enabled true
    spark.eventLog.dir s3a://spark-logs/{v}/{name}
    spark.sql.warehouse.dir s3a://spark-warehouse/{v}/{name}
    spark.hadoop.fs.s3a.endpoint http://minio:9000
""")
PY

# measure LABEL N FILES...: one table row.
measure() {
  local label=$1 n=$2
  shift 2
  local count lint parse
  count=$(python3 "$work/parse.py" "$@")
  "$sparkmv" lint "$@" >/dev/null || { echo "lint found problems in generated input" >&2; exit 1; }
  lint=$(python3 "$work/best.py" "$sparkmv" lint "$@")
  parse=$(python3 "$work/best.py" python3 "$work/parse.py" "$@")
  python3 -c "
count, lint, parse = $count, $lint, $parse
print(f'| $label | $n | {count} | {lint} | {lint / count * 1e6:.1f} | {parse} | {parse / lint:.1f}x |')"
}

printf '| shape | N | objects | sparkmv lint (s) | per object (us) | PyYAML parse only (s) | parse / lint |\n'
printf '|---|---|---|---|---|---|---|\n'
for n in "${pairs[@]}"; do
  rm -f "$work"/*.yaml
  for i in $(seq 1 "$n"); do
    for v in 35 41; do
      sed -e "s/spark-$v/r$i-spark-$v/g" -e "s/namespace: spark\$/namespace: ns-$i/" \
          -e "s#spark-logs/#spark-logs/r$i/#g" -e "s#spark-warehouse/#spark-warehouse/r$i/#g" \
          -e "s/metastore_spark$v/metastore_r${i}_$v/g" \
          "tests/fixtures/manifests/isolated/spark-$v.yaml" >"$work/r$i-$v.yaml"
    done
  done
  measure pairs "$n" "$work"/*.yaml
done
for n in "${objects[@]}"; do
  rm -f "$work"/*.yaml
  python3 "$work/wide.py" "$n" "$work"
  measure objects "$n" "$work"/*.yaml
done
