{{/*
Servers both Spark charts run the same way. Each chart's templates/<server>.yaml includes one of these with
its root context; the server reads the chart's values (hiveMetastore.*, historyServer.*, image, connector).
*/}}

{{/* Hive Metastore: ConfigMap (hive-site.xml), Service (thrift 9083), Deployment (schema created once, never upgraded). */}}
{{- define "smv.hiveMetastore" -}}
{{- if .Values.hiveMetastore.enabled }}
{{- $name := printf "%s-metastore" (include "smv.fullname" .) }}
{{- $labels := dict "ctx" $ "component" "hive-metastore" "app" "hive-metastore" }}
{{- $hms := .Values.hiveMetastore }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ $name }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "smv.labels" $labels | nindent 4 }}
data:
  hive-site.xml: |
    <?xml version="1.0"?>
    <configuration>
      <property><name>javax.jdo.option.ConnectionURL</name><value>{{ include "smv.jdbcUrl" . }}</value></property>
      <property><name>javax.jdo.option.ConnectionDriverName</name><value>org.postgresql.Driver</value></property>
      <property><name>hive.metastore.warehouse.dir</name><value>{{ .Values.warehouse.dir }}</value></property>
      <property><name>hive.metastore.schema.verification</name><value>true</value></property>
      <property><name>datanucleus.schema.autoCreateAll</name><value>false</value></property>
      <property><name>hive.metastore.port</name><value>9083</value></property>
    </configuration>
  core-site.xml: |
    {{- include "smv.coreSite" (dict "ctx" . "provider" $hms.s3CredentialsProvider) | nindent 4 }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "smv.labels" $labels | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "smv.selector" $labels | nindent 4 }}
  ports:
    - name: thrift
      port: 9083
      targetPort: thrift
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "smv.labels" $labels | nindent 4 }}
spec:
  replicas: {{ $hms.replicas }}
  selector:
    matchLabels:
      {{- include "smv.selector" $labels | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "smv.labels" $labels | nindent 8 }}
      # `kubectl logs` without -c shows the server, not an init container.
      annotations:
        kubectl.kubernetes.io/default-container: metastore
    spec:
      serviceAccountName: {{ include "smv.serviceAccount" . }}
      {{- with include "smv.imagePullSecrets" . }}{{ . | nindent 6 }}{{ end }}
      automountServiceAccountToken: false
      securityContext:
        {{- include "smv.podSecurityContext" (dict "uid" 1000) | nindent 8 }}
      initContainers:
        {{- include "smv.fetchJars" (dict "ctx" $ "jars" $hms.extraJars) | nindent 8 }}
        # Creates the schema once, when the database answers that it has none; never upgrades an existing
        # schema, and never initialises a database it could not read (down, refused login, missing database).
        - name: init-schema
          image: {{ include "smv.image" (dict "ctx" $ "image" $hms.image) }}
          imagePullPolicy: {{ $hms.image.pullPolicy }}
          command: ["/bin/bash", "-c"]
          args:
            - |
              {{- include "smv.metastore.initSchemaScript" . | nindent 14 }}
          env:
            {{- include "smv.metastoreEnv" . | nindent 12 }}
          securityContext:
            {{- include "smv.containerSecurityContext" . | nindent 12 }}
          resources:
            {{- toYaml $hms.resources | nindent 12 }}
          volumeMounts:
            {{- include "smv.metastoreMounts" . | nindent 12 }}
      containers:
        - name: metastore
          image: {{ include "smv.image" (dict "ctx" $ "image" $hms.image) }}
          imagePullPolicy: {{ $hms.image.pullPolicy }}
          command: ["/opt/hive/bin/hive"]
          # The log goes to the console, so `kubectl logs` shows it (Hive's default is a file under /tmp).
          args: ["--service", "metastore", "-p", "9083", "--hiveconf", "hive.root.logger=INFO,console"]
          env:
            {{- include "smv.metastoreEnv" . | nindent 12 }}
            - name: HADOOP_CLIENT_OPTS
              value: "-Xmx{{ $hms.heap }} -Djavax.jdo.option.ConnectionUserName=$(METASTORE_DB_USER) -Djavax.jdo.option.ConnectionPassword=$(METASTORE_DB_PASSWORD)"
            {{- include "smv.s3.env" . | nindent 12 }}
          ports:
            - name: thrift
              containerPort: 9083
          readinessProbe:
            {{- include "smv.tcpProbe" (dict "port" "thrift" "delay" 20) | nindent 12 }}
          livenessProbe:
            {{- include "smv.tcpProbe" (dict "port" "thrift" "delay" 90) | nindent 12 }}
          securityContext:
            {{- include "smv.containerSecurityContext" . | nindent 12 }}
          resources:
            {{- toYaml $hms.resources | nindent 12 }}
          volumeMounts:
            {{- include "smv.metastoreMounts" . | nindent 12 }}
      volumes:
        - name: conf
          configMap:
            name: {{ $name }}
        - name: jars
          emptyDir: {}
        - name: tmp
          emptyDir: {}
{{- end }}
{{- end -}}

{{/* History Server: ConfigMap (reads historyServer.logDirectory), Service (18080), Deployment. */}}
{{- define "smv.historyServer" -}}
{{- if .Values.historyServer.enabled }}
{{- $name := printf "%s-history" (include "smv.fullname" .) }}
{{- $labels := dict "ctx" $ "component" "history-server" "app" "spark-history-server" }}
{{- $hs := .Values.historyServer }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ $name }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "smv.labels" $labels | nindent 4 }}
data:
  spark-defaults.conf: |
    spark.history.fs.logDirectory {{ $hs.logDirectory }}
    spark.history.ui.port 18080
    spark.history.fs.update.interval {{ $hs.updateInterval }}
    spark.history.retainedApplications {{ $hs.retainedApplications }}
    spark.history.fs.cleaner.enabled {{ $hs.cleaner.enabled }}
    spark.history.fs.cleaner.maxAge {{ $hs.cleaner.maxAge }}
  # Every log line names the directory, so `kubectl logs -l app=spark-history-server | grep s3a://`
  # finds it in any pod's last lines.
  log4j2.properties: |
    {{- include "smv.log4j2" (dict "tag" (printf "logDirectory=%s" $hs.logDirectory)) | nindent 4 }}
  core-site.xml: |
    {{- include "smv.coreSite.spark" . | nindent 4 }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "smv.labels" $labels | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "smv.selector" $labels | nindent 4 }}
  ports:
    - name: http
      port: 18080
      targetPort: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "smv.labels" $labels | nindent 4 }}
spec:
  replicas: 1
  selector:
    matchLabels:
      {{- include "smv.selector" $labels | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "smv.labels" $labels | nindent 8 }}
      # `kubectl logs -l app=spark-history-server` (the guide's check) shows the server, not an init container.
      annotations:
        kubectl.kubernetes.io/default-container: history-server
    spec:
      serviceAccountName: {{ include "smv.serviceAccount" . }}
      {{- with include "smv.imagePullSecrets" . }}{{ . | nindent 6 }}{{ end }}
      automountServiceAccountToken: false
      securityContext:
        {{- include "smv.podSecurityContext" (dict "uid" 185) | nindent 8 }}
      {{- with trim (include "smv.spark.serverInit" (dict "ctx" $ "dir" $hs.logDirectory)) }}
      initContainers:
        {{- . | nindent 8 }}
      {{- end }}
      containers:
        - name: history-server
          image: {{ include "smv.image" (dict "ctx" $ "image" .Values.image) }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          command: ["/opt/spark/bin/spark-class"]
          args: ["org.apache.spark.deploy.history.HistoryServer"]
          env:
            {{- include "smv.sparkEnv" . | nindent 12 }}
            - name: SPARK_DAEMON_MEMORY
              value: {{ $hs.heap | quote }}
          ports:
            - name: http
              containerPort: 18080
          readinessProbe:
            {{- include "smv.httpProbe" (dict "path" "/api/v1/version" "port" "http" "delay" 20) | nindent 12 }}
          livenessProbe:
            {{- include "smv.httpProbe" (dict "path" "/api/v1/version" "port" "http" "delay" 60) | nindent 12 }}
          securityContext:
            {{- include "smv.containerSecurityContext" . | nindent 12 }}
          resources:
            {{- toYaml $hs.resources | nindent 12 }}
          volumeMounts:
            {{- include "smv.sparkMounts" (dict "conf" $name) | nindent 12 }}
      volumes:
        {{- include "smv.sparkVolumes" (dict "conf" $name) | nindent 8 }}
{{- end }}
{{- end -}}
