{{- define "modeldb.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "modeldb.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "modeldb.selectorLabels" -}}
app.kubernetes.io/name: {{ include "modeldb.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "modeldb.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "modeldb.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "modeldb.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* The Secret holding the database URL: the user's, else the chart's. */}}
{{- define "modeldb.dbSecret" -}}
{{- .Values.database.existingSecret | default (include "modeldb.fullname" .) -}}
{{- end -}}

{{- define "modeldb.dbSecretKey" -}}
{{- if .Values.database.existingSecret -}}{{ .Values.database.existingSecretKey }}{{- else -}}db-url{{- end -}}
{{- end -}}

{{- define "modeldb.s3Secret" -}}
{{- if .Values.artifacts.s3.existingSecret -}}
{{- .Values.artifacts.s3.existingSecret -}}
{{- else if .Values.artifacts.s3.accessKeyId -}}
{{- include "modeldb.fullname" . -}}
{{- end -}}
{{- end -}}

{{- define "modeldb.authSecret" -}}
{{- if .Values.auth.existingSecret -}}
{{- .Values.auth.existingSecret -}}
{{- else if or .Values.auth.token .Values.auth.tokens -}}
{{- include "modeldb.fullname" . -}}
{{- end -}}
{{- end -}}

{{/* The server's environment besides the ConfigMap (settings.py's MODELDB_* names). */}}
{{- define "modeldb.env" -}}
- name: MODELDB_DB_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "modeldb.dbSecret" . }}
      key: {{ include "modeldb.dbSecretKey" . }}
{{- with .Values.artifacts.s3.region }}
- name: AWS_DEFAULT_REGION
  value: {{ . | quote }}
{{- end }}
{{- with (include "modeldb.s3Secret" .) }}
{{- $secret := . }}
{{- range list "AWS_ACCESS_KEY_ID" "AWS_SECRET_ACCESS_KEY" }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ . }}
{{- end }}
{{- end }}
{{- with (include "modeldb.authSecret" .) }}
{{- if or $.Values.auth.token $.Values.auth.existingSecret }}
- name: MODELDB_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: token
      optional: {{ not $.Values.auth.token }}
{{- end }}
{{- if or $.Values.auth.tokens $.Values.auth.existingSecret }}
- name: MODELDB_TOKENS_FILE
  value: /etc/modeldb/tokens/tokens
{{- end }}
{{- end }}
{{- end -}}
