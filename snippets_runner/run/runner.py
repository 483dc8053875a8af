"""Walk one page: run its commands in order in one shell, match each, retry when asked.

``retry`` on a block re-runs only its last command -- the one that observes
an eventually consistent state (``kubectl get pods`` after an apply) -- and
polls with a short, growing backoff until the output matches or the deadline
passes, so a page never needs a fixed ``sleep``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config.environment import Environment
from ..match import match
from ..model import Block, Command, Page
from .results import CommandResult, Failure, PageResult, Reason, Result
from .shell import Execution, ShellOptions, ShellSession

Progress = Callable[[CommandResult], None]


@dataclass(frozen=True)
class RunOptions:
    shell: ShellOptions = field(default_factory=ShellOptions)
    """``shell.default_timeout`` applies to blocks without a ``timeout`` option."""
    first_backoff: float = 0.1
    max_backoff: float = 1.0
    environment: Environment = field(default_factory=Environment)
    """Real values mapped to the published ones before matching (see config.environment)."""


def _judge(
    block: Block, command: Command, ex: Execution, environment: Environment
) -> CommandResult:
    expected_exit = block.expected_exit(command)
    output, mapped = environment.to_published(ex.output)
    outcome = match(command.expected, output)
    reason = None
    if ex.timed_out:
        reason = Reason.TIMED_OUT
    elif ex.exit_status != expected_exit:
        reason = Reason.EXIT_STATUS
    elif not outcome.matched:
        reason = Reason.OUTPUT_DIFFERS
    return CommandResult(
        command=command,
        verdict=Result.FAILED if reason else Result.PASSED,
        exit_status=ex.exit_status,
        expected_exit=expected_exit,
        output=output,
        duration=ex.duration,
        match=outcome,
        environment=tuple(str(m) for m in mapped),
        failure=Failure(reason) if reason else None,
    )


def _run_command(
    session: ShellSession, block: Block, command: Command, options: RunOptions
) -> tuple[CommandResult, Execution]:
    timeout = block.options.timeout or options.shell.default_timeout
    start = time.monotonic()
    ex = session.run(command.text, timeout)
    result = _judge(block, command, ex, options.environment)
    last = command.index == len(block.commands) - 1
    if not (last and block.options.retry):
        return result, ex
    deadline = start + block.options.retry
    backoff, tries = options.first_backoff, 1
    while not result.passed and not ex.timed_out and not ex.shell_exited:
        now = time.monotonic()
        if now >= deadline:
            break
        time.sleep(min(backoff, deadline - now))
        backoff = min(backoff * 2, options.max_backoff)
        ex = session.run(command.text, timeout)
        result = _judge(block, command, ex, options.environment)
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


def _walk(page: Page, options: RunOptions, progress: Progress | None) -> list[CommandResult]:
    results: list[CommandResult] = []
    stop: Failure | None = None
    session: ShellSession | None = None
    try:
        for block in page.blocks:
            for command in block.commands:
                if block.options.skip:
                    result = not_run(block, command, Failure(Reason.SKIP_OPTION), Result.SKIPPED)
                elif stop:
                    result = not_run(block, command, stop)
                else:
                    session = session or ShellSession(options.shell)
                    result, ex = _run_command(session, block, command, options)
                    if ex.timed_out:
                        stop = Failure(Reason.AFTER_TIMEOUT, command.location)
                    elif ex.shell_exited:
                        stop = Failure(Reason.AFTER_SHELL_EXIT, command.location)
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
