"""Reports from other jobs are untrusted input: one typed schema validates every field.

Each case is a report some other job (or an attacker's artifact) could hand to
`report merge`, `report trend`, `report drifted`, `--durations` or the site.
Each must be refused as a ReportError naming the file and the field (exit 2),
never a traceback, unbounded work, or a value that reaches a summary as markup.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import parsed_report, verify_report

from snippets_runner.cli import main
from snippets_runner.errors import ReportError
from snippets_runner.report import markdown
from snippets_runner.report.document import MAX_SHARDS, Report, dump, parse

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
    text = markdown.render(document)
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
