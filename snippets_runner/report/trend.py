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
from typing import Any

SLOWER = 1.5
"""The latest duration over this many times the earlier median is called slower."""
MIN_SLOWDOWN = 5.0
"""Seconds; a lesson going from 3 s to 5 s is noise on a shared runner, not news."""

_MARKS = {"passed": "✅", "failed": "❌", "skipped": "⏭"}


@dataclass(frozen=True)
class LessonRow:
    lesson: str
    result: str
    """``passed``, ``failed`` (a command failed or did not run) or ``skipped`` (nothing ran)."""
    duration: float

    @property
    def mark(self) -> str:
        return _MARKS[self.result]


def lesson_rows(document: dict[str, Any]) -> list[LessonRow]:
    """One row per lesson that has commands: failed if any language failed; its slowest page."""
    results: dict[str, list[str]] = {}
    durations: dict[str, float] = {}
    for page in document["pages"]:
        lesson = str(page["lesson"])
        results.setdefault(lesson, []).extend(str(c["result"]) for c in page["commands"])
        durations[lesson] = max(durations.get(lesson, 0.0), float(page["duration"]))
    rows = []
    for lesson, found in sorted(results.items()):
        if not found:
            continue  # a page without console blocks has nothing to trend
        if "failed" in found or "not-run" in found:
            result = "failed"
        elif "passed" in found:
            result = "passed"
        else:
            result = "skipped"
        rows.append(LessonRow(lesson, result, durations[lesson]))
    return rows


def _label(document: dict[str, Any], number: int) -> str:
    started = (document.get("run") or {}).get("started")
    return str(started)[:16].replace("T", " ") if started else f"#{number}"


def _note(cells: list[LessonRow | None]) -> str:
    present = [c for c in cells if c is not None]
    notes = []
    if {"passed", "failed"} <= {c.result for c in present}:
        notes.append("flaky")
    if len(present) >= 2:
        earlier = statistics.median(c.duration for c in present[:-1])
        latest = present[-1].duration
        if latest > SLOWER * earlier and latest - earlier >= MIN_SLOWDOWN:
            notes.append(f"slower ({earlier:.1f}s → {latest:.1f}s)")
    return ", ".join(notes)


def ordered(documents: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Oldest first by ``run.started`` when every report has one, else as given."""
    starts = [(d.get("run") or {}).get("started") for d in documents]
    if all(starts):
        return [d for _, d in sorted(zip(starts, documents, strict=True), key=lambda p: str(p[0]))]
    return list(documents)


def render_trend(documents: Sequence[dict[str, Any]], last: int | None = None) -> str:
    """A Markdown table: a row per lesson, a column per report (oldest first), then notes."""
    docs = ordered(documents)
    if last is not None:
        docs = docs[-last:]
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
        out.append(f"| `{lesson}` | " + " | ".join(shown) + f" | {_note(cells)} |")
    return "\n".join(out)
