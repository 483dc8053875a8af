"""Where in a published line a value is known to vary: the contexts rules declare.

A context maps one piece of a published line (a whole plain line, or one
table cell with its column header) to the spans where a rule may loosen a
value.  Everything outside every span stays literal.  Contexts are small and
declarative so that a rule reads as "this kind of value, in these places".

Columns, fields, labels and names are places in kubectl's output: they count
only where kubectl printed the output (``Piece.origin``, see ``origin``).  A
``printf`` that prints ``NAME  IP`` or a ConfigMap's ``ip:`` key are the
page's own text.  Only a line's own shape (``Line``: ``ls -l``) is a context
in any program's output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from ..origin import UNSTATED, Origin
from ..structure import Span, matches


@dataclass(frozen=True)
class Piece:
    """A plain line (``column`` None) or one cell of a kubectl table row."""

    text: str
    column: str | None = None
    path: tuple[str, ...] | None = None
    """For a ``key: value`` line, the keys it sits under (``structure``)."""
    value: Span | None = None
    """For a ``key: value`` line, where its value is in ``text``."""
    origin: Origin = field(default=UNSTATED)


class Context(Protocol):
    kubectl_only: ClassVar[bool]

    def spans(self, piece: Piece) -> Iterable[Span]:
        """The parts of ``piece.text`` where the rule's value may vary."""
        ...


@dataclass(frozen=True)
class Column:
    """Cells of a kubectl table column known by its header (``AGE``, ``IP``)."""

    kubectl_only: ClassVar[bool] = True
    headers: frozenset[str]

    def spans(self, piece: Piece) -> Iterable[Span]:
        if piece.column is not None and piece.column.upper() in self.headers:
            yield 0, len(piece.text)


@dataclass(frozen=True)
class Field:
    """The value of a ``key: value`` line (describe, YAML, JSON) at a path the cluster fills in.

    A path names the keys from the top of the output (``("status", "podIP")``,
    describe's ``("IPs", "IP")``), ``[]`` for a list item and ``*`` for any one
    key (a container's name); see ``structure.matches``.  The key alone is not
    enough: ``ip`` is assigned under ``status.podIPs[]`` and the page's own under
    ``spec.hostAliases[]`` or a ConfigMap's ``data``.
    """

    kubectl_only: ClassVar[bool] = True
    paths: tuple[tuple[str, ...], ...]

    def spans(self, piece: Piece) -> Iterable[Span]:
        if piece.column is not None or piece.path is None or piece.value is None:
            return
        if any(matches(p, piece.path) for p in self.paths):
            yield piece.value

    @property
    def keys(self) -> frozenset[str]:
        """The last key of each path."""
        return frozenset(p[-1] for p in self.paths)


def paths(*spelled: str) -> tuple[tuple[str, ...], ...]:
    """Paths written ``status > podIPs > [] > ip`` (keys may hold dots and slashes)."""
    return tuple(tuple(part.strip() for part in p.split(">")) for p in spelled)


@dataclass(frozen=True)
class Label:
    """The value of a ``key=value`` label whose value a controller generates."""

    kubectl_only: ClassVar[bool] = True
    keys: frozenset[str]

    def spans(self, piece: Piece) -> Iterable[Span]:
        for found in _LABEL.finditer(piece.text):
            if found.group("key") in self.keys:
                yield found.start("value"), found.end("value")


_LABEL = re.compile(r"(?<![\w./-])(?P<key>[\w./-]+)=(?P<value>[\w.-]+)")


@dataclass(frozen=True)
class Line:
    """A part of a plain line of a known shape: the named group ``value`` of ``shape``."""

    kubectl_only: ClassVar[bool] = False
    shape: re.Pattern[str]

    def spans(self, piece: Piece) -> Iterable[Span]:
        if piece.column is None:
            found = self.shape.fullmatch(piece.text)
            if found is not None:
                yield found.start("value"), found.end("value")


@dataclass(frozen=True)
class Anywhere:
    """Any place in kubectl's output: for values whose own shape is the context (the
    ``pvc-<uid>`` of a provisioned volume)."""

    kubectl_only: ClassVar[bool] = True

    def spans(self, piece: Piece) -> Iterable[Span]:
        yield 0, len(piece.text)
