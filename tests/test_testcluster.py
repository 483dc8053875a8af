"""The local test cluster is real Kubernetes and behaves as the StatefulSets lesson shows.

These run against the real cluster (`k8s_cluster` fixture): the real
StatefulSet controller recreates the pod, a real kubelet mounts a real
emptyDir, and `kubectl exec` goes through the real API server and kubelet.
"""

# The fixture is imported so this file runs with or without conftest registering it;
# ruff takes the fixture parameters for redefinitions of that import.
# ruff: noqa: F811

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cluster_fixture import REPO, Cluster, k8s_cluster, run_cli  # noqa: F401

MANIFEST = REPO / "docs" / "manifests" / "catalog-mysql-emptydir.yaml"
sys.path.insert(0, str(REPO))

from testcluster import host, settings  # noqa: E402

LESSON_NS = next(
    d["metadata"]["name"]
    for d in yaml.safe_load_all(MANIFEST.read_text())
    if d["kind"] == "Namespace"
)
"""The namespace the lesson's manifest creates (never the workshop's `catalog`)."""


def test_versions_are_the_pinned_release(k8s_cluster: Cluster) -> None:
    out = json.loads(k8s_cluster.kubectl("version", "-o", "json").stdout)
    assert out["clientVersion"]["gitVersion"] == settings.KUBERNETES_VERSION
    assert out["serverVersion"]["gitVersion"] == settings.KUBERNETES_VERSION


def test_status_reports_every_component_healthy(k8s_cluster: Cluster) -> None:
    proc = run_cli("status")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in (
        "containerd",
        "etcd",
        "kube-apiserver",
        "kube-controller-manager",
        "kube-scheduler",
        "kubelet",
        "kube-proxy",
    ):
        assert f"{name} " in proc.stdout


def test_env_puts_our_kubectl_first(k8s_cluster: Cluster) -> None:
    from testcluster.lifecycle import WEBSOCKETS_VAR, kubectl_env

    out = run_cli("env").stdout
    assert f"export KUBECONFIG={k8s_cluster.kubeconfig}" in out
    assert f"export PATH={k8s_cluster.bin_dir}:$PATH" in out
    # kubectl's exec transport is the release's (SPDY only where client-go races).
    if kubectl_env(settings.RELEASE):
        assert f"export {WEBSOCKETS_VAR}=false" in out
    else:
        assert f"unset {WEBSOCKETS_VAR}" in out


def _fresh_lesson(cluster: Cluster) -> None:
    """The lesson's emptyDir StatefulSet in a new namespace of the lesson's, rolled out."""
    k = cluster.kubectl
    k("delete", "namespace", LESSON_NS, "--ignore-not-found", "--wait=true", timeout=180)
    k("apply", "-f", str(MANIFEST))
    k(
        "rollout",
        "status",
        "statefulset/catalog-mysql",
        "-n",
        LESSON_NS,
        "--timeout=120s",
        timeout=150,
    )


def test_lesson_emptydir_data_is_lost_when_the_pod_is_recreated(k8s_cluster: Cluster) -> None:
    k = k8s_cluster.kubectl
    _fresh_lesson(k8s_cluster)
    k(
        "wait",
        "--for=condition=Ready",
        "pod",
        "-n",
        LESSON_NS,
        "-l",
        "app.kubernetes.io/component=mysql",
        "--timeout=120s",
        timeout=150,
    )

    describe = k("describe", "statefulset", "-n", LESSON_NS, "catalog-mysql").stdout
    assert "EmptyDir" in describe

    k(
        "exec",
        "catalog-mysql-0",
        "-n",
        LESSON_NS,
        "--",
        "bash",
        "-c",
        "echo 123 > /var/lib/mysql/test.txt",
    )
    listing = k(
        "exec", "catalog-mysql-0", "-n", LESSON_NS, "--", "ls", "-larth", "/var/lib/mysql/"
    ).stdout
    assert any("test.txt" in line for line in listing.splitlines())

    deleted = k("delete", "pods", "-n", LESSON_NS, "-l", "app.kubernetes.io/component=mysql")
    assert 'pod "catalog-mysql-0" deleted' in deleted.stdout
    # As the lesson does: the StatefulSet controller may not have created the new
    # pod yet (a `kubectl wait -l` would then say "no matching resources found"),
    # so wait for its creation first, then for Ready while MySQL initialises again.
    k(
        "wait",
        "--for=create",
        "pod/catalog-mysql-0",
        "-n",
        LESSON_NS,
        "--timeout=30s",
        timeout=60,
    )
    wait = k(
        "wait",
        "--for=condition=Ready",
        "pod",
        "-n",
        LESSON_NS,
        "-l",
        "app.kubernetes.io/component=mysql",
        "--timeout=120s",
        check=False,
        timeout=150,
    )
    assert wait.returncode == 0, wait.stderr

    cat = k(
        "exec",
        "catalog-mysql-0",
        "-n",
        LESSON_NS,
        "--",
        "cat",
        "/var/lib/mysql/test.txt",
        check=False,
    )
    assert cat.returncode == 1
    assert "cat: /var/lib/mysql/test.txt: No such file or directory" in cat.stderr
    assert "command terminated with exit code 1" in cat.stderr
    k("delete", "namespace", LESSON_NS, "--wait=false")


PVC_POD = """
apiVersion: v1
kind: Pod
metadata:
  name: writer
  namespace: {ns}
spec:
  terminationGracePeriodSeconds: 1
  containers:
    - name: c
      image: {image}
      imagePullPolicy: IfNotPresent
      command: ["sleep", "infinity"]
      volumeMounts:
        - name: data
          mountPath: /data
  volumes:
    - name: data
      persistentVolumeClaim:
        claimName: data
"""

PVC = """
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  namespace: {ns}
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 100Mi
"""


def test_pvc_with_default_storageclass_binds_and_survives_pod_deletion(
    k8s_cluster: Cluster,
) -> None:
    k = k8s_cluster.kubectl
    ns = "tc-pvc"
    k("delete", "namespace", ns, "--ignore-not-found", "--wait=true", timeout=180)
    k("create", "namespace", ns)
    k("apply", "-f", "-", input=PVC.format(ns=ns))
    k(
        "wait",
        "--for=jsonpath={.status.phase}=Bound",
        "pvc/data",
        "-n",
        ns,
        "--timeout=60s",
        timeout=90,
    )
    k("apply", "-f", "-", input=PVC_POD.format(ns=ns, image=settings.MYSQL_IMAGE))
    k("wait", "--for=condition=Ready", "pod/writer", "-n", ns, "--timeout=60s", timeout=90)
    k("exec", "writer", "-n", ns, "--", "bash", "-c", "echo kept > /data/f.txt")
    k("delete", "pod", "writer", "-n", ns, "--wait=true", timeout=90)
    k("apply", "-f", "-", input=PVC_POD.format(ns=ns, image=settings.MYSQL_IMAGE))
    k("wait", "--for=condition=Ready", "pod/writer", "-n", ns, "--timeout=60s", timeout=90)
    assert k("exec", "writer", "-n", ns, "--", "cat", "/data/f.txt").stdout == "kept\n"
    k("delete", "namespace", ns, "--wait=false")


@pytest.mark.disruptive
def test_status_names_the_broken_part_and_up_repairs_it(k8s_cluster: Cluster) -> None:
    from testcluster import cluster, processes

    proc = processes.running(cluster.LAYOUT.pids, "kube-scheduler")
    assert proc is not None
    processes.stop_many([proc], timeout=10)
    status = run_cli("status")
    assert status.returncode == 1
    line = next(ln for ln in status.stdout.splitlines() if ln.startswith("kube-scheduler "))
    assert "DOWN" in line
    assert str(settings.RUN_DIR / "logs" / "kube-scheduler.log") in line
    assert run_cli("up").returncode == 0
    assert run_cli("status").returncode == 0


def _leftovers() -> list[str]:
    """Everything of the cluster that `down` must not leave behind."""
    found: list[str] = []
    fragments = [str(settings.RUN_DIR), str(settings.BIN_DIR), "/run/snippets-testcluster"]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if any(f in cmd for f in fragments):
            found.append(f"process {entry.name}: {cmd[:120]}")
    found += [
        f"mount {m}" for m in host.mounts_under(settings.RUN_DIR, Path("/run/snippets-testcluster"))
    ]
    if Path(f"/sys/class/net/{settings.BRIDGE_NAME}").exists():
        found.append(f"bridge {settings.BRIDGE_NAME}")
    found += [f"chain {t}: {c}" for t, chains in host.iptables_chains().items() for c in chains]
    found += [f"cgroup {p}" for p in host.cgroup_dirs()]
    found += [f"netns {n}" for n in host.netns_names()]
    return found


@pytest.mark.disruptive
def test_down_leaves_nothing_behind_and_up_comes_back(k8s_cluster: Cluster) -> None:
    """Runs last in this file: it takes the cluster down and brings it back up."""
    # A pod must be running so `down` has sandboxes, veths and mounts to undo.
    k = k8s_cluster.kubectl
    _fresh_lesson(k8s_cluster)
    before = host.load_snapshot(settings.RUN_DIR / "host-before.json").get("sysctls")
    # The timeout only bounds a hang; how fast `down` is belongs to the benchmark
    # (benchmarks/bench_testcluster.py, goal < 10 s), not to a pass/fail on a busy machine.
    proc = run_cli("down", timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert _leftovers() == []
    assert isinstance(before, dict) and before
    assert host.read_sysctls() == before  # kubelet's sysctl changes are undone
    assert run_cli("status").returncode == 1
    proc = run_cli("up")
    assert proc.returncode == 0, proc.stderr
    assert k("get", "namespace", LESSON_NS, check=False).returncode != 0  # fresh state


def test_not_root_gives_a_clear_error() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys; os.geteuid = lambda: 1000; "
            "from testcluster.cli import main; sys.exit(main(['up']))",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "needs root" in proc.stderr


def test_not_linux_gives_a_clear_error() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import platform, sys; platform.system = lambda: 'Darwin'; "
            "from testcluster.cli import main; sys.exit(main(['down']))",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "needs Linux" in proc.stderr
