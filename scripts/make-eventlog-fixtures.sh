#!/usr/bin/env bash
# Regenerates the event-log fixtures in tests/fixtures/eventlogs/ with real Spark 3.5.7 and 4.1.0
# (.tools/spark/<version>, installed by scripts/bootstrap.d/40-spark.sh) in local mode on Java 17.
#
#   scripts/make-eventlog-fixtures.sh            every fixture
#   scripts/make-eventlog-fixtures.sh NAME...    only these (names as in expected.json, e.g. 35-basic-zstd)
#   scripts/make-eventlog-fixtures.sh --list     the fixture names
#
# Each fixture's log lands under tests/fixtures/eventlogs/<3.5|4.1>/events/ with the name Spark gave it (the copy
# of the running Connect server's log under 4.1-running/events/), and
# its entry in expected.json is replaced. Every value in expected.json comes from Spark (the job prints its
# application id, name, version and job count from the status tracker; the Connect server's from its REST
# API); the layout, codec and status are the settings and the way the run ended.
# The Spark Connect fixtures need the Python client from .tools/venv (scripts/bootstrap.d/30-python-venv.sh).
#
# Spark writes paths into its logs (classpath, user.dir, user.home, the log directory). So that no path of
# the generating machine lands in the repository, everything runs under one neutral scratch directory,
# SPARKMV_FIXTURE_WORK (default /tmp/sparkmv-eventlogs), through symlinks to the distributions.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

out="$SPARKMV_ROOT/tests/fixtures/eventlogs"
jobs_src="$out/jobs"
work=${SPARKMV_FIXTURE_WORK:-/tmp/sparkmv-eventlogs}
# The Python with the Spark Connect client (pyspark-client, scripts/requirements/spark.txt).
venv_python=${SPARKMV_FIXTURE_PYTHON:-$SPARKMV_TOOLS/venv/bin/python}
# Ports for the Connect server (gRPC, UI) of the Connect fixtures; override when they are taken.
connect_port=${SPARKMV_FIXTURE_CONNECT_PORT:-15062}
connect_ui_port=${SPARKMV_FIXTURE_CONNECT_UI_PORT:-4062}
# Ports for the 3.5 standalone master (RPC, UI) and worker (UI) of the standalone fixtures.
master_port=${SPARKMV_FIXTURE_MASTER_PORT:-17077}
master_ui_port=${SPARKMV_FIXTURE_MASTER_UI_PORT:-18180}
worker_ui_port=${SPARKMV_FIXTURE_WORKER_UI_PORT:-18181}
# Size of the rolling fixtures' job: rounds of one group-by over this many partitions (one task each).
ROLLING_ROUNDS=${SPARKMV_FIXTURE_ROLLING_ROUNDS:-3}
ROLLING_PARTITIONS=${SPARKMV_FIXTURE_ROLLING_PARTITIONS:-1000}

fail() { echo "make-eventlog-fixtures: $*" >&2; exit 1; }
say() { echo "make-eventlog-fixtures: $*" >&2; }

prefix_of() { case $1 in 3.5.*) echo 3.5 ;; 4.1.*) echo 4.1 ;; *) fail "no prefix for Spark $1" ;; esac; }

prepare_work() {
  mkdir -p "$work"/{home,run,local,jobs,events,records,pids,logs}
  for v in 3.5.7 4.1.0; do
    [ -x "$SPARKMV_TOOLS/spark/$v/bin/spark-submit" ] ||
      fail "Spark $v is missing from .tools/spark/$v: run scripts/bootstrap.sh first"
    ln -sfn "$SPARKMV_TOOLS/spark/$v" "$work/spark-$v"
  done
  cp "$jobs_src"/*.py "$work/jobs/"
}

# The environment every Spark process runs in: neutral paths, loopback only.
spark_env() {
  local version=$1
  export SPARK_HOME="$work/spark-$version" HOME="$work/home" SPARK_LOCAL_IP=127.0.0.1
  export SPARK_LOCAL_HOSTNAME=localhost SPARK_CONF_DIR="$work/spark-$version/conf" PYSPARK_PYTHON=python3
  unset PYTHONPATH SPARK_DIST_CLASSPATH || true
}

# Settings for a small local application writing its event log into $work/events/<fixture>.
common_conf() {
  local fixture=$1
  printf '%s\n' --master "${MASTER:-local[2]}" --driver-memory 512m \
    --conf spark.eventLog.enabled=true --conf "spark.eventLog.dir=file:$work/events/$fixture" \
    --conf spark.ui.showConsoleProgress=false --conf spark.sql.shuffle.partitions=4 \
    --conf "spark.local.dir=$work/local" --conf "spark.driver.extraJavaOptions=-Duser.home=$work/home"
}

# Moves the one log the fixture's run produced into the repository and records its entry.
# collect FIXTURE VERSION LAYOUT CODEC STATUS NOTES [TAGS_JSON]
collect() {
  local fixture=$1 version=$2 layout=$3 codec=$4 status=$5 notes=$6 tags=${7:-[]}
  local produced
  produced=$(ls -A "$work/events/$fixture")
  [ "$(echo "$produced" | wc -l)" -eq 1 ] && [ -n "$produced" ] ||
    fail "$fixture: expected one log in $work/events/$fixture, found: $produced"
  local rel prefix=${DEST_PREFIX:-$(prefix_of "$version")}
  rel="$prefix/events/$produced"
  mkdir -p "$out/$prefix/events"
  rm -rf "${out:?}/$rel"
  cp -r "$work/events/$fixture/$produced" "$out/$rel"
  chmod -R u+rwX,go+rX "$out/$rel"
  python3 - "$work/records/$fixture.line" "$work/records/$fixture.json" "$rel" "$version" "$layout" \
    "$codec" "$status" "$notes" "$tags" <<'PY'
import json, sys
line, dest, path, version, layout, codec, status, notes, tags = sys.argv[1:]
rec = json.loads(open(line).read())
if rec["spark_version"] != version:
    sys.exit(f"{rec['fixture']}: Spark reports version {rec['spark_version']}, expected {version}")
rec.update(path=path, layout=layout, codec=codec, status=status, notes=notes)
rec.setdefault("tags", json.loads(tags))
json.dump(rec, open(dest, "w"), sort_keys=True)
PY
  say "$fixture: $rel"
}

# The FIXTURE line a job printed, kept for collect.
take_record() {
  local fixture=$1 stdout=$2
  grep '^FIXTURE ' "$stdout" | tail -n 1 | sed 's/^FIXTURE //' >"$work/records/$fixture.line"
  [ -s "$work/records/$fixture.line" ] || { tail -n 40 "$stdout" >&2; fail "$fixture: the job printed no FIXTURE line"; }
}

# batch FIXTURE VERSION LAYOUT CODEC NOTES JOB [JOB ARGS...] -- [spark-submit options...]
batch() {
  local fixture=$1 version=$2 layout=$3 codec=$4 notes=$5 job=$6
  shift 6
  local args=() opts=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do args+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  opts=("$@")
  rm -rf "$work/events/$fixture"
  mkdir -p "$work/events/$fixture"
  local stdout="$work/logs/$fixture.out"
  local conf
  mapfile -t conf < <(common_conf "$fixture")
  (
    spark_env "$version"
    cd "$work/run"
    "$SPARK_HOME/bin/spark-submit" "${conf[@]}" "${opts[@]}" "$work/jobs/$job" "$fixture" "${args[@]}"
  ) >"$stdout" 2>"$work/logs/$fixture.err" || { tail -n 40 "$work/logs/$fixture.err" >&2; fail "$fixture: spark-submit failed"; }
  take_record "$fixture" "$stdout"
  collect "$fixture" "$version" "$layout" "$codec" complete "$notes"
}

# Fixture definitions. Each is a function fx_<name with - as _>.
fx_35_basic() { batch 35-basic 3.5.7 single none "3.5 defaults: one uncompressed file" basic.py; }
fx_35_basic_zstd() { batch 35-basic-zstd 3.5.7 single zstd "compress=true, codec zstd" basic.py -- \
  --conf spark.eventLog.compress=true --conf spark.eventLog.compression.codec=zstd; }
fx_35_basic_lz4() { batch 35-basic-lz4 3.5.7 single lz4 "compress=true, codec lz4" basic.py -- \
  --conf spark.eventLog.compress=true --conf spark.eventLog.compression.codec=lz4; }
fx_35_basic_snappy() { batch 35-basic-snappy 3.5.7 single snappy "compress=true, codec snappy" basic.py -- \
  --conf spark.eventLog.compress=true --conf spark.eventLog.compression.codec=snappy; }
fx_35_basic_lzf() { batch 35-basic-lzf 3.5.7 single lzf "compress=true, codec lzf" basic.py -- \
  --conf spark.eventLog.compress=true --conf spark.eventLog.compression.codec=lzf; }
fx_41_basic() { batch 41-basic 4.1.0 rolling zstd "4.1 defaults: rolling directory, zstd" basic.py; }
fx_41_basic_uncompressed() { batch 41-basic-uncompressed 4.1.0 rolling none "compress=false (rolling stays on)" basic.py -- \
  --conf spark.eventLog.compress=false; }
fx_41_basic_single() { batch 41-basic-single 4.1.0 single none "rolling.enabled=false, compress=false: the 3.5 layout" basic.py -- \
  --conf spark.eventLog.rolling.enabled=false --conf spark.eventLog.compress=false; }
fx_41_basic_lz4() { batch 41-basic-lz4 4.1.0 rolling lz4 "codec lz4 (rolling, compressed by default)" basic.py -- \
  --conf spark.eventLog.compression.codec=lz4; }
fx_41_basic_snappy() { batch 41-basic-snappy 4.1.0 rolling snappy "codec snappy (rolling, compressed by default)" basic.py -- \
  --conf spark.eventLog.compression.codec=snappy; }
fx_41_basic_lzf() { batch 41-basic-lzf 4.1.0 rolling lzf "codec lzf (rolling, compressed by default)" basic.py -- \
  --conf spark.eventLog.compression.codec=lzf; }

# killed FIXTURE VERSION LAYOUT CODEC NOTES [spark-submit options...]: killed.py, SIGKILLed mid-job.
killed() {
  local fixture=$1 version=$2 layout=$3 codec=$4 notes=$5
  shift 5
  rm -rf "$work/events/$fixture"
  mkdir -p "$work/events/$fixture"
  local stdout="$work/logs/$fixture.out" conf
  mapfile -t conf < <(common_conf "$fixture")
  (
    spark_env "$version"
    cd "$work/run"
    # Its own process group, so that the kill reaches the JVM and its Python processes, and nothing else.
    exec setsid "$SPARK_HOME/bin/spark-submit" "${conf[@]}" "$@" "$work/jobs/killed.py" "$fixture"
  ) >"$stdout" 2>"$work/logs/$fixture.err" &
  local pid=$! waited=0
  until grep -q '^KILLME' "$stdout"; do
    kill -0 "$pid" 2>/dev/null || { tail -n 40 "$work/logs/$fixture.err" >&2; fail "$fixture: the job ended before it could be killed"; }
    [ $waited -lt 300 ] || { kill -KILL -- "-$pid" 2>/dev/null || true; fail "$fixture: no KILLME after 150 s"; }
    sleep 0.5; waited=$((waited + 1))
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  take_record "$fixture" "$stdout"
  collect "$fixture" "$version" "$layout" "$codec" inprogress "$notes"
}

# REST API of a running application's UI: GET PATH.
ui_get() { curl -fsS --max-time 10 "http://127.0.0.1:$connect_ui_port/api/v1/$1"; }

# The 4.1.0 Spark Connect server, one client session with tags, a copy of its log while it still runs,
# then a normal stop. Two fixtures: 41-connect (complete) and 41-connect-running (the copy).
connect() {
  local version=4.1.0 fixture=41-connect running=41-connect-running
  [ -x "$venv_python" ] || fail "no .tools/venv: run scripts/bootstrap.sh (the Connect client is in scripts/requirements/spark.txt)"
  rm -rf "$work/events/$fixture" "$work/events/$running"
  mkdir -p "$work/events/$fixture" "$work/events/$running"
  local conf
  mapfile -t conf < <(common_conf "$fixture")
  local class=org.apache.spark.sql.connect.service.SparkConnectServer
  daemon() {
    (
      spark_env "$version"
      export SPARK_LOG_DIR="$work/logs/daemon" SPARK_PID_DIR="$work/pids" SPARK_IDENT_STRING=sparkmv-fixtures
      cd "$work/run"
      "$SPARK_HOME/sbin/spark-daemon.sh" "$@"
    )
  }
  # Like Spark's own start-connect-server.sh: spark-submit of the server class, as a daemon.
  daemon submit "$class" 1 --name sparkmv-connect-server "${conf[@]}" --driver-memory 768m \
    --conf "spark.connect.grpc.binding.port=$connect_port" --conf "spark.ui.port=$connect_ui_port" \
    --conf spark.ui.enabled=true >"$work/logs/$fixture.daemon" 2>&1 || fail "$fixture: spark-daemon.sh submit failed"
  local waited=0
  until ui_get applications >/dev/null 2>&1; do
    [ $waited -lt 240 ] || { daemon stop "$class" 1 || true; cat "$work/logs/daemon"/*.out >&2 || true; fail "$fixture: the Connect server did not come up"; }
    sleep 0.5; waited=$((waited + 1))
  done
  if ! (cd "$work/run" && "$venv_python" "$work/jobs/connect_client.py" "$fixture" "$connect_port") \
      >"$work/logs/$fixture.out" 2>"$work/logs/$fixture.err"; then
    tail -n 40 "$work/logs/$fixture.err" >&2
    daemon stop "$class" 1 || true
    fail "$fixture: the Connect client failed"
  fi
  take_record "$fixture" "$work/logs/$fixture.out"
  local app_id
  app_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["app_id"])' "$work/records/$fixture.line")
  sleep 2
  ui_get applications >"$work/records/$fixture.apps"
  ui_get "applications/$app_id/jobs" >"$work/records/$fixture.jobs"
  python3 - "$work/records/$fixture.line" "$work/records/$fixture.apps" "$work/records/$fixture.jobs" <<'PY'
import json, sys
line, apps, jobs = sys.argv[1:]
rec = json.load(open(line))
app = [a for a in json.load(open(apps)) if a["id"] == rec["app_id"]][0]
jobs = json.load(open(jobs))
rec["app_name"] = app["name"]
rec["jobs"] = len(jobs)
by_tag = {}
for j in jobs:
    for t in j.get("jobTags", []):
        for user_tag in rec["tags"]:
            # Connect wraps a client's tag: SparkConnect_SessionTag_User_<user>_Session_<id>_Tag_<tag>.
            if t == user_tag or t.endswith("_Tag_" + user_tag):
                by_tag[user_tag] = by_tag.get(user_tag, 0) + 1
rec["jobs_by_tag"] = by_tag
rec["job_tags_seen"] = sorted({t for j in jobs for t in j.get("jobTags", [])})
json.dump(rec, open(line, "w"), sort_keys=True)
PY
  cp "$work/records/$fixture.line" "$work/records/$running.line"
  sed -i "s/\"fixture\": \"$fixture\"/\"fixture\": \"$running\"/" "$work/records/$running.line"
  cp -r "$work/events/$fixture"/. "$work/events/$running/"
  daemon stop "$class" 1 >/dev/null
  waited=0
  while ls "$work/events/$fixture"/*/appstatus_*.inprogress >/dev/null 2>&1; do
    [ $waited -lt 120 ] || fail "$fixture: the Connect server's log is still in progress 60 s after stop"
    sleep 0.5; waited=$((waited + 1))
  done
  collect "$fixture" "$version" rolling zstd complete \
    "Spark Connect server (4.1 defaults), one client session: tags job-a (the comparison job), job-b, job-a-slow; stopped with spark-daemon.sh stop"
  DEST_PREFIX=4.1-running collect "$running" "$version" rolling zstd inprogress \
    "copy of the 41-connect log taken while the server still ran, after the client session ended: same app id"
}

# standalone FIXTURE NOTES [spark-submit options...]: samejob.py on a 3.5.7 standalone master with one worker
# (2 cores, 2 GiB), both started for this run and stopped after it: the same job as 35-samejob with the
# resources the options give it, for comparing like with unlike.
standalone() {
  local fixture=$1 notes=$2 version=3.5.7
  shift 2
  local class_master=org.apache.spark.deploy.master.Master class_worker=org.apache.spark.deploy.worker.Worker
  cluster() {
    (
      spark_env "$version"
      export SPARK_LOG_DIR="$work/logs/daemon" SPARK_PID_DIR="$work/pids" SPARK_IDENT_STRING=sparkmv-fixtures
      export SPARK_WORKER_DIR="$work/local/worker"
      cd "$work/run"
      "$SPARK_HOME/sbin/spark-daemon.sh" "$@"
    ) >>"$work/logs/$fixture.daemon" 2>&1
  }
  stop_cluster() { cluster stop "$class_worker" 1 || true; cluster stop "$class_master" 1 || true; }
  trap stop_cluster EXIT  # fail exits the script: the daemons must not outlive it
  cluster start "$class_master" 1 --host 127.0.0.1 --port "$master_port" --webui-port "$master_ui_port" ||
    fail "$fixture: the master did not start"
  cluster start "$class_worker" 1 --host 127.0.0.1 --cores 2 --memory 2g --webui-port "$worker_ui_port" \
    "spark://127.0.0.1:$master_port" || fail "$fixture: the worker did not start"
  local waited=0
  until curl -fsS --max-time 5 "http://127.0.0.1:$master_ui_port/json/" 2>/dev/null | grep -q '"aliveworkers" *: *1'; do
    [ $waited -lt 120 ] || fail "$fixture: no live worker after 60 s"
    sleep 0.5; waited=$((waited + 1))
  done
  MASTER="spark://127.0.0.1:$master_port" batch "$fixture" "$version" single none "$notes" samejob.py 1 normal -- "$@"
  stop_cluster
  trap - EXIT
}

fx_35_samejob() { batch 35-samejob 3.5.7 single none "the comparison job (samejob.py), 3.5 defaults" samejob.py 1 normal; }
fx_35_samejob_standalone() { standalone 35-samejob-standalone "the comparison job on a standalone master: one executor, 2 cores, 512 MiB (the resources of local[2] with a 512 MiB driver)" \
  --conf spark.cores.max=2 --conf spark.executor.cores=2 --conf spark.executor.memory=512m; }
fx_35_samejob_standalone_wide() { standalone 35-samejob-standalone-wide "the comparison job on a standalone master: two executors of 1 core and 512 MiB each" \
  --conf spark.cores.max=2 --conf spark.executor.cores=1 --conf spark.executor.memory=512m; }
fx_41_samejob() { batch 41-samejob 4.1.0 rolling zstd "the comparison job (samejob.py), 4.1 defaults" samejob.py 1 normal; }
fx_41_samejob_slow() { batch 41-samejob-slow 4.1.0 rolling zstd "the comparison job deliberately slowed (per-row sha2 work): a regression against 41-samejob" samejob.py 1 slow; }
fx_35_failing() { MASTER='local[2,4]' batch 35-failing 3.5.7 single none "a task fails once and is retried; a fetch failure makes the map stage resubmit and the reduce stage retry (attempt 1)" failing.py; }
fx_41_failing() { MASTER='local[2,4]' batch 41-failing 4.1.0 rolling zstd "a task fails once and is retried; a fetch failure makes the map stage resubmit and the reduce stage retry (attempt 1)" failing.py; }
fx_35_killed() { killed 35-killed 3.5.7 single none "SIGKILLed while its last job runs (JobStart without JobEnd): .inprogress file, no ApplicationEnd"; }
fx_41_killed() { killed 41-killed 4.1.0 rolling zstd "SIGKILLed while its last job runs (JobStart without JobEnd): appstatus_*.inprogress, no ApplicationEnd"; }
fx_41_connect() { connect; }
fx_35_sql() { batch 35-sql 3.5.7 single none "SQL executions: join, window, CTE + union, cached table, Parquet write/read, one failing query" sql.py; }
fx_41_sql() { batch 41-sql 4.1.0 rolling zstd "SQL executions: join, window, CTE + union, cached table, Parquet write/read, one failing query" sql.py; }
fx_35_rolling() { batch 35-rolling 3.5.7 rolling none "rolling.enabled=true, maxFileSize=10m (the minimum), uncompressed: small, so one events file" basic.py -- \
  --conf spark.eventLog.rolling.enabled=true --conf spark.eventLog.rolling.maxFileSize=10m; }
fx_35_rolling_zstd() { batch 35-rolling-zstd 3.5.7 rolling zstd "rolling.enabled=true, maxFileSize=10m (the minimum), zstd: rolls at 10 MiB of JSON (counted before compression), so several events files" \
  rolling_big.py "$ROLLING_ROUNDS" "$ROLLING_PARTITIONS" -- \
  --conf spark.eventLog.rolling.enabled=true --conf spark.eventLog.rolling.maxFileSize=10m \
  --conf spark.eventLog.compress=true --conf spark.eventLog.compression.codec=zstd; }
fx_41_rolling() { batch 41-rolling 4.1.0 rolling zstd "4.1 defaults with maxFileSize=10m (the minimum): several zstd events files" \
  rolling_big.py "$ROLLING_ROUNDS" "$ROLLING_PARTITIONS" -- --conf spark.eventLog.rolling.maxFileSize=10m; }

all_fixtures() { declare -F | awk '{print $3}' | grep '^fx_' | sed 's/^fx_//; s/_/-/g'; }

# Rewrites expected.json from the records of this run and the entries of fixtures not run this time.
write_expected() {
  python3 - "$out/expected.json" "$work/records" "$@" <<'PY'
import json, os, sys
path, records = sys.argv[1], sys.argv[2]
ran = {n[:-5] for n in os.listdir(records) if n.endswith(".json")}
old = json.load(open(path))["fixtures"] if os.path.exists(path) else []
keep = [f for f in old if f["fixture"] not in ran]
new = [json.load(open(os.path.join(records, n + ".json"))) for n in sorted(ran)]
fixtures = sorted(keep + new, key=lambda f: f["fixture"])
doc = {
    "about": "Event-log fixtures written by real Spark; regenerate with scripts/make-eventlog-fixtures.sh. "
             "app_id, app_name, spark_version and jobs come from Spark itself; paths are relative to this file.",
    "fixtures": fixtures,
}
with open(path, "w") as f:
    json.dump(doc, f, indent=2, sort_keys=True)
    f.write("\n")
PY
}

main() {
  if [ "${1:-}" = "--list" ]; then all_fixtures; exit 0; fi
  local wanted=("$@")
  [ ${#wanted[@]} -gt 0 ] || mapfile -t wanted < <(all_fixtures)
  for f in "${wanted[@]}"; do declare -F "fx_${f//-/_}" >/dev/null || fail "no fixture named $f (see --list)"; done
  # One run at a time per scratch directory: each run starts from an empty one.
  exec 9>"$work.lock"
  flock -n 9 || fail "another run is using $work"
  rm -rf "${work:?}"
  prepare_work
  for f in "${wanted[@]}"; do
    # The previous version of this fixture's log goes first: the new one has a new application id.
    python3 - "$out/expected.json" "$f" <<'PY' | while read -r old; do rm -rf "${out:?}/$old"; done
import json, os, sys
if os.path.exists(sys.argv[1]):
    for e in json.load(open(sys.argv[1]))["fixtures"]:
        if e["fixture"] in (sys.argv[2], sys.argv[2] + "-running"):
            print(e["path"])
PY
    local t0=$SECONDS
    "fx_${f//-/_}"
    say "$f took $((SECONDS - t0)) s"
    write_expected
  done
}

main "$@"
