#!/usr/bin/env bash
# Lints every YAML file the delivery owns with yamllint (config: ci/yamllint.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
yamllint --strict --config-file ci/yamllint.yaml docker-compose.yml deploy/k8s ci/yamllint.yaml
