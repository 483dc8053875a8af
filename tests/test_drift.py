"""`report drifted`: the lessons `update` may rewrite are those whose only fault is drifted output.

The nightly job runs ``update --patch`` on what ``report drifted`` prints and opens
an "output drift" pull request with it. A lesson where some command failed its exit
status, timed out or did not run is broken, not drifted: rewriting its output would
paper over the real problem, so it is left to a person, whatever else in it drifted,
in whichever language or (in a merged report) on whichever release it failed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from report_samples import failed_report, parse

from snippets_runner.cli import main
from snippets_runner.report.drift import drifted_files

DRIFT: dict[str, Any] = {"result": "failed", "reason": "output-differs", "exit_status": 0}
BROKEN: dict[str, dict[str, Any]] = {
    "exit status": {
        "reason": "exit-status", "exit_status": 1, "note": "exit status 1, expected 0",
        "diff": [],
    },
    "exit status with its output differing too": {"reason": "exit-status", "exit_status": 2},
    "timed out": {
        "reason": "timed-out", "exit_status": None, "timed_out": True,
        "note": "timed out after 60.0s",
    },
    "incomplete command": {"reason": "incomplete-command", "exit_status": None, "diff": []},
    "not run after a timeout": {
        "result": "not-run", "reason": "after-timeout", "exit_status": None, "tries": 0,
        "diff": [],
    },
    "not run, lab failed": {
        "result": "not-run", "reason": "lab-failed", "exit_status": None, "tries": 0, "diff": [],
    },
    "output differs with another status": {"exit_status": 3},
}  # fmt: skip
FINE: dict[str, dict[str, Any]] = {
    "passed": {"result": "passed", "reason": None, "note": "", "diff": []},
    "ran, output not compared": {"result": "ran", "reason": None, "note": "", "diff": []},
    "skipped by the page": {
        "result": "skipped", "reason": "skip-option", "exit_status": None, "tries": 0,
        "diff": [],
    },
    "skipped for another release": {
        "result": "skipped", "reason": "other-release", "exit_status": None, "tries": 0,
        "diff": [],
    },
    "skipped for a placeholder": {
        "result": "skipped", "reason": "placeholder", "exit_status": None, "tries": 0,
        "diff": [],
    },
}  # fmt: skip


def _recount(data: dict[str, Any]) -> dict[str, Any]:
    results = [c["result"] for page in data["pages"] for c in page["commands"]]
    keys = {"passed": "passed", "ran": "ran", "failed": "failed", "skipped": "skipped"}
    data["summary"] = {key: results.count(value) for key, value in keys.items()}
    data["summary"]["not_run"] = results.count("not-run")
    return data


def _page(data: dict[str, Any], file: str, locale: str, lesson: str, version: str) -> None:
    """Add a copy of the report's first page as ``file`` of ``lesson``."""
    import copy

    page = copy.deepcopy(data["pages"][0])
    page.update(file=file, locale=locale, lesson=lesson, kubernetes_version=version)
    for command in page["commands"]:
        command.update(file=file, locale=locale, lesson=lesson)
    data["pages"].append(page)


def test_a_lesson_with_a_real_failure_is_not_drift() -> None:
    """Review round 3: ``drifted_files`` named every lesson with one drifted command,
    whatever else failed in it, so the nightly job opened an "output drift" pull
    request for a broken lesson."""
    data = failed_report(commands=2)
    broken = data["pages"][0]["commands"][1]
    broken.update(reason="exit-status", exit_status=1, note="exit status 1, expected 0", diff=[])
    assert drifted_files(parse(data)) == []


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_command_that_failed_otherwise_keeps_its_lesson_from_update(case: str) -> None:
    data = failed_report(commands=2)
    data["pages"][0]["commands"][1].update(BROKEN[case])
    assert drifted_files(parse(_recount(data))) == []


@pytest.mark.parametrize("case", sorted(FINE))
def test_a_command_that_did_not_fail_leaves_the_drift_to_update(case: str) -> None:
    data = failed_report(commands=2)
    data["pages"][0]["commands"][1].update(FINE[case])
    assert drifted_files(parse(_recount(data))) == ["docs/p.md"]


def test_a_translation_that_is_broken_keeps_every_language_from_update() -> None:
    """update rewrites every language of a lesson together: one broken page is enough."""
    data = failed_report()
    _page(data, "docs/p.ja.md", "ja", "p.md", "v1.37.0")
    data["pages"][1]["commands"][0].update(
        result="not-run", reason="translation-mismatch", exit_status=None, tries=0, diff=[]
    )
    _page(data, "docs/q.md", "", "q.md", "v1.37.0")
    assert drifted_files(parse(_recount(data))) == ["docs/q.md"]


def test_every_language_of_a_drifted_lesson_is_named_once() -> None:
    data = failed_report(commands=2)
    _page(data, "docs/p.ja.md", "ja", "p.md", "v1.37.0")
    data["pages"][1]["commands"][1].update(FINE["passed"])
    assert drifted_files(parse(_recount(data))) == ["docs/p.md", "docs/p.ja.md"]


def test_a_failure_on_another_release_of_a_merged_report_keeps_the_lesson_for_a_person() -> None:
    """Drift is taken from the release the pages publish; a lesson that fails its exit
    status on an older one is broken there, and no drift pull request is its fix."""
    data = failed_report()
    _page(data, "docs/p.md", "", "p.md", "v1.36.0")
    data["pages"][1]["commands"][0].update(BROKEN["exit status"])
    report = parse(_recount(data))
    assert drifted_files(report, "1.37") == []
    assert drifted_files(report) == []


def test_output_that_differs_only_on_another_release_is_no_drift_of_this_one() -> None:
    data = failed_report()
    data["pages"][0]["commands"][0].update(FINE["passed"])
    _page(data, "docs/p.md", "", "p.md", "v1.36.0")
    data["pages"][1]["commands"][0].update(DRIFT)
    report = parse(_recount(data))
    assert drifted_files(report, "1.37") == []
    assert drifted_files(report, "1.36") == ["docs/p.md"]
    assert drifted_files(report) == ["docs/p.md"]


def test_one_broken_lesson_leaves_the_other_drifted_lessons_to_update() -> None:
    data = failed_report()
    _page(data, "docs/broken.md", "", "broken.md", "v1.37.0")
    data["pages"][1]["commands"][0].update(BROKEN["timed out"])
    _page(data, "docs/other.md", "", "other.md", "v1.37.0")
    assert drifted_files(parse(_recount(data))) == ["docs/p.md", "docs/other.md"]


def test_drifted_on_the_command_line_leaves_a_broken_lesson_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\n")
    (tmp_path / "docs").mkdir()
    for name in ("p.md", "broken.md"):
        (tmp_path / "docs" / name).write_text("# p\n")
    data = failed_report(commands=2)  # each lesson: a drifted command, then another
    data["pages"][0]["commands"][1].update(FINE["passed"])
    _page(data, "docs/broken.md", "", "broken.md", "v1.37.0")
    data["pages"][1]["commands"][1].update(DRIFT, **BROKEN["exit status"])
    (tmp_path / "r.json").write_text(json.dumps(_recount(data)))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["report", "drifted", "r.json"])
    assert (result.exit_code, result.stdout) == (0, "docs/p.md\n")
    result = CliRunner().invoke(main, ["report", "drifted", "r.json", "--kubernetes", "1.37"])
    assert (result.exit_code, result.stdout) == (0, "docs/p.md\n")


@pytest.mark.parametrize("minor", ["v1.37", "1.37.2", "latest", "\uff11.\uff13\uff17", ""])
def test_drifted_refuses_a_release_that_names_none(minor: str, tmp_path: Path) -> None:
    """A typo would match no page: the nightly job would open no pull request, silently."""
    import json

    (tmp_path / "r.json").write_text(json.dumps(failed_report()))
    result = CliRunner().invoke(
        main, ["report", "drifted", str(tmp_path / "r.json"), "--kubernetes", minor]
    )
    assert result.exit_code == 2 and "is not a Kubernetes minor such as 1.37" in result.output
