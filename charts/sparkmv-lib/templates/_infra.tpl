{{/*
Infrastructure of a release: its ServiceAccount, PostgreSQL, S3 server (SeaweedFS) and the Job that creates the S3
buckets and prefixes.
The Spark charts bundle one of each per release (the *.release templates, off when global.* points at shared
infrastructure); spark-base runs the shared ones from the same server templates.
*/}}

{{/* ServiceAccount of the release's infrastructure pods (no API access). */}}
{{- define "smv.infra.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "smv.serviceAccount" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "smv.labels" (dict "ctx" $ "component" "infra" "app" "spark-infra") | nindent 4 }}
automountServiceAccountToken: false
{{- end -}}

{{/* A Spark release's bundled S3 server: its generated credentials and the server (unless global.s3.endpoint is set). */}}
{{- define "smv.seaweedfs.release" -}}
{{- if include "smv.seaweedfs.bundled" . }}
{{- $name := include "smv.seaweedfs.name" . }}
{{- $labels := dict "ctx" $ "component" "seaweedfs" "app" "seaweedfs" }}
{{- if not .Values.seaweedfs.existingSecret }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ $name }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "smv.labels" $labels | nindent 4 }}
  annotations:
    sparkmv.io/generated: "true"
    helm.sh/resource-policy: keep
type: Opaque
data:
  access-key: {{ printf "%s-admin" (include "smv.fullname" .) | b64enc }}
  secret-key: {{ include "smv.generated" (dict "ctx" $ "name" $name "key" "secret-key") }}
---
{{- end }}
{{ include "smv.seaweedfs.server" . }}
{{- end }}
{{- end -}}

{{/*
SeaweedFS (Apache-2.0) as the S3 server: its Service (8333) and StatefulSet; credentials in Secret
<fullname>-seaweedfs or seaweedfs.existingSecret (keys access-key, secret-key). One `weed server` process runs master, volume server, filer and
S3 gateway; only the S3 gateway listens on the pod's address, the others talk over loopback. The credentials
reach it as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, which SeaweedFS takes as its admin identity (and, with
them set, refuses unsigned requests).
*/}}
{{- define "smv.seaweedfs.server" -}}
{{- $name := include "smv.seaweedfs.name" . }}
{{- $labels := dict "ctx" $ "component" "seaweedfs" "app" "seaweedfs" }}
{{- $s3 := .Values.seaweedfs }}
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
    - name: s3
      port: 8333
      targetPort: s3
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $name }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "smv.labels" $labels | nindent 4 }}
spec:
  serviceName: {{ $name }}
  replicas: 1
  selector:
    matchLabels:
      {{- include "smv.selector" $labels | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "smv.labels" $labels | nindent 8 }}
    spec:
      serviceAccountName: {{ include "smv.serviceAccount" . }}
      {{- with include "smv.imagePullSecrets" . }}{{ . | nindent 6 }}{{ end }}
      automountServiceAccountToken: false
      securityContext:
        {{- include "smv.podSecurityContext" (dict "uid" 1000) | nindent 8 }}
      containers:
        - name: seaweedfs
          image: {{ include "smv.image" (dict "ctx" $ "image" $s3.image) }}
          imagePullPolicy: {{ $s3.image.pullPolicy }}
          command: ["/usr/bin/weed"]
          # Volumes of volumeSizeLimitMB each, as many as the disk holds (volume.max 0): SeaweedFS's default
          # of 30 GB volumes would leave a small disk with none. Its Iceberg and Lance catalogs (on by default,
          # on ports of their own) are off: the charts serve S3 only.
          args:
            - server
            - -dir=/data
            - -ip=127.0.0.1
            - -s3.ip.bind=0.0.0.0
            - -filer
            - -s3
            - -s3.port=8333
            - -s3.port.iceberg=0
            - -s3.port.lance=0
            - -master.volumeSizeLimitMB={{ $s3.volumeSizeLimitMB }}
            - -volume.max=0
          env:
            - name: HOME
              value: /tmp
            - name: AWS_ACCESS_KEY_ID
              valueFrom:
                secretKeyRef:
                  name: {{ include "smv.seaweedfs.secret" . }}
                  key: access-key
            - name: AWS_SECRET_ACCESS_KEY
              valueFrom:
                secretKeyRef:
                  name: {{ include "smv.seaweedfs.secret" . }}
                  key: secret-key
          ports:
            - name: s3
              containerPort: 8333
          readinessProbe:
            {{- include "smv.httpProbe" (dict "path" "/healthz" "port" "s3" "delay" 5) | nindent 12 }}
          livenessProbe:
            {{- include "smv.httpProbe" (dict "path" "/healthz" "port" "s3" "delay" 30) | nindent 12 }}
          securityContext:
            {{- include "smv.containerSecurityContext" . | nindent 12 }}
          resources:
            {{- toYaml $s3.resources | nindent 12 }}
          volumeMounts:
            - name: data
              mountPath: /data
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
        {{- if not $s3.persistence.enabled }}
        - name: data
          emptyDir: {}
        {{- end }}
  {{- if $s3.persistence.enabled }}
  volumeClaimTemplates:
    - metadata:
        name: data
        labels:
          {{- include "smv.selector" $labels | nindent 10 }}
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: {{ $s3.persistence.size }}
  {{- end }}
{{- end -}}

{{/*
A Spark release's bundled PostgreSQL (unless global.postgresql.host is set): it holds this release's
metastore database only, owned by the metastore role, whose generated Secret comes first.
*/}}
{{- define "smv.postgresql.release" -}}
{{- if include "smv.postgresql.bundled" . }}
{{- $labels := dict "ctx" $ "component" "postgresql" "app" "postgresql" }}
{{- if not .Values.hiveMetastore.database.existingSecret }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "smv.metastore.secret" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "smv.labels" $labels | nindent 4 }}
  annotations:
    sparkmv.io/generated: "true"
    helm.sh/resource-policy: keep
type: Opaque
data:
  username: {{ .Values.hiveMetastore.database.user | b64enc }}
  password: {{ include "smv.generated" (dict "ctx" $ "name" (include "smv.metastore.secret" .) "key" "password") }}
---
{{- end }}
{{ include "smv.postgresql.server" (dict "ctx" $ "env" (include "smv.postgresql.releaseEnv" .)
      "probe" `-U "$POSTGRES_USER" -d "$POSTGRES_DB"` "initdb" "") }}
{{- end }}
{{- end -}}

{{/* Superuser of a release's bundled PostgreSQL: the metastore role, owner of the metastore database. */}}
{{- define "smv.postgresql.releaseEnv" -}}
# The bundled server holds this release's metastore database only; its owner is the metastore role.
- name: POSTGRES_DB
  value: {{ .Values.hiveMetastore.database.name | quote }}
- name: POSTGRES_USER
  valueFrom:
    secretKeyRef:
      name: {{ include "smv.metastore.secret" . }}
      key: username
- name: POSTGRES_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "smv.metastore.secret" . }}
      key: password
{{- end -}}

{{/*
PostgreSQL's start script, its Service (5432) and StatefulSet: (dict "ctx" $ "env" ENV "probe" ARGS "initdb" CONFIGMAP).
env: the container's environment before PGDATA (a YAML list: POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB);
probe: pg_isready's arguments after the host; initdb: a ConfigMap mounted at /opt/sparkmv/initdb.d (scripts run
when the data directory is new), or "". The chart starts the server with its own script, not an image's
entrypoint, so any PostgreSQL image with postgres, initdb, pg_ctl and psql serves (Debian's or the official one).
*/}}
{{- define "smv.postgresql.server" -}}
{{- $ := .ctx }}
{{- $name := printf "%s-postgresql" (include "smv.fullname" $) }}
{{- $labels := dict "ctx" $ "component" "postgresql" "app" "postgresql" }}
{{- $probe := printf "pg_isready -h 127.0.0.1 %s" .probe }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ $name }}-start
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "smv.labels" $labels | nindent 4 }}
data:
  start.sh: |
    {{- include "smv.postgresql.startScript" . | nindent 4 }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "smv.labels" $labels | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "smv.selector" $labels | nindent 4 }}
  ports:
    - name: postgresql
      port: 5432
      targetPort: postgresql
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $name }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "smv.labels" $labels | nindent 4 }}
spec:
  serviceName: {{ $name }}
  replicas: 1
  selector:
    matchLabels:
      {{- include "smv.selector" $labels | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "smv.labels" $labels | nindent 8 }}
    spec:
      serviceAccountName: {{ include "smv.serviceAccount" $ }}
      {{- with include "smv.imagePullSecrets" $ }}{{ . | nindent 6 }}{{ end }}
      automountServiceAccountToken: false
      securityContext:
        {{- include "smv.podSecurityContext" (dict "uid" 999) | nindent 8 }}
      containers:
        - name: postgresql
          image: {{ include "smv.image" (dict "ctx" $ "image" $.Values.postgresql.image) }}
          imagePullPolicy: {{ $.Values.postgresql.image.pullPolicy }}
          command: ["/bin/bash", "/opt/sparkmv/postgresql/start.sh"]
          env:
            {{- .env | nindent 12 }}
            - name: PGDATA
              value: /var/lib/postgresql/data/pgdata
          ports:
            - name: postgresql
              containerPort: 5432
          readinessProbe:
            exec:
              command: ["/bin/sh", "-c", {{ $probe | quote }}]
            initialDelaySeconds: 5
            periodSeconds: 10
          livenessProbe:
            exec:
              command: ["/bin/sh", "-c", {{ $probe | quote }}]
            initialDelaySeconds: 30
            periodSeconds: 20
          securityContext:
            {{- include "smv.containerSecurityContext" $ | nindent 12 }}
          resources:
            {{- toYaml $.Values.postgresql.resources | nindent 12 }}
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql/data
            - name: run
              mountPath: /var/run/postgresql
            - name: tmp
              mountPath: /tmp
            - name: start
              mountPath: /opt/sparkmv/postgresql
              readOnly: true
            {{- if .initdb }}
            - name: initdb
              mountPath: /opt/sparkmv/initdb.d
              readOnly: true
            {{- end }}
      volumes:
        - name: start
          configMap:
            name: {{ $name }}-start
        {{- if .initdb }}
        - name: initdb
          configMap:
            name: {{ .initdb }}
        {{- end }}
        - name: run
          emptyDir: {}
        - name: tmp
          emptyDir: {}
        {{- if not $.Values.postgresql.persistence.enabled }}
        - name: data
          emptyDir: {}
        {{- end }}
  {{- if $.Values.postgresql.persistence.enabled }}
  volumeClaimTemplates:
    - metadata:
        name: data
        labels:
          {{- include "smv.selector" $labels | nindent 10 }}
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: {{ $.Values.postgresql.persistence.size }}
  {{- end }}
{{- end -}}

{{/*
First start (no PG_VERSION): initdb into a side folder with the superuser POSTGRES_USER / POSTGRES_PASSWORD,
the database POSTGRES_DB, the scripts of /opt/sparkmv/initdb.d (*.sh, *.sql) on a server that listens on its
socket only; the folder becomes PGDATA only when all of that succeeded, so an interrupted first start is
redone, never half-kept. Then the server, on every address, password logins only (scram-sha-256).
*/}}
{{- define "smv.postgresql.startScript" -}}
#!/bin/bash
set -euo pipefail
: "${PGDATA:?}" "${POSTGRES_USER:?}" "${POSTGRES_PASSWORD:?}"
# Debian keeps the server programs in a versioned folder that is not on PATH.
if ! command -v postgres >/dev/null; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bindir" ] || { echo "postgresql: no postgres program in this image" >&2; exit 1; }
  PATH="$bindir:$PATH"
fi
export PGHOST=/var/run/postgresql
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  new="$PGDATA.new"
  echo "postgresql: $PGDATA holds no database cluster: creating it"
  rm -rf "$new"
  initdb -D "$new" -U "$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  printf 'host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n' >>"$new/pg_hba.conf"
  pg_ctl -D "$new" -o "-c listen_addresses='' -c unix_socket_directories=$PGHOST" -w -t 60 start >/dev/null
  if [ -n "${POSTGRES_DB:-}" ] && [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 -q -U "$POSTGRES_USER" -d postgres -v db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  for script in /opt/sparkmv/initdb.d/*; do
    case $script in
      *.sh) echo "postgresql: running $script"; bash "$script" ;;
      *.sql) echo "postgresql: running $script"; psql -v ON_ERROR_STOP=1 -q -U "$POSTGRES_USER" -d postgres -f "$script" ;;
    esac
  done
  pg_ctl -D "$new" -m fast -w stop >/dev/null
  mv "$new" "$PGDATA"
  echo "postgresql: database cluster created"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'
{{- end -}}

{{/* A Spark release's S3 init Job: this release's log and warehouse prefixes, on its S3 endpoint. */}}
{{- define "smv.s3Init.release" -}}
{{- if .Values.s3Init.enabled }}
{{- $logs := trimPrefix "s3a://" .Values.historyServer.logDirectory | trimSuffix "/" }}
{{- $warehouse := trimPrefix "s3a://" .Values.warehouse.dir | trimSuffix "/" }}
{{ include "smv.s3Init.job" (dict "ctx" $ "prefixes" (list $logs $warehouse)
      "env" (include "smv.s3.env" .) "endpoint" (include "smv.s3.endpoint" .)) }}
{{- end }}
{{- end -}}

{{/*
Shell functions for S3 requests signed by curl with Signature Version 4, for any S3 server: s3 ARGS... prints
the HTTP status (000: no answer) and keeps the body in $answer; say prints a line tagged with the caller's
name. Needs S3_ENDPOINT, S3_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Call with the name.
*/}}
{{- define "smv.s3.curl" -}}
# SHA-256 of the empty body: S3 wants the payload hash, and older curl does not send it.
empty=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
answer=$(mktemp)
s3() {
  curl -sS -o "$answer" -w '%{http_code}' --aws-sigv4 "aws:amz:${S3_REGION}:s3" \
    --user "${AWS_ACCESS_KEY_ID}:${AWS_SECRET_ACCESS_KEY}" -H "x-amz-content-sha256: ${empty}" "$@" || true
}
say() { echo "{{ . }}: $*"; }
{{- end -}}

{{/* The environment smv.s3.curl reads: (dict "ctx" $ "endpoint" URL "credentials" ENV-LIST). */}}
{{- define "smv.s3.clientEnv" -}}
- name: S3_ENDPOINT
  value: {{ .endpoint | trimSuffix "/" | quote }}
- name: S3_REGION
  value: {{ .ctx.Values.s3Init.region | quote }}
{{ .credentials }}
{{- end -}}

{{/*
An init container that waits until a log directory exists on S3 (an object under the prefix, as S3A sees
a directory): the History Server stops, and a driver that writes event logs fails, on a missing one; the
bucket Job creates it, maybe later. (dict "ctx" $ "dir" "s3a://bucket/prefix"); nothing for other schemes.
*/}}
{{- define "smv.s3.waitForDirectory" -}}
{{- $ := .ctx }}
{{- if hasPrefix "s3a://" .dir }}
{{- $path := trimPrefix "s3a://" .dir | trimSuffix "/" }}
{{- $bucket := first (splitList "/" $path) }}
{{- $prefix := trimPrefix $bucket $path | trimPrefix "/" }}
- name: wait-for-log-directory
  image: {{ include "smv.image" (dict "ctx" $ "image" $.Values.s3Init.image) }}
  imagePullPolicy: {{ $.Values.s3Init.image.pullPolicy }}
  command: ["/bin/sh", "-ec"]
  args:
    - |
      {{- include "smv.s3.curl" "wait-for-log-directory" | nindent 6 }}
      # ListObjectsV2 of one key under the prefix ("/" written %2F, as Signature V4 signs it).
      query="list-type=2&max-keys=1&prefix=$(printf '%s' {{ printf "%s/" $prefix | quote }} | sed 's|/|%2F|g')"
      waited=0
      while :; do
        code=$(s3 "${S3_ENDPOINT}/{{ $bucket }}?${query}" 2>/dev/null)
        if [ "$code" = 200 ] && grep -q '<Key>' "$answer"; then say "{{ .dir }} exists"; exit 0; fi
        [ "$waited" -lt "${S3_WAIT_SECONDS:-600}" ] || break
        [ $((waited % 30)) -ne 0 ] || say "waiting for {{ .dir }} (HTTP $code; the bucket Job creates it)"
        sleep 5
        waited=$((waited + 5))
      done
      say "{{ .dir }} does not exist after ${waited} s (HTTP $code from ${S3_ENDPOINT}): create it, or enable s3Init"
      exit 1
  env:
    {{- include "smv.s3.clientEnv" (dict "ctx" $ "endpoint" (include "smv.s3.endpoint" $) "credentials" (include "smv.s3.env" $)) | nindent 4 }}
  securityContext:
    {{- include "smv.containerSecurityContext" $ | nindent 4 }}
  resources:
    {{- toYaml $.Values.s3Init.resources | nindent 4 }}
  volumeMounts:
    - name: tmp
      mountPath: /tmp
{{- end }}
{{- end -}}

{{/*
Init containers of a Spark server that writes or reads event logs (History Server, Connect server): the
connector download (connector.mode fetch) and the wait for its log directory; "" when it needs neither.
(dict "ctx" $ "dir" LOG-DIRECTORY).
*/}}
{{- define "smv.spark.serverInit" -}}
{{- $ := .ctx }}
{{- if eq $.Values.connector.mode "fetch" }}
{{ include "smv.fetchJars" (dict "ctx" $ "jars" $.Values.connector.jars) }}
{{- end }}
{{ include "smv.s3.waitForDirectory" (dict "ctx" $ "dir" .dir) }}
{{- end -}}

{{/*
Creates buckets and prefixes on any S3 server (SeaweedFS, MinIO, AWS) with curl's Signature Version 4: each
prefix's bucket if missing, then an empty <prefix>/.keep, because S3A takes a prefix with no object under it
for a missing directory and a History Server stops on a missing log directory. Safe to run again: an existing
bucket of these credentials and an existing .keep are kept as they are. Call with the prefixes
("bucket/path" strings).
*/}}
{{- define "smv.s3Init.script" -}}
{{ include "smv.s3.curl" "s3-init" }}
waited=0
until [ "$(s3 "${S3_ENDPOINT}/" 2>/dev/null)" != 000 ]; do
  [ "$waited" -lt "${S3_WAIT_SECONDS:-120}" ] || { say "${S3_ENDPOINT} does not answer (${waited} s)"; exit 1; }
  sleep 2
  waited=$((waited + 2))
done
bucket() {
  code=$(s3 --head "${S3_ENDPOINT}/$1")
  case $code in
    200) say "bucket $1 exists"; return 0 ;;
    404) ;;
    403) say "bucket $1: access denied to ${AWS_ACCESS_KEY_ID} (HTTP 403)"; exit 1 ;;
    *) say "bucket $1: HTTP $code from ${S3_ENDPOINT}"; exit 1 ;;
  esac
  code=$(s3 -X PUT "${S3_ENDPOINT}/$1")
  case $code in
    200) say "bucket $1 created" ;;
    # Another Job created it in the meantime: it is ours if we can read it.
    409) [ "$(s3 --head "${S3_ENDPOINT}/$1")" = 200 ] || { say "bucket $1 belongs to someone else: $(cat "$answer")"; exit 1; } ;;
    *) say "bucket $1 not created: HTTP $code: $(cat "$answer")"; exit 1 ;;
  esac
}
keep() {
  code=$(s3 -X PUT --data-binary '' "${S3_ENDPOINT}/$1/.keep")
  [ "$code" = 200 ] || { say "$1/.keep not written: HTTP $code: $(cat "$answer")"; exit 1; }
  say "prefix $1 ready"
}
{{- $buckets := list }}
{{- range . }}{{ $buckets = append $buckets (first (splitList "/" .)) }}{{ end }}
{{- range uniq $buckets }}
bucket {{ . | quote }}
{{- end }}
{{- range uniq . }}
keep {{ . | quote }}
{{- end }}
{{- end -}}

{{/*
The Job that creates buckets and prefixes: (dict "ctx" $ "prefixes" LIST "env" ENV "endpoint" URL).
env: the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY entries (a YAML list); endpoint: the S3 URL. The Job's name
carries the release revision: a finished Job's pod template cannot change, so each install and upgrade runs a
Job of its own and Helm deletes the one before.
*/}}
{{- define "smv.s3Init.job" -}}
{{- $ := .ctx }}
{{- $labels := dict "ctx" $ "component" "s3-init" "app" "spark-s3-init" }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "smv.fullname" $ }}-s3-init-{{ $.Release.Revision }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "smv.labels" $labels | nindent 4 }}
spec:
  backoffLimit: 10
  ttlSecondsAfterFinished: 3600
  template:
    metadata:
      labels:
        {{- include "smv.labels" $labels | nindent 8 }}
    spec:
      serviceAccountName: {{ include "smv.serviceAccount" $ }}
      {{- with include "smv.imagePullSecrets" $ }}{{ . | nindent 6 }}{{ end }}
      automountServiceAccountToken: false
      restartPolicy: OnFailure
      securityContext:
        {{- include "smv.podSecurityContext" (dict "uid" 1000) | nindent 8 }}
      containers:
        - name: s3-init
          image: {{ include "smv.image" (dict "ctx" $ "image" $.Values.s3Init.image) }}
          imagePullPolicy: {{ $.Values.s3Init.image.pullPolicy }}
          command: ["/bin/sh", "-ec"]
          args:
            - |
              {{- include "smv.s3Init.script" .prefixes | trim | nindent 14 }}
          env:
            {{- include "smv.s3.clientEnv" (dict "ctx" $ "endpoint" .endpoint "credentials" .env) | nindent 12 }}
          readinessProbe:
            exec:
              command: ["/bin/sh", "-c", "true"]
          livenessProbe:
            exec:
              command: ["/bin/sh", "-c", "true"]
          securityContext:
            {{- include "smv.containerSecurityContext" $ | nindent 12 }}
          resources:
            {{- toYaml $.Values.s3Init.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
{{- end -}}
