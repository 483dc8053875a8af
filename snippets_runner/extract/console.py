"""Lexer for the inside of a `console` block: which line is a command, which is output.

Kept separate from the Markdown lexer because the site's fence renderer needs
exactly the same split as the runner: a page must show readers the commands
the runner executes, or the verification proves nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import PageError
from ..model import DEFAULT_SYNTAX, Location
from .shellwords import ScanState, heredocs

PROMPT = DEFAULT_SYNTAX.prompt
"""The default prompt; a site chooses its own with ``prompt`` in the runner configuration."""


class LineKind(enum.Enum):
    COMMAND = "command"
    """Starts with the prompt: the first line of a command."""
    CONTINUATION = "continuation"
    """Follows a line that ends in a backslash."""
    HEREDOC = "heredoc"
    """Body or terminator of a heredoc opened by the command."""
    OUTPUT = "output"
    """What the page says the command prints."""


@dataclass(frozen=True)
class ConsoleLine:
    kind: LineKind
    raw: str
    text: str
    """For COMMAND lines the text after the prompt (one optional space removed); else `raw`."""
    location: Location


def _continues(line: str) -> bool:
    """An odd number of trailing backslashes escapes the newline, as in bash."""
    stripped = line.rstrip("\r")
    count = len(stripped) - len(stripped.rstrip("\\"))
    return count % 2 == 1


def lex_console(
    lines: Sequence[str], path: Path, first_line: int, prompt: str = PROMPT
) -> tuple[ConsoleLine, ...]:
    """Classify every line of a console block; `first_line` is the file line of `lines[0]`.

    Raises PageError at the offending line for blocks a reader could not
    type as shown: output before the first command, a dangling continuation,
    an unterminated heredoc, or no command at all.
    """
    result: list[ConsoleLine] = []
    continuing = False
    pending: list[tuple[str, bool]] = []  # heredoc terminators still to see, in order
    opened_at: Location | None = None
    quoting = ScanState()  # quotes stay open across a command's continuation lines
    for offset, raw in enumerate(lines):
        loc = Location(path, first_line + offset)
        if continuing:
            kind, text = LineKind.CONTINUATION, raw
        elif pending:
            word, strip_tabs = pending[0]
            body = raw.lstrip("\t") if strip_tabs else raw
            if body.rstrip("\r") == word:
                pending.pop(0)
            result.append(ConsoleLine(LineKind.HEREDOC, raw, raw, loc))
            continue
        elif raw.startswith(prompt):
            text = raw[len(prompt) :]
            text = text[1:] if text.startswith(" ") else text
            kind = LineKind.COMMAND
            opened_at = loc
            quoting = ScanState()
            if not text.strip():
                raise PageError(loc, f"prompt {prompt!r} without a command")
        else:
            if opened_at is None:
                raise PageError(
                    loc, f"output before the first command (commands start with {prompt!r})"
                )
            result.append(ConsoleLine(LineKind.OUTPUT, raw, raw, loc))
            continue
        result.append(ConsoleLine(kind, raw, text, loc))
        continuing = _continues(raw)
        # `<<EOF` opens a heredoc only where bash sees it: not inside quotes or a comment.
        pending.extend((h.word, h.strip_tabs) for h in heredocs(text, quoting))
    if continuing:
        raise PageError(
            result[-1].location, "line ends with '\\' but the block ends: the command is cut off"
        )
    if pending:
        assert opened_at is not None
        raise PageError(opened_at, f"heredoc is never closed: no line {pending[0][0]!r}")
    if opened_at is None:
        raise PageError(Location(path, max(first_line - 1, 1)), "console block has no command")
    return tuple(result)
