#!/usr/bin/env bash
# `events summary` benchmark: on the reader benchmark's large log (a real fixture's task events replicated),
# times in one run `sparkmv events summary`, the reader alone (`eventlog_bench read`) and the Python baseline
# (bench/summary_baseline.py, json.loads per line), and records peak RSS at 0.5 GB and 2 GB. Appends (or
# replaces) the "events summary" section of bench/RESULTS.md.
# Usage: bench/summary_run.sh [BUILD_DIR] [BIG_MIB]   (default build-bench, 2048). The logs are deleted at the end.
# Every timing is the best of REPEAT runs (default 3). BEFORE_BUILD=DIR also times DIR/src/sparkmv and
# DIR/bench/eventlog_bench (a build of an earlier version) in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/setup.sh "$@"
build_bench eventlog_bench sparkmv
sparkmv="$build/src/sparkmv"
work="$build/summary-bench-data"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

"$bench" make "$fixture" "$work/big" "$big_mib"
"$bench" make "$fixture" "$work/small" "$small_mib"
head -c $((python_mib << 20)) "$work/big" | sed '$d' >"$work/python"

# Seconds and peak RSS (KiB) of a command: the fastest of REPEAT runs, with the largest RSS of any.
measure() {
  local i
  for ((i = 0; i < repeat; i++)); do
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null
    cat "$work/time"
  done | sort -n | awk 'NR == 1 { t = $1 } $2 > m { m = $2 } END { print t, m }'
}
# The reader's own timing (no process start-up), best of REPEAT: reader_seconds BENCH FILE.
reader_seconds() {
  local i
  for ((i = 0; i < repeat; i++)); do "$1" read "$2"; done |
    python3 -c 'import json,sys; print(min(json.loads(l)["seconds"] for l in sys.stdin))'
}
cat "$work/big" >/dev/null  # page cache: every variant reads from memory
read -r t_sum rss_big < <(measure "$sparkmv" events summary "$work/big" -o json)
read -r t_sum_small rss_small < <(measure "$sparkmv" events summary "$work/small" -o json)
t_reader=$(reader_seconds "$bench" "$work/big")
if [ -n "$before" ]; then
  read -r t_sum_before rss_before < <(measure "$before/src/sparkmv" events summary "$work/big" -o json)
  t_reader_before=$(reader_seconds "$before/bench/eventlog_bench" "$work/big")
fi
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
before_rows=""
if [ -n "$before" ]; then
  before_rows="| previous version's \`sparkmv events summary\` | same | $t_sum_before | $(calc "$size_big / $t_sum_before / 1e9") GB/s | at $(calc "$t_reader_before / $t_sum_before")x the previous reader, $(calc "($size_big / $t_sum_before) / ($size_py / $t_py)")x Python; peak RSS $((rss_before / 1024)) MiB |
| previous version's reader alone | same | $t_reader_before | $(calc "$size_big / $t_reader_before / 1e9") GB/s | |
"
fi

section=$(cat <<MD
## events summary

Produced by \`bench/summary_run.sh $build $big_mib\` on $(nproc) cores, $(date -u +%Y-%m-%d); the log is built as
above (task events of \`$fixture\` replicated). Page cache warm; every figure from this one run, best of $repeat.

| what | input | seconds | throughput | ratio |
|---|---|---|---|---|
| \`sparkmv events summary -o json\` | $(numfmt --to=iec "$size_big") | $t_sum | $gbps_sum GB/s | baseline |
| reader alone (\`eventlog_bench read\`) | same | $t_reader | $gbps_reader GB/s | summary at ${vs_reader}x the reader's speed (target >= 0.80) |
| Python \`json.loads\`, same totals (\`bench/summary_baseline.py\`) | first $(numfmt --to=iec "$size_py") | $t_py | $gbps_py GB/s | summary is ${vs_py}x faster (target >= 20) |
${before_rows}
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
