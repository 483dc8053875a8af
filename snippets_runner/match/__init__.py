"""Compare the output a page publishes with the output a command really printed.

See :mod:`snippets_runner.match.matcher` for the layers and
:mod:`snippets_runner.match.rules` for where values may vary.
"""

from .matcher import LineVerdict, MatchResult, Span, Verdict, match, output_lines

__all__ = ["LineVerdict", "MatchResult", "Span", "Verdict", "match", "output_lines"]
