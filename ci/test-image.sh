#!/usr/bin/env bash
# npm run test:image: builds the Dockerfile with podman on a local Node base (ci/local-base-image.sh; no registry
# is needed for the base) and runs test/image against it and the local PostgreSQL. Needs podman, runc and
# debootstrap (.ci/run installs them) and root, for podman's storage and debootstrap.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
mkdir -p build

base=$(ci/local-base-image.sh)
image=localhost/tally:test-image
build_number="${BUILD_NUMBER:-image-test}"
commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)

flags=(--runtime runc build --isolation=chroot --network=host --format docker --build-arg "NODE_IMAGE=$base")
# Behind a TLS-inspecting proxy npm needs its CA: handed to the npm ci step as a build secret, never stored.
if [[ -n "${NODE_EXTRA_CA_CERTS:-}" && -r "$NODE_EXTRA_CA_CERTS" ]]; then
  flags+=(--secret "id=npm_ca,src=$NODE_EXTRA_CA_CERTS")
fi
echo "test-image: building $image on $base"
# --env and --label repeat what the build arguments set: podman 4.3's buildah (1.28) leaves build-argument values
# out of its layer cache key, so a cached `ENV GIT_COMMIT=${GIT_COMMIT}` would keep an earlier build's commit.
podman "${flags[@]}" \
  --build-arg "BUILD_NUMBER=$build_number" --build-arg "GIT_COMMIT=$commit" \
  --env "BUILD_NUMBER=$build_number" --env "GIT_COMMIT=$commit" --label "org.opencontainers.image.revision=$commit" \
  --build-arg "VERSION=$(node -p 'require("./package.json").version')" \
  --tag "$image" . >build/test-image-build.log 2>&1 || { tail -n 40 build/test-image-build.log >&2; exit 1; }
echo "test-image: built in $((SECONDS - started))s"

# The flags after `podman --runtime runc`, for the test that rebuilds one stage from the build cache.
build_flags=$(node -p 'JSON.stringify(process.argv.slice(1))' -- "${flags[@]:3}")
status=0
TALLY_TEST_IMAGE="$image" TALLY_TEST_BASE_IMAGE="$base" TALLY_TEST_BUILD_NUMBER="$build_number" \
  TALLY_TEST_COMMIT="$commit" TALLY_TEST_BUILD_FLAGS="$build_flags" \
  npx vitest run --config vitest.image.config.ts "$@" || status=$?
echo "test-image: $((SECONDS - started))s in all"
exit "$status"
