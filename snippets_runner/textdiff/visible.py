"""Characters a writer cannot see for what they are, shown by stand-ins on changed rows.

A tab prints as spaces, a no-break space as a space, a zero-width space as
nothing: ``- a<TAB>b`` and ``+ a   b`` would look the same, and a writer
could not tell why the page fails, nor fix it.  On a changed row (``-`` or
``+``) of a diff such characters get a visible stand-in: a control
character (tab included) its Unicode control picture (``␉``, ``␛``; one for
one, as the terminal shows the other controls on every row), any other
character its code point (``[U+00A0]``).

Two kinds, two rules.  A character that never shows (a control or format
character: zero-width spaces and joiners, byte order marks, direction
marks, soft hyphens, line separators) gets its stand-in wherever it stands
on a changed row: on screen the row hides part of its text.  A blank that
does show, only like another (no-break and other Unicode spaces; the
ideographic space Japanese text uses on purpose), and a combining mark
(``か`` + U+3099 looks like ``が``) get one only where they are part of the
difference with the row's counterpart, the line it replaces (between the
first and the last character that differ): a changed Japanese name does not
fill with codes.  Rows that agree are shown as printed.
"""

from __future__ import annotations

import re
import unicodedata

CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20)} | {0x7F: 0x2421}
"""C0 controls and DEL as the Unicode control pictures (``␀``, ``␉``, ``␛``, ``␡``)."""

_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp"})
"""Categories that never show: controls, format characters, line and paragraph separators."""
_BLANK = frozenset("\u2800\u3164\uffa0\u115f\u1160")
"""Letters and symbols that look like a space (braille blank, Hangul fillers)."""
_CANDIDATE = re.compile(r"[^\x21-\x7e ]")
"""Everything but printable ASCII: the only characters that may need a stand-in."""

Marks = tuple[tuple[int, int], ...]
"""Where the stand-ins are in the shown text, ``(start, end)``, so a terminal can style them."""


def mark(text: str, other: str | None) -> tuple[str, Marks]:
    """``text`` of a changed row with stand-ins, and where they are.

    ``other`` is its counterpart (the line on the other side that it
    replaces), or None when it has none: then only what never shows is marked.
    """
    if not _CANDIDATE.search(text):
        return text, ()
    differs = _differing(text, other) if other is not None else range(0)
    same_look = other is not None and _nfc(text) == _nfc(other)
    pieces: list[str] = []
    marks: list[tuple[int, int]] = []
    at = 0
    for i, char in enumerate(text):
        shown = _stand_in(char, i in differs, same_look)
        if shown != char:
            marks.append((at, at + len(shown)))
        pieces.append(shown)
        at += len(shown)
    return "".join(pieces), tuple(marks)


def _stand_in(char: str, differs: bool, same_look: bool) -> str:
    code = ord(char)
    if code in CONTROL_PICTURES:
        return chr(CONTROL_PICTURES[code])
    if code < 0x80 or char == " ":
        return char
    category = unicodedata.category(char)
    if category in _HIDDEN:
        return f"[U+{code:04X}]"
    if differs and (category == "Zs" or char in _BLANK):
        return f"[U+{code:04X}]"
    if differs and same_look and category in ("Mn", "Me"):
        return f"[U+{code:04X}]"
    return char


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _differing(text: str, other: str) -> range:
    """Where ``text`` differs from ``other``: from the first to the last character that does.

    Coarser than aligning characters, on purpose: a blank moved one word
    along (``x<THIN SPACE>y z`` against ``x y<THIN SPACE>z``) is the same
    character to an alignment, yet it is exactly what the writer must see.
    """
    limit = min(len(text), len(other))
    head = 0
    while head < limit and text[head] == other[head]:
        head += 1
    tail = 0
    while tail < limit - head and text[-1 - tail] == other[-1 - tail]:
        tail += 1
    return range(head, len(text) - tail)
