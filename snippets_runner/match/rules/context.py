"""Where in a published line a value is known to vary: the contexts rules declare.

A context maps one piece of a published line (a whole plain line, or one
table cell with its column header) to the spans where a rule may loosen a
value.  Everything outside every span stays literal.  Contexts are small and
declarative so that a rule reads as "this kind of value, in these places".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

Span = tuple[int, int]


@dataclass(frozen=True)
class Piece:
    """A plain line (``column`` None) or one cell of a kubectl table row."""

    text: str
    column: str | None = None


class Context(Protocol):
    def spans(self, piece: Piece) -> Iterable[Span]:
        """The parts of ``piece.text`` where the rule's value may vary."""
        ...


@dataclass(frozen=True)
class Column:
    """Cells of a kubectl table column known by its header (``AGE``, ``IP``)."""

    headers: frozenset[str]

    def spans(self, piece: Piece) -> Iterable[Span]:
        if piece.column is not None and piece.column.upper() in self.headers:
            yield 0, len(piece.text)


@dataclass(frozen=True)
class Field:
    """The value of a ``key: value`` line (describe, YAML, JSON) whose key is known to vary.

    The key must open the line (after indentation and an optional YAML ``- ``),
    so prose such as ``retry interval: 10s`` is never a field.
    """

    keys: frozenset[str]

    def spans(self, piece: Piece) -> Iterable[Span]:
        if piece.column is not None:
            return
        found = _FIELD.match(piece.text)
        if found is not None and found.group("key") in self.keys:
            yield found.start("value"), found.end("value")


_FIELD = re.compile(r'[ \t]*(?:- )?"?(?P<key>[A-Za-z][\w ./-]*?)"?:[ \t]+(?P<value>\S.*)')


@dataclass(frozen=True)
class Label:
    """The value of a ``key=value`` label whose value a controller generates."""

    keys: frozenset[str]

    def spans(self, piece: Piece) -> Iterable[Span]:
        for found in _LABEL.finditer(piece.text):
            if found.group("key") in self.keys:
                yield found.start("value"), found.end("value")


_LABEL = re.compile(r"(?<![\w./-])(?P<key>[\w./-]+)=(?P<value>[\w.-]+)")


@dataclass(frozen=True)
class Line:
    """A part of a plain line of a known shape: the named group ``value`` of ``shape``."""

    shape: re.Pattern[str]

    def spans(self, piece: Piece) -> Iterable[Span]:
        if piece.column is None:
            found = self.shape.fullmatch(piece.text)
            if found is not None:
                yield found.start("value"), found.end("value")


@dataclass(frozen=True)
class Anywhere:
    """Any place: for values whose own shape is the context (Kubernetes' generated names)."""

    def spans(self, piece: Piece) -> Iterable[Span]:
        yield 0, len(piece.text)
