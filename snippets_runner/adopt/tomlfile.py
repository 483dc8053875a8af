"""Add settings to ``[tool.snippets-runner]`` of a pyproject.toml, changing nothing else.

The file belongs to the site's maintainers: its other tables, keys, comments,
blank lines and quoting stay byte for byte. So the settings are added as
text, not by writing a parsed document back: lines are inserted after the
last key of the ``[tool.snippets-runner]`` table (before the comments and
blank lines that lead to the next table, which are about that table), or a
new table is appended at the end of the file. The result is then parsed
again and must be the old document plus exactly the new keys; anything else
(the table written as dotted keys or an inline table, say) is refused with a
message, and nothing is written.

(A style-preserving TOML library was tried first: it keeps the comment lines
before a sub-table such as ``[tool.snippets-runner.values.X]`` with the table
above them, so new keys landed between a comment and the table it is about.)
"""

from __future__ import annotations

import copy
import re
import textwrap
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config.pyproject import SECTION
from ..errors import ConfigError

TABLE = ("tool", SECTION)
WIDTH = 99
"""Comment lines are wrapped here (a file:line is never broken)."""


@dataclass(frozen=True)
class Entry:
    """A key to add, its value as TOML text, and the comment lines above it (without ``#``)."""

    key: str
    value: str
    comments: tuple[str, ...] = ()


def comment_lines(notes: Sequence[str]) -> list[str]:
    """Notes as ``#`` lines: each wrapped, its continuation lines indented."""
    out: list[str] = []
    for note in notes:
        clean = "".join(char if char.isprintable() else " " for char in note)
        out += textwrap.wrap(
            clean,
            WIDTH,
            initial_indent="# ",
            subsequent_indent="#   ",
            break_long_words=False,
            break_on_hyphens=False,
        ) or ["#"]
    return out


_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\]|\\.)*"'
_LITERAL = r"'[^']*'"
_KEY = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_HEADER = re.compile(rf"\s*\[(?!\[)\s*(?P<key>{_KEY}(?:\s*\.\s*{_KEY})*)\s*\]\s*(?:#.*)?")
_ANY_HEADER = re.compile(r"\s*\[")
_PART = re.compile(_KEY)


def _key_parts(key: str) -> tuple[str, ...]:
    parts = []
    for m in _PART.finditer(key):
        part = m.group()
        if part[0] in "\"'":
            part = tomllib.loads(f"k = {part}")["k"]
        parts.append(part)
    return tuple(parts)


def _outside_strings(lines: Sequence[str]) -> list[bool]:
    """Per line, whether it starts outside a multi-line string (where a header may stand)."""
    starts: list[bool] = []
    inside: str | None = None
    for line in lines:
        starts.append(inside is None)
        k = 0
        while k < len(line):
            if inside is not None:
                end = line.find(inside, k)
                if end < 0:
                    break
                k, inside = end + 3, None
                continue
            char = line[k]
            if char == "#":
                break
            if line.startswith(('"""', "'''"), k):
                inside = line[k : k + 3]
                k += 3
            elif char in "\"'":
                m = re.compile(_BASIC if char == '"' else _LITERAL).match(line, k)
                k = m.end() if m else len(line)
            else:
                k += 1
    return starts


def _insertion(lines: list[str]) -> int | None:
    """The line index where keys of ``[tool.snippets-runner]`` go; None: no such header."""
    starts = _outside_strings(lines)
    header: int | None = None
    for k, line in enumerate(lines):
        if not starts[k]:
            continue
        m = _HEADER.fullmatch(line.rstrip("\r\n"))
        if header is None:
            if m is not None and _key_parts(m["key"]) == TABLE:
                header = k
            continue
        if _ANY_HEADER.match(line):
            return _after_last_key(lines, header, k)
    return None if header is None else _after_last_key(lines, header, len(lines))


def _after_last_key(lines: list[str], header: int, end: int) -> int:
    """After the table's last line of content; with none, after the header and the comment
    lines right below it."""
    last = None
    for k in range(header + 1, end):
        text = lines[k].strip()
        if text and not text.startswith("#"):
            last = k
    if last is not None:
        return last + 1
    k = header + 1
    while k < end and lines[k].strip().startswith("#"):
        k += 1
    return k


def _value(text: str) -> Any:
    return tomllib.loads(f"v = {text}")["v"]


def add_settings(text: str, entries: Sequence[Entry], header: Sequence[str], where: Path) -> str:
    """``text`` with ``entries`` added to its ``[tool.snippets-runner]`` table (a new table
    at the end, opened by the ``header`` comment lines, when it has none).

    Raises ConfigError (nothing is written) when ``text`` is not valid TOML, holds one of
    the keys already, or the settings cannot be added without changing something else.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get(SECTION)
    present = [entry.key for entry in entries if isinstance(table, dict) and entry.key in table]
    if present:
        raise ConfigError(f"{where}: [tool.{SECTION}] already has {', '.join(present)}")
    if not entries:
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    block: list[str] = []
    for entry in entries:
        block += comment_lines(entry.comments)
        block.append(f"{entry.key} = {entry.value}")
    lines = text.splitlines(keepends=True)
    at = _insertion(lines) if table is not None else None
    if at is None:
        opening = [f"[tool.{SECTION}]", *comment_lines(header)]
        added = "".join(line + newline for line in [*opening, *block])
        body = text if not text or text.endswith(("\n", "\r")) else text + newline
        result = body + (newline if body.strip() else "") + added
    else:
        if at > 0 and not lines[at - 1].endswith(("\n", "\r")):
            lines[at - 1] += newline
        lines[at:at] = [line + newline for line in block]
        result = "".join(lines)
    _check(data, result, entries, where)
    return result


def _check(before: dict[str, Any], result: str, entries: Sequence[Entry], where: Path) -> None:
    """The new text must read as the old document plus exactly ``entries``."""
    expected = copy.deepcopy(before)
    table = expected.setdefault("tool", {}).setdefault(SECTION, {})
    for entry in entries:
        table[entry.key] = _value(entry.value)
    try:
        after = tomllib.loads(result)
    except tomllib.TOMLDecodeError:
        after = None
    if after != expected:
        raise ConfigError(
            f"{where}: [tool.{SECTION}] is not written as a table of its own "
            f"(dotted keys or an inline table?): init cannot add its settings without "
            f"changing others; add them by hand"
        )


__all__ = ["TABLE", "Entry", "add_settings", "comment_lines"]
