"""Health of the cluster: per-component checks, node readiness, and polling waits.

Why separate from lifecycle: `status` must explain which part is unhealthy
and where its log is, and `up` must wait on exactly the same checks, so both
use these functions.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import processes, settings
from .api import Api, probe
from .cluster import LAYOUT, ClusterError, admin_api, current_components
from .components import Component


@dataclass
class Health:
    """Result of one component check, for `status` and for `up`'s waits."""

    name: str
    running: bool
    healthy: bool
    detail: str
    log: Path


def _containerd_ok() -> tuple[bool, str]:
    if not LAYOUT.containerd_socket.exists():
        return False, f"no socket at {LAYOUT.containerd_socket}"
    out = subprocess.run(
        ["ctr", "--address", str(LAYOUT.containerd_socket), "version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=10,
    )
    lines = (out.stdout + out.stderr).strip().splitlines()
    return out.returncode == 0, lines[-1] if lines else ""


def check(comp: Component) -> Health:
    """Is the component's process alive, and does its health endpoint say ok?"""
    logfile = LAYOUT.logs / f"{comp.name}.log"
    proc = processes.running(LAYOUT.pids, comp.name)
    if proc is None:
        return Health(comp.name, False, False, "not running", logfile)
    if comp.name == "containerd":
        ok, detail = _containerd_ok()
    else:
        ok, detail = probe(comp.health_url)
    return Health(comp.name, True, ok, detail, logfile)


def healthy_or_die(comp: Component) -> bool:
    """For `up`'s waits: a component that exited fails at once, with its log's tail."""
    h = check(comp)
    if not h.running:
        try:
            tail = h.log.read_text(errors="replace").splitlines()[-5:]
        except OSError:
            tail = []
        raise ClusterError(f"{comp.name} exited; log: {h.log}\n  " + "\n  ".join(tail))
    return h.healthy


def node_ready(api: Api) -> tuple[bool, str]:
    status, node = api.get(f"/api/v1/nodes/{settings.NODE_NAME}")
    if status != 200 or not isinstance(node, dict):
        return False, f"node {settings.NODE_NAME} not registered (HTTP {status})"
    for cond in node.get("status", {}).get("conditions", []):
        if cond.get("type") == "Ready":
            return cond.get(
                "status"
            ) == "True", f"Ready={cond.get('status')}: {cond.get('message', '')}"
    return False, "no Ready condition yet"


def default_sa_exists(api: Api) -> bool:
    status, _ = api.get("/api/v1/namespaces/default/serviceaccounts/default")
    return status == 200


def status_report() -> tuple[bool, list[str]]:
    """(all healthy, lines): one line per component plus node and ServiceAccount."""
    lines = []
    healthy = True
    for comp in current_components():
        h = check(comp)
        state = "ok" if h.healthy else ("UNHEALTHY" if h.running else "DOWN")
        healthy &= h.healthy
        line = f"{h.name:<24} {state:<9}"
        if not h.healthy:
            line += f" {h.detail} (log: {h.log})"
        lines.append(line)
    api = admin_api() if (LAYOUT.pki / "admin.crt").is_file() else None
    if api is not None:
        ok, detail = node_ready(api)
        healthy &= ok
        lines.append(
            f"{'node ' + settings.NODE_NAME:<24} {'ok' if ok else 'NOT READY':<9}"
            + ("" if ok else f" {detail} (log: {LAYOUT.logs / 'kubelet.log'})")
        )
    else:
        healthy = False
    lines.append(f"kubeconfig: {settings.KUBECONFIG}")
    return healthy, lines


def wait_for(
    what: str,
    cond: Callable[[], bool],
    timeout: float,
    log_hint: Path | None = None,
    interval: float = 0.1,
) -> None:
    """Poll cond until true; on timeout name what failed and where to look."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(interval)
    hint = f"; see {log_hint}" if log_hint else ""
    raise ClusterError(f"timed out after {timeout:.0f} s waiting for {what}{hint}")


def any_running() -> bool:
    """Is any component's recorded process alive?"""
    return any(processes.running(LAYOUT.pids, c.name) for c in current_components())
