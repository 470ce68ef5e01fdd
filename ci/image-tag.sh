#!/usr/bin/env bash
# Prints the image tag of this build: the full commit hash. A commit names exactly one content, whichever job
# (branch, tag, rebuild) builds it, so a tag never has to move; deploys then pin the pushed digest.
set -euo pipefail

: "${GIT_COMMIT:?GIT_COMMIT must be set (the checkout step gives it)}"
[[ "$GIT_COMMIT" =~ ^[0-9a-f]{40}$ ]] || { echo "image-tag: GIT_COMMIT must be a 40-character commit hash, got '$GIT_COMMIT'" >&2; exit 2; }
echo "$GIT_COMMIT"
