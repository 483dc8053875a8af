"""Which published outputs update rewrites, and with what lines.

A command whose only fault is its output becomes a `Change`: the lines the
page should publish instead, chosen by the rewrite rules (elisions and
volatile values kept, tables re-padded) and taken back as the page wrote
them where they did not change. `unwritable` says why a change cannot be
written at all (a line that would read as a command or close the fence).

A command whose new output cannot be worked out (a shape of output the rules
did not foresee) is a `Failed` of its own, with its `file:line`: it never
stops the other commands and pages from being updated.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ..match import LineVerdict, MatchResult, Verdict, match
from ..match.matcher import output_lines
from ..match.origin import UNSTATED, Origin, origin_for
from ..model import DEFAULT_SYNTAX, Command, ExpectedOutput, Location, Syntax
from ..run.results import CommandResult, PageResult
from .anchors import keep_anchors
from .lines import fence_of, problem, real_problem
from .rewrite import new_lines


@dataclass(frozen=True)
class Change:
    """Replace the published output of `command` (in a block whose lines carry `prefix`)."""

    command: Command
    prefix: str
    """The block's `model.Block.prefix`: list or admonition indentation and quote markers."""
    new: tuple[str, ...]
    lesson: str = ""
    position: int = 0
    """The command's index in its page: with `lesson`, what its translations share."""
    opening: int = 0
    """The line of the block's opening fence."""
    closing: int = 0
    """The line of the block's closing fence (0: not known, not checked)."""
    origin: Origin = UNSTATED
    """What printed the output (see ``match.origin``): where the page's values stay."""

    @property
    def path(self) -> Path:
        return self.command.expected.location.path

    @property
    def twin_key(self) -> tuple[str, int]:
        return (self.lesson, self.position)


def updatable(result: CommandResult) -> bool:
    """Only an output difference can be fixed by rewriting output lines.

    Never the output of a command under which the page publishes none and says it is
    not published (RAN, ``expected.compared`` False): whether to publish it is the
    writer's decision, and update would turn "not published" into "prints this".
    """
    return (
        result.command.expected.compared
        and result.reason is not None
        and result.reason.fixable_by_update
        and result.match is not None
    )


@dataclass(frozen=True)
class Failed:
    """A command whose new output could not be worked out, and why."""

    location: Location
    reason: str
    lesson: str
    position: int

    @property
    def twin_key(self) -> tuple[str, int]:
        return (self.lesson, self.position)


def changes(results: Iterable[PageResult]) -> list[Change]:
    """The output changes that would make every updatable command match its real output."""
    return changes_and_failures(results)[0]


def changes_and_failures(results: Iterable[PageResult]) -> tuple[list[Change], list[Failed]]:
    """The output changes, and the commands whose change could not be worked out.

    Each command is worked out on its own: one that fails (a bug, an output shape
    nobody foresaw) is reported with its file:line and reason, and every other
    command, of this page and the others, still gets its change.
    """
    found = []
    failed = []
    for page_result in results:
        page = page_result.page
        blocks = {c: b for b in page.blocks for c in b.commands}
        positions = {c: i for i, c in enumerate(page.commands)}
        for result in page_result.commands:
            if not updatable(result):
                continue
            assert result.match is not None
            command = result.command
            if blocks[command].included:
                why = (
                    "its block holds lines of a file the page includes (--8<--); update "
                    "writes pages only: fix the included file by hand"
                )
                failed.append(Failed(command.location, why, page.lesson, positions[command]))
                continue
            try:
                origin = origin_for(page, command)
                new = _new_output(command, keep_anchors(result.match), result.output, origin)
            except Exception as exc:  # reported per command, never fatal
                why = f"cannot work out the new output ({type(exc).__name__}: {exc})"
                failed.append(Failed(command.location, why, page.lesson, positions[command]))
                continue
            if new != command.expected.lines:
                block = blocks[command]
                found.append(
                    Change(
                        command,
                        block.prefix,
                        new,
                        page.lesson,
                        positions[command],
                        block.location.line,
                        block.end_line,
                        origin,
                    )
                )
    return found, failed


def _new_output(
    command: Command, outcome: MatchResult, output: str, origin: Origin
) -> tuple[str, ...]:
    """The rewrite rules' output; where keeping a published line stops it matching (a row
    kept as ``29s`` after its table header went away), the real lines instead."""
    new = new_lines(command.expected, outcome, origin)
    if not match(ExpectedOutput(new, command.expected.location), output, origin).matched:
        fresh = tuple(
            LineVerdict(Verdict.EXACT, v.actual, v.actual) if v.verdict is Verdict.NORMALIZED else v
            for v in outcome.lines
        )
        new = new_lines(command.expected, replace(outcome, lines=fresh), origin)
    return _as_published(command.expected.lines, new)


def _as_published(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    """``new``, with the lines it keeps from the page written as the page has them.

    The matcher reads lines without their trailing blanks and ignores empty lines at
    the end of the output, so the rules hand back ``x`` for the page's ``x  ``, an empty
    line for one saved with more indentation than its block's, and drop the empty lines
    a writer left before the closing fence. Taking those back as they were keeps the
    page's bytes where its output did not change, and matches the real output the same.
    """
    body = len(old)
    while body and not old[body - 1].strip():
        body -= 1
    out = list(new)
    kept = difflib.SequenceMatcher(
        None, [line.rstrip() for line in old[:body]], [line.rstrip() for line in new]
    )
    for tag, old_from, old_to, new_from, new_to in kept.get_opcodes():
        if tag == "equal":
            out[new_from:new_to] = old[old_from:old_to]
    if out and out[-1].strip():
        out += old[body:]
    return tuple(out)


def unwritable(
    change: Change, output: str, text: str, syntax: Syntax = DEFAULT_SYNTAX
) -> str | None:
    """Why ``change`` cannot be written into the page ``text`` (None: it can).

    ``output`` is the real output: the new lines must match it, or a second
    update would change the page again.
    """
    old = set(change.command.expected.lines)
    fence = fence_of(text.split("\n")[change.opening - 1]) if change.opening else "```"
    real = output_lines(output)
    for number, line in enumerate(change.new, start=1):
        if line not in old and (
            why := problem(line, fence, syntax) or (line in real and real_problem(line, syntax))
        ):
            where = f"real output line {real.index(line) + 1}" if line in real else f"line {number}"
            return f"{where} {why}"
    new = ExpectedOutput(change.new, change.command.expected.location)
    if not match(new, output, change.origin).matched:
        return "the rewritten output would not match the real output"
    return None
