#!/usr/bin/env bash
# Installs the tools test/delivery needs (groovy, shellcheck, yamllint) and those npm run test:image needs
# (podman, runc, debootstrap) when they are missing.
# Idempotent: a machine that has them all does nothing, so CI can call it on every run.
set -euo pipefail

declare -A package_for=([groovy]=groovy [shellcheck]=shellcheck [yamllint]=yamllint [podman]=podman [runc]=runc
  [debootstrap]=debootstrap)
missing=()
for tool in "${!package_for[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${package_for[$tool]}")
done

if ! command -v kubectl >/dev/null 2>&1; then
  # kubectl is not in Debian's archive; agents and CI images must bring it (docs/deploy.md).
  echo "install-delivery-tools: kubectl is missing; install it from https://kubernetes.io/docs/tasks/tools/" >&2
  exit 1
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-delivery-tools: groovy, shellcheck, yamllint, podman, runc, debootstrap and kubectl are present"
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "install-delivery-tools: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  }
  sudo_cmd=(sudo)
fi

echo "install-delivery-tools: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
