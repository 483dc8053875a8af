"""Lab setup and cleanup: manifest parsing offline, apply/wait/delete on the real cluster."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from conftest import REPO
from kubernetes import client as k8s
from kubernetes import config as k8s_config

from snippets_runner.errors import LabError, PageError
from snippets_runner.extract.discover import extract
from snippets_runner.lab.manifests import load_objects
from snippets_runner.lab.readiness import claim_readiness, readiness
from snippets_runner.lab.session import Lab, lab
from snippets_runner.lab.storage import binding_mode, default_class
from snippets_runner.model import LabSpec, Lesson
from snippets_runner.report import document, json_report
from snippets_runner.run.results import Result
from snippets_runner.run.runner import RunOptions
from snippets_runner.verification import Verifier
from testcluster import settings

LESSON_LAB = REPO / "docs/manifests/catalog-mysql-emptydir.yaml"
PV_LAB = REPO / "docs/manifests/catalog-mysql-pv.yaml"


def test_lesson_manifest_objects_in_order() -> None:
    objects = load_objects([LESSON_LAB])
    assert [str(o) for o in objects] == [
        "Namespace statefulsets-lesson",
        "Secret statefulsets-lesson/catalog-db",
        "Service statefulsets-lesson/catalog-mysql",
        "StatefulSet statefulsets-lesson/catalog-mysql",
    ]
    assert objects[3].location.line > objects[2].location.line > objects[0].location.line


def test_pv_lesson_manifest_claims_storage_from_the_default_class() -> None:
    objects = load_objects([PV_LAB])
    assert [str(o) for o in objects] == [
        "Namespace statefulsets-pv-lesson",
        "Secret statefulsets-pv-lesson/catalog-db",
        "Service statefulsets-pv-lesson/catalog-mysql-pv",
        "StatefulSet statefulsets-pv-lesson/catalog-mysql-pv",
    ]
    spec = objects[3].body["spec"]
    assert objects[2].body["spec"]["clusterIP"] == "None", "the StatefulSet's Service is headless"
    assert spec["serviceName"] == "catalog-mysql-pv"
    (template,) = spec["volumeClaimTemplates"]
    assert template["metadata"]["name"] == "data"
    assert "storageClassName" not in template["spec"], "readers' clusters use their own default"
    assert template["spec"]["resources"]["requests"]["storage"] == "30Gi"
    pod = spec["template"]["spec"]
    assert "volumes" not in pod, "the data directory must come from the claim template only"
    assert pod["containers"][0]["volumeMounts"] == [{"name": "data", "mountPath": "/var/lib/mysql"}]
    assert pod["containers"][0]["image"] == settings.MYSQL_IMAGE, "the image the cluster has"


@pytest.mark.parametrize(
    "text,line,message",
    [
        ("kind: ConfigMap\nmetadata: {name: x}\n", 1, "apiVersion, kind and metadata"),
        ("apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", 1, "metadata.name"),
        ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n- list\n", 5, "a mapping"),
        ("a: [\n", 2, "invalid YAML"),
    ],
)
def test_bad_manifests(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "lab.yaml"
    path.write_text(text)
    with pytest.raises(PageError) as err:
        load_objects([path])
    assert err.value.location.line == line and message in err.value.message


BROKEN_SECRET = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: %s\n"
"""A Secret whose value breaks the YAML: its values cannot be known, so cannot be masked."""


def _broken_lab_lesson(folder: Path, value: str) -> Lesson:
    (folder / "lab.yaml").write_text(BROKEN_SECRET % value, encoding="utf-8")
    page = folder / "p.md"
    page.write_text(
        "---\nsnippets:\n  lab: [lab.yaml]\n---\n# p\n\n```console\n~$ echo hi\nhi\n```\n",
        encoding="utf-8",
    )
    [lesson] = extract([page]).lessons
    return lesson


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ('"Sup3r-S3cret-DB-Pass', 7),  # review round 3: the quote never closes
        ("!Sup3r-S3cret-DB-Pass", 6),  # read as a tag
        ("*Sup3r-S3cret-DB-Pass", 6),  # read as an alias
        ("Sup3r-S3cret: DB-Pass", 6),  # a colon in a plain value
    ],
)
def test_a_malformed_lab_manifest_does_not_quote_its_secret_into_the_report(
    tmp_path: Path, value: str, line: int
) -> None:
    """PyYAML's message quotes the offending line: the NOT RUN note of the JSON report
    and verify's stderr showed a Secret's ``stringData``. Now: file:line and the kind."""
    lesson = _broken_lab_lesson(tmp_path, value)
    outcome = Verifier(None, RunOptions()).run_lesson(lesson)
    assert outcome.lab_error is not None and outcome.lab_error.location is not None
    assert outcome.lab_error.location.line == line
    assert str(outcome.lab_error).startswith(f"{tmp_path / 'lab.yaml'}:{line}: invalid YAML: ")
    shown = outcome.mask.for_page(outcome.lab_error.location.path)(str(outcome.lab_error))
    assert "S3cret" not in shown, "verify prints the Secret's value"
    report = document.dump(json_report.document(outcome.results, outcome.mask))
    assert "S3cret" not in report, "the JSON report holds the Secret's value"
    [command] = outcome.results[0].commands
    assert command.verdict is Result.NOT_RUN


def test_verify_prints_a_malformed_manifest_without_its_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On stderr (a CI log) and in the JSON report: file:line and the kind of problem."""
    from click.testing import CliRunner

    import snippets_runner.kube.access
    from snippets_runner.cli import main

    _broken_lab_lesson(tmp_path, '"Sup3r-S3cret-DB-Pass')
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(
        "apiVersion: v1\nkind: Config\ncurrent-context: lab\n"
        "contexts: [{name: lab, context: {cluster: c, user: u}}]\n"
        "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:9'}}]\n"
        "users: [{name: u, user: {token: Fake-Bearer-Token-0123}}]\n"
    )
    monkeypatch.setattr(snippets_runner.kube.access, "check_reachable", lambda target: "v1.35.0")
    json_path = tmp_path / "r.json"
    args = ["verify", "--kubeconfig", str(kubeconfig), "--allow-context", "lab"]
    result = CliRunner().invoke(main, [*args, "--json", str(json_path), str(tmp_path / "p.md")])
    assert result.exit_code == 1, result.output  # a page's manifest is wrong
    assert "lab.yaml:7: invalid YAML: found unexpected end of stream" in result.output
    report = json_path.read_text(encoding="utf-8")
    assert "S3cret" not in result.output + report and "invalid YAML" in report


def test_readiness_rules_say_what_they_wait_for() -> None:
    sts = {
        "metadata": {"generation": 2},
        "spec": {"replicas": 1},
        "status": {"observedGeneration": 2, "readyReplicas": 0},
    }
    assert readiness("StatefulSet", sts) == (False, "0/1 replicas ready, revision updated: True")
    sts["status"]["readyReplicas"] = 1
    assert readiness("StatefulSet", sts)[0]
    assert readiness("PersistentVolumeClaim", {"status": {"phase": "Pending"}}) == (
        False,
        "phase Bound (now Pending)",
    )
    assert readiness("ConfigMap", {}) == (True, "exists")


@pytest.mark.parametrize(
    "phase,mode,ready",
    [
        ("Bound", None, True),
        ("Bound", "Immediate", True),
        ("Bound", "WaitForFirstConsumer", True),
        ("Pending", None, False),
        ("Pending", "Immediate", False),
        ("Pending", "WaitForFirstConsumer", True),
        ("Lost", "WaitForFirstConsumer", False),
        (None, "WaitForFirstConsumer", False),
    ],
)
def test_claims_wait_for_bound_unless_their_class_waits_for_a_pod(
    phase: str | None, mode: str | None, ready: bool
) -> None:
    verdict = claim_readiness({"status": {"phase": phase}}, mode)
    assert verdict[0] is ready
    if not ready:
        assert verdict[1] == f"phase Bound (now {phase})"
    elif phase == "Pending":
        assert "WaitForFirstConsumer" in verdict[1]


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
    namespace, _, _, statefulset = load_objects([LESSON_LAB])
    with lab(api, LabSpec(manifests=(LESSON_LAB,)), timeout=180):
        sts = k8s.AppsV1Api(api).read_namespaced_stateful_set(statefulset.name, namespace.name)
        assert sts.status.ready_replicas == 1
        pod = k8s.CoreV1Api(api).read_namespaced_pod(f"{statefulset.name}-0", namespace.name)
        assert any(c.type == "Ready" and c.status == "True" for c in pod.status.conditions)
    assert not namespace_exists(api, namespace.name)


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


def unique(prefix: str) -> str:
    """A name no other test (or parallel session) uses."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def storage_lab(
    path: Path, storage_class: str, namespace: str, mode: str, provisioner: str, consumer: bool
) -> Path:
    """A StorageClass of our own, a namespace, a claim nobody uses and maybe one a pod uses."""
    claim = (
        "apiVersion: v1\nkind: PersistentVolumeClaim\n"
        f"metadata: {{name: {{name}}, namespace: {namespace}}}\n"
        f"spec: {{storageClassName: {storage_class}, accessModes: [ReadWriteOnce],"
        " resources: {requests: {storage: 1Gi}}}\n"
    )
    docs = [
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\n"
        f"metadata: {{name: {storage_class}}}\nprovisioner: {provisioner}\n"
        f"volumeBindingMode: {mode}\nreclaimPolicy: Delete\n",
        f"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {namespace}}}\n",
        claim.replace("{name}", "lonely"),
    ]
    if consumer:
        docs += [
            claim.replace("{name}", "used"),
            "apiVersion: v1\nkind: Pod\n"
            f"metadata: {{name: user, namespace: {namespace}}}\nspec:\n"
            "  terminationGracePeriodSeconds: 0\n  containers:\n"
            "    - {name: pause, image: 'registry.k8s.io/pause:3.10', imagePullPolicy: Never,"
            " volumeMounts: [{name: v, mountPath: /v}]}\n"
            "  volumes: [{name: v, persistentVolumeClaim: {claimName: used}}]\n",
        ]
    path.write_text("---\n".join(docs))
    return path


def claim_phase(api: k8s.ApiClient, name: str, namespace: str) -> str:
    return str(
        k8s.CoreV1Api(api).read_namespaced_persistent_volume_claim(name, namespace).status.phase
    )


def storage_class_exists(api: k8s.ApiClient, name: str) -> bool:
    try:
        k8s.StorageV1Api(api).read_storage_class(name)
    except k8s.ApiException as exc:
        assert exc.status == 404
        return False
    return True


@pytest.mark.cluster
def test_wait_for_first_consumer_claims_are_ready_pending_and_bind_for_their_pod(
    api: k8s.ApiClient, tmp_path: Path
) -> None:
    """The lab must not wait for Bound where the class binds only for a pod (issue 12)."""
    sc, ns = unique("sr-wffc"), unique("sr-wffc")
    manifest = storage_lab(
        tmp_path / "wffc.yaml",
        sc,
        ns,
        "WaitForFirstConsumer",
        "kubernetes.io/host-path",
        consumer=True,
    )
    with lab(api, LabSpec(manifests=(manifest,)), timeout=120):
        assert claim_phase(api, "lonely", ns) == "Pending", "no pod uses it, so it must not bind"
        assert claim_phase(api, "used", ns) == "Bound", "the pod's claim bound when it scheduled"
    assert not namespace_exists(api, ns)
    assert not storage_class_exists(api, sc)


@pytest.mark.cluster
def test_immediate_claims_still_wait_for_bound(api: k8s.ApiClient, tmp_path: Path) -> None:
    """The same claim under an Immediate class nothing provisions is a lab failure, not ready."""
    sc, ns = unique("sr-immediate"), unique("sr-immediate")
    manifest = storage_lab(
        tmp_path / "immediate.yaml",
        sc,
        ns,
        "Immediate",
        "kubernetes.io/no-provisioner",
        consumer=False,
    )
    # The timeout also bounds the cleanup, which must delete the namespace in time.
    with pytest.raises(LabError) as err, lab(api, LabSpec(manifests=(manifest,)), timeout=20):
        pytest.fail("the body must not run when a claim never binds")
    assert f"PersistentVolumeClaim {ns}/lonely not ready" in str(err.value)
    assert "phase Bound (now Pending)" in str(err.value)
    assert not namespace_exists(api, ns)
    assert not storage_class_exists(api, sc)


@pytest.mark.cluster
def test_binding_mode_comes_from_the_claims_class_or_the_default(
    api: k8s.ApiClient, tmp_path: Path
) -> None:
    storage = k8s.StorageV1Api(api)
    default = default_class(storage)
    assert default is not None and default.metadata.name == "standard"
    assert binding_mode(storage, {"spec": {}}) == "Immediate"
    assert binding_mode(storage, {"spec": {"storageClassName": ""}}) is None
    assert binding_mode(storage, {"spec": {"storageClassName": unique("sr-missing")}}) is None
    sc = unique("sr-mode")
    manifest = tmp_path / "sc.yaml"
    manifest.write_text(
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\n"
        f"metadata: {{name: {sc}}}\nprovisioner: kubernetes.io/no-provisioner\n"
        "volumeBindingMode: WaitForFirstConsumer\n"
    )
    with lab(api, LabSpec(manifests=(manifest,)), timeout=30):
        assert binding_mode(storage, {"spec": {"storageClassName": sc}}) == "WaitForFirstConsumer"
