"""Turn one piece of a published line into literal text, loosened fields and wildcards.

A piece is a plain line or one table cell (see ``rules.context.Piece``).
The inline wildcard ``[...]`` is found first, wherever it stands: the writer
chose it.  Then each rule of ``rules.RULES``, in priority order, loosens the
values of its kind that stand inside one of its contexts; a value that would
overlap one already taken stays as it was taken.  Contexts in kubectl's
output (columns, fields, labels, names) count only when kubectl printed the
piece (``Piece.origin``).  Everything else is literal,
except that a run of spaces matches any run of spaces (tabwriter alignment in
``describe`` output varies with the longest key).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .rules import RULES, Piece

WILDCARD = "[...]"
_WILDCARD = re.compile(re.escape(WILDCARD))


@dataclass(frozen=True)
class LoosenedField:
    """One loosened value of the published text, and what the real text may put there."""

    normalizer: str
    original: str
    accept: str
    valid: Callable[[str], bool]


class Wildcard:
    """An inline ``[...]``: any text within the line, zero or more characters."""


INLINE = Wildcard()
Part = str | LoosenedField | Wildcard
"""A ``str`` part is literal text."""


def parts(piece: Piece) -> list[Part]:
    """``piece.text`` cut into literal text, loosened fields and inline wildcards, in order."""
    text = piece.text
    taken: list[tuple[int, int, LoosenedField | Wildcard]] = [
        (m.start(), m.end(), INLINE) for m in _WILDCARD.finditer(text)
    ]
    kubectl = piece.origin.kubectl
    shown = piece.origin.controllers
    for rule in RULES:
        valid = _not_written(rule.valid, shown.writes) if rule.page_sets else rule.valid
        for context in rule.contexts:
            if context.kubectl_only and not kubectl:
                continue
            for start, end in context.spans(piece):
                for found in rule.find.finditer(text, start, end):
                    s, e = found.span()
                    value = found.group()
                    if s == e or not rule.published(value):
                        continue
                    if rule.page_sets and shown.writes(value):
                        continue  # the page's own value: literal
                    if any(s < te and ts < e for ts, te, _ in taken):
                        continue
                    taken.append((s, e, LoosenedField(rule.name, value, rule.accept(value), valid)))
    taken.sort(key=lambda t: t[0])
    out: list[Part] = []
    pos = 0
    for start, end, part in taken:
        if start > pos:
            out.append(text[pos:start])
        out.append(part)
        pos = end
    if pos < len(text):
        out.append(text[pos:])
    return out


def _not_written(
    valid: Callable[[str], bool], writes: Callable[[str], bool]
) -> Callable[[str], bool]:
    """``valid``, and not a value the page writes itself (then the published value had to
    be that literal text)."""
    return lambda real: valid(real) and not writes(real)


def literal(text: str) -> str:
    """Regex for literal ``text`` in which a run of spaces matches any run of spaces.

    Lazy, so that a piece before an inline wildcard ends as early as it can and
    leaves the rest of the line to what follows (see ``wildcard``).
    """
    return " +?".join(re.escape(chunk) for chunk in re.split(r" +", text))
