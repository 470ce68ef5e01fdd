#!/usr/bin/env bash
# Runs the whole test suite with coverage and writes the reports Jenkins publishes:
#   reports/junit.xml (JUnit), coverage/cobertura-coverage.xml (Coverage plugin), coverage/index.html.
# Integration tests start PostgreSQL through testcontainers, so the agent needs a working Docker.
set -euo pipefail
cd "$(dirname "$0")/.."

ci/install-delivery-tools.sh
mkdir -p reports
npm run coverage -- \
  --reporter=default --reporter=junit --outputFile.junit=reports/junit.xml \
  --coverage.reporter=text-summary --coverage.reporter=cobertura --coverage.reporter=html
