"""Install the node runtime from Debian's packages when it is missing.

Why apt and not downloads: the only reachable sources are package
registries, and Debian ships a containerd/runc/CNI set measured to run pods
here. `apt-get update` runs only when an install is actually needed, since
it is slow and a warm machine should not touch the network at all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

#: Debian package -> a file whose presence proves it is installed.
PACKAGES: dict[str, str] = {
    "containerd": "/usr/bin/containerd",
    "runc": "/usr/sbin/runc",
    "containernetworking-plugins": "/usr/lib/cni/bridge",
    "iptables": "/usr/sbin/iptables",
    "conntrack": "/usr/sbin/conntrack",
    "openssl": "/usr/bin/openssl",
    "debootstrap": "/usr/sbin/debootstrap",
    "gcc": "/usr/bin/gcc",
    "libc6-dev": "/usr/lib/x86_64-linux-gnu/libc.a",
    "mount": "/usr/bin/mount",
    "iproute2": "/usr/sbin/ip",
    "procps": "/usr/bin/pgrep",
}

#: Where the CNI plugins live on Debian; the kubelet/containerd get this path.
CNI_BIN_DIR = Path("/usr/lib/cni")


def missing_packages() -> list[str]:
    """Packages whose marker file is absent (cheap check, no dpkg query)."""
    return [pkg for pkg, marker in PACKAGES.items() if not Path(marker).exists()]


def ensure_packages() -> None:
    """apt-get install what is missing; update the lists only if the install needs it."""
    missing = missing_packages()
    if not missing:
        return
    if shutil.which("apt-get") is None:
        raise RuntimeError(f"missing packages {missing} and no apt-get to install them")
    print(f"testcluster: installing {' '.join(missing)}", file=sys.stderr, flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    cmd = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing]
    if subprocess.run(cmd, env=env, check=False, stdout=sys.stderr).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, check=True, stdout=sys.stderr)
        subprocess.run(cmd, env=env, check=True, stdout=sys.stderr)
    still = missing_packages()
    if still:
        raise RuntimeError(f"packages still missing after apt-get install: {still}")
