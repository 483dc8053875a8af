"""Per-lesson pass/fail and duration over the last N reports.

One red night is news; a lesson that alternates red and green is flaky, and
one that takes a little longer every night will one day hit its timeout.
Neither shows in a single report, so the trend puts reports side by side,
oldest first, and names both patterns.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from ..run.results import Result
from .document import Report

SLOWER = 1.5
"""The latest duration over this many times the earlier median is called slower."""
MIN_SLOWDOWN = 5.0
"""Seconds; a lesson going from 3 s to 5 s is noise on a shared runner, not news."""

MAX_REPORTS = 100
"""Reports side by side at most, the latest: the table is a row per lesson of any of them
and a column per report, so each report more widens every row."""

_MARKS = {"passed": "✅", "ran": "☑", "failed": "❌", "skipped": "⏭"}
"""By the row's result: a lesson is ``failed`` if any command failed or did not run."""


@dataclass(frozen=True)
class LessonRow:
    lesson: str
    result: str
    """``passed``, ``ran`` (nothing failed, and no output was compared: every command that
    ran is RAN), ``failed`` (a command failed or did not run) or ``skipped`` (nothing ran)."""
    duration: float

    @property
    def mark(self) -> str:
        return _MARKS[self.result]


def lesson_rows(report: Report) -> list[LessonRow]:
    """One row per lesson (and release, where a report has several) that has commands.

    Failed if any language failed; its slowest page.
    """
    several = len({page.release for page in report.pages}) > 1
    results: dict[str, list[Result]] = {}
    durations: dict[str, float] = {}
    for page in report.pages:
        lesson = f"{page.lesson} @ {page.release or '-'}" if several else page.lesson
        results.setdefault(lesson, []).extend(c.result for c in page.commands)
        durations[lesson] = max(durations.get(lesson, 0.0), page.duration)
    rows = []
    for lesson, found in sorted(results.items()):
        if not found:
            continue  # a page without console blocks has nothing to trend
        if Result.FAILED in found or Result.NOT_RUN in found:
            result = "failed"
        elif Result.PASSED in found:
            result = "passed"
        elif Result.RAN in found:
            result = "ran"
        else:
            result = "skipped"
        rows.append(LessonRow(lesson, result, durations[lesson]))
    return rows


def _label(report: Report, number: int) -> str:
    started = report.run.started if report.run else None
    return started[:16].replace("T", " ") if started else f"#{number}"


def _note(cells: list[LessonRow | None]) -> str:
    present = [c for c in cells if c is not None]
    notes = []
    results = {c.result for c in present}
    if "failed" in results and results & {"passed", "ran"}:
        notes.append("flaky")
    if len(present) >= 2:
        earlier = statistics.median(c.duration for c in present[:-1])
        latest = present[-1].duration
        if latest > SLOWER * earlier and latest - earlier >= MIN_SLOWDOWN:
            notes.append(f"slower ({earlier:.1f}s → {latest:.1f}s)")
    return ", ".join(notes)


def ordered(reports: Sequence[Report]) -> list[Report]:
    """Oldest first by ``run.started`` when every report has one, else as given."""
    starts = [report.run.started if report.run else None for report in reports]
    if all(starts):
        return [r for _, r in sorted(zip(starts, reports, strict=True), key=lambda p: str(p[0]))]
    return list(reports)


def render_trend(reports: Sequence[Report], last: int | None = None) -> str:
    """A Markdown table: a row per lesson, a column per report (oldest first), then notes.

    Lesson names come from reports (other jobs' files): they are shown as
    inline code that no name can close (markdown_text.code). At most the latest
    :data:`MAX_REPORTS` are shown, saying how many older ones are left out.
    """
    from .markdown_text import code

    docs = ordered(reports)
    docs = docs[-min(last or MAX_REPORTS, MAX_REPORTS) :]
    left_out = len(reports) - len(docs) if last is None or last > MAX_REPORTS else 0
    per_report = [{row.lesson: row for row in lesson_rows(d)} for d in docs]
    lessons = sorted({lesson for rows in per_report for lesson in rows})
    head = ["lesson", *(_label(d, i) for i, d in enumerate(docs, 1)), "note"]
    out = [
        "| " + " | ".join(head) + " |",
        "| --- | " + " | ".join(":---:" for _ in docs) + " | --- |",
    ]
    for lesson in lessons:
        cells = [rows.get(lesson) for rows in per_report]
        shown = [f"{c.mark} {c.duration:.1f}s" if c else "·" for c in cells]
        out.append(f"| {code(lesson)} | " + " | ".join(shown) + f" | {_note(cells)} |")
    if left_out > 0:
        out += ["", f"{left_out} older report(s) left out: at most {MAX_REPORTS} side by side."]
    return "\n".join(out)
