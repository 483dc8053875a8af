"""Apply output changes to page files: only output lines change, each file atomically.

Every translation of a lesson publishes the same output (parity), so one
run's results rewrite all of them. Before writing, the lines on disk are
checked against what was extracted (a page edited meanwhile is refused, not
clobbered) and the new text is extracted again and compared with the old
(`structure.check`): a page is only written when it provably says the same
thing with new output.

A block nested in a list item, a blockquote or both carries a prefix on
every line (`model.Block.prefix`), and its empty lines are written in more
than one way (`>`, `> `, nothing, the item's indentation): the lines on disk
are compared with what was extracted through the extractor's own reading of
a line, never by writing the extracted lines back, so a page that did not
change is never called changed; and an output line the rewrite keeps keeps
its bytes, so the file changes only where the output did.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import PageError
from ..extract.markdown import unprefixed as _read_block_line  # its rule, never a copy
from ..match import LineVerdict, MatchResult, Verdict, match
from ..match.matcher import output_lines
from ..model import DEFAULT_SYNTAX, Command, ExpectedOutput, Location, Syntax
from ..run.results import CommandResult, PageResult
from . import pagefile, structure
from .anchors import keep_anchors
from .lines import fence_of, problem
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
                            block.prefix,
                            new,
                            page_result.page.lesson,
                            positions[command],
                            block.location.line,
                            block.end_line,
                        )
                    )
    return found


def _new_output(command: Command, outcome: MatchResult, output: str) -> tuple[str, ...]:
    """The rewrite rules' output; where keeping a published line stops it matching (a row
    kept as ``29s`` after its table header went away), the real lines instead."""
    new = new_lines(command.expected, outcome)
    if not match(ExpectedOutput(new, command.expected.location), output).matched:
        fresh = tuple(
            LineVerdict(Verdict.EXACT, v.actual, v.actual) if v.verdict is Verdict.NORMALIZED else v
            for v in outcome.lines
        )
        new = new_lines(command.expected, replace(outcome, lines=fresh))
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
        if line not in old and (why := problem(line, fence, syntax.prompt)):
            where = f"real output line {real.index(line) + 1}" if line in real else f"line {number}"
            return f"{where} {why}"
    if not match(ExpectedOutput(change.new, change.command.expected.location), output).matched:
        return "the rewritten output would not match the real output"
    return None


def _written(line: str, prefix: str) -> str:
    """A block line as the file holds it (`model.Block.prefix`): ``prefix + line``, but an
    empty line keeps only the prefix's markers, so a quoted block's empty line keeps its
    ``>`` (without it the blockquote, and the block, would end there) and a list item's
    empty line carries no trailing blanks."""
    return prefix + line if line else prefix.rstrip(" \t")


def _reads_as(found: Sequence[str], lines: Sequence[str], prefix: str) -> bool:
    """Whether the file lines ``found`` are ``lines`` as the extractor reads a block's lines.

    The extractor's own rule, not a copy and not ``_written`` compared back: an empty
    line may be on disk as ``>``, ``> ``, nothing or the item's indentation and always
    reads as empty, so a page nobody touched is never taken for a changed one.
    """
    return len(found) == len(lines) and all(
        _read_block_line(text, prefix) == line for text, line in zip(found, lines, strict=True)
    )


def _output(found: list[str], old: Sequence[str], new: Sequence[str], prefix: str) -> list[str]:
    """The file lines that publish ``new`` where ``found`` published ``old``.

    A line the rewrite keeps keeps its bytes (a list item's empty line saved with its
    indentation stays so); only added or changed lines are written, as `_written` says.
    """
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new)
    for tag, old_from, old_to, new_from, new_to in matcher.get_opcodes():
        if tag == "equal":
            out += found[old_from:old_to]
        else:
            out += [_written(line, prefix) for line in new[new_from:new_to]]
    return out


def _unmoved(lines: list[str], change: Change) -> bool:
    """Whether ``change``'s command still has, on disk, the lines it was extracted with,
    and its block still closes where it did.

    The closing fence is checked too because a line a writer added to the block right
    after the output reads as more output: without it that edit would surface as "update
    would change the page's structure" instead of as what it is, a page edited since it
    was read.
    """
    expected = change.command.expected
    start = expected.location.line - 1
    top = start - len(change.command.source_lines)
    if top < 0 or not (
        _reads_as(lines[top:start], change.command.source_lines, change.prefix)
        and _reads_as(lines[start : start + len(expected.lines)], expected.lines, change.prefix)
    ):
        return False
    if not change.closing or not change.opening:
        return True
    if change.closing > len(lines):
        return False
    closing = _read_block_line(lines[change.closing - 1], change.prefix)
    fence = fence_of(lines[change.opening - 1])
    return closing is not None and closing.rstrip(" \t") == fence


def rewrite(text: str, changes: Iterable[Change]) -> str:
    """Apply changes to one file's text (``\\n`` line endings), bottom-up so line numbers hold.

    Every change is checked against the text as it was read before any is applied: a
    change below another in the same block moves that block's closing fence.
    """
    lines = text.split("\n")
    todo: dict[int, Change] = {}
    for change in changes:  # the same page named twice: one change per line is enough
        todo.setdefault(change.command.expected.location.line, change)
    for line, change in sorted(todo.items()):
        if not _unmoved(lines, change):
            raise PageError(
                Location(change.path, line), "page changed since it was read; run update again"
            )
    for line, change in sorted(todo.items(), reverse=True):
        old = change.command.expected.lines
        start = line - 1
        lines[start : start + len(old)] = _output(
            lines[start : start + len(old)], old, change.new, change.prefix
        )
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


def edit(page: pagefile.PageFile, changes: list[Change], syntax: Syntax = DEFAULT_SYNTAX) -> Edit:
    """The checked new text of ``page`` with ``changes``; PageError if it would be unsafe.

    ``syntax`` is the site's prompt and fence language: the check extracts the page as
    verify will, and with the default syntax a site's own pages would not extract at all.
    """
    new = rewrite(page.text, changes)
    planned = {c.command.expected.location.line: c.new for c in changes}
    structure.check(page.path, page.text, new, planned, syntax)
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
