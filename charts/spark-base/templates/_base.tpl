{{/* spark-base's own pieces; the shared templates are in charts/sparkmv-lib. */}}

{{/* The shared PostgreSQL's superuser, and one password per metastore role for the initdb script. */}}
{{- define "smv.base.postgresql.env" -}}
- name: POSTGRES_USER
  value: postgres
- name: POSTGRES_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.postgresql.existingSecret | default (printf "%s-postgresql" (include "smv.fullname" .)) }}
      key: postgres-password
{{- range .Values.versions }}
- name: {{ printf "ROLE_%s_PASSWORD" (.role | upper) }}
  valueFrom:
    secretKeyRef:
      name: {{ include "smv.base.role.secret" (dict "ctx" $ "version" .) }}
      key: password
{{- end }}
{{- end -}}

{{/* Secret of one version's metastore role (username, password): its existingSecret, else the generated one. */}}
{{- define "smv.base.role.secret" -}}
{{- .version.existingSecret | default (printf "%s-metastore-%s" (include "smv.fullname" .ctx) .version.role) -}}
{{- end -}}
