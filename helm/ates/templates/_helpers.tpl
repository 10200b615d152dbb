{{/* Names: the release name, or <release>-ates when the release is not called ates. */}}
{{- define "ates.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "ates.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/part-of: ates
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "tasks") */}}
{{- define "ates.selectorLabels" -}}
app.kubernetes.io/name: ates
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "ates.componentLabels" -}}
{{ include "ates.labels" .root }}
{{ include "ates.selectorLabels" . }}
{{- end -}}

{{/* Image of one of our services or the provider: (dict "root" $ "name" "ates-tasks" "tag" "") */}}
{{- define "ates.image" -}}
{{- $tag := .tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s/%s/%s:%s" .root.Values.image.registry .root.Values.image.owner .name $tag -}}
{{- end -}}

{{/*
Database coordinates: (dict "root" $ "db" "tasks"). Unless given, the names CloudNativePG gives a Cluster
called <release>-<db>-db: host <release>-<db>-db-rw, Secret <release>-<db>-db-app (keys username, password),
whether the chart creates that Cluster or not.
*/}}
{{- define "ates.db.host" -}}
{{- (index .root.Values.postgresql.databases .db).host | default (printf "%s-%s-db-rw" (include "ates.fullname" .root) .db) -}}
{{- end -}}

{{- define "ates.db.port" -}}
{{- (index .root.Values.postgresql.databases .db).port -}}
{{- end -}}

{{- define "ates.db.name" -}}
{{- (index .root.Values.postgresql.databases .db).name -}}
{{- end -}}

{{- define "ates.db.secret" -}}
{{- (index .root.Values.postgresql.databases .db).existingSecret | default (printf "%s-%s-db-app" (include "ates.fullname" .root) .db) -}}
{{- end -}}

{{/* The port of tracing.otlp.endpoint: the one in the URL, else 443 for https, else 80. */}}
{{- define "ates.tracing.otlp.port" -}}
{{- $url := urlParse .Values.tracing.otlp.endpoint -}}
{{- $hostAndPort := splitList ":" $url.host -}}
{{- if gt (len $hostAndPort) 1 -}}
{{- last $hostAndPort -}}
{{- else if eq $url.scheme "https" -}}
443
{{- else -}}
80
{{- end -}}
{{- end -}}

{{/* Kafka: unless given, the bootstrap service Strimzi makes for a Kafka cluster called <release>. */}}
{{- define "ates.kafka.bootstrap" -}}
{{- .Values.kafka.bootstrapServers | default (printf "%s-kafka-bootstrap:9092" (include "ates.fullname" .)) -}}
{{- end -}}

{{/* Keycloak as the services reach it: unless given, the service the Keycloak operator makes for <release>-keycloak. */}}
{{- define "ates.keycloak.internalUrl" -}}
{{- .Values.keycloak.url | default (printf "http://%s-keycloak-service:8080" (include "ates.fullname" .)) | trimSuffix "/" -}}
{{- end -}}

{{- define "ates.oidc.authServerUrl" -}}
{{- .Values.oidc.authServerUrl | default (printf "%s/realms/%s" (include "ates.keycloak.internalUrl" .) .Values.keycloak.realm.name) -}}
{{- end -}}

{{- define "ates.oidc.tokenIssuer" -}}
{{- if .Values.oidc.tokenIssuer -}}
{{- .Values.oidc.tokenIssuer -}}
{{- else if and .Values.keycloak.operator.enabled (include "ates.keycloak.hostname" .) -}}
{{- printf "%s/realms/%s" (include "ates.keycloak.hostname" .) .Values.keycloak.realm.name -}}
{{- end -}}
{{- end -}}

{{/* Keycloak's public URL: keycloak.operator.hostname, else its ingress host, else none. */}}
{{- define "ates.keycloak.hostname" -}}
{{- if .Values.keycloak.operator.hostname -}}
{{- .Values.keycloak.operator.hostname | trimSuffix "/" -}}
{{- else if .Values.ingress.enabled -}}
{{- printf "%s://%s" (include "ates.scheme" .) .Values.ingress.hosts.keycloak -}}
{{- end -}}
{{- end -}}

{{- define "ates.oidc.secret" -}}
{{- .Values.oidc.clientSecret.existingSecret | default (printf "%s-oidc" (include "ates.fullname" .)) -}}
{{- end -}}

{{- define "ates.scheme" -}}
{{- if .Values.ingress.tlsSecret -}}https{{- else -}}http{{- end -}}
{{- end -}}

{{/* The public URL of a service: its ingress host, or a port-forward on localhost. */}}
{{- define "ates.publicUrl" -}}
{{- if .root.Values.ingress.enabled -}}
{{- printf "%s://%s" (include "ates.scheme" .root) (index .root.Values.ingress.hosts .service) -}}
{{- else -}}
{{- printf "http://localhost:%d" (index (dict "tasks" 8081 "billing" 8082 "analytics" 8083) .service) -}}
{{- end -}}
{{- end -}}

{{/*
The realm as imported: the keycloak module's realm (copied to files/realm), its web client's secret a
placeholder filled from the OIDC Secret, redirect URIs for the ingress hosts, seeded users only on request.
*/}}
{{- define "ates.realm" -}}
{{- $realm := .Files.Get "files/realm/ates-realm.json" | fromJson -}}
{{- $_ := set $realm "realm" .Values.keycloak.realm.name -}}
{{- if not .Values.keycloak.realm.seedUsers -}}
{{- $_ := unset $realm "users" -}}
{{- end -}}
{{- range $client := $realm.clients -}}
{{- if eq $client.clientId $.Values.oidc.clientId -}}
{{- $_ := set $client "secret" "${ATES_WEB_CLIENT_SECRET}" -}}
{{- $uris := list -}}
{{- if $.Values.ingress.enabled -}}
{{- range $service := list "tasks" "billing" "analytics" -}}
{{- $uris = append $uris (printf "%s/*" (include "ates.publicUrl" (dict "root" $ "service" $service))) -}}
{{- end -}}
{{- else -}}
{{- $uris = $client.redirectUris | default list -}}
{{- end -}}
{{- $_ := set $client "redirectUris" (concat $uris $.Values.keycloak.realm.extraRedirectUris) -}}
{{- end -}}
{{- end -}}
{{- toJson $realm -}}
{{- end -}}
