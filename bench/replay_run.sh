#!/usr/bin/env bash
# What users run beside `sparkmv events summary`, on the same logs in one run:
# - the Spark History Server of our own distributions (.tools/spark/3.5.7 and 4.1.0) replaying a log: seconds
#   from its start until its REST API lists the application's stages, against `events summary` of that log;
# - S3: a log on a SeaweedFS S3 server on 127.0.0.1 (the `weed` binary of the cluster bootstrap's cache, or
#   WEED=PATH) summarised by `sparkmv events summary s3://...`, against `curl` fetching the same object from
#   the same server. Skipped, and said so, when no `weed` binary is there.
# Appends (or replaces) the "History Server and S3" section of bench/RESULTS.md.
# Usage: bench/replay_run.sh [BUILD_DIR] [SHS_MIB]   (default build-bench, 256; S3_MIB=1024 sizes the S3 log).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/setup.sh "${1:-build-bench}" "${2:-256}"
build_bench eventlog_bench sparkmv
sparkmv="$build/src/sparkmv"
work="$build/replay-bench-data"
s3_mib=${S3_MIB:-1024}
rm -rf "$work"
mkdir -p "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

fixture_of() {
  python3 -c 'import json,sys; d=json.load(open("tests/fixtures/eventlogs/expected.json"))
print("tests/fixtures/eventlogs/" + next(f["path"] for f in d["fixtures"] if f["fixture"] == sys.argv[1]))' "$1"
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
calc() { python3 -c "print(f'{$1:.2f}')"; }
best() {  # best wall seconds of REPEAT runs of a command
  local i t best=""
  for ((i = 0; i < repeat; i++)); do
    /usr/bin/time -f '%e' -o "$work/time" "$@" >/dev/null 2>"$work/err"
    t=$(cat "$work/time")
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then best=$t; fi
  done
  echo "$best"
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rows=""

# --- History Server ---
declare -A spark=([35]=3.5.7 [41]=4.1.0) source=([35]=$(fixture_of 35-basic) [41]=$(fixture_of 41-rolling))
for s in 35 41; do
  logs="$work/shs-$s"
  mkdir -p "$logs"
  # One uncompressed single-file log named after its application, as Spark names it.
  app=$("$sparkmv" events summary "${source[$s]}" -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["app_id"])')
  "$bench" make "${source[$s]}" "$logs/$app" "$big_mib"
  size=$(stat -c %s "$logs/$app")
  cat "$logs/$app" >/dev/null
  t_sum=$(best "$sparkmv" events summary "$logs/$app" -o json)
  port=$(free_port)
  home=.tools/spark/${spark[$s]}
  cat >"$work/shs-$s.conf" <<CONF
spark.history.fs.logDirectory file://$(realpath "$logs")
spark.history.ui.port $port
spark.history.fs.update.interval 1s
CONF
  start=$(date +%s.%N)
  java -Xmx6g -cp "$home/jars/*" org.apache.spark.deploy.history.HistoryServer \
    --properties-file "$work/shs-$s.conf" >"$work/shs-$s.log" 2>&1 &
  pids+=($!)
  shs=$!
  until curl -sf "http://127.0.0.1:$port/api/v1/applications/$app/stages" 2>/dev/null |
      python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin) else 1)' 2>/dev/null; do
    kill -0 "$shs" 2>/dev/null || { echo "History Server ${spark[$s]} exited: $work/shs-$s.log" >&2; tail "$work/shs-$s.log" >&2; exit 1; }
    sleep 0.2
  done
  t_shs=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')")
  kill "$shs"
  wait "$shs" 2>/dev/null || true
  rows+="| $s: Spark ${spark[$s]} History Server, start until \`/api/v1/applications/$app/stages\` answers | $(numfmt --to=iec "$size") | $t_shs | $(calc "$size / $t_shs / 1e6") MB/s | baseline |
| $s: \`events summary\` (all cores) | same | $t_sum | $(calc "$size / $t_sum / 1e9") GB/s | **$(calc "$t_shs / $t_sum")x the History Server** |
"
  rm -rf "$logs"
done

# --- S3 ---
weed=${WEED:-$(find "${SPARKMV_CACHE:-$HOME/.cache/sparkmv}" -name weed -type f -perm -u+x 2>/dev/null | head -1)}
s3_note="S3: skipped, no \`weed\` binary (build it with \`scripts/bootstrap.sh --cluster\`, or set WEED=PATH)."
if [ -n "$weed" ]; then
  key=bench secret=bench-secret-key
  cat >"$work/s3.json" <<JSON
{"identities": [{"name": "bench", "credentials": [{"accessKey": "$key", "secretKey": "$secret"}],
  "actions": ["Admin", "Read", "List", "Write"]}]}
JSON
  s3_port=$(free_port)
  mkdir -p "$work/weed"
  # Every port chosen free (gRPC ports too: their default, port + 10000, may not exist); the Iceberg and
  # Lance endpoints off.
  "$weed" server -ip=127.0.0.1 -ip.bind=127.0.0.1 -dir="$work/weed" \
    -master.port="$(free_port)" -master.port.grpc="$(free_port)" -master.volumeSizeLimitMB=1024 \
    -volume.port="$(free_port)" -volume.port.grpc="$(free_port)" -volume.max=16 \
    -filer.port="$(free_port)" -filer.port.grpc="$(free_port)" \
    -s3 -s3.port="$s3_port" -s3.port.grpc="$(free_port)" -s3.port.iceberg=0 -s3.port.lance=0 \
    -s3.config="$work/s3.json" >"$work/weed.log" 2>&1 &
  pids+=($!)
  endpoint="http://127.0.0.1:$s3_port"
  sign=(--aws-sigv4 "aws:amz:us-east-1:s3" --user "$key:$secret")
  for _ in $(seq 150); do
    curl -sf "${sign[@]}" -X PUT "$endpoint/bench" >/dev/null 2>&1 && break
    sleep 0.2
  done
  object="$work/s3-log"
  "$bench" make "${source[41]}" "$object" "$s3_mib"
  size=$(stat -c %s "$object")
  curl -sf "${sign[@]}" -T "$object" "$endpoint/bench/events/local-1" >/dev/null
  rm -f "$object"
  t_curl=$(best curl -sf "${sign[@]}" -o /dev/null "$endpoint/bench/events/local-1")
  export AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=$secret
  t_s3=$(best "$sparkmv" events summary s3://bench/events/local-1 --s3-endpoint "$endpoint" --s3-timeout 600 -o json)
  t_s3_one=$(SPARKMV_S3_RANGES_IN_FLIGHT=1 best "$sparkmv" events summary s3://bench/events/local-1 \
    --s3-endpoint "$endpoint" --s3-timeout 600 -o json)
  rows+="| S3: \`curl\` GET of the object from SeaweedFS on 127.0.0.1 | $(numfmt --to=iec "$size") (41 shape) | $t_curl | $(calc "$size / $t_curl / 1e9") GB/s | baseline |
| S3: \`events summary s3://...\`, 4 ranges in flight | same | $t_s3 | $(calc "$size / $t_s3 / 1e9") GB/s | **$(calc "$t_curl / $t_s3")x curl** (target >= 0.8) |
| S3: the same, one range at a time (\`SPARKMV_S3_RANGES_IN_FLIGHT=1\`) | same | $t_s3_one | $(calc "$size / $t_s3_one / 1e9") GB/s | $(calc "$t_curl / $t_s3_one")x curl |
"
  s3_note="S3 server: \`$("$weed" version 2>/dev/null | head -1)\`, one process (\`weed server -s3\`), data under the build directory."
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

section=$(cat <<MD
## History Server and S3

Produced by \`bench/replay_run.sh $build $big_mib\` on $(nproc) cores, $(date -u +%Y-%m-%d); logs built as in the
"events summary" section (35 and 41 shapes). The History Server is replayed once per shape (each start is a
fresh JVM with its default settings but a 6 GiB heap: in-memory store); every other figure is the best of $repeat. Load average before:
$load_before; after: $load_after.

| what | input | seconds | throughput | ratio |
|---|---|---|---|---|
$rows
$s3_note
MD
)
results_section "History Server and S3" "$section"
