{{/*
The alert rules of aTES: the one source of both the PrometheusRule (metrics.prometheusRule) and the plain rules
file (metrics.rulesConfigMap), so the two can never disagree. docs/operations.md ("Alerts") says what each means
and what to look at first; deploy's AlertRulesTest runs promtool on the rendered file.
*/}}
{{- define "ates.alerts.jobSelector" -}}
{{- .Values.metrics.alerts.jobSelector | default (printf "job=~\"%s-(tasks|billing|analytics)\"" (include "ates.fullname" .)) -}}
{{- end -}}

{{- define "ates.alerts.groups" -}}
{{- $a := .Values.metrics.alerts -}}
{{- $job := include "ates.alerts.jobSelector" . -}}
groups:
  - name: ates
    rules:
      - alert: AtesRecordsDeadLettered
        # a dead-letter counter appears with its first record, so a series that is new counts as well as an increase
        expr: |
          sum by (job, topic, reason) (increase(ates_inbox_dead_lettered_total{ {{- $job -}} }[{{ $a.deadLettered.window }}])) > 0
          or
          sum by (job, topic, reason) (ates_inbox_dead_lettered_total{ {{- $job -}} } unless ates_inbox_dead_lettered_total{ {{- $job -}} } offset {{ $a.deadLettered.window }}) > 0
        labels:
          severity: warning
        annotations:
          summary: {{`'{{ $labels.job }} dead-lettered records of {{ $labels.topic }} ({{ $labels.reason }})'`}}
          description: {{`'Records of {{ $labels.topic }} went to {{ $labels.topic }}.dlq in the last`}} {{ $a.deadLettered.window }}{{`; each carries its reason in the header dead-letter-reason.'`}}
      - alert: AtesConsumerLagHigh
        expr: |
          sum by (job, topic) (kafka_consumer_fetch_manager_records_lag{ {{- $job -}} }) > {{ $a.consumerLag.threshold }}
        for: {{ $a.consumerLag.for }}
        labels:
          severity: warning
        annotations:
          summary: {{`'{{ $labels.job }} is {{ $value }} records behind on {{ $labels.topic }}'`}}
          description: {{`'The consumers of {{ $labels.job }} on {{ $labels.topic }} have had more than`}} {{ $a.consumerLag.threshold }} {{`records unread for`}} {{ $a.consumerLag.for }}{{`.'`}}
      - alert: AtesOutboxBacklogHigh
        expr: |
          max by (job, slot) (ates_outbox_backlog_bytes{ {{- $job -}} }) > {{ int64 $a.outboxBacklog.thresholdBytes }}
        for: {{ $a.outboxBacklog.for }}
        labels:
          severity: warning
        annotations:
          summary: {{`'Debezium is {{ $value | humanize1024 }}B of WAL behind on {{ $labels.slot }}'`}}
          description: {{`'The replication slot {{ $labels.slot }} (read by {{ $labels.job }}) has not confirmed more than`}} {{ int64 $a.outboxBacklog.thresholdBytes }} {{`bytes of WAL for`}} {{ $a.outboxBacklog.for }}{{`: events of the outbox are not reaching Kafka.'`}}
      - alert: AtesBillingDayNotClosed
        # the gauge is the midnight that ends the latest closed day: once yesterday is closed, now is less than a
        # day past it; more than a day plus the allowance past it means yesterday is still open
        expr: |
          time() - max by (job) (ates_billing_last_closed_day_seconds{ {{- $job -}} }) > 86400 + {{ int64 $a.billingDayNotClosed.afterMidnightSeconds }}
        labels:
          severity: critical
        annotations:
          summary: {{`'Yesterday is not closed`}} {{ int64 $a.billingDayNotClosed.afterMidnightSeconds }} {{`seconds after midnight'`}}
          description: {{`'The latest closed billing day ended {{ $value | humanizeDuration }} ago: payouts and their e-mails wait.'`}}
      - alert: AtesLedgerUnbalanced
        expr: |
          max by (job) (ates_billing_accounts_unbalanced{ {{- $job -}} }) > 0
        for: {{ $a.ledgerUnbalanced.for }}
        labels:
          severity: critical
        annotations:
          summary: {{`'{{ $value }} accounts have a balance that is not the sum of their ledger entries'`}}
          description: {{`'The ledger check of {{ $labels.job }} found accounts whose balance differs from their entries; GET /api/ledger/check names them.'`}}
      - alert: AtesServiceDown
        expr: |
          up{ {{- $job -}} } == 0
        for: {{ $a.serviceDown.for }}
        labels:
          severity: critical
        annotations:
          summary: {{`'{{ $labels.job }} ({{ $labels.instance }}) cannot be scraped'`}}
          description: {{`'Prometheus has not reached /q/metrics of {{ $labels.instance }} for`}} {{ $a.serviceDown.for }}{{`.'`}}
{{- end -}}
