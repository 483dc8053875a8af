#!/usr/bin/env bash
# The test command: set everything up, bring the real local cluster up
# (building it on first use), run the whole suite, and take the cluster down
# again however the tests end. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# The cluster is part of what is tested: if it cannot come up, the run fails.
trap 'scripts/cluster.sh down || true' EXIT
scripts/cluster.sh up
eval "$(scripts/cluster.sh env)"

set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
exit "$status"
