#!/usr/bin/env bash
# The main job: set everything up, build the site strictly, then verify every
# page against the local test cluster (brought up here, taken down at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

.venv/bin/mkdocs build --strict --site-dir site
.venv/bin/snippets-runner lint

cleanup() { scripts/cluster.sh down || true; }
trap cleanup EXIT
scripts/cluster.sh up
eval "$(scripts/cluster.sh env)"
context=$(kubectl config current-context)
.venv/bin/snippets-runner verify --allow-context "$context" \
  --junit test-output/verify.junit.xml --json test-output/verify.json "$@"
