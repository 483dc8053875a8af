"""The StatefulSets lessons cannot hurt a reader's cluster: a workshop's `catalog` survives them.

On an EKS Workshop cluster the `catalog` namespace holds the shop's real catalog
service: its database Secret `catalog-db`, a Service `catalog-mysql`, and, once a
reader has done the workshop's own EBS module, a claim `data-catalog-mysql-ebs-0`
with its PV. The lessons used to create and delete that very namespace. Here a
`catalog` like it exists before both lessons run, on the real cluster, in both
languages; afterwards every one of its objects is the same object, unchanged
(uid and resourceVersion), and the lessons' own namespaces are gone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cluster_fixture import Cluster
from conftest import REPO

pytestmark = pytest.mark.cluster

WORKSHOP = "catalog"
"""The source's namespace, which a reader's EKS Workshop cluster already uses."""
LESSON_NAMESPACES = ("statefulsets-lesson", "statefulsets-pv-lesson")

OBJECTS = f"""
apiVersion: v1
kind: Namespace
metadata:
  name: {WORKSHOP}
---
apiVersion: v1
kind: Secret
metadata:
  name: catalog-db
  namespace: {WORKSHOP}
stringData:
  username: shop_user
  password: shop-pw-not-the-lessons
  name: shopdb
---
apiVersion: v1
kind: Service
metadata:
  name: catalog-mysql
  namespace: {WORKSHOP}
spec:
  clusterIP: None
  selector:
    app.kubernetes.io/component: mysql
  ports:
    - name: mysql
      port: 3306
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: catalog
  namespace: {WORKSHOP}
data:
  DB_ENDPOINT: catalog-mysql:3306
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data-catalog-mysql-ebs-0
  namespace: {WORKSHOP}
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
"""
KINDS = "secret,service,configmap,persistentvolumeclaim"


def state(cluster: Cluster) -> dict[str, tuple[str, str]]:
    """`kind/name` -> (uid, resourceVersion) of the workshop namespace and what it holds,
    and of the PV bound to its claim."""
    items = json.loads(cluster.kubectl("get", KINDS, "-n", WORKSHOP, "-o", "json").stdout)
    found = {
        f"{i['kind']}/{i['metadata']['name']}": (
            i["metadata"]["uid"],
            i["metadata"]["resourceVersion"],
        )
        for i in items["items"]
        if not (i["kind"] == "ConfigMap" and i["metadata"]["name"] == "kube-root-ca.crt")
    }
    namespace = json.loads(cluster.kubectl("get", "namespace", WORKSHOP, "-o", "json").stdout)
    found[f"Namespace/{WORKSHOP}"] = (
        namespace["metadata"]["uid"],
        namespace["status"]["phase"],
    )
    volume = cluster.kubectl(
        "get",
        "pvc",
        "-n",
        WORKSHOP,
        "data-catalog-mysql-ebs-0",
        "-o",
        "jsonpath={.spec.volumeName}",
    ).stdout
    pv = json.loads(cluster.kubectl("get", "pv", volume, "-o", "json").stdout)
    found[f"PersistentVolume/{volume}"] = (pv["metadata"]["uid"], pv["status"]["phase"])
    return found


@pytest.fixture
def workshop(k8s_cluster: Cluster) -> Iterator[Cluster]:
    """A `catalog` namespace like a workshop's, created here and removed afterwards."""
    exists = k8s_cluster.kubectl("get", "namespace", WORKSHOP, check=False)
    if exists.returncode == 0:
        pytest.fail(
            f"namespace {WORKSHOP!r} already exists on the test cluster; this test creates "
            "its own and will not touch one it did not make",
            pytrace=False,
        )
    k8s_cluster.kubectl("apply", "-f", "-", input=OBJECTS)
    try:
        k8s_cluster.kubectl(
            "wait",
            "--for=jsonpath={.status.phase}=Bound",
            "pvc/data-catalog-mysql-ebs-0",
            "-n",
            WORKSHOP,
            "--timeout=60s",
            timeout=90,
        )
        yield k8s_cluster
    finally:
        k8s_cluster.kubectl("delete", "namespace", WORKSHOP, "--wait=true", timeout=180)


@pytest.mark.timeout(900)
def test_lessons_leave_a_workshops_catalog_namespace_untouched(
    workshop: Cluster, tmp_path: Path
) -> None:
    before = state(workshop)
    assert len(before) == 6, before
    report = tmp_path / "verify.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "snippets_runner",
            "verify",
            "docs/statefulsets",
            "docs/statefulsets-pv",
            "--allow-context",
            "testcluster",
            "--json",
            str(report),
        ],
        cwd=REPO,
        env=workshop.env,
        capture_output=True,
        text=True,
        timeout=800,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    doc = json.loads(report.read_text())
    assert doc["summary"]["failed"] == 0 and doc["summary"]["passed"] > 0, doc["summary"]
    # Both lessons ran their cleanups (verified commands), and `catalog` is as it was.
    assert state(workshop) == before
    for namespace in LESSON_NAMESPACES:
        gone = workshop.kubectl("get", "namespace", namespace, check=False)
        assert gone.returncode != 0, f"{namespace} was left behind"
