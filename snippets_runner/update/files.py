"""Apply output changes to page files: only output lines change, each file atomically.

Every translation of a lesson publishes the same output (parity), so one
run's results rewrite all of them. Before writing, the lines on disk are
checked against what was extracted (`splice.rewrite` refuses a page edited
meanwhile instead of clobbering it) and the new text is extracted again and
compared with the old (`structure.check`): a page is only written when it
provably says the same thing with new output.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..model import DEFAULT_SYNTAX, Syntax
from . import pagefile, structure
from .changes import Change
from .splice import rewrite


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
