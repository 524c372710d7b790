#!/usr/bin/env bash
# `events summary` benchmark on both task-end layouts: a log built from a real Spark 3.5.7 fixture and one from
# a real Spark 4.1.0 fixture (each one's task events replicated with fresh task ids, eventlog_bench make). For
# each, in one run: `cat` and the Python json.loads baseline (bench/summary_baseline.py, same totals) against
# `sparkmv events summary` on one thread and on two, uncompressed and as multi-frame zstd (as Spark's zstd
# writes it) against `zstd -dc`; peak RSS at a quarter of the size and at the full size; and how many task
# ends fell back to the general parser. Appends (or replaces) the "events summary" section of bench/RESULTS.md.
# Usage: bench/summary_run.sh [BUILD_DIR] [BIG_MIB]   (default build-bench, 2048). The logs are deleted at the end.
# Every timing is the best of REPEAT runs (default 3): the machine is often shared, and the minimum is the
# figure least disturbed by other work. The load average is recorded before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/setup.sh "$@"
build_bench eventlog_bench sparkmv
sparkmv="$build/src/sparkmv"
work="$build/summary-bench-data"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

fixture_of() {  # the path of an expected.json fixture
  python3 -c 'import json,sys; d=json.load(open("tests/fixtures/eventlogs/expected.json"))
print("tests/fixtures/eventlogs/" + next(f["path"] for f in d["fixtures"] if f["fixture"] == sys.argv[1]))' "$1"
}
shapes="35 41"
declare -A source=([35]=$(fixture_of 35-basic) [41]=$(fixture_of 41-rolling))
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# Seconds and peak RSS (KiB) of a command: the fastest of REPEAT runs, with the largest RSS of any.
measure() {
  local i
  for ((i = 0; i < repeat; i++)); do
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null
    cat "$work/time"
  done | sort -n | awk 'NR == 1 { t = $1 } $2 > m { m = $2 } END { print t, m }'
}
seconds() { measure "$@" | cut -d' ' -f1; }
calc() { python3 -c "print(f'{$1:.2f}')"; }
json_field() { python3 -c 'import json,sys; j=json.load(sys.stdin); print(eval("j" + sys.argv[1]))' "$1"; }

rows=""
notes=""
for s in $shapes; do
  big="$work/$s-big" small="$work/$s-small" py="$work/$s-python" z="$work/$s-big.zstd"
  "$bench" make "${source[$s]}" "$big" "$big_mib"
  "$bench" make "${source[$s]}" "$small" "$small_mib"
  head -c $((python_mib << 20)) "$big" | sed '$d' >"$py"
  # Many frames, as zstd-jni leaves them when Spark flushes: 4 MiB of log per frame.
  split -b 4M --filter="zstd -q -1 -c >>'$z'" "$big"
  size_big=$(stat -c %s "$big") size_py=$(stat -c %s "$py") size_z=$(stat -c %s "$z")
  cat "$big" "$z" "$small" >/dev/null  # page cache: every variant reads from memory

  t_cat=$(seconds cat "$big")
  read -r t1 rss1 < <(measure "$sparkmv" events summary "$big" -o json -j 1)
  read -r t2 rss2 < <(measure "$sparkmv" events summary "$big" -o json -j 2)
  read -r _ rss_small < <(measure "$sparkmv" events summary "$small" -o json -j 2)
  t_py=$(seconds python3 bench/summary_baseline.py "$py")
  t_zcat=$(seconds zstd -dc "$z")
  read -r tz1 rssz < <(measure "$sparkmv" events summary "$z" -o json -j 1)
  read -r tz2 rssz2 < <(measure "$sparkmv" events summary "$z" -o json -j 2)
  out=$("$sparkmv" events summary "$big" -o json)
  tasks=$(echo "$out" | json_field '["totals"]["tasks"]')
  fallbacks=$(echo "$out" | json_field '["task_end_fallbacks"]')
  # The same totals from Python and sparkmv on the Python slice.
  py_totals=$(python3 bench/summary_baseline.py "$py" | json_field '["tasks"], j["executor_cpu_time_ns"]')
  cpp_totals=$("$sparkmv" events summary "$py" -o json | json_field '["totals"]["tasks"], j["totals"]["executor_cpu_time_ns"]')

  gb() { calc "$1 / $2 / 1e9"; }
  py_rate="$size_py / $t_py"
  rows+="| $s: \`cat > /dev/null\` | $(numfmt --to=iec "$size_big") | $t_cat | $(gb "$size_big" "$t_cat") GB/s | baseline |
| $s: Python \`json.loads\`, same totals | first $(numfmt --to=iec "$size_py") | $t_py | $(gb "$size_py" "$t_py") GB/s | baseline |
| $s: \`events summary -j 1\` | $(numfmt --to=iec "$size_big") | $t1 | $(gb "$size_big" "$t1") GB/s | **$(calc "($size_big / $t1) / ($py_rate)")x Python** (target >= 30), $(calc "$t_cat / $t1")x cat |
| $s: \`events summary -j 2\` | same | $t2 | $(gb "$size_big" "$t2") GB/s | **$(calc "$t1 / $t2")x one core** (target >= 1.7), $(calc "($size_big / $t2) / ($py_rate)")x Python, $(calc "$t_cat / $t2")x cat |
| $s: \`zstd -dc > /dev/null\` | $(numfmt --to=iec "$size_z") zstd, $(( (size_big + (4 << 20) - 1) / (4 << 20) )) frames | $t_zcat | $(gb "$size_big" "$t_zcat") GB/s decoded | baseline |
| $s: \`events summary -j 1\` on the zstd file | same | $tz1 | $(gb "$size_big" "$tz1") GB/s decoded | $(calc "$t_zcat / $tz1")x zstd -dc |
| $s: \`events summary -j 2\` on the zstd file | same | $tz2 | $(gb "$size_big" "$tz2") GB/s decoded | $(calc "$tz1 / $tz2")x one core, $(calc "$t_zcat / $tz2")x zstd -dc |
"
  notes+="- $s (\`${source[$s]}\`): $tasks task ends, **$fallbacks fell back** to the general parser. Peak RSS with \`-j 2\`:
  $((rss_small / 1024)) MiB at $(numfmt --to=iec "$(stat -c %s "$small")"), $((rss2 / 1024)) MiB at $(numfmt --to=iec "$size_big") ($((rss1 / 1024)) MiB with \`-j 1\`), $((rssz2 / 1024)) MiB on the zstd file.
  Same totals on the Python slice (tasks, CPU ns): Python \`$py_totals\`, sparkmv \`$cpp_totals\`.
"
  rm -f "$big" "$small" "$py" "$z"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

section=$(cat <<MD
## events summary

Produced by \`bench/summary_run.sh $build $big_mib\` on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),
$(date -u +%Y-%m-%d). Shapes: 35 = the task events of a real Spark 3.5.7 log, 41 = those of a real Spark 4.1.0
log, each replicated with fresh task ids. Page cache warm; every figure from this one run, best of $repeat.
Load average (1, 5, 15 min) before: $load_before; after: $load_after.

| what | input | seconds | throughput | ratio |
|---|---|---|---|---|
$rows
$notes
MD
)
results_section "events summary" "$section"
