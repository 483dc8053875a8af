"""`python -m testcluster versions [--check [--write-table]]`: gather release_check's inputs.

Why apart from release_check: this is the only part that asks the world
(the Go module proxy through `go list` and `go mod download`, the host's
containerd, cgroup hierarchy and Go). Deciding is release_check's job, on
whatever this gathers, so the decisions are tested offline.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from . import build, release_check, releases, settings
from .release_check import HostFacts, UpstreamFacts

MODULE = "k8s.io/kubernetes"
RELEASES_FILE = Path(releases.__file__)
README = Path(__file__).resolve().parent / "README.md"
CGROUP2_MARKER = Path("/sys/fs/cgroup/cgroup.controllers")


class VersionsError(RuntimeError):
    """The proxy or the toolchain could not answer."""


def _go(*args: str, timeout: float = 600) -> str:
    if not settings.GO_BIN.is_file():
        raise VersionsError(f"no Go toolchain at {settings.GO_BIN} (set TESTCLUSTER_GO)")
    with tempfile.TemporaryDirectory(prefix="tc-versions-") as tmp:
        out = subprocess.run(
            [str(settings.GO_BIN), *args],
            cwd=tmp,
            env=build._go_env(),
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    if out.returncode != 0:
        raise VersionsError(f"go {' '.join(args)} failed: {(out.stderr + out.stdout).strip()}")
    return out.stdout


def served_versions() -> list[str]:
    """Every version of k8s.io/kubernetes the Go module proxy lists."""
    return _go("list", "-m", "-versions", MODULE).split()[1:]


def upstream_facts(version: str) -> UpstreamFacts:
    """Download one version's source (no build) and read its etcd, Go and tag date."""
    data = json.loads(_go("mod", "download", "-json", f"{MODULE}@{version}"))
    if data.get("Error"):
        raise VersionsError(f"go mod download {MODULE}@{version}: {data['Error']}")
    source = Path(data["Dir"])
    return release_check.parse_upstream(
        (source / "build" / "dependencies.yaml").read_text(),
        (source / "go.mod").read_text(),
        Path(data["Info"]).read_text() if data.get("Info") else "",
    )


def host_facts() -> HostFacts:
    """This machine's Go, containerd (or what apt would install) and cgroup version."""
    containerd: str | None = None
    installed = False
    if shutil.which("containerd"):
        out = subprocess.run(
            ["containerd", "--version"], capture_output=True, text=True, check=False
        )
        containerd = release_check.parse_containerd_version(out.stdout)
        installed = containerd is not None
    if containerd is None and shutil.which("apt-cache"):
        out = subprocess.run(
            ["apt-cache", "policy", "containerd"], capture_output=True, text=True, check=False
        )
        containerd = release_check.parse_apt_candidate(out.stdout)
    return HostFacts(
        go=build.go_version(),
        containerd=containerd,
        containerd_installed=installed,
        cgroup=2 if CGROUP2_MARKER.exists() else 1,
    )


def run(check: bool, write_table: bool, today: date | None = None) -> int:
    """Print the table; with check, what should change (exit status 1 if anything)."""
    today = today or releases.today()
    table = releases.TABLE
    print("\n".join(release_check.format_table(table, today)))
    if not check:
        return 0
    served = served_versions()
    host = host_facts()
    facts: dict[str, UpstreamFacts] = {}
    for version in release_check.versions_to_describe(table, served, today):
        try:
            facts[version] = upstream_facts(version)
        except (VersionsError, OSError, ValueError) as err:
            print(f"testcluster: cannot read the source of {version}: {err}")
    findings = release_check.check(table, served, today, host, facts)
    print()
    print("\n".join(release_check.format_findings(findings, host, today)))
    if write_table:
        try:
            new = release_check.bump(table, served, today, facts)
        except ValueError as err:
            print(f"testcluster: cannot rewrite the table: {err}")
            return 1
        if new != table:
            RELEASES_FILE.write_text(release_check.rewrite_source(RELEASES_FILE.read_text(), new))
            README.write_text(release_check.rewrite_readme(README.read_text(), new))
            print(f"wrote {RELEASES_FILE} and {README}")
        else:
            print("nothing to write")
    return 1 if any(f.actionable for f in findings) else 0
