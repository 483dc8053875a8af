"""Pinned versions and well-known paths, in one place so every module agrees.

The cache lives outside the work tree (and is keyed by version) so a fresh
clone on the same machine reuses the expensive Go build and image builds,
while a version bump builds side by side instead of mixing binaries.
"""

from __future__ import annotations

import os
from pathlib import Path

KUBERNETES_VERSION = "v1.33.13"
ETCD_VERSION = "v3.5.35"
GO_BIN = Path(os.environ.get("TESTCLUSTER_GO", "/usr/local/go/bin/go"))

#: Binaries built from k8s.io/kubernetes, by Go package path.
KUBE_COMMANDS: dict[str, str] = {
    "kube-apiserver": "k8s.io/kubernetes/cmd/kube-apiserver",
    "kube-controller-manager": "k8s.io/kubernetes/cmd/kube-controller-manager",
    "kube-scheduler": "k8s.io/kubernetes/cmd/kube-scheduler",
    "kubelet": "k8s.io/kubernetes/cmd/kubelet",
    "kube-proxy": "k8s.io/kubernetes/cmd/kube-proxy",
    "kubectl": "k8s.io/kubernetes/cmd/kubectl",
}
ETCD_PACKAGE = "go.etcd.io/etcd/server/v3"

CACHE_ROOT = Path(
    os.environ.get("TESTCLUSTER_CACHE", str(Path.home() / ".cache" / "snippets-testcluster"))
)
#: Binaries and images depend on the versions, so the cache is keyed by them.
VERSION_DIR = CACHE_ROOT / f"k8s-{KUBERNETES_VERSION}-etcd-{ETCD_VERSION}"
BIN_DIR = VERSION_DIR / "bin"
IMAGE_DIR = VERSION_DIR / "images"
BUILD_WORK_DIR = VERSION_DIR / "gomod"
#: Go's module and build caches are shared by versions: they are content-addressed.
GO_MODCACHE = CACHE_ROOT / "go" / "mod"
GO_BUILDCACHE = CACHE_ROOT / "go" / "build"

#: Everything one running cluster owns: PKI, configs, logs, PIDs, state.
RUN_DIR = Path(os.environ.get("TESTCLUSTER_RUN_DIR", "/var/lib/snippets-testcluster"))
KUBELET_ROOT = RUN_DIR / "kubelet"
KUBECONFIG = RUN_DIR / "admin.kubeconfig"

PAUSE_IMAGE = "registry.k8s.io/pause:3.10"
MYSQL_IMAGE = "public.ecr.aws/docker/library/mysql:8.0"

NODE_NAME = "testcluster-node"
SERVICE_CIDR = "10.96.0.0/16"
KUBERNETES_SERVICE_IP = "10.96.0.1"
POD_CIDR = "10.88.0.0/16"
BRIDGE_NAME = "tcbr0"
CNI_NETWORK_NAME = "testcluster"
APISERVER_PORT = 6443
ETCD_CLIENT_PORT = 2379
ETCD_PEER_PORT = 2380
