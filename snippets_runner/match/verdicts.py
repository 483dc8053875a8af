"""What a match says, line by line: the model reports and update are drawn from."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    EXACT = "exact"
    NORMALIZED = "normalized"
    ELIDED = "elided"
    """A published ``[...]`` line; ``LineVerdict.absorbed`` holds the real lines it stands for."""
    MISSING = "missing"
    """Published, but the real output lacks it."""
    EXTRA = "extra"
    """Printed, but not published."""


@dataclass(frozen=True)
class NormalizedSpan:
    """Where in a real line a normalizer (or an inline ``[...]``) accepted a value."""

    start: int
    end: int
    normalizer: str


@dataclass(frozen=True)
class LineVerdict:
    verdict: Verdict
    expected: str | None
    actual: str | None
    spans: tuple[NormalizedSpan, ...] = ()
    """Parts of ``actual`` a normalizer accepted (empty for a whitespace-only difference)."""
    absorbed: tuple[str, ...] = ()
    """For an elision: the real lines it absorbed (one verdict per elision, not per line,
    so that a 100,000-line output costs one tuple, not 100,000 objects)."""

    @property
    def ok(self) -> bool:
        return self.verdict not in (Verdict.MISSING, Verdict.EXTRA)


@dataclass(frozen=True)
class MatchResult:
    matched: bool
    lines: tuple[LineVerdict, ...]
    ignored: tuple[str, ...] = ()
    """Real lines left out of the comparison: client-go's records of a watch kubectl itself
    cancelled (``client_log``), which no page can publish. ``lines`` holds the rest."""

    @property
    def normalizers(self) -> frozenset[str]:
        names = frozenset(s.normalizer for line in self.lines for s in line.spans)
        return names | {IGNORED} if self.ignored else names


IGNORED = "client-go-watch-end"
"""The name reports give the lines a match left out (see ``client_log``)."""
