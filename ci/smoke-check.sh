#!/usr/bin/env bash
# Checks the deployed release through its Service: /-/ready answers 200 and /version reports the commit the
# image was built from, which is IMAGE_TAG (proof that the new pods, not the old ones, answer).
set -euo pipefail

: "${NAMESPACE:?NAMESPACE must be set, e.g. tally-staging}"
: "${IMAGE_TAG:?IMAGE_TAG must be set: the commit the image was built from}"
local_port="${SMOKE_LOCAL_PORT:-18080}"
attempts="${SMOKE_ATTEMPTS:-30}"

kubectl --namespace "$NAMESPACE" port-forward service/tally "${local_port}:80" >/dev/null &
forward_pid=$!
trap 'kill "$forward_pid" 2>/dev/null || true' EXIT

base="http://127.0.0.1:${local_port}"
for ((i = 1; i <= attempts; i++)); do
  curl --silent --fail --max-time 2 "$base/-/ready" >/dev/null && break
  if ((i == attempts)); then
    echo "smoke-check: $base/-/ready did not answer 200 after $attempts attempts" >&2
    exit 1
  fi
  sleep 2
done

version_json=$(curl --silent --fail --max-time 5 "$base/version")
echo "smoke-check: /version -> $version_json"
grep -Fq "\"commit\":\"${IMAGE_TAG}\"" <<<"${version_json//[[:space:]]/}" || {
  echo "smoke-check: expected commit ${IMAGE_TAG}" >&2
  exit 1
}
echo "smoke-check: ${IMAGE_TAG} is live in ${NAMESPACE}"
