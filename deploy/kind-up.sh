#!/usr/bin/env bash
# Installs aTES with its operators on the cluster of the current kubectl context (a kind cluster in CI):
# CloudNativePG, Strimzi and the Keycloak operator at the versions the parent pom names, the OIDC client
# Secret, then the chart with deploy/kind-values.yaml. The images must be pullable or already loaded.
# Usage: deploy/kind-up.sh IMAGE_OWNER IMAGE_TAG [namespace] [release]     needs kubectl, helm and curl
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
owner=${1:?image owner, e.g. uberpopug}
tag=${2:?image tag, e.g. the commit sha}
ns=${3:-ates}
release=${4:-ates}
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml"; }
cnpg=$(prop cloudnative-pg.version)
strimzi=$(prop strimzi.version)
keycloak=$(prop keycloak.version)
echo "CloudNativePG $cnpg, Strimzi $strimzi, Keycloak operator $keycloak; aTES $owner:$tag into namespace $ns"

kubectl create namespace "$ns" --dry-run=client -o yaml | kubectl apply -f -

# CloudNativePG watches every namespace from its own, cnpg-system.
kubectl apply --server-side -f "https://raw.githubusercontent.com/cloudnative-pg/cloudnative-pg/release-${cnpg%.*}/releases/cnpg-$cnpg.yaml"
kubectl -n cnpg-system rollout status deployment/cnpg-controller-manager --timeout=300s

# Strimzi in the release's namespace watches that namespace.
helm upgrade --install strimzi oci://quay.io/strimzi-helm/strimzi-kafka-operator --version "$strimzi" \
  --namespace "$ns" --wait --timeout 5m

# The Keycloak operator in the release's namespace watches that namespace; its manifest names the namespace keycloak.
base="https://raw.githubusercontent.com/keycloak/keycloak-k8s-resources/$keycloak/kubernetes"
kubectl apply -f "$base/keycloaks.k8s.keycloak.org-v1.yml" -f "$base/keycloakrealmimports.k8s.keycloak.org-v1.yml"
curl -fsSL "$base/kubernetes.yml" | sed "s/namespace: keycloak\$/namespace: $ns/" | kubectl -n "$ns" apply -f -
kubectl -n "$ns" rollout status deployment/keycloak-operator --timeout=300s

# The ates-web client secret, referenced by the chart (oidc.clientSecret), made once.
if ! kubectl -n "$ns" get secret "$release-oidc" >/dev/null 2>&1; then
  kubectl -n "$ns" create secret generic "$release-oidc" --from-literal=client-secret="$(openssl rand -hex 24)" \
    --from-literal=session-secret="$(openssl rand -hex 32)"
fi

# The operators' admission webhooks may need a moment after their rollout: try the install a few times.
for attempt in 1 2 3 4 5; do
  if helm upgrade --install "$release" "$root/helm/ates" --namespace "$ns" \
    -f "$root/deploy/kind-values.yaml" --set image.owner="$owner" --set image.tag="$tag"; then
    exit 0
  fi
  echo "helm install failed (attempt $attempt), retrying in 15 s" >&2
  sleep 15
done
exit 1
