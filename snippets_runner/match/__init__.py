"""Compare the output a page publishes with the output a command really printed.

See :mod:`snippets_runner.match.matcher` for the layers and
:mod:`snippets_runner.match.normalize` for the volatile fields and the inline
wildcard ``[...]``.
"""

from .matcher import LineVerdict, MatchResult, Verdict, match

__all__ = ["LineVerdict", "MatchResult", "Verdict", "match"]
