#!/usr/bin/env bash
# Runs this release's migration Job and waits for it: prints its logs and fails the deploy if it fails,
# before any pod of the new version starts. Applies everything except the server components first
# (ConfigMap, Secret, ServiceAccount, and in development the database), because the Job needs them.
set -euo pipefail

: "${RENDERED:?RENDERED must name the file ci/render.sh wrote}"
: "${NAMESPACE:?NAMESPACE must be set, e.g. tally-staging}"
: "${IMAGE_TAG:?IMAGE_TAG must be set}"
timeout_seconds="${MIGRATION_TIMEOUT_SECONDS:-600}"
poll_seconds="${MIGRATION_POLL_SECONDS:-5}"

job=$("$(dirname "$0")/release-name.sh")
k() { kubectl --namespace "$NAMESPACE" "$@"; }

job_state() {
  k get job "$job" --ignore-not-found \
    --output 'jsonpath={range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}'
}

# A failed Job of the same release (a re-run after fixing the database) must run again: Jobs never restart.
if [[ "$(job_state)" == *Failed* ]]; then
  echo "migrate: deleting the failed Job $job from an earlier attempt"
  k delete job "$job" --wait=true
fi

k apply --filename "$RENDERED" --selector 'app.kubernetes.io/component!=server'

echo "migrate: waiting up to ${timeout_seconds}s for Job $job"
deadline=$((SECONDS + timeout_seconds))
state=""
while ((SECONDS < deadline)); do
  state=$(job_state)
  [[ "$state" == *Complete* || "$state" == *Failed* ]] && break
  sleep "$poll_seconds"
done

echo "migrate: logs of Job $job"
k logs "job/$job" --all-containers=true --prefix=true || echo "migrate: no logs available" >&2

if [[ "$state" == *Complete* ]]; then
  echo "migrate: Job $job completed"
  exit 0
fi
if [[ "$state" == *Failed* ]]; then
  echo "migrate: Job $job failed; the new version is not rolled out" >&2
else
  echo "migrate: Job $job did not finish within ${timeout_seconds}s; the new version is not rolled out" >&2
fi
exit 1
