{{/* Spark and Hadoop settings every Spark process of a release shares (spark-standalone and spark-4.1). */}}

{{- define "smv.metastoreUri" -}}
{{- printf "thrift://%s-metastore.%s.svc:9083" (include "smv.fullname" .) .Release.Namespace -}}
{{- end -}}

{{/*
core-site.xml: S3A against the bundled S3 server or the shared store; credentials come from the environment.
(dict "ctx" $ "provider" CLASS): the credentials provider of the process's AWS SDK (v2 for Spark 4.1's Hadoop
3.4, v1 for Spark 3.5's Hadoop 3.3 and for the Hive Metastore's Hadoop).
*/}}
{{- define "smv.coreSite" -}}
{{- $provider := .provider }}
{{- with .ctx -}}
<?xml version="1.0"?>
<configuration>
  <property><name>fs.s3a.endpoint</name><value>{{ include "smv.s3.endpoint" . }}</value></property>
  <property><name>fs.s3a.path.style.access</name><value>{{ .Values.global.s3.pathStyleAccess }}</value></property>
  <property><name>fs.s3a.connection.ssl.enabled</name><value>{{ hasPrefix "https://" (include "smv.s3.endpoint" .) }}</value></property>
  <property><name>fs.s3a.aws.credentials.provider</name><value>{{ $provider }}</value></property>
  <property><name>fs.s3a.impl</name><value>org.apache.hadoop.fs.s3a.S3AFileSystem</value></property>
</configuration>
{{- end }}
{{- end -}}

{{/* core-site.xml of Spark processes: the connector's credentials provider. */}}
{{- define "smv.coreSite.spark" -}}
{{- include "smv.coreSite" (dict "ctx" . "provider" .Values.connector.credentialsProvider) -}}
{{- end -}}

{{/* spark-defaults.conf lines for drivers of this release: event logs, warehouse, metastore, connector. */}}
{{- define "smv.sparkDefaults" -}}
spark.eventLog.enabled {{ .Values.eventLog.enabled }}
spark.eventLog.dir {{ .Values.historyServer.logDirectory }}
spark.sql.warehouse.dir {{ .Values.warehouse.dir }}
{{- if .Values.hiveMetastore.enabled }}
spark.sql.catalogImplementation hive
spark.hadoop.hive.metastore.uris {{ include "smv.metastoreUri" . }}
{{- end }}
spark.hadoop.fs.s3a.endpoint {{ include "smv.s3.endpoint" . }}
spark.hadoop.fs.s3a.path.style.access {{ .Values.global.s3.pathStyleAccess }}
spark.hadoop.fs.s3a.aws.credentials.provider {{ .Values.connector.credentialsProvider }}
{{- if eq .Values.connector.mode "fetch" }}
spark.driver.extraClassPath /opt/sparkmv/jars/*
spark.executor.extraClassPath /opt/sparkmv/jars/*
{{- end }}
{{- range $k, $v := .Values.sparkConf }}
{{ $k }} {{ $v }}
{{- end }}
{{- end -}}

{{/* log4j2 for servers whose log must name their directory in every line (History Server). */}}
{{- define "smv.log4j2" -}}
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_OUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1} [{{ .tag }}]: %m%n%ex
{{- end -}}

{{/* Environment of Spark containers: classpath for the connector, S3 credentials, conf dir. */}}
{{- define "smv.sparkEnv" -}}
- name: SPARK_CONF_DIR
  value: /opt/sparkmv/conf
- name: HADOOP_CONF_DIR
  value: /opt/sparkmv/conf
{{- if eq .Values.connector.mode "fetch" }}
- name: SPARK_DIST_CLASSPATH
  value: /opt/sparkmv/jars/*
{{- end }}
- name: HOME
  value: /tmp
{{ include "smv.s3.env" . }}
{{- end -}}

{{/* The metastore's database is visible in its first container's env (users query it with kubectl). */}}
{{- define "smv.metastoreEnv" -}}
- name: METASTORE_DB_NAME
  value: {{ .Values.hiveMetastore.database.name | quote }}
- name: METASTORE_DB_HOST
  value: {{ include "smv.postgresql.host" . | quote }}
- name: METASTORE_DB_PORT
  value: {{ include "smv.postgresql.port" . | quote }}
- name: METASTORE_DB_USER
  valueFrom:
    secretKeyRef:
      name: {{ include "smv.metastore.secret" . }}
      key: username
- name: METASTORE_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "smv.metastore.secret" . }}
      key: password
- name: HIVE_CONF_DIR
  value: /opt/sparkmv/conf
- name: HADOOP_CONF_DIR
  value: /opt/sparkmv/conf
- name: HIVE_AUX_JARS_PATH
  value: /opt/sparkmv/jars
- name: HADOOP_LOG_DIR
  value: /tmp
# Hadoop's own S3A connector and the AWS SDK it was built with, from the image's share/hadoop/tools/lib: the
# Hadoop scripts leave them off the classpath unless named here.
- name: HADOOP_OPTIONAL_TOOLS
  value: hadoop-aws
{{- end -}}

{{/*
The metastore's schema check: wait for PostgreSQL, read the schema version, and initialise only on the
database's own answer that the VERSION table does not exist. Anything else (no server, refused login, no
database, an old schema) stops the pod with schematool's words.
*/}}
{{- define "smv.metastore.initSchemaScript" -}}
schematool() { /opt/hive/bin/schematool -dbType postgres -userName "$METASTORE_DB_USER" -passWord "$METASTORE_DB_PASSWORD" "$@"; }
for waited in $(seq 0 2 120); do
  (exec 3<>"/dev/tcp/$METASTORE_DB_HOST/$METASTORE_DB_PORT") 2>/dev/null && break
  [ "$waited" -lt 120 ] || { echo "init-schema: PostgreSQL $METASTORE_DB_HOST:$METASTORE_DB_PORT does not answer (120 s)"; exit 1; }
  sleep 2
done
if schematool -info >/tmp/schema-info.log 2>&1; then
  echo "init-schema: metastore schema present in $METASTORE_DB_NAME; not touching it"; exit 0
fi
if grep -q 'relation "VERSION" does not exist' /tmp/schema-info.log; then
  echo "init-schema: no metastore schema in $METASTORE_DB_NAME: initialising"
  schematool -initSchema; exit $?
fi
grep -v '^\s*at ' /tmp/schema-info.log | tail -n 20
cause=$(grep -o -m1 -E 'password authentication failed[^"]*|database "[^"]*" does not exist|Connection refused|[Ss]chema version [^,.]*' /tmp/schema-info.log || true)
echo "init-schema: cannot read the metastore schema of $METASTORE_DB_NAME${cause:+: $cause}; nothing initialised (an existing schema is upgraded by hand)"
exit 1
{{- end -}}

{{- define "smv.metastoreMounts" -}}
- name: conf
  mountPath: /opt/sparkmv/conf
- name: jars
  mountPath: /opt/sparkmv/jars
- name: tmp
  mountPath: /tmp
{{- end -}}

{{- define "smv.sparkMounts" -}}
- name: conf
  mountPath: /opt/sparkmv/conf
- name: jars
  mountPath: /opt/sparkmv/jars
- name: tmp
  mountPath: /tmp
- name: work
  mountPath: /opt/spark/work-dir
{{- end -}}

{{- define "smv.sparkVolumes" -}}
- name: conf
  configMap:
    name: {{ .conf }}
- name: jars
  emptyDir: {}
- name: tmp
  emptyDir: {}
- name: work
  emptyDir: {}
{{- end -}}
