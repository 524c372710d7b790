#!/usr/bin/env bash
# Entry of the cluster's Spark images. Spark on Kubernetes starts its pods with this image's entrypoint and
# `driver ...` (a cluster-mode driver) or `executor` (arguments in SPARK_* variables); anything else runs as
# given, which is how the charts start their servers. tini reaps the JVM's children and forwards signals.
set -euo pipefail
SPARK_HOME=${SPARK_HOME:-/opt/spark}

# The JVM's classpath as Spark's own launcher would build it: configuration folders first, then the
# distribution's jars, then what the deployment adds.
classpath="$SPARK_HOME/jars/*"
[ -n "${SPARK_CONF_DIR:-}" ] && classpath="$SPARK_CONF_DIR:$classpath"
[ -n "${HADOOP_CONF_DIR:-}" ] && classpath="$HADOOP_CONF_DIR:$classpath"
[ -n "${SPARK_EXTRA_CLASSPATH:-}" ] && classpath="$classpath:$SPARK_EXTRA_CLASSPATH"
[ -n "${SPARK_DIST_CLASSPATH:-}" ] && classpath="$classpath:$SPARK_DIST_CLASSPATH"

# required NAME...: executors cannot start without these; say which one is missing.
required() {
  local name
  for name in "$@"; do
    [ -n "${!name:-}" ] || { echo "entrypoint: executor: $name is not set (Spark's driver sets it)" >&2; exit 2; }
  done
}

case ${1:-} in
  driver)
    shift
    exec /usr/bin/tini -s -- "$SPARK_HOME/bin/spark-submit" \
      --conf "spark.driver.bindAddress=${SPARK_DRIVER_BIND_ADDRESS:-0.0.0.0}" \
      --conf "spark.executorEnv.SPARK_DRIVER_POD_IP=${SPARK_DRIVER_BIND_ADDRESS:-0.0.0.0}" \
      --deploy-mode client "$@"
    ;;
  executor)
    shift
    required SPARK_DRIVER_URL SPARK_EXECUTOR_ID SPARK_EXECUTOR_CORES SPARK_APPLICATION_ID \
      SPARK_EXECUTOR_POD_IP SPARK_EXECUTOR_MEMORY
    # The driver passes the executors' JVM options one per variable, SPARK_JAVA_OPT_0, _1, ... in order;
    # values may hold spaces, hence no word splitting.
    options=()
    while read -r name; do
      options+=("${!name}")
    done < <(compgen -e | grep '^SPARK_JAVA_OPT_[0-9][0-9]*$' | sort -t_ -k4 -n)
    exec /usr/bin/tini -s -- "${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java" "${options[@]}" \
      -Xms"$SPARK_EXECUTOR_MEMORY" -Xmx"$SPARK_EXECUTOR_MEMORY" -cp "$classpath" \
      org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend \
      --driver-url "$SPARK_DRIVER_URL" --executor-id "$SPARK_EXECUTOR_ID" --cores "$SPARK_EXECUTOR_CORES" \
      --app-id "$SPARK_APPLICATION_ID" --hostname "$SPARK_EXECUTOR_POD_IP" \
      --resourceProfileId "${SPARK_RESOURCE_PROFILE_ID:-0}" --podName "${SPARK_EXECUTOR_POD_NAME:-$HOSTNAME}"
    ;;
  "") exec /usr/bin/tini -s -- /bin/bash ;;
  *) exec /usr/bin/tini -s -- "$@" ;;
esac
