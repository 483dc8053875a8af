"""Prove, before writing, that an updated page still says the same thing.

Update may change published output lines and nothing else. The new text is
extracted exactly as verify will extract it, and compared with the old
text's extraction: the same front matter, the same blocks with the same
options, the same commands, and as output exactly the lines planned. Any
other difference (a line read as a command, a fence closed early, a line
split in two) means the rewrite would damage the page, and nothing is
written.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..errors import PageError
from ..extract.pages import parse_page
from ..model import DEFAULT_SYNTAX, Location, Page, Syntax


def _parse(text: str, path: Path, what: str, syntax: Syntax) -> Page:
    try:
        return parse_page(text, path, "", path.name, syntax)
    except PageError as exc:
        raise PageError(exc.location, f"{what} does not extract: {exc.message}") from None


def check(
    path: Path,
    old: str,
    new: str,
    planned: Mapping[int, tuple[str, ...]],
    syntax: Syntax = DEFAULT_SYNTAX,
) -> None:
    """Raise PageError unless ``new`` extracts like ``old`` with the ``planned`` outputs.

    ``planned`` maps the line of a command's first output line in ``old`` to
    the output lines it must publish in ``new``.
    """
    before = _parse(old, path, "the page", syntax)
    after = _parse(new, path, "the updated page", syntax)

    def refuse(location: Location, what: str) -> PageError:
        return PageError(
            location, f"update would change the page's structure ({what}); not written"
        )

    if before.lab != after.lab:
        raise refuse(Location(path, 1), "front matter")
    if len(before.blocks) != len(after.blocks):
        found = f"{len(before.blocks)} console blocks, then {len(after.blocks)}"
        raise refuse(Location(path, 1), found)
    for old_block, new_block in zip(before.blocks, after.blocks, strict=True):
        same = (old_block.info, old_block.options, old_block.prefix) == (
            new_block.info,
            new_block.options,
            new_block.prefix,
        )
        if not same or len(old_block.commands) != len(new_block.commands):
            raise refuse(old_block.location, "block options or commands")
        for old_cmd, new_cmd in zip(old_block.commands, new_block.commands, strict=True):
            if (old_cmd.text, old_cmd.source_lines) != (new_cmd.text, new_cmd.source_lines):
                raise refuse(old_cmd.location, "a command")
            want = planned.get(old_cmd.expected.location.line, old_cmd.expected.lines)
            if new_cmd.expected.lines != want:
                raise refuse(old_cmd.location, "output other than planned")
