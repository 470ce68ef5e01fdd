#!/usr/bin/env bash
# Builds the image tagged with the commit (ci/image-tag.sh). Build number and commit are baked in for /version.
set -euo pipefail

: "${IMAGE_REPOSITORY:?IMAGE_REPOSITORY must be set, e.g. registry.example.com/tally}"
: "${IMAGE_TAG:?IMAGE_TAG must be set (ci/image-tag.sh)}"
: "${BUILD_NUMBER:?BUILD_NUMBER must be set}"
: "${GIT_COMMIT:?GIT_COMMIT must be set}"
cd "$(dirname "$0")/.."

version=$(node -p 'require("./package.json").version')
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# BuildKit is needed for the npm cache mount in the Dockerfile.
DOCKER_BUILDKIT=1 docker build \
  --pull \
  --build-arg "BUILD_NUMBER=${BUILD_NUMBER}" \
  --build-arg "GIT_COMMIT=${GIT_COMMIT}" \
  --build-arg "VERSION=${version}" \
  --build-arg "CREATED=${created}" \
  --tag "${IMAGE_REPOSITORY}:${IMAGE_TAG}" \
  .
