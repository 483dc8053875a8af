"""JSON report version 2: run metadata, content hashes and diffs on top of every v1 key."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from snippets_runner import __version__
from snippets_runner.errors import ReportError
from snippets_runner.extract.pages import parse_page
from snippets_runner.report import json_report
from snippets_runner.report.diff import render_plain
from snippets_runner.report.document import Report
from snippets_runner.report.fingerprint import page_fingerprint
from snippets_runner.report.json_report import ClusterInfo, RunInfo
from snippets_runner.run.results import PageResult
from snippets_runner.run.runner import run_page
from snippets_runner.secrets import Masker
from snippets_runner.shard import Shard

V1_PAGE_KEYS = {"file", "locale", "lesson", "duration", "commands"}
V1_COMMAND_KEYS = {
    "file", "line", "locale", "lesson", "command", "result", "exit_status", "expected_exit",
    "duration", "tries", "timed_out", "note", "normalizers", "expected", "output",
}  # fmt: skip


@pytest.fixture
def ran(tmp_path: Path) -> PageResult:
    text = "# P\n\n```console\n~$ echo ok\nok\n~$ echo new s3cr3t-value\nold\n```\n"
    return run_page(parse_page(text, tmp_path / "p.md", "en", "p.md"))


def test_a_report_has_run_hash_reason_release_and_diff_rows_and_keeps_v1_keys(
    ran: PageResult,
) -> None:
    start = datetime(2026, 11, 28, 21, 0, 5, 123456, tzinfo=timezone(timedelta(hours=9)))
    run = RunInfo(
        start, start + timedelta(seconds=42), ClusterInfo("lab", "https://k:6443", "v1.33.13"),
        Shard(2, 3),
    )  # fmt: skip
    doc = json_report.render([ran], Masker({"s3cr3t-value"}), run)
    assert doc["schema"] == "snippets-runner/verify" and doc["version"] == 4
    assert doc["run"] == {
        "started": "2026-11-28T12:00:05Z",  # UTC, to the second
        "finished": "2026-11-28T12:00:47Z",
        "tool_version": __version__,
        "cluster": {"context": "lab", "server": "https://k:6443", "kubernetes_version": "v1.33.13"},
        "shard": {"index": 2, "total": 3},
        "shards": [],
    }
    [page] = doc["pages"]
    assert set(page) == V1_PAGE_KEYS | {"content_hash", "kubernetes_version"}
    assert page["kubernetes_version"] == "v1.33.13"
    assert page["content_hash"] == page_fingerprint(ran.page)
    assert page["content_hash"].startswith("sha256:")
    ok, wrong = page["commands"]
    assert set(ok) == set(wrong) == V1_COMMAND_KEYS | {"diff", "reason"}
    assert ok["diff"] == [] and ok["reason"] is None
    assert wrong["reason"] == "output-differs"
    assert wrong["diff"] == [
        {"sign": "-", "text": "old", "spans": []},
        {"sign": "+", "text": "new ******", "spans": []},
    ]
    # what JUnit and logs show of those rows
    rows = json_report.document([ran], Masker({"s3cr3t-value"})).pages[0].commands[1].diff
    assert render_plain(rows) == "--- published\n+++ real\n- old\n+ new ******"


def test_run_without_cluster_or_shard_is_null(ran: PageResult, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    target = tmp_path / "r.json"
    json_report.write(target, [ran], Masker(), RunInfo(now, now))
    doc = json_report.read(target)
    assert doc.run is not None and doc.run.cluster is None and doc.run.shard is None
    assert json_report.lesson_durations(doc) == {"p.md": round(ran.duration, 6)}


def test_read_names_the_file_and_line_of_bad_reports(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "schema": oops\n}')
    with pytest.raises(ReportError, match=r"bad\.json:2: not a JSON report"):
        json_report.read(bad)
    bad.write_text(json.dumps({"schema": "other", "version": 2, "pages": []}))
    with pytest.raises(ReportError, match="not a snippets-runner verify report"):
        json_report.read(bad)
    bad.write_text(json.dumps({"schema": "snippets-runner/verify", "version": 9, "pages": []}))
    with pytest.raises(ReportError, match="unsupported report version 9"):
        json_report.read(bad)
    with pytest.raises(ReportError, match="cannot read report"):
        json_report.read(tmp_path / "missing.json")


def test_read_refuses_what_python_cannot_decode_with_a_report_error(tmp_path: Path) -> None:
    """`report merge` over a UTF-16 artifact must say which file, not raise UnicodeDecodeError."""
    doc = {
        "schema": "snippets-runner/verify", "version": 3, "run": None,
        "summary": {"passed": 0, "failed": 0, "skipped": 0, "not_run": 0}, "pages": [],
    }  # fmt: skip
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-16")
    with pytest.raises(ReportError, match=r"bad\.json: report is not UTF-8 text \(byte 0xff"):
        json_report.read(bad)
    bad.write_text("[" * 100_000, encoding="utf-8")
    with pytest.raises(ReportError, match=r"bad\.json: not a JSON report"):
        json_report.read(bad)
    bad.write_text(json.dumps(doc), encoding="utf-8-sig")  # PowerShell's UTF-8 has a BOM
    assert json_report.read(bad) == Report.build(None, ())
    bad.write_bytes(b'\xef\xbb\xbf{"a": "\xfe"}')  # a bad byte after a BOM: its own offset
    with pytest.raises(ReportError, match=r"not UTF-8 text \(byte 0xfe at offset 10\)"):
        json_report.read(bad)


@pytest.mark.parametrize("version", [True, 2.0, "2"])
def test_read_wants_the_version_as_an_integer(tmp_path: Path, version: object) -> None:
    """JSON `true` equals 1 and `2.0` equals 2 in Python; no writer ever wrote either."""
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"schema": "snippets-runner/verify", "version": version, "pages": []})
    )
    with pytest.raises(ReportError, match="unsupported report version"):
        json_report.read(bad)
