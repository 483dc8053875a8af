"""Apply output changes to page files: only output lines change, each file atomically.

Every translation of a lesson publishes the same output (parity), so one
run's results rewrite all of them. Before writing, the lines on disk are
checked against what was extracted (a page edited meanwhile is refused, not
clobbered) and the new text is extracted again and compared with the old
(`structure.check`): a page is only written when it provably says the same
thing with new output.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import PageError
from ..match import LineVerdict, MatchResult, Verdict, match
from ..match.matcher import output_lines
from ..model import Command, ExpectedOutput, Location
from ..run.results import CommandResult, PageResult
from . import pagefile, structure
from .anchors import keep_anchors
from .lines import fence_of, problem
from .rewrite import new_lines


@dataclass(frozen=True)
class Change:
    """Replace the published output of `command` (in a block indented by `indent`)."""

    command: Command
    indent: str
    new: tuple[str, ...]
    lesson: str = ""
    position: int = 0
    """The command's index in its page: with `lesson`, what its translations share."""
    opening: int = 0
    """The line of the block's opening fence."""

    @property
    def path(self) -> Path:
        return self.command.expected.location.path

    @property
    def twin_key(self) -> tuple[str, int]:
        return (self.lesson, self.position)


def updatable(result: CommandResult) -> bool:
    """Only an output difference can be fixed by rewriting output lines."""
    return (
        result.reason is not None and result.reason.fixable_by_update and result.match is not None
    )


def changes(results: Iterable[PageResult]) -> list[Change]:
    """The output changes that would make every updatable command match its real output."""
    found = []
    for page_result in results:
        blocks = {c: b for b in page_result.page.blocks for c in b.commands}
        positions = {c: i for i, c in enumerate(page_result.page.commands)}
        for result in page_result.commands:
            if updatable(result):
                assert result.match is not None
                command = result.command
                new = _new_output(command, keep_anchors(result.match), result.output)
                if new != command.expected.lines:
                    block = blocks[command]
                    found.append(
                        Change(
                            command,
                            block.indent,
                            new,
                            page_result.page.lesson,
                            positions[command],
                            block.location.line,
                        )
                    )
    return found


def _new_output(command: Command, outcome: MatchResult, output: str) -> tuple[str, ...]:
    """The rewrite rules' output; where keeping a published line stops it matching (a row
    kept as ``29s`` after its table header went away), the real lines instead."""
    new = new_lines(command.expected, outcome)
    if match(ExpectedOutput(new, command.expected.location), output).matched:
        return new
    fresh = tuple(
        LineVerdict(Verdict.EXACT, v.actual, v.actual) if v.verdict is Verdict.NORMALIZED else v
        for v in outcome.lines
    )
    return new_lines(command.expected, replace(outcome, lines=fresh))


def unwritable(change: Change, output: str, text: str) -> str | None:
    """Why ``change`` cannot be written into the page ``text`` (None: it can).

    ``output`` is the real output: the new lines must match it, or a second
    update would change the page again.
    """
    old = set(change.command.expected.lines)
    fence = fence_of(text.split("\n")[change.opening - 1]) if change.opening else "```"
    real = output_lines(output)
    for number, line in enumerate(change.new, start=1):
        if line not in old and (why := problem(line, fence)):
            where = f"real output line {real.index(line) + 1}" if line in real else f"line {number}"
            return f"{where} {why}"
    if not match(ExpectedOutput(change.new, change.command.expected.location), output).matched:
        return "the rewritten output would not match the real output"
    return None


def _indented(line: str, indent: str) -> str:
    return indent + line if line else line


def rewrite(text: str, changes: Iterable[Change]) -> str:
    """Apply changes to one file's text (``\\n`` line endings), bottom-up so line numbers hold."""
    lines = text.split("\n")
    seen: set[int] = set()
    for change in sorted(changes, key=lambda c: c.command.expected.location.line, reverse=True):
        expected = change.command.expected
        if expected.location.line in seen:
            continue  # the same page named twice: one change is enough
        seen.add(expected.location.line)
        start = expected.location.line - 1
        old = [_indented(line, change.indent) for line in expected.lines]
        head = [_indented(line, change.indent) for line in change.command.source_lines]
        if lines[start : start + len(old)] != old or lines[start - len(head) : start] != head:
            raise PageError(
                Location(change.path, expected.location.line),
                "page changed since it was read; run update again",
            )
        lines[start : start + len(old)] = [_indented(line, change.indent) for line in change.new]
    return "\n".join(lines)


@dataclass(frozen=True)
class Edit:
    """One page file and its new text, checked and ready to write."""

    page: pagefile.PageFile
    new: str
    """New text with ``\\n`` endings; `page.encode` gives the file's own style."""

    @property
    def path(self) -> Path:
        return self.page.path


def by_file(changes: Iterable[Change]) -> dict[Path, list[Change]]:
    """Changes grouped by the file really written (a path named twice, or a link, is one file)."""
    grouped: dict[Path, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.path.resolve(), []).append(change)
    return grouped


def edit(page: pagefile.PageFile, changes: list[Change]) -> Edit:
    """The checked new text of ``page`` with ``changes``; PageError if it would be unsafe."""
    new = rewrite(page.text, changes)
    planned = {c.command.expected.location.line: c.new for c in changes}
    structure.check(page.path, page.text, new, planned)
    return Edit(page, new)


def _unified(edit: Edit, old_name: str, new_name: str) -> str:
    """A unified diff `git apply` accepts: the file's own bytes, no-newline markers included."""
    old = edit.page.original.split("\n")
    new = edit.page.encode(edit.new).split("\n")
    old_lines = [line + "\n" for line in old[:-1]] + ([old[-1]] if old[-1] else [])
    new_lines_ = [line + "\n" for line in new[:-1]] + ([new[-1]] if new[-1] else [])
    out = []
    for line in difflib.unified_diff(old_lines, new_lines_, old_name, new_name):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def diff(edits: Iterable[Edit]) -> str:
    """The unified diff `--dry-run` prints, one file after another."""
    return "".join(_unified(e, str(e.path), str(e.path)) for e in edits)


def patch(edits: Iterable[Edit], root: Path) -> str:
    """A patch of every edit with paths relative to ``root``, as `git apply` reads it."""
    parts = []
    for e in edits:
        name = Path(os.path.relpath(e.page.target, root.resolve())).as_posix()
        parts.append(f"diff --git a/{name} b/{name}\n" + _unified(e, f"a/{name}", f"b/{name}"))
    return "".join(parts)


def apply(edits: Iterable[Edit]) -> list[Path]:
    """Write each edit atomically (through symlinks); returns the pages written."""
    written = []
    for e in edits:
        pagefile.write(e.page, e.new)
        written.append(e.path)
    return written
