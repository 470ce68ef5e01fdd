#!/usr/bin/env bash
# Validates the rendered manifests against the target cluster's own API (schemas, CRDs, admission
# webhooks, quotas) without changing anything: a server-side dry run.
set -euo pipefail

: "${RENDERED:?RENDERED must name the file ci/render.sh wrote}"
: "${NAMESPACE:?NAMESPACE must be set, e.g. tally-staging}"

kubectl --namespace "$NAMESPACE" apply --dry-run=server --filename "$RENDERED"
