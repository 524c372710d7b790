#!/usr/bin/env bash
# The local images (scripts/cluster/images.sh) start on the cluster and answer, one case per argument, each run
# the way the charts run them (their user ids, read-only root file systems, emptyDirs where they write):
#   spark-3.5.7 | spark-4.1.0    the JVM and user 185, `spark-submit --version`, a local SQL job
#   kubernetes-3.5.7 | -4.1.0    a cluster-mode job on Kubernetes: the image's `driver` and `executor` entries
#   postgresql                   the charts' own start script (initdb) on the image; a role logs in over TCP
#   metastore                    schematool -initSchema, the server, then Spark 3.5 and 4.1 clients run DDL and
#                                DML through it; their tables are rows in the metastore's PostgreSQL database
#   s3-server                    SeaweedFS's S3 gateway: signed bucket creation, PUT, GET, ListObjectsV2 by prefix;
#                                a wrong secret is refused
#   jar-mirror                   the cluster's mirror serves a pinned jar whose sha256 matches the pin
#   tools                        the helper image has bash, curl and Python 3
source "$(dirname "$0")/lib.sh"
source "$SPARKMV_ROOT/scripts/lib/common.sh"
case=${1:?case}
TEST_NAME=images_$case
use_cluster

SPARK35=local/spark:3.5.7-scala2.12-java17-python3
SPARK41=local/spark:4.1.0-scala2.13-java17-python3
HIVE=local/hive:3.1.3-metastore-java17
POSTGRES=local/postgres:15-bookworm
TOOLS=local/sparkmv-tools:1
SEAWEEDFS=local/seaweedfs:7506e5f91cd6
spark_image() { case $1 in 3.5.7) echo "$SPARK35" ;; 4.1.0) echo "$SPARK41" ;; esac; }

# pod NAME IMAGE UID MEMORY ARGS_JSON [EXTRA_SPEC_YAML] [EXTRA_CONTAINER_YAML]: a pod that keeps the image's
# entrypoint and runs ARGS, as the charts run theirs: non-root, read-only root, no API token unless TOKEN=true.
pod() {
  local name=$1 image=$2 uid=$3 memory=$4 args=$5 spec=${6:-} container=${7:-}
  k -n "$TEST_NAMESPACE" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Pod
metadata: {name: $name, labels: {app: $name}}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 2
  automountServiceAccountToken: ${TOKEN:-false}
  securityContext: {runAsNonRoot: true, runAsUser: $uid, runAsGroup: $uid, fsGroup: $uid, seccompProfile: {type: RuntimeDefault}}
$spec
  containers:
    - name: main
      image: $image
      imagePullPolicy: Never
      args: $args
      resources: {requests: {cpu: 100m, memory: $memory}, limits: {memory: $memory}}
      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
$container
YAML
}

# finished NAME SECONDS: waits for the pod's end; true when it Succeeded. Its log is in $LOG either way.
finished() {
  local name=$1 limit=$2 phase="" i
  for ((i = 0; i < limit; i += 2)); do
    phase=$(k -n "$TEST_NAMESPACE" get pod "$name" -o jsonpath='{.status.phase}' 2>/dev/null || true)
    case $phase in Succeeded | Failed) break ;; esac
    sleep 2
  done
  LOG=$(k -n "$TEST_NAMESPACE" logs "$name" 2>&1 || true)
  [ "$phase" = Succeeded ]
}

ready() {
  k -n "$TEST_NAMESPACE" wait --for=condition=Ready "pod/$1" --timeout="${2}s" >/dev/null
}

service() {
  k -n "$TEST_NAMESPACE" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Service
metadata: {name: $1}
spec: {selector: {app: $1}, ports: [{port: $2, targetPort: $2}]}
YAML
}

# The charts' PostgreSQL start script, from a render of charts/spark-4.1 (the same script in every chart).
postgresql_start_script() {
  "$SPARKMV_HELM" template t "$SPARKMV_ROOT/charts/spark-4.1" 2>/dev/null | python3 -c '
import sys, yaml
for doc in yaml.safe_load_all(sys.stdin):
    if doc and doc.get("kind") == "ConfigMap" and doc["metadata"]["name"] == "t-postgresql-start":
        sys.stdout.write(doc["data"]["start.sh"])'
}

# postgresql_server NAME USER PASSWORD DATABASE: the image with the charts' start script, and its Service.
postgresql_server() {
  local script
  script=$(postgresql_start_script)
  [ -n "$script" ] || fail "no PostgreSQL start script in the render of charts/spark-4.1"
  k -n "$TEST_NAMESPACE" create configmap "$1-start" --from-literal=start.sh="$script" >/dev/null
  pod "$1" "$POSTGRES" 999 256Mi '["/bin/bash", "/opt/sparkmv/postgresql/start.sh"]' "  volumes:
    - {name: data, emptyDir: {}}
    - {name: run, emptyDir: {}}
    - {name: tmp, emptyDir: {}}
    - {name: start, configMap: {name: $1-start}}" "      env:
        - {name: POSTGRES_USER, value: $2}
        - {name: POSTGRES_PASSWORD, value: $3}
        - {name: POSTGRES_DB, value: $4}
        - {name: PGDATA, value: /var/lib/postgresql/data/pgdata}
      readinessProbe: {exec: {command: [pg_isready, -h, 127.0.0.1, -U, $2, -d, $4]}, periodSeconds: 2}
      volumeMounts:
        - {name: data, mountPath: /var/lib/postgresql/data}
        - {name: run, mountPath: /var/run/postgresql}
        - {name: tmp, mountPath: /tmp}
        - {name: start, mountPath: /opt/sparkmv/postgresql, readOnly: true}"
  service "$1" 5432
  ready "$1" 120 || { k -n "$TEST_NAMESPACE" logs "$1" >&2 || true; fail "PostgreSQL pod $1 not Ready within 120 s"; }
}

case $case in
  spark-3.5.7 | spark-4.1.0)
    version=${case#spark-}
    make_namespace
    pod spark "$(spark_image "$version")" 185 1Gi '["bash", "-c", "id -u; java -version 2>&1 | head -n 1; spark-submit --version 2>&1 | grep -o \"version [0-9.]*\" | head -n 1; spark-sql --master local[1] --driver-memory 512m --conf spark.sql.catalogImplementation=in-memory -e \"SELECT sum(id) AS total FROM range(1000)\" 2>/dev/null"]' \
      "  volumes: [{name: tmp, emptyDir: {}}, {name: work, emptyDir: {}}]" \
      "      volumeMounts: [{name: tmp, mountPath: /tmp}, {name: work, mountPath: /opt/spark/work-dir}]"
    finished spark 240 || fail "the Spark $version pod failed: $LOG"
    [ "$(echo "$LOG" | sed -n 1p)" = 185 ] || fail "Spark ran as uid '$(echo "$LOG" | sed -n 1p)', not 185: $LOG"
    echo "$LOG" | sed -n 2p | grep -q '"17\.' || fail "not Java 17: $(echo "$LOG" | sed -n 2p)"
    [ "$(echo "$LOG" | sed -n 3p)" = "version $version" ] || fail "spark-submit --version: '$(echo "$LOG" | sed -n 3p)', not version $version"
    grep -qx 499500 <<<"$LOG" || fail "the local SQL job did not print 499500: $LOG"
    pass "Spark $version image: uid 185, Java 17, spark-submit $version, local job 499500"
    ;;

  kubernetes-3.5.7 | kubernetes-4.1.0)
    version=${case#kubernetes-}
    image=$(spark_image "$version")
    make_namespace
    # The submitter's rights, as a Spark-on-Kubernetes user gives them: its driver creates executor pods.
    k -n "$TEST_NAMESPACE" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: ServiceAccount
metadata: {name: spark}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: spark}
rules:
  - apiGroups: [""]
    resources: [pods, services, configmaps, persistentvolumeclaims]
    verbs: [get, list, watch, create, delete, deletecollection, patch, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: spark}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: spark}
subjects: [{kind: ServiceAccount, name: spark}]
YAML
    # The job (a ConfigMap the driver mounts through its pod template) sums on the executors.
    k -n "$TEST_NAMESPACE" create configmap job --from-literal=job.py='
from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
total = spark.sparkContext.parallelize(range(1000), 4).map(lambda x: x * 2).sum()
print("sparkmv-job-total", total)
spark.stop()
' --from-literal=driver.yaml='
apiVersion: v1
kind: Pod
spec:
  volumes: [{name: job, configMap: {name: job}}]
  containers:
    - name: driver
      volumeMounts: [{name: job, mountPath: /opt/job}]
' >/dev/null
    api="https://kubernetes.default.svc"
    TOKEN=true pod submit "$image" 185 768Mi "[\"spark-submit\", \"--master\", \"k8s://$api\", \"--deploy-mode\", \"cluster\",
      \"--name\", \"sparkmv-image-test\", \"--conf\", \"spark.kubernetes.namespace=$TEST_NAMESPACE\",
      \"--conf\", \"spark.kubernetes.container.image=$image\", \"--conf\", \"spark.kubernetes.container.image.pullPolicy=Never\",
      \"--conf\", \"spark.kubernetes.authenticate.driver.serviceAccountName=spark\",
      \"--conf\", \"spark.kubernetes.driver.podTemplateFile=/opt/job/driver.yaml\",
      \"--conf\", \"spark.kubernetes.driver.pod.name=driver\", \"--conf\", \"spark.kubernetes.executor.podNamePrefix=job\",
      \"--conf\", \"spark.executor.instances=1\", \"--conf\", \"spark.driver.memory=512m\", \"--conf\", \"spark.executor.memory=512m\",
      \"--conf\", \"spark.kubernetes.driver.request.cores=100m\", \"--conf\", \"spark.kubernetes.executor.request.cores=100m\",
      \"--conf\", \"spark.kubernetes.executor.deleteOnTermination=false\",
      \"--conf\", \"spark.kubernetes.submission.waitAppCompletion=true\", \"local:///opt/job/job.py\"]" \
      "  serviceAccountName: spark
  volumes: [{name: tmp, emptyDir: {}}, {name: job, configMap: {name: job}}]" \
      "      volumeMounts: [{name: tmp, mountPath: /tmp}, {name: job, mountPath: /opt/job}]"
    finished submit 420 || fail "spark-submit --deploy-mode cluster failed: $(echo "$LOG" | tail -n 20)"
    driver=$(k -n "$TEST_NAMESPACE" logs driver 2>&1 || true)
    grep -q 'sparkmv-job-total 999000' <<<"$driver" ||
      fail "the driver did not print the job's total: $(echo "$driver" | tail -n 20)"
    executor=$(k -n "$TEST_NAMESPACE" get pods -l spark-role=executor -o name | head -n 1)
    [ -n "$executor" ] || fail "no executor pod was created"
    args=$(k -n "$TEST_NAMESPACE" get "$executor" -o jsonpath='{.spec.containers[0].args}')
    [ "$args" = '["executor"]' ] || fail "the executor pod was started with $args, not the image's executor entry"
    # The log is read whole first: with pipefail, grep -q leaving early would fail kubectl with SIGPIPE.
    executor_log=$(k -n "$TEST_NAMESPACE" logs "$executor" 2>&1 || true)
    grep -q 'Successfully registered with driver' <<<"$executor_log" ||
      fail "the executor did not register with the driver: $(tail -n 10 <<<"$executor_log")"
    pass "Spark $version on Kubernetes: driver entry ran the job, executor entry registered, total 999000"
    ;;

  postgresql)
    make_namespace
    postgresql_server pg owner owner-secret appdb
    # The data directory was made by the charts' start script, not by an image entrypoint.
    pg_log=$(k -n "$TEST_NAMESPACE" logs pg 2>&1 || true)
    grep -q 'database cluster created' <<<"$pg_log" || fail "no initdb by the start script: $pg_log"
    k -n "$TEST_NAMESPACE" exec pg -- psql -v ON_ERROR_STOP=1 -q -U owner -d appdb \
      -c "CREATE ROLE probe LOGIN PASSWORD 'probe-secret'" || fail "CREATE ROLE failed"
    pod client "$POSTGRES" 999 64Mi '["bash", "-c", "PGPASSWORD=probe-secret psql -h pg -U probe -d appdb -Atc \"SELECT current_user\"; PGPASSWORD=wrong psql -h pg -U probe -d appdb -Atc \"SELECT 1\" 2>&1 | grep -o \"password authentication failed\""]'
    finished client 120 || fail "the client pod failed: $LOG"
    [ "$(echo "$LOG" | sed -n 1p)" = probe ] || fail "role probe could not log in over TCP: $LOG"
    [ "$(echo "$LOG" | sed -n 2p)" = "password authentication failed" ] || fail "a wrong password was not refused: $LOG"
    pass "PostgreSQL image with the charts' start script: initdb, a role logs in over TCP, a wrong password is refused"
    ;;

  metastore)
    make_namespace
    postgresql_server pg hive hive-secret metastore_test
    k -n "$TEST_NAMESPACE" create configmap hive-conf --from-literal=hive-site.xml='<?xml version="1.0"?>
<configuration>
  <property><name>javax.jdo.option.ConnectionURL</name><value>jdbc:postgresql://pg:5432/metastore_test</value></property>
  <property><name>javax.jdo.option.ConnectionDriverName</name><value>org.postgresql.Driver</value></property>
  <property><name>hive.metastore.warehouse.dir</name><value>file:///tmp/warehouse</value></property>
  <property><name>hive.metastore.schema.verification</name><value>true</value></property>
  <property><name>datanucleus.schema.autoCreateAll</name><value>false</value></property>
</configuration>' >/dev/null
    # The JDBC driver comes from the jar mirror, as the charts' fetch-jars init container gets it.
    read -r jdbc_path jdbc_sha < <(pinned_jars "$SPARKMV_ROOT/charts/spark-4.1/values.yaml" | grep postgresql)
    mirror=http://jar-mirror.sparkmv-mirror.svc:8080/maven2
    pod metastore "$HIVE" 1000 1Gi '["hive", "--service", "metastore", "-p", "9083"]' "  volumes:
    - {name: conf, configMap: {name: hive-conf}}
    - {name: jars, emptyDir: {}}
    - {name: tmp, emptyDir: {}}
  initContainers:
    - name: fetch-jars
      image: $SPARK41
      imagePullPolicy: Never
      args: [bash, -ec, 'cd /jars && wget -q $mirror/$jdbc_path && echo \"$jdbc_sha  ${jdbc_path##*/}\" | sha256sum -c -']
      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
      volumeMounts: [{name: jars, mountPath: /jars}]
    - name: init-schema
      image: $HIVE
      imagePullPolicy: Never
      args: [schematool, -dbType, postgres, -userName, hive, -passWord, hive-secret, -initSchema]
      env: [{name: HIVE_CONF_DIR, value: /conf}, {name: HIVE_AUX_JARS_PATH, value: /jars}]
      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
      volumeMounts: [{name: conf, mountPath: /conf}, {name: jars, mountPath: /jars}, {name: tmp, mountPath: /tmp}]" \
      "      env:
        - {name: HIVE_CONF_DIR, value: /conf}
        - {name: HIVE_AUX_JARS_PATH, value: /jars}
        - {name: HADOOP_CLIENT_OPTS, value: -Xmx512m -Djavax.jdo.option.ConnectionUserName=hive -Djavax.jdo.option.ConnectionPassword=hive-secret}
      readinessProbe: {tcpSocket: {port: 9083}, periodSeconds: 2}
      volumeMounts: [{name: conf, mountPath: /conf}, {name: jars, mountPath: /jars}, {name: tmp, mountPath: /tmp}]"
    service metastore 9083
    ready metastore 300 || fail "the metastore is not Ready within 300 s: $(k -n "$TEST_NAMESPACE" logs metastore --all-containers 2>&1 | tail -n 20)"
    metastore_log=$(k -n "$TEST_NAMESPACE" logs metastore -c main 2>&1 || true)
    grep -q 'Starting Hive Metastore Server\|Started the new metaserver' <<<"$metastore_log" ||
      fail "kubectl logs shows no metastore log: $(tail -n 5 <<<"$metastore_log")"
    for version in 3.5.7 4.1.0; do
      db=v${version//./_}
      sql="CREATE DATABASE $db; CREATE TABLE $db.t (id INT, name STRING) USING parquet; INSERT INTO $db.t VALUES (1, 'one'), (2, 'two'); SELECT concat('rows=', count(*)) FROM $db.t; SHOW TABLES IN $db;"
      pod "client-${version//./-}" "$(spark_image "$version")" 185 1Gi "[\"spark-sql\", \"--master\", \"local[1]\", \"--driver-memory\", \"512m\",
        \"--conf\", \"spark.sql.catalogImplementation=hive\", \"--conf\", \"spark.hadoop.hive.metastore.uris=thrift://metastore:9083\",
        \"--conf\", \"spark.sql.warehouse.dir=file:///tmp/warehouse\", \"-e\", \"$sql\"]" \
        "  volumes: [{name: tmp, emptyDir: {}}, {name: work, emptyDir: {}}]" \
        "      volumeMounts: [{name: tmp, mountPath: /tmp}, {name: work, mountPath: /opt/spark/work-dir}]"
    done
    for version in 3.5.7 4.1.0; do
      db=v${version//./_}
      finished "client-${version//./-}" 300 || fail "the Spark $version client failed: $(echo "$LOG" | grep -v '^\s*at ' | tail -n 15)"
      grep -qx 'rows=2' <<<"$LOG" || fail "Spark $version read back no 2 rows: $(echo "$LOG" | tail -n 10)"
    done
    tables=$(k -n "$TEST_NAMESPACE" exec pg -- psql -U hive -d metastore_test -Atc \
      'SELECT d."NAME" || '"'"'.'"'"' || t."TBL_NAME" FROM "TBLS" t JOIN "DBS" d ON t."DB_ID" = d."DB_ID" ORDER BY 1')
    [ "$tables" = "$(printf 'v3_5_7.t\nv4_1_0.t')" ] || fail "the metastore's database holds '$tables', not both clients' tables"
    pass "metastore 3.1.3 on JDK 17: schema initialised, Spark 3.5.7 and 4.1.0 clients wrote and read their tables, rows in PostgreSQL"
    ;;

  s3-server)
    make_namespace
    k -n "$TEST_NAMESPACE" create secret generic s3-config --from-literal=s3.json='{"identities": [{"name": "sparkmv",
      "credentials": [{"accessKey": "sparkmv-test", "secretKey": "sparkmv-test-secret"}],
      "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}' >/dev/null
    pod s3 "$SEAWEEDFS" 1000 512Mi '["server", "-dir=/data", "-filer", "-s3", "-s3.port=8333", "-s3.config=/conf/s3.json", "-master.volumeSizeLimitMB=64", "-volume.max=8"]' \
      "  volumes: [{name: data, emptyDir: {}}, {name: tmp, emptyDir: {}}, {name: conf, secret: {secretName: s3-config}}]" \
      "      readinessProbe: {tcpSocket: {port: 8333}, periodSeconds: 2}
      volumeMounts: [{name: data, mountPath: /data}, {name: tmp, mountPath: /tmp}, {name: conf, mountPath: /conf, readOnly: true}]"
    service s3 8333
    ready s3 180 || fail "the S3 server is not Ready within 180 s: $(k -n "$TEST_NAMESPACE" logs s3 2>&1 | tail -n 20)"
    # Signature Version 4, path-style, as S3A and sparkmv's event-log reader talk to a store. curl 7.88 signs
    # but does not send the payload hash S3 wants: the script gives it.
    k -n "$TEST_NAMESPACE" create configmap s3-client --from-literal=client.sh='
url=http://s3:8333
for _ in $(seq 30); do curl -s -o /dev/null "$url" && break; sleep 2; done
s3() { local key=$1 body=$2; shift 2
  curl -sf --aws-sigv4 aws:amz:us-east-1:s3 --user "sparkmv-test:$key" \
    -H "x-amz-content-sha256: $(printf %s "$body" | sha256sum | cut -d" " -f1)" "$@"; }
s3 sparkmv-test-secret "" -X PUT "$url/sparkmv-test" && echo bucket-created
s3 sparkmv-test-secret sparkmv-payload -X PUT --data-binary sparkmv-payload "$url/sparkmv-test/3.5/events/app-1" && echo put-done
s3 sparkmv-test-secret "" "$url/sparkmv-test/3.5/events/app-1"; echo
# curl 7.88 leaves "/" unencoded in the query it signs; SigV4 wants %2F.
s3 sparkmv-test-secret "" "$url/sparkmv-test?list-type=2&prefix=3.5%2F" | grep -o "<Key>[^<]*</Key>"
s3 wrong "" -o /dev/null "$url/sparkmv-test/3.5/events/app-1" || echo wrong-secret-refused
' >/dev/null
    pod client "$TOOLS" 65534 64Mi '["bash", "/script/client.sh"]' \
      "  volumes: [{name: script, configMap: {name: s3-client}}]" \
      "      volumeMounts: [{name: script, mountPath: /script}]"
    finished client 180 || fail "the S3 client failed: $LOG"
    expected=$(printf 'bucket-created\nput-done\nsparkmv-payload\n<Key>3.5/events/app-1</Key>\nwrong-secret-refused')
    [ "$LOG" = "$expected" ] || fail "the S3 exchange gave: $LOG"
    pass "SeaweedFS S3: signed bucket creation, PUT, GET and ListObjectsV2 by prefix; a wrong secret is refused"
    ;;

  jar-mirror)
    make_namespace
    busybox_pod fetch 'sleep 3600'
    read -r path sha < <(pinned_jars "$SPARKMV_ROOT/charts/spark-4.1/values.yaml" | grep postgresql)
    got=$(k -n "$TEST_NAMESPACE" exec fetch -- sh -c "wget -qO- http://jar-mirror.sparkmv-mirror.svc:8080/maven2/$path | sha256sum" | cut -d' ' -f1)
    [ "$got" = "$sha" ] || fail "the mirror served $path with sha256 '$got', not the pinned $sha"
    k -n "$TEST_NAMESPACE" exec fetch -- wget -qO- http://jar-mirror.sparkmv-mirror.svc:8080/maven2/no/such.jar >/dev/null 2>&1 &&
      fail "the mirror served a jar it does not hold"
    count=$(pinned_jars $(find "$SPARKMV_ROOT/charts" -name values.yaml) | wc -l)
    pass "the jar mirror serves $path with the pinned sha256 (it holds the $count jars the charts pin)"
    ;;

  tools)
    make_namespace
    pod tools "$TOOLS" 65534 64Mi '["bash", "-c", "curl --version | head -n 1; python3 -c \"import hmac, hashlib, urllib.request; print(42)\""]'
    finished tools 60 || fail "the tools pod failed: $LOG"
    grep -q '^curl ' <<<"$LOG" || fail "no curl: $LOG"
    grep -qx 42 <<<"$LOG" || fail "no Python 3 with hmac, hashlib and urllib: $LOG"
    pass "helper image: bash, curl, Python 3"
    ;;

  *) fail "unknown case $case" ;;
esac
