"""Where a quote, a bracketed stretch or an operator ends, looked ahead for as bash does.

The scanner (:mod:`.shellscan`) and the heredoc delimiter reader
(:mod:`.heredoc`) both have to peek past the character they stand on before
they can decide what it is: is this `((` arithmetic, does this `${` close,
what is left of a `<<` split by a backslash-newline. Bash answers these with
one reader (parse.y: `parse_matched_pair`), so both use the one copy here
rather than drift apart.
"""

from __future__ import annotations


def _quote_end(text: str, i: int) -> int | None:
    """The index after the quote that closes the one at `i` (`'`, `"` or `` ` ``)."""
    q, i = text[i], i + 1
    while i < len(text):
        if text[i] == q:
            return i + 1
        i += 2 if text[i] == "\\" and q != "'" else 1
    return None


def _pair_end(text: str, i: int, opener: str, closer: str) -> int | None:
    """The index of the `closer` that balances an `opener` ending just before `i`.

    Counted as bash's `parse_matched_pair` counts: nested openers, quoted and
    escaped characters skipped. None when `text` ends first.
    """
    depth = 1
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c in "'\"`":
            end = _quote_end(text, i)
            if end is None:
                return None
            i = end
            continue
        if c == closer:
            depth -= 1
            if depth == 0:
                return i
        elif text.startswith(opener, i):
            depth += 1
        i += 1
    return None


def _arithmetic(text: str, i: int) -> bool:
    """Whether the `((` at `i` opens arithmetic.

    Bash reads up to the `)` that balances the second `(` and decides then:
    arithmetic if another `)` follows at once, else `( (...) ...)`, nested
    subshells (`((cd x && ls) | wc)`). Text ending first counts as arithmetic.
    """
    end = _pair_end(text, i + 2, "(", ")")
    return end is None or text.startswith(")", end + 1)


def _join_operator(text: str, i: int) -> str:
    """`text` without the backslash-newlines in the operator that may start at `i`.

    Bash drops a backslash-newline (outside single quotes) before it reads
    operators: `<\\` + `<EOF` is a heredoc, `<<\\` + `-EOF` strips tabs.
    """
    j = i + 1
    while j < min(i + 3, len(text)):
        if text.startswith("\\\n", j):
            text = text[:j] + text[j + 2 :]
        elif text[j] == "\\":
            break  # an escaped character: no operator goes on through it
        else:
            j += 1
    return text
