"""Shared test wiring: the real local cluster fixture (see tests/cluster_fixture.py)."""

from cluster_fixture import k8s_cluster

__all__ = ["k8s_cluster"]

# Fixture sites whose pages the snippets pytest plugin must not verify when
# someone runs `pytest tests/`: they are inputs of tests, not docs.
collect_ignore_glob = ["pages/*"]
