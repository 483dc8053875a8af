"""Which page of a translated lesson a parity problem is reported against.

`mkdocs serve` shows a writer the problems of the page they are editing;
reporting a mismatch against the translation they did not touch sends them
to the wrong file.
"""

from __future__ import annotations

import dataclasses

from ...extract.discover import Extraction
from ...model import Lesson, Page


def edited_last_first_compared(extraction: Extraction) -> Extraction:
    """Order each lesson's pages so that parity blames the page edited last.

    Parity reports a mismatch against every page but the lesson's first. A
    writer who just changed the English page wants to hear about the English
    page, not about the Japanese one they never touched, so the least recently
    modified page becomes the reference.
    """

    def mtime(page: Page) -> float:
        try:
            return page.path.stat().st_mtime
        except OSError:
            return float("inf")

    lessons = tuple(
        Lesson(lesson.key, tuple(sorted(lesson.pages, key=mtime))) for lesson in extraction.lessons
    )
    return dataclasses.replace(extraction, lessons=lessons)
