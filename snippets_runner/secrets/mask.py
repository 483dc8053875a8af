"""Replace secret values with ``******`` in every form, before any text reaches a report.

Every report (terminal, JUnit, JSON, Markdown, update's messages, lab
errors and crash tracebacks) passes its text through one Masker, so adding
a reporter cannot forget a secret. Values shorter than ``MIN_LENGTH`` are
not masked: masking ``1`` or ``no`` would shred every report while
protecting nothing a guess would not find; lint warns about them instead.

What is masked (see ``forms`` for how each form is found):

- the value in any **text form**: as written, JSON-escaped (``\\"``,
  ``\\u00e9``, ``\\/``) or URL-encoded (``%2F``, ``+`` for a space), each
  occurrence replaced by ``******``;
- the value's bytes **encoded** in base64 (standard or URL-safe alphabet,
  padded or not, at any byte offset inside a longer encoded string, wrapped
  at any width, with ``\\/`` or ``%2F`` escapes) or in hex (lower or upper
  case, wrapped too). The whole base64/hex *run* holding the value's stable
  core is replaced: the characters at its edges carry a few of the value's
  bits mixed with its neighbours', and the neighbours of a secret inside an
  encoded string (``user`` of ``user:pass``) are no news worth a leak.

The bound on what is masked without being a secret: a text is changed only
where it holds a text form of a value, or in a run of base64 characters
(letters, digits, ``+/=_-``) that holds one of a value's encoded cores,
which for the shortest value masked (4 bytes) are 4 characters (24 bits)
long. A run continues across a line break (and the next line's
indentation) when one of the two lines is nothing but that run, as the
lines of wrapped base64 are; so a line of nothing but base64 characters
right next to a masked run (``namespace/default``) is masked too. Not
recognized: a run holding only part of a value's encoding, hex with
separators (``de:ad``), and JSON ``\\u`` escapes of letters or digits
(no encoder writes them).

Masking keeps line breaks (a masked multi-line value keeps its lines, each
``******``), so a report can mask a whole output and then take its lines;
:meth:`Masker.context` masks one line of many the way masking all of them
would, looking only at the lines a wrapped run could join.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from . import forms
from .published import public_values

MASK = "******"
MIN_LENGTH = 4
"""Values shorter than this are not masked (see `lint.short_secrets`)."""
HIDDEN_DIFFERENCE = "differs inside a masked secret"
"""What a diff row says when published and real differ only where both are masked."""

_PEM_ARMOUR = re.compile(r"-----(?:BEGIN|END) [A-Z0-9 ]+-----")
"""``-----BEGIN CERTIFICATE-----``: the same in every PEM file. Masking it would
garble every page that shows a certificate and protect nothing."""
_RUN_CHAR = r"(?:[A-Za-z0-9+/=_-]|\\/|%(?:2[BbFf]|3[Dd]))"
_RUN = re.compile(rf"{_RUN_CHAR}+")
"""A run of base64 (either alphabet) or hex characters, escaped ``/``, ``+``, ``=`` included."""
_WHOLE = re.compile(rf"[ \t]*{_RUN_CHAR}+[ \t\r]*")
"""A line that is nothing but one run: a wrapped encoded string's line."""
_CRLF = re.compile(r"\r+\n")
_INDENT = re.compile(r"\n[ \t]+")
_JOIN = re.compile(r"[ \t\r]*\n[ \t]*")
_VIEW = re.compile(r"\r*\n[ \t]*|\\/|%(?:2[BbFf]|3[Dd])")
_ESCAPED = {"\\/": "/", "%2B": "+", "%2F": "/", "%3D": "="}
_PERCENT = re.compile(r"%(?:2[BbFf]|3[Dd])")
_LINE = re.compile(r"[^\n]+")


def expand(values: Iterable[str]) -> frozenset[str]:
    """Every value a report can show, long enough to mask.

    A value ``pw\\n`` or a multi-line one must also be known by its stripped
    form and by each of its lines (a report may show one line of it).
    """
    expanded = {part for v in values for part in (v, v.strip(), *v.splitlines())}
    return frozenset(
        v for v in expanded if len(v.strip()) >= MIN_LENGTH and not _PEM_ARMOUR.fullmatch(v.strip())
    )


def _masked(text: str) -> str:
    """``text`` replaced by ``******``, line breaks kept."""
    return _LINE.sub(MASK, text)


def _normalized(text: str) -> str:
    """The text as the encoded forms are searched in: wrapped lines joined, escapes undone."""
    if "\n" in text:
        if "\r" in text:
            text = _CRLF.sub("\n", text)
        if "\n " in text or "\n\t" in text:
            text = _INDENT.sub("\n", text)
        text = text.replace("\n", "")
    if "\\/" in text:
        text = text.replace("\\/", "/")
    if "%" in text:
        text = _PERCENT.sub(lambda m: _ESCAPED[m.group().upper()], text)
    return text


class _View(NamedTuple):
    """``_normalized(text)`` with the way back to ``text``'s positions."""

    text: str
    starts: tuple[int, ...]
    """Where each piece starts in the view."""
    origins: tuple[int, ...]
    """Where each piece starts in the original text."""
    widths: tuple[int, ...]
    """The original width of each character of an escape piece (0: a plain piece)."""

    @classmethod
    def of(cls, text: str) -> _View:
        pieces: list[str] = []
        starts: list[int] = []
        origins: list[int] = []
        widths: list[int] = []
        at = 0
        here = 0
        for found in _VIEW.finditer(text):
            pieces.append(text[at : found.start()])
            starts.append(here)
            origins.append(at)
            widths.append(0)
            here += found.start() - at
            token = found.group()
            if "\n" not in token:
                pieces.append(_ESCAPED[token.upper()])
                starts.append(here)
                origins.append(found.start())
                widths.append(len(token))
                here += 1
            at = found.end()
        pieces.append(text[at:])
        starts.append(here)
        origins.append(at)
        widths.append(0)
        return cls("".join(pieces), tuple(starts), tuple(origins), tuple(widths))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the view's ``[start, end)`` (``end > start``)."""
        first = bisect_right(self.starts, start) - 1
        last = bisect_right(self.starts, end - 1) - 1
        begin = self.origins[first] + (0 if self.widths[first] else start - self.starts[first])
        if self.widths[last]:
            return begin, self.origins[last] + self.widths[last]
        return begin, self.origins[last] + end - self.starts[last]


def _line(text: str, at: int) -> tuple[int, int]:
    """The line holding position ``at``: its start and end (without the line break)."""
    end = text.find("\n", at)
    return text.rfind("\n", 0, at) + 1, len(text) if end < 0 else end


def _whole(text: str, line: tuple[int, int]) -> bool:
    return _WHOLE.fullmatch(text, *line) is not None


def _width(text: str, line: tuple[int, int]) -> int:
    return len(text[line[0] : line[1]].strip(" \t\r"))


def _joined(text: str, before: tuple[int, int], after: tuple[int, int]) -> bool:
    """Whether two runs are one wrapped run: only a line break between them, and
    their lines shaped as a wrapped string's lines are.

    Wrapped lines all have the string's width but the last, which may be
    shorter; the first may follow other text (``token: ...``), and the last
    be followed by some. So a line continues on the next one when it is as
    wide as the line before it (or is the first), and the next one is a
    whole line no wider, or, when the line is proved full by the line
    before it, a line that only starts with the run. Padding ends a string.
    """
    if text[before[1] - 1] == "=" or not _JOIN.fullmatch(text, before[1], after[0]):
        return False
    first, second = _line(text, before[0]), _line(text, after[0])
    width = _width(text, first)
    if not _whole(text, first):  # a first line after other text
        return _whole(text, second) and _width(text, second) <= width
    previous = _line(text, first[0] - 1) if first[0] else None
    above = _width(text, previous) if previous and _whole(text, previous) else None
    if _whole(text, second):
        return (above is None or above <= width) and _width(text, second) <= width
    return above == width


def _mask_runs(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with every run (joined across wrapped lines) that overlaps a span masked."""
    runs = [(m.start(), m.end()) for m in _RUN.finditer(text)]
    begins = [start for start, _ in runs]
    chosen: set[int] = set()
    for start, end in spans:
        first = max(0, bisect_right(begins, start) - 1)
        hit = [k for k in range(first, bisect_right(begins, end - 1)) if runs[k][1] > start]
        if not hit:
            continue
        low, high = min(hit), max(hit)
        while low > 0 and low not in chosen and _joined(text, runs[low - 1], runs[low]):
            low -= 1
        while high + 1 < len(runs) and _joined(text, runs[high], runs[high + 1]):
            high += 1
        chosen.update(range(low, high + 1))
    out: list[str] = []
    at = 0
    for k in sorted(chosen):
        out += [text[at : runs[k][0]], MASK]
        at = runs[k][1]
    out.append(text[at:])
    return "".join(out)


class _Patterns:
    """Everything a Masker searches for, built once from its values (and shared by
    the maskers of its pages, which only leave some values out)."""

    def __init__(self, values: frozenset[str]) -> None:
        self.text_anchors: dict[str, set[str]] = {}
        """Anchor -> the values whose text forms hold it."""
        self.always: set[str] = set()
        """Values without a letter or digit: no anchor, always searched for."""
        self.core_anchors: dict[str, set[str]] = {}
        """Anchor -> the encoded cores that hold it."""
        self.owners: dict[str, set[str]] = {}
        """Encoded core -> the values it encodes."""
        for value in values:
            found = forms.text_anchor(value)
            if found is None:
                self.always.add(value)
            else:
                self.text_anchors.setdefault(found, set()).add(value)
            for core in forms.encoded_cores(value):
                self.owners.setdefault(core, set()).add(value)
                self.core_anchors.setdefault(forms.anchor(core), set()).add(core)
        self.text_search = _compiled(self.text_anchors)
        self.core_search = _compiled(self.core_anchors)
        self.both_search = _compiled({**self.text_anchors, **self.core_anchors})
        self._text_forms: dict[frozenset[str], re.Pattern[str]] = {}

    def text_forms(self, values: frozenset[str]) -> re.Pattern[str]:
        """The text forms of ``values`` (longest value first), compiled once per set."""
        if values not in self._text_forms:
            ordered = sorted(values, key=lambda v: (-len(v), v))
            self._text_forms[values] = re.compile("|".join(map(forms.text_pattern, ordered)))
        return self._text_forms[values]

    def found(self, text: str) -> tuple[set[str], set[str]]:
        """The encoded cores and the values whose anchors ``text`` holds.

        Usually one pass over the text with line breaks taken out: a text
        anchor found across a line break costs an exact search that finds
        nothing. Only an escape (``%2F``) the view undoes can hide a text
        anchor (a value holding ``%2F`` itself): then text anchors are
        looked for in the text as it is.
        """
        view = _normalized(text)
        if "%" not in text and "\\/" not in text:
            hits = _hits(self.both_search, view)
            return _lookup(hits, self.core_anchors), _lookup(hits, self.text_anchors)
        cores = _lookup(_hits(self.core_search, view), self.core_anchors)
        return cores, _lookup(_hits(self.text_search, text), self.text_anchors)


def _compiled(anchors: Mapping[str, object]) -> re.Pattern[str] | None:
    return re.compile(forms.trie_pattern(anchors)) if anchors else None


def _hits(search: re.Pattern[str] | None, text: str) -> set[str]:
    if search is None or (first := search.search(text)) is None:
        return set()
    return {hit.text for hit in forms.occurrences(search, text, first.start())}


def _lookup(hits: set[str], anchors: Mapping[str, set[str]]) -> set[str]:
    """What the anchors hit stand for (a hit holds every anchor it begins with)."""
    found: set[str] = set()
    for hit in hits:
        for size in range(1, len(hit) + 1):
            found |= anchors.get(hit[:size], set())
    return found


class Masker:
    def __init__(
        self,
        values: Iterable[str] = (),
        published: Mapping[Path, str] | None = None,
        *,
        expanded: bool = False,
    ) -> None:
        self.values = frozenset(values) if expanded else expand(values)
        self.published: Mapping[Path, str] = dict(published or {})
        """Each page's published text (front matter excluded), by page path."""
        self._pages: dict[Path, Masker] = {}
        self._shared: Masker | None = None
        """The masker whose patterns this one uses (a page's masker: fewer values)."""

    @cached_property
    def _patterns(self) -> _Patterns | None:
        if not self.values:
            return None
        if self._shared is not None:
            return self._shared._patterns
        return _Patterns(self.values)

    def __call__(self, text: str) -> str:
        patterns = self._patterns
        if patterns is None or not text:
            return text
        cores, values = patterns.found(text)
        if not (cores or values or patterns.always):
            return text
        if self._shared is not None:
            cores = {core for core in cores if patterns.owners[core] & self.values}
            values &= self.values
        if cores:
            text = self._mask_encoded(text, cores)
        values |= patterns.always & self.values
        if values:
            forms_ = patterns.text_forms(frozenset(values))
            text = forms_.sub(lambda m: _masked(m.group()), text)
        return text

    @staticmethod
    def _mask_encoded(text: str, cores: Iterable[str]) -> str:
        view = _View.of(text)
        spans = []
        for core in cores:
            at = view.text.find(core)
            while at >= 0:
                spans.append(view.span(at, at + len(core)))
                at = view.text.find(core, at + 1)
        return _mask_runs(text, spans) if spans else text

    def lines(self, lines: Sequence[str]) -> list[str]:
        """``lines`` masked together (a wrapped run spans lines), one masked line each."""
        if self._patterns is None or not lines:
            return list(lines)
        return self("\n".join(lines)).split("\n")

    def context(self, lines: Sequence[str]) -> Callable[[int], str]:
        """Line ``i`` of ``lines`` masked as :meth:`lines` would mask it, looking only
        at the lines a wrapped run through line ``i`` can reach (cached)."""
        if self._patterns is None:
            return lambda i: lines[i]
        windows: dict[tuple[int, int], list[str]] = {}
        seen: dict[int, bool] = {}

        def whole(k: int) -> bool:
            if k not in seen:
                seen[k] = _WHOLE.fullmatch(lines[k]) is not None
            return seen[k]

        def reach(i: int, step: int, ends: dict[int, int]) -> int:
            """How far from line ``i`` (down or up) a wrapped run may go, memoized."""
            path = []
            k = i
            while 0 <= k + step < len(lines) and (whole(k) or whole(k + step)):
                if k in ends:
                    break
                path.append(k)
                k += step
            end = ends.get(k, k)
            ends.update(dict.fromkeys(path, end))
            return end

        lows: dict[int, int] = {}
        highs: dict[int, int] = {}

        def line(i: int) -> str:
            low = max(0, reach(i, -1, lows) - 1)
            high = min(len(lines) - 1, reach(i, 1, highs) + 1)
            if (low, high) not in windows:
                windows[(low, high)] = self.lines(lines[low : high + 1])
            return windows[(low, high)][i - low]

        return line

    def __or__(self, other: Masker) -> Masker:
        published = {**self.published, **other.published}
        return Masker(self.values | other.values, published, expanded=True)

    def public(self, path: Path) -> frozenset[str]:
        """The values page ``path`` publishes itself, so its report shows them."""
        text = self.published.get(path)
        return frozenset() if text is None else public_values(self.values, text)

    def for_page(self, path: Path) -> Masker:
        """The masker for page ``path``'s report: every value it does not publish itself."""
        if path not in self._pages:
            public = self.public(path)
            if public:
                page = Masker(self.values - public, expanded=True)
                page._shared = self._shared or self
                self._pages[path] = page
            else:
                self._pages[path] = self
        return self._pages[path]
