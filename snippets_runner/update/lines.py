"""Which real output lines update may write into a page as they are.

A line of real output becomes a line of the page. Some lines would not be
read back as output: a line starting with the prompt is a new command (the
next verify would run it), a fence line as long as the block's fence closes
the block (the rest of the page turns into code), and control characters
change the page itself (NUL makes it unreadable, CR splits a line in two,
ESC is invisible). Update refuses such a block with the reason; the writer
decides how to publish it (see docs/writing/console-blocks, "What update
will not write").
"""

from __future__ import annotations

import re

from ..extract.patterns import prompt_at
from ..model import DEFAULT_SYNTAX, ELISION, Syntax

_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
"""C0 (TAB aside), DEL and C1 characters, and the Unicode line separators."""


def fence_of(opening: str) -> str:
    """The run of fence characters that opens a block (```` ``` ````, ``~~~``), from its line."""
    body = opening.lstrip(" \t>-*+0123456789.)")
    char = body[:1]
    if char not in ("`", "~"):
        return "```"
    return body[: len(body) - len(body.lstrip(char))]


def real_problem(line: str, syntax: Syntax = DEFAULT_SYNTAX) -> str | None:
    """Why a line of real output cannot be published as it is, beyond :func:`problem`:
    it reads as an elision marker (``[...]``, or the site's ``...``), which would let any
    output pass where the command really printed that line."""
    if line.strip() in (ELISION, *(marker.strip() for marker in syntax.elisions)):
        return f"is the elision marker {line.strip()!r}, so it would be read as one"
    return None


def problem(line: str, fence: str, syntax: Syntax = DEFAULT_SYNTAX) -> str | None:
    """Why ``line`` cannot be published as output of a block opened by ``fence``; None if it can.

    ``syntax`` is the site's (its prompts and elision markers), as extraction reads it.
    """
    control = _CONTROL.search(line)
    if control:
        return f"holds the control character U+{ord(control.group()):04X}"
    prompt = prompt_at(line, syntax.prompts)
    if prompt is not None:
        return f"starts with the prompt {prompt!r}, so it would be read as a command"
    stripped = line.strip()
    char = fence[:1]
    if char and stripped.startswith(char * len(fence)) and set(stripped) == {char}:
        return f"is a fence line {stripped!r} that would close the block's {fence} fence"
    return None
