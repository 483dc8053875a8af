"""`up` and `down`: bring the cluster up, take it down and undo its host changes.

Why polling and no sleeps: every step waits on the thing it needs (a health
endpoint, the node's Ready condition, the default ServiceAccount), so a warm
`up` is as fast as the components themselves and a slow machine only waits
longer instead of failing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import build, config, deps, health, host, images, pki, processes, releases, settings
from .cluster import (
    LAYOUT,
    NODE_IP_FILE,
    SNAPSHOT,
    ClusterError,
    admin_api,
    adopt_running_release,
    log,
    require_root_linux,
    running_release,
)
from .components import components
from .health import (
    any_running,
    default_sa_exists,
    healthy_or_die,
    node_ready,
    wait_for,
)
from .releases import Release

__all__ = ["LAYOUT", "ClusterError", "down", "env_lines", "status_report", "up"]

#: Stopped first (they would restart pods or fight the teardown), then the rest.
FIRST_TO_STOP = ["kubelet", "kube-controller-manager", "kube-scheduler", "kube-proxy"]


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """One `up`/`down` at a time: parallel pytest workers may all call `up`."""
    import fcntl  # Linux only; imported here so other systems get require_root_linux's error

    LAYOUT.run.mkdir(parents=True, exist_ok=True)
    with (LAYOUT.run / ".lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


class Stopwatch:
    """Per-step durations, printed with the total so slow steps are visible."""

    def __init__(self) -> None:
        self.started = self.last = time.monotonic()
        self.steps: list[str] = []

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.steps.append(f"{name} {now - self.last:.1f}")
        self.last = now

    def summary(self) -> str:
        return f"{time.monotonic() - self.started:.1f} s ({', '.join(self.steps)})"


STORAGE_CLASS: dict[str, Any] = {
    "apiVersion": "storage.k8s.io/v1",
    "kind": "StorageClass",
    "metadata": {
        "name": "standard",
        "annotations": {"storageclass.kubernetes.io/is-default-class": "true"},
    },
    "provisioner": "kubernetes.io/host-path",
    "reclaimPolicy": "Delete",
    "volumeBindingMode": "Immediate",
}


def up(release: Release | None = None) -> Path:
    """Bring the cluster up with a release (default: the one settings selected) and
    return the kubeconfig path; a no-op if that release already runs healthy, and a
    cluster of another release is taken down first."""
    require_root_linux()
    with _locked():
        return _up(release or settings.RELEASE)


def down() -> None:
    """Stop everything `up` started and undo its changes to the host."""
    require_root_linux()
    with _locked():
        adopt_running_release()
        _down()


def status_report() -> tuple[bool, list[str]]:
    """`status` of the running cluster, with its release's binaries and a line naming it."""
    release = adopt_running_release()
    healthy, lines = health.status_report()
    return healthy, [*lines, f"release: Kubernetes {release.kubernetes}, etcd {release.etcd}"]


def _up(target: Release) -> Path:
    running = running_release()
    if running is not None and not running.same_build(target):
        log(
            f"the cluster runs Kubernetes {running.kubernetes} (etcd {running.etcd}); taking it "
            f"down before bringing up {target.kubernetes} (etcd {target.etcd})"
        )
        settings.use(running)
        _down()
    settings.use(target)
    settings.warn_if_unsupported(target)
    if any_running():
        healthy, lines = health.status_report()
        if healthy:
            # A changed image recipe (say, the MySQL stand-in's entrypoint) must
            # reach a cluster that is already running, or pages written for the
            # new image fail until someone restarts it; unchanged images cost
            # one `ctr images ls`.
            images.import_missing(LAYOUT.containerd_socket)
            if not settings.RELEASE_RECORD.is_file():  # started before releases were recorded
                settings.RELEASE_RECORD.write_text(releases.to_record(target))
            log(f"cluster already up (Kubernetes {target.kubernetes}, etcd {target.etcd})")
            return settings.KUBECONFIG
        log("cluster partly running; restarting it:\n  " + "\n  ".join(lines))
        _down()
    elif SNAPSHOT.is_file():
        log("a previous cluster was not taken down; cleaning up after it first")
        _down()
    deps.ensure_packages()
    build.build()
    images.ensure_built()

    watch = Stopwatch()
    LAYOUT.run.mkdir(parents=True, exist_ok=True)
    host.snapshot(SNAPSHOT)
    # Before any process starts, so `down` after a crash still uses these binaries.
    settings.RELEASE_RECORD.write_text(releases.to_record(target))
    node_ip = host.node_ip()
    NODE_IP_FILE.write_text(node_ip + "\n")
    pki.ensure_pki(LAYOUT.pki, node_ip)
    config.write_all(LAYOUT)
    host.make_shared_mount(LAYOUT.kubelet_root)
    LAYOUT.containerd_state.mkdir(parents=True, exist_ok=True)
    watch.lap("pki+config")

    comps = {c.name: c for c in components(LAYOUT, settings.BIN_DIR, node_ip)}
    env = dict(os.environ, PATH=f"/usr/sbin:/usr/bin:/sbin:/bin:{settings.BIN_DIR}")

    def start(name: str) -> None:
        comp = comps[name]
        processes.start(name, comp.argv, LAYOUT.logs / f"{name}.log", LAYOUT.pids, env, comp.nice)

    # containerd and etcd first; the API server right after (it retries etcd).
    for name in ("containerd", "etcd", "kube-apiserver"):
        start(name)
    wait_for(
        "containerd",
        lambda: healthy_or_die(comps["containerd"]),
        30,
        LAYOUT.logs / "containerd.log",
        0.05,
    )
    # Etcd starts empty, so any sandbox containerd still knows (a crash, a
    # killed session) is stale: remove it through the CRI before the kubelet runs.
    _remove_sandboxes()
    watch.lap("containerd")
    images.import_missing(LAYOUT.containerd_socket)
    watch.lap("images")
    # kubelet and kube-proxy retry until the API server answers; start them now.
    for name in ("kubelet", "kube-proxy"):
        start(name)
    api = admin_api()
    wait_for("etcd", lambda: healthy_or_die(comps["etcd"]), 30, LAYOUT.logs / "etcd.log")
    wait_for(
        "kube-apiserver /readyz",
        lambda: healthy_or_die(comps["kube-apiserver"]),
        90,
        LAYOUT.logs / "kube-apiserver.log",
    )
    watch.lap("apiserver")
    # These exit if RBAC is not bootstrapped yet, so they wait for /readyz.
    for name in ("kube-controller-manager", "kube-scheduler"):
        start(name)
    if api.create("/apis/storage.k8s.io/v1/storageclasses", STORAGE_CLASS) != 201:
        raise ClusterError("could not create the default StorageClass")
    for name in ("kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy"):
        wait_for(
            name,
            lambda n=name: healthy_or_die(comps[n]),  # type: ignore[misc]
            60,
            LAYOUT.logs / f"{name}.log",
        )
    watch.lap("components")
    wait_for(
        f"node {settings.NODE_NAME} Ready",
        lambda: node_ready(api)[0],
        60,
        LAYOUT.logs / "kubelet.log",
    )
    watch.lap("node")
    wait_for(
        "the default ServiceAccount",
        lambda: default_sa_exists(api),
        60,
        LAYOUT.logs / "kube-controller-manager.log",
    )
    watch.lap("serviceaccount")
    log(
        f"cluster up in {watch.summary()}; Kubernetes {target.kubernetes}, etcd {target.etcd}; "
        f"kubeconfig: {settings.KUBECONFIG}"
    )
    return settings.KUBECONFIG


def _remove_sandboxes() -> None:
    """Stop and remove every pod sandbox through the CRI, so containerd runs CNI DEL."""
    tc_cri = settings.BIN_DIR / "tc-cri"
    if not tc_cri.is_file():
        return
    out = subprocess.run(
        [str(tc_cri), "rmp-all", f"unix://{LAYOUT.containerd_socket}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=90,
    )
    if out.returncode != 0:
        log(f"removing pod sandboxes: {out.stderr.strip()}")


def _down() -> None:
    watch = Stopwatch()
    processes.stop(LAYOUT.pids, FIRST_TO_STOP, timeout=5)
    watch.lap("kubelet+controllers")
    if processes.running(LAYOUT.pids, "containerd"):
        _remove_sandboxes()
    watch.lap("sandboxes")
    # The API server before etcd: with etcd gone it hangs in its shutdown
    # (it removes its own endpoint lease); etcd in turn waits for its clients.
    # It usually exits in about a second but now and then lingers after open
    # exec streams; all its state is deleted below, so 2 s is enough grace.
    processes.stop(LAYOUT.pids, ["kube-apiserver", "containerd"], timeout=2)
    processes.stop(LAYOUT.pids, ["etcd"], timeout=5)
    # Shims re-parent themselves to init; find them by our containerd's unique path.
    shims = [
        processes.Proc("shim", pid, t)
        for pid in processes.pids_with_cmdline(str(LAYOUT.containerd_state))
        if (t := processes.start_ticks(pid)) is not None
    ]
    processes.stop_many(shims, timeout=3)
    watch.lap("rest")

    snap = host.load_snapshot(SNAPSHOT)
    proxy = settings.BIN_DIR / "kube-proxy"
    if proxy.is_file():
        subprocess.run([str(proxy), "--cleanup"], capture_output=True, check=False, timeout=30)
    chains = snap.get("chains", {})
    host.remove_chains(chains if isinstance(chains, dict) else {})
    watch.lap("iptables")
    netns = snap.get("netns", [])
    host.remove_netns(netns if isinstance(netns, list) else [])
    host.unmount_all(LAYOUT.kubelet_root, LAYOUT.containerd_state, LAYOUT.containerd_root)
    host.remove_bridge()
    host.remove_cgroups()
    sysctls = snap.get("sysctls", {})
    host.restore_sysctls(sysctls if isinstance(sysctls, dict) else {})
    watch.lap("mounts+net+cgroups")
    # Cluster state goes; PKI, configs, logs and containerd's images stay for the next up.
    left = host.mounts_under(LAYOUT.kubelet_root, LAYOUT.containerd_state)
    if left:
        # Never delete through a mount point that would not go away.
        raise ClusterError(f"mounts left behind, not deleting state: {left}")
    for path in (
        LAYOUT.etcd_data,
        LAYOUT.kubelet_root,
        LAYOUT.run / "kubelet-pki",
        LAYOUT.pod_logs,
        LAYOUT.cni_ipam_dir,
        LAYOUT.containerd_state.parent,
        LAYOUT.hostpath_pv_dir,
    ):
        shutil.rmtree(path, ignore_errors=True)
    SNAPSHOT.unlink(missing_ok=True)
    settings.RELEASE_RECORD.unlink(missing_ok=True)
    watch.lap("files")
    log(f"cluster down in {watch.summary()}")


WEBSOCKETS_VAR = "KUBECTL_REMOTE_COMMAND_WEBSOCKETS"


def kubectl_env(release: Release) -> dict[str, str]:
    """Environment kubectl needs for a release.

    kubectl 1.30+ execs over WebSocket, and client-go 1.33 starts reading the
    connection before it registers its stdout stream: on a fast local API
    server a busy machine sometimes gets "E... websocket.go:297] Unknown
    stream id 1, discarding message" on stderr (about 1 exec in 25 under load,
    and the discarded message could be output). SPDY, kubectl's fallback
    transport, has no such race; output is the same. client-go 1.34 starts
    its reader only once every stream exists (tools/remotecommand/websocket.go,
    `readyChan`), so releases from 1.34 on keep the WebSocket readers get.
    """
    return {WEBSOCKETS_VAR: "false"} if release.exec_over_spdy else {}


#: For the selected release (tests/cluster_fixture.py spreads it into kubectl's environment).
KUBECTL_ENV = kubectl_env(settings.RELEASE)


def env_lines() -> list[str]:
    """Shell lines that point kubectl (the running release's, first on PATH) at the cluster."""
    release = adopt_running_release()
    extra = kubectl_env(release)
    return [
        f"export KUBECONFIG={settings.KUBECONFIG}",
        f"export PATH={settings.BIN_DIR}:$PATH",
        *(f"export {key}={value}" for key, value in extra.items()),
        *([] if WEBSOCKETS_VAR in extra else [f"unset {WEBSOCKETS_VAR}"]),
    ]
