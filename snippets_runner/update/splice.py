"""Splice new output lines into a page's text, refusing a page that moved.

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
from collections.abc import Iterable, Sequence

from ..errors import PageError
from ..extract.markdown import is_closing  # the extractor's rules, never a copy
from ..extract.markdown import unprefixed as _read_block_line
from ..model import Location
from .changes import Change
from .lines import fence_of


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
    fence = fence_of(lines[change.opening - 1])
    return is_closing(lines[change.closing - 1], change.prefix, fence)


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
