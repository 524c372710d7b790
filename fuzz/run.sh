#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for FUZZ_SECONDS (default 30), FUZZ_JOBS of them (default
# one per core) at a time, seeded with the real fixtures (event logs, rendered manifests, jobs.yaml) and
# fuzz/seeds. Usage: fuzz/run.sh [BUILD_DIR [TARGET...]] (BUILD_DIR default build-sanitize, the Makefile's;
# targets without the fuzz_ prefix, default all). Exit non-zero when a target finds a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-sanitize}
shift || true
all_targets="lz4 snappy lzf zstd lines parallel manifests inventory s3_xml"
targets=${*:-$all_targets}
seconds=${FUZZ_SECONDS:-30}
fixtures=tests/fixtures/eventlogs

# The sanitizer build of the Makefile carries the fuzzers; configure one like it when none is there.
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
    -DSPARKMV_SANITIZE=ON -DSPARKMV_BUILD_FUZZERS=ON >/dev/null
fi
grep -q '^SPARKMV_BUILD_FUZZERS:BOOL=ON' "$build/CMakeCache.txt" ||
  { echo "fuzz/run.sh: $build was configured without -DSPARKMV_BUILD_FUZZERS=ON" >&2; exit 2; }
# shellcheck disable=SC2046,SC2086  # one word per target
ninja -C "$build" $(for t in $targets; do printf 'fuzz_%s ' "$t"; done) >/dev/null

# Seeds: the fixture files of each codec, cut to 64 KiB so each run explores rather than re-reads.
seed() {  # seed CORPUS PATTERN
  mkdir -p "$1"
  find "$fixtures" -type f -name "$2" ! -name '.*' ! -name '*.json' ! -name '*.py' -print0 |
    while IFS= read -r -d '' f; do head -c 65536 "$f" >"$1/$(basename "$f")"; done
}
for codec in lz4 snappy lzf zstd; do seed "$build/corpus/$codec" "*.$codec"; done
seed "$build/corpus/lines" "local-*[0-9]"
seed "$build/corpus/lines" "events_*[0-9]"
seed "$build/corpus/parallel" "local-*[0-9]"
seed "$build/corpus/parallel" "events_*[0-9]"
# The loaders' seeds, named by their path so that equal file names in different folders all count.
seed_text() {  # seed_text CORPUS FILE...
  local corpus=$1
  shift
  mkdir -p "$corpus"
  for f in "$@"; do head -c 65536 "$f" >"$corpus/$(echo "$f" | tr / _)"; done
}
# shellcheck disable=SC2046  # fixture paths hold no spaces
seed_text "$build/corpus/manifests" $(find tests/fixtures/manifests fuzz/seeds/manifests -type f \( -name '*.yaml' -o -name '*.json' \))
seed_text "$build/corpus/inventory" tests/fixtures/jobs/*.yaml
seed_text "$build/corpus/s3_xml" fuzz/seeds/s3_xml/*

# Targets run side by side, one per core (FUZZ_JOBS), each for its full time.
jobs=${FUZZ_JOBS:-$(nproc)}
fuzz_one() {  # fuzz_one TARGET: its summary on stdout, false when it found a crash
  local target=$1 ok=0
  "$build/fuzz/fuzz_$target" "$build/corpus/$target" -max_total_time="$seconds" -max_len=262144 \
    -rss_limit_mb=2048 -artifact_prefix="$build/fuzz_$target-" -print_final_stats=1 2>"$build/fuzz_$target.log" || ok=1
  echo "fuzz_$target (${seconds}s): $(grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$build/fuzz_$target.log" | tr '\n' ' ')"
  [ "$ok" -eq 0 ] || { echo "fuzz_$target FAILED: see $build/fuzz_$target.log"; return 1; }
}
status=0
running=0
for target in $targets; do
  fuzz_one "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
exit $status
