#!/usr/bin/env bash
# The test command: set everything up, bring the real local cluster up
# (building it on first use), run the whole suite, and take the cluster down
# again however the tests end. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

cluster_started=0
cleanup() {
  if [ "$cluster_started" = 1 ]; then scripts/cluster.sh down || true; fi
}
trap cleanup EXIT

if scripts/cluster.sh up; then
  cluster_started=1
  eval "$(scripts/cluster.sh env)"
else
  echo "test: the local cluster did not come up; cluster tests will be skipped with this reason" >&2
  export SNIPPETS_CLUSTER_ERROR="scripts/cluster.sh up failed (see its output above)"
fi

set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
exit "$status"
