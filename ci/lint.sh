#!/usr/bin/env bash
# Lint and typecheck: the cheap checks that should fail a build before the slow tests run.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run lint
npm run typecheck
