"""Built-in normalizers: volatile Kubernetes output a page need not annotate.

An expected text is turned into a regular expression: literal text stays
literal, and each volatile field found in it (by priority, without overlap)
becomes a named group accepting any value *of the same kind*.  Only the
field itself is loosened, so ``web-7d4b9c8f5-x2x9z`` still requires ``web-``,
a file name next to a normalized ``ls -l`` date must still be equal, and
``Running`` vs ``Pending`` or ``1/1`` vs ``0/1`` still fail.

Fields (name: what is accepted):

* ``wildcard``: the inline wildcard ``[...]`` inside a line matches any text
  within that line (zero or more characters).  It is the same token as the
  elision line (``[...]`` alone on a line = any number of lines), so writers
  learn one symbol; kubectl never prints it.
* ``timestamp``: RFC 3339 (``2023-10-18T13:38:00Z``), ``describe`` dates
  (``Mon, 18 Oct 2023 13:38:00 +0000``), Go's ``2023-10-18 13:38:00 +0000 UTC``.
* ``date``: ``ls -l`` dates (``Oct 18 13:38``, ``Oct 18  2023``).
* ``uid``: Kubernetes UIDs.
* ``ip``: IPv4 and IPv6 addresses, either family accepted for either
  (loopback and unspecified stay literal: they are deterministic, and a
  change there is real).
* ``resourceVersion``: the number after a ``resourceVersion`` key.
* ``duration``: kubectl HumanDuration (``29s``, ``2m1s``, ``5d3h``; in
  duration columns also ``45m``, ``<invalid>``, ``<unknown>``).  Outside
  duration table columns a lone ``45m`` is left literal because it is also a
  CPU quantity (``100m``), except before `` ago``.
* ``name-suffix``: generated name suffixes, i.e. the trailing ``-hash`` and
  ``-hash-xxxxx`` made of Kubernetes' random alphabet (no vowels, no
  0/1/3), as in pod-template hashes and ``generateName``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass

WILDCARD = "[...]"
_MON = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_ALPHABET = "[bcdfghjklmnpqrstvwxz2456789]"
_DUR = r"(?:\d+y)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?"
_DUR_ANY = r"(?:(?:\d+[smhdy]){1,3}|<invalid>|<unknown>)"
_B = r"(?<![\w.:/-])"
_E = r"(?![\w:/-])"


@dataclass(frozen=True)
class Normalizer:
    """``find`` locates the field in expected text; ``accept`` is what real output may put there."""

    name: str
    find: re.Pattern[str]
    accept: str
    valid: Callable[[str], bool] = lambda text: True
    """Checks a candidate found in expected text (e.g. that an IP-looking string is one)."""


def _routable_ip(text: str) -> bool:
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified)


def is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _real_duration(text: str) -> bool:
    return bool(text) and re.fullmatch(_DUR, text) is not None


_TIMESTAMP = (
    rf"{_DAY}, \d{{2}} {_MON} \d{{4}} \d{{2}}:\d{{2}}:\d{{2}} [+-]\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})"
    r"|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? [+-]\d{4}(?: [A-Z]{3,5})?"
)
_V4 = r"(?:\d{1,3}\.){3}\d{1,3}"
_V6 = r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}"
_IP = r"[0-9A-Fa-f.:]{2,45}"  # loose on purpose: `valid` then parses it, and compiles fast
_SUFFIX = rf"-{_ALPHABET}{{5,10}}(?:-{_ALPHABET}{{5}})?"

COMMON: tuple[Normalizer, ...] = (
    Normalizer("wildcard", re.compile(re.escape(WILDCARD)), ".*?"),
    Normalizer("timestamp", re.compile(_TIMESTAMP), f"(?:{_TIMESTAMP})"),
    Normalizer(
        "date",
        re.compile(rf"\b{_MON} +\d{{1,2}} +(?:\d{{1,2}}:\d{{2}}|\d{{4}})\b"),
        rf"{_MON} +\d{{1,2}} +(?:\d{{1,2}}:\d{{2}}|\d{{4}})",
    ),
    Normalizer(
        "uid",
        re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"),
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    ),
    Normalizer("ip", re.compile(rf"(?<![\w.:]){_V6}(?![\w:])"), _IP, _routable_ip),
    Normalizer("ip", re.compile(rf"(?<![\w.]){_V4}(?![\w.])"), _IP, _routable_ip),
    Normalizer(
        "resourceVersion",
        re.compile(
            r'(?:(?<=resourceVersion: )|(?<=resourceVersion: ")|(?<=resourceVersion": ")'
            r"|(?<=resourceVersion=))\d+"
        ),
        r"\d+",
    ),
    Normalizer(
        "duration",
        re.compile(
            rf"{_B}(?:\d+[smhdy]){{1,3}}(?= ago\b)|{_B}(?:\d+[smhdy]){{2,3}}{_E}"
            rf"|{_B}\d+[shdy]{_E}"
        ),
        _DUR_ANY,
        _real_duration,
    ),
    Normalizer("name-suffix", re.compile(rf"(?<=[a-z0-9]){_SUFFIX}(?![A-Za-z0-9-])"), _SUFFIX),
)
"""Applied everywhere, in this priority order (earlier wins on overlap)."""

DURATION_CELL: tuple[Normalizer, ...] = (
    Normalizer(
        "duration",
        re.compile(rf"{_B}(?:{_DUR_ANY}){_E}"),
        _DUR_ANY,
        lambda t: t.startswith("<") or _real_duration(t),
    ),
)
"""Extra normalizer for table columns that hold durations (AGE, LAST SEEN, ...)."""


@dataclass(frozen=True)
class Field:
    """One loosened span of the expected text, named so a match can report it."""

    group: str
    normalizer: str
    original: str


@dataclass(frozen=True)
class Pattern:
    regex: str
    fields: tuple[Field, ...]


def build(text: str, counter: list[int], extra: tuple[Normalizer, ...] = ()) -> Pattern:
    """Regex for ``text``: volatile fields loosened, runs of spaces as `` +``.

    ``counter`` numbers the groups across all pieces of one line.
    """
    spans: list[tuple[int, int, Normalizer]] = []
    for norm in (*COMMON[:1], *extra, *COMMON[1:]):
        for m in norm.find.finditer(text):
            start, end = m.span()
            if start == end or not norm.valid(m.group()):
                continue
            if any(start < e and s < end for s, e, _ in spans):
                continue
            spans.append((start, end, norm))
    spans.sort(key=lambda s: s[0])
    parts: list[str] = []
    fields: list[Field] = []
    pos = 0
    for start, end, norm in spans:
        parts.append(_literal(text[pos:start]))
        group = f"n{counter[0]}"
        counter[0] += 1
        parts.append(f"(?P<{group}>{norm.accept})")
        fields.append(Field(group, norm.name, text[start:end]))
        pos = end
    parts.append(_literal(text[pos:]))
    return Pattern("".join(parts), tuple(fields))


def _literal(text: str) -> str:
    return " +".join(re.escape(chunk) for chunk in re.split(r" +", text))
