#!/usr/bin/env bash
# Prints the migration Job's name for IMAGE_TAG, e.g. 1.4.0-87 -> tally-migrate-1-4-0-87.
# A Job's pod template is immutable, so each release gets its own Job instead of re-applying one.
set -euo pipefail

: "${IMAGE_TAG:?IMAGE_TAG must be set}"
suffix=$(printf '%s' "$IMAGE_TAG" | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9' '-')
name="tally-migrate-${suffix}"
# Object names are DNS labels: at most 63 characters, ending in a letter or digit.
name="${name:0:63}"
while [[ "$name" == *- ]]; do name="${name%-}"; done
echo "$name"
