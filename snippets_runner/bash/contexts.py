"""The contexts bash can be inside of in a command line, and how they open, nest and close.

Whether `<<` opens a heredoc, and whether a word is a command, depends less on
the characters than on where they stand: in quotes, in a substitution read
now or later, in an arithmetic expression. The scanner (:mod:`.shellscan`)
keeps these on a stack; this module names them and holds the rules that look
only at that stack, so each rule sits next to the contexts it speaks of.
"""

from __future__ import annotations

import re

from .pairs import _arithmetic

# What the scanner is inside of (ScanState.stack), innermost last. Bash reads
# some constructs as code right away and others as text first (parsed, if at
# all, only when they run); a `<<` opens a heredoc only in code read right away.
_COMSUB = "$("
"""`$( )`, `<( )`, `>( )`: code, parsed with the command."""
_BACKQUOTE = "`"
"""Code read as text up to the closing backquote: no heredoc opens inside it now."""
_LATE_COMSUB = "$(("
"""`$((a) | b)`: no arithmetic after all (no `))`), but read as text like one."""
_SUBSHELL = "("
_ARITH = "(("
"""`$(( ))`, `(( ))`, `for (( ))`: an expression, so `<<` is a left shift."""
_PAREN = "(+"
"""A parenthesis inside an expression or a compound assignment."""
_BRACKET = "["
"""`$[ ]` (old arithmetic) and an array subscript `a[ ]=`, up to the matching `]`."""
_BRACE = "${"
"""A parameter expansion, up to its `}`."""
_ARRAY = "=("
"""A compound assignment `a=( )`: words, where `<<` is a syntax error, not a heredoc."""
_SQUOTE, _DQUOTE, _ANSI_C = "'", '"', "$'"

_CODE = frozenset({"", _COMSUB, _BACKQUOTE, _LATE_COMSUB, _SUBSHELL})
_EXPRESSIONS = frozenset({_ARITH, _PAREN, _BRACKET, _BRACE, _ARRAY})
_CODE_PLAIN = re.compile(r"[^ \t\n'\"\\`$()<>|&;#{}\[]+")
_EXPRESSION_PLAIN = re.compile(r"[^'\"\\`$()\[\]}]+")
# Runs of characters with no meaning to the scanner, taken in one step.
_PLAIN = {
    **dict.fromkeys(_CODE, _CODE_PLAIN),
    **dict.fromkeys(_EXPRESSIONS, _EXPRESSION_PLAIN),
    _DQUOTE: re.compile(r"[^\"\\`$]+"),
    _SQUOTE: re.compile(r"[^']+"),
    _ANSI_C: re.compile(r"[^'\\]+"),
}


def _parsed_now(stack: list[str]) -> bool:
    """Whether code here is parsed with the command, so a `<<` in it opens a heredoc now.

    Bash reads backquotes, and a `$((`...`)` that turns out to be no arithmetic,
    as text first; a `$( )` inside the latter is parsed right away, one inside
    backquotes is not.
    """
    if _BACKQUOTE in stack:
        return False
    for context in reversed(stack):
        if context == _COMSUB:
            return True
        if context == _LATE_COMSUB:
            return False
    return True


def _opening(text: str, i: int) -> tuple[str, int]:
    """The context a `$(`, `<(` or `>(` at `i` opens, and how many characters open it."""
    if not text.startswith("(", i + 2):
        return _COMSUB, 2
    return (_ARITH, 3) if _arithmetic(text, i + 1) else (_LATE_COMSUB, 2)


def _in_expression(text: str, i: int, stack: list[str]) -> str:
    """Take the character at `i` inside an expression (innermost on `stack`); what it takes.

    Parentheses and brackets nest and close on `stack`; `))` ends arithmetic
    in one step, a lone `)` turns `$((a) )` into a parenthesis still to close.
    Anything else in an expression is just part of its word.
    """
    c, top = text[i], stack[-1]
    if c == "(" and top in (_ARITH, _PAREN, _ARRAY):
        stack.append(_PAREN)
    elif c == "[" and top == _BRACKET:
        stack.append(_BRACKET)
    elif (
        (c == ")" and top in (_PAREN, _ARRAY))
        or (c == "]" and top == _BRACKET)
        or (c == "}" and top == _BRACE)
    ):
        stack.pop()
    elif c == ")" and top == _ARITH:
        if text.startswith("))", i):
            stack.pop()
            return "))"
        stack[-1] = _PAREN  # `$((a) )`: one more `)` to go
    return c
