"""Reports from other jobs are untrusted input: one typed schema validates every field.

Each case is a report some other job (or an attacker's artifact) could hand to
`report merge`, `report trend`, `report drifted`, `--durations` or the site.
Each must be refused as a ReportError naming the file and the field (exit 2),
never a traceback, unbounded work, or a value that reaches a summary as markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import parsed_report, verify_report
from report_samples import failed_report
from report_samples import parse as parse_sample

from snippets_runner.cli import main
from snippets_runner.errors import ReportError
from snippets_runner.report import job_summary
from snippets_runner.report.document import (
    MAX_SHARDS,
    Report,
    ReportFormatError,
    dump,
    parse,
    release_of,
)

Change = Callable[[dict[str, Any]], object]


def _good() -> dict[str, Any]:
    command = {"file": "docs/a/index.md", "line": 3, "command": "echo a", "result": "passed"}
    page = {"file": "docs/a/index.md", "lesson": "a/index.md", "commands": [command]}
    return verify_report([page])


def _command(report: dict[str, Any]) -> dict[str, Any]:
    command: dict[str, Any] = report["pages"][0]["commands"][0]
    return command


CASES: dict[str, tuple[Change, str]] = {
    "unknown result": (lambda r: _command(r).update(result="ok"), r"pages\[0\]\.commands\[0\]\.result"),  # noqa: E501
    "page without lesson": (lambda r: r["pages"][0].pop("lesson"), r"pages\[0\]\.lesson: Field required"),  # noqa: E501
    "run a string": (lambda r: r.update(run="yesterday"), r"run: "),
    "infinite duration": (lambda r: r["pages"][0].update(duration=1e400), r"pages\[0\]\.duration"),
    "negative duration": (lambda r: _command(r).update(duration=-1.0), r"commands\[0\]\.duration"),
    "huge shard total": (
        lambda r: r["run"].update(shard={"index": 1, "total": 10**9}),
        r"run\.shard\.total",
    ),
    "shard past its total": (
        lambda r: r["run"].update(shard={"index": 3, "total": 2}), r"run\.shard: 3 of 2",
    ),
    "line zero": (lambda r: _command(r).update(line=0), r"commands\[0\]\.line"),
    "boolean line": (lambda r: _command(r).update(line=True), r"commands\[0\]\.line"),
    "reason that does not fit": (
        lambda r: _command(r).update(reason="output-differs"), r"reason: .* does not fit",
    ),
    "summary that lies": (
        lambda r: r["summary"].update(passed=99), r"summary does not count",
    ),
    "path climbing out": (
        lambda r: r["pages"][0].update(file="docs/../../etc/passwd.md"), r"is not a page path",
    ),
    "path that is an option": (
        lambda r: r["pages"][0].update(file="--patch=/tmp/x.md"), r"is not a page path",
    ),
    "path with a newline": (
        lambda r: _command(r).update(file="docs/a.md\n--all"), r"is not a page path",
    ),
    "not a page": (lambda r: r["pages"][0].update(file="docs/a/index.html"), r"not a page path"),
    "diff row of unknown sign": (
        lambda r: _command(r).update(diff=[{"sign": "!", "text": "x"}]), r"diff\[0\]\.sign",
    ),
    "kubernetes version as markup": (
        lambda r: r["pages"][0].update(kubernetes_version="<b>v1</b>"), r"not a Kubernetes version",
    ),
    "time that is no time": (lambda r: r["run"].update(finished="2026-02-30T00:00:00Z"), r"run\.finished"),  # noqa: E501
    "hash that is no hash": (lambda r: r["pages"][0].update(content_hash="md5:1"), r"content_hash"),
    "ran with a reason": (
        lambda r: _command(r).update(result="ran", reason="output-differs"),
        r"reason: .* does not fit result 'ran'",
    ),
    "ran not counted": (lambda r: _command(r).update(result="ran"), r"summary does not count"),
    "summary without ran": (lambda r: r["summary"].pop("ran"), r"summary\.ran: Field required"),
    "placeholder as a failure": (
        lambda r: _command(r).update(result="failed", reason="placeholder"),
        r"reason: .* does not fit result 'failed'",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_report_is_refused_naming_the_field(case: str) -> None:
    change, field = CASES[case]
    report = _good()
    change(report)
    with pytest.raises(ReportError, match=rf"^shard\.json: .*{field}"):
        parse(json.dumps(report).encode(), Path("shard.json"))


def test_the_good_report_is_read() -> None:
    assert isinstance(parse(json.dumps(_good()).encode(), Path("r.json")), Report)


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_in_the_file_are_refused(text: str) -> None:
    raw = json.dumps(_good()).replace('"duration": 1.0', f'"duration": {text}', 1)
    with pytest.raises(ReportError, match=r"duration"):
        parse(raw.encode(), Path("r.json"))


def test_a_report_never_writes_nan() -> None:
    report = parsed_report(_good())
    assert report is not None
    import dataclasses

    page = dataclasses.replace(report.pages[0], duration=float("nan"))
    with pytest.raises(ReportError, match="cannot be written as JSON"):
        dump(dataclasses.replace(report, pages=(page,)))


def test_the_shard_total_bounds_every_reader() -> None:
    report = _good()
    report["run"]["shard"] = {"index": 1, "total": MAX_SHARDS}
    assert parsed_report(report) is not None, "the bound itself is a valid total"


def test_names_from_a_report_cannot_become_markup_in_the_summary() -> None:
    hostile = "x` <img src=x onerror=alert(1)> | [link](http://e) `"
    report = _good()
    failed = {"result": "failed", "reason": "exit-status", "exit_status": 1, "note": hostile}
    _command(report).update(failed, file="docs/a/<b>.md", lesson=hostile, locale="<i>ja</i>")
    report["pages"][0].update(lesson=hostile, file="docs/a/<b>.md", locale="<i>ja</i>")
    document = parsed_report(verify_report(report["pages"]))
    assert document is not None
    text = job_summary.render(document)
    # As GitHub renders a job summary: CommonMark with tables and raw HTML allowed.
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    assert "<img" not in html and "<b>" not in html and "<i>" not in html
    assert "<a " not in html, "no link from a report's text"
    for line in text.splitlines():
        if line.startswith("| `"):  # a table row stays one row with its own cells
            assert line.count(" | ") == 2, line


def test_drifted_prints_only_pages_inside_the_docs_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\n")
    (tmp_path / "docs" / "a").mkdir(parents=True)
    (tmp_path / "docs" / "a" / "index.md").write_text("# a\n")
    (tmp_path / "outside.md").write_text("# no\n")
    monkeypatch.chdir(tmp_path)
    drift = {
        "result": "failed", "reason": "output-differs", "exit_status": 0, "note": "output differs",
    }  # fmt: skip
    for path, code in (
        ("docs/a/index.md", 0),
        ("outside.md", 2),
        (str(tmp_path / "outside.md"), 2),
    ):
        report = _good()
        report["pages"][0]["file"] = path
        _command(report).update(drift, file=path)
        (tmp_path / "r.json").write_text(json.dumps(verify_report(report["pages"])))
        result = CliRunner().invoke(main, ["report", "drifted", "r.json"])
        assert result.exit_code == code, (path, result.output)
        if code:
            assert "is not a page of" in result.output and path not in result.stdout
        else:
            assert result.stdout == "docs/a/index.md\n"


def test_merge_of_a_bad_report_is_exit_2_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    report = _good()
    report["pages"][0]["duration"] = "slow"
    Path("bad.json").write_text(json.dumps(report))
    result = CliRunner().invoke(main, ["report", "merge", "bad.json"])
    assert result.exit_code == 2
    assert "bad.json: pages[0].duration" in result.output and "Traceback" not in result.output


# --- version 4: ran (output not compared) and placeholder; version 3 read as it was ------


def _ran() -> dict[str, Any]:
    report = _good()
    _command(report).update(result="ran", output="whatever it printed\n")
    report["summary"] = verify_report(report["pages"])["summary"]
    return report


def test_a_ran_command_is_read_and_counted_apart_from_passed() -> None:
    report = parsed_report(_ran())
    assert report is not None
    assert (report.summary.passed, report.summary.ran) == (0, 1)
    assert report.summary.ok and report.pages[0].passed
    assert report.summary.line() == "0 passed, 0 failed, 0 not run, 1 ran (output not compared)"


def test_a_skipped_placeholder_is_read() -> None:
    report = _good()
    _command(report).update(result="skipped", reason="placeholder", exit_status=None, tries=0)
    document = parsed_report(verify_report(report["pages"]))
    assert document is not None and document.pages[0].commands[0].reason.value == "placeholder"


def _v3(report: dict[str, Any]) -> dict[str, Any]:
    report["version"] = 3
    del report["summary"]["ran"]
    return report


def test_a_version_3_report_is_read_as_it_was_with_nothing_ran() -> None:
    """Version 4 only added values: a version 3 report (the recorded ones, last night's
    shards) means what it meant, and merges with version 4 ones."""
    report = parse(json.dumps(_v3(_good())).encode(), Path("old.json"))
    assert report.version == 4 and report.summary.ran == 0 and report.summary.passed == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda c: c.update(result="ran"), r"result: 'ran' is not a result of report version 3"),
        (
            lambda c: c.update(result="skipped", reason="placeholder"),
            r"reason: 'placeholder' is not a reason of report version 3",
        ),
    ],
)
def test_a_version_3_report_with_a_value_of_version_4_is_refused(
    change: Callable[[dict[str, Any]], object], field: str
) -> None:
    report = _good()
    change(_command(report))
    with pytest.raises(ReportError, match=rf"^old\.json: pages\[0\]\.commands\[0\]\.{field}"):
        parse(json.dumps(_v3(verify_report(report["pages"]))).encode(), Path("old.json"))


def test_a_version_3_summary_that_claims_ran_commands_still_has_to_add_up() -> None:
    report = _v3(_good())
    report["summary"]["ran"] = 5  # no key of version 3: read as 0, as ever
    assert parse(json.dumps(report).encode(), Path("old.json")).summary.ran == 0


@pytest.mark.parametrize("version", [1, 2])
def test_older_versions_are_old_reports(version: int) -> None:
    from snippets_runner.report.document import OldReportError

    report = _good()
    report["version"] = version
    with pytest.raises(OldReportError, match=f"report version {version} was written by an older"):
        parse(json.dumps(report).encode(), Path("old.json"))


# --- Kubernetes versions and times: ASCII digits only ------------------------------------

# \d (and int()) take any Unicode digit: each of these reads like a release it is not.
OTHER_DIGITS = {
    "arabic-indic": "v\u0661.\u0663\u0667.0",
    "fullwidth": "v\uff11.\uff13\uff17.\uff10",
    "one fullwidth digit": "v1.3\uff17.0",
    "devanagari patch": "v1.37.\u0968",
    "extended arabic-indic": "v\u06f1.\u06f3\u06f7.0",
}


def test_a_kubernetes_version_in_other_digits_is_refused() -> None:
    """Review round 3: ``v\\u0661.\\u0663\\u0667.0`` (Arabic-Indic digits) was accepted as a
    release that is not ``1.37``, so merge, ``report drifted --kubernetes 1.37`` and the
    site's status saw two releases where there is one."""
    data = failed_report()
    data["pages"][0]["kubernetes_version"] = "v\u0661.\u0663\u0667.0"
    with pytest.raises(ReportFormatError, match="kubernetes_version"):
        parse_sample(data)


PLACES: dict[str, Callable[[dict[str, Any], str], object]] = {
    r"pages\[0\]\.kubernetes_version": lambda r, v: r["pages"][0].update(kubernetes_version=v),
    r"run\.cluster\.kubernetes_version": lambda r, v: r["run"].update(cluster=_cluster(v)),
    r"run\.shards\[1\]\.cluster\.kubernetes_version": lambda r, v: r["run"].update(
        shards=[_shard(1, "v1.37.0"), _shard(2, v)]
    ),
}


@pytest.mark.parametrize("digits", sorted(OTHER_DIGITS))
@pytest.mark.parametrize("field", sorted(PLACES))
def test_versions_in_any_digits_but_ascii_are_refused_where_they_stand(
    digits: str, field: str
) -> None:
    data = failed_report()
    PLACES[field](data, OTHER_DIGITS[digits])
    with pytest.raises(ReportFormatError, match=rf"^shard\.json: {field}: .* is not a Kubernetes"):
        parse_sample(data)


@pytest.mark.parametrize(
    "version", sorted(v for k, v in OTHER_DIGITS.items() if k != "devanagari patch")
)
def test_a_release_is_never_read_out_of_other_digits(version: str) -> None:
    assert release_of(version) == ""
    assert release_of("v1.37.2") == "1.37"


@pytest.mark.parametrize("field", ["started", "finished"])
def test_a_time_in_other_digits_is_refused(field: str) -> None:
    data = failed_report()
    data["run"][field] = "\u0662\u0660\u0662\u0666-12-06T21:30:00Z"
    with pytest.raises(ReportFormatError, match=rf"run\.{field}: .* is not a time"):
        parse_sample(data)


def _cluster(version: str) -> dict[str, str]:
    return {"context": "lab", "server": "https://lab.example", "kubernetes_version": version}


def _shard(index: int, version: str) -> dict[str, Any]:
    return {
        "index": index, "total": 2, "started": None, "finished": None,
        "cluster": _cluster(version),
    }  # fmt: skip


# --- diff spans: inside their row, in order, apart ----------------------------------------


def test_a_report_with_diff_spans_outside_their_row_is_refused() -> None:
    """Review round 3: spans past the row's text, reversed or overlapping were accepted, and
    ``render_plain`` (the Markdown summary, JUnit) copied the whole row once per span: a
    1.8 MB report (one 1 MB row, 100,000 spans) kept ``report merge --markdown`` busy
    for 54 s. Writers only produce sorted spans inside the row."""
    outside = failed_report()
    outside["pages"][0]["commands"][0]["diff"][1]["spans"] = [[5, 2]]
    overlapping = failed_report()
    overlapping["pages"][0]["commands"][0]["diff"][1]["spans"] = [[0, 7]] * 1000
    for data in (outside, overlapping):
        with pytest.raises(ReportFormatError, match=r"diff\[1\]\.spans"):
            parse_sample(data)


def _normalized(spans: list[list[int]], text: str = "web 5s Running") -> dict[str, Any]:
    """A report whose second diff row is a ``~`` row of ``text`` with ``spans``."""
    data = failed_report()
    data["pages"][0]["commands"][0]["diff"][1] = {"sign": "~", "text": text, "spans": spans}
    return data


SPANS = {
    "reversed": ([[6, 4]], r"\[0\]: \[6, 4\] ends before it starts"),
    "past the row": ([[4, 15]], r"\[0\]: \[4, 15\] is past the row's 14 characters"),
    "starting past the row": ([[15, 15]], r"\[0\]: \[15, 15\] is past the row"),
    "overlapping": ([[0, 5], [4, 6]], r"\[1\]: \[4, 6\] overlaps or repeats the span before"),
    "out of order": ([[4, 6], [0, 3]], r"\[1\]: \[0, 3\] overlaps or repeats"),
    "the same twice": ([[4, 6], [4, 6]], r"\[1\]: \[4, 6\] overlaps or repeats"),
    "an empty span twice": ([[0, 1], [3, 3], [3, 3]], r"\[2\]: \[3, 3\] overlaps or repeats"),
    "empty spans in one place": ([[3, 3]] * 1000, r"\[1\]: \[3, 3\] overlaps or repeats"),
    "negative": ([[-1, 2]], r"spans\[0\]\[0\]: Input should be greater than or equal to 0"),
    "not pairs": ([[1, 2, 3]], r"spans\[0\]: Tuple should have at most 2 items"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(SPANS))
def test_spans_no_writer_makes_are_refused_naming_the_span(case: str) -> None:
    spans, message = SPANS[case]
    with pytest.raises(
        ReportFormatError, match=r"^shard\.json: pages\[0\]\.commands\[0\]\.diff\[1\]\.spans"
    ) as refused:
        parse_sample(_normalized(spans))
    assert re.search(message, str(refused.value)), str(refused.value)


@pytest.mark.parametrize("sign", ["+", "-", " ", "…"])
def test_only_a_normalized_row_has_spans(sign: str) -> None:
    data = _normalized([[0, 1]])
    data["pages"][0]["commands"][0]["diff"][1]["sign"] = sign
    with pytest.raises(
        ReportFormatError, match=r"diff\[1\]\.spans: .* \(only a '~' row has spans\)"
    ):
        parse_sample(data)


@pytest.mark.parametrize(
    "spans",
    [[], [[4, 6]], [[0, 3], [3, 3], [3, 6]], [[14, 14]], [[0, 14]], [[0, 0], [0, 1], [1, 1]]],
)
def test_spans_as_writers_write_them_are_read(spans: list[list[int]]) -> None:
    """Adjacent and empty spans (a ``[...]`` that matched nothing), one at the row's end."""
    row = parse_sample(_normalized(spans)).pages[0].commands[0].diff[1]
    assert row.spans == tuple(map(tuple, spans))


def test_a_report_written_from_a_real_normalized_diff_is_read() -> None:
    from snippets_runner.match import match
    from snippets_runner.model import Command, ExpectedOutput, Location, Page
    from snippets_runner.report import json_report
    from snippets_runner.run.results import CommandResult, Failure, PageResult, Reason, Result
    from snippets_runner.secrets import Masker

    at = Location(Path("docs/p.md"), 3)
    expected = ExpectedOutput(("IP:  10.0.0.1", "x"), at)
    command = Command("cmd", ("~$ cmd",), Location(Path("docs/p.md"), 2), expected, 0)
    real = "IP:  10.0.0.7\ny"
    outcome = match(expected, real)
    differs = Failure(Reason.OUTPUT_DIFFERS)
    failing = CommandResult(command, Result.FAILED, 0, 0, real, 0.1, 1, outcome, differs)
    page = PageResult(Page(Path("docs/p.md"), "", "p.md", ()), (failing,), 0.1)
    row = parse_sample(json_report.render([page], Masker([]))).pages[0].commands[0].diff[0]
    assert (row.sign.value, row.text, row.spans) == ("~", "IP:  10.0.0.7", ((5, 13),))


def test_a_report_of_pages_on_more_releases_than_a_summary_shows_is_refused() -> None:
    """The job summary has a column per release and a row per lesson: pages each on a
    release of their own would grow it with the square of their number."""
    from snippets_runner.report.document import MAX_RELEASES

    pages = [
        {"file": f"docs/p{k}.md", "lesson": f"p{k}.md", "kubernetes_version": f"v1.{k}.0"}
        for k in range(MAX_RELEASES + 1)
    ]
    data = verify_report(pages)
    with pytest.raises(
        ReportFormatError,
        match=rf"pages\[{MAX_RELEASES}\]\.kubernetes_version: .* more than {MAX_RELEASES}",
    ):
        parse_sample(data)
    data["pages"] = data["pages"][:MAX_RELEASES]
    assert len(parse_sample(data).releases) == MAX_RELEASES
