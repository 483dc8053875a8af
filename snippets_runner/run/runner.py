"""Walk one page: run its commands in order in one shell, match each, retry when asked.

``retry`` on a block re-runs only its last command -- the one that observes
an eventually consistent state (``kubectl get pods`` after an apply) -- and
polls with a short, growing backoff until the output matches or the deadline
passes, so a page never needs a fixed ``sleep``.

A command holding placeholders (``<pod-name>``) runs with the values its page
gives (``model.fill``: the shell gets the filled text, every report the
published one). A block where one has no value is not runnable as written:
its commands are SKIPPED (``Reason.PLACEHOLDER``, naming the placeholder and
where) and the page goes on. The later commands may depend on what the block
would have done; they run anyway and are judged by their own results, as in
a reader's terminal where the block was not typed. Every report names the
skipped block (the terminal's notes, the job summary's own section, JUnit's
skipped message), so a later failure can be read against it.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..config.environment import Environment
from ..errors import PageError
from ..match import exact, match
from ..model import Block, Command, Page, fill
from .deadline import Alarm, OutOfTime
from .framing import MAX_TYPED_AHEAD
from .results import CommandResult, Failure, PageResult, Reason, Result
from .shell import Execution, ShellOptions, ShellSession
from .terminal import LineTooLong

if TYPE_CHECKING:
    from ..match.origin import Controllers, Origin

Progress = Callable[[CommandResult], None]
LOOKAHEAD = 2 * MAX_TYPED_AHEAD
"""Commands handed to the shell ahead of the one being judged: more than it may type ahead,
so that typing ahead is bounded by the session (which types them in runs), never by this."""
REPORT_MATCH_BUDGET = 2.0
"""Seconds to match a timed-out command's partial output, which only the report shows."""


@dataclass(frozen=True)
class RunOptions:
    shell: ShellOptions = field(default_factory=ShellOptions)
    """``shell.default_timeout`` applies to blocks without a ``timeout`` option."""
    first_backoff: float = 0.1
    max_backoff: float = 1.0
    environment: Environment = field(default_factory=Environment)
    """Real values mapped to the published ones before matching (see config.environment)."""
    release: str = ""
    """The cluster's Kubernetes release (``1.37``; "" when unknown): blocks that publish
    another release's output (``kubernetes=``) are skipped."""


class _Shown:
    """The controllers a page shows, read once and only if some output needs them."""

    def __init__(self, page: Page) -> None:
        self._page = page
        self._shown: Controllers | None = None

    def origin(self, command: str) -> Origin:
        """What printed ``command``'s output, on this page."""
        from ..match.origin import origin_of, page_controllers

        if self._shown is None:
            self._shown = page_controllers(self._page)
        return origin_of(command, self._shown)


def _judge(
    block: Block,
    command: Command,
    ex: Execution,
    timeout: float,
    alarm: Alarm,
    environment: Environment,
    origin: Callable[[], Origin],
) -> CommandResult:
    """Judge one run; the matcher gets what is left of the command's timeout.

    ``origin`` says what printed the output (kubectl or not, and the controllers
    the page shows), so rules apply only where Kubernetes generates a value.
    A command whose output the page does not publish (``expected.compared`` is
    False) is judged by its status alone and, if that is right, RAN: its output
    is kept for the reports but never matched, so it can neither pass nor fail.
    """
    expected_exit = block.expected_exit(command)
    output, mapped = environment.to_published(ex.output, command.text)
    compared = command.expected.compared
    reason = None
    detail = ""
    outcome = None
    start = time.monotonic()
    # A timed-out command has failed already; its partial output is matched for the report only.
    budget = min(timeout, REPORT_MATCH_BUDGET) if ex.timed_out else timeout - ex.duration
    if compared:
        # Equal text line for line is found in linear time: only the rest needs the alarm
        # (two system calls a command, on a page of thousands).
        outcome = exact(command.expected, output) if budget > 0 else None
        if outcome is None:
            try:
                outcome = alarm.within(budget, lambda: match(command.expected, output, origin))
            except OutOfTime:
                reason, detail = Reason.TIMED_OUT, "while matching the output"
    duration = ex.duration + (time.monotonic() - start)
    if ex.timed_out:
        reason, detail = Reason.TIMED_OUT, ""
    elif ex.framing_lost:
        reason, detail = Reason.FRAMING_LOST, ""
    elif ex.incomplete:
        reason, detail = Reason.INCOMPLETE, ""
    elif reason:
        pass
    elif ex.exit_status != expected_exit:
        reason = Reason.EXIT_STATUS
    elif compared and (outcome is None or not outcome.matched):
        reason = Reason.OUTPUT_DIFFERS
    return CommandResult(
        command=command,
        verdict=Result.FAILED if reason else Result.PASSED if compared else Result.RAN,
        exit_status=ex.exit_status,
        expected_exit=expected_exit,
        output=output,
        duration=duration,
        match=outcome,
        environment=tuple([str(m) for m in mapped]) if mapped else (),
        failure=Failure(reason, detail=detail) if reason else None,
    )


def _timeout(block: Block, options: RunOptions) -> float:
    return block.options.timeout or options.shell.default_timeout


def _retries(block: Block, command: Command) -> bool:
    """Only a block's last command is retried: it observes the state the others created."""
    return bool(block.options.retry) and command.index == len(block.commands) - 1


def _retry(
    session: ShellSession,
    block: Block,
    command: Command,
    text: str,
    options: RunOptions,
    first: tuple[CommandResult, Execution],
    alarm: Alarm,
    origin: Callable[[], Origin],
) -> tuple[CommandResult, Execution]:
    result, ex = first
    timeout = _timeout(block, options)
    start = time.monotonic() - result.duration
    deadline = start + (block.options.retry or 0.0)
    backoff, tries = options.first_backoff, 1
    # A command whose output is not compared is retried on its exit status alone.
    while result.verdict is Result.FAILED and not (
        ex.timed_out or ex.shell_exited or ex.framing_lost
    ):
        now = time.monotonic()
        if now >= deadline:
            break
        time.sleep(min(backoff, deadline - now))
        backoff = min(backoff * 2, options.max_backoff)
        ex = session.run(text, timeout)
        result = _judge(block, command, ex, timeout, alarm, options.environment, origin)
        tries += 1
    return replace(result, tries=tries, duration=time.monotonic() - start), ex


def run_page(
    page: Page, options: RunOptions | None = None, progress: Progress | None = None
) -> PageResult:
    """Run every command of ``page`` in one fresh shell and judge each one.

    Without ``options.shell.cwd`` the page runs in a fresh scratch directory,
    so files it creates never land in the repository.
    """
    options = options or RunOptions()
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="snippets-") as scratch:
        if options.shell.cwd is None:
            options = replace(options, shell=replace(options.shell, cwd=Path(scratch)))
        results = _walk(page, options, progress)
    return PageResult(page, tuple(results), time.monotonic() - start)


def _submit(session: ShellSession, command: Command, text: str, timeout: float) -> None:
    try:
        session.submit(text, timeout)
    except LineTooLong as exc:
        raise PageError(command.location, exc.message) from None


def _skips(page: Page, release: str) -> dict[int, Failure]:
    """Why each block the page itself keeps from running is skipped, by its index."""
    skips: dict[int, Failure] = {}
    for i, block in enumerate(page.blocks):
        if block.options.skip:
            skips[i] = Failure(Reason.SKIP_OPTION)
        elif not block.options.covers(release):
            why = f"the block publishes Kubernetes {block.options.kubernetes}, "
            why += f"the cluster runs {release or 'an unknown release'}"
            skips[i] = Failure(Reason.OTHER_RELEASE, detail=why)
        elif unfilled := page.unfilled(block):
            first, names = unfilled[0]
            skips[i] = Failure(Reason.PLACEHOLDER, first.location, ", ".join(names))
    return skips


def _walk(page: Page, options: RunOptions, progress: Progress | None) -> list[CommandResult]:
    """Run the page's commands in order, submitting ahead so the shell can pipeline them.

    Commands are handed to the session up to ``LOOKAHEAD`` ahead of the one
    being judged (the session decides what it may type early), but never
    past a command that may be retried: its re-runs must come before the
    next command.
    """
    skips = _skips(page, options.release)
    values = dict(page.lab.placeholders)
    # What each command needs, worked out once (a long page asks it for each command twice).
    steps = [
        (
            b,
            c,
            skips.get(i),
            fill(c, values)[0] if c.placeholders else c.text,
            _timeout(b, options),
            _retries(b, c),
        )
        for i, b in enumerate(page.blocks)
        for c in b.commands
    ]
    total = len(steps)
    environment = options.environment
    results: list[CommandResult] = []
    stop: Failure | None = None
    session: ShellSession | None = None
    submitted = 0
    fence = -1  # a submitted command that may be retried: nothing after it until it is judged
    shown = _Shown(page)
    try:
        with Alarm() as alarm:
            for at, (block, command, skip, text, timeout, retries) in enumerate(steps):
                if skip:
                    result = not_run(block, command, skip, Result.SKIPPED)
                elif stop:
                    result = not_run(block, command, stop)
                else:
                    session = session or ShellSession(options.shell)
                    submitted = max(submitted, at)
                    while at > fence and submitted < total and submitted - at < LOOKAHEAD:
                        _, cmd, skipped, typed, limit, retried = steps[submitted]
                        if not skipped:
                            _submit(session, cmd, typed, limit)
                            if retried:
                                fence = submitted
                        submitted += 1
                    ex = session.result()
                    origin = partial(shown.origin, command.text)
                    result = _judge(block, command, ex, timeout, alarm, environment, origin)
                    if retries:
                        first = (result, ex)
                        result, ex = _retry(
                            session, block, command, text, options, first, alarm, origin
                        )
                    if ex.timed_out:
                        stop = Failure(Reason.AFTER_TIMEOUT, command.location)
                    elif ex.shell_exited:
                        stop = Failure(Reason.AFTER_SHELL_EXIT, command.location)
                    elif ex.framing_lost:
                        stop = Failure(Reason.AFTER_FRAMING_LOST, command.location)
                results.append(result)
                if progress:
                    progress(result)
    finally:
        if session:
            session.close()
    return results


def not_run(
    block: Block, command: Command, failure: Failure, verdict: Result = Result.NOT_RUN
) -> CommandResult:
    """A command that did not run: SKIPPED by the page's choice, otherwise NOT_RUN."""
    return CommandResult(
        command=command,
        verdict=verdict,
        exit_status=None,
        expected_exit=block.expected_exit(command),
        output="",
        duration=0.0,
        tries=0,
        failure=failure,
    )
