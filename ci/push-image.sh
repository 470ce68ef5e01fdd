#!/usr/bin/env bash
# Pushes both tags of this build. Credentials come from Jenkins (withCredentials) as REGISTRY_USER and
# REGISTRY_PASSWORD; the password goes through stdin so it never shows in the process list.
set -euo pipefail

: "${IMAGE_REPOSITORY:?IMAGE_REPOSITORY must be set}"
: "${IMAGE_TAG:?IMAGE_TAG must be set}"
: "${GIT_COMMIT:?GIT_COMMIT must be set}"
: "${REGISTRY_USER:?REGISTRY_USER must be set (registry credentials)}"
: "${REGISTRY_PASSWORD:?REGISTRY_PASSWORD must be set (registry credentials)}"

registry="${IMAGE_REPOSITORY%%/*}"
# Log out even when a push fails, so the agent keeps no registry token.
trap 'docker logout "$registry" >/dev/null 2>&1 || true' EXIT

printf '%s' "$REGISTRY_PASSWORD" | docker login --username "$REGISTRY_USER" --password-stdin "$registry"
docker push "${IMAGE_REPOSITORY}:${IMAGE_TAG}"
docker push "${IMAGE_REPOSITORY}:${GIT_COMMIT}"
