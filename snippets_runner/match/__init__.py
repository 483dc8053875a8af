"""Compare the output a page publishes with the output a command really printed.

See :mod:`snippets_runner.match.matcher` for the layers and
:mod:`snippets_runner.match.rules` for where values may vary.
"""

from .matcher import LineVerdict, MatchResult, Span, Verdict, match, output_lines
from .origin import Controllers, Origin, origin_for, origin_of, page_controllers

__all__ = [
    "Controllers",
    "LineVerdict",
    "MatchResult",
    "Origin",
    "Span",
    "Verdict",
    "match",
    "origin_for",
    "origin_of",
    "output_lines",
    "page_controllers",
]
