#!/usr/bin/env bash
# `events summary` benchmark: on the reader benchmark's large log (a real fixture's task events replicated),
# times in one run `sparkmv events summary`, the reader alone (`eventlog_bench read`) and the Python baseline
# (bench/summary_baseline.py, json.loads per line), and records peak RSS at 0.5 GB and 2 GB. Appends (or
# replaces) the "events summary" section of bench/RESULTS.md.
# Usage: bench/summary_run.sh [BUILD_DIR] [BIG_MIB]   (default build-bench, 2048). The logs are deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-bench}
big_mib=${2:-2048}
small_mib=$((big_mib / 4))
python_mib=${PYTHON_MIB:-256}
fixture=${BENCH_FIXTURE:-tests/fixtures/eventlogs/3.5/events/$(ls tests/fixtures/eventlogs/3.5/events | grep -E '^local-[0-9]+$' | head -1)}

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSPARKMV_BUILD_BENCH=ON -DSPARKMV_BUILD_TESTS=OFF >/dev/null
ninja -C "$build" eventlog_bench sparkmv >/dev/null
bench="$build/bench/eventlog_bench"
sparkmv="$build/src/sparkmv"
work="$build/summary-bench-data"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

"$bench" make "$fixture" "$work/big" "$big_mib"
"$bench" make "$fixture" "$work/small" "$small_mib"
head -c $((python_mib << 20)) "$work/big" | sed '$d' >"$work/python"

# seconds and peak RSS (KiB) of a command, from GNU time's format.
measure() { /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null; cat "$work/time"; }
cat "$work/big" >/dev/null  # page cache: every variant reads from memory
read -r t_sum rss_big < <(measure "$sparkmv" events summary "$work/big" -o json)
read -r t_sum_small rss_small < <(measure "$sparkmv" events summary "$work/small" -o json)
r_reader=$("$bench" read "$work/big")
t_reader=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["seconds"])' "$r_reader")
read -r t_py rss_py < <(measure python3 bench/summary_baseline.py "$work/python")
# The same totals from both: tasks and CPU time of the Python slice against sparkmv on the same slice.
py_totals=$(python3 bench/summary_baseline.py "$work/python")
cpp_totals=$("$sparkmv" events summary "$work/python" -o json | python3 -c '
import json,sys; j=json.load(sys.stdin); t=j["totals"]
print(json.dumps({"tasks": t["tasks"], "executor_cpu_time_ns": t["executor_cpu_time_ns"], "shuffle_write_bytes": t["shuffle_write_bytes"]}))')

size_big=$(stat -c %s "$work/big")
size_small=$(stat -c %s "$work/small")
size_py=$(stat -c %s "$work/python")
calc() { python3 -c "print(f'{$1:.2f}')"; }
gbps_sum=$(calc "$size_big / $t_sum / 1e9")
gbps_reader=$(calc "$size_big / $t_reader / 1e9")
gbps_py=$(calc "$size_py / $t_py / 1e9")
vs_py=$(calc "($size_big / $t_sum) / ($size_py / $t_py)")
vs_reader=$(calc "$t_reader / $t_sum")

section=$(cat <<MD
## events summary

Produced by \`bench/summary_run.sh $build $big_mib\` on $(nproc) cores, $(date -u +%Y-%m-%d); the log is built as
above (task events of \`$fixture\` replicated). Page cache warm; every figure from this one run.

| what | input | seconds | throughput | ratio |
|---|---|---|---|---|
| \`sparkmv events summary -o json\` | $(numfmt --to=iec "$size_big") | $t_sum | $gbps_sum GB/s | baseline |
| reader alone (\`eventlog_bench read\`) | same | $t_reader | $gbps_reader GB/s | summary at ${vs_reader}x the reader's speed (target >= 0.80) |
| Python \`json.loads\`, same totals (\`bench/summary_baseline.py\`) | first $(numfmt --to=iec "$size_py") | $t_py | $gbps_py GB/s | summary is ${vs_py}x faster (target >= 20) |

Peak RSS of \`events summary\`: $((rss_small / 1024)) MiB for $(numfmt --to=iec "$size_small"), $((rss_big / 1024)) MiB for
$(numfmt --to=iec "$size_big") (target <= 64 MB at both); Python: $((rss_py / 1024)) MiB.
Same totals on the Python slice: Python \`$py_totals\`, sparkmv \`$cpp_totals\`.
MD
)
python3 - "$section" <<'PY'
import re, sys
path = "bench/RESULTS.md"
text = open(path).read()
text = re.sub(r"\n## events summary\n.*?(?=\n## |\Z)", "", text, flags=re.S).rstrip("\n")
open(path, "w").write(text + "\n\n" + sys.argv[1] + "\n")
PY
echo "$section"
