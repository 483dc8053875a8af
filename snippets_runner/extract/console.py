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

from ..bash import LineReader
from ..errors import PageError
from ..model import DEFAULT_SYNTAX, Location, Syntax
from .patterns import prompt_at

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
    COMMENT = "comment"
    """The writer's commentary (``comment-lines``): a ``#`` line before the first command,
    or in the run of ``#`` lines that ends a command's output. Neither run nor compared."""


@dataclass(frozen=True)
class ConsoleLine:
    kind: LineKind
    raw: str
    text: str
    """For COMMAND lines the text after the prompt (one optional space removed); else `raw`."""
    location: Location
    prompt: str = ""
    """For COMMAND lines the prompt text the line starts with."""


def _is_comment(raw: str) -> bool:
    """A ``#`` at the start of the line: an indented one is far more often real output
    (the comments of a YAML document a command prints) than a writer's note."""
    return raw.startswith("#")


def lex_console(
    lines: Sequence[str], path: Path, first_line: int, syntax: Syntax = DEFAULT_SYNTAX
) -> tuple[ConsoleLine, ...]:
    """Classify every line of a console block; `first_line` is the file line of `lines[0]`.

    Raises PageError at the offending line for blocks a reader could not
    type as shown: output before the first command, a dangling continuation,
    an unterminated heredoc, or no command at all.
    """
    lexed = _lex(lines, path, first_line, syntax)
    return _commentary(lexed) if syntax.comment_lines else lexed


def _commentary(lines: tuple[ConsoleLine, ...]) -> tuple[ConsoleLine, ...]:
    """The run of ``#`` lines (blank lines within it too) that ends each command's
    output is the writer's commentary, as readers take it: ``# the pod is gone``
    under a command, or right before the next one."""
    out = list(lines)
    end = len(out)
    for k in range(len(out) - 1, -1, -1):
        if out[k].kind is LineKind.OUTPUT:
            continue
        _mark_run(out, k + 1, end)
        end = k
    return tuple(out)


def _mark_run(out: list[ConsoleLine], start: int, end: int) -> None:
    """Turn the trailing ``#`` run of the output lines ``out[start:end]`` into COMMENT."""
    k = end
    while k > start and (_is_comment(out[k - 1].raw) or not out[k - 1].raw.strip()):
        k -= 1
    while k < end and not _is_comment(out[k].raw):
        k += 1  # blank lines before the run stay output (the matcher ignores them anyway)
    for j in range(k, end):
        line = out[j]
        out[j] = ConsoleLine(LineKind.COMMENT, line.raw, line.text, line.location)


def _lex(
    lines: Sequence[str], path: Path, first_line: int, syntax: Syntax
) -> tuple[ConsoleLine, ...]:
    prompts = syntax.prompts
    shown = " or ".join(repr(p) for p in prompts)
    prompt: str | None = None
    result: list[ConsoleLine] = []
    reader = LineReader()
    opened_at: Location | None = None
    dangling: Location | None = None  # the last line that continues, until a line follows
    for offset, raw in enumerate(lines):
        loc = Location(path, first_line + offset)
        if raw.strip() and not reader.continuing:
            dangling = None
        if reader.continuing:
            kind, text = LineKind.CONTINUATION, raw
        elif reader.in_body:
            reader.read(raw.rstrip("\r"))
            result.append(ConsoleLine(LineKind.HEREDOC, raw, raw, loc))
            continue
        elif (prompt := prompt_at(raw, prompts)) is not None:
            text = raw[len(prompt) :]
            text = text[1:] if text.startswith(" ") else text
            kind = LineKind.COMMAND
            opened_at = loc
            if not text.strip():
                raise PageError(loc, f"prompt {prompt!r} without a command")
        else:
            if opened_at is None:
                if syntax.comment_lines and (_is_comment(raw) or not raw.strip()):
                    result.append(ConsoleLine(LineKind.COMMENT, raw, raw, loc))
                    continue
                raise PageError(
                    loc, f"output before the first command (commands start with {shown})"
                )
            result.append(ConsoleLine(LineKind.OUTPUT, raw, raw, loc))
            continue
        said = prompt or "" if kind is LineKind.COMMAND else ""
        result.append(ConsoleLine(kind, raw, text, loc, said))
        reader.read(text.rstrip("\r"))
        if reader.continuing:
            dangling = loc
        elif raw.strip():
            dangling = None
    # Blank lines after a trailing backslash are no command: the site drops them from
    # the end of a block, and a reader sees a block that ends in the backslash.
    if dangling is not None:
        raise PageError(dangling, "line ends with '\\' but the block ends: the command is cut off")
    if reader.bodies:
        assert opened_at is not None
        word = reader.bodies.waiting[0].word
        raise PageError(opened_at, f"heredoc is never closed: no line {word!r}")
    if opened_at is None:
        raise PageError(Location(path, max(first_line - 1, 1)), "console block has no command")
    return tuple(result)
