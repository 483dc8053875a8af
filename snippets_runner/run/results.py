"""What running a page produced, as immutable values every report reads.

A command is PASSED only if it ran, its status is the expected one and its
output matched.  RAN is a command whose output was not compared at all,
because the page publishes none for it and says so (``output="not-published"``,
the ``no-output`` setting): it ran and its status is the expected one, and
that is all a report may say of it -- it never counts as compared output.
NOT_RUN is distinct from SKIPPED: SKIPPED is the page's own doing (the
``skip`` option, another release's variant, a placeholder without a value),
NOT_RUN means an earlier failure (a timeout, the shell exiting, a lab that
would not start) made running it meaningless -- it is never a pass.

*Why* a command did not pass is data (:class:`Failure`), not text: reports,
translations and update branch on ``failure.reason``; the words a reader
sees (:attr:`CommandResult.note`) are derived from it in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..match import MatchResult
from ..model import Command, Location, Page
from .framing import BACKUP_FD, TOKEN_FD


class Result(StrEnum):
    PASSED = "passed"
    RAN = "ran"
    """Ran, output not compared: its status is the expected one, and the page publishes
    no output for it (``ExpectedOutput.compared`` is False). Not failed, never passed."""
    FAILED = "failed"
    SKIPPED = "skipped"
    NOT_RUN = "not-run"


NOT_FAILED = frozenset({Result.PASSED, Result.RAN, Result.SKIPPED})
"""Results that do not fail a page (a RAN command is not failed, but not passed either)."""
NOT_COMPARED = "ran, output not compared"
"""What every report says of a RAN command, in these words."""


class Reason(StrEnum):
    """Why a command did not pass; the value is what JSON reports carry."""

    OUTPUT_DIFFERS = "output-differs"
    EXIT_STATUS = "exit-status"
    TIMED_OUT = "timed-out"
    INCOMPLETE = "incomplete-command"
    """Bash waited for more input after the command's last line (an unclosed quote, a
    ``do`` without its ``done``): the page's command is not what a reader can paste."""
    FRAMING_LOST = "framing-lost"
    """The command closed or replaced both descriptors the runner's prompt hook reads the
    token that ends each command from: bash could not mark its end (nor any later one)."""
    SKIP_OPTION = "skip-option"
    OTHER_RELEASE = "other-release"
    """Skipped: the block publishes another Kubernetes release's output (``kubernetes=``)."""
    PLACEHOLDER = "placeholder"
    """Skipped: the block holds a placeholder (``<pod-name>``) the page gives no value
    (front matter ``snippets.placeholders``): a reader fills it in, so it cannot run as
    written. The rest of the page still runs."""
    AFTER_TIMEOUT = "after-timeout"
    """Not run: an earlier command's timeout killed the shell."""
    AFTER_SHELL_EXIT = "after-shell-exit"
    """Not run: an earlier command ended the shell."""
    AFTER_FRAMING_LOST = "after-framing-lost"
    """Not run: an earlier command took the descriptors the runner frames commands with."""
    LAB_FAILED = "lab-failed"
    """Not run: the page's lab could not be set up."""
    TRANSLATION_MISMATCH = "translation-mismatch"
    """Not run: the translation's blocks or options differ from the default-language page."""

    @property
    def fixable_by_update(self) -> bool:
        """Only a difference in output can be repaired by rewriting output lines."""
        return self is Reason.OUTPUT_DIFFERS


@dataclass(frozen=True)
class Failure:
    """A reason plus the facts its message needs."""

    reason: Reason
    where: Location | None = None
    """For NOT_RUN: the command (or front matter) whose failure stopped this one."""
    detail: str = ""
    """Free text only where the reason cannot be data: a lab error's message, a parity diff."""

    def describe(self, result: CommandResult) -> str:
        match self.reason:
            case Reason.OUTPUT_DIFFERS:
                return "output differs"
            case Reason.EXIT_STATUS:
                return f"exit status {result.exit_status}, expected {result.expected_exit}"
            case Reason.TIMED_OUT:
                during = f" {self.detail}" if self.detail else ""
                return f"timed out after {result.duration:.1f}s{during}"
            case Reason.INCOMPLETE:
                return (
                    "incomplete command: bash waited for more input after its last line"
                    " (an unclosed quote? a do without its done?)"
                )
            case Reason.FRAMING_LOST:
                return (
                    f"the command closed or replaced descriptors {TOKEN_FD} and {BACKUP_FD},"
                    " from which the runner's shell reads what marks each command's end;"
                    " nothing after it can be run"
                )
            case Reason.SKIP_OPTION:
                return "skip option"
            case Reason.OTHER_RELEASE:
                return f"skipped: {self.detail}"
            case Reason.PLACEHOLDER:
                return (
                    f"skipped: placeholder {self.detail} at {self.where} has no value "
                    "(give one under snippets.placeholders in the front matter)"
                )
            case Reason.AFTER_TIMEOUT:
                return f"not run: a timeout killed the shell at {self.where}"
            case Reason.AFTER_SHELL_EXIT:
                return f"not run: the shell exited at {self.where}"
            case Reason.AFTER_FRAMING_LOST:
                return f"not run: the shell lost the runner's descriptors at {self.where}"
            case Reason.LAB_FAILED:
                return f"not run: {self.detail or 'lab failed'}"
            case Reason.TRANSLATION_MISMATCH:
                return f"not run: {self.detail}"


@dataclass(frozen=True)
class CommandResult:
    command: Command
    verdict: Result
    exit_status: int | None
    """None when the command was not run or was killed by its timeout."""
    expected_exit: int
    output: str
    """The real output, stdout and stderr merged, partial after a timeout.

    Environment values in it are already mapped to their published text
    (``environment`` lists each mapping), so reports and update compare like
    with like.
    """
    duration: float
    """Seconds, all tries included."""
    tries: int = 1
    match: MatchResult | None = None
    failure: Failure | None = None
    """None exactly when the command passed or ran (output not compared)."""
    environment: tuple[str, ...] = ()
    """Environment-value mappings applied to the real output before matching (``NAME: a -> b``)."""

    @property
    def passed(self) -> bool:
        return self.verdict is Result.PASSED

    @property
    def reason(self) -> Reason | None:
        return self.failure.reason if self.failure else None

    @property
    def timed_out(self) -> bool:
        return self.reason is Reason.TIMED_OUT

    @property
    def note(self) -> str:
        """Why it failed or was not run, in words (e.g. ``timed out after 60.0s``); for a
        command that ran without its output being compared, that it was not."""
        if self.failure:
            return self.failure.describe(self)
        return NOT_COMPARED if self.verdict is Result.RAN else ""


@dataclass(frozen=True)
class PageResult:
    page: Page
    commands: tuple[CommandResult, ...]
    duration: float

    def count(self, verdict: Result) -> int:
        return sum(1 for c in self.commands if c.verdict is verdict)

    @property
    def passed(self) -> bool:
        """Nothing failed: every command passed, ran (output not compared) or was skipped."""
        return all(c.verdict in NOT_FAILED for c in self.commands)
