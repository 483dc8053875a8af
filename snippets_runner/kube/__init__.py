"""Cluster access: the kubeconfig, the context allow-list, reachability, the cluster's secrets.

Everything that talks to a cluster on the runner's behalf, apart from the lab
(lab/, which sets up and removes a page's objects). Imported only by runs that
need a cluster, so lint, list and the site never load the Kubernetes client.
"""

from __future__ import annotations

__all__ = ["access", "safety"]
