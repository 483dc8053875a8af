"""Lab setup and cleanup: manifest parsing offline, apply/wait/delete on the real cluster."""

from __future__ import annotations

from pathlib import Path

import pytest
from kubernetes import client as k8s
from kubernetes import config as k8s_config

from snippets_runner.errors import LabError, PageError
from snippets_runner.lab.manifests import load_objects
from snippets_runner.lab.readiness import readiness
from snippets_runner.lab.session import Lab, lab
from snippets_runner.model import LabSpec

REPO = Path(__file__).resolve().parent.parent
LESSON_LAB = REPO / "docs/manifests/catalog-mysql-emptydir.yaml"


def test_lesson_manifest_objects_in_order() -> None:
    objects = load_objects([LESSON_LAB])
    assert [str(o) for o in objects] == [
        "Namespace catalog",
        "Secret catalog/catalog-db",
        "Service catalog/catalog-mysql",
        "StatefulSet catalog/catalog-mysql",
    ]
    assert objects[3].location.line > objects[2].location.line > objects[0].location.line


@pytest.mark.parametrize("text,line,message", [
    ("kind: ConfigMap\nmetadata: {name: x}\n", 1, "apiVersion, kind and metadata"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", 1, "metadata.name"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n- list\n", 5, "a mapping"),
    ("a: [\n", 2, "invalid YAML"),
])
def test_bad_manifests(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "lab.yaml"
    path.write_text(text)
    with pytest.raises(PageError) as err:
        load_objects([path])
    assert err.value.location.line == line and message in err.value.message


def test_readiness_rules_say_what_they_wait_for() -> None:
    sts = {"metadata": {"generation": 2}, "spec": {"replicas": 1},
           "status": {"observedGeneration": 2, "readyReplicas": 0}}
    assert readiness("StatefulSet", sts) == (False, "0/1 replicas ready, revision updated: True")
    sts["status"]["readyReplicas"] = 1
    assert readiness("StatefulSet", sts)[0]
    assert readiness("PersistentVolumeClaim", {"status": {"phase": "Pending"}}) == (
        False, "phase Bound (now Pending)")
    assert readiness("ConfigMap", {}) == (True, "exists")


@pytest.fixture
def api(k8s_cluster: object) -> k8s.ApiClient:
    return k8s_config.new_client_from_config(config_file=str(k8s_cluster.kubeconfig))  # type: ignore[attr-defined]


def namespace_exists(api: k8s.ApiClient, name: str) -> bool:
    try:
        k8s.CoreV1Api(api).read_namespace(name)
    except k8s.ApiException as exc:
        assert exc.status == 404
        return False
    return True


@pytest.mark.cluster
def test_lesson_lab_is_ready_inside_and_gone_after(api: k8s.ApiClient) -> None:
    with lab(api, LabSpec(manifests=(LESSON_LAB,)), timeout=180):
        sts = k8s.AppsV1Api(api).read_namespaced_stateful_set("catalog-mysql", "catalog")
        assert sts.status.ready_replicas == 1
        pod = k8s.CoreV1Api(api).read_namespaced_pod("catalog-mysql-0", "catalog")
        assert any(c.type == "Ready" and c.status == "True" for c in pod.status.conditions)
    assert not namespace_exists(api, "catalog")


@pytest.mark.cluster
def test_setup_failure_names_object_condition_and_events(
    api: k8s.ApiClient, tmp_path: Path
) -> None:
    manifest = tmp_path / "broken.yaml"
    manifest.write_text(
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: sr-broken}\n---\n"
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: sr-broken}\n"
        "spec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n"
        "    metadata: {labels: {app: web}}\n    spec:\n      containers:\n"
        "        - {name: web, image: 'snippets.invalid/none:1', imagePullPolicy: Never}\n"
    )
    with pytest.raises(LabError) as err, lab(api, LabSpec(manifests=(manifest,)), timeout=20):
        pytest.fail("the body must not run when setup fails")
    message = str(err.value)
    assert message.startswith(f"{manifest}:5: lab setup failed: Deployment sr-broken/web not ready")
    assert "0/1 available" in message
    assert "ErrImageNeverPull" in message or "ImageNeverPull" in message, message
    assert not namespace_exists(api, "sr-broken"), "cleanup must run after a failed setup"


@pytest.mark.cluster
def test_cleanup_waits_until_objects_are_gone(api: k8s.ApiClient, tmp_path: Path) -> None:
    manifest = tmp_path / "cm.yaml"
    manifest.write_text(
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: sr-cm}\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: sr-cm}\ndata: {a: b}\n"
    )
    session = Lab(api, load_objects([manifest]), timeout=60)
    session.setup()
    assert namespace_exists(api, "sr-cm")
    session.cleanup()
    assert not namespace_exists(api, "sr-cm")
