"""Compare the output a page publishes with the output a command really printed.

See :mod:`snippets_runner.match.matcher` for the layers and
:mod:`snippets_runner.match.rules` for where values may vary.
"""

from .matcher import LineVerdict, MatchResult, NormalizedSpan, Verdict, exact, match, output_lines

__all__ = [
    "Controllers",
    "LineVerdict",
    "MatchResult",
    "NormalizedSpan",
    "Origin",
    "Verdict",
    "exact",
    "match",
    "origin_for",
    "origin_of",
    "output_lines",
    "page_controllers",
]

_LAZY = {"Controllers", "Origin", "origin_for", "origin_of", "page_controllers"}


def __getattr__(name: str) -> object:
    """What printed an output (match.origin) loads on first use: most matches never ask."""
    if name in _LAZY:
        from . import origin

        return getattr(origin, name)
    raise AttributeError(name)
