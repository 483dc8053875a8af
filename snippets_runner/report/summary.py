"""Counting a run and the closing line CI and writers grep for.

The closing line is exactly ``N passed, N failed, N not run`` with
``, N skipped`` appended when something was skipped.  NOT RUN (after a
timeout, an exited shell, a lab that failed, a translation that differs)
is never folded into skipped: a skip is the writer's choice, a command that
did not run is a check that was not made, and the run fails for it.
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
        text = f"{self.passed} passed, {self.failed} failed, {self.not_run} not run"
        return f"{text}, {self.skipped} skipped" if self.skipped else text
