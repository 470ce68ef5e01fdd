#!/usr/bin/env bash
# Checks the deployed release through its Service: /-/ready answers 200 and /version reports the build
# number and version of IMAGE_TAG (proof that the new pods, not the old ones, answer).
set -euo pipefail

: "${NAMESPACE:?NAMESPACE must be set, e.g. tally-staging}"
: "${IMAGE_TAG:?IMAGE_TAG must be set, e.g. 1.4.0-87}"
local_port="${SMOKE_LOCAL_PORT:-18080}"
attempts="${SMOKE_ATTEMPTS:-30}"

expected_version="${IMAGE_TAG%-*}"
expected_build="${IMAGE_TAG##*-}"

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
# The build may be a JSON string or number; accept both.
grep -Eq "\"build\"[[:space:]]*:[[:space:]]*\"?${expected_build}\"?[,}]" <<<"$version_json" || {
  echo "smoke-check: expected build ${expected_build}" >&2
  exit 1
}
grep -Fq "\"version\":\"${expected_version}\"" <<<"${version_json//[[:space:]]/}" || {
  echo "smoke-check: expected version ${expected_version}" >&2
  exit 1
}
echo "smoke-check: ${IMAGE_TAG} is live in ${NAMESPACE}"
