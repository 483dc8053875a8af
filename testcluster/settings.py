"""The selected release and well-known paths, in one place so every module agrees.

The cache lives outside the work tree (and is keyed by version) so a fresh
clone on the same machine reuses the expensive Go build and image builds,
while another release builds side by side instead of mixing binaries.

Which release: TESTCLUSTER_KUBERNETES (a minor such as `1.36`; an unknown or
unsupported one is refused), else the minor of the cluster that runs, else
the newest supported one (releases.py). The CLI switches with `use`, for
`up --kubernetes` and for commands that act on the running cluster's
release; every module reads these names at call time (`settings.BIN_DIR`),
so they follow.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import releases
from .releases import Release

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
#: Go's module and build caches are shared by versions: they are content-addressed.
GO_MODCACHE = CACHE_ROOT / "go" / "mod"
GO_BUILDCACHE = CACHE_ROOT / "go" / "build"

#: Everything one running cluster owns: PKI, configs, logs, PIDs, state.
RUN_DIR = Path(os.environ.get("TESTCLUSTER_RUN_DIR", "/var/lib/snippets-testcluster"))
KUBELET_ROOT = RUN_DIR / "kubelet"
KUBECONFIG = RUN_DIR / "admin.kubeconfig"
#: The release the cluster in RUN_DIR runs: written by `up`, removed by `down`.
RELEASE_RECORD = RUN_DIR / "release.json"


def version_dir(release: Release) -> Path:
    """Binaries and images depend on the versions, so the cache is keyed by them."""
    return CACHE_ROOT / f"k8s-{release.kubernetes}-etcd-{release.etcd}"


def recorded_release() -> Release | None:
    """The release `up` recorded for the cluster in RUN_DIR, if any."""
    try:
        return releases.from_record(RELEASE_RECORD.read_text())
    except (OSError, ValueError):
        return None


def _initial() -> Release:
    running = recorded_release()
    today = releases.today()
    try:
        return releases.initial(
            os.environ.get(releases.ENV_VAR), running.minor if running else None, today
        )
    except releases.ReleaseError as err:
        raise releases.ReleaseError(f"{releases.ENV_VAR}: {err}") from None


#: The selected release and what follows from it (rebound by `use`).
RELEASE: Release = _initial()
KUBERNETES_VERSION = RELEASE.kubernetes
ETCD_VERSION = RELEASE.etcd
VERSION_DIR = version_dir(RELEASE)
BIN_DIR = VERSION_DIR / "bin"
IMAGE_DIR = VERSION_DIR / "images"
BUILD_WORK_DIR = VERSION_DIR / "gomod"


def use(release: Release) -> None:
    """Work with another release from now on (its versions and cache directories)."""
    global RELEASE, KUBERNETES_VERSION, ETCD_VERSION, VERSION_DIR, BIN_DIR, IMAGE_DIR
    global BUILD_WORK_DIR
    RELEASE = release
    KUBERNETES_VERSION = release.kubernetes
    ETCD_VERSION = release.etcd
    VERSION_DIR = version_dir(release)
    BIN_DIR = VERSION_DIR / "bin"
    IMAGE_DIR = VERSION_DIR / "images"
    BUILD_WORK_DIR = VERSION_DIR / "gomod"


def warn_if_unsupported(release: Release) -> None:
    """A stale table falls back to an unsupported release; say so instead of failing."""
    if not releases.is_supported(release, releases.today()):
        print(
            f"testcluster: warning: Kubernetes {release.minor} is out of support since "
            f"{release.end_of_life.isoformat()}; run `python -m testcluster versions --check`",
            file=sys.stderr,
            flush=True,
        )


PAUSE_IMAGE = "registry.k8s.io/pause:3.10"
MYSQL_IMAGE = "public.ecr.aws/docker/library/mysql:8.4"

NODE_NAME = "testcluster-node"
SERVICE_CIDR = "10.96.0.0/16"
KUBERNETES_SERVICE_IP = "10.96.0.1"
POD_CIDR = "10.88.0.0/16"
BRIDGE_NAME = "tcbr0"
CNI_NETWORK_NAME = "testcluster"
APISERVER_PORT = 6443
ETCD_CLIENT_PORT = 2379
ETCD_PEER_PORT = 2380
