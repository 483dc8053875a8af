"""Apply output changes to page files: only output lines change, each file atomically.

Every translation of a lesson publishes the same output (parity), so one
run's results rewrite all of them. Before writing, the lines on disk are
checked against what was extracted (`splice.rewrite` refuses a page edited
meanwhile instead of clobbering it) and the new text is extracted again and
compared with the old (`proof.check`): a page is only written when it
provably says the same thing with new output.

Writing keeps a lesson's languages together (`apply`): the pages of one
lesson are written all or none. Every one of them is checked first, so a
page its writer saved meanwhile keeps that lesson's other pages from being
written too; a write that fails halfway puts back the pages of the lesson
already written; and only when a page cannot be put back (saved again
meanwhile) is the lesson left with languages that disagree, which is then
said, naming each page. A lesson that cannot be written never stops the
other lessons from being written.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import SnippetsError
from ..files import PageFile, pagefile
from ..model import DEFAULT_SYNTAX, Location, Syntax
from . import proof
from .changes import Change
from .splice import rewrite


@dataclass(frozen=True)
class Edit:
    """One page file and its new text, checked and ready to write."""

    page: PageFile
    new: str
    """New text with ``\\n`` endings; `page.encode` gives the file's own style."""
    lessons: frozenset[str] = frozenset()
    """The lessons whose output it rewrites: their pages are written together or not at all."""

    @property
    def path(self) -> Path:
        return self.page.path


def by_file(changes: Iterable[Change]) -> dict[Path, list[Change]]:
    """Changes grouped by the file really written (a path named twice, or a link, is one file)."""
    grouped: dict[Path, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.path.resolve(), []).append(change)
    return grouped


def edit(page: PageFile, changes: list[Change], syntax: Syntax = DEFAULT_SYNTAX) -> Edit:
    """The checked new text of ``page`` with ``changes``; PageError if it would be unsafe.

    ``syntax`` is the site's prompt and fence language: the check extracts the page as
    verify will, and with the default syntax a site's own pages would not extract at all.
    """
    new = rewrite(page.text, changes)
    planned = {c.command.expected.location.line: c.new for c in changes}
    proof.check(page.path, page.text, new, planned, syntax)
    return Edit(page, new, frozenset(c.lesson for c in changes if c.lesson))


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


@dataclass(frozen=True)
class NotWritten:
    """A page of a lesson `apply` could not write whole, with file:line and why."""

    location: Location
    reason: str
    error: SnippetsError
    """What stopped the lesson: its exit code is the command's."""
    written: bool = False
    """The page is new while another page of its lesson is not: the languages disagree."""

    def __str__(self) -> str:
        return (
            f"{self.location}: {'updated, but' if self.written else 'not updated:'} {self.reason}"
        )


@dataclass(frozen=True)
class Applied:
    """What `apply` did: the edits written, and every page it could not write, with why."""

    written: tuple[Edit, ...]
    failed: tuple[NotWritten, ...]

    @property
    def paths(self) -> list[Path]:
        return [e.path for e in self.written]


def _lessons(edits: list[Edit]) -> list[list[Edit]]:
    """The edits in groups written all or none: those that share a lesson, in the plan's order.

    An edit without a lesson (one made by hand) is a group of its own.
    """
    parent = list(range(len(edits)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, e in enumerate(edits):
        for key in sorted(e.lessons):
            if key in owner:
                parent[root(i)] = root(owner[key])
            else:
                owner[key] = i
    groups: dict[int, list[Edit]] = {}
    for i, e in enumerate(edits):
        groups.setdefault(root(i), []).append(e)
    return list(groups.values())


def _where(error: SnippetsError, edit: Edit) -> tuple[Location, str]:
    """file:line and reason of ``error`` on ``edit``'s page (line 1: the page as a whole)."""
    return error.location or Location(edit.path, 1), error.message


def _because(other: Edit) -> str:
    return f"{other.path} of the same lesson could not be written, so neither was this page"


def _write_lesson(group: list[Edit]) -> tuple[list[Edit], list[NotWritten]]:
    """Write the pages of one lesson: all of them, or none (or say plainly that they disagree)."""
    causes: dict[int, SnippetsError] = {}
    for e in group:
        try:
            pagefile.check(e.page)
        except SnippetsError as exc:
            causes[id(e)] = exc
    if causes:
        first = next(e for e in group if id(e) in causes)
        failed = []
        for e in group:
            if id(e) in causes:
                failed.append(NotWritten(*_where(causes[id(e)], e), causes[id(e)]))
            else:
                failed.append(NotWritten(Location(e.path, 1), _because(first), causes[id(first)]))
        return [], failed
    done: list[Edit] = []
    for e in group:
        try:
            pagefile.write(e.page, e.new)
        except SnippetsError as exc:
            return _undo(group, done, e, exc)
        done.append(e)
    return done, []


def _undo(
    group: list[Edit], done: list[Edit], broken: Edit, error: SnippetsError
) -> tuple[list[Edit], list[NotWritten]]:
    """``broken`` failed after ``done`` were written: put those back, so the lesson agrees.

    A page that cannot be put back (its writer saved it meanwhile) stays as
    update wrote it, and the disagreement is said on it.
    """
    kept: list[Edit] = []
    failed: list[NotWritten] = []
    for e in group:
        if e is broken:
            failed.append(NotWritten(*_where(error, e), error))
            continue
        if any(e is d for d in done):
            try:
                pagefile.put_back(e.page, e.new)
            except SnippetsError as exc:
                kept.append(e)
                why = (
                    f"{broken.path} of the same lesson could not be written, and this page could "
                    f"not be put back ({exc.message}): the lesson's languages disagree; run "
                    "update again, or fix them by hand"
                )
                failed.append(NotWritten(Location(e.path, 1), why, error, written=True))
                continue
        failed.append(NotWritten(Location(e.path, 1), _because(broken), error))
    return kept, failed


def apply(edits: Iterable[Edit]) -> Applied:
    """Write each edit atomically (through symlinks), a lesson's pages all or none.

    A page that cannot be written is named with file:line and why, and never
    stops the other lessons' pages from being written (see the module's
    docstring for what happens to the rest of its own lesson).
    """
    written: list[Edit] = []
    failed: list[NotWritten] = []
    for group in _lessons(list(edits)):
        done, problems = _write_lesson(group)
        written += done
        failed += problems
    return Applied(tuple(written), tuple(failed))
