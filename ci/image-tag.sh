#!/usr/bin/env bash
# Prints the image tag of this build: <package version>-<BUILD_NUMBER>, e.g. 1.4.0-87.
# The build number makes every CI build a distinct, immutable tag; the version says what it contains.
set -euo pipefail

: "${BUILD_NUMBER:?BUILD_NUMBER must be set (Jenkins sets it for every build)}"
[[ "$BUILD_NUMBER" =~ ^[0-9]+$ ]] || { echo "image-tag: BUILD_NUMBER must be digits, got '$BUILD_NUMBER'" >&2; exit 2; }

cd "$(dirname "$0")/.."
version=$(node -p 'JSON.parse(require("fs").readFileSync("package.json", "utf8")).version ?? ""')
[[ -n "$version" ]] || { echo "image-tag: no top-level \"version\" in package.json" >&2; exit 2; }

echo "${version}-${BUILD_NUMBER}"
