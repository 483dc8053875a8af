"""The status a lesson shows readers, from a verify report and the page as it is now."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import v2_report

from snippets_runner.errors import ReportError
from snippets_runner.extract.pages import parse_page
from snippets_runner.integrations.status import PageStatus, State, load_report, page_status
from snippets_runner.model import Page
from snippets_runner.report.fingerprint import page_fingerprint

LESSON = "lesson/index.md"
TEXT = """\
# Lesson

```console
~$ echo one
one
~$ echo two
two
```

```console exit="1"
~$ false
```
"""


def _page(text: str = TEXT, locale: str = "ja") -> Page:
    return parse_page(text, Path(f"docs/lesson/index.{locale}.md"), locale, LESSON)


def _report(
    page: Page, results: list[str] | None = None, *, content_hash: str | None = None
) -> dict[str, Any]:
    """A version 2 report as `verify --json` writes it, for `page` only."""
    results = results if results is not None else ["passed"] * len(page.commands)
    pages = [
        {
            "file": str(page.path),
            "locale": page.locale,
            "lesson": page.lesson,
            "duration": 1.5,
            "content_hash": content_hash or page_fingerprint(page),
            "commands": [
                {"line": c.location.line, "command": c.text, "result": r}
                for c, r in zip(page.commands, results, strict=True)
            ],
        }
    ]
    summary = {"passed": results.count("passed"), "failed": results.count("failed")}
    return v2_report(pages, summary)


def test_passing_report_for_this_exact_page_is_verified_with_date_version_and_count() -> None:
    page = _page()
    assert page_status(_report(page), page) == PageStatus(
        State.VERIFIED, "2026-11-28", "v1.33.13", 3
    )


def test_no_report_is_not_verified() -> None:
    status = page_status(None, _page())
    assert status is not None and status.state is State.NOT_VERIFIED


def test_an_edited_command_makes_the_page_not_verified() -> None:
    page = _page()
    report = _report(page)
    edited = _page(TEXT.replace("echo two\ntwo", "echo 2\n2"))
    status = page_status(report, edited)
    assert status is not None and status.state is State.NOT_VERIFIED
    assert "changed" in status.reason


def test_an_edited_output_line_makes_the_page_not_verified() -> None:
    report = _report(_page())
    status = page_status(report, _page(TEXT.replace("one\n~$", "uno\n~$")))
    assert status is not None and status.state is State.NOT_VERIFIED


def test_prose_edits_keep_the_status() -> None:
    report = _report(_page())
    status = page_status(report, _page(TEXT.replace("# Lesson", "# A better title")))
    assert status is not None and status.state is State.VERIFIED


def test_a_page_matches_by_lesson_and_locale() -> None:
    ja = _page(locale="ja")
    en = _page(locale="en")
    report = _report(ja)
    status = page_status(report, en)
    assert status is not None and status.state is State.NOT_VERIFIED
    assert status.reason == "page is not in the report"


def test_failed_commands_are_counted_as_changed_output() -> None:
    page = _page()
    status = page_status(_report(page, ["passed", "failed", "failed"]), page)
    assert status == PageStatus(State.CHANGED, "2026-11-28", "v1.33.13", 2)


def test_commands_that_did_not_run_do_not_count_as_verified() -> None:
    page = _page()
    status = page_status(_report(page, ["passed", "not-run", "not-run"]), page)
    assert status is not None and status.state is State.NOT_VERIFIED


def test_skipped_commands_are_not_counted() -> None:
    page = _page()
    status = page_status(_report(page, ["passed", "passed", "skipped"]), page)
    assert status == PageStatus(State.VERIFIED, "2026-11-28", "v1.33.13", 2)


def test_version_1_reports_vouch_for_nothing() -> None:
    page = _page()
    report = _report(page)
    report["version"] = 1
    del report["run"]
    del report["pages"][0]["content_hash"]
    status = page_status(report, page)
    assert status is not None and status.state is State.NOT_VERIFIED
    assert "version 1" in status.reason


def test_a_report_without_a_finish_time_is_not_verified() -> None:
    page = _page()
    report = _report(page)
    del report["run"]["finished"]
    status = page_status(report, page)
    assert status is not None and status.state is State.NOT_VERIFIED


def test_a_run_without_a_cluster_is_verified_without_a_version() -> None:
    """Plain-shell pages need no cluster; the report then says `"cluster": null`."""
    page = _page()
    report = _report(page)
    report["run"]["cluster"] = None
    assert page_status(report, page) == PageStatus(State.VERIFIED, "2026-11-28", "", 3)


def _shard(version: str) -> dict[str, Any]:
    return {"index": 0, "total": 2, "cluster": {"kubernetes_version": version}}


def test_merged_shards_give_their_common_version_and_none_when_they_differ() -> None:
    page = _page()
    report = _report(page)
    report["run"]["cluster"] = None
    report["run"]["shards"] = [_shard("v1.33.13"), _shard("v1.33.13")]
    status = page_status(report, page)
    assert status is not None and status.kubernetes_version == "v1.33.13"
    report["run"]["shards"] = [_shard("v1.33.13"), _shard("v1.34.0")]
    status = page_status(report, page)
    assert status is not None and status.kubernetes_version == ""


def test_pages_without_runnable_commands_have_no_status() -> None:
    assert page_status(None, _page("# Prose only\n")) is None
    skipped = _page("```console skip\n~$ rm -rf /tmp/x\n```\n")
    assert page_status(None, skipped) is None


def test_context_for_the_partial() -> None:
    status = PageStatus(State.CHANGED, "2026-11-28", "v1.33.13", 2)
    assert status.as_context("en") == {
        "state": "changed",
        "date": "2026-11-28",
        "kubernetes_version": "v1.33.13",
        "commands": 2,
        "reason": "",
        "locale": "en",
    }


def test_load_report_missing_file_is_none(tmp_path: Path) -> None:
    assert load_report(tmp_path / "verify.json") is None


def test_load_report_reads_json(tmp_path: Path) -> None:
    path = tmp_path / "verify.json"
    report = _report(_page())
    path.write_text(json.dumps(report), encoding="utf-8")
    assert load_report(path) == report


def test_broken_report_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "verify.json"
    path.write_text('{\n  "schema": "snippets-runner/verify",\n  oops\n}\n', encoding="utf-8")
    with pytest.raises(ReportError, match=r"verify\.json:3: verification report is not JSON"):
        load_report(path)


def test_a_json_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "verify.json"
    path.write_text('{"schema": "something-else"}', encoding="utf-8")
    with pytest.raises(ReportError, match="not a snippets-runner/verify report"):
        load_report(path)
