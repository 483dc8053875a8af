"""The one cluster of this machine: where its files are, its components, its errors.

Why a module of its own: `lifecycle` (up/down) and `health` (status and
waits) both need the same layout and component list, and neither should
import the other.
"""

from __future__ import annotations

import os
import platform
import re
import sys
from pathlib import Path

from . import config, host, processes, releases, settings
from .api import Api
from .components import Component, components
from .releases import Release

LAYOUT = config.Layout(settings.RUN_DIR)
SNAPSHOT = LAYOUT.run / "host-before.json"
NODE_IP_FILE = LAYOUT.run / "node-ip"


class ClusterError(RuntimeError):
    """A failure with a message meant for the person running the CLI."""


def log(message: str) -> None:
    """Progress goes to stderr: stdout carries only what scripts consume."""
    print(f"testcluster: {message}", file=sys.stderr, flush=True)


def require_root_linux() -> None:
    """The node runs containers, mounts and iptables: that takes Linux and root."""
    if platform.system() != "Linux":
        raise ClusterError(
            f"the test cluster needs Linux (this is {platform.system()}): "
            "it runs a kubelet, containerd and iptables on the host"
        )
    if os.geteuid() != 0:
        raise ClusterError(
            "the test cluster needs root (run with sudo or as root): it "
            "mounts, creates network bridges and iptables chains, and runs "
            "containerd"
        )


def node_ip() -> str:
    """The node address `up` recorded (the live one before the first `up`)."""
    if NODE_IP_FILE.is_file():
        return NODE_IP_FILE.read_text().strip()
    return host.node_ip()


def running_release() -> Release | None:
    """The release of this machine's cluster: the one `up` recorded, or for a cluster
    started before releases were recorded, the one its binaries' cache directory names."""
    recorded = settings.recorded_release()
    if recorded is not None:
        return recorded
    for name in ("kube-apiserver", "kubelet", "etcd", "kube-proxy"):
        proc = processes.running(LAYOUT.pids, name)
        if proc is None:
            continue
        try:
            exe = str(Path(f"/proc/{proc.pid}/exe").readlink())
        except OSError:
            continue
        match = re.search(r"/k8s-(v[^/]+)-etcd-(v[^/]+)/bin/", exe)
        if match:
            return releases.for_build(match.group(1), match.group(2))
    return None


def adopt_running_release() -> Release:
    """Point settings at the running cluster's release (if any) and return the one in use."""
    running = running_release()
    if running is not None:
        settings.use(running)
    return settings.RELEASE


def current_components() -> list[Component]:
    """The component table for this machine's cluster."""
    return components(LAYOUT, settings.BIN_DIR, node_ip())


def admin_api() -> Api:
    """An API client with the cluster-admin certificate."""
    return Api(f"https://127.0.0.1:{settings.APISERVER_PORT}", LAYOUT.pki)
