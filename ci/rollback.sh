#!/usr/bin/env bash
# Undoes a failed deploy: `rollout undo` returns the Deployment to its previous revision.
# Only when the Deployment already runs the failed release's image: after a failure before the roll-out
# (e.g. the migration), the Deployment still runs the last good release and undoing would replace it
# with the one before.
set -euo pipefail

: "${NAMESPACE:?NAMESPACE must be set, e.g. tally-staging}"
: "${IMAGE_REPOSITORY:?IMAGE_REPOSITORY must be set}"
: "${IMAGE_DIGEST:?IMAGE_DIGEST must be set (sha256:…)}"
timeout="${ROLLOUT_TIMEOUT:-300s}"
release_image="${IMAGE_REPOSITORY}@${IMAGE_DIGEST}"

k() { kubectl --namespace "$NAMESPACE" "$@"; }

live_image=$(k get deployment tally --ignore-not-found \
  --output 'jsonpath={.spec.template.spec.containers[?(@.name=="tally")].image}')

if [[ "$live_image" != "$release_image" ]]; then
  echo "rollback: deployment/tally runs '${live_image:-nothing}', not ${release_image}; nothing to undo"
  exit 0
fi

echo "rollback: undoing ${release_image}"
k rollout undo deployment/tally
k rollout status deployment/tally --timeout "$timeout"
