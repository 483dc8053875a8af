"""Counting a run and the closing line CI and writers grep for.

The closing line is exactly ``N passed, N failed`` with ``, N skipped``
appended when something was skipped.  Commands NOT RUN after a timeout or
an exited shell count as skipped there (the command that caused it already
counts as failed, so the run still fails); the JSON and JUnit reports keep
them apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..run.results import PageResult, Result


@dataclass(frozen=True)
class Summary:
    passed: int
    failed: int
    skipped: int
    not_run: int

    @classmethod
    def of(cls, pages: Iterable[PageResult]) -> Summary:
        results = [c.verdict for page in pages for c in page.commands]
        return cls(
            results.count(Result.PASSED),
            results.count(Result.FAILED),
            results.count(Result.SKIPPED),
            results.count(Result.NOT_RUN),
        )

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.not_run == 0

    def line(self) -> str:
        text = f"{self.passed} passed, {self.failed} failed"
        skipped = self.skipped + self.not_run
        return f"{text}, {skipped} skipped" if skipped else text
