"""What running a page produced, as immutable values every report reads.

A command is PASSED only if it ran, its status is the expected one and its
output matched.  NOT_RUN is distinct from SKIPPED: SKIPPED is the writer's
choice (``skip`` option), NOT_RUN means an earlier failure (a timeout, the
shell exiting) made running the rest meaningless -- it is never a pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..match import MatchResult
from ..model import Command, Page


class Result(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    NOT_RUN = "not-run"


@dataclass(frozen=True)
class CommandResult:
    command: Command
    verdict: Result
    exit_status: int | None
    """None when the command was not run or was killed by its timeout."""
    expected_exit: int
    output: str
    """The real output, stdout and stderr merged, partial after a timeout."""
    duration: float
    """Seconds, all tries included."""
    tries: int = 1
    match: MatchResult | None = None
    timed_out: bool = False
    note: str = ""
    """Why it failed or was not run, in words (e.g. ``timed out after 60s``)."""

    @property
    def passed(self) -> bool:
        return self.verdict is Result.PASSED


@dataclass(frozen=True)
class PageResult:
    page: Page
    commands: tuple[CommandResult, ...]
    duration: float

    def count(self, verdict: Result) -> int:
        return sum(1 for c in self.commands if c.verdict is verdict)

    @property
    def passed(self) -> bool:
        return all(c.verdict in (Result.PASSED, Result.SKIPPED) for c in self.commands)
