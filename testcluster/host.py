"""Host-level state the cluster changes, and how `down` puts it back.

Why a snapshot: `down` must remove the bridge, iptables chains, mounts,
cgroups and sysctl changes of the cluster but nothing that was there before
it. `up` records the sysctls, iptables chains and network namespaces that
existed first, and `down` only touches what is new.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

from . import settings

#: sysctls the kubelet, kube-proxy or the CNI bridge plugin may change.
SYSCTLS = [
    "vm/overcommit_memory",
    "vm/panic_on_oom",
    "kernel/panic",
    "kernel/panic_on_oops",
    "kernel/keys/root_maxkeys",
    "kernel/keys/root_maxbytes",
    "net/ipv4/ip_forward",
    "net/ipv4/conf/all/route_localnet",
    "net/bridge/bridge-nf-call-iptables",
    "net/bridge/bridge-nf-call-ip6tables",
    "net/netfilter/nf_conntrack_max",
    "net/ipv4/conf/all/forwarding",
    "net/ipv6/conf/all/forwarding",
]
CHAIN_PREFIXES = ("KUBE-", "CNI-")
TABLES = ("filter", "nat", "mangle", "raw")
IPTABLES = ("iptables", "ip6tables")
CGROUP_ROOT = Path("/sys/fs/cgroup")
NETNS_DIR = Path("/run/netns")


def node_ip() -> str:
    """The address of the default-route interface: pods reach the API server there.

    Loopback would not do: the `kubernetes` Service is DNATed to this address
    and 127.0.0.1 inside a pod is the pod itself.
    """
    out = subprocess.run(
        ["ip", "-4", "-j", "route", "get", "192.0.2.123"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return str(json.loads(out.stdout)[0]["prefsrc"])
    except (ValueError, IndexError, KeyError):
        pass
    out = subprocess.run(["ip", "-4", "-j", "addr"], capture_output=True, text=True, check=False)
    for link in json.loads(out.stdout or "[]"):
        for addr in link.get("addr_info", []):
            if not addr["local"].startswith("127."):
                return str(addr["local"])
    raise RuntimeError("no non-loopback IPv4 address on this machine for the node")


def read_sysctls() -> dict[str, str]:
    values = {}
    for key in SYSCTLS:
        try:
            values[key] = (Path("/proc/sys") / key).read_text().strip()
        except OSError:
            continue
    return values


def iptables_chains() -> dict[str, list[str]]:
    """'iptables/nat' -> chain names with our prefixes."""
    found: dict[str, list[str]] = {}
    for tool in IPTABLES:
        for table in TABLES:
            rules = _rules(tool, table)
            found[f"{tool}/{table}"] = sorted(
                line.split()[1]
                for line in rules
                if line.startswith("-N ") and line.split()[1].startswith(CHAIN_PREFIXES)
            )
    return found


def _rules(tool: str, table: str) -> list[str]:
    out = subprocess.run(
        [tool, "-w", "-t", table, "-S"], capture_output=True, text=True, check=False
    )
    return out.stdout.splitlines() if out.returncode == 0 else []


def netns_names() -> list[str]:
    return sorted(p.name for p in NETNS_DIR.glob("cni-*")) if NETNS_DIR.is_dir() else []


def snapshot(path: Path) -> None:
    """Record the host state before the first `up` (kept until `down`)."""
    if path.is_file():
        return
    state = {"sysctls": read_sysctls(), "chains": iptables_chains(), "netns": netns_names()}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=2))


def load_snapshot(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def restore_sysctls(before: dict[str, str]) -> list[str]:
    """Write back each sysctl that changed; return the ones restored."""
    changed = []
    for key, value in before.items():
        path = Path("/proc/sys") / key
        try:
            if path.read_text().strip() != value:
                path.write_text(value + "\n")
                changed.append(key)
        except OSError:
            continue
    return changed


def remove_chains(keep: dict[str, list[str]]) -> list[str]:
    """Delete KUBE-/CNI- chains that were not there before, and the rules jumping to them."""
    removed = []
    for tool in IPTABLES:
        for table in TABLES:
            keep_set = set(keep.get(f"{tool}/{table}", []))
            rules = _rules(tool, table)
            ours = {
                line.split()[1]
                for line in rules
                if line.startswith("-N ") and line.split()[1].startswith(CHAIN_PREFIXES)
            } - keep_set
            if not ours:
                continue
            for line in rules:
                if not line.startswith("-A "):
                    continue
                args = shlex.split(line)
                chain = args[1]
                target = args[args.index("-j") + 1] if "-j" in args else ""
                if chain not in ours and target in ours:
                    subprocess.run(
                        [tool, "-w", "-t", table, "-D", *args[1:]], capture_output=True, check=False
                    )
            for chain in ours:
                subprocess.run(
                    [tool, "-w", "-t", table, "-F", chain], capture_output=True, check=False
                )
            for chain in ours:
                subprocess.run(
                    [tool, "-w", "-t", table, "-X", chain], capture_output=True, check=False
                )
                removed.append(f"{tool}/{table}/{chain}")
    return removed


def make_shared_mount(path: Path) -> None:
    """The kubelet root must be a shared mount point ('/' is not one here)."""
    path.mkdir(parents=True, exist_ok=True)
    if not is_mountpoint(path):
        subprocess.run(["mount", "--bind", str(path), str(path)], check=True)
    subprocess.run(["mount", "--make-rshared", str(path)], check=True)


def mounts_under(*roots: Path) -> list[Path]:
    """Mount points at or below any of roots, deepest first."""
    found = []
    prefixes = [str(r).rstrip("/") for r in roots]
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        point = line.split()[4].replace("\\040", " ")
        if any(point == p or point.startswith(p + "/") for p in prefixes):
            found.append(Path(point))
    return sorted(set(found), key=lambda p: len(p.parts), reverse=True)


def is_mountpoint(path: Path) -> bool:
    return path in mounts_under(path)


def unmount_all(*roots: Path) -> list[Path]:
    """Unmount everything below roots (repeated: stacked mounts need several passes)."""
    done: list[Path] = []
    for _ in range(5):
        points = mounts_under(*roots)
        if not points:
            break
        for point in points:
            if (
                subprocess.run(["umount", str(point)], capture_output=True, check=False).returncode
                != 0
            ):
                subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)
            done.append(point)
    return done


def remove_netns(keep: list[str]) -> list[str]:
    """Unmount and delete CNI network namespaces created while the cluster ran."""
    removed = []
    for name in netns_names():
        if name in keep:
            continue
        path = NETNS_DIR / name
        subprocess.run(["umount", str(path)], capture_output=True, check=False)
        try:
            path.unlink()
            removed.append(name)
        except OSError:
            pass
    return removed


def remove_bridge() -> bool:
    if not Path(f"/sys/class/net/{settings.BRIDGE_NAME}").exists():
        return False
    subprocess.run(["ip", "link", "delete", settings.BRIDGE_NAME], capture_output=True, check=False)
    return True


def cgroup_dirs() -> list[Path]:
    """The kubelet's cgroups ('kubepods' in each v1 hierarchy), deepest first."""
    found: list[Path] = []
    if not CGROUP_ROOT.is_dir():
        return found
    for hierarchy in CGROUP_ROOT.iterdir():
        top = hierarchy / "kubepods"
        if top.is_dir():
            found.extend(Path(p) for p, _, _ in os.walk(top))
    return sorted(found, key=lambda p: len(p.parts), reverse=True)


def remove_cgroups() -> list[Path]:
    removed = []
    for path in cgroup_dirs():
        try:
            os.rmdir(path)
            removed.append(path)
        except OSError:
            pass
    return removed
