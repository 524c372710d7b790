#!/usr/bin/env bash
# Event-log reader benchmark: builds a large log from a real fixture's task events and measures, in one run,
# the reader against `cat`, `zstd -dc` and a Python json.loads loop on the same files. Writes bench/RESULTS.md.
# Usage: bench/run.sh [BUILD_DIR] [BIG_MIB]   (default build-bench, 2048). Needs ~3x BIG_MIB of free disk in
# BUILD_DIR; the generated logs are deleted at the end.
# Every timing is the best of REPEAT runs (default 3): the machine is often shared, and the minimum is the
# figure least disturbed by other work. BEFORE_BUILD=DIR also times DIR/bench/eventlog_bench (a build of an
# earlier version) in the same run, so a change is judged against the same baselines.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/setup.sh "$@"
build_bench eventlog_bench
work="$build/bench-data"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

"$bench" make "$fixture" "$work/big" "$big_mib"
"$bench" make "$fixture" "$work/small" "$small_mib"
zstd -q -1 -T0 -f "$work/big" -o "$work/big.zstd"
head -c $((python_mib << 20)) "$work/big" | sed '$d' >"$work/python"

once() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
# Best (lowest) wall time of REPEAT runs of a command.
seconds() {
  local best="" t i
  for ((i = 0; i < repeat; i++)); do
    t=$(once "$@")
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  echo "$best"
}
# The reader's JSON line with the lowest "seconds" of REPEAT runs: read_best BENCH FILE.
read_best() {
  local i
  for ((i = 0; i < repeat; i++)); do "$1" read "$2"; done |
    python3 -c 'import json,sys; print(min(sys.stdin, key=lambda l: json.loads(l)["seconds"]).strip())'
}
cat "$work/big" >/dev/null  # warm the page cache: every variant reads from memory, as the reader would
t_cat=$(seconds cat "$work/big")
r_big=$(read_best "$bench" "$work/big")
r_small=$(read_best "$bench" "$work/small")
cat "$work/big.zstd" >/dev/null
t_zstd=$(seconds zstd -dc "$work/big.zstd")
r_zstd=$(read_best "$bench" "$work/big.zstd")
if [ -n "$before" ]; then
  r_big_before=$(read_best "$before/bench/eventlog_bench" "$work/big")
  r_zstd_before=$(read_best "$before/bench/eventlog_bench" "$work/big.zstd")
fi
t_py=$(seconds python3 -c '
import json, sys
n = 0
with open(sys.argv[1], "rb") as f:
    for line in f:
        n += json.loads(line)["Event"] is not None
' "$work/python")

field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
size_big=$(stat -c %s "$work/big")
size_py=$(stat -c %s "$work/python")
t_big=$(field "$r_big" seconds)
t_rz=$(field "$r_zstd" seconds)
gbps() { echo "scale=2; $1 / $2 / 1000000000" | bc -l; }
ratio() { echo "scale=2; $1 / $2" | bc -l; }
before_rows=""
if [ -n "$before" ]; then
  t_big_before=$(field "$r_big_before" seconds)
  t_rz_before=$(field "$r_zstd_before" seconds)
  before_rows="| previous version's reader, uncompressed | same as the reader | $t_big_before | $(gbps "$size_big" "$t_big_before") GB/s | $(ratio "$t_cat" "$t_big_before") x cat speed |
| previous version's reader on the zstd file | same | $t_rz_before | $(gbps "$size_big" "$t_rz_before") GB/s decoded | $(ratio "$t_zstd" "$t_rz_before") x zstd -dc speed |
"
fi

cat >bench/RESULTS.md <<MD
# Event-log reader benchmark

Produced by \`bench/run.sh $build $big_mib\` on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),
$(date -u +%Y-%m-%d). The log is the task events of \`$fixture\` replicated with fresh task ids. All files are read
from the page cache; every figure comes from this one run and is the best of $repeat.

| what | input | seconds | throughput | ratio |
|---|---|---|---|---|
| \`cat > /dev/null\` | $(numfmt --to=iec "$size_big") uncompressed | $t_cat | $(gbps "$size_big" "$t_cat") GB/s | baseline |
| reader, every event with its type, 1 thread | same | $t_big | $(gbps "$size_big" "$t_big") GB/s | $(ratio "$t_cat" "$t_big") x cat speed |
| \`zstd -dc > /dev/null\` | $(numfmt --to=iec "$(stat -c %s "$work/big.zstd")") zstd (level 1) | $t_zstd | $(gbps "$size_big" "$t_zstd") GB/s decoded | baseline |
| reader on the zstd file, end to end | same | $t_rz | $(gbps "$size_big" "$t_rz") GB/s decoded | $(ratio "$t_zstd" "$t_rz") x zstd -dc speed |
| Python \`json.loads\` per line | first $(numfmt --to=iec "$size_py") | $t_py | $(gbps "$size_py" "$t_py") GB/s | reader is $(echo "scale=1; ($size_big / $t_big) / ($size_py / $t_py)" | bc -l) x faster |
${before_rows}
Peak RSS of the reader: $(field "$r_small" peak_rss_mib) MiB for $(numfmt --to=iec "$(stat -c %s "$work/small")"),
$(field "$r_big" peak_rss_mib) MiB for $(numfmt --to=iec "$size_big"), $(field "$r_zstd" peak_rss_mib) MiB for the zstd file.

Raw reader output:
\`\`\`
$r_small
$r_big
$r_zstd
\`\`\`
MD
cat bench/RESULTS.md
