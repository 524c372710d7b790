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

{{/* The buckets of every version's prefixes, then a .keep under each prefix (S3A needs the directories). */}}
{{- define "smv.base.s3Init.script" -}}
{{- $buckets := list }}
{{- range .Values.versions }}{{ $buckets = append $buckets (first (splitList "/" .logDirectory)) }}{{ $buckets = append $buckets (first (splitList "/" .warehouse)) }}{{ end }}
{{- range uniq $buckets }}
mc mb --ignore-existing "store/{{ . }}"
{{- end }}
{{- range .Values.versions }}
printf '' | mc pipe "store/{{ .logDirectory }}/.keep"
printf '' | mc pipe "store/{{ .warehouse }}/.keep"
{{- end }}
{{- end -}}
