"""Shared test wiring: the real local cluster fixture (see tests/cluster_fixture.py)."""

from cluster_fixture import k8s_cluster

__all__ = ["k8s_cluster"]
