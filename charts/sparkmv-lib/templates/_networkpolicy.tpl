{{/*
NetworkPolicies. Ingress: a release's servers accept traffic only from pods of that release. Egress: a release's
pods reach only DNS, pods of that release, the PostgreSQL and S3 endpoints it uses, the jar repository (pods
that download jars) and the Kubernetes API (pods that create executors). Neither direction admits the other
Spark release's pods.
*/}}

{{/*
A Spark release's policies: (dict "ctx" $ "servers" COMPONENTS "jarPods" COMPONENTS "apiPods" COMPONENTS).
servers: components that accept connections; jarPods: Spark components that fetch the connector jars
(connector.mode fetch); apiPods: components that talk to the Kubernetes API.
*/}}
{{- define "smv.networkPolicy.release" -}}
{{- $ := .ctx }}
{{- if $.Values.networkPolicy.enabled }}
{{- include "smv.networkPolicy.ingress" (dict "ctx" $ "servers" .servers) }}
{{- if $.Values.networkPolicy.egress.enabled }}
{{- $jarPods := list }}
{{- if and $.Values.hiveMetastore.enabled $.Values.hiveMetastore.extraJars }}
{{- $jarPods = append $jarPods "hive-metastore" }}
{{- end }}
{{- if eq $.Values.connector.mode "fetch" }}
{{- $jarPods = concat $jarPods .jarPods }}
{{- end }}
{{- include "smv.networkPolicy.egress" (dict "ctx" $ "sharedInfrastructure" true
      "jarPods" $jarPods "jarRepository" $.Values.connector.repository "apiPods" .apiPods) }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
Servers of this release accept traffic only from this release's pods (and from clients labelled
sparkmv.io/spark-release=<release>), so the other Spark version cannot reach them: (dict "ctx" $ "servers" COMPONENTS).
*/}}
{{- define "smv.networkPolicy.ingress" -}}
{{- $ := .ctx }}
{{- range $component := .servers }}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "smv.fullname" $ }}-{{ $component }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "smv.labels" (dict "ctx" $ "component" "network-policy" "app" "spark-network-policy") | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "smv.selector" (dict "ctx" $ "component" $component) | nindent 6 }}
  policyTypes: ["Ingress"]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              sparkmv.io/spark-release: {{ $.Release.Name }}
        {{- with $.Values.networkPolicy.clientNamespaceSelector }}
        - namespaceSelector:
            {{- toYaml . | nindent 12 }}
          podSelector:
            matchLabels:
              sparkmv.io/spark-release: {{ $.Release.Name }}
        {{- end }}
{{- end }}
{{- end -}}

{{/*
Egress of every pod this release creates (servers, Jobs, test pods, Spark drivers and executors: they all carry
app.kubernetes.io/instance and sparkmv.io/spark-release); values under networkPolicy.egress.
(dict "ctx" $ "sharedInfrastructure" BOOL "jarPods" COMPONENTS "jarRepository" URL "apiPods" COMPONENTS)
sharedInfrastructure: add global.postgresql.host and global.s3.endpoint when set (the Spark charts).
*/}}
{{- define "smv.networkPolicy.egress" -}}
{{- $ := .ctx }}
{{- $egress := $.Values.networkPolicy.egress }}
{{- $labels := dict "ctx" $ "component" "network-policy" "app" "spark-network-policy" }}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "smv.fullname" $ }}-egress
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "smv.labels" $labels | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "smv.networkPolicy.releasePods" $ | nindent 6 }}
  policyTypes: ["Egress"]
  egress:
    # DNS
    - to:
        - namespaceSelector:
            {{- toYaml $egress.dns.namespaceSelector | nindent 12 }}
          podSelector:
            {{- toYaml $egress.dns.podSelector | nindent 12 }}
      # A policy sees the DNS pod's own port (after the Service's DNAT): 53, or e.g. 5353 for a CoreDNS that
      # runs without privileges.
      ports:
        {{- range ($egress.dns.ports | default (list 53)) }}
        - protocol: UDP
          port: {{ . }}
        - protocol: TCP
          port: {{ . }}
        {{- end }}
    # Pods of this release and its clients (labelled sparkmv.io/spark-release=<release>)
    - to:
        - podSelector:
            matchLabels:
              sparkmv.io/spark-release: {{ $.Release.Name }}
        {{- with $.Values.networkPolicy.clientNamespaceSelector }}
        - namespaceSelector:
            {{- toYaml . | nindent 12 }}
          podSelector:
            matchLabels:
              sparkmv.io/spark-release: {{ $.Release.Name }}
        {{- end }}
    {{- if .sharedInfrastructure }}
    {{- if $.Values.global.postgresql.host }}
    {{- with include "smv.networkPolicy.endpoint" (dict "what" "Shared PostgreSQL (global.postgresql.host)"
          "peers" $egress.postgresql "port" (include "smv.postgresql.port" $)) }}
    {{- . | nindent 4 }}
    {{- end }}
    {{- end }}
    {{- if $.Values.global.s3.endpoint }}
    {{- with include "smv.networkPolicy.endpoint" (dict "what" "Shared S3 (global.s3.endpoint)"
          "peers" $egress.s3 "port" (include "smv.url.port" $.Values.global.s3.endpoint)) }}
    {{- . | nindent 4 }}
    {{- end }}
    {{- end }}
    {{- end }}
    {{- with $egress.extra }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- if and .jarPods $egress.jarRepository.cidrs }}
---
{{ include "smv.networkPolicy.toAddresses" (dict "ctx" $ "name" "egress-jars"
      "why" "Pods that download jars (fetch-jars init containers) reach the jar repository."
      "pods" .jarPods "cidrs" $egress.jarRepository.cidrs "ports" (list (include "smv.url.port" .jarRepository))) }}
{{- end }}
{{- if and .apiPods $egress.kubernetesApi $egress.kubernetesApi.cidrs }}
---
{{ include "smv.networkPolicy.toAddresses" (dict "ctx" $ "name" "egress-kubernetes-api"
      "why" "Pods that create executor pods reach the Kubernetes API server."
      "pods" .apiPods "cidrs" $egress.kubernetesApi.cidrs "ports" $egress.kubernetesApi.ports) }}
{{- end }}
{{- if and .apiPods $egress.kubernetesApi $egress.kubernetesApi.cilium }}
---
{{ include "smv.networkPolicy.ciliumApiServer" (dict "ctx" $ "pods" .apiPods "ports" $egress.kubernetesApi.ports) }}
{{- end }}
{{- end -}}

{{/* Labels every pod of this release carries (and a client labelled only sparkmv.io/spark-release does not). */}}
{{- define "smv.networkPolicy.releasePods" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
sparkmv.io/spark-release: {{ .Release.Name }}
{{- end -}}

{{/*
One egress rule to a shared endpoint: (dict "what" TEXT "peers" (podSelector, namespaceSelector, cidrs) "port" PORT).
In-cluster servers by label (namespaceSelector {} = this namespace), external ones by address; no rule at all
when neither is given (a rule without peers would allow every destination).
*/}}
{{- define "smv.networkPolicy.endpoint" -}}
{{- $port := .port -}}
{{- if or .peers.podSelector .peers.cidrs -}}
# {{ .what }}
- to:
    {{- with .peers.podSelector }}
    - podSelector:
        {{- toYaml . | nindent 8 }}
      {{- with $.peers.namespaceSelector }}
      namespaceSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- end }}
    {{- range .peers.cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports:
    - protocol: TCP
      port: {{ $port }}
{{- end }}
{{- end -}}

{{/*
A policy letting some components of this release reach addresses on TCP ports:
(dict "ctx" $ "why" COMMENT "name" SUFFIX "pods" COMPONENTS "cidrs" CIDRS "ports" PORTS).
*/}}
{{- define "smv.networkPolicy.toAddresses" -}}
{{- $ := .ctx -}}
# {{ .why }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "smv.fullname" $ }}-{{ .name }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "smv.labels" (dict "ctx" $ "component" "network-policy" "app" "spark-network-policy") | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "smv.networkPolicy.releasePods" $ | nindent 6 }}
    matchExpressions:
      - key: app.kubernetes.io/component
        operator: In
        values: {{ toJson (uniq .pods) }}
  policyTypes: ["Egress"]
  egress:
    - to:
        {{- range .cidrs }}
        - ipBlock:
            cidr: {{ . }}
        {{- end }}
      ports:
        {{- range .ports }}
        - protocol: TCP
          port: {{ . }}
        {{- end }}
{{- end -}}

{{/*
Cilium gives the API server an identity of its own (the kube-apiserver entity) that no ipBlock matches when the
control plane runs on the cluster's nodes: there a standard NetworkPolicy cannot admit it, and this
CiliumNetworkPolicy does. (dict "ctx" $ "pods" COMPONENTS "ports" PORTS).
*/}}
{{- define "smv.networkPolicy.ciliumApiServer" -}}
{{- $ := .ctx -}}
# Pods that create executor pods reach the Kubernetes API server (Cilium: by its entity, not its address).
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: {{ include "smv.fullname" $ }}-egress-kubernetes-api-cilium
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "smv.labels" (dict "ctx" $ "component" "network-policy" "app" "spark-network-policy") | nindent 4 }}
spec:
  endpointSelector:
    matchLabels:
      {{- include "smv.networkPolicy.releasePods" $ | nindent 6 }}
    matchExpressions:
      - key: app.kubernetes.io/component
        operator: In
        values: {{ toJson (uniq .pods) }}
  egress:
    - toEntities: ["kube-apiserver"]
      toPorts:
        - ports:
            {{- range .ports }}
            - port: {{ . | quote }}
              protocol: TCP
            {{- end }}
{{- end -}}
