"""Shared test wiring: the real local cluster fixture (see tests/cluster_fixture.py)."""

import subprocess
import sys
from pathlib import Path

import pytest
from cluster_fixture import Cluster, k8s_cluster

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
