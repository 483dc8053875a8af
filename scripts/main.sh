#!/usr/bin/env bash
# The main job: set everything up, verify every page against the local test
# cluster (brought up here, taken down at the end), then build the site
# strictly. Verification comes first so that the site it builds shows each
# lesson's status from this very run (mkdocs.yml: the snippets plugin's
# `report`). The site is built even when verification fails — it then says
# "output changed" — and the job still fails with verify's exit status.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

.venv/bin/snippets-runner lint

cleanup() { scripts/cluster.sh down || true; }
trap cleanup EXIT
scripts/cluster.sh up
eval "$(scripts/cluster.sh env)"
context=$(kubectl config current-context)

set +e
.venv/bin/snippets-runner verify --allow-context "$context" \
  --junit test-output/verify.junit.xml --json test-output/verify.json "$@"
verified=$?
set -e

.venv/bin/mkdocs build --strict --site-dir site
exit "$verified"
