# Sourced by bench/run.sh, bench/summary_run.sh and bench/replay_run.sh: their common arguments, settings,
# Release build and the writing of their sections of bench/RESULTS.md.
# Usage (from the repository root): source bench/setup.sh "$@"; build_bench TARGET...
build=${1:-build-bench}
big_mib=${2:-2048}
small_mib=$((big_mib / 4))
python_mib=${PYTHON_MIB:-256}
repeat=${REPEAT:-3}
before=${BEFORE_BUILD:-}
fixture=${BENCH_FIXTURE:-tests/fixtures/eventlogs/3.5/events/$(ls tests/fixtures/eventlogs/3.5/events | grep -E '^local-[0-9]+$' | head -1)}

# Configures a Release build of the benchmarks in $build and builds TARGET...; sets $bench.
build_bench() {
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSPARKMV_BUILD_BENCH=ON -DSPARKMV_BUILD_TESTS=OFF >/dev/null
  ninja -C "$build" "$@" >/dev/null
  bench="$build/bench/eventlog_bench"
}

# results_section TITLE TEXT: TEXT (which starts with "## TITLE") replaces that section of bench/RESULTS.md, or
# is appended; the other sections stay. Prints TEXT.
results_section() {
  python3 - "$1" "$2" <<'PY'
import re, sys
title, section = sys.argv[1], sys.argv[2]
path = "bench/RESULTS.md"
text = open(path).read()
text = re.sub(r"\n## " + re.escape(title) + r"\n.*?(?=\n## |\Z)", "", text, flags=re.S).rstrip("\n")
open(path, "w").write(text + "\n\n" + section + "\n")
PY
  printf '%s\n' "$2"
}
