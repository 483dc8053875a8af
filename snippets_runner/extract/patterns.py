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
from collections.abc import Callable, Iterable
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


def prompt_finder(prompts: Iterable[str]) -> Callable[[str], str | None]:
    """``prompt_at`` with ``prompts`` fixed, for the many lines of a block or a page.

    Every line that starts no prompt, most of a block's lines, is told so by one
    ``startswith``: each prompt, pattern or not, starts with the literal text before its
    first ``*``, so a line that starts with none of those texts matches no prompt. A
    single literal prompt, the common case, needs no more than that test either.
    """
    prompts = tuple(prompts)
    heads = tuple(prompt.split(WILDCARD, 1)[0] for prompt in prompts)
    if len(prompts) == 1 and WILDCARD not in prompts[0]:
        only = prompts[0]
        return lambda line: only if line.startswith(only) else None

    def find(line: str) -> str | None:
        return prompt_at(line, prompts) if line.startswith(heads) else None

    return find


def prompted(lines: Iterable[str], prompts: Iterable[str]) -> bool:
    """Whether one of ``lines`` starts with one of ``prompts``: a session, on a site whose
    sessions are its prompted fences."""
    find = prompt_finder(prompts)
    return any(find(line) is not None for line in lines)


def found_in(text: str, patterns: Iterable[str]) -> tuple[str, ...]:
    """Every distinct text of ``text`` that one of ``patterns`` matches, in order of place."""
    hits: list[tuple[int, str]] = []
    for pattern in patterns:
        hits.extend((m.start(), m.group()) for m in compile_pattern(pattern).finditer(text))
    seen: dict[str, None] = {}
    for _, hit in sorted(hits):
        seen.setdefault(hit, None)
    return tuple(seen)


__all__ = ["WILDCARD", "compile_pattern", "found_in", "prompt_at", "prompt_finder", "prompted"]
