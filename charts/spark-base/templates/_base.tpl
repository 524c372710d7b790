{{/* spark-base's own pieces; the shared templates are in charts/sparkmv-lib. */}}

{{/* The shared PostgreSQL's superuser, and one password per metastore role for the initdb script. */}}
{{- define "smv.base.postgresql.env" -}}
- name: POSTGRES_USER
  value: postgres
- name: POSTGRES_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "smv.fullname" . }}-postgresql
      key: postgres-password
{{- range .Values.versions }}
- name: {{ printf "ROLE_%s_PASSWORD" (.role | upper) }}
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s-metastore-%s" (include "smv.fullname" $) .role }}
      key: password
{{- end }}
{{- end -}}
