{{/*
Helpers of the todo-app chart.
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "todo-app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every object name: fullnameOverride, else the release name when it contains the chart name, else <release>-<chart>; at most 63 characters. */}}
{{- define "todo-app.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- if contains (include "todo-app.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "todo-app.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Chart name and version, for the helm.sh/chart label. */}}
{{- define "todo-app.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Namespace of every object: namespaceOverride, else the release namespace. */}}
{{- define "todo-app.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride }}
{{- end }}

{{/* "true" when security contexts leave the uid and gid to OpenShift: adaptSecurityContext force, or auto on a cluster that serves security.openshift.io/v1. */}}
{{- define "todo-app.openshiftAdapted" -}}
{{- if or (eq .Values.global.compatibility.openshift.adaptSecurityContext "force") (and (eq .Values.global.compatibility.openshift.adaptSecurityContext "auto") (.Capabilities.APIVersions.Has "security.openshift.io/v1")) }}true
{{- end }}
{{- end }}

{{/* Labels that select the pods of this release. */}}
{{- define "todo-app.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo-app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
{{- end }}

{{/* Labels of every object: the selector labels, chart, version, commonLabels. */}}
{{- define "todo-app.labels" -}}
helm.sh/chart: {{ include "todo-app.chart" . }}
{{ include "todo-app.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Name of the backend objects. */}}
{{- define "todo-app.backend.fullname" -}}
{{- printf "%s-backend" (include "todo-app.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Name of the frontend objects. */}}
{{- define "todo-app.frontend.fullname" -}}
{{- printf "%s-frontend" (include "todo-app.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The backend's ServiceAccount: serviceAccount.name, else its own when created, else default. */}}
{{- define "todo-app.backend.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "todo-app.backend.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The frontend's ServiceAccount: its own when created, else default. */}}
{{- define "todo-app.frontend.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- include "todo-app.frontend.fullname" . }}
{{- else }}default
{{- end }}
{{- end }}

{{/* The backend image: [registry/]repository, then @digest, or :tag (the appVersion when empty). */}}
{{- define "todo-app.backend.image" -}}
{{- if .Values.global.imageRegistry }}
{{- .Values.global.imageRegistry }}/
{{- end }}
{{- .Values.backend.image.repository }}
{{- if .Values.backend.image.digest }}@{{ .Values.backend.image.digest }}
{{- else }}:{{ default .Chart.AppVersion .Values.backend.image.tag }}
{{- end }}
{{- end }}

{{/* The frontend image, as the backend image. */}}
{{- define "todo-app.frontend.image" -}}
{{- if .Values.global.imageRegistry }}
{{- .Values.global.imageRegistry }}/
{{- end }}
{{- .Values.frontend.image.repository }}
{{- if .Values.frontend.image.digest }}@{{ .Values.frontend.image.digest }}
{{- else }}:{{ default .Chart.AppVersion .Values.frontend.image.tag }}
{{- end }}
{{- end }}
