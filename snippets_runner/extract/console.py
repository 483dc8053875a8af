"""Lexer for the inside of a `console` block: which line is a command, which is output.

Kept separate from the Markdown lexer because the site's fence renderer needs
exactly the same split as the runner: a page must show readers the commands
the runner executes, or the verification proves nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ..bash import LineReader
from ..errors import PageError
from ..model import DEFAULT_SYNTAX, Location, Syntax
from .patterns import prompt_finder

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


class ConsoleLine(NamedTuple):
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


class ConsoleSplit(NamedTuple):
    """A console block's lines classified, without a `ConsoleLine` (and its `Location`)
    per line: the parser reads thousands of commands a page and needs only their bounds.

    Offsets are 0-based indexes into the block's lines.
    """

    kinds: list[LineKind]
    """The kind of every line."""
    commands: list[tuple[int, str, str]]
    """Every COMMAND line: its offset, its prompt and its text (after the prompt, one
    optional space removed). Every other line's text is the line itself."""


def split_console(
    lines: Sequence[str], path: Path, first_line: int, syntax: Syntax = DEFAULT_SYNTAX
) -> ConsoleSplit:
    """Classify every line of a console block, as `lex_console` does (it is built on this).

    In a command's lines, its COMMAND line comes first, then its CONTINUATION and HEREDOC
    lines, then its OUTPUT lines and, last, its COMMENT lines: once a line is output the
    reader has nothing open, so every line up to the next prompt is output, and comments
    are the end of that run.
    """
    split = _lex(lines, path, first_line, syntax)
    if syntax.comment_lines:
        _commentary(split.kinds, lines)
    return split


def lex_console(
    lines: Sequence[str], path: Path, first_line: int, syntax: Syntax = DEFAULT_SYNTAX
) -> tuple[ConsoleLine, ...]:
    """Classify every line of a console block; `first_line` is the file line of `lines[0]`.

    Raises PageError at the offending line for blocks a reader could not
    type as shown: output before the first command, a dangling continuation,
    an unterminated heredoc, or no command at all.
    """
    split = split_console(lines, path, first_line, syntax)
    commands = {offset: (prompt, text) for offset, prompt, text in split.commands}
    result: list[ConsoleLine] = []
    for offset, (kind, raw) in enumerate(zip(split.kinds, lines, strict=True)):
        loc = Location(path, first_line + offset)
        if kind is LineKind.COMMAND:
            prompt, text = commands[offset]
            result.append(ConsoleLine(kind, raw, text, loc, prompt))
        else:
            result.append(ConsoleLine(kind, raw, raw, loc))
    return tuple(result)


def _commentary(kinds: list[LineKind], lines: Sequence[str]) -> None:
    """The run of ``#`` lines (blank lines within it too) that ends each command's
    output is the writer's commentary, as readers take it: ``# the pod is gone``
    under a command, or right before the next one."""
    end = len(kinds)
    for k in range(len(kinds) - 1, -1, -1):
        if kinds[k] is LineKind.OUTPUT:
            continue
        _mark_run(kinds, lines, k + 1, end)
        end = k


def _mark_run(kinds: list[LineKind], lines: Sequence[str], start: int, end: int) -> None:
    """Turn the trailing ``#`` run of the output lines ``lines[start:end]`` into COMMENT."""
    k = end
    while k > start and (_is_comment(lines[k - 1]) or not lines[k - 1].strip()):
        k -= 1
    while k < end and not _is_comment(lines[k]):
        k += 1  # blank lines before the run stay output (the matcher ignores them anyway)
    for j in range(k, end):
        kinds[j] = LineKind.COMMENT


def _lex(lines: Sequence[str], path: Path, first_line: int, syntax: Syntax) -> ConsoleSplit:
    find = prompt_finder(syntax.prompts)
    kinds: list[LineKind] = []
    add = kinds.append
    commands: list[tuple[int, str, str]] = []
    reader = LineReader()
    opened = -1  # the offset of the last command line, -1: none yet
    dangling = -1  # the last line that continues, until a line follows; -1: none
    for offset, raw in enumerate(lines):
        if reader.continuing:
            add(LineKind.CONTINUATION)
            reader.read(raw.rstrip("\r"))
            if reader.continuing:
                dangling = offset
            elif raw.strip():
                dangling = -1
            continue
        if dangling >= 0 and raw.strip():
            dangling = -1
        if not reader.idle:  # not continuing: in a heredoc body
            reader.read(raw.rstrip("\r"))
            add(LineKind.HEREDOC)
            continue
        prompt = find(raw)
        if prompt is None:
            if opened < 0:
                if syntax.comment_lines and (_is_comment(raw) or not raw.strip()):
                    add(LineKind.COMMENT)
                    continue
                shown = " or ".join(repr(p) for p in syntax.prompts)
                raise PageError(
                    Location(path, first_line + offset),
                    f"output before the first command (commands start with {shown})",
                )
            add(LineKind.OUTPUT)
            continue
        text = raw[len(prompt) :]
        text = text[1:] if text.startswith(" ") else text
        opened = offset
        if not text.strip():
            raise PageError(
                Location(path, first_line + offset), f"prompt {prompt!r} without a command"
            )
        add(LineKind.COMMAND)
        commands.append((offset, prompt, text))
        reader.read(text.rstrip("\r"))
        if reader.continuing:
            dangling = offset
    # Blank lines after a trailing backslash are no command: the site drops them from
    # the end of a block, and a reader sees a block that ends in the backslash.
    if dangling >= 0:
        raise PageError(
            Location(path, first_line + dangling),
            "line ends with '\\' but the block ends: the command is cut off",
        )
    if reader.bodies:
        word = reader.bodies.waiting[0].word
        raise PageError(
            Location(path, first_line + opened), f"heredoc is never closed: no line {word!r}"
        )
    if opened < 0:
        raise PageError(Location(path, max(first_line - 1, 1)), "console block has no command")
    return ConsoleSplit(kinds, commands)
