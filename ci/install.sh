#!/usr/bin/env bash
# Installs exactly what package-lock.json pins; fails if the lock file and package.json disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
node --version
npm ci --no-audit --no-fund
