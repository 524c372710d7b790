#!/usr/bin/env bash
# Real jobs on both versions on the overlay install (spark-base's one PostgreSQL and one S3 server under both
# releases, namespace default: the case where isolation can fail), installed by the cluster.guide.overlay
# fixture. Each job runs tests/cluster/jobs/job.sql (DDL and DML) through its own version's metastore:
#   standalone-35     a client-mode driver pod (docs/examples/spark-35-client-pod.yaml) runs spark-sql on the
#                     3.5 standalone master; the master lists the finished application
#   connect-41        a pyspark-client 4.1.0 pod queries the Connect server (its first query since install)
#   submit-41         spark-submit --deploy-mode cluster from docs/examples/spark-41-submit-pod.yaml: a driver
#                     pod with Kubernetes executors
#   catalog           each job's database and tables are rows of its version's metastore database only, located
#                     under its version's warehouse prefix, whose S3 listing holds the table's files
#   event-logs        each job's event log is under its own s3a://spark-logs/<v>/events (the S3 server's
#                     listing), each History Server's REST API lists its own version's jobs and none of the other's
#   network-policy    from one pod per side, in parallel: the other release's servers refused, both ways, and
#                     from another namespace; own servers and the shared PostgreSQL and S3 open; with the
#                     policies removed the same refused probes open (they can see a refusal), then restored
#   connect-restart   the Connect server's pod deleted: its successor serves the next query; no executor failed
#                     in either server application's event log (sparkmv events summary)
source "$(dirname "$0")/lib.sh"
case=${1:?case}
TEST_NAME=jobs_$case
use_cluster

NS=default
JOBS=$SPARKMV_ROOT/tests/cluster/jobs
SPARK35=local/spark:3.5.7-scala2.12-java17-python3
SPARK41=local/spark:4.1.0-scala2.13-java17-python3
CLIENT=local/pyspark-client:4.1.0
TOOLS=local/sparkmv-tools:1
kn() { k -n "$NS" "$@"; }

# The jobs' SQL with the job's database.
job_sql() { sed "s/@DB@/$1/g" "$JOBS/job.sql"; }

# example_pod FILE IMAGE: a docs/examples pod as the docs say to adapt it: the local image, spark-base's S3 Secret.
example_pod() {
  local name
  name=$(sed -n 's/^  name: //p' "$1" | head -n 1)
  if ! kn get pod "$name" >/dev/null 2>&1; then
    sed -e "s|image: registry.example.com/[^ ]*|image: $2\n      imagePullPolicy: Never|" \
      -e 's/spark-3[5]-seaweedfs\|spark-4[1]-seaweedfs/spark-base-seaweedfs/' "$1" | kn apply -f - >/dev/null
  fi
  kn wait --for=condition=Ready "pod/$name" --timeout=180s >/dev/null || fail "pod $name (from $1) not Ready within 180 s"
}

# client_pod NAME IMAGE RELEASE: a long-running pod labelled as a client of RELEASE (the Python client gets
# room for pyarrow; curl and bash need little: the node's 8 GiB also hold both releases and their jobs).
client_pod() {
  local memory=64Mi
  [ "$2" = "$CLIENT" ] && memory=256Mi
  kn get pod "$1" >/dev/null 2>&1 || kn apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Pod
metadata: {name: $1, labels: {sparkmv.io/spark-release: $3}}
spec:
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: 1
  securityContext: {runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: main
      image: $2
      imagePullPolicy: Never
      command: [sleep, infinity]
      env: [{name: HOME, value: /tmp}]
      resources: {requests: {cpu: 50m, memory: $memory}, limits: {memory: 512Mi}}
      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
      volumeMounts: [{name: tmp, mountPath: /tmp}]
  volumes: [{name: tmp, emptyDir: {}}]
YAML
  kn wait --for=condition=Ready "pod/$1" --timeout=120s >/dev/null || fail "pod $1 not Ready within 120 s"
}

# put POD FILE [NAME]: FILE into the pod's /tmp.
put() { kn exec -i "$1" -- sh -c "cat > /tmp/${3:-$(basename "$2")}" <"$2"; }

# expect_job_output TEXT DB WHAT: the job's result rows (count and sum of `kept`, SHOW TABLES without `dropped`).
expect_job_output() {
  grep -q 'rows=3 sum=6' <<<"$1" || { tail -n 40 <<<"$1"; fail "$3: no 'rows=3 sum=6' from SELECT on $2.kept"; }
  # SHOW TABLES: namespace, name, isTemporary (spark-sql 3.5 prints the name alone).
  grep -qE "^($2[[:space:]]+)?kept([[:space:]]|$)" <<<"$1" || { tail -n 20 <<<"$1"; fail "$3: SHOW TABLES does not list $2.kept"; }
  ! grep -qE "^($2[[:space:]]+)?dropped([[:space:]]|$)" <<<"$1" || fail "$3: SHOW TABLES still lists $2.dropped after DROP TABLE"
}

connect_query() { # DB: the jobs' SQL over Spark Connect from the 4.1 client pod
  client_pod client-41 "$CLIENT" spark-41
  put client-41 "$JOBS/sql_job.py"
  kn exec client-41 -- timeout 300 python3 /tmp/sql_job.py --remote sc://spark-41-connect:15002 --sql "$(job_sql "$1")" 2>&1
}

# history_apps RELEASE POD: "id<TAB>name" of every application the release's History Server lists (asked from POD).
history_apps() {
  kn exec "$2" -- curl -sf --max-time 10 "http://$1-history:18080/api/v1/applications" |
    python3 -c 'import json,sys; [print(a["id"] + "\t" + a["name"]) for a in json.load(sys.stdin)]'
}

# s3_get PATH_AND_QUERY: a GET on spark-base's S3 server from the tools pod, signed with spark-base's key (read once).
s3_get() {
  client_pod tools "$TOOLS" spark-base-client
  [ -n "${S3_AK:-}" ] || { S3_AK=$(secret_value spark-base-seaweedfs access-key); S3_SK=$(secret_value spark-base-seaweedfs secret-key); }
  kn exec tools -- env AK="$S3_AK" SK="$S3_SK" \
    sh -c "curl -sf --max-time 60 --aws-sigv4 aws:amz:us-east-1:s3 --user \"\$AK:\$SK\" 'http://spark-base-seaweedfs:8333/$1'"
}

# s3_keys BUCKET PREFIX: the keys under PREFIX (ListObjectsV2; curl signs a query's `/` as it is while servers
# expect it encoded, so the prefix goes as %2F).
s3_keys() {
  s3_get "$1?list-type=2&max-keys=1000&prefix=${2//\//%2F}" | { grep -o '<Key>[^<]*</Key>' || true; } | sed 's/<[^>]*>//g'
}
secret_value() { kn get secret "$1" -o "jsonpath={.data.$2}" | base64 -d; }

case $case in
  standalone-35)
    example_pod "$SPARKMV_ROOT/docs/examples/spark-35-client-pod.yaml" "$SPARK35"
    job_sql jobs_35 | kn exec -i spark-35-client -- sh -c 'cat > /tmp/job.sql'
    started=$SECONDS
    out=$(kn exec spark-35-client -- timeout 420 spark-sql --name sparkmv-job-35 -f /tmp/job.sql 2>&1) ||
      { tail -n 40 <<<"$out"; fail "spark-sql on the 3.5 standalone master failed"; }
    expect_job_output "$out" jobs_35 "3.5 standalone job"
    # It ran on the cluster, not in local mode: the master lists it, finished, with the worker's executor.
    apps=$(kn exec spark-35-client -- curl -sf --max-time 10 http://spark-35-master:8080/json/) ||
      fail "the 3.5 master's status page did not answer the client pod"
    python3 -c '
import json, sys
apps = [a for a in json.loads(sys.argv[1]).get("completedapps", []) if a["name"] == "sparkmv-job-35"]
sys.exit(0 if apps and all(a["state"] == "FINISHED" for a in apps) else 1)' "$apps" ||
      fail "the 3.5 master lists no FINISHED application sparkmv-job-35: $apps"
    kn delete pod spark-35-client --wait=false >/dev/null # its 768Mi are needed by the next jobs
    pass "3.5: spark-sql from the client pod ran DDL and DML on the standalone master in $((SECONDS - started)) s"
    ;;

  connect-41)
    started=$SECONDS
    out=$(connect_query jobs_41) || { grep -E 'Exception|Error' <<<"$out" | head -n 5; fail "the Connect query failed"; }
    expect_job_output "$out" jobs_41 "4.1 Connect query"
    grep -q '^spark version 4.1.0' <<<"$out" || fail "the Connect server is not Spark 4.1.0: $(tail -n 3 <<<"$out")"
    pass "4.1: the pyspark-client pod's first Connect query (DDL and DML) took $((SECONDS - started)) s"
    ;;

  submit-41)
    example_pod "$SPARKMV_ROOT/docs/examples/spark-41-submit-pod.yaml" "$SPARK41"
    put spark-41-submit "$JOBS/sql_job.py"
    kn delete pod sparkmv-job-41-driver --ignore-not-found --wait=true >/dev/null
    # The node's 8 GiB hold both releases, the Connect executor, this driver and its executor only once the
    # submitting pod is gone: submit without waiting, then watch the driver pod.
    kn delete pod client-41 --ignore-not-found --wait=false >/dev/null
    started=$SECONDS
    out=$(kn exec spark-41-submit -- timeout 300 spark-submit --name sparkmv-job-41-submit \
      --conf spark.kubernetes.submission.waitAppCompletion=false \
      --conf spark.kubernetes.driver.pod.name=sparkmv-job-41-driver /tmp/sql_job.py --sql "$(job_sql jobs_41b)" 2>&1) ||
      { grep -E 'Exception|Error' <<<"$out" | head -n 5; fail "spark-submit of the 4.1 batch job failed"; }
    kn delete pod spark-41-submit --wait=false >/dev/null
    phase=""
    for _ in $(seq 1 200); do
      phase=$(kn get pod sparkmv-job-41-driver -o jsonpath='{.status.phase}' 2>/dev/null || true)
      case $phase in Succeeded | Failed) break ;; esac
      sleep 3
    done
    log=$(kn logs sparkmv-job-41-driver 2>&1)
    [ "$phase" = Succeeded ] || { tail -n 40 <<<"$log"; fail "the 4.1 driver pod ended $phase"; }
    expect_job_output "$log" jobs_41b "4.1 batch job"
    grep -q 'Registered executor' <<<"$log" || fail "the 4.1 batch driver registered no Kubernetes executor"
    kn delete pod sparkmv-job-41-driver --wait=false >/dev/null
    pass "4.1: spark-submit --deploy-mode cluster ran the job in a driver pod with Kubernetes executors in $((SECONDS - started)) s"
    ;;

  catalog)
    psql_base() { # DATABASE QUERY: as spark-base's PostgreSQL superuser, inside its pod
      kn exec spark-base-postgresql-0 -- sh -c 'PGPASSWORD=$POSTGRES_PASSWORD psql -h 127.0.0.1 -U "${POSTGRES_USER:-postgres}" -v ON_ERROR_STOP=1 -qtA -F " " -d "$0" -c "$1"' "$1" "$2"
    }
    tables() { psql_base "$1" 'SELECT d."NAME", coalesce(t."TBL_NAME", '"'-'"'), d."DB_LOCATION_URI" FROM "DBS" d LEFT JOIN "TBLS" t ON t."DB_ID" = d."DB_ID" ORDER BY 1, 2'; }
    rows35=$(tables metastore_spark35) || fail "cannot read metastore_spark35's catalog"
    rows41=$(tables metastore_spark41) || fail "cannot read metastore_spark41's catalog"
    check_db() { # ROWS DB VERSION: DB's table kept is in ROWS, under the version's warehouse, without `dropped`
      grep -qE "^$2 kept s3a://spark-warehouse/$3/" <<<"$1" || fail "no row of $2.kept under s3a://spark-warehouse/$3/ in its metastore: $1"
      ! grep -qE "^$2 dropped " <<<"$1" || fail "$2.dropped is still in the metastore after DROP TABLE"
    }
    check_db "$rows35" jobs_35 3.5
    check_db "$rows41" jobs_41 4.1
    check_db "$rows41" jobs_41b 4.1
    ! grep -qE '^jobs_41b? ' <<<"$rows35" || fail "4.1's databases are rows of metastore_spark35: $rows35"
    ! grep -qE '^jobs_35 ' <<<"$rows41" || fail "3.5's database is a row of metastore_spark41: $rows41"
    for db in jobs_35:3.5 jobs_41:4.1 jobs_41b:4.1; do
      keys=$(s3_keys spark-warehouse "${db#*:}/${db%:*}.db/kept/")
      grep -q '\.parquet$' <<<"$keys" || fail "no parquet file of ${db%:*}.kept under s3a://spark-warehouse/${db#*:}/: $keys"
    done
    other=$(s3_keys spark-warehouse 3.5/jobs_41; s3_keys spark-warehouse 4.1/jobs_35)
    [ -z "$other" ] || fail "a version's tables lie under the other's warehouse prefix: $other"
    pass "each version's databases and tables are rows of its own metastore database only, their files under its own warehouse prefix"
    ;;

  event-logs)
    client_pod client-35 "$TOOLS" spark-35
    client_pod client-41 "$CLIENT" spark-41
    logs35=$(s3_keys spark-logs 3.5/events/)
    logs41=$(s3_keys spark-logs 4.1/events/)
    # History Servers poll their directory (every 10 s by default): give them a minute.
    for _ in $(seq 1 30); do
      apps35=$(history_apps spark-35 client-35 || true)
      apps41=$(history_apps spark-41 client-41 || true)
      grep -q $'\tsparkmv-job-35$' <<<"$apps35" && grep -q $'\tsparkmv-job-41-submit$' <<<"$apps41" &&
        grep -q $'\tSpark Connect server$' <<<"$apps41" && break
      sleep 2
    done
    in_listing() { # APP_ID KEYS: a key of the app's log (single file, compressed, in progress or rolling dir)
      grep -qE "/(eventlog_v2_)?$1([._/]|$)" <<<"$2"
    }
    # The Connect server names its application itself, whatever spark.app.name says.
    for want in "spark-35|sparkmv-job-35" "spark-41|sparkmv-job-41-submit" "spark-41|Spark Connect server"; do
      release=${want%|*} name=${want#*|}
      apps=$apps35 own=$logs35 other=$logs41 v=3.5 ov=4.1
      [ "$release" = spark-41 ] && apps=$apps41 own=$logs41 other=$logs35 v=4.1 ov=3.5
      id=$(awk -F'\t' -v n="$name" '$2 == n { print $1 }' <<<"$apps" | tail -n 1)
      [ -n "$id" ] || fail "$release's History Server does not list $name: $apps"
      in_listing "$id" "$own" || fail "$name ($id) has no event log under s3a://spark-logs/$v/events: $own"
      ! in_listing "$id" "$other" || fail "$name ($id) has an event log under s3a://spark-logs/$ov/events"
    done
    ! grep -qE $'\t(sparkmv-job-41-submit|Spark Connect server)$' <<<"$apps35" || fail "the 3.5 History Server lists 4.1 applications: $apps35"
    ! grep -q $'\tsparkmv-job-35$' <<<"$apps41" || fail "the 4.1 History Server lists the 3.5 application: $apps41"
    pass "each job's event log is under its own version's prefix; each History Server lists its own version's jobs only ($(wc -l <<<"$apps35") / $(wc -l <<<"$apps41") applications)"
    ;;

  network-policy)
    client_pod client-35 "$TOOLS" spark-35
    client_pod client-41 "$CLIENT" spark-41
    other_ns=sparkmv-t-jobs-other
    k delete namespace "$other_ns" --ignore-not-found --wait=true >/dev/null
    k create namespace "$other_ns" >/dev/null
    TEST_NAMESPACE=$other_ns # removed at exit by lib.sh
    for _ in $(seq 1 60); do k -n "$other_ns" get serviceaccount default >/dev/null 2>&1 && break; sleep 0.5; done
    # The intruder carries a release's client label: labels of another namespace must not count.
    NS=$other_ns client_pod intruder "$TOOLS" spark-35
    svc() { echo "$1.$NS.svc.cluster.local"; }
    servers35="35-metastore $(svc spark-35-metastore) 9083
35-master $(svc spark-35-master) 7077
35-master-ui $(svc spark-35-master) 8080
35-history $(svc spark-35-history) 18080"
    servers41="41-metastore $(svc spark-41-metastore) 9083
41-connect $(svc spark-41-connect) 15002
41-history $(svc spark-41-history) 18080"
    shared="base-postgresql $(svc spark-base-postgresql) 5432
base-s3 $(svc spark-base-seaweedfs) 8333"
    probe() { # POD NAMESPACE PROBES: "name open|refused" lines
      k -n "$2" exec -i "$1" -- bash -c "$(cat "$JOBS/probe.sh")" <<<"$3" | sort
    }
    expect() { # RESULTS STATE WHAT: every probe in RESULTS has STATE
      local bad
      bad=$(awk -v s="$2" '$2 != s' <<<"$1")
      [ -z "$bad" ] || fail "$3: expected $2, got: $(tr '\n' ' ' <<<"$bad")"
    }
    run_all() { # the refused and the allowed probes, the three pods at once
      probe client-41 "$NS" "$servers35" >"$BIN_DIR/41-to-35" &
      probe client-35 "$NS" "$servers41" >"$BIN_DIR/35-to-41" &
      probe intruder "$other_ns" "$servers35"$'\n'"$servers41" >"$BIN_DIR/other-ns" &
      probe client-35 "$NS" "$servers35"$'\n'"$shared" >"$BIN_DIR/35-own" &
      probe client-41 "$NS" "$servers41"$'\n'"$shared" >"$BIN_DIR/41-own" &
      wait
    }
    # probe_until WORD RESULT...: all probes again (5 tries, 3 s apart) until no RESULT file says WORD: rules
    # land a moment after a pod is Ready or a policy changes.
    probe_until() {
      local word=$1 try
      shift
      for try in 1 2 3 4 5; do
        run_all
        (cd "$BIN_DIR" && ! grep -q "$word" "$@") && return 0
        sleep 3
      done
    }
    BIN_DIR=$(mktemp -d)
    probe_until refused 35-own 41-own
    expect "$(cat "$BIN_DIR/41-to-35")" refused "from a 4.1 pod to 3.5's servers"
    expect "$(cat "$BIN_DIR/35-to-41")" refused "from a 3.5 pod to 4.1's servers"
    expect "$(cat "$BIN_DIR/other-ns")" refused "from another namespace to both releases' servers"
    expect "$(cat "$BIN_DIR/35-own")" open "from a 3.5 pod to its own servers and the shared PostgreSQL and S3"
    expect "$(cat "$BIN_DIR/41-own")" open "from a 4.1 pod to its own servers and the shared PostgreSQL and S3"
    pass "policies enforced: $(cat "$BIN_DIR/41-to-35" "$BIN_DIR/35-to-41" "$BIN_DIR/other-ns" | wc -l) probes refused, $(cat "$BIN_DIR/35-own" "$BIN_DIR/41-own" | wc -l) allowed paths open"

    # Negative control: without the policies the same refused probes connect (so a refusal means the policy).
    kn get networkpolicies -o json >"$BIN_DIR/policies.json"
    restore() {
      python3 -c '
import json, sys
items = json.load(open(sys.argv[1]))["items"]
for item in items:
    meta = item["metadata"]
    item["metadata"] = {k: meta[k] for k in ("name", "namespace", "labels", "annotations") if k in meta}
    item.pop("status", None)
print(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}))' "$BIN_DIR/policies.json" | kn apply -f - >/dev/null
    }
    trap 'restore; on_exit' EXIT
    count=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$BIN_DIR/policies.json")
    [ "$count" -gt 0 ] || fail "namespace $NS has no NetworkPolicies to remove"
    kn delete networkpolicies --all >/dev/null
    probe_until refused 41-to-35 35-to-41 other-ns
    expect "$(cat "$BIN_DIR/41-to-35")" open "without policies, from a 4.1 pod to 3.5's servers"
    expect "$(cat "$BIN_DIR/35-to-41")" open "without policies, from a 3.5 pod to 4.1's servers"
    expect "$(cat "$BIN_DIR/other-ns")" open "without policies, from another namespace"
    restore
    trap on_exit EXIT
    probe_until open 41-to-35 35-to-41
    expect "$(cat "$BIN_DIR/41-to-35")" refused "after restoring the $count policies, from a 4.1 pod to 3.5's servers"
    pass "negative control: with the $count policies removed every refused probe connects; restored, refused again"
    ;;

  connect-restart)
    old=$(kn get pod -l app.kubernetes.io/instance=spark-41,app.kubernetes.io/component=connect -o name)
    [ -n "$old" ] || fail "no Connect server pod of spark-41"
    kn delete "$old" --wait=true >/dev/null
    started=$SECONDS
    kn rollout status deploy/spark-41-connect --timeout=300s >/dev/null || fail "the Connect server did not come back within 300 s"
    ready=$((SECONDS - started))
    # A database of its own: on SeaweedFS a dropped table's empty folders linger about 2 minutes (its
    # EmptyFolderCleaner), and Spark refuses to create a managed table over a non-empty location.
    db=jobs_41r$(date +%s) # new on every run, so a second run on the same install works too
    out=$(connect_query "$db") || { grep -E 'Exception|Error' <<<"$out" | head -n 5; fail "the first query after the Connect pod's restart failed"; }
    expect_job_output "$out" "$db" "4.1 Connect query after a restart"
    served=$((SECONDS - started))
    # Both server applications' event logs (before and after the restart): no executor lost, no task failed.
    # Rolling logs (4.1's default) are folders eventlog_v2_<app>/: kept as folders, the layout summary reads.
    mapfile -t logs < <(s3_keys spark-logs 4.1/events/ | grep -v -e '\.keep$' -e '/$')
    checked=0
    out_dir=$(mktemp -d)
    for key in "${logs[@]}"; do
      mkdir -p "$(dirname "$out_dir/${key#4.1/events/}")"
      s3_get "spark-logs/$key" >"$out_dir/${key#4.1/events/}" || fail "cannot read s3a://spark-logs/$key"
    done
    # Exit 1: some log could not be read (its row says why); 2: nothing readable at all.
    rc=0
    summary=$("$SPARKMV" events summary -o json "$out_dir" 2>/dev/null) || rc=$?
    [ "$rc" -le 1 ] || fail "sparkmv events summary could not read the 4.1 event logs (exit $rc)"
    verdict=$(python3 -c '
import json, sys
bad, connect = [], 0
for log in json.loads(sys.argv[1])["logs"]:
    run = log.get("summary") or {}
    if run.get("app_name") != "Spark Connect server":
        continue
    connect += 1
    where = run["app_id"]
    if run["totals"]["failed_tasks"] or run["failed_stages"] or run["failed_jobs"]:
        bad.append("%s: %d failed tasks, %d failed stages, %d failed jobs" % (where, run["totals"]["failed_tasks"], run["failed_stages"], run["failed_jobs"]))
    for e in run["executor_list"]:
        reason = e.get("removed_reason") or ""
        if e.get("removed") and "killed by driver" not in reason.lower() and "decommission" not in reason.lower():
            bad.append("%s: executor %s lost: %s" % (where, e["id"], reason))
print("connect=%d %s" % (connect, "; ".join(bad)))' "$summary")
    [[ $verdict == "connect=0"* ]] && fail "no Connect server event log among ${#logs[@]} logs under s3a://spark-logs/4.1/events"
    [[ $verdict == *" "?* ]] && fail "executor failures in the Connect server's event logs: $verdict"
    # The running server's log reaches S3 only when it stops (S3A writes an object on close): ask its REST API.
    live=$(kn exec client-41 -- sh -c 'base=http://spark-41-connect:4040/api/v1/applications
      id=$(curl -sf --max-time 10 $base | python3 -c "import json,sys; print(json.load(sys.stdin)[0][\"id\"])") &&
      curl -sf --max-time 10 $base/$id/allexecutors') || fail "the restarted Connect server's REST API did not answer"
    python3 -c '
import json, sys
bad = [e["id"] for e in json.loads(sys.argv[1]) if e.get("failedTasks") or (e["id"] != "driver" and not e.get("isActive"))]
executors = [e for e in json.loads(sys.argv[1]) if e["id"] != "driver"]
sys.exit(1 if bad or not executors else 0)' "$live" || fail "the restarted Connect server has failed or lost executors (or none): $live"
    pass "the Connect server came back Ready in $ready s and served its first query at $served s; ${verdict%% *} stopped server log(s) and the live server: no executor failure"
    ;;

  *) fail "unknown case $case" ;;
esac
