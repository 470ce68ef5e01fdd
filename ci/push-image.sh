#!/usr/bin/env bash
# Pushes this build's image and writes the digest the registry gave it to build/image-digest (sha256:…): deploys
# pin that digest, so what runs is exactly what was tested, whatever later happens to any tag. Credentials come
# from Jenkins (withCredentials) as REGISTRY_USER and REGISTRY_PASSWORD; the password goes through stdin so it
# never shows in the process list. The registry should refuse overwriting tags (immutable tags).
set -euo pipefail

: "${IMAGE_REPOSITORY:?IMAGE_REPOSITORY must be set}"
: "${IMAGE_TAG:?IMAGE_TAG must be set}"
: "${REGISTRY_USER:?REGISTRY_USER must be set (registry credentials)}"
: "${REGISTRY_PASSWORD:?REGISTRY_PASSWORD must be set (registry credentials)}"
cd "$(dirname "$0")/.."

registry="${IMAGE_REPOSITORY%%/*}"
# Log out even when a push fails, so the agent keeps no registry token.
trap 'docker logout "$registry" >/dev/null 2>&1 || true' EXIT

printf '%s' "$REGISTRY_PASSWORD" | docker login --username "$REGISTRY_USER" --password-stdin "$registry"
docker push "${IMAGE_REPOSITORY}:${IMAGE_TAG}"
reference=$(docker image inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "${IMAGE_REPOSITORY}:${IMAGE_TAG}" |
  grep -F "${IMAGE_REPOSITORY}@" | head -n 1)
digest="${reference#*@}"
[[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || { echo "push-image: no digest for ${IMAGE_REPOSITORY}:${IMAGE_TAG} after the push" >&2; exit 1; }
mkdir -p build
echo "$digest" >build/image-digest
echo "push-image: ${IMAGE_REPOSITORY}:${IMAGE_TAG} is ${IMAGE_REPOSITORY}@${digest}"
