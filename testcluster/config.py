"""Configuration files of every component, written into the run directory.

Why JSON for kubeconfigs and component configs: Kubernetes reads YAML, and
JSON is YAML, so the standard library is enough. The settings here encode
the facts measured on the project's machines: containerd 1.6 needs
`restrict_oom_score_adj` (root lacks CAP_SYS_RESOURCE), kubelet and
kube-proxy need `oomScoreAdj: 0`, cgroup v1 means the cgroupfs driver, the
sandbox image must escape image GC, and the host resolver is not reachable
from pods.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .deps import CNI_BIN_DIR


@dataclass(frozen=True)
class Layout:
    """Where each file of one cluster lives, derived from the run directory."""

    run: Path

    @property
    def pki(self) -> Path:
        return self.run / "pki"

    @property
    def logs(self) -> Path:
        return self.run / "logs"

    @property
    def pids(self) -> Path:
        return self.run / "pids"

    @property
    def etcd_data(self) -> Path:
        return self.run / "etcd"

    @property
    def kubelet_root(self) -> Path:
        return self.run / "kubelet"

    @property
    def pod_logs(self) -> Path:
        return self.run / "pod-logs"

    @property
    def containerd_root(self) -> Path:
        # Kept across down/up: it holds the imported images.
        return self.run / "containerd"

    @property
    def containerd_state(self) -> Path:
        return Path("/run/snippets-testcluster/containerd")

    @property
    def containerd_socket(self) -> Path:
        return self.containerd_state / "containerd.sock"

    @property
    def cni_conf_dir(self) -> Path:
        return self.run / "cni" / "net.d"

    @property
    def cni_ipam_dir(self) -> Path:
        return Path("/run/snippets-testcluster/cni-ipam")

    @property
    def hostpath_pv_dir(self) -> Path:
        # Fixed by the kube-controller-manager's hostPath provisioner.
        return Path("/tmp/hostpath_pv")

    def kubeconfig(self, user: str) -> Path:
        return self.run / f"{user}.kubeconfig"

    def conf(self, name: str) -> Path:
        return self.run / "conf" / name


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(mode)


def write_kubeconfig(layout: Layout, user: str, cert: str, server: str) -> Path:
    """A kubeconfig for one identity, pointing at certificate files in the PKI."""
    pki = layout.pki
    doc = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {
                "name": "testcluster",
                "cluster": {"server": server, "certificate-authority": str(pki / "ca.crt")},
            }
        ],
        "users": [
            {
                "name": user,
                "user": {
                    "client-certificate": str(pki / f"{cert}.crt"),
                    "client-key": str(pki / f"{cert}.key"),
                },
            }
        ],
        "contexts": [{"name": "testcluster", "context": {"cluster": "testcluster", "user": user}}],
        "current-context": "testcluster",
    }
    path = layout.kubeconfig(user)
    _write(path, json.dumps(doc, indent=2) + "\n", 0o600)
    return path


def containerd_toml(layout: Layout) -> str:
    """containerd 1.6 config, isolated from any system containerd by its own paths."""
    cri = 'plugins."io.containerd.grpc.v1.cri"'
    return f"""version = 2
root = "{layout.containerd_root}"
state = "{layout.containerd_state}"
oom_score = 0
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]

[grpc]
  address = "{layout.containerd_socket}"

[ttrpc]
  address = "{layout.containerd_state}/containerd.sock.ttrpc"

[{cri}]
  sandbox_image = "{settings.PAUSE_IMAGE}"
  restrict_oom_score_adj = true
  enable_selinux = false
  [{cri}.containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [{cri}.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [{cri}.containerd.runtimes.runc.options]
        SystemdCgroup = false
        BinaryName = "/usr/sbin/runc"
  [{cri}.cni]
    bin_dir = "{CNI_BIN_DIR}"
    conf_dir = "{layout.cni_conf_dir}"
"""


def cni_conflist(layout: Layout) -> str:
    """bridge + host-local + portmap (loopback is added by containerd itself)."""
    doc = {
        "cniVersion": "1.0.0",
        "name": settings.CNI_NETWORK_NAME,
        "plugins": [
            {
                "type": "bridge",
                "bridge": settings.BRIDGE_NAME,
                "isGateway": True,
                "ipMasq": True,
                "hairpinMode": True,
                "ipam": {
                    "type": "host-local",
                    "ranges": [[{"subnet": settings.POD_CIDR}]],
                    "routes": [{"dst": "0.0.0.0/0"}],
                    "dataDir": str(layout.cni_ipam_dir),
                },
            },
            {"type": "portmap", "capabilities": {"portMappings": True}},
        ],
    }
    return json.dumps(doc, indent=2) + "\n"


def kubelet_config(layout: Layout) -> str:
    pki = layout.pki
    doc = {
        "apiVersion": "kubelet.config.k8s.io/v1beta1",
        "kind": "KubeletConfiguration",
        "authentication": {
            "anonymous": {"enabled": False},
            "webhook": {"enabled": True},
            "x509": {"clientCAFile": str(pki / "ca.crt")},
        },
        "authorization": {"mode": "Webhook"},
        "cgroupDriver": "cgroupfs",
        "containerRuntimeEndpoint": f"unix://{layout.containerd_socket}",
        "failSwapOn": False,
        "failCgroupV1": False,
        "oomScoreAdj": 0,
        "resolvConf": str(layout.conf("resolv.conf")),
        # Not /var/log/pods: everything of the cluster stays in its run directory.
        "podLogsDir": str(layout.pod_logs),
        "clusterDomain": "cluster.local",
        # containerd 1.6 does not pin the sandbox image; never collect images.
        "imageGCHighThresholdPercent": 100,
        "imageGCLowThresholdPercent": 99,
        "evictionHard": {
            "memory.available": "100Mi",
            "nodefs.available": "1%",
            "imagefs.available": "1%",
            "nodefs.inodesFree": "1%",
        },
        "tlsCertFile": str(pki / "kubelet.crt"),
        "tlsPrivateKeyFile": str(pki / "kubelet.key"),
        "healthzBindAddress": "127.0.0.1",
        "healthzPort": 10248,
        "readOnlyPort": 0,
        "serializeImagePulls": False,
        "protectKernelDefaults": False,
        "nodeStatusUpdateFrequency": "5s",
        "syncFrequency": "10s",
        "fileCheckFrequency": "20s",
        "runtimeRequestTimeout": "2m",
        "localStorageCapacityIsolation": True,
        "cgroupsPerQOS": True,
        "enforceNodeAllocatable": ["pods"],
    }
    return json.dumps(doc, indent=2) + "\n"


def kube_proxy_config(layout: Layout) -> str:
    """iptables mode; conntrack and route_localnet sysctls left alone so `down` has less to undo."""
    doc = {
        "apiVersion": "kubeproxy.config.k8s.io/v1alpha1",
        "kind": "KubeProxyConfiguration",
        "clientConnection": {"kubeconfig": str(layout.kubeconfig("kube-proxy"))},
        "mode": "iptables",
        "oomScoreAdj": 0,
        "hostnameOverride": settings.NODE_NAME,
        "clusterCIDR": settings.POD_CIDR,
        "bindAddress": "127.0.0.1",
        "healthzBindAddress": "127.0.0.1:10256",
        "metricsBindAddress": "127.0.0.1:10249",
        "conntrack": {
            "maxPerCore": 0,
            "min": 0,
            "tcpEstablishedTimeout": "0s",
            "tcpCloseWaitTimeout": "0s",
        },
        "iptables": {"localhostNodePorts": False, "syncPeriod": "30s", "minSyncPeriod": "1s"},
    }
    return json.dumps(doc, indent=2) + "\n"


def write_all(layout: Layout) -> None:
    """Write every config file for one `up` (cheap, so always rewritten)."""
    server = f"https://127.0.0.1:{settings.APISERVER_PORT}"
    write_kubeconfig(layout, "admin", "admin", server)
    write_kubeconfig(layout, "controller-manager", "controller-manager", server)
    write_kubeconfig(layout, "scheduler", "scheduler", server)
    write_kubeconfig(layout, "kube-proxy", "kube-proxy", server)
    write_kubeconfig(layout, "kubelet", "kubelet-client", server)
    _write(layout.conf("containerd.toml"), containerd_toml(layout))
    _write(layout.conf("kubelet.json"), kubelet_config(layout))
    _write(layout.conf("kube-proxy.json"), kube_proxy_config(layout))
    # The machine's resolver is unreachable from pods and the lesson needs no DNS.
    _write(layout.conf("resolv.conf"), "nameserver 127.0.0.1\noptions ndots:1\n")
    _write(layout.cni_conf_dir / "10-testcluster.conflist", cni_conflist(layout))
