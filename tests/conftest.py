"""Shared test wiring: the real local cluster fixture (see tests/cluster_fixture.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cluster_fixture import Cluster, k8s_cluster
from hypothesis import HealthCheck, settings

# Hypothesis: `ci` is derandomized and keeps no database, so CI and the test
# command give the same verdict every time; `dev` explores randomly. The test
# command (SNIPPETS_REQUIRE_ALL=1) and CI select `ci`; HYPOTHESIS_PROFILE overrides.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None)
_DEFAULT_PROFILE = "ci" if os.environ.get("CI") or os.environ.get("SNIPPETS_REQUIRE_ALL") else "dev"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", _DEFAULT_PROFILE))

__all__ = ["k8s_cluster", "running_cluster"]
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def running_cluster(request: pytest.FixtureRequest) -> Cluster:
    """The project's cluster, only when already up: these tests never trigger a cold build."""
    status = subprocess.run(
        [sys.executable, "-m", "testcluster", "status"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    if status.returncode != 0:
        pytest.skip("the local test cluster is not up (start it: python3 -m testcluster up)")
    cluster: Cluster = request.getfixturevalue("k8s_cluster")
    return cluster


# Fixture sites whose pages the snippets pytest plugin must not verify when
# someone runs `pytest tests/`: they are inputs of tests, not docs.
collect_ignore_glob = ["pages/*"]
