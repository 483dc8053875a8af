"""A realistic drift, repaired by `update` on the local cluster (issue 10).

Our own copy of the StatefulSets lesson runs in a namespace of its own. Its
Secret's values are ordinary words the page publishes too (the database user
is the namespace's name), and its keys are renamed, so `kubectl describe`
prints `<set to the key 'db-user' ...>` where the page says `'username'`.
verify must fail on that block only, with a report in which the command
shows the namespace; update must fix both languages, keeping `[...]`; and
verify must then pass.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from conftest import REPO

from snippets_runner.extract.pages import extract_page
from snippets_runner.lab.manifests import load_objects
from testcluster import settings

pytestmark = pytest.mark.cluster

PASSWORD = "Drift-Only-Pw-4711"  # not on the page: it must stay masked
LAB = REPO / "docs/manifests/catalog-mysql-emptydir.yaml"
LESSON_NS = next(o.name for o in load_objects([LAB]) if o.kind == "Namespace")
"""The namespace the lesson's lab creates, which its commands and output name."""
_LESSON_NS = re.compile(rf"(?<![\w-]){re.escape(LESSON_NS)}(?![\w-])")


def snippets(cluster: object, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "snippets_runner", *args, "--allow-context", "testcluster"],
        cwd=cwd,
        env=cluster.env,  # type: ignore[attr-defined]
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def drifted_lab(namespace: str) -> str:
    """The lesson's manifest in ``namespace``, its Secret's keys renamed and values public words."""
    text = LAB.read_text()
    text = re.sub(rf"(?m)^  name: {LESSON_NS}$", f"  name: {namespace}", text)
    text = text.replace(f"namespace: {LESSON_NS}\n", f"namespace: {namespace}\n")
    assert LESSON_NS not in text.split("\napiVersion:", 1)[1], "every object moved"
    text = text.replace(
        "  username: catalog_user\n  password: catalog-pw-7Hq2\n  name: catalogdb\n",
        f"  db-user: {namespace}\n  db-password: {PASSWORD}\n  db-name: catalog\n",
    )
    for old, new in (("username", "db-user"), ("password", "db-password"), ("name", "db-name")):
        text = text.replace(
            f"name: catalog-db\n                  key: {old}\n",
            f"name: catalog-db\n                  key: {new}\n",
        )
    assert text.count("key: db-") == 3 and f"db-user: {namespace}" in text
    return text


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, str]:
    namespace = f"drift-{uuid.uuid4().hex[:8]}"
    (tmp_path / "docs/manifests").mkdir(parents=True)
    (tmp_path / "docs/statefulsets").mkdir()
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "docs/manifests" / LAB.name).write_text(drifted_lab(namespace))
    for name in ("index.ja.md", "index.en.md"):
        text = (REPO / "docs/statefulsets" / name).read_text()
        commands = text.count(f"-n {LESSON_NS}")
        text = _LESSON_NS.sub(namespace, text)
        assert commands >= 7 and text.count(f"-n {namespace}") == commands
        assert f"kubectl delete namespace {namespace}\n" in text
        assert LESSON_NS not in text
        (tmp_path / "docs/statefulsets" / name).write_text(text)
    return tmp_path, namespace


def test_update_repairs_a_drift_whose_secret_values_the_page_publishes(
    k8s_cluster: object, site: tuple[Path, str]
) -> None:
    root, namespace = site
    pages = [root / "docs/statefulsets/index.ja.md", root / "docs/statefulsets/index.en.md"]
    try:
        report = root / "verify.json"
        first = snippets(k8s_cluster, root, "verify", "docs", "--json", str(report))
        assert first.returncode == 1, first.stdout + first.stderr
        release = ".".join(settings.KUBERNETES_VERSION.lstrip("v").split(".")[:2])
        blocks = [b for p in pages for b in extract_page(p).blocks]
        total = sum(len(b.commands) for b in blocks if b.options.covers(release))
        other = sum(len(b.commands) for b in blocks if not b.options.covers(release))
        closing = first.stdout.strip().splitlines()[-1]
        # variants for other releases are skipped, never judged
        expected = f"{total - 2} passed, 2 failed, 0 not run" + (
            f", {other} skipped" if other else ""
        )
        assert closing == expected, first.stdout
        failed = re.findall(r"^FAILED (\S+)", first.stdout, flags=re.M)
        assert failed == [f"docs/statefulsets/{p.name}:{describe_line(p)}" for p in pages]
        # Readable: the page publishes the namespace (= the Secret's user), so it is shown.
        assert f"~$ kubectl describe statefulset -n {namespace} catalog-mysql" in first.stdout
        assert "******" not in first.stdout.split("FAILED", 2)[1].splitlines()[1]
        assert "- " in first.stdout and "<set to the key 'username' in secret" in first.stdout
        assert "<set to the key 'db-user' in secret 'catalog-db'>" in first.stdout
        assert PASSWORD not in first.stdout + report.read_text()

        updated = snippets(k8s_cluster, root, "update", "docs")
        assert updated.returncode == 0, updated.stdout + updated.stderr
        assert "updated 2 output block(s) in 2 file(s)" in updated.stdout
        for page in pages:
            text = page.read_text()
            assert "<set to the key 'db-user' in secret 'catalog-db'>" in text
            assert "<set to the key 'username'" not in text
            block = text.split("```console", 1)[1].split("```\n", 1)[0]  # the describe's block
            assert block.count("[...]") == 2, "the elisions stay"
        ja, en = (extract_page(p) for p in pages)
        assert [c.expected.lines for c in ja.commands] == [c.expected.lines for c in en.commands]

        again = snippets(k8s_cluster, root, "verify", "docs")
        assert again.returncode == 0, again.stdout + again.stderr
        assert again.stdout.strip().splitlines()[-1].startswith(f"{total} passed, 0 failed")
    finally:
        k8s_cluster.kubectl(  # type: ignore[attr-defined]
            "delete", "namespace", namespace, "--wait=false", "--ignore-not-found", check=False
        )


def describe_line(page: Path) -> int:
    lines = page.read_text().split("\n")
    return 1 + next(i for i, line in enumerate(lines) if line.startswith("~$ kubectl describe"))


BROKEN_LAB = """apiVersion: example.com/v1
kind: NoSuchKind
metadata:
  name: nothing
  namespace: default
"""


def test_a_lab_error_exits_2_in_update_as_in_verify(k8s_cluster: object, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    (tmp_path / "docs/lab.yaml").write_text(BROKEN_LAB)
    page = (
        "---\nsnippets:\n  lab: [lab.yaml]\n---\n```console\n~$ kubectl get ns default\nold\n```\n"
    )
    (tmp_path / "docs/p.md").write_text(page)
    for command in ("verify", "update"):
        result = snippets(k8s_cluster, tmp_path, command, "docs")
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "docs/lab.yaml:1" in result.stderr and "NoSuchKind" in result.stderr
    assert (tmp_path / "docs/p.md").read_text() == page, "update wrote nothing"
