"""The real thing: the StatefulSets lesson verified and updated on the local cluster.

These run the published pages exactly as the main job does: the lab is
applied and awaited, the lesson runs once, both languages are reported,
and the lab is gone afterwards.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.cluster


def snippets(cluster: object, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "snippets_runner", *args, "--allow-context", "testcluster"],
        cwd=cwd, env=cluster.env, capture_output=True, text=True,  # type: ignore[attr-defined]
        timeout=600, check=False,
    )


def catalog_exists(cluster: object) -> bool:
    found = cluster.kubectl("get", "namespace", "catalog", check=False)  # type: ignore[attr-defined]
    return found.returncode == 0


def test_verify_runs_the_lesson_once_for_both_languages_and_cleans_up(
    k8s_cluster: object, tmp_path: Path
) -> None:
    report = tmp_path / "verify.json"
    result = snippets(k8s_cluster, REPO, "verify", "docs", "--json", str(report))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("14 passed, 0 failed")
    doc = json.loads(report.read_text())
    assert doc["summary"] == {"passed": 14, "failed": 0, "skipped": 0, "not_run": 0}
    locales = {page["locale"]: page for page in doc["pages"] if page["commands"]}
    assert set(locales) == {"ja", "en"}
    ran = [c for c in locales["ja"]["commands"] if c["tries"] > 0 and c["duration"] > 0]
    assert len(ran) == 7, "the primary language really ran"
    # The translation is judged against that same run: identical real output.
    assert [c["output"] for c in locales["en"]["commands"]] == [c["output"] for c in ran]
    cat = locales["en"]["commands"][-1]
    assert (cat["exit_status"], cat["expected_exit"]) == (1, 1)
    assert "No such file or directory" in cat["output"]
    assert "my-secret-pw" not in report.read_text(), "secrets are masked in the JSON report"
    assert not catalog_exists(k8s_cluster), "the lab must be cleaned up"


def test_update_fixes_a_broken_output_in_both_languages(
    k8s_cluster: object, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(REPO / "docs", site / "docs")
    shutil.copy(REPO / "mkdocs.yml", site / "mkdocs.yml")
    pages = [site / "docs/statefulsets/index.ja.md", site / "docs/statefulsets/index.en.md"]
    for page in pages:
        text = page.read_text()
        assert 'pod "catalog-mysql-0" deleted\n' in text
        page.write_text(text.replace('pod "catalog-mysql-0" deleted\n', 'pod "catalog" deleted\n'))
    result = snippets(k8s_cluster, site, "update", "docs/statefulsets")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "updated 2 output block(s) in 2 file(s)" in result.stdout
    for page, original in zip(pages, ["index.ja.md", "index.en.md"], strict=True):
        assert page.read_text() == (REPO / "docs/statefulsets" / original).read_text()
    assert not catalog_exists(k8s_cluster)
