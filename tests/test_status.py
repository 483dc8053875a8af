"""The status a lesson shows readers, from a verify report and the page as it is now."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import parsed_report, verify_report

from snippets_runner.errors import ReportError
from snippets_runner.extract.pages import parse_page
from snippets_runner.integrations.site.status import PageStatus, State, Unverified, page_status
from snippets_runner.integrations.site.status_report import load_report
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
    return verify_report(pages)


def _status(report: Any, page: Page) -> PageStatus | None:
    """The status the site shows for ``report`` (a dict): a report it refuses counts as none.

    The summary is counted again from the pages, so a test that edits a page's
    results tests what it edits, not a summary left behind.
    """
    try:
        results = [c["result"] for p in report["pages"] for c in p["commands"]]
        report["summary"] = {
            "passed": results.count("passed"),
            "ran": results.count("ran"),
            "failed": results.count("failed"),
            "skipped": results.count("skipped"),
            "not_run": results.count("not-run"),
        }
    except (KeyError, TypeError):
        pass  # a malformed report stays as malformed as the test made it
    return page_status(parsed_report(report), page)


def test_passing_report_for_this_exact_page_is_verified_with_date_version_and_count() -> None:
    page = _page()
    assert _status(_report(page), page) == PageStatus(
        State.VERIFIED, "2026-11-28", "v1.33.13", 3, releases=("1.33",)
    )


def test_no_report_is_not_verified() -> None:
    status = page_status(None, _page())
    assert status is not None and status.state is State.NOT_VERIFIED


def test_an_edited_command_makes_the_page_not_verified() -> None:
    page = _page()
    report = _report(page)
    edited = _page(TEXT.replace("echo two\ntwo", "echo 2\n2"))
    status = _status(report, edited)
    assert status is not None and status.state is State.NOT_VERIFIED
    assert status.reason is Unverified.PAGE_CHANGED


def test_an_edited_output_line_makes_the_page_not_verified() -> None:
    report = _report(_page())
    status = _status(report, _page(TEXT.replace("one\n~$", "uno\n~$")))
    assert status is not None and status.state is State.NOT_VERIFIED


def test_prose_edits_keep_the_status() -> None:
    report = _report(_page())
    status = _status(report, _page(TEXT.replace("# Lesson", "# A better title")))
    assert status is not None and status.state is State.VERIFIED


def test_a_page_matches_by_lesson_and_locale() -> None:
    ja = _page(locale="ja")
    en = _page(locale="en")
    report = _report(ja)
    status = _status(report, en)
    assert status is not None and status.state is State.NOT_VERIFIED
    assert status.reason is Unverified.NOT_IN_REPORT


def test_failed_commands_are_counted_as_changed_output() -> None:
    page = _page()
    status = _status(_report(page, ["passed", "failed", "failed"]), page)
    assert status == PageStatus(State.CHANGED, "2026-11-28", "v1.33.13", 2, differs=("1.33",))


def test_commands_that_did_not_run_do_not_count_as_verified() -> None:
    page = _page()
    status = _status(_report(page, ["passed", "not-run", "not-run"]), page)
    assert status is not None and status.state is State.NOT_VERIFIED


def test_commands_of_skipped_blocks_are_not_counted() -> None:
    page = _page(TEXT.replace('```console exit="1"', '```console skip exit="1"'))
    status = _status(_report(page, ["passed", "passed", "skipped"]), page)
    assert status == PageStatus(State.VERIFIED, "2026-11-28", "v1.33.13", 2, releases=("1.33",))


def test_version_1_reports_vouch_for_nothing() -> None:
    page = _page()
    report = _report(page)
    report["version"] = 1
    del report["run"]
    del report["pages"][0]["content_hash"]
    status = _status(report, page)
    assert status is not None and status.state is State.NOT_VERIFIED
    assert status.reason is Unverified.NO_RESULTS


def test_loading_a_version_1_report_says_why_every_page_will_be_not_verified(
    tmp_path: Path,
) -> None:
    """Quietly showing "not verified" everywhere would leave the writer guessing."""
    report = _report(_page())
    report["version"] = 1
    path = tmp_path / "verify.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    with pytest.raises(
        ReportError, match=r"verify\.json: report version 1 was written by an older snippets-runner"
    ):
        load_report(path)


def test_a_report_without_a_finish_time_is_not_verified() -> None:
    page = _page()
    report = _report(page)
    del report["run"]["finished"]
    status = _status(report, page)
    assert status is not None and status.state is State.NOT_VERIFIED


def test_a_run_without_a_cluster_is_verified_without_a_version() -> None:
    """Plain-shell pages need no cluster; the report then says `"cluster": null`."""
    page = _page()
    entry = dict(_report(page)["pages"][0], kubernetes_version="")
    report = verify_report([entry], kubernetes_version="")
    report["run"]["cluster"] = None
    assert _status(report, page) == PageStatus(State.VERIFIED, "2026-11-28", "", 3)


def test_a_page_on_several_releases_names_each_and_no_single_version() -> None:
    """A merged nightly report holds the page once per release it ran on."""
    page = _page()
    entry = dict(_report(page)["pages"][0], kubernetes_version="v1.37.2")
    older = dict(entry, kubernetes_version="v1.36.3")
    report = verify_report([older, entry], kubernetes_version="v1.37.2")
    report["run"]["cluster"] = None
    status = _status(report, page)
    assert status == PageStatus(State.VERIFIED, "2026-11-28", "", 3, releases=("1.36", "1.37"))
    same = verify_report([entry], kubernetes_version="v1.37.2")
    status = _status(same, page)
    assert status is not None and status.kubernetes_version == "v1.37.2"


def test_a_page_that_differs_on_one_release_says_which() -> None:
    page = _page()
    entry = dict(_report(page)["pages"][0], kubernetes_version="v1.37.2")
    failed = [dict(c, result="failed", reason="output-differs") for c in entry["commands"]]
    older = dict(entry, kubernetes_version="v1.35.4", commands=failed[:1] + entry["commands"][1:])
    report = verify_report([older, entry], kubernetes_version="v1.37.2")
    status = _status(report, page)
    assert status == PageStatus(
        State.CHANGED, "2026-11-28", "", 1, releases=("1.37",), differs=("1.35",)
    )


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
        "releases": [],
        "differs": [],
        "not_compared": 0,
    }


def test_load_report_missing_file_is_none(tmp_path: Path) -> None:
    assert load_report(tmp_path / "verify.json") is None


def test_load_report_reads_json(tmp_path: Path) -> None:
    path = tmp_path / "verify.json"
    report = _report(_page())
    path.write_text(json.dumps(report), encoding="utf-8")
    assert load_report(path) == parsed_report(report)


def test_broken_report_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "verify.json"
    path.write_text('{\n  "schema": "snippets-runner/verify",\n  oops\n}\n', encoding="utf-8")
    with pytest.raises(ReportError, match=r"verify\.json:3: not a JSON report"):
        load_report(path)


def test_a_json_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "verify.json"
    path.write_text('{"schema": "something-else"}', encoding="utf-8")
    with pytest.raises(ReportError, match="not a snippets-runner verify report"):
        load_report(path)


# --- report values printed into the page must be what they claim to be ---------------


def _write(tmp_path: Path, report: Any) -> Path:
    path = tmp_path / "verify.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "version",
    ["<img src=x onerror=alert(1)>", "v1.33.13<b>", "v1.33.13 ", "1.33.13", "v1.33", 133],
)
def test_a_kubernetes_version_that_is_not_one_makes_the_report_unusable(
    tmp_path: Path, version: Any
) -> None:
    """The version comes from the cluster's /version or a CI artifact and ends up in HTML.

    Only what looks like a Kubernetes version is shown; anything else means
    the report cannot be trusted at all, and the build says which file.
    """
    page = _page()
    report = _report(page)
    report["run"]["cluster"]["kubernetes_version"] = version
    with pytest.raises(ReportError, match=r"verify\.json: .*(Kubernetes version|valid string)"):
        load_report(_write(tmp_path, report))
    assert _status(report, page) == PageStatus(State.NOT_VERIFIED, reason=Unverified.NO_RESULTS)


@pytest.mark.parametrize("version", ["v1.29.0-eks-5e0fdde", "v1.30.2+k3s1", "v1.28.3-gke.1203001"])
def test_versions_of_managed_kubernetes_are_shown(version: str) -> None:
    page = _page()
    report = _report(page)
    report["run"]["cluster"]["kubernetes_version"] = version
    report["pages"][0]["kubernetes_version"] = version
    status = _status(report, page)
    assert status is not None and status.kubernetes_version == version


@pytest.mark.parametrize("finished", ["<b>2026-11-2</b>", "2026-13-45T00:00:00Z", "soon", 20261129])
def test_a_finish_time_that_is_not_iso_8601_makes_the_report_unusable(
    tmp_path: Path, finished: Any
) -> None:
    page = _page()
    report = _report(page)
    report["run"]["finished"] = finished
    with pytest.raises(ReportError, match=r"verify\.json: .*finish"):
        load_report(_write(tmp_path, report))
    assert _status(report, page) == PageStatus(State.NOT_VERIFIED, reason=Unverified.NO_RESULTS)


def test_the_date_shown_is_the_utc_date_the_run_finished() -> None:
    """`PageStatus.date` promises UTC: writers write UTC with a Z, and nothing else is taken.

    A finish time with an offset would have to be converted (cutting it would
    show the wrong day); no writer produces one, so such a report is refused.
    """
    page = _page()
    report = _report(page)
    report["run"]["finished"] = "2026-11-29T01:00:00+09:00"
    status = _status(report, page)
    assert status == PageStatus(State.NOT_VERIFIED, reason=Unverified.NO_RESULTS)
    report["run"]["finished"] = "2026-11-28T23:59:59Z"
    status = _status(report, page)
    assert status is not None and status.date == "2026-11-28"


# --- only report versions the runner knows ---------------------------------------------


@pytest.mark.parametrize("version", [5, 99, True, "2", 3.0, None])
def test_a_report_version_the_runner_does_not_know_is_refused(tmp_path: Path, version: Any) -> None:
    """A newer schema may mean other things by the same keys: refuse it as `report` commands do."""
    from snippets_runner.report import json_report

    page = _page()
    report = _report(page)
    report["version"] = version
    path = _write(tmp_path, report)
    with pytest.raises(ReportError) as from_site:
        load_report(path)
    with pytest.raises(ReportError) as from_runner:
        json_report.read(path)
    assert str(from_site.value) == str(from_runner.value)
    assert "unsupported report version" in str(from_site.value)
    assert _status(report, page) == PageStatus(State.NOT_VERIFIED, reason=Unverified.NO_RESULTS)


# --- malformed reports: a message naming the file, never a traceback -------------------


def test_a_report_that_is_not_utf8_names_the_file(tmp_path: Path) -> None:
    """PowerShell's `>` writes UTF-16: the writer needs to hear that, not a UnicodeDecodeError."""
    path = tmp_path / "verify.json"
    path.write_text(json.dumps(_report(_page())), encoding="utf-16")
    with pytest.raises(ReportError, match=r"verify\.json: .*not UTF-8"):
        load_report(path)


def test_a_utf8_report_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "verify.json"
    report = _report(_page())
    path.write_text(json.dumps(report), encoding="utf-8-sig")
    assert load_report(path) == parsed_report(report)


def _mutated(change: str) -> dict[str, Any]:
    report = _report(_page())
    run, entry = report["run"], report["pages"][0]
    if change == "shards-not-a-list":
        run["shards"] = "x"
    elif change == "shard-version-a-list":
        run["cluster"] = None
        run["shards"] = [{"index": 1, "total": 1, "cluster": {"kubernetes_version": ["a"]}}]
    elif change == "shard-not-a-mapping":
        run["shards"] = [7]
    elif change == "cluster-a-string":
        run["cluster"] = "abc"
    elif change == "run-a-list":
        report["run"] = []
    elif change == "pages-null":
        report["pages"] = None
    elif change == "pages-a-mapping":
        report["pages"] = {"a": 1}
    elif change == "page-a-string":
        report["pages"] = ["lesson/index.md"]
    elif change == "commands-a-string":
        entry["commands"] = "passed"
    elif change == "command-a-string":
        entry["commands"][0] = "passed"
    elif change == "result-a-list":
        entry["commands"][0]["result"] = ["passed"]
    elif change == "hash-a-list":
        entry["content_hash"] = [entry["content_hash"]]
    elif change == "lesson-a-list":
        entry["lesson"] = [entry["lesson"]]
    return report


MUTATIONS = [
    "shards-not-a-list", "shard-version-a-list", "shard-not-a-mapping", "cluster-a-string",
    "run-a-list", "pages-null", "pages-a-mapping", "page-a-string", "commands-a-string",
    "command-a-string", "result-a-list", "hash-a-list", "lesson-a-list",
]  # fmt: skip


@pytest.mark.parametrize("change", MUTATIONS)
def test_a_malformed_report_is_refused_naming_the_file(tmp_path: Path, change: str) -> None:
    with pytest.raises(ReportError, match=r"verify\.json: "):
        load_report(_write(tmp_path, _mutated(change)))


@pytest.mark.parametrize("change", MUTATIONS)
def test_a_malformed_report_never_makes_a_page_verified_nor_raises(change: str) -> None:
    """page_status is also given reports directly (tests, other callers): it must not crash."""
    status = _status(_mutated(change), _page())
    assert status is not None and status.state is State.NOT_VERIFIED


@pytest.mark.parametrize(
    "text",
    ["", '{"schema": "snippets-runner/verify", "version": 2, "pages": [', "[" * 100_000,
     '{"version": 1' + "0" * 5000 + "}"],
    ids=["empty", "truncated", "deeply-nested", "huge-number"],
)  # fmt: skip
def test_json_that_python_cannot_load_is_a_report_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "verify.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReportError, match=r"verify\.json"):
        load_report(path)


# --- why a page is not verified -------------------------------------------------------


def test_each_reason_is_told_apart() -> None:
    """Readers are told why; "changed since" is only true when the page did change."""
    page = _page()
    assert page_status(None, page) == PageStatus(State.NOT_VERIFIED, reason=Unverified.NO_RESULTS)
    other = _report(_page(locale="en"))
    assert _reason(other, page) is Unverified.NOT_IN_REPORT
    assert (
        _reason(_report(page, content_hash="sha256:" + "1" * 64), page) is Unverified.PAGE_CHANGED
    )
    assert _reason(_report(page, ["passed", "not-run", "passed"]), page) is Unverified.NOT_RUN
    fewer = _report(page)
    del fewer["pages"][0]["commands"][-1]
    assert _reason(fewer, page) is Unverified.RESULTS_MISMATCH


def _reason(report: dict[str, Any], page: Page) -> Unverified | None:
    status = _status(report, page)
    assert status is not None and status.state is State.NOT_VERIFIED
    return status.reason


def test_the_partial_gets_the_reason_as_a_plain_code() -> None:
    status = PageStatus(State.NOT_VERIFIED, reason=Unverified.PAGE_CHANGED)
    assert status.as_context("ja")["reason"] == "page-changed"


# --- every command of the page must have passed ------------------------------------------


@pytest.mark.parametrize("drop", [0, 1, 2])
def test_a_report_with_fewer_results_than_the_page_has_commands_is_not_verified(
    drop: int,
) -> None:
    """Two results cannot vouch for three commands, whichever is missing."""
    page = _page()
    report = _report(page)
    del report["pages"][0]["commands"][drop]
    assert _reason(report, page) is Unverified.RESULTS_MISMATCH


def test_a_report_with_more_results_than_the_page_has_commands_is_not_verified() -> None:
    page = _page()
    report = _report(page)
    commands = report["pages"][0]["commands"]
    commands.append(dict(commands[-1]))
    assert _reason(report, page) is Unverified.RESULTS_MISMATCH


def test_a_runnable_command_reported_as_skipped_is_not_verified() -> None:
    """Only a `skip` block's commands may be skipped; any other skipped command did not run."""
    page = _page()
    assert _reason(_report(page, ["skipped", "passed", "passed"]), page) is Unverified.NOT_RUN


def test_an_unknown_result_is_not_a_pass() -> None:
    """A result no writer produces makes the whole report unusable (report.document)."""
    page = _page()
    assert _reason(_report(page, ["passed", "ok", "passed"]), page) is Unverified.NO_RESULTS


def test_a_changed_count_needs_results_for_the_page_too() -> None:
    """ "N commands differ" is a claim about this page's commands, so the results must be its."""
    page = _page()
    report = _report(page, ["failed", "passed", "passed"])
    commands = report["pages"][0]["commands"]
    commands.append(dict(commands[0], line=99))
    assert _reason(report, page) is Unverified.RESULTS_MISMATCH


# --- commands whose output is not published: ran, never verified ------------------------

UNPUBLISHED = TEXT.replace('```console exit="1"', '```console exit="1" output="not-published"')
ALL_UNPUBLISHED = """\
```console output="not-published"
~$ make build
~$ make install
```
"""


def test_commands_that_ran_without_comparing_output_are_counted_apart() -> None:
    page = _page(UNPUBLISHED)
    status = _status(_report(page, ["passed", "passed", "ran"]), page)
    assert status == PageStatus(
        State.VERIFIED, "2026-11-28", "v1.33.13", 2, releases=("1.33",), not_compared=1
    )
    assert status.as_context("en")["not_compared"] == 1


def test_a_page_none_of_whose_output_was_compared_is_never_verified() -> None:
    page = _page(ALL_UNPUBLISHED)
    status = _status(_report(page, ["ran", "ran"]), page)
    assert status == PageStatus(
        State.RAN, "2026-11-28", "v1.33.13", 0, releases=("1.33",), not_compared=2
    )


def test_a_command_that_ran_does_not_hide_one_that_failed_or_did_not_run() -> None:
    page = _page(UNPUBLISHED)
    changed = _status(_report(page, ["passed", "failed", "ran"]), page)
    assert changed is not None and changed.state is State.CHANGED and changed.commands == 1
    not_run = _status(_report(page, ["passed", "ran", "not-run"]), page)
    assert not_run == PageStatus(State.NOT_VERIFIED, reason=Unverified.NOT_RUN)


def test_a_report_of_the_page_before_its_output_was_unpublished_does_not_vouch() -> None:
    """A "passed, prints nothing" report says nothing of "ran, output not compared"."""
    page = _page(UNPUBLISHED)
    old = _report(page, ["passed", "passed", "passed"], content_hash=page_fingerprint(_page()))
    assert _status(old, page) == PageStatus(State.NOT_VERIFIED, reason=Unverified.PAGE_CHANGED)


# --- placeholders: a block the runner skips for one is not counted ----------------------

PLACEHOLDER_TEXT = """\
```console
~$ echo one
one
```

```console
~$ kubectl logs <pod-name>
```
"""


def test_a_block_skipped_for_a_placeholder_without_a_value_is_not_counted() -> None:
    from snippets_runner.model import Syntax

    syntax = Syntax(placeholders=("<*>",))
    page = parse_page(PLACEHOLDER_TEXT, Path("docs/lesson/index.ja.md"), "ja", LESSON, syntax)
    status = _status(_report(page, ["passed", "skipped"]), page)
    assert status == PageStatus(State.VERIFIED, "2026-11-28", "v1.33.13", 1, releases=("1.33",))
    only = parse_page(PLACEHOLDER_TEXT.split("\n\n")[1], Path("x.ja.md"), "ja", LESSON, syntax)
    assert page_status(None, only) is None  # nothing of it runs: no status at all


def test_the_status_of_every_page_of_a_site_reads_the_report_once() -> None:
    """The site asks for each of its pages; the report may hold a million: each page's
    records are looked up in an index built once, never searched for again."""
    import dataclasses

    class Counted(tuple):  # type: ignore[type-arg]
        scans = 0

        def __iter__(self):  # type: ignore[no-untyped-def]
            Counted.scans += 1
            return super().__iter__()

    site = [_page(locale=locale) for locale in ("ja", "en")]
    site += [
        parse_page(TEXT, Path(f"docs/l{k}/index.md"), "", f"l{k}/index.md") for k in range(200)
    ]
    pages = [p for page in site[:2] for p in _report(page)["pages"]]
    report = parsed_report(verify_report(pages))
    assert report is not None
    counted = dataclasses.replace(report, pages=Counted(report.pages))
    statuses = [page_status(counted, page) for page in site]
    assert [s.state for s in statuses[:2] if s] == [State.VERIFIED, State.VERIFIED]
    assert {s.reason for s in statuses[2:] if s} == {Unverified.NOT_IN_REPORT}
    assert Counted.scans <= 1, f"the report's pages were read {Counted.scans} times"
