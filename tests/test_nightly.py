"""The nightly loop as CI runs it: scripts/nightly.sh steps, the workflow, actionlint.

Offline tests run the script on a small plain-shell site (a git repository
with its own copy of scripts/nightly.sh), so shards, merge, history, status
and the drift patch are exercised end to end without a cluster; the cluster
test runs the real site, sharded and not, and compares the two.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, Cluster, missing
from test_merge import make_site, results

from testcluster import releases, settings

WORKFLOW = REPO / ".github" / "workflows" / "nightly.yml"
TOOLS = Path(os.environ.get("SNIPPETS_TOOLS_DIR", Path.home() / ".cache" / "snippets-tools"))
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def test_actionlint_passes_on_every_workflow() -> None:
    actionlint = TOOLS / "bin" / "actionlint"
    if not actionlint.is_file():
        missing(f"actionlint not built at {actionlint}: run scripts/tools.sh")
    workflows = sorted((REPO / ".github" / "workflows").glob("*.yml"))
    assert WORKFLOW in workflows
    proc = subprocess.run(
        [str(actionlint), "-no-color", *map(str, workflows)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflow_pins_actions_and_keeps_logic_in_scripts() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert {"schedule", "workflow_dispatch"} <= set(workflow[True])  # YAML reads `on` as True
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    uses = [step["uses"] for step in steps if "uses" in step]
    unpinned = [u for u in uses if not SHA_PIN.match(u)]
    assert not unpinned, f"actions not pinned by commit SHA: {unpinned}"
    assert any(u.startswith("peter-evans/create-pull-request@") for u in uses)
    for step in steps:
        if "run" in step:
            assert "scripts/" in step["run"] or "chown" in step["run"], step["run"]
    verify = workflow["jobs"]["verify"]
    assert verify["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.plan.outputs.shards) }}"
    drift = workflow["jobs"]["drift"]
    [pr] = [s for s in drift["steps"] if "create-pull-request" in s.get("uses", "")]
    assert pr["with"]["branch"] == "nightly/output-drift", "one fixed branch: one pull request"


def test_plan_prints_the_matrix() -> None:
    # One day for the script and the test: read twice, today could change in between.
    day = releases.today()
    env = {**os.environ, releases.TODAY_ENV_VAR: day.isoformat()}
    proc = subprocess.run(
        [str(REPO / "scripts/nightly.sh"), "plan", "3"],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    shards, total, matrix = proc.stdout.splitlines()
    assert (shards, total) == ("shards=[1,2,3]", "total=3")
    # one job per supported release, newest (the one the pages publish) first
    rows = json.loads(matrix.removeprefix("releases="))
    supported = [r.minor for r in releases.supported(day)]
    assert [r["kubernetes"] for r in rows] == supported
    assert rows[0]["default"] and not any(r["default"] for r in rows[1:])
    bad = subprocess.run([str(REPO / "scripts/nightly.sh"), "plan", "0"], capture_output=True)
    assert bad.returncode == 2


def git(site: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=site, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


@pytest.fixture
def repo_site(tmp_path: Path) -> Path:
    """A plain-shell site in a git repository, with this project's nightly script."""
    (tmp_path / "site").mkdir()
    site = make_site(tmp_path / "site")
    (site / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "nightly.sh", site / "scripts" / "nightly.sh")
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "site")
    return site


def nightly(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    environ.update(
        SNIPPETS_PYTHON=sys.executable, PYTHONPATH=str(REPO), NIGHTLY_OUT=str(site / "out"), **env
    )
    return subprocess.run(
        [str(site / "scripts" / "nightly.sh"), *args],
        cwd=site, env=environ, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text()))


def update_has_patch() -> bool:
    proc = subprocess.run(
        [sys.executable, "-m", "snippets_runner", "update", "--help"],
        capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(REPO)), check=False,
    )  # fmt: skip
    return "--patch" in proc.stdout


def test_shards_merge_history_and_status_offline(repo_site: Path) -> None:
    site, out = repo_site, repo_site / "out"
    codes = [nightly(site, "shard", f"{k}/2").returncode for k in (1, 2)]
    assert sorted(codes) == [0, 1], "the shard holding the stale lesson fails, the other passes"
    summary_file = site / "step-summary.md"
    summary_file.write_text("earlier step\n")
    outputs = site / "outputs.txt"
    merged = nightly(
        site, "merge", GITHUB_STEP_SUMMARY=str(summary_file), GITHUB_OUTPUT=str(outputs)
    )
    assert merged.returncode == 0, merged.stderr
    report = load(out / "verify.json")
    assert report["summary"]["failed"] == 2
    assert [(s["index"], s["total"]) for s in report["run"]["shards"]] == [(1, 2), (2, 2)]
    assert summary_file.read_text().startswith("earlier step\n## ❌ snippets-runner verify")
    history = sorted((out / "history").glob("*.json"))
    assert len(history) == 1 and load(history[0]) == report
    # The stale lesson's output drifted: with update --patch, its shard wrote a patch.
    assert outputs.read_text() == f"drifted={'true' if update_has_patch() else 'false'}\n"
    status = nightly(site, "status")
    assert status.returncode == 1 and "22 passed, 2 failed" in status.stdout

    # The next night: shards are balanced by the last report, and the summary has a trend.
    for k in (1, 2):
        assert nightly(site, "shard", f"{k}/2").returncode in (0, 1)
    listed = subprocess.run(
        [sys.executable, "-m", "snippets_runner", "list", "--json",
         "--shard", "1/2", "--durations", str(history[0])],
        cwd=site, env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    first = load(out / "shards" / "shard-1-of-2.json")
    assert {p["lesson"] for p in first["pages"]} == {
        c["lesson"] for c in json.loads(listed)["commands"]
    }
    assert nightly(site, "merge").returncode == 0
    assert "### Trend" in (out / "summary.md").read_text()
    assert len(list((out / "history").glob("*.json"))) in (1, 2)  # same second: same name


def test_drift_patch_applies_and_then_verify_is_green(repo_site: Path) -> None:
    if not update_has_patch():
        missing("snippets-runner update has no --patch option yet")
    site, out = repo_site, repo_site / "out"
    for k in (1, 2):
        nightly(site, "shard", f"{k}/2")
    patches = [p for p in (out / "shards").glob("drift-*.patch") if p.stat().st_size]
    assert len(patches) == 1
    assert git(site, "status", "--short", "docs") == "", "update --patch must not touch pages"
    applied = nightly(site, "drift")
    assert applied.returncode == 0, applied.stderr
    changed = git(site, "status", "--short", "docs").split()
    assert changed == ["M", "docs/l3/index.en.md", "M", "docs/l3/index.ja.md"]
    green = subprocess.run(
        [sys.executable, "-m", "snippets_runner", "verify"],
        cwd=site, env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert green.returncode == 0, green.stdout


@pytest.mark.timeout(1800)  # a lab on a cold, busy cluster can take minutes
def test_real_site_two_shards_equal_one_run(k8s_cluster: Cluster, tmp_path: Path) -> None:
    """`nightly.sh local 2` and `local 0` on the real site and cluster: same results."""
    env = dict(
        k8s_cluster.env,
        SNIPPETS_PYTHON=sys.executable,
        PYTHONPATH=str(REPO),
        SNIPPETS_ALLOWED_CONTEXTS="testcluster",
        NIGHTLY_CONTEXT="testcluster",
    )
    runs = {}
    for shards in ("2", "0"):
        out = tmp_path / f"out-{shards}"
        proc = subprocess.run(
            [str(REPO / "scripts/nightly.sh"), "local", shards],
            cwd=REPO, env=dict(env, NIGHTLY_OUT=str(out)), capture_output=True, text=True,
            timeout=3600, check=False,
        )  # fmt: skip
        print(proc.stdout[-2000:], proc.stderr[-2000:])
        assert proc.returncode in (0, 1), proc.stderr
        runs[shards] = load(out / "verify.json")
    sharded, single = runs["2"], runs["0"]
    lessons = [
        {p["lesson"] for p in load(f)["pages"]}
        for f in sorted((tmp_path / "out-2" / "shards").glob("shard-*.json"))
    ]
    assert len(lessons) == 2 and not lessons[0] & lessons[1]
    assert lessons[0] | lessons[1] == {p["lesson"] for p in single["pages"]}

    def verdicts(document: dict[str, Any]) -> dict[tuple[str, int], tuple[Any, ...]]:
        # Real output carries ages and names that change between runs: compare verdicts.
        return {key: (v[0], v[2], v[3], v[4], v[5], v[6]) for key, v in results(document).items()}

    assert verdicts(sharded) == verdicts(single)
    assert sharded["summary"] == single["summary"]
    cluster = sharded["run"]["cluster"]
    assert cluster["context"] == "testcluster"
    assert cluster["kubernetes_version"] == settings.KUBERNETES_VERSION
    summary = (tmp_path / "out-2" / "summary.md").read_text()
    assert (
        f"Kubernetes {settings.KUBERNETES_VERSION} (context `testcluster`), 2 shard run(s)"
        in summary
    )
    assert "### Slowest lessons" in summary and "statefulsets/index.md" in summary
    trend = subprocess.run(
        [sys.executable, "-m", "snippets_runner", "report", "trend",
         str(tmp_path / "out-2" / "verify.json"), str(tmp_path / "out-0" / "verify.json")],
        env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    row = next(line for line in trend.splitlines() if "`statefulsets/index.md`" in line)
    assert row.count("✅") + row.count("❌") == 2
