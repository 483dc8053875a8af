"""Apply output changes to page files: only output lines change, each file atomically.

Every translation of a lesson publishes the same output (parity), so one
run's results rewrite all of them. Before writing, the lines on disk are
checked against what was extracted: a page edited meanwhile is refused, not
clobbered.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import PageError
from ..model import Command, Location
from ..report.atomic import write_atomic
from ..run.results import CommandResult, PageResult
from .rewrite import new_lines


@dataclass(frozen=True)
class Change:
    """Replace the published output of `command` (in a block indented by `indent`)."""

    command: Command
    indent: str
    new: tuple[str, ...]

    @property
    def path(self) -> Path:
        return self.command.expected.location.path


def updatable(result: CommandResult) -> bool:
    """Only an output difference can be fixed by rewriting output lines."""
    return (
        result.reason is not None and result.reason.fixable_by_update and result.match is not None
    )


def plan(results: Iterable[PageResult]) -> list[Change]:
    changes = []
    for page_result in results:
        indents = {c: b.indent for b in page_result.page.blocks for c in b.commands}
        for result in page_result.commands:
            if updatable(result):
                assert result.match is not None
                new = new_lines(result.command.expected, result.match)
                if new != result.command.expected.lines:
                    changes.append(Change(result.command, indents[result.command], new))
    return changes


def _indented(line: str, indent: str) -> str:
    return indent + line if line else line


def rewrite(text: str, changes: list[Change]) -> str:
    """Apply changes to one file's text, bottom-up so earlier line numbers stay valid."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    for change in sorted(changes, key=lambda c: c.command.expected.location.line, reverse=True):
        expected = change.command.expected
        start = expected.location.line - 1
        old = [_indented(line, change.indent) for line in expected.lines]
        head = [_indented(line, change.indent) for line in change.command.source_lines]
        if lines[start : start + len(old)] != old or lines[start - len(head) : start] != head:
            raise PageError(
                Location(expected.location.path, expected.location.line),
                "page changed since it was read; run update again",
            )
        lines[start : start + len(old)] = [_indented(line, change.indent) for line in change.new]
    return newline.join(lines)


def _read(path: Path) -> str:
    """The text with its line endings as they are: a CRLF page must stay CRLF."""
    return path.read_bytes().decode("utf-8")


def _by_file(changes: Iterable[Change]) -> dict[Path, list[Change]]:
    grouped: dict[Path, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.path, []).append(change)
    return grouped


def diff(changes: Iterable[Change]) -> str:
    """The unified diff `--dry-run` prints."""
    parts: list[str] = []
    for path, mine in _by_file(changes).items():
        old = _read(path)
        new = rewrite(old, mine)
        parts.extend(
            difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True), str(path), str(path)
            )
        )
    return "".join(parts)


def apply(changes: Iterable[Change]) -> list[Path]:
    """Rewrite each affected file atomically; returns the files written."""
    written = []
    for path, mine in _by_file(changes).items():
        write_atomic(path, rewrite(_read(path), mine))
        written.append(path)
    return written
