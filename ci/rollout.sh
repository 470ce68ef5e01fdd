#!/usr/bin/env bash
# Applies the whole release and waits until every new pod is ready (readiness = database reachable and
# no migration pending). A rollout that does not finish in time fails the deploy, which then rolls back.
set -euo pipefail

: "${RENDERED:?RENDERED must name the file ci/render.sh wrote}"
: "${NAMESPACE:?NAMESPACE must be set, e.g. tally-staging}"
timeout="${ROLLOUT_TIMEOUT:-300s}"

kubectl --namespace "$NAMESPACE" apply --filename "$RENDERED"
kubectl --namespace "$NAMESPACE" rollout status deployment/tally --timeout "$timeout"
