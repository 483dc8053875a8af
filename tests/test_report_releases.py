"""One report across Kubernetes releases, from reports recorded on real clusters.

tests/fixtures/releases/ holds a one-page lesson and the reports `verify --json`
wrote for it on the test cluster at two releases (1.37, which the page was
written for, and 1.35, whose `kubectl version` prints another version). They
are real runs, so these tests hold the schema, the merge and the status line
to what the runner really writes; re-record them with the commands in
tests/fixtures/releases/README.md.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from snippets_runner.cli import main
from snippets_runner.extract.pages import parse_page
from snippets_runner.integrations.site.status import PageStatus, State, page_status
from snippets_runner.report import job_summary
from snippets_runner.report.document import Report, load
from snippets_runner.report.drift import drifted_files
from snippets_runner.report.merge import merge
from snippets_runner.run.results import Reason, Result

FIXTURES = Path(__file__).parent / "fixtures" / "releases"
RECORDED = {"1.37": FIXTURES / "verify-1.37.json", "1.35": FIXTURES / "verify-1.35.json"}


@pytest.fixture
def recorded() -> dict[str, Report]:
    return {release: load(path) for release, path in RECORDED.items()}


def test_each_recorded_report_is_valid_and_names_its_release(
    recorded: dict[str, Report],
) -> None:
    for release, report in recorded.items():
        assert report.run is not None and report.run.cluster is not None
        assert report.run.cluster.release == release
        assert [page.release for page in report.pages] == [release]
    assert recorded["1.37"].summary.ok
    [command, _] = recorded["1.35"].pages[0].commands
    assert command.result is Result.FAILED and command.reason is Reason.OUTPUT_DIFFERS


def test_the_merge_keeps_every_release_and_judges_each_on_its_own(
    recorded: dict[str, Report],
) -> None:
    merged = merge([(path, recorded[release]) for release, path in RECORDED.items()])
    assert merged.releases == ("1.35", "1.37")
    assert [(p.release, p.passed) for p in merged.pages] == [("1.35", False), ("1.37", True)]
    assert (merged.summary.passed, merged.summary.failed) == (3, 1)
    assert merged.run is not None and merged.run.cluster is None, "two clusters, not one"
    # the same page on two releases is not an overlap; twice on one release is
    with pytest.raises(Exception, match="shards must not overlap"):
        merge([(RECORDED["1.37"], recorded["1.37"]), (Path("again.json"), recorded["1.37"])])


def test_the_status_line_names_the_release_that_passed_and_the_one_that_differs(
    recorded: dict[str, Report],
) -> None:
    merged = merge([(path, recorded[release]) for release, path in RECORDED.items()])
    page_file = FIXTURES / "docs" / "lesson" / "index.md"
    page = parse_page(page_file.read_text(), page_file, "", "lesson/index.md")
    assert page_status(merged, page) == PageStatus(
        State.CHANGED, merged.run.finished[:10] if merged.run and merged.run.finished else "",
        "", 1, None, ("1.37",), ("1.35",),
    )  # fmt: skip
    alone = page_status(recorded["1.37"], page)
    assert alone is not None and alone.state is State.VERIFIED
    assert (alone.kubernetes_version, alone.releases) == ("v1.37.2", ("1.37",))


def test_the_summary_shows_a_lesson_per_release(recorded: dict[str, Report]) -> None:
    merged = merge([(path, recorded[release]) for release, path in RECORDED.items()])
    text = job_summary.render(merged)
    assert "| lesson | Kubernetes 1.35 | Kubernetes 1.37 |" in text
    assert "| `lesson/index.md` | ❌ | ✅ |" in text
    assert "on Kubernetes 1.35 output differs" in text


def test_drift_is_taken_only_from_the_release_the_pages_publish(
    recorded: dict[str, Report],
) -> None:
    merged = merge([(path, recorded[release]) for release, path in RECORDED.items()])
    assert drifted_files(merged, "1.37") == []
    assert drifted_files(merged, "1.35") == ["docs/lesson/index.md"]


def test_report_merge_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES, site)
    monkeypatch.chdir(site)
    result = CliRunner().invoke(
        main,
        ["report", "merge", "verify-1.35.json", "verify-1.37.json", "--json", "m.json"],
    )
    assert result.exit_code == 0, result.output
    assert "merged 2 report(s) on Kubernetes 1.35, 1.37: 3 passed, 1 failed" in result.output
    document = json.loads((site / "m.json").read_text())
    assert [p["kubernetes_version"] for p in document["pages"]] == ["v1.35.4", "v1.37.2"]
    drifted = CliRunner().invoke(main, ["report", "drifted", "m.json", "--kubernetes", "1.35"])
    assert drifted.exit_code == 0 and drifted.output == "docs/lesson/index.md\n"
