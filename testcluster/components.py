"""Command lines of the cluster's processes and the endpoint that proves each healthy.

Why one table: `up` starts from it, `status` reports from it, and `down`
stops from it, so the three can never disagree about what the cluster is.
The flags follow Kubernetes' hack/local-up-cluster.sh, trimmed to one node.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from . import settings
from .config import Layout

CONTROL_PLANE_NICE = -5


@dataclass(frozen=True)
class Component:
    """One host process of the cluster."""

    name: str
    argv: list[str]
    health_url: str
    #: Scheduling priority. The control plane gets a head start over the
    #: clients on this 2-core machine, as it would on dedicated control-plane
    #: nodes: a lesson's `kubectl wait` right after `kubectl delete pod` must
    #: find the StatefulSet's new pod, and a busy test run can otherwise
    #: delay the controller past a freshly started kubectl.
    nice: int = 0


def _controller_flags(layout: Layout, name: str) -> list[str]:
    """What the controller manager and the scheduler share: one identity, local, no election."""
    kubeconfig = str(layout.kubeconfig(name))
    return [
        "--kubeconfig",
        kubeconfig,
        "--authentication-kubeconfig",
        kubeconfig,
        "--authorization-kubeconfig",
        kubeconfig,
        "--bind-address",
        "127.0.0.1",
        "--leader-elect=false",
    ]


def components(layout: Layout, bin_dir: Path, node_ip: str) -> list[Component]:
    """All components in start order (containerd and etcd first), with the selected
    release's extra flags (releases.py) appended."""
    release = settings.RELEASE
    return [
        replace(c, argv=[*c.argv, *release.args_for(c.name)])
        for c in _base_components(layout, bin_dir, node_ip)
    ]


def _base_components(layout: Layout, bin_dir: Path, node_ip: str) -> list[Component]:
    """The flags every release takes (checked present and not deprecated in 1.33-1.37)."""
    pki = layout.pki
    b = str(bin_dir)
    return [
        Component(
            "containerd",
            [
                "containerd",
                "--config",
                str(layout.conf("containerd.toml")),
            ],
            "",
        ),
        Component(
            "etcd",
            [
                f"{b}/etcd",
                "--name",
                "testcluster",
                "--data-dir",
                str(layout.etcd_data),
                "--listen-client-urls",
                f"http://127.0.0.1:{settings.ETCD_CLIENT_PORT}",
                "--advertise-client-urls",
                f"http://127.0.0.1:{settings.ETCD_CLIENT_PORT}",
                "--listen-peer-urls",
                f"http://127.0.0.1:{settings.ETCD_PEER_PORT}",
                "--initial-advertise-peer-urls",
                f"http://127.0.0.1:{settings.ETCD_PEER_PORT}",
                "--initial-cluster",
                f"testcluster=http://127.0.0.1:{settings.ETCD_PEER_PORT}",
                # A throwaway test cluster: durability is not worth the fsync latency.
                "--unsafe-no-fsync",
                "--log-level",
                "warn",
                "--quota-backend-bytes",
                str(1 << 30),
            ],
            f"http://127.0.0.1:{settings.ETCD_CLIENT_PORT}/health",
            nice=CONTROL_PLANE_NICE,
        ),
        Component(
            "kube-apiserver",
            [
                f"{b}/kube-apiserver",
                "--etcd-servers",
                f"http://127.0.0.1:{settings.ETCD_CLIENT_PORT}",
                "--bind-address",
                "0.0.0.0",
                "--secure-port",
                str(settings.APISERVER_PORT),
                "--advertise-address",
                node_ip,
                "--service-cluster-ip-range",
                settings.SERVICE_CIDR,
                "--client-ca-file",
                str(pki / "ca.crt"),
                "--tls-cert-file",
                str(pki / "apiserver.crt"),
                "--tls-private-key-file",
                str(pki / "apiserver.key"),
                "--kubelet-client-certificate",
                str(pki / "apiserver-kubelet-client.crt"),
                "--kubelet-client-key",
                str(pki / "apiserver-kubelet-client.key"),
                "--kubelet-certificate-authority",
                str(pki / "ca.crt"),
                "--kubelet-preferred-address-types",
                "InternalIP,Hostname",
                "--service-account-key-file",
                str(pki / "sa.pub"),
                "--service-account-signing-key-file",
                str(pki / "sa.key"),
                "--service-account-issuer",
                "https://kubernetes.default.svc.cluster.local",
                "--authorization-mode",
                "Node,RBAC",
                "--enable-admission-plugins",
                "NodeRestriction",
                "--allow-privileged=true",
                "--enable-priority-and-fairness=false",
                "--profiling=false",
                "--v=1",
            ],
            f"https://127.0.0.1:{settings.APISERVER_PORT}/readyz",
            nice=CONTROL_PLANE_NICE,
        ),
        Component(
            "kube-controller-manager",
            [
                f"{b}/kube-controller-manager",
                *_controller_flags(layout, "controller-manager"),
                "--use-service-account-credentials=true",
                "--service-account-private-key-file",
                str(pki / "sa.key"),
                "--root-ca-file",
                str(pki / "ca.crt"),
                "--cluster-signing-cert-file",
                str(pki / "ca.crt"),
                "--cluster-signing-key-file",
                str(pki / "ca.key"),
                "--service-cluster-ip-range",
                settings.SERVICE_CIDR,
                # Dynamic provisioning for the default StorageClass (kubernetes.io/host-path).
                "--enable-hostpath-provisioner=true",
                "--profiling=false",
                "--v=1",
            ],
            "https://127.0.0.1:10257/healthz",
            nice=CONTROL_PLANE_NICE,
        ),
        Component(
            "kube-scheduler",
            [
                f"{b}/kube-scheduler",
                *_controller_flags(layout, "scheduler"),
                "--profiling=false",
                "--v=1",
            ],
            "https://127.0.0.1:10259/healthz",
            nice=CONTROL_PLANE_NICE,
        ),
        Component(
            "kubelet",
            [
                f"{b}/kubelet",
                "--config",
                str(layout.conf("kubelet.json")),
                "--kubeconfig",
                str(layout.kubeconfig("kubelet")),
                "--root-dir",
                str(layout.kubelet_root),
                "--cert-dir",
                str(layout.run / "kubelet-pki"),
                "--hostname-override",
                settings.NODE_NAME,
                "--node-ip",
                node_ip,
                "--v=1",
            ],
            "http://127.0.0.1:10248/healthz",
        ),
        Component(
            "kube-proxy",
            [
                f"{b}/kube-proxy",
                "--config",
                str(layout.conf("kube-proxy.json")),
                "--v=1",
            ],
            "http://127.0.0.1:10256/healthz",
        ),
    ]
