#!/usr/bin/env bash
# The test command: set everything up, run the static checks, bring the real
# local cluster up (building it on first use), run the whole suite, and take
# the cluster down again however the tests end. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# Static checks first: they take seconds and a red one needs no cluster.
echo "test: ruff format --check, ruff check, mypy --strict (snippets_runner, testcluster)"
.venv/bin/ruff format --check .
.venv/bin/ruff check .
.venv/bin/mypy

# Every prerequisite (cluster, seed, browser) is required here: a missing one
# fails its tests instead of skipping them. Property tests use the
# derandomized `ci` hypothesis profile, so a run cannot fail at random.
export SNIPPETS_REQUIRE_ALL=1
export HYPOTHESIS_PROFILE=ci

# The cluster is part of what is tested: if it cannot come up, the run fails.
trap 'scripts/cluster.sh down || true' EXIT
scripts/cluster.sh up
eval "$(scripts/cluster.sh env)"

set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
exit "$status"
