"""The small patterns a site writes its prompts and placeholders in.

Real sites prompt with more than a literal (``[cluster-1]$ ``,
``user@host:~/dir$ ``) and mark what a reader fills in with shapes
(``<pod-name>``, ``YOUR_REGION``). A regular expression in
``pyproject.toml`` would be one more language for writers to get wrong, so a
pattern is text where ``*`` stands for one or more characters that are not
blanks and not the character written right after the ``*`` (so ``[*]$ ``
stops at the first ``]``, and ``<*>`` at the first ``>``). A ``*`` at the end
of a pattern stands for letters, digits, ``_`` and ``-`` (``YOUR_*`` takes
``YOUR_REGION`` out of ``YOUR_REGION.``). Everything else is literal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

WILDCARD = "*"


@cache
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """``pattern`` as a regular expression anchored nowhere (callers use match or finditer)."""
    parts: list[str] = []
    for k, char in enumerate(pattern):
        if char != WILDCARD:
            parts.append(re.escape(char))
        elif k + 1 < len(pattern) and pattern[k + 1] != WILDCARD:
            parts.append(f"[^\\s{re.escape(pattern[k + 1])}]+")
        else:
            parts.append(r"[\w-]+")
    return re.compile("".join(parts))


def prompt_at(line: str, prompts: Iterable[str]) -> str | None:
    """The prompt text ``line`` starts with, the longest any prompt matches; None: none."""
    best: str | None = None
    for prompt in prompts:
        if WILDCARD not in prompt:
            found = prompt if line.startswith(prompt) else None
        else:
            m = compile_pattern(prompt).match(line)
            found = m.group() if m else None
        if found is not None and (best is None or len(found) > len(best)):
            best = found
    return best


def prompted(lines: Iterable[str], prompts: Iterable[str]) -> bool:
    """Whether one of ``lines`` starts with one of ``prompts``: a session, on a site whose
    sessions are its prompted fences."""
    prompts = tuple(prompts)
    return any(prompt_at(line, prompts) is not None for line in lines)


def found_in(text: str, patterns: Iterable[str]) -> tuple[str, ...]:
    """Every distinct text of ``text`` that one of ``patterns`` matches, in order of place."""
    hits: list[tuple[int, str]] = []
    for pattern in patterns:
        hits.extend((m.start(), m.group()) for m in compile_pattern(pattern).finditer(text))
    seen: dict[str, None] = {}
    for _, hit in sorted(hits):
        seen.setdefault(hit, None)
    return tuple(seen)


__all__ = ["WILDCARD", "compile_pattern", "found_in", "prompt_at", "prompted"]
