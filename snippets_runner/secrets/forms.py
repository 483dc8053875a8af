"""Every form a report can show a secret value in, and the patterns that find them.

A value reaches a report in two kinds of form:

- **text forms**: the value's characters, each as itself or escaped the way
  a JSON string (``\\"``, ``\\\\``, ``\\/``, ``\\n``, ``\\u00e9``, surrogate
  pairs) or a URL (``%2F`` in either case, ``+`` for a space) escapes it.
  ASCII letters and digits are never escaped by either, so a value's runs
  of letters and digits are in every text form as written: they are the
  *anchors* a fast search looks for first.
- **encoded forms**: the value's UTF-8 bytes in base64 (standard and
  URL-safe alphabets; also base64 inside base64, as a ``.dockerconfigjson``
  holds its ``auth``) or hex (lower and upper case). A value inside a longer
  encoded string (``user:pass`` in HTTP Basic, a password inside a
  ``.dockerconfigjson``) starts at an unknown byte offset: its base64
  characters depend on that offset modulo 3, and the first and last one or
  two characters also depend on the neighbouring bytes. For each of the
  three alignments the characters that depend on the value alone form a
  *stable core* (:func:`base64_cores`); a base64 string holds the value
  exactly when it holds one of the cores. Hex has no alignment: the value's
  hex is its core. Padding never belongs to a core, so padded and unpadded
  strings are the same case.

Searching hundreds of literal patterns with one regular expression costs
time per pattern at every position of the text. So the patterns are
searched in two steps: a cheap pass for short *anchors* (a few characters
of each form, chosen to start with a character that is rare in command
output, so the regular expression engine skips most positions without
trying a pattern), and the exact forms only for the values whose anchors
were seen.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

ANCHOR = 8
"""Longest anchor: 8 base64 characters are 48 bits, rare enough to make a
false hit cost nothing but a second, exact look."""

NESTED = 256
"""Longest value whose base64 inside base64 is looked for (a password, a token; not a
certificate, which nobody wraps into an ``auth`` field)."""

_RARITY = "QZXJKqzxj+/VWYUGHFBMPNkvwLDRCOTAESIbgpfymu9876543210dhlcnsrioate_-="
"""Characters from rare to common in command output and prose (a guess that
only decides how fast the anchor pass is, never what is found)."""
_RANK = {c: i for i, c in enumerate(_RARITY)}

_URLSAFE = str.maketrans("+/", "-_")
_JSON_SHORT = {'"': '\\"', "\\": "\\\\", "/": "\\/", "\b": "\\b", "\f": "\\f"}
_JSON_SHORT |= {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ALNUM = re.compile(r"[A-Za-z0-9]+")
_ALPHABET_BOUND = re.compile(r"[-+/_]")
"""The characters the standard and URL-safe base64 alphabets spell differently."""


def _hex_digit(digit: str) -> str:
    """A hex digit in either case, as a regular expression."""
    return f"[{digit.lower()}{digit.upper()}]" if digit.isalpha() else digit


def _any_case(hexdigits: str) -> str:
    return "".join(_hex_digit(d) for d in hexdigits)


def char_pattern(char: str) -> str:
    """``char`` in any of its text forms, as a regular expression."""
    if char.isascii() and char.isalnum():
        return char
    forms = [re.escape(char)]
    if char in _JSON_SHORT:
        forms.append(re.escape(_JSON_SHORT[char]))
    code = ord(char)
    if code > 0xFFFF:
        high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
        forms.append(rf"\\u{_any_case(f'{high:04x}')}\\u{_any_case(f'{low:04x}')}")
    else:
        forms.append(rf"\\u{_any_case(f'{code:04x}')}")
    forms.append("".join(f"%{_any_case(f'{b:02x}')}" for b in char.encode("utf-8")))
    if char == " ":
        forms.append(r"\+")
    return f"(?:{'|'.join(forms)})"


def text_pattern(value: str) -> str:
    """``value`` in every text form (each character plain or JSON- or URL-escaped)."""
    return "".join(char_pattern(c) for c in value)


def base64_cores(data: bytes) -> frozenset[str]:
    """The base64 characters of ``data`` that no neighbouring byte changes, per alignment.

    ``data`` preceded by ``shift`` (0, 1 or 2) bytes of a 3-byte group: the
    characters from the first one made of ``data``'s bits only to the last
    one made of ``data``'s bits only. Standard and URL-safe alphabets.
    """
    cores: set[str] = set()
    for shift in range(3):
        encoded = base64.b64encode(bytes(shift) + data).decode("ascii")
        start = -(-8 * shift // 6)  # the first character without a bit of the prefix
        end = 8 * (shift + len(data)) // 6  # the last one without a bit of the suffix
        core = encoded[start:end]
        cores.update((core, core.translate(_URLSAFE)))
    return frozenset(cores)


def hex_forms(data: bytes) -> frozenset[str]:
    digits = data.hex()
    return frozenset({digits, digits.upper()})


def encoded_cores(value: str) -> frozenset[str]:
    """Every encoded core of ``value``: base64 at each alignment, both alphabets, and hex;
    and base64 inside base64 (a ``.dockerconfigjson`` holds ``auth``, the base64 of
    ``user:password``, and is itself shown in base64)."""
    data = value.encode("utf-8")
    cores = base64_cores(data)
    if len(data) > NESTED:
        return cores | hex_forms(data)
    inner = {core for core in cores if "-" not in core and "_" not in core}
    nested = {outer for core in inner for outer in base64_cores(core.encode("ascii"))}
    return cores | frozenset(nested) | hex_forms(data)


def anchor(text: str, least: int = 4) -> str:
    """A substring of ``text`` of up to ``ANCHOR`` characters (at least ``least``,
    or all of a shorter ``text``) starting with a rare character.

    Only the first ``ANCHOR * 4`` starts are looked at (a long value's core
    holds a rare character early enough), and a start whose substring holds
    no ``+/-_`` is preferred: the standard and URL-safe forms of a core then
    share one anchor.
    """
    size = min(len(text), ANCHOR)
    shortest = min(len(text), least)
    limit = min(len(text) - shortest + 1, ANCHOR * 4)
    fallback = None
    for char in _RARITY:
        at = text.find(char, 0, limit)
        while at >= 0:
            found = text[at : at + size]
            if not _ALPHABET_BOUND.search(found):
                return found
            fallback = fallback or found
            at = text.find(char, at + 1, limit)
    return fallback or text[:size]


def text_anchor(value: str) -> str | None:
    """An anchor every text form of ``value`` contains: a run of its letters and digits,
    which no JSON or URL encoder escapes (None when it has none)."""
    runs = _ALNUM.findall(value)
    if not runs:
        return None
    found = [anchor(run, least=4) for run in runs]
    return min(found, key=lambda a: (len(a) < min(4, len(value)), _RANK.get(a[0], len(_RARITY))))


def trie_pattern(words: Iterable[str], escape: dict[str, str] | None = None) -> str:
    """One regular expression matching any of ``words`` (longest first at a position).

    Words sharing a beginning share its pattern, so the engine tries one
    alternative per distinct next character instead of one per word.
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]  # a recursive dict
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    escape = escape or {}

    def build(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        alternatives = [
            escape.get(char, re.escape(char)) + build(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not alternatives:
            return ""
        body = "|".join(alternatives)
        if len(alternatives) > 1 or "" in node:
            body = f"(?:{body})"
        return body + "?" if "" in node else body

    return build(trie)


class Hit(NamedTuple):
    """An occurrence of a form: where it is, and the text it matched."""

    start: int
    end: int
    text: str


def occurrences(pattern: re.Pattern[str], text: str, at: int = 0) -> Iterator[Hit]:
    """Every position from ``at`` on where ``pattern`` matches, overlapping ones included."""
    while (found := pattern.search(text, at)) is not None:
        yield Hit(found.start(), found.end(), found.group())
        at = found.start() + 1
