"""A command whose output the page does not publish: RAN, in every report, never PASSED.

Real pages (``cluster: false``, run by the runner in bash) go through every
reader: the JSON file written and loaded, two shards merged, the Markdown job
summary, JUnit, the trend, ``report drifted``, the terminal report and update.
RAN must show as itself everywhere and never be counted as compared output.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from rich.console import Console

from snippets_runner.extract.pages import extract_page
from snippets_runner.report import job_summary, json_report, junit
from snippets_runner.report.document import Report, load
from snippets_runner.report.drift import drifted_files
from snippets_runner.report.merge import merge
from snippets_runner.report.screen import print_report
from snippets_runner.report.trend import lesson_rows, render_trend
from snippets_runner.run.results import PageResult, Result
from snippets_runner.run.runner import run_page
from snippets_runner.secrets import Masker
from snippets_runner.shard import Shard
from snippets_runner.update.planning import plan_update

FENCE = "```"
UNPUBLISHED = f"""---
snippets:
  cluster: false
---

{FENCE}console output="not-published"
~$ echo "a build log nobody publishes"
~$ echo checked
checked
{FENCE}
"""
PUBLISHED = f"""---
snippets:
  cluster: false
---

{FENCE}console
~$ echo fine
fine
{FENCE}
"""


def _run(tmp_path: Path, name: str, text: str) -> PageResult:
    path = tmp_path / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return run_page(extract_page(path, lesson=name))


def _shard(tmp_path: Path, index: int, result: PageResult) -> tuple[Path, Report]:
    from datetime import UTC, datetime

    now = datetime(2026, 12, 6, 21, 0, tzinfo=UTC)
    target = tmp_path / f"shard-{index}.json"
    run = json_report.RunInfo(now, now, None, Shard(index, 2))
    json_report.write(target, [result], Masker(), run)
    return target, load(target)


def test_a_ran_command_goes_through_every_report_as_itself(tmp_path: Path) -> None:
    unpublished = _run(tmp_path, "a.md", UNPUBLISHED)
    published = _run(tmp_path, "b.md", PUBLISHED)
    assert [c.verdict for c in unpublished.commands] == [Result.RAN, Result.PASSED]

    # written and loaded
    shards = [_shard(tmp_path, 1, unpublished), _shard(tmp_path, 2, published)]
    first = shards[0][1]
    [ran, compared] = first.pages[0].commands
    assert compared.result is Result.PASSED
    assert ran.result is Result.RAN and ran.reason is None and ran.diff == ()
    assert ran.note == "ran, output not compared"
    assert ran.output == "a build log nobody publishes\n" and ran.expected == ()
    assert (first.summary.passed, first.summary.ran) == (1, 1)

    # merged
    merged = merge(shards)
    assert (merged.summary.passed, merged.summary.ran, merged.summary.failed) == (2, 1, 0)
    assert merged.summary.ok

    # the Markdown job summary counts it apart, and lists no failure for it
    text = job_summary.render(merged)
    assert "| passed | ran, output not compared | failed | skipped | not run |" in text
    assert "| 2 | 1 | 0 | 0 | 0 | 2 | 2 |" in text
    assert "Failures" not in text

    # JUnit: a passed testcase that says twice that its output was not compared
    root = ET.fromstring(junit.render_document(merged))
    cases = {case.get("name"): case for case in root.iter("testcase")}
    [name] = [n for n in cases if "build log" in (n or "")]
    assert name.endswith(" (output not compared)")
    case = cases[name]
    assert case.find("failure") is None and case.find("skipped") is None
    properties = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert properties == {"snippets.output": "not-compared"}
    others = [c for n, c in cases.items() if n != name]
    assert all(c.find("properties") is None for c in others)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert {(s.get("failures"), s.get("skipped")) for s in suites.values()} == {("0", "0")}

    # nothing to update, no drift
    assert drifted_files(merged) == []

    # the trend tells a lesson whose only command ran apart from one that passed
    only_ran = _run(tmp_path, "c.md", UNPUBLISHED.replace("~$ echo checked\nchecked\n", ""))
    _, third = _shard(tmp_path, 1, only_ran)
    assert [(r.lesson, r.result) for r in lesson_rows(third)] == [("c.md", "ran")]
    assert "☑" in render_trend([third])


def test_the_terminal_report_counts_ran_apart(tmp_path: Path) -> None:
    unpublished = _run(tmp_path, "a.md", UNPUBLISHED)
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None)
    summary = print_report([unpublished], Masker(), console)
    assert summary.ok
    assert out.getvalue().strip() == "1 passed, 0 failed, 0 not run, 1 ran (output not compared)"


def test_update_never_fills_in_output_for_a_command_that_ran(tmp_path: Path) -> None:
    unpublished = _run(tmp_path, "a.md", UNPUBLISHED)
    before = unpublished.page.path.read_text()
    plan = plan_update([unpublished], Masker())
    assert plan.changes == () and plan.edits == () and plan.stuck == () and plan.refused == ()
    assert plan.complete
    assert unpublished.page.path.read_text() == before


def test_update_never_fills_in_output_even_for_a_result_that_claims_it_differs(
    tmp_path: Path,
) -> None:
    """However a result came to say "output differs", output the page does not publish is
    not update's to write: publishing it is the writer's decision."""
    from dataclasses import replace

    from snippets_runner.match import match
    from snippets_runner.run.results import Failure, Reason

    unpublished = _run(tmp_path, "a.md", UNPUBLISHED)
    ran = unpublished.commands[0]
    claimed = replace(
        ran,
        verdict=Result.FAILED,
        failure=Failure(Reason.OUTPUT_DIFFERS),
        match=match(ran.command.expected, ran.output),
    )
    lying = replace(unpublished, commands=(claimed, *unpublished.commands[1:]))
    plan = plan_update([lying], Masker())
    assert plan.changes == () and plan.edits == ()
    assert plan.stuck == (claimed,)  # not fixed, and said so
