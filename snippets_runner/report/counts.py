"""The counts a run closes with: its own module, because every run prints them.

:class:`Summary` is a field of the report document (:mod:`.document`, which
re-exports it and validates it with the rest), and it is also the closing
line of every ``verify``, report or not. A run that writes no report should
not define the document's other classes just to count (about 5 ms of a
one-command page: a frozen dataclass costs about half a millisecond to
create), so the counts live here and the document imports them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..run.results import PageResult, Result

Count = int
"""A count; :func:`.document.parse` gives it its bounds (annotated_types) for pydantic."""

STRICT = {"strict": True, "allow_inf_nan": False}
"""How pydantic validates every class of the report (:func:`.document.parse`)."""


@dataclass(frozen=True)
class Summary:
    __pydantic_config__ = STRICT

    passed: Count
    ran: Count
    """Commands that ran with the expected status and whose output was not compared
    (the page publishes none for them): counted apart, never as passed."""
    failed: Count
    skipped: Count
    not_run: Count

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.not_run == 0

    @classmethod
    def of(cls, results: list[Result]) -> Summary:
        return cls(
            passed=results.count(Result.PASSED),
            ran=results.count(Result.RAN),
            failed=results.count(Result.FAILED),
            skipped=results.count(Result.SKIPPED),
            not_run=results.count(Result.NOT_RUN),
        )

    @classmethod
    def of_pages(cls, pages: Iterable[PageResult]) -> Summary:
        """The counts of a run's results (what the terminal report closes with)."""
        return cls.of([c.verdict for page in pages for c in page.commands])

    def line(self) -> str:
        """The closing line CI and writers grep for: ``N passed, N failed, N not run``,
        with ``, N ran (output not compared)`` when some output was not compared and
        ``, N skipped`` when something was skipped. NOT RUN is never folded into
        skipped: a skip is the writer's choice, a command that did not run is a check
        that was not made, and the run fails for it. RAN is never folded into passed:
        nothing was compared."""
        text = f"{self.passed} passed, {self.failed} failed, {self.not_run} not run"
        if self.ran:
            text += f", {self.ran} ran (output not compared)"
        return f"{text}, {self.skipped} skipped" if self.skipped else text
