# Sourced by bench/run.sh and bench/summary_run.sh: their common arguments, settings and Release build.
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
