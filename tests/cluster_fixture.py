"""Session-scoped pytest fixture `k8s_cluster`: a real local Kubernetes for tests.

Why reuse: bringing the cluster up costs seconds (and a cold build costs
many minutes), so a running healthy cluster (e.g. started by .ci/run) is
reused as is, and one the fixture starts is left running for the next
session. `python3 -m testcluster down` tears it down.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Cluster:
    """What a test needs to talk to the cluster with our kubectl 1.33."""

    kubeconfig: Path
    bin_dir: Path

    @property
    def env(self) -> dict[str, str]:
        """Environment with our kubectl first on PATH and KUBECONFIG set."""
        from testcluster.lifecycle import KUBECTL_ENV

        return dict(
            os.environ,
            KUBECONFIG=str(self.kubeconfig),
            PATH=f"{self.bin_dir}:{os.environ.get('PATH', '')}",
            **KUBECTL_ENV,
        )

    def kubectl(
        self, *args: str, check: bool = True, timeout: float = 120, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run our kubectl against the cluster; output captured as text."""
        proc = subprocess.run(
            [str(self.bin_dir / "kubectl"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            input=input,
            check=False,
        )
        if check and proc.returncode != 0:
            raise AssertionError(
                f"kubectl {' '.join(args)} failed ({proc.returncode}):\n"
                f"{proc.stdout}\n{proc.stderr}"
            )
        return proc


def cluster_skip_reason() -> str | None:
    """Why the real cluster cannot run here, or None if it can."""
    if platform.system() != "Linux":
        return f"the test cluster needs Linux (this is {platform.system()})"
    if os.geteuid() != 0:
        return "the test cluster needs root (containerd, mounts, iptables)"
    return None


def run_cli(*args: str, timeout: float = 3600) -> subprocess.CompletedProcess[str]:
    """Run the CLI the way CI does: a separate `python -m testcluster` process.

    The cluster it brings up is meant to outlive the session (and is reused by
    the next): its processes do not carry the marker of processes tests start.
    """
    from leftovers import without_mark

    return subprocess.run(
        [sys.executable, "-m", "testcluster", *args],
        cwd=REPO,
        env=without_mark(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def ensure_cluster() -> Cluster:
    """Bring the cluster up (a no-op when it is already healthy) and describe it."""
    sys.path.insert(0, str(REPO))
    from testcluster import settings

    proc = run_cli("up")
    if proc.returncode != 0:
        raise RuntimeError(f"testcluster up failed ({proc.returncode}):\n{proc.stderr}")
    return Cluster(kubeconfig=Path(proc.stdout.strip().splitlines()[-1]), bin_dir=settings.BIN_DIR)


@pytest.fixture(scope="session")
def k8s_cluster() -> Iterator[Cluster]:
    """A running single-node cluster, brought up if needed.

    Off Linux or as non-root it cannot run: skipped with the reason, and a
    failure under the test command (SNIPPETS_REQUIRE_ALL=1).
    """
    reason = cluster_skip_reason()
    if reason:
        if os.environ.get("SNIPPETS_REQUIRE_ALL") == "1":
            pytest.fail(f"missing prerequisite: {reason}", pytrace=False)
        pytest.skip(reason)
    yield ensure_cluster()
