"""Place the segments of a line with inline ``[...]`` without a backtracking regex.

A regex with several ``.*?`` can take exponential time on a long line that
almost matches (a 3,000-word line with four wildcards took minutes).  Here
the first segment must match at the start, each middle segment is searched
for left to right from where the previous one ended, and the last must end
at the end of the line.  Taking the leftmost (and, with lazy space runs,
shortest) match of each segment leaves the most room for the rest, so this
finds a placement whenever one exists for segments of fixed text, and each
segment is searched once: linear in the line's length.
"""

from __future__ import annotations

import re


def find(segments: tuple[re.Pattern[str], ...], text: str) -> list[re.Match[str]] | None:
    """One match per segment, in order and without overlap, or None."""
    if len(segments) == 1:
        whole = segments[0].match(text)
        return None if whole is None else [whole]
    first = segments[0].match(text)
    if first is None:
        return None
    found = [first]
    pos = first.end()
    for segment in segments[1:]:
        hit = segment.search(text, pos)
        if hit is None:
            return None
        found.append(hit)
        pos = hit.end()
    return found
