#!/usr/bin/env bash
# How `sparkmv lint` scales with the number of objects. Builds renders of N release pairs by renaming the
# isolated fixture pair (each pair in its own namespace with its own prefixes and databases, so the input lints
# clean), then times in one run: sparkmv lint over all of them, and as the baseline PyYAML's C loader merely
# parsing the same files (what a Python checker would have to do before checking anything). Best of 3 runs.
# Usage: bench/lint-scale.sh [SPARKMV_BINARY] [PAIRS...]
set -euo pipefail
cd "$(dirname "$0")/.."
sparkmv=${1:-build/src/sparkmv}
shift || true
pairs=("$@")
[ ${#pairs[@]} -gt 0 ] || pairs=(10 100 400)
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

printf '| pairs | objects | sparkmv lint (s) | PyYAML parse only (s) | parse / lint |\n|---|---|---|---|---|\n'
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
  objects=$(python3 "$work/parse.py" "$work"/*.yaml)
  "$sparkmv" lint "$work"/*.yaml >/dev/null || { echo "lint found problems in generated input" >&2; exit 1; }
  lint=$(python3 "$work/best.py" "$sparkmv" lint "$work"/*.yaml)
  parse=$(python3 "$work/best.py" python3 "$work/parse.py" "$work"/*.yaml)
  ratio=$(python3 -c "print(f'{$parse / $lint:.1f}')")
  printf '| %s | %s | %s | %s | %sx |\n' "$n" "$objects" "$lint" "$parse" "$ratio"
done
