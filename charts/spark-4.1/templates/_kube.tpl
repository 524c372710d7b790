{{/* Spark-on-Kubernetes pieces used by the Connect server and by batch submission. */}}

{{- define "smv41.executorSA" -}}{{ include "smv.fullname" . }}-executor{{- end -}}
{{- define "smv41.batchSA" -}}{{ include "smv.fullname" . }}-spark{{- end -}}
{{- define "smv41.connectSA" -}}{{ include "smv.fullname" . }}-connect{{- end -}}

{{/* Pod template for executors (and batch drivers): connector jars, non-root, release labels. */}}
{{- define "smv41.podTemplate" -}}
apiVersion: v1
kind: Pod
metadata:
  labels:
    {{- include "smv.labels" (dict "ctx" .ctx "component" .component "app" .app) | nindent 4 }}
spec:
  serviceAccountName: {{ .serviceAccount }}
  {{- with include "smv.imagePullSecrets" .ctx }}{{ . | nindent 2 }}{{ end }}
  securityContext:
    {{- include "smv.podSecurityContext" (dict "uid" 185) | nindent 4 }}
  {{- if eq .ctx.Values.connector.mode "fetch" }}
  initContainers:
    {{- include "smv.fetchJars" (dict "ctx" .ctx "jars" .ctx.Values.connector.jars) | nindent 4 }}
  {{- end }}
  containers:
    - name: spark
      securityContext:
        allowPrivilegeEscalation: false
        runAsNonRoot: true
        capabilities:
          drop: ["ALL"]
      volumeMounts:
        - name: jars
          mountPath: /opt/sparkmv/jars
  volumes:
    - name: jars
      emptyDir: {}
{{- end -}}

{{/* Settings for Spark on Kubernetes: image, namespace, pod templates, S3 credentials from the Secret. */}}
{{- define "smv41.kubeDefaults" -}}
spark.kubernetes.namespace {{ .Release.Namespace }}
spark.kubernetes.container.image {{ include "smv.image" (dict "ctx" $ "image" .Values.image) }}
spark.kubernetes.container.image.pullPolicy {{ .Values.image.pullPolicy }}
{{- with include "smv.imagePullSecretNames" . }}
spark.kubernetes.container.image.pullSecrets {{ . }}
{{- end }}
spark.kubernetes.executor.podTemplateFile /opt/sparkmv/conf/executor-pod-template.yaml
{{- /* Uploads of local files (spark-submit's file.upload.path) through S3A's stream writer: its optimized
       copy goes through the SDK's async Netty client, which the connector's minimal jar set leaves out. */}}
spark.hadoop.fs.s3a.optimized.copy.from.local.enabled false
spark.kubernetes.authenticate.executor.serviceAccountName {{ include "smv41.executorSA" . }}
spark.kubernetes.executor.label.app.kubernetes.io/instance {{ .Release.Name }}
spark.kubernetes.executor.label.app.kubernetes.io/version {{ .Chart.AppVersion }}
spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID {{ include "smv.s3.secret" . }}:{{ .Values.global.s3.accessKeyKey | default "access-key" }}
spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY {{ include "smv.s3.secret" . }}:{{ .Values.global.s3.secretKeyKey | default "secret-key" }}
{{- end -}}

{{- define "smv41.role" -}}
rules:
  - apiGroups: [""]
    resources: ["pods", "services", "configmaps", "persistentvolumeclaims"]
    verbs: ["create", "get", "list", "watch", "delete", "deletecollection", "patch", "update"]
  - apiGroups: [""]
    resources: ["pods/log"]
    verbs: ["get", "list"]
{{- end -}}
