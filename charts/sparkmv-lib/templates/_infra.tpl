{{/*
Infrastructure of a release: its ServiceAccount, PostgreSQL, MinIO and the Job that creates the S3 buckets.
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

{{/* A Spark release's bundled MinIO: its generated credentials and the server (unless global.s3.endpoint is set). */}}
{{- define "smv.minio.release" -}}
{{- if include "smv.minio.bundled" . }}
{{- $name := printf "%s-minio" (include "smv.fullname" .) }}
{{- $labels := dict "ctx" $ "component" "minio" "app" "minio" }}
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
{{ include "smv.minio.server" . }}
{{- end }}
{{- end -}}

{{/* MinIO's Service (9000) and StatefulSet; credentials in Secret <fullname>-minio (access-key, secret-key). */}}
{{- define "smv.minio.server" -}}
{{- $name := printf "%s-minio" (include "smv.fullname" .) }}
{{- $labels := dict "ctx" $ "component" "minio" "app" "minio" }}
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
      port: 9000
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
        - name: minio
          image: {{ include "smv.image" (dict "ctx" $ "image" .Values.minio.image) }}
          imagePullPolicy: {{ .Values.minio.image.pullPolicy }}
          command: ["/usr/bin/minio"]
          args: ["server", "/data", "--address", ":9000", "--certs-dir", "/tmp/certs"]
          env:
            - name: HOME
              value: /tmp
            - name: MINIO_ROOT_USER
              valueFrom:
                secretKeyRef:
                  name: {{ $name }}
                  key: access-key
            - name: MINIO_ROOT_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ $name }}
                  key: secret-key
          ports:
            - name: s3
              containerPort: 9000
          readinessProbe:
            {{- include "smv.httpProbe" (dict "path" "/minio/health/ready" "port" "s3" "delay" 5) | nindent 12 }}
          livenessProbe:
            {{- include "smv.httpProbe" (dict "path" "/minio/health/live" "port" "s3" "delay" 20) | nindent 12 }}
          securityContext:
            {{- include "smv.containerSecurityContext" . | nindent 12 }}
          resources:
            {{- toYaml .Values.minio.resources | nindent 12 }}
          volumeMounts:
            - name: data
              mountPath: /data
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
        {{- if not .Values.minio.persistence.enabled }}
        - name: data
          emptyDir: {}
        {{- end }}
  {{- if .Values.minio.persistence.enabled }}
  volumeClaimTemplates:
    - metadata:
        name: data
        labels:
          {{- include "smv.selector" $labels | nindent 10 }}
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: {{ .Values.minio.persistence.size }}
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
{{ include "smv.s3Init.job" (dict "ctx" $ "script" (include "smv.s3Init.releaseScript" .)
      "env" (include "smv.s3.env" .) "endpoint" (include "smv.s3.endpoint" .)) }}
{{- end }}
{{- end -}}

{{/* S3A needs the event-log directory to exist: create the buckets, then a .keep under each prefix. */}}
{{- define "smv.s3Init.releaseScript" -}}
{{- $logs := trimPrefix "s3a://" .Values.historyServer.logDirectory }}
{{- $warehouse := trimPrefix "s3a://" .Values.warehouse.dir | trimSuffix "/" }}
mc mb --ignore-existing "store/{{ first (splitList "/" $logs) }}"
mc mb --ignore-existing "store/{{ first (splitList "/" $warehouse) }}"
printf '' | mc pipe "store/{{ $logs }}/.keep"
printf '' | mc pipe "store/{{ $warehouse }}/.keep"
{{- end -}}

{{/*
The Job that creates buckets and prefixes with MinIO's client: (dict "ctx" $ "script" SHELL "env" ENV "endpoint" URL).
env: the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY entries (a YAML list); endpoint: the S3 URL.
*/}}
{{- define "smv.s3Init.job" -}}
{{- $ := .ctx }}
{{- $labels := dict "ctx" $ "component" "s3-init" "app" "spark-s3-init" }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "smv.fullname" $ }}-s3-init
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
        - name: mc
          image: {{ include "smv.image" (dict "ctx" $ "image" $.Values.s3Init.image) }}
          imagePullPolicy: {{ $.Values.s3Init.image.pullPolicy }}
          command: ["/bin/sh", "-ec"]
          args:
            - |
              {{- .script | trim | nindent 14 }}
          env:
            - name: MC_CONFIG_DIR
              value: /tmp/.mc
            {{- .env | nindent 12 }}
            - name: MC_HOST_store
              value: {{ printf "%s://$(AWS_ACCESS_KEY_ID):$(AWS_SECRET_ACCESS_KEY)@%s" (ternary "https" "http" (hasPrefix "https://" .endpoint)) (.endpoint | trimPrefix "http://" | trimPrefix "https://") | quote }}
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
