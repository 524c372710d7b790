#!/usr/bin/env bash
# Spike (issue 14): does the standalone Hive Metastore 3.1.3 run on Debian's OpenJDK 17 with Hadoop jars and the
# PostgreSQL JDBC driver from Maven Central, initialise its schema on a real PostgreSQL, and serve the built-in
# Hive 2.3 clients of Spark 3.5.7 and 4.1.0?
#
# Everything runs on 127.0.0.1, on free high ports, under one temporary directory that is removed at the end;
# every process started here is stopped on exit, failure or Ctrl-C. Downloads are pinned by sha256 and cached in
# $SPARKMV_CACHE/maven (default $HOME/.cache/sparkmv/maven). Prints one PASS/FAIL line per step and exits 0 only
# when every step passed.
#
# Needs: scripts/bootstrap.sh (OpenJDK 17, PostgreSQL 15, Spark under .tools/spark/<version>), curl.
# Usage: scripts/spikes/metastore-jdk17.sh [--keep] [--only 3.5.7|4.1.0]
#   --keep   leave the temporary directory (logs) in place; processes are stopped all the same
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

KEEP=false
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) KEEP=true; shift ;;
    --only) ONLY=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

MAVEN=https://repo1.maven.org/maven2
CACHE=$SPARKMV_CACHE/maven
SPARK_VERSIONS=(3.5.7 4.1.0)
[ -n "$ONLY" ] && SPARK_VERSIONS=("$ONLY")
HEAP=512m

# The pinned set: groupId:artifactId:version[:classifier:type] sha256 bytes.
# The metastore distribution itself, then the smallest Hadoop 3.3.6 set it needs (each jar below is needed: leaving
# any one out breaks schematool, the server's start or a Spark client's DDL; see docs/spikes/metastore-jdk17.md),
# then the JDBC driver (the charts' pin, hiveMetastore.extraJars).
METASTORE_DIST="org.apache.hive:hive-standalone-metastore:3.1.3:bin:tar.gz 83ddf76717eeb789091d845c069a631c25cad561c3d31ec0843a1ddf21f29409 27496847"
HADOOP_JARS=(
  "org.apache.hadoop:hadoop-common:3.3.6 10b8edb304bccc10a939d29edde128d0f6d95129427ec69f5cc7003ba8c6b737 4603101"
  "org.apache.hadoop:hadoop-auth:3.3.6 bb477b94b2a653cdca1e83d7525152108d9faeca74409c22b8f989659abea607 106145"
  "org.apache.hadoop.thirdparty:hadoop-shaded-guava:1.1.1 66711253edbb9a172efbf12e8b4511cd413627d069e0f5a62ea475b4e14093f8 3362359"
  "org.apache.commons:commons-configuration2:2.8.0 e5c46e4b0b1acddbc96651838c19d3df70da92dfb5107a6e4c42cb92d3a300bd 632505"
  "com.fasterxml.woodstox:woodstox-core:5.4.0 dbb958cb89f1d45238b061e146249494ff887f5f42b671a3956e98956e0d5c53 522679"
  "org.codehaus.woodstox:stax2-api:4.2.1 678567e48b51a42c65c699f266539ad3d676d4b1a5b0ad7d89ece8b9d5772579 195909"
  "commons-collections:commons-collections:3.2.2 eeeae917917144a68a741d4c0dff66aa5c5c5fd85593ff217bced3fc8ca783b8 588337"
  "org.slf4j:slf4j-api:1.7.36 d3ef575e3e4979678dc01bf1dcce51021493b4d11fb7f1be8ad982877c16a1c0 41125"
  "commons-cli:commons-cli:1.2 e7cd8951956d349b568b7ccfd4f5b2529a8c113e67c32b028f52ffda371259d9 41123"
  "commons-io:commons-io:2.8.0 02f291e5d1243dc143496e3cbbb40a1ced47aa58f2d633d3e38780cd068d5074 285424"
  "commons-logging:commons-logging:1.1.3 70903f6fc82e9908c8da9f20443f61d90f0870a312642991fe8462a0b9391784 62050"
  "org.apache.commons:commons-compress:1.21 6aecfd5459728a595601cfa07258d131972ffc39b492eb48bdd596577a2f244a 1018316"
)
JDBC_JAR="org.postgresql:postgresql:42.7.4 188976721ead8e8627eb6d8389d500dccc0c9bebd885268a3047180274a6031e 1086687"
# Module flags for JDK 17, passed the way the image would pass them. The spike found none needed; put flags here
# (e.g. --add-opens=java.base/java.lang=ALL-UNNAMED) to try some.
METASTORE_JDK_JAVA_OPTIONS=${METASTORE_JDK_JAVA_OPTIONS:-}

FAILED=0
pass() { printf 'PASS %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*"; FAILED=$((FAILED + 1)); }
info() { printf '     %s\n' "$*"; }
# step NAME CMD...: runs CMD, prints PASS/FAIL NAME.
step() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

# --- downloads ---------------------------------------------------------------------------------------------------
# fetch "g:a:v[:classifier:type] sha256 bytes" -> prints the cached file's path; downloads when absent or corrupt.
fetch() {
  local coord sha size g a v c t file url
  read -r coord sha size <<<"$1"
  IFS=: read -r g a v c t <<<"$coord"
  t=${t:-jar}
  file="$a-$v${c:+-$c}.$t"
  url="$MAVEN/${g//.//}/$a/$v/$file"
  mkdir -p "$CACHE"
  if ! verify_sha256 "$CACHE/$file" "$sha"; then
    rm -f "$CACHE/$file"
    curl -fsSL --retry 3 -o "$CACHE/$file.part.$$" "$url" || { rm -f "$CACHE/$file.part.$$"; echo "download failed: $url" >&2; return 1; }
    if ! verify_sha256 "$CACHE/$file.part.$$" "$sha"; then
      echo "checksum mismatch: $url (want $sha, got $(sha256sum "$CACHE/$file.part.$$" | cut -d' ' -f1))" >&2
      rm -f "$CACHE/$file.part.$$"; return 1
    fi
    mv "$CACHE/$file.part.$$" "$CACHE/$file"
  fi
  [ "$(stat -c %s "$CACHE/$file")" = "$size" ] || { echo "size mismatch: $file" >&2; return 1; }
  printf '%s\n' "$CACHE/$file"
}

# --- processes and cleanup ---------------------------------------------------------------------------------------
WORK=""
PG_DATA=""
PG_BIN=""
MS_PID=""
SPARK_PID=""
run_as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# stop_group PID: TERM the process group PID leads, then KILL it after 15 s, and wait for it.
stop_group() {
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || return 0
  for i in $(seq 1 30); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_group "$SPARK_PID"; SPARK_PID=""
  stop_group "$MS_PID"; MS_PID=""
  if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    run_as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "$WORK" ]; then
    if $KEEP; then echo "logs kept in $WORK"; else rm -rf "$WORK"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# A free TCP port on 127.0.0.1 in 40000-59999 (nothing answers on it).
free_port() {
  local p
  while :; do
    p=$((40000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}
# wait_port PORT PID SECONDS: true when PORT accepts a connection while PID is alive.
wait_port() {
  local port=$1 pid=$2 n=$(($3 * 4))
  while [ "$n" -gt 0 ]; do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.25; n=$((n - 1))
  done
  return 1
}

# --- set up ------------------------------------------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sparkmv-metastore-spike.XXXXXX")
chmod 755 "$WORK"
mkdir -p "$WORK/tmp"
export TMPDIR=$WORK/tmp

JAVA_VERSION=$(java -version 2>&1 | head -n 1)
info "java: $JAVA_VERSION"

dl_ok=true
DIST=$(fetch "$METASTORE_DIST") || dl_ok=false
HADOOP_PATHS=()
for j in "${HADOOP_JARS[@]}"; do p=$(fetch "$j") || { dl_ok=false; continue; }; HADOOP_PATHS+=("$p"); done
JDBC=$(fetch "$JDBC_JAR") || dl_ok=false
step "downloads pinned, checksummed and cached in ${CACHE/#$HOME/\$HOME}" $dl_ok
$dl_ok || exit 1

# The image's layout: /opt/hive (the distribution), Hadoop jars beside it, the JDBC driver where the chart's
# fetch-jars init container puts it (HIVE_AUX_JARS_PATH), the chart's ConfigMap in HIVE_CONF_DIR.
HIVE_HOME=$WORK/opt/hive
mkdir -p "$HIVE_HOME" "$WORK/opt/hadoop/lib" "$WORK/opt/sparkmv/jars" "$WORK/opt/sparkmv/conf"
tar -xzf "$DIST" -C "$HIVE_HOME" --strip-components=1
for p in "${HADOOP_PATHS[@]}"; do ln -s "$p" "$WORK/opt/hadoop/lib/"; done
ln -s "$JDBC" "$WORK/opt/sparkmv/jars/"
export HIVE_CONF_DIR=$WORK/opt/sparkmv/conf HIVE_AUX_JARS_PATH=$WORK/opt/sparkmv/jars METASTORE_HOME=$HIVE_HOME
bytes=0
for p in "${HADOOP_PATHS[@]}" "$JDBC"; do bytes=$((bytes + $(stat -c %s "$p"))); done
info "metastore lib/: $(find "$HIVE_HOME/lib" -name '*.jar' | wc -l) jars, $(du -sb "$HIVE_HOME/lib" | cut -f1) bytes; added: $((${#HADOOP_PATHS[@]} + 1)) jars, $bytes bytes"

# The tarball's own bin/ scripts need a Hadoop installation ($HADOOP_HOME/bin/hadoop), which Maven Central does
# not have: show what they say, then launch the classes directly as the image's start scripts would.
set +e
out=$(env -u HADOOP_HOME "$HIVE_HOME/bin/schematool" -dbType postgres -info 2>&1); rc=$?
set -e
if [ "$rc" -eq 4 ] && grep -q 'Cannot find hadoop installation' <<<"$out"; then
  pass "tarball's bin/schematool without Hadoop: exit 4, '$(head -n 1 <<<"$out")' (expected: we launch the classes ourselves)"
else
  fail "tarball's bin/schematool without Hadoop: exit $rc, $out"
fi

# The image's start script (a prototype): what the charts' `/opt/hive/bin/hive --service metastore -p 9083` and
# `/opt/hive/bin/schematool ...` would run. Classpath: HIVE_CONF_DIR (hive-site.xml), the distribution's lib/, the
# Hadoop jars, HIVE_AUX_JARS_PATH (the JDBC driver). JVM options: HADOOP_CLIENT_OPTS (the charts' -Xmx and
# -Djavax.jdo.option.Connection{UserName,Password}); module flags: JDK_JAVA_OPTIONS (read by the java launcher).
mkdir -p "$WORK/opt/sparkmv/bin"
cat >"$WORK/opt/sparkmv/bin/launch" <<'EOF'
#!/bin/bash
set -euo pipefail
case "$(basename "$0")" in
  schematool) class=org.apache.hadoop.hive.metastore.tools.MetastoreSchemaTool ;;
  hive)
    if [ "${1:-}" != --service ] || [ "${2:-}" != metastore ]; then echo "usage: hive --service metastore [-p PORT]" >&2; exit 2; fi
    shift 2; class=org.apache.hadoop.hive.metastore.HiveMetaStore ;;
  *) echo "run as schematool or hive" >&2; exit 2 ;;
esac
: "${HIVE_HOME:?}" "${HIVE_CONF_DIR:?}" "${HADOOP_JARS_DIR:?}"
export METASTORE_HOME=$HIVE_HOME   # schematool finds scripts/metastore/upgrade/postgres/ from it
cp="$HIVE_CONF_DIR:$HIVE_HOME/lib/*:$HADOOP_JARS_DIR/*${HIVE_AUX_JARS_PATH:+:$HIVE_AUX_JARS_PATH/*}"
# shellcheck disable=SC2086
exec java ${HADOOP_CLIENT_OPTS:-} -Dlog4j.configurationFile=metastore-log4j2.properties -cp "$cp" "$class" "$@"
EOF
chmod 755 "$WORK/opt/sparkmv/bin/launch"
ln -s launch "$WORK/opt/sparkmv/bin/schematool"
ln -s launch "$WORK/opt/sparkmv/bin/hive"
export HIVE_HOME HADOOP_JARS_DIR=$WORK/opt/hadoop/lib
# The distribution's log4j2 file, logging to $WORK/logs instead of java.io.tmpdir/user.
sed "s#^property.metastore.log.dir = .*#property.metastore.log.dir = $WORK/logs#" \
  "$HIVE_HOME/conf/metastore-log4j2.properties" >"$HIVE_CONF_DIR/metastore-log4j2.properties"
schematool() {
  JDK_JAVA_OPTIONS=$METASTORE_JDK_JAVA_OPTIONS HADOOP_CLIENT_OPTS="-Xmx$HEAP -Djava.io.tmpdir=$WORK/tmp" \
    nice -n 5 "$WORK/opt/sparkmv/bin/schematool" -dbType postgres "$@"
}

# --- PostgreSQL --------------------------------------------------------------------------------------------------
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
PG_PORT=$(free_port)
PG_DATA=$WORK/pg/data
mkdir -p "$WORK/pg"
ADMIN_PW=admin-$RANDOM$RANDOM
printf '%s\n' "$ADMIN_PW" >"$WORK/pg/pw"
[ "$(id -u)" -eq 0 ] && chown -R postgres "$WORK/pg"
start=$(date +%s.%N)
if run_as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A scram-sha-256 --pwfile="$WORK/pg/pw" >"$WORK/pg/initdb.log" 2>&1 &&
   run_as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/server.log" -w \
     -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK/pg" start >/dev/null; then
  pass "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s)"
else
  fail "PostgreSQL start"; cat "$WORK/pg/initdb.log" "$WORK/pg/server.log" 2>/dev/null | tail -n 20; exit 1
fi
psql_admin() { PGPASSWORD=$ADMIN_PW psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"; }

# schema_case NAME WANT_RC PATTERN ARGS...: runs schematool ARGS, checks exit code and that stderr matches PATTERN.
schema_case() {
  local name=$1 want=$2 pattern=$3 rc; shift 3
  set +e; schematool "$@" >"$WORK/case.out" 2>"$WORK/case.err"; rc=$?; set -e
  local first
  first=$(cat "$WORK/case.err" "$WORK/case.out" | grep -v -E '^[0-9]+/[0-9]+ |^No rows affected|^$|^NOTE: Picked up' | grep -m 1 -E "$pattern" || true)
  if [ "$rc" -eq "$want" ] && [ -n "$first" ]; then
    pass "schematool $name: exit $rc, says: $first"
  else
    fail "schematool $name: exit $rc (want $want), says: $(tail -n 5 "$WORK/case.err" | tr '\n' ' ')"
  fi
  # What the charts' init-schema script (sparkmv-lib _servers.tpl) would decide from this -info output.
  [ "${*: -1}" = -info ] || return 0
  local chart="schema present: not touching it"
  if [ "$rc" -ne 0 ]; then
    if grep -qiE "Failed to get schema version|relation .*version.* does not exist" "$WORK/case.out" "$WORK/case.err"; then
      chart="no schema: would run -initSchema"
    else
      chart="error: exit 1"
    fi
  fi
  info "charts' init-schema script would decide: $chart"
}

# --- one metastore per Spark version, as in the charts -------------------------------------------------------------
first=true
for SV in "${SPARK_VERSIONS[@]}"; do
  tag=$(cut -d. -f1,2 <<<"$SV" | tr -d .)
  DB=metastore_spark$tag DB_USER=spark$tag DB_PW=pw-$tag-$RANDOM$RANDOM
  SPARK_HOME_V=$SPARKMV_TOOLS/spark/$SV
  echo "== Spark $SV: database $DB, role $DB_USER"
  psql_admin -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PW'" -c "CREATE DATABASE $DB OWNER $DB_USER"
  JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB"
  WH=$WORK/warehouse-$tag
  mkdir -p "$WH" "$WORK/logs"
  # The charts' hive-site.xml (sparkmv-lib _servers.tpl), with local values.
  cat >"$HIVE_CONF_DIR/hive-site.xml" <<EOF
<?xml version="1.0"?>
<configuration>
  <property><name>javax.jdo.option.ConnectionURL</name><value>$JDBC_URL</value></property>
  <property><name>javax.jdo.option.ConnectionDriverName</name><value>org.postgresql.Driver</value></property>
  <property><name>hive.metastore.warehouse.dir</name><value>file://$WH</value></property>
  <property><name>hive.metastore.schema.verification</name><value>true</value></property>
  <property><name>datanucleus.schema.autoCreateAll</name><value>false</value></property>
  <property><name>hive.metastore.port</name><value>9083</value></property>
</configuration>
EOF
  U=(-userName "$DB_USER" -passWord "$DB_PW")
  if $first; then
    # The failure cases the charts' init-schema script has to tell apart.
    schema_case "-info, wrong password" 1 'password authentication failed' -userName "$DB_USER" -passWord wrong -info
    schema_case "-info, no such database" 1 'database ".*" does not exist' -url "jdbc:postgresql://127.0.0.1:$PG_PORT/no_such_db" "${U[@]}" -info
    dead=$(free_port)
    schema_case "-info, nothing listening" 1 'Connection to 127.0.0.1:[0-9]+ refused' -url "jdbc:postgresql://127.0.0.1:$dead/$DB" "${U[@]}" -info
    schema_case "-info, unknown host" 1 'The connection attempt failed|UnknownHost' -url "jdbc:postgresql://no-such-host.invalid:5432/$DB" "${U[@]}" -info
  fi
  schema_case "-info, empty database (no schema)" 1 'relation "VERSION" does not exist' "${U[@]}" -info
  start=$(date +%s.%N)
  set +e; schematool "${U[@]}" -initSchema >"$WORK/init-$tag.out" 2>"$WORK/init-$tag.err"; rc=$?; set -e
  t=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
  if [ "$rc" -eq 0 ] && grep -q 'schemaTool completed' "$WORK/init-$tag.out"; then
    pass "schematool -initSchema on $DB: exit 0, '$(grep -m 1 'Starting metastore schema initialization' "$WORK/init-$tag.out")' ($t s)"
  else
    fail "schematool -initSchema on $DB: exit $rc"; tail -n 20 "$WORK/init-$tag.err"
  fi
  schema_case "-info, schema present" 0 'Metastore schema version' "${U[@]}" -info
  grep -q $'Metastore schema version:\t 3.1.0' "$WORK/case.out" && pass "schema version 3.1.0 reported" || fail "schema version: $(cat "$WORK/case.out")"
  if $first; then
    schema_case "-initSchema, schema already there" 1 'already exists|Schema initialization FAILED' "${U[@]}" -initSchema
    schema_case "-info after the refused second init (schema intact)" 0 'Metastore schema version' "${U[@]}" -info
    PGPASSWORD=$DB_PW psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$DB" -c "UPDATE \"VERSION\" SET \"SCHEMA_VERSION\" = '2.3.0'"
    schema_case "-info, older schema version (2.3.0)" 1 'Metastore schema version is not compatible' "${U[@]}" -info
    PGPASSWORD=$DB_PW psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$DB" -c "UPDATE \"VERSION\" SET \"SCHEMA_VERSION\" = '3.1.0'"
  fi

  # The server, as the chart's container runs it.
  MS_PORT=$(free_port)
  start=$(date +%s.%N)
  JDK_JAVA_OPTIONS=$METASTORE_JDK_JAVA_OPTIONS \
  HADOOP_CLIENT_OPTS="-Xmx$HEAP -Djava.io.tmpdir=$WORK/tmp -Djavax.jdo.option.ConnectionUserName=$DB_USER -Djavax.jdo.option.ConnectionPassword=$DB_PW" \
    setsid nice -n 5 "$WORK/opt/sparkmv/bin/hive" --service metastore -p "$MS_PORT" >"$WORK/metastore-$tag.out" 2>&1 </dev/null &
  MS_PID=$!
  if wait_port "$MS_PORT" "$MS_PID" 180; then
    t=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
    pass "metastore serves Thrift on 127.0.0.1:$MS_PORT (JVM start to open port: $t s)"
  else
    fail "metastore start"; tail -n 40 "$WORK/metastore-$tag.out" "$WORK/logs/metastore.log" 2>/dev/null
    stop_group "$MS_PID"; MS_PID=""; first=false; continue
  fi

  # The Spark client: built-in Hive client, remote metastore, local warehouse, local[1].
  if [ ! -x "$SPARK_HOME_V/bin/spark-submit" ]; then
    fail "Spark $SV not installed in ${SPARK_HOME_V#"$SPARKMV_ROOT"/} (run scripts/bootstrap.sh)"
  else
    mkdir -p "$WORK/spark-$tag/tmp" "$WORK/spark-$tag/wh"
    cat >"$WORK/check.py" <<'EOF'
import os, subprocess, sys, traceback
from pyspark.sql import SparkSession

tag, db = os.environ["CHECK_TAG"], "smv_check_" + os.environ["CHECK_TAG"]
spark = SparkSession.builder.appName("metastore-check-" + tag).getOrCreate()
trace = open(os.environ["CHECK_TRACE"], "a")
ok = True

def step(name, fn):
    global ok
    try:
        detail = fn()
        print(f"PASS spark-{tag} {name}" + (f": {detail}" if detail else ""), flush=True)
    except Exception as e:
        ok = False
        lines = str(e).strip().splitlines() or [type(e).__name__]
        print(f"FAIL spark-{tag} {name}: {lines[0][:400]}", flush=True)
        traceback.print_exc(file=trace)

def sql(q):
    spark.sql(q).collect()

def rows(q, want, sort=False):
    got = [tuple(r) for r in spark.sql(q).collect()]
    got = sorted(got) if sort else got
    if got != want:
        raise AssertionError(f"expected {want}, got {got}")
    return got

def in_postgres():
    # The tables must be in the metastore's PostgreSQL database (not in a local Derby).
    q = ('SELECT t."TBL_NAME" FROM "TBLS" t JOIN "DBS" d ON t."DB_ID" = d."DB_ID" '
         f"WHERE d.\"NAME\" = '{db}' ORDER BY 1")
    got = subprocess.run(["psql", "-X", "-At", "-h", "127.0.0.1", "-p", os.environ["CHECK_PG_PORT"],
                          "-U", os.environ["CHECK_PG_USER"], "-d", os.environ["CHECK_PG_DB"], "-c", q],
                         check=True, capture_output=True, text=True).stdout.split()
    if got != ["t_hive", "t_parquet", "t_part"]:
        raise AssertionError(f"TBLS rows for {db}: {got}")
    return f"TBLS: {got}"

hive = spark._jvm.org.apache.spark.sql.hive.HiveUtils.builtinHiveVersion()
step("version", lambda: f"Spark {spark.version}, built-in Hive client {hive}, "
     f"metastore {spark.conf.get('spark.hadoop.hive.metastore.uris')}")
step("CREATE DATABASE", lambda: sql(f"CREATE DATABASE {db}"))
step("CREATE TABLE ... USING parquet", lambda: sql(f"CREATE TABLE {db}.t_parquet (id INT, s STRING) USING parquet"))
step("INSERT (parquet)", lambda: sql(f"INSERT INTO {db}.t_parquet VALUES (1, 'a'), (2, 'b')"))
step("SELECT (parquet)", lambda: rows(f"SELECT id, s FROM {db}.t_parquet ORDER BY id", [(1, "a"), (2, "b")]))
step("CREATE TABLE ... STORED AS TEXTFILE (Hive serde table)", lambda: sql(
    f"CREATE TABLE {db}.t_hive (id INT, s STRING) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS TEXTFILE"))
step("INSERT (Hive table)", lambda: sql(f"INSERT INTO {db}.t_hive SELECT id, s FROM {db}.t_parquet"))
step("SELECT (Hive table)", lambda: rows(f"SELECT id, s FROM {db}.t_hive ORDER BY id", [(1, "a"), (2, "b")]))
step("CREATE TABLE ... PARTITIONED BY", lambda: sql(f"CREATE TABLE {db}.t_part (id INT, p STRING) USING parquet PARTITIONED BY (p)"))
step("INSERT (two partitions)", lambda: sql(f"INSERT INTO {db}.t_part VALUES (1, 'x'), (2, 'y')"))
step("SHOW PARTITIONS", lambda: rows(f"SHOW PARTITIONS {db}.t_part", [("p=x",), ("p=y",)]))
step("SELECT with partition filter", lambda: rows(f"SELECT id FROM {db}.t_part WHERE p = 'y'", [(2,)]))
step("SHOW TABLES", lambda: rows(f"SHOW TABLES IN {db}", [(db, "t_hive", False), (db, "t_parquet", False), (db, "t_part", False)], sort=True))
step("tables stored in the metastore's PostgreSQL", in_postgres)
step("DROP TABLE (x3)", lambda: [sql(f"DROP TABLE {db}.{t}") for t in ("t_parquet", "t_hive", "t_part")] and None)
step("DROP DATABASE", lambda: sql(f"DROP DATABASE {db}"))
step("database gone", lambda: rows(f"SHOW DATABASES LIKE '{db}'", []))
spark.stop()
sys.exit(0 if ok else 1)
EOF
    S=$WORK/spark-$tag
    start=$(date +%s.%N)
    (cd "$S" && exec setsid env CHECK_TAG="$tag" CHECK_TRACE="$S/trace.txt" CHECK_PG_PORT="$PG_PORT" CHECK_PG_USER="$DB_USER" \
      CHECK_PG_DB="$DB" PGPASSWORD="$DB_PW" SPARK_LOCAL_IP=127.0.0.1 TMPDIR="$S/tmp" SPARK_HOME="$SPARK_HOME_V" \
      nice -n 5 "$SPARK_HOME_V/bin/spark-submit" --master 'local[1]' --driver-memory "$HEAP" \
        --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 --conf spark.local.dir="$S/tmp" \
        --conf spark.driver.extraJavaOptions="-Djava.io.tmpdir=$S/tmp -Dderby.system.home=$S" \
        --conf spark.sql.catalogImplementation=hive \
        --conf spark.hadoop.hive.metastore.uris="thrift://127.0.0.1:$MS_PORT" \
        --conf spark.sql.warehouse.dir="file://$S/wh" \
        --conf spark.hadoop.hive.exec.scratchdir="$S/tmp/hive" \
        --conf spark.hadoop.hive.exec.local.scratchdir="$S/tmp/hive-local" \
        --conf spark.hadoop.hive.downloaded.resources.dir="$S/tmp/hive-res" \
        "$WORK/check.py" >"$S/stdout" 2>"$S/stderr" </dev/null) &
    SPARK_PID=$!
    set +e; wait "$SPARK_PID"; rc=$?; set -e
    SPARK_PID=""
    t=$(printf '%.0f' "$(echo "$(date +%s.%N) - $start" | bc)")
    grep -E '^(PASS|FAIL) ' "$S/stdout" || true
    FAILED=$((FAILED + $(grep -c '^FAIL ' "$S/stdout" || true)))
    if [ "$rc" -eq 0 ]; then pass "Spark $SV client checks (exit 0, $t s)"; else
      fail "Spark $SV client checks (exit $rc, $t s)"; tail -n 30 "$S/stderr"; [ -s "$S/trace.txt" ] && head -n 60 "$S/trace.txt"
    fi
  fi

  # The server's log must show no JDK 17 module-access failure and no missing class.
  if grep -E 'InaccessibleObjectException|IllegalAccessError|NoClassDefFoundError|ClassNotFoundException|NoSuchMethodError' \
       "$WORK/logs/metastore.log" "$WORK/metastore-$tag.out" >"$WORK/bad-$tag.txt" 2>/dev/null; then
    fail "metastore log free of module-access and class-loading errors:"; head -n 5 "$WORK/bad-$tag.txt"
  else
    pass "metastore log free of module-access and class-loading errors"
  fi
  stop_group "$MS_PID"; MS_PID=""
  pass "metastore stopped"
  mv "$WORK/logs/metastore.log" "$WORK/logs/metastore-$tag.log" 2>/dev/null || true
  first=false
done

echo "== $([ "$FAILED" -eq 0 ] && echo "all steps passed" || echo "$FAILED step(s) failed")"
[ "$FAILED" -eq 0 ]
