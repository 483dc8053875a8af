#!/usr/bin/env bash
# Thin wrapper so the other scripts bring the local test cluster up and down
# the same way: `scripts/cluster.sh up|down|status|env`.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m testcluster "$@"
