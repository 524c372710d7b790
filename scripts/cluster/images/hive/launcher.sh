#!/usr/bin/env bash
# bin/hive and bin/schematool of the cluster's Hive Metastore image (one script, named by its link). The
# standalone distribution's own scripts end in `hadoop jar` and need a Hadoop installation; this image carries
# Hadoop as a jar set (/opt/hadoop/lib), so the launcher runs the JVM itself:
#   hive --service metastore [-p PORT] [ARG...]    the metastore server (the only service of this image)
#   schematool ARG...                              MetastoreSchemaTool (-dbType postgres -info, -initSchema, ...)
# Read from the environment: HIVE_CONF_DIR (hive-site.xml, core-site.xml), HIVE_AUX_JARS_PATH (folders or jars,
# comma-separated: the JDBC driver), HADOOP_CLIENT_OPTS (JVM options, e.g. -Xmx), METASTORE_ROOT_LOGGER
# (console, the default, so `kubectl logs` shows the log; DRFA for the distribution's file under /tmp).
set -euo pipefail
HIVE_HOME=${HIVE_HOME:-/opt/hive}
export METASTORE_HOME=${METASTORE_HOME:-$HIVE_HOME}

classpath="$HIVE_HOME/conf"
[ -n "${HIVE_CONF_DIR:-}" ] && classpath="$HIVE_CONF_DIR:$classpath"
classpath="$classpath:$HIVE_HOME/lib/*:${HADOOP_HOME:-/opt/hadoop}/lib/*"
IFS=, read -ra aux <<<"${HIVE_AUX_JARS_PATH:-}"
for entry in "${aux[@]}"; do
  if [ -d "$entry" ]; then classpath="$classpath:$entry/*"; elif [ -n "$entry" ]; then classpath="$classpath:$entry"; fi
done

case $(basename "$0") in
  schematool) main=org.apache.hadoop.hive.metastore.tools.MetastoreSchemaTool ;;
  hive)
    if [ "${1:-}" != --service ] || [ "${2:-}" != metastore ]; then
      echo "hive: this image runs only the metastore: hive --service metastore [-p PORT]" >&2
      exit 2
    fi
    shift 2
    main=org.apache.hadoop.hive.metastore.HiveMetaStore
    ;;
  *) echo "launcher: unknown name $(basename "$0") (hive or schematool)" >&2; exit 2 ;;
esac
# HADOOP_CLIENT_OPTS holds several options: split it as the Hadoop scripts do.
# shellcheck disable=SC2086
exec "${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java" ${HADOOP_CLIENT_OPTS:-} \
  -Dlog4j.configurationFile=metastore-log4j2.properties \
  -Dmetastore.root.logger="${METASTORE_ROOT_LOGGER:-console}" \
  -cp "$classpath" "$main" "$@"
