#!/usr/bin/env bash
# Smoke test of an installed aTES with the seeded users (deploy/kind-values.yaml): waits for every part,
# creates a task as popug1, waits until billing has charged its assignee the assignment fee and until analytics
# counts that fee in today's management earnings, which only happens when the whole event path works: tasks'
# outbox, Debezium Server, Kafka, billing's consumer, billing's outbox, Debezium Server, Kafka, analytics' consumer.
# Usage: deploy/smoke.sh [namespace] [release]      needs kubectl, curl and jq
set -euo pipefail
ns=${1:-ates}
release=${2:-ates}
k() { kubectl -n "$ns" "$@"; }

echo "== waiting for Keycloak, the realm import and every deployment"
k wait --for=condition=Ready "keycloak/$release-keycloak" --timeout=900s
k wait --for=condition=Done "keycloakrealmimport/$release-realm" --timeout=600s
for d in tasks billing analytics debezium-tasks debezium-billing debezium-keycloak; do
  k rollout status "deployment/$release-$d" --timeout=900s
done

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
forward() { # service local-port remote-port
  k port-forward "svc/$1" "$2:$3" >/dev/null 2>&1 &
  pids+=($!)
}
forward "$release-keycloak-service" 18180 8080
forward "$release-tasks" 18081 8080
forward "$release-billing" 18082 8080
forward "$release-analytics" 18083 8080

wait_for() { # description deadline-seconds command...
  local what=$1 deadline=$((SECONDS + $2)); shift 2
  until "$@"; do
    if ((SECONDS > deadline)); then echo "FAILED: $what" >&2; return 1; fi
    sleep 2
  done
  echo "ok: $what"
}
wait_for "port-forwards answer" 60 curl -fsS -o /dev/null http://localhost:18081/q/health/ready

# Tokens name the issuer the services expect (the in-cluster Keycloak URL): ask with that Host header.
token() {
  curl -fsS -H "Host: $release-keycloak-service:8080" \
    -d grant_type=password -d client_id=ates-cli -d "username=$1" -d "password=$1" \
    http://localhost:18180/realms/ates/protocol/openid-connect/token | jq -r .access_token
}
popug=$(token popug1)
admin=$(token admin)

echo "== every service is healthy; the API refuses a call without a token"
for port in 18081 18082 18083; do
  curl -fsS "http://localhost:$port/q/health/ready" | jq -e '.status == "UP"' >/dev/null
done
code=$(curl -s -o /dev/null -w '%{http_code}' http://localhost:18081/api/tasks/mine)
[ "$code" = 401 ] || { echo "FAILED: tasks answered $code without a token, not 401" >&2; exit 1; }

# where the figures stand before the task: the assignee's balance in billing, management's earnings in analytics
balances() { curl -fsS -H "Authorization: Bearer $admin" http://localhost:18082/api/accounts; }
earnings() { curl -fsS -H "Authorization: Bearer $admin" http://localhost:18083/api/analytics/today | jq -e .managementEarnings; }
balances_before=$(balances)
earnings_before=$(earnings)

echo "== a task is created and assigned"
task=$(curl -fsS -H "Authorization: Bearer $popug" -H 'Content-Type: application/json' \
  -d '{"title":"Smoke test","jiraId":"SMOKE-1","description":"created by deploy/smoke.sh"}' \
  http://localhost:18081/api/tasks)
assignee=$(jq -r .assignee.username <<<"$task")
echo "task $(jq -r .id <<<"$task") assigned to $assignee"

balance_of() { jq -r --arg user "$assignee" 'map(select(.username == $user)) | first | .balance // 0'; }
before=$(balance_of <<<"$balances_before")
fee=""
charged() {
  local now
  now=$(balances | balance_of)
  fee=$(jq -n --argjson before "$before" --argjson now "$now" '$before - $now')
  jq -e -n --argjson fee "$fee" '$fee > 0' >/dev/null
}
wait_for "billing charged $assignee the assignment fee (outbox -> Debezium -> Kafka -> billing)" 180 charged
echo "fee charged: $fee"

counted() {
  jq -e -n --argjson before "$earnings_before" --argjson now "$(earnings)" --argjson fee "$fee" \
    '($now - $before - $fee) | fabs < 0.005' >/dev/null
}
wait_for "analytics counts the fee in today's management earnings (billing -> Debezium -> Kafka -> analytics)" 180 counted
lag_reported() { curl -fsS http://localhost:18082/q/metrics | grep '^kafka_consumer_fetch_manager_records_lag' >/dev/null; }
wait_for "billing reports its consumer lag" 60 lag_reported
echo "smoke test passed"
