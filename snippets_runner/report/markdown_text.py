"""Text from reports, made safe to place in Markdown (a CI job summary renders it, HTML too).

File names, lesson names, notes and versions come from reports that other
jobs wrote, so none of them may become markup: a name must not close its
code span, split a table row, start an HTML tag or a link. Everything a
report says goes through :func:`code` (as inline code) or :func:`text` (as
escaped prose); fenced blocks are made in job_summary.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_MARKUP = re.compile(r"([\\`*_\[\]#!|~<>&])")
"""What can start markup inside a line: emphasis, code, links and images (their
brackets), HTML and entities, table cells, strikethrough. Never at a line's start
here, so list and heading markers need no escape."""


def _one_line(value: str) -> str:
    """Control characters (newlines included) as ``\\xNN``: one table row stays one row."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def code(value: str) -> str:
    """``value`` as inline code that nothing in it can close, safe in a table cell.

    GitHub's tables split cells at ``|`` even inside code spans unless it is
    escaped, and shows the escaped pipe as a plain one.
    """
    shown = _one_line(value).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if shown[:1] in ("`", " ") or shown[-1:] in ("`", " ") or not shown else ""
    return f"{ticks}{pad}{shown}{pad}{ticks}"


def text(value: str) -> str:
    """``value`` as prose: every Markdown and HTML special character escaped."""
    return _MARKUP.sub(r"\\\1", _one_line(value))
