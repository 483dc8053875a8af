"""Reports: terminal, JUnit and JSON, from real runs of small pages; secrets never leak."""

from __future__ import annotations

import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from clocks import shell_clock
from conftest import parsed_report, verify_report
from rich.console import Console

from snippets_runner.extract.pages import extract_page
from snippets_runner.files import write_atomic
from snippets_runner.report import json_report, junit
from snippets_runner.report.document import DiffRow, RowSign, Summary
from snippets_runner.report.screen import print_report, progress_bar
from snippets_runner.run.results import PageResult
from snippets_runner.run.runner import run_page
from snippets_runner.secrets import MASK, Masker

SECRET = "hunter2-very-secret"
PAGE = f"""---
snippets:
  secrets: [{SECRET}]
---
# Page

```console
~$ echo ok
ok
~$ printf 'NAME   AGE\\nweb    5m3s\\n'  # snippets: kubectl
NAME    AGE
web     29s
~$ echo Pending {SECRET}
Running {SECRET}
```

```console timeout="30"
~$ echo started; sleep 1000
started
```

```console
~$ echo never
never
```

```console skip
~$ echo skipped
```
"""


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> PageResult:
    path = tmp_path_factory.mktemp("docs") / "page.md"
    path.write_text(PAGE)
    with pytest.MonkeyPatch.context() as monkeypatch:
        # The slow command's time is up once it has printed, not when the machine has been
        # slow enough: its partial output is there however busy the machine is.
        shell_clock(monkeypatch).jump_when_printed("started", 30)
        return run_page(extract_page(path))


@pytest.fixture
def mask(ran: PageResult) -> Masker:
    return Masker(ran.page.lab.secrets)


def test_masker_replaces_longest_first_and_ignores_trivial_values() -> None:
    masker = Masker({"abcd", "abcdefg", "xyz", ""})
    assert masker("abcdefgh abcd xyz") == f"{MASK}h {MASK} xyz"
    assert (masker | Masker({"zzzz"}))("zzzz abcd") == f"{MASK} {MASK}"


def test_summary_line_format(ran: PageResult) -> None:
    summary = Summary.of_pages([ran])
    assert (summary.passed, summary.failed, summary.skipped, summary.not_run) == (2, 2, 1, 1)
    assert summary.line() == "2 passed, 2 failed, 1 not run, 1 skipped"
    assert Summary(3, 0, 0, 0, 0).line() == "3 passed, 0 failed, 0 not run"
    assert Summary(3, 0, 0, 0, 2).line() == "3 passed, 0 failed, 2 not run"
    assert not Summary(3, 0, 0, 0, 2).ok
    assert not summary.ok and Summary(3, 0, 0, 1, 0).ok


def test_terminal_report(ran: PageResult, mask: Masker) -> None:
    out = io.StringIO()
    print_report([ran], mask, Console(file=out, width=200, soft_wrap=True))
    text = out.getvalue()
    assert SECRET not in text
    path = ran.page.path
    assert f"FAILED {path}:13  output differs" in text
    assert f"~$ echo Pending {MASK}" in text
    assert f"  - Running {MASK}" in text and f"  + Pending {MASK}" in text
    assert f"FAILED {path}:18  {ran.commands[3].note}" in text
    assert re.fullmatch(r"timed out after \d+\.\ds", ran.commands[3].note)
    assert "\n    started\n" in text  # the partial output is shown (and matched)
    assert "1 command(s) of" in text and "not run: a timeout killed the shell" in text
    assert re.search(r"^2 passed, 2 failed, 1 not run, 1 skipped$", text, re.M)
    assert text.rstrip().splitlines()[-1] == "2 passed, 2 failed, 1 not run, 1 skipped"


def test_terminal_diff_marks_normalized_lines(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text(
        # the address is built, not written: an address the page writes is its own
        "```console\n~$ printf 'IP: 10.0.0.%s\\nx\\n' 7  # snippets: kubectl\n"
        "IP: 10.0.0.1\ny\n```\n"
    )
    out = io.StringIO()
    print_report(
        [run_page(extract_page(path))], Masker(), Console(file=out, width=200, soft_wrap=True)
    )
    assert "  ~ IP: 10.0.0.7" in out.getvalue()


def _passing(tmp_path: Path) -> PageResult:
    path = tmp_path / "ok.md"
    path.write_text("```console\n~$ echo [bold]one[/bold]\n[bold]one[/bold]\n```\n")
    return run_page(extract_page(path))


def test_an_all_passed_report_is_the_plain_line_rich_would_print(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The plain path skips rich's import; it must print what rich prints, markup and all."""
    page = _passing(tmp_path)
    through_rich = io.StringIO()
    print_report([page], Masker(), Console(file=through_rich, soft_wrap=True, highlight=False))
    summary = print_report([page], Masker())
    assert summary.ok
    assert capsys.readouterr().out == through_rich.getvalue() == "1 passed, 0 failed, 0 not run\n"


def test_a_report_with_a_failure_goes_through_rich_on_stdout(
    ran: PageResult, mask: Masker, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = print_report([ran], mask)
    out = capsys.readouterr().out
    assert not summary.ok
    assert f"FAILED {ran.page.path}:13  output differs" in out
    assert out.rstrip().splitlines()[-1] == summary.line()


def test_no_progress_bar_is_drawn_for_a_log(capsys: pytest.CaptureFixture[str]) -> None:
    """stderr captured (not a terminal): the bar draws nothing, but advancing still works."""
    with progress_bar(3) as advance:
        for _ in range(3):
            advance()
    assert capsys.readouterr().err == ""


def test_the_progress_bar_counts_on_a_terminal_console() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80)
    with progress_bar(2, console) as advance:
        advance()
        advance()
        console.print("between")  # rich redraws the bar below whatever is printed
    assert "2/2" in out.getvalue()


def test_junit_report(ran: PageResult, mask: Masker, tmp_path: Path) -> None:
    target = tmp_path / "reports" / "junit.xml"
    junit.write(target, [ran], mask)
    text = target.read_text()
    assert SECRET not in text
    root = ET.fromstring(text)
    [suite] = root.findall("testsuite")
    assert suite.get("name") == str(ran.page.path)
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("6", "2", "2")
    cases = suite.findall("testcase")
    assert len(cases) == 6
    assert cases[0].get("name", "").startswith(f"{ran.page.path}:8 echo ok")
    failure = cases[2].find("failure")
    assert failure is not None and failure.get("message") == "output differs"
    assert f"- Running {MASK}" in (failure.text or "")
    assert "⟨5m3s⟩" not in (failure.text or "")  # a passing command has no failure body
    assert cases[4].find("skipped") is not None


def test_json_report(ran: PageResult, mask: Masker, tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    json_report.write(target, [ran], mask)
    text = target.read_text()
    assert SECRET not in text
    data = json.loads(text)
    assert data["schema"] == "snippets-runner/verify" and data["version"] == 4
    assert data["summary"] == {"passed": 2, "ran": 0, "failed": 2, "skipped": 1, "not_run": 1}
    commands = data["pages"][0]["commands"]
    assert [c["result"] for c in commands] == [
        "passed",
        "passed",
        "failed",
        "failed",
        "not-run",
        "skipped",
    ]
    second = commands[1]
    assert second["line"] == 10 and second["normalizers"] == ["duration"]
    assert second["exit_status"] == 0 and second["tries"] == 1
    timed_out = commands[3]
    assert timed_out["timed_out"] and timed_out["exit_status"] is None
    assert timed_out["output"] == "started\n"
    keys = {
        "file",
        "line",
        "locale",
        "lesson",
        "command",
        "result",
        "exit_status",
        "expected_exit",
        "duration",
        "tries",
        "timed_out",
        "note",
        "normalizers",
        "expected",
        "output",
        "diff",
        "reason",
    }
    assert all(set(c) == keys for c in commands)
    assert [c["reason"] for c in commands] == [
        None, None, "output-differs", "timed-out", "after-timeout", "skip-option",
    ]  # fmt: skip


def test_write_atomic_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_masker_knows_multi_line_and_newline_terminated_values() -> None:
    from snippets_runner.secrets import Masker

    mask = Masker({"hunter2\n", "line-one-secret\nline-two-secret\n"})
    assert mask("pw=hunter2 a=line-two-secret") == "pw=****** a=******"


def test_junit_stays_well_formed_with_terminal_colour_codes(tmp_path: Path) -> None:
    import xml.dom.minidom

    from snippets_runner.extract.pages import parse_page
    from snippets_runner.report import junit
    from snippets_runner.run.runner import run_page
    from snippets_runner.secrets import Masker

    page = parse_page(
        "```console\n~$ printf '\\033[31mred\\033[0m\\n'\nred\n```\n", tmp_path / "p.md", "", "p"
    )
    text = junit.render([run_page(page)], Masker())
    xml.dom.minidom.parseString(text)  # raises on an invalid character
    assert "\\x1b[31mred" in text


def _report_of(tmp_path: Path, page: str) -> tuple[PageResult, str]:
    path = tmp_path / "p.md"
    path.write_text(page)
    ran = run_page(extract_page(path))
    out = io.StringIO()
    print_report([ran], Masker(), Console(file=out, width=200, soft_wrap=True))
    return ran, out.getvalue()


def test_the_terminal_shows_the_one_wrong_line_of_a_long_output(tmp_path: Path) -> None:
    published = "\n".join("150x" if i == 150 else str(i) for i in range(1, 301))
    _, text = _report_of(tmp_path, f"```console\n~$ seq 300\n{published}\n```\n")
    assert "\n  - 150x\n  + 150\n" in text
    assert "  … 146 row(s) not shown: 146 same\n" in text
    assert "  … 147 row(s) not shown: 147 same\n" in text


def test_the_terminal_shows_tabs_and_unusual_spaces_on_changed_rows(tmp_path: Path) -> None:
    page = (
        "```console\n~$ printf 'a\\tb\\nc\\td\\n'\na   b\nc\td x\n```\n\n"
        "```console\n~$ echo 'a b'\na\u00a0b\n```\n"
    )
    ran, text = _report_of(tmp_path, page)
    assert "\n  - a   b\n  - c␉d x\n  + a␉b\n  + c␉d\n" in text
    assert "\n  - a[U+00A0]b\n  + a b\n" in text
    document = json_report.document([ran], Masker())
    first, second = document.pages[0].commands
    assert first.output == "a\tb\nc\td\n", "the JSON report keeps the real output as printed"
    assert DiffRow(RowSign.EXTRA, "a␉b") in first.diff
    assert DiffRow(RowSign.MISSING, "a[U+00A0]b") in second.diff
    assert "+ a␉b" in junit.render_document(document)


def test_the_terminal_styles_stand_ins_apart_from_printed_text() -> None:
    from snippets_runner.report.screen import _row_text

    text = _row_text("+", "a␉b", (), ((1, 2),))
    assert [(s.start, s.end, str(s.style)) for s in text.spans][-1] == (5, 6, "reverse")


def _summary(diff_text: str) -> str:
    from snippets_runner.report import job_summary

    rows = [{"sign": line[0], "text": line[2:]} for line in diff_text.split("\n")[2:]]
    command = {
        "file": "p.md", "line": 3, "command": "seq", "result": "failed",
        "note": "output differs", "diff": rows,
    }  # fmt: skip
    page = {"file": "p.md", "lesson": "p", "locale": "", "duration": 1.0, "commands": [command]}
    document = parsed_report(verify_report([page]))
    assert document is not None
    return job_summary.render(document)


def test_the_job_summary_shows_the_change_in_the_middle_of_a_long_diff() -> None:
    rows = [f"  {i}" for i in range(1, 201)]
    rows[99:100] = ["- 100x", "+ 100"]
    text = _summary("\n".join(["--- published", "+++ real", *rows]))
    assert "```diff\n--- published\n+++ real\n… 96 line(s) not shown: 96 same" in text
    assert "\n  99\n- 100x\n+ 100\n  101\n" in text
    assert "… 97 line(s) not shown: 97 same\n```" in text


def test_the_job_summary_shows_the_first_changes_and_counts_the_rest() -> None:
    rows = [f"{'-' if i % 10 == 0 else ' '} {i}" for i in range(1, 201)]
    text = _summary("\n".join(["--- published", "+++ real", *rows]))
    body = text.split("```diff\n--- published\n+++ real\n", 1)[1].split("\n```", 1)[0]
    diff = body.splitlines()
    assert len(diff) <= 18  # and the two header lines
    assert [line for line in diff if line.startswith("-")][:3] == ["- 10", "- 20", "- 30"]
    assert diff[-1].startswith("… ") and diff[-1].endswith("(see the JSON report)")
    assert "same" not in diff[-1].split("changed")[0], "the count of changes comes first"


def test_every_report_says_a_block_was_skipped_for_a_placeholder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from snippets_runner.model import Syntax
    from snippets_runner.report import job_summary
    from snippets_runner.report.document import load
    from snippets_runner.run.results import Reason, Result

    path = tmp_path / "p.md"
    path.write_text("```console\n~$ echo a\na\n```\n\n```console\n~$ kubectl logs <pod>\n```\n")
    ran = run_page(extract_page(path, syntax=Syntax(placeholders=("<*>",))))
    note = (
        f"skipped: placeholder <pod> at {path}:7 has no value "
        "(give one under snippets.placeholders in the front matter)"
    )
    # the terminal: nothing failed, and yet the skipped block is named
    summary = print_report([ran], Masker())
    assert summary.ok
    assert capsys.readouterr().out.splitlines() == [
        f"1 command(s) of {path} {note}.",
        "1 passed, 0 failed, 0 not run, 1 skipped",
    ]
    # the JSON report, read back; the Markdown summary; JUnit
    json_report.write(tmp_path / "r.json", [ran], Masker())
    report = load(tmp_path / "r.json")
    [_, skipped] = report.pages[0].commands
    assert (skipped.result, skipped.reason, skipped.note) == (
        Result.SKIPPED, Reason.PLACEHOLDER, note,
    )  # fmt: skip
    text = job_summary.render(report)
    assert "### Skipped for a placeholder without a value (1 block(s))" in text
    from snippets_runner.report.markdown_text import text as prose

    assert "placeholder \\<pod\\> at" in prose(note)  # no tag in the job summary
    assert f"- `{path}` [-]: 1 command(s) {prose(note)}" in text
    case = ET.fromstring(junit.render_document(report)).findall(".//testcase")[1]
    skip = case.find("skipped")
    assert skip is not None and skip.get("message") == note
