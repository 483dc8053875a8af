"""verification.py: one workflow for every integration, tested without a cluster.

What needs the cluster (labs, Secrets read from the API) is tested against
the real local cluster in test_lab.py, test_masker.py and the lesson tests;
here are the decisions made before and around that: which lessons need a
cluster, which secrets a lab's manifests define, what a lab failure becomes,
how lessons merge, and the isolation of pages that need no cluster.
"""

from __future__ import annotations

import base64
import time
from pathlib import Path

import pytest

from snippets_runner.config.runner import RunnerConfig
from snippets_runner.errors import ClusterError, LabError, PageError
from snippets_runner.extract.discover import extract
from snippets_runner.model import Lesson, Location, Page
from snippets_runner.report.masker import MASK
from snippets_runner.run.results import Reason, Result
from snippets_runner.run.runner import RunOptions
from snippets_runner.safety import ENV_VAR
from snippets_runner.verification import (
    Verifier,
    manifest_secrets,
    needs_cluster,
    run_lessons,
    verifier,
)

SECRET_MANIFEST = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: not-a-secret-value}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {password: String-Data-Pw1}
data: {token: %s}
"""


def _lesson(folder: Path, name: str, body: str, front: str = "") -> Lesson:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"{name}.md"
    page.write_text(f"{front}# {name}\n\n```console\n{body}```\n")
    [lesson] = extract([page]).lessons
    return lesson


def test_which_lessons_need_a_cluster(tmp_path: Path) -> None:
    plain = _lesson(tmp_path, "plain", '~$ echo "kubectl is the CLI"\nkubectl is the CLI\n')
    kubectl = _lesson(tmp_path, "kube", "~$ kubectl get pods\nNo resources found\n")
    skipped = tmp_path / "skipped.md"
    skipped.write_text("```console skip\n~$ kubectl delete ns prod\n```\n")
    [skip] = extract([skipped]).lessons
    (tmp_path / "lab.yaml").write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n")
    lab = _lesson(tmp_path, "lab", "~$ echo hi\nhi\n", "---\nsnippets:\n  lab: [lab.yaml]\n---\n")
    assert not needs_cluster((plain, skip))
    assert needs_cluster((plain, kubectl))
    assert needs_cluster((lab,))  # a lab is created on the cluster even for echo commands


def test_manifest_secrets_are_the_secret_values_and_nothing_else(tmp_path: Path) -> None:
    token = base64.b64encode(b"Base64-Token-77").decode()
    (tmp_path / "lab.yaml").write_text(SECRET_MANIFEST % token)
    lab = _lesson(tmp_path, "lab", "~$ echo hi\nhi\n", "---\nsnippets:\n  lab: [lab.yaml]\n---\n")
    found = manifest_secrets(lab.primary)
    assert {"String-Data-Pw1", "Base64-Token-77"} <= found
    assert "not-a-secret-value" not in found
    assert manifest_secrets(_lesson(tmp_path, "none", "~$ echo hi\nhi\n").primary) == set()


def test_a_lab_that_cannot_be_read_leaves_its_commands_not_run_with_the_reason(
    tmp_path: Path,
) -> None:
    (tmp_path / "lab.yaml").write_text("kind: Secret\nstringData: [not, a, mapping]\n")
    lab = _lesson(tmp_path, "lab", "~$ echo ran\nran\n", "---\nsnippets:\n  lab: [lab.yaml]\n---\n")
    outcome = Verifier(None, RunOptions()).run_lesson(lab)
    assert isinstance(outcome.lab_error, PageError)
    assert outcome.lab_error.location is not None
    assert outcome.lab_error.location.path == tmp_path / "lab.yaml"
    [result] = outcome.results[0].commands
    assert result.verdict is Result.NOT_RUN
    assert result.failure is not None and result.failure.reason is Reason.LAB_FAILED
    assert result.output == "", "nothing ran"


def test_lessons_merge_in_order_with_one_mask_and_every_lab_error(tmp_path: Path) -> None:
    first = _lesson(
        tmp_path / "a",
        "first",
        "~$ echo First-Secret-1\nFirst-Secret-1\n",
        "---\nsnippets:\n  secrets: [First-Secret-1]\n---\n",
    )
    (tmp_path / "b" / "lab.yaml").parent.mkdir(parents=True)
    (tmp_path / "b" / "lab.yaml").write_text("kind: Secret\ndata: 12\n")
    second = _lesson(
        tmp_path / "b", "second", "~$ echo two\ntwo\n", "---\nsnippets:\n  lab: [lab.yaml]\n---\n"
    )
    batch = run_lessons(Verifier(None, RunOptions()), (first, second))
    assert [r.page.path for r in batch.results] == [first.primary.path, second.primary.path]
    assert [c.verdict for r in batch.results for c in r.commands] == [
        Result.PASSED,
        Result.NOT_RUN,
    ]
    assert len(batch.lab_errors) == 1
    # The first page publishes its value, so its own report shows it; any other text masks it.
    assert batch.mask.for_page(first.primary.path)("First-Secret-1") == "First-Secret-1"
    assert batch.mask.for_page(second.primary.path)("First-Secret-1") == MASK
    assert batch.mask("First-Secret-1") == MASK


def test_a_page_without_kubectl_can_never_reach_the_users_cluster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kubeconfig = tmp_path / "real-kubeconfig"
    kubeconfig.write_text("apiVersion: v1\nkind: Config\n")
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    lesson = _lesson(tmp_path, "plain", "~$ echo ${KUBECONFIG}\n[...]\n")
    with verifier((lesson,), RunnerConfig()) as run:
        assert run.target is None and run.server_version is None
        env = dict(run.options.shell.env)
        private = Path(env["KUBECONFIG"])
        assert private != kubeconfig and not private.exists()
        [result] = run.run_lesson(lesson).results[0].commands
        assert result.output.strip() == str(private)
    assert not private.parent.exists(), "the private folder goes with the run"


def test_a_context_not_allowed_is_refused_before_anything_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(
        "apiVersion: v1\nkind: Config\ncurrent-context: prod\n"
        "contexts: [{name: prod, context: {cluster: prod, user: admin}}]\n"
        "clusters: [{name: prod, cluster: {server: 'https://prod.example:6443'}}]\n"
        "users: [{name: admin, user: {token: Prod-Token-123}}]\n"
    )
    monkeypatch.delenv(ENV_VAR, raising=False)
    lesson = _lesson(tmp_path, "kube", "~$ kubectl delete pod web-0\npod deleted\n")
    with (
        pytest.raises(
            ClusterError, match="refusing to run pages against kubeconfig context 'prod'"
        ),
        verifier((lesson,), RunnerConfig(), kubeconfig=kubeconfig),
    ):
        pytest.fail("a refused cluster must not yield a verifier")


LAB_SECONDS = 0.3


@pytest.mark.parametrize("lab_fails", [False, True])
def test_a_lessons_duration_counts_its_lab(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lab_fails: bool
) -> None:
    """Shard balancing and the slowest-lessons table read the primary page's duration: it is
    the lesson's wall time, the lab's set-up and clean-up (here a sleep around the real run,
    since a cluster lab's time varies) included, and a lab that failed took time too."""
    lesson = _lesson(tmp_path, "p", "~$ echo hi\nhi\n")
    real = Verifier._run_primary

    def with_lab(self: Verifier, page: Page, progress: object) -> object:
        time.sleep(LAB_SECONDS)
        if lab_fails:
            raise LabError(Location(page.path, 1), "lab failed: timed out")
        return real(self, page, None)

    monkeypatch.setattr(Verifier, "_run_primary", with_lab)
    [ran] = Verifier(None, RunOptions()).run_lesson(lesson).results
    assert ran.duration >= LAB_SECONDS + sum(c.duration for c in ran.commands)
    assert [c.verdict for c in ran.commands] == [Result.NOT_RUN if lab_fails else Result.PASSED]
