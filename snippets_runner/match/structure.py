"""The path of each ``key: value`` line: which keys it sits under, read from indentation.

A value is loosened only where the cluster fills it in, and that is known by
where it stands, not by its key alone: ``status.podIP`` is assigned, a
ConfigMap's ``data.ip`` and a pod's ``spec.hostAliases[].ip`` are the page's
own.  ``describe``, YAML and JSON output all nest by indentation, so one
reader serves them:

* a ``key:`` line (YAML, describe) or ``"key":`` line (JSON) sits under the
  nearest line above it with less indentation that is a key line too;
* a YAML list item (``- ``, at its key's indentation or deeper) and a JSON
  array element (a bare ``{``, or a scalar line under ``"key": [``) are the
  segment ``[]``; a ``key:`` after the ``- `` is a key of the item;
* the lines of a YAML block scalar (``key: |``) are text, no keys at all;
* a JSON document's own opening ``{`` is no segment.

What an elision ``[...]`` hides may have closed any section above it, so
after one the ancestry of an indented line is unknown: its path starts with
``?``, which only a pattern starting with ``**`` accepts.  Lines at the left
margin always start a known path.  A blank line ends the structure
(``describe`` of two objects).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import ELISION

UNKNOWN = "?"
ITEM = "[]"
Path = tuple[str, ...]
Span = tuple[int, int]
"""``(start, end)`` of a piece of a line: a value, a cell (``tables``), a rule's context."""

_KEY = re.compile(
    r'(?P<q>"?)(?P<key>[A-Za-z_][\w ./()-]*?)(?P=q):(?:[ \t]+(?P<value>\S(?:.*\S)?))?[ \t]*'
)
_BLOCK = re.compile(r"[|>][+-]?\d*")
_CLOSER = re.compile(r"[}\]],?")


@dataclass
class _Entry:
    indent: int
    segment: str
    kind: str  # "key", "item", "array" (a JSON key opening an array) or "unknown"


def fields(lines: Sequence[str]) -> list[tuple[Path, Span | None] | None]:
    """For each line, its path and the span of its value (in the line without its
    indentation), or None for a line that is no field."""
    out: list[tuple[Path, Span | None] | None] = []
    stack: list[_Entry] = []
    text_above: int | None = None  # indentation of a block scalar's key: deeper lines are text
    for line in lines:
        body = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if not body:
            stack, text_above = [], None
            out.append(None)
            continue
        if body == ELISION:
            stack, text_above = [_Entry(-1, UNKNOWN, "unknown")], None
            out.append(None)
            continue
        if text_above is not None:
            if indent > text_above:
                out.append(None)
                continue
            text_above = None
        if indent == 0 and stack and stack[0].kind == "unknown":
            stack.pop(0)
        out.append(_read(body, indent, stack))
        if out[-1] is not None and (key_indent := _block_key(body, indent)) is not None:
            text_above = key_indent
    return out


def _block_key(body: str, indent: int) -> int | None:
    """The indentation of the key when ``body`` opens a block scalar (``key: |``)."""
    rest = body[2:].lstrip(" ") if body.startswith("- ") else body
    found = _KEY.fullmatch(rest)
    if found is None or _BLOCK.fullmatch(found.group("value") or "") is None:
        return None
    return indent + len(body) - len(rest)


def _pop(stack: list[_Entry], indent: int) -> None:
    while stack and stack[-1].indent >= indent:
        stack.pop()


def _path(stack: list[_Entry], *more: str) -> Path:
    return (*(e.segment for e in stack), *more)


def _read(body: str, indent: int, stack: list[_Entry]) -> tuple[Path, Span | None] | None:
    if _CLOSER.fullmatch(body):
        _pop(stack, indent)
        return None
    if body in ("{", "["):
        _pop(stack, indent)
        if stack or indent:  # an array element; a document's own brace is no segment
            stack.append(_Entry(indent, ITEM, "item"))
        return None
    if body == "-" or body.startswith("- "):
        while stack and (
            stack[-1].indent > indent or (stack[-1].indent == indent and stack[-1].kind == "item")
        ):
            stack.pop()
        stack.append(_Entry(indent, ITEM, "item"))
        rest = body[2:].lstrip(" ")
        start = len(body) - len(rest)
        if not rest:
            return None
        return _key(rest, indent + start, stack, start) or (_path(stack), (start, len(body)))
    found = _key(body, indent, stack, 0)
    if found is not None:
        return found
    if stack and stack[-1].kind == "array" and indent > stack[-1].indent:
        return _path(stack, ITEM), (0, len(body))  # a JSON array's scalar element
    _pop(stack, indent)
    return None


def _key(
    text: str, indent: int, stack: list[_Entry], offset: int
) -> tuple[Path, Span | None] | None:
    found = _KEY.fullmatch(text)
    if found is None:
        return None
    _pop(stack, indent)
    key = found.group("key")
    value = found.group("value")
    path = _path(stack, key)
    opens_array = (
        value is not None and value.startswith("[") and not value.rstrip(",").endswith("]")
    )
    stack.append(_Entry(indent, key, "array" if opens_array else "key"))
    if value is None or _BLOCK.fullmatch(value) or value in ("{", "["):
        return path, None
    return path, (offset + found.start("value"), offset + found.end("value"))


def matches(pattern: Path, path: Path) -> bool:
    """Whether ``path`` is one ``pattern`` names.

    Segments are keys, ``[]`` an item, ``*`` any one key.  A pattern is anchored
    at the top of the output, or of an item of a list (``items[]``, as ``kubectl
    get -o yaml`` prints several objects); a pattern starting with ``**`` only at
    its end, whatever stands above (an elision's unknown ancestry included).
    """
    if pattern[:1] == ("**",):
        tail = pattern[1:]
        return len(path) >= len(tail) and _same(tail, path[len(path) - len(tail) :])
    if _same(pattern, path):
        return True
    return path[:2] == ("items", ITEM) and _same(pattern, path[2:])


def _same(pattern: Path, path: Path) -> bool:
    return len(pattern) == len(path) and all(
        s != UNKNOWN and (p == s or (p == "*" and s != ITEM))
        for p, s in zip(pattern, path, strict=True)
    )
