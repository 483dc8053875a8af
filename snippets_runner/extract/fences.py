"""Which fences the site formats: pymdownx.superfences' own line scan, ported.

Superfences finds fences in a Python-Markdown *preprocessor*, on the page's
lines, before any block structure (lists, admonitions, HTML) exists. So it,
not CommonMark, decides where a fence starts and ends, and a malformed fence
changes what the site shows after it. Its rules
(`SuperFencesBlockPreprocessor.search_nested`, as of pymdown-extensions 13):

* Python-Markdown has already expanded tabs (tab_length 4) and emptied the
  lines that hold only spaces;
* a fence opens on a line of prefix characters (blanks and `>`) followed by
  `RE_NESTED_FENCE_START`, when the language's validator accepts the options;
* it closes only at a line whose prefix is exactly as wide as the opening
  line's, followed by exactly the opening fence and blanks: a longer run, or a
  closing line indented more, is content;
* a non-empty line with a narrower prefix (or a `>` where the fence had none)
  drops the fence: it is not formatted, and the scan goes on at the next line,
  so nothing in the dropped lines (nor the dropping line) opens a fence;
* a fence still open at the end of the page is not formatted either: all the
  lines after its opening line are then text.

`markdown.py` joins this with the block structure (HTML comments, indented
code) to find the fences a reader sees.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

TAB_LENGTH = 4
"""Python-Markdown's tab_length, which MkDocs does not change."""

# pymdownx.superfences.RE_NESTED_FENCE_START, verbatim (tests check it still is).
OPENING = re.compile(
    r"""(?x)
    (?P<fence>~{3,}|`{3,})
    (?:[ \t]*\.?(?P<lang>[\w#.+-]+)(?=[\t ]|$))?                                           # Language
    (?:
        [ \t]*(\{(?P<attrs>[^\n]*)\}) |                                                    # Optional attributes or
        (?P<options>
            (?:
                (?:[ \t]*[a-zA-Z][a-zA-Z0-9_]*(?:=(?P<quot>"|').*?(?P=quot))?)(?=[\t ]|$)  # Options
            )+
        ) |
        (?P<unrecognized>
            (?:([ \t]*[^\s]+)(?=[\t ]|$))+
        )
    )?[ \t]*$
    """  # noqa: E501
)
# pymdownx.superfences.RE_OPTIONS, RE_HL_LINES and RE_LINENUMS: what the default
# (Pygments) fence accepts after the language.
_OPTION = re.compile(
    r"""(?x)
    (?:
        (?P<key>[a-zA-Z][a-zA-Z0-9_]*)(?:=(?P<quot>"|')(?P<value>.*?)(?P=quot))?
    )
    """
)
_HL_LINES = re.compile(r"^(?P<hl_lines>\d+(?:-\d+)?(?:[ \t]+\d+(?:-\d+)?)*)$")
_LINENUMS = re.compile(
    r"(?P<linestart>[\d]+)(?:[ \t]+(?P<linestep>[\d]+))?(?:[ \t]+(?P<linespecial>[\d]+))?"
)
_HIGHLIGHT_OPTIONS: dict[str, re.Pattern[str] | None] = {
    "hl_lines": _HL_LINES,
    "linenums": _LINENUMS,
    "title": None,
    "title_mode": None,
}
_PREFIX_CHARS = " >"
"""Superfences' prefix characters, once tabs are expanded."""


class End(enum.Enum):
    CLOSED = "closed"
    """Closed by its closing line: the site formats it."""
    DROPPED = "dropped"
    """A line not indented like it ended it: not formatted, its lines are text."""
    UNCLOSED = "unclosed"
    """Still open at the end of the page: not formatted, its lines are text."""


class Fence(NamedTuple):
    """One fence as superfences reads it; lines are 0-based indexes into the page."""

    start: int
    """The opening line."""
    end: int
    """The line after the fence: its closing line + 1 (CLOSED); the line that dropped it
    (DROPPED); the number of lines (UNCLOSED)."""
    ws: str
    """The opening line's prefix with tabs expanded, as superfences keeps it."""
    fence: str
    info: str
    """What follows the fence on the opening line, as written."""
    how: End

    @property
    def closed(self) -> bool:
        return self.how is End.CLOSED

    @property
    def quoted(self) -> bool:
        return ">" in self.ws


def expanded(line: str) -> str:
    """The line as superfences sees it: tabs expanded, a line of spaces emptied."""
    if "\t" in line:
        line = line.expandtabs(TAB_LENGTH)
    return line if line.strip(" ") else ""


def opens(m: re.Match[str], languages: Sequence[str]) -> bool:
    """Whether superfences accepts the opening line `m` (its validators never raise)."""
    if m["unrecognized"] is not None:
        return False  # only with `relaxed_headers`, which no site we know sets
    if m["attrs"] is not None or not m["options"] or m["lang"] in languages:
        return True  # the console fence's validator accepts every option
    for option in _OPTION.finditer(m["options"]):
        key = option["key"]
        value = option["value"] if option["value"] is not None else key
        if key not in _HIGHLIGHT_OPTIONS:
            return False  # an unknown option becomes an attribute: superfences refuses
        check = _HIGHLIGHT_OPTIONS[key]
        if check is not None and check.match(value) is None:
            return False
    return True


@dataclass
class _Open:
    start: int
    ws: str
    fence: str
    info: str
    quote: int
    closing: re.Pattern[str]
    empty_lines: int = 0


def superfences(lines: Sequence[str], first: int, languages: Sequence[str]) -> list[Fence]:
    """Every fence superfences finds in `lines[first:]`, in page order."""
    found: list[Fence] = []
    current: _Open | None = None
    content_after: str | None = None  # the open fence's _content_after
    run = ""  # the open fence's run
    for number in range(first, len(lines)):
        if current is None and "```" not in lines[number] and "~~~" not in lines[number]:
            continue  # most lines: nothing that could open a fence
        if (
            content_after is not None
            and lines[number].startswith(content_after)
            and not lines[number].startswith(run, len(content_after))
        ):
            continue  # most lines of a fence: content, as _evaluate would find
        line = expanded(lines[number])
        if current is None:
            prefix = len(line) - len(line.lstrip(_PREFIX_CHARS))
            m = OPENING.match(line, prefix)
            if m is not None and opens(m, languages):
                raw = lines[number]
                info = raw[len(raw) - len(raw.lstrip(" \t>")) + len(m["fence"]) :]
                current = _Open(
                    number,
                    line[:prefix],
                    m["fence"],
                    info,
                    line[:prefix].count(">"),
                    re.compile(re.escape(m["fence"]) + r"[ \t]*$"),
                )
                content_after, run = _content_after(current), current.fence
            continue
        how = _evaluate(current, line)
        if how is not None:
            end = number + 1 if how is End.CLOSED else number
            found.append(Fence(current.start, end, current.ws, current.fence, current.info, how))
            current = content_after = None
    if current is not None:
        found.append(
            Fence(current.start, len(lines), current.ws, current.fence, current.info, End.UNCLOSED)
        )
    return found


def _content_after(fence: _Open) -> str | None:
    """The prefix after which a line of `fence` is plainly content: `_evaluate` returns None
    for a line that starts with it and has no fence run right after it, most lines of a
    fence. None for a quoted fence, whose empty lines `_evaluate` counts.

    An unquoted fence's prefix is all spaces: such a line has the fence's full prefix width
    and no `>` in it (its tabs come after it, and expand after it), and no closing run where
    one must start (a tab there expands to blanks, which a run never holds).
    """
    return None if fence.quote else fence.ws


def _evaluate(fence: _Open, line: str) -> End | None:
    """One line inside an open fence: superfences' `eval_fence` and `eval_quoted`."""
    width = len(fence.ws)
    k = 0
    while k < width and k < len(line) and line[k] in _PREFIX_CHARS:
        k += 1
    ws, content = line[:k], line[k:]
    quote = ws.count(">")
    if fence.quote:
        if quote > fence.quote:
            return End.DROPPED
        if content == "":
            fence.empty_lines += 1
            return None
        if len(ws) < width or (fence.empty_lines and quote < fence.quote):
            return End.DROPPED
        if fence.closing.match(content):
            return End.CLOSED
        fence.empty_lines = 0
        return None
    if quote:
        return End.DROPPED  # a blockquote line in a fence that is not quoted
    if not (ws + content).strip():
        return None
    if len(ws) != width and content:
        return End.DROPPED
    if fence.closing.match(content) and not content.startswith((" ", "\t")):
        return End.CLOSED
    return None
