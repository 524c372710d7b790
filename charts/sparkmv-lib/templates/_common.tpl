{{/*
Helpers of every sparkmv chart: names, labels, security contexts, images, where PostgreSQL and S3 are,
generated secrets, jar downloads, probes, test pods. Called with the calling chart's context, so
.Chart, .Release and .Values are the caller's.
*/}}

{{/* Prefix of every object name: the release name, so two releases never collide. */}}
{{- define "smv.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "smv.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels for one component: call with (dict "ctx" $ "component" "history-server" "app" "spark-history-server"). */}}
{{- define "smv.labels" -}}
{{- $ := .ctx -}}
helm.sh/chart: {{ printf "%s-%s" $.Chart.Name $.Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "smv.name" $ }}
app.kubernetes.io/instance: {{ $.Release.Name }}
app.kubernetes.io/version: {{ $.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $.Release.Service }}
app.kubernetes.io/part-of: sparkmv
app.kubernetes.io/component: {{ .component }}
app: {{ .app }}
sparkmv.io/spark-release: {{ $.Release.Name }}
{{- end -}}

{{- define "smv.selector" -}}
app.kubernetes.io/name: {{ include "smv.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "smv.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "smv.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/*
An image reference: (dict "ctx" $ "image" .Values.<x>.image). global.imageRegistry (a mirror of the upstream
registries, for air-gapped clusters) replaces the registry part of every repository and keeps its path and tag:
docker.io/apache/spark becomes <imageRegistry>/apache/spark.
*/}}
{{- define "smv.image" -}}
{{- $repository := .image.repository }}
{{- $registry := "" }}
{{- with .ctx.Values.global }}{{ $registry = .imageRegistry | default "" | trimSuffix "/" }}{{ end }}
{{- if $registry }}
{{- $parts := splitList "/" $repository }}
{{- $first := first $parts }}
{{- if and (gt (len $parts) 1) (or (contains "." $first) (contains ":" $first) (eq $first "localhost")) }}
{{- $repository = join "/" (rest $parts) }}
{{- end }}
{{- $repository = printf "%s/%s" $registry $repository }}
{{- end }}
{{- printf "%s:%s" $repository (toString .image.tag) -}}
{{- end -}}

{{/* The names in global.imagePullSecrets (names, or {name: ...}), comma-separated; for pods and for
spark.kubernetes.container.image.pullSecrets. */}}
{{- define "smv.imagePullSecretNames" -}}
{{- $names := list }}
{{- with .Values.global }}
{{- range (.imagePullSecrets | default list) }}
{{- if kindIs "map" . }}{{ $names = append $names .name }}{{ else }}{{ $names = append $names . }}{{ end }}
{{- end }}
{{- end }}
{{- join "," $names -}}
{{- end -}}

{{/* The pod spec's imagePullSecrets from global.imagePullSecrets; nothing when empty. */}}
{{- define "smv.imagePullSecrets" -}}
{{- with include "smv.imagePullSecretNames" . }}
imagePullSecrets:
{{- range splitList "," . }}
  - name: {{ . | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The ServiceAccount of the release's infrastructure pods (no API access). */}}
{{- define "smv.serviceAccount" -}}
{{- if and .Values.serviceAccount .Values.serviceAccount.name -}}
{{- .Values.serviceAccount.name -}}
{{- else -}}
{{- printf "%s-%s" (include "smv.fullname" .) "infra" -}}
{{- end -}}
{{- end -}}

{{/* Bundled PostgreSQL is on unless global.postgresql.host points at a shared server. */}}
{{- define "smv.postgresql.bundled" -}}
{{- if and .Values.postgresql.enabled (not .Values.global.postgresql.host) -}}true{{- end -}}
{{- end -}}

{{- define "smv.postgresql.host" -}}
{{- if .Values.global.postgresql.host -}}
{{- .Values.global.postgresql.host -}}
{{- else -}}
{{- printf "%s-postgresql" (include "smv.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "smv.postgresql.port" -}}
{{- .Values.global.postgresql.port | default 5432 -}}
{{- end -}}

{{/* Secret with the metastore role's username and password. */}}
{{- define "smv.metastore.secret" -}}
{{- if .Values.hiveMetastore.database.existingSecret -}}
{{- .Values.hiveMetastore.database.existingSecret -}}
{{- else if .Values.global.postgresql.host -}}
{{- fail "hiveMetastore.database.existingSecret is required when global.postgresql.host points at a shared PostgreSQL" -}}
{{- else -}}
{{- printf "%s-metastore-db" (include "smv.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "smv.jdbcUrl" -}}
{{- printf "jdbc:postgresql://%s:%s/%s" (include "smv.postgresql.host" .) (include "smv.postgresql.port" .) .Values.hiveMetastore.database.name -}}
{{- end -}}

{{/* The bundled S3 server (SeaweedFS) is on unless global.s3.endpoint points at a shared object store. */}}
{{- define "smv.seaweedfs.bundled" -}}
{{- if and .Values.seaweedfs.enabled (not .Values.global.s3.endpoint) -}}true{{- end -}}
{{- end -}}

{{/* Name of the bundled S3 server's Service and StatefulSet (and of its generated credentials Secret). */}}
{{- define "smv.seaweedfs.name" -}}
{{- printf "%s-seaweedfs" (include "smv.fullname" .) -}}
{{- end -}}

{{/*
Secret with the bundled S3 server's admin credentials (access-key, secret-key): seaweedfs.existingSecret, else
the one the chart generates. Renders without a cluster (GitOps tools) cannot keep a generated value: they set
existingSecret.
*/}}
{{- define "smv.seaweedfs.secret" -}}
{{- .Values.seaweedfs.existingSecret | default (include "smv.seaweedfs.name" .) -}}
{{- end -}}

{{/*
Values of the MinIO-era charts (up to 0.1.x) stop a render with the way forward rather than being ignored:
ignoring them would leave the data of an existing MinIO volume behind unnoticed (docs/guides/UPGRADING.md).
*/}}
{{- define "smv.minio.removed" -}}
{{- if hasKey .Values "minio" -}}
{{- fail (printf "values key 'minio' is no longer read: since chart 0.2.0 the bundled S3 server is SeaweedFS, set under 'seaweedfs' (enabled, persistence, resources); it does not read the MinIO volume (PVC data-%s-minio-0): copy its objects first, or keep that MinIO as a shared store through global.s3.endpoint (docs/guides/UPGRADING.md)" (include "smv.fullname" .)) -}}
{{- end -}}
{{- end -}}

{{- define "smv.s3.endpoint" -}}
{{- if .Values.global.s3.endpoint -}}
{{- .Values.global.s3.endpoint -}}
{{- else -}}
{{- printf "http://%s:8333" (include "smv.seaweedfs.name" .) -}}
{{- end -}}
{{- end -}}

{{- define "smv.s3.secret" -}}
{{- if .Values.global.s3.existingSecret -}}
{{- .Values.global.s3.existingSecret -}}
{{- else if .Values.global.s3.endpoint -}}
{{- fail "global.s3.existingSecret is required when global.s3.endpoint points at a shared object store" -}}
{{- else -}}
{{- include "smv.seaweedfs.secret" . -}}
{{- end -}}
{{- end -}}

{{/* Environment that gives S3A its credentials (EnvironmentVariableCredentialsProvider). */}}
{{- define "smv.s3.env" -}}
{{- include "smv.s3.envFrom" (dict "secret" (include "smv.s3.secret" .) "accessKey" (.Values.global.s3.accessKeyKey | default "access-key") "secretKey" (.Values.global.s3.secretKeyKey | default "secret-key")) -}}
{{- end -}}

{{/* AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from one Secret: (dict "secret" name "accessKey" key "secretKey" key). */}}
{{- define "smv.s3.envFrom" -}}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .accessKey }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .secretKey }}
{{- end -}}

{{/* TCP port of a URL: the explicit one, else 443 for https and 80 for http. Call with the URL. */}}
{{- define "smv.url.port" -}}
{{- $url := urlParse . -}}
{{- $hostPort := splitList ":" $url.host -}}
{{- if gt (len $hostPort) 1 -}}
{{- last $hostPort -}}
{{- else -}}
{{- ternary "443" "80" (eq $url.scheme "https") -}}
{{- end -}}
{{- end -}}

{{/* A generated secret value, kept across upgrades: (dict "ctx" $ "name" secretName "key" key). */}}
{{- define "smv.generated" -}}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace .name -}}
{{- if and $existing $existing.data (hasKey $existing.data .key) -}}
{{- index $existing.data .key -}}
{{- else -}}
{{- randAlphaNum 24 | b64enc -}}
{{- end -}}
{{- end -}}

{{/* Init container that fetches pinned, checksummed jars (S3A connector, JDBC driver) into /opt/sparkmv/jars. */}}
{{- define "smv.fetchJars" -}}
{{- $ := .ctx -}}
- name: fetch-jars
  image: {{ include "smv.image" (dict "ctx" $ "image" $.Values.image) }}
  imagePullPolicy: {{ $.Values.image.pullPolicy }}
  command: ["/bin/bash", "-ec"]
  args:
    - |
      cd /opt/sparkmv/jars
      {{- range .jars }}
      wget -q -O {{ base .path }} {{ $.Values.connector.repository }}/{{ .path }}
      echo "{{ .sha256 }}  {{ base .path }}" | sha256sum -c -
      {{- end }}
  {{- with $.Values.connector.proxy }}
  {{- if or .http .https }}
  # wget reads the lower-case names; other tools the upper-case ones.
  env:
    {{- range $name, $value := dict "http_proxy" .http "https_proxy" .https "no_proxy" .noProxy }}
    {{- if $value }}
    - name: {{ $name }}
      value: {{ $value | quote }}
    - name: {{ upper $name }}
      value: {{ $value | quote }}
    {{- end }}
    {{- end }}
  {{- end }}
  {{- end }}
  securityContext:
    {{- include "smv.containerSecurityContext" $ | nindent 4 }}
  resources:
    {{- toYaml $.Values.connector.resources | nindent 4 }}
  volumeMounts:
    - name: jars
      mountPath: /opt/sparkmv/jars
{{- end -}}

{{/* Connector jars each Spark process loads, unless the image already has them. */}}
{{- define "smv.connectorJars" -}}
{{- if eq .Values.connector.mode "fetch" -}}
{{- toYaml .Values.connector.jars -}}
{{- else -}}
[]
{{- end -}}
{{- end -}}

{{- define "smv.tcpProbe" -}}
tcpSocket:
  port: {{ .port }}
initialDelaySeconds: {{ .delay | default 20 }}
periodSeconds: 15
timeoutSeconds: 5
failureThreshold: 6
{{- end -}}

{{- define "smv.httpProbe" -}}
httpGet:
  path: {{ .path }}
  port: {{ .port }}
initialDelaySeconds: {{ .delay | default 30 }}
periodSeconds: 15
timeoutSeconds: 5
failureThreshold: 6
{{- end -}}

{{/*
A `helm test` pod: (dict "ctx" $ "what" name "script" shell ["jvm" true]). jvm: the script runs a Spark client
(a JVM): more memory, a writable /tmp as its home.
*/}}
{{- define "smv.testPod" -}}
{{- $ := .ctx -}}
apiVersion: v1
kind: Pod
metadata:
  name: {{ include "smv.fullname" $ }}-test-{{ .what }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "smv.labels" (dict "ctx" $ "component" "test" "app" "spark-test") | nindent 4 }}
  annotations:
    helm.sh/hook: test
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  serviceAccountName: {{ include "smv.serviceAccount" $ }}
  {{- with include "smv.imagePullSecrets" $ }}{{ . | nindent 2 }}{{ end }}
  automountServiceAccountToken: false
  restartPolicy: Never
  securityContext:
    {{- include "smv.podSecurityContext" (dict "uid" 185) | nindent 4 }}
  containers:
    - name: test
      image: {{ include "smv.image" (dict "ctx" $ "image" $.Values.image) }}
      imagePullPolicy: {{ $.Values.image.pullPolicy }}
      command: ["/bin/bash", "-ec"]
      args:
        {{- if .jvm }}
        - {{ .script | quote }}
        {{- else }}
        # A new pod's NetworkPolicy rules may be programmed a moment after it starts: quick checks get tries.
        - {{ printf "for try in 1 2 3 4 5 6; do if (%s); then exit 0; fi; echo \"try $try failed\"; sleep 5; done; exit 1" .script | quote }}
        {{- end }}
      {{- if .jvm }}
      workingDir: /tmp
      env:
        - name: HOME
          value: /tmp
        - name: SPARK_SUBMIT_OPTS
          value: -Duser.home=/tmp
      {{- end }}
      readinessProbe:
        exec:
          command: ["/bin/true"]
      livenessProbe:
        exec:
          command: ["/bin/true"]
      securityContext:
        {{- include "smv.containerSecurityContext" $ | nindent 8 }}
      resources:
        {{- if .jvm }}
        requests: {cpu: 100m, memory: 768Mi}
        limits: {cpu: "1", memory: 1Gi}
        {{- else }}
        requests: {cpu: 50m, memory: 64Mi}
        limits: {cpu: 200m, memory: 128Mi}
        {{- end }}
  {{- if .jvm }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir: {}
  {{- end }}
{{- end -}}

{{/*
The metastore test: one SQL statement through the release's metastore with the release's own Spark (its
built-in Hive client), so a metastore that cannot read its database fails it. The release's warehouse
setting is its own (the statement reads no table data). Call with the root context.
*/}}
{{- define "smv.test.metastoreSql" -}}
{{- $uri := include "smv.metastoreUri" . -}}
# Bounded: a metastore that cannot reach its database keeps a client retrying for many minutes.
out=$(timeout 150 /opt/spark/bin/spark-sql --master 'local[1]' --driver-memory 512m --conf spark.ui.enabled=false \
  --conf spark.hadoop.hive.metastore.client.socket.timeout=30s --conf spark.hadoop.hive.metastore.failure.retries=1 \
  --conf spark.sql.catalogImplementation=hive --conf spark.hadoop.hive.metastore.uris={{ $uri }} \
  --conf spark.sql.warehouse.dir={{ .Values.warehouse.dir }} -e 'SHOW DATABASES' 2>/tmp/spark-sql.log) ||
  { grep -v '^\s*at ' /tmp/spark-sql.log | tail -n 15; echo "metastore: SHOW DATABASES through {{ $uri }} failed"; exit 1; }
grep -qx default <<<"$out" || { echo "metastore: SHOW DATABASES through {{ $uri }} listed no default database: $out"; exit 1; }
echo "metastore {{ $uri }} answers SQL: databases $(echo $out)"
{{- end -}}
