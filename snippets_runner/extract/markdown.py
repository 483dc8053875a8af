"""Find the `console` fences of a Markdown page, with their source lines.

Two readers decide together, because the runner must read exactly what the
site's readers see:

* **which fences exist** is pymdownx.superfences' decision (`fences.py`, its
  line scan ported): it finds fences before Python-Markdown sees any block
  structure, ends a fence only at the exact closing line, and runs a fence on
  over whatever follows when that line is missing or malformed;
* **where each fence sits** (in a list, a blockquote, an admonition, a
  content tab, an HTML comment, an indented code block) is markdown-it's
  block structure with `site_rules`, parsed on the page as superfences leaves
  it: each fence it formats turned into a plain CommonMark fence of the same
  lines, every other fence-like line into text. Line maps give real
  `file:line`s. A plain page (fences at column 0, no indented line, no
  HTML) has no structure to ask about, and is read without markdown-it.

A malformed fence costs its own block only: it becomes a problem at its
`file:line` and the page's other blocks are read as the site shows them. A
fence the site does not format (never closed, dropped by a line indented
less than it) shows none of its lines as a block, and a fence the site runs
on over prose and later fences (a closing line indented differently, a
longer closing run, a missing one) is not read either; fences swallowed by
either are not shown, so not read, and each is named.

Where the site and CommonMark readers (GitHub's preview) disagree, the block
is not run either, and its problem says how to fix it: a fence indented into
the paragraph above it, or a quoted block line that lost its `>` (the site
shows the block, CommonMark does not); a fence on a list item's own line
(inline code on the site), or right below an indented code block (text of
that block, on the site).

Tabs are read as Python-Markdown reads them, expanded to columns of 4 before
any fence is found; a block's lines keep the tabs after their prefix, as the
`snippets` plugin has superfences keep them (`preserve_tabs`).

Known gap: a console fence indented by 4 or more inside a raw HTML block
without `markdown` (`<div>`, blank line, indented fence) is shown by the site
but is an indented code block here; the MkDocs plugin's rendered-vs-extracted
count check reports such a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import PageError
from ..model import DEFAULT_SYNTAX, Location, Sessions, Syntax
from .block_options import fence_language, split_info
from .fences import TAB_LENGTH, End, Fence, expanded, superfences
from .frontmatter import read_front_matter
from .patterns import prompted

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from .includes import Expanded

MAX_CHARACTERS = 4 * 1024 * 1024
"""A page with its includes may not grow past what a page may be (files.MAX_BYTES)."""
LANGUAGE = DEFAULT_SYNTAX.language
"""The default fence language; a site chooses its own with ``fence-language``."""
_NEWLINE = re.compile(r"\r\n?")
_FENCE_LIKE = re.compile(r"(?P<prefix>[> \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)")
"""A line that opens or closes a fence where it stands: blockquote markers, blanks, a run."""
_ON_ITEM_LINE = re.compile(
    r"(?P<prefix>(?:[> \t]|[-*+][ \t]|\d{1,9}[.)][ \t])*)(?P<fence>`{3,}|~{3,})(?P<info>.*)"
)
"""A fence-like run after blockquote markers, blanks and list item markers."""


def _fence_line(pattern: re.Pattern[str], line: str) -> re.Match[str] | None:
    """`pattern` on a line that CommonMark may read as a fence: a backtick fence's info
    string holds no backtick (```` ```a``` ```` is inline code)."""
    m = pattern.fullmatch(line)
    if m is None or (m["fence"][0] == "`" and "`" in m["info"]):
        return None
    return m


_HIDDEN = frozenset({"html_block", "code_block"})
"""Where a fence is no block for a reader: an HTML comment, an indented code block."""


@dataclass(frozen=True)
class Region:
    """A console fence as found in the source, before any meaning is attached."""

    location: Location
    """The opening fence's line."""
    end_line: int
    info: str
    lines: tuple[str, ...]
    """The block's lines without `prefix`."""
    prefix: str
    """What every line of the block starts with in the file (indentation, `> `)."""


@dataclass(frozen=True)
class Scan:
    front_matter: str | None
    front_matter_line: int
    regions: tuple[Region, ...]
    problems: tuple[PageError, ...] = ()
    """Console fences the site does not show as written, each at its line; only
    their own blocks are lost."""
    expanded: Expanded | None = None
    """The page after its ``--8<--`` includes, when it has any: the lines scanned, and
    the page line each came from (``regions`` and problems are in its lines)."""
    warnings: tuple[PageError, ...] = ()
    """The same for fences that hold no prompt on a site whose sessions are only the
    prompted fences (``sessions = "prompted"``): worth a writer's look, never an error."""


@cache
def _parser() -> MarkdownIt:
    """Block structure is all we need: skipping inline parsing (links, emphasis)
    halves the cost without changing which lines are fences.

    Imported here, on a page's first need: markdown-it is a fifth of a short
    run's start-up, and a plain page (`_plain_structure`) never needs it."""
    from markdown_it import MarkdownIt

    from .site_rules import site_rules

    md = MarkdownIt("commonmark").use(site_rules)
    return md.disable(["inline", "text_join"])


class FenceToken(NamedTuple):
    """A fence as a CommonMark reader sees it: its lines ``[start, end)`` and info string."""

    start: int
    end: int
    info: str


Kinds = list[str | None]
"""The leaf block each line belongs to, where it matters: ``fence``, ``paragraph_open``,
``html_block``, ``code_block``; None for any other line."""

_NOT_PLAIN = frozenset(" \t<")
"""What no line of a plain page starts with: indentation (an indented code block, or the
content of a list item, a quote or a container) and HTML (a comment hides a fence). A
line that starts a list item, a quote or a container and is not indented itself holds no
fence, and a fence at column 0 ends any of them."""
_NESTS = frozenset("-*+>0123456789")
_NESTED = r"(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]*){4}"
"""Four list or quote markers opening one line: containers nested that deep may reach
markdown-it's nesting limit (ten lists), past which it reads nothing more of the page, so
such a page is left to markdown-it. A pattern string, compiled by `re` on first use."""


def unprefixed(line: str, prefix: str) -> str | None:
    """The line without the block's prefix; None when the line lacks it.

    A line that is blank apart from blockquote markers and blanks is an empty
    line of the block, as superfences reads it. Tabs count as the columns
    Python-Markdown expands them to: a tab-indented line of a block indented
    by four spaces is a line of the block.
    """
    if line.startswith(prefix):
        return line[len(prefix) :]
    if not line.strip(" \t>") and prefix.startswith(line.rstrip(" \t")):
        return ""
    if "\t" not in line and "\t" not in prefix:
        return None
    want = prefix.expandtabs(TAB_LENGTH)
    column = k = 0
    while column < len(want) and k < len(line) and line[k] in " \t>":
        column = column + TAB_LENGTH - column % TAB_LENGTH if line[k] == "\t" else column + 1
        k += 1
    if line[:k].expandtabs(TAB_LENGTH)[: len(want)] != want:
        return None
    return " " * (column - len(want)) + line[k:]  # a tab wider than the prefix leaves blanks


def is_closing(line: str, prefix: str, markup: str) -> bool:
    """superfences' rule: same prefix, exactly the opening fence, then only blanks."""
    rest = unprefixed(line, prefix)
    return rest is not None and rest.startswith(markup) and not rest[len(markup) :].strip(" \t")


def split_lines(text: str) -> list[str]:
    """Split as markdown-it does (only CR/LF end a line), so line maps agree."""
    return _NEWLINE.sub("\n", text).split("\n")


def _as_structure(lines: list[str], fences: Sequence[Fence], first: int) -> list[str]:
    """The page as superfences leaves it, for markdown-it: every fence it formats a plain
    fence of the same lines, every other fence-like line text (as it is on the site)."""
    out = list(lines)
    for number in range(first, len(out)):
        if "```" not in out[number] and "~~~" not in out[number]:
            continue
        m = _ON_ITEM_LINE.match(out[number])
        if m is not None:
            start, stop = m.span("fence")
            out[number] = out[number][:start] + "x" * (stop - start) + out[number][stop:]
    for fence in fences:
        if not fence.closed:
            continue
        out[fence.start] = lines[fence.start]
        blank = fence.ws.rstrip(" ") if fence.quoted else ""
        text = fence.ws + "x"
        # A line is blank as written exactly when it is once tabs are expanded.
        out[fence.start + 1 : fence.end - 1] = [
            text if line.strip() else blank for line in lines[fence.start + 1 : fence.end - 1]
        ]
        out[fence.end - 1] = fence.ws + fence.fence
    return out


def _plain_structure(
    structure: Sequence[str], fences: Sequence[Fence], first: int
) -> tuple[Kinds, dict[int, FenceToken]] | None:
    """The block structure of a plain page, read without markdown-it; None if not plain.

    Plain: every fence superfences closes opens at column 0 (with an info string
    CommonMark takes), and no other line from `first` on is indented or HTML
    (`_NOT_PLAIN`). On such a page no line is a comment or code, and CommonMark
    reads exactly those fences, each over its own lines: a fence at column 0
    interrupts a paragraph and ends a list, a quote or a container, and
    `_as_structure` has already made every fence body opaque and every other
    fence-like line text. `tests/test_extract_fast_paths.py` holds this claim against
    markdown-it on generated pages.
    """
    closed = [fence for fence in fences if fence.closed]
    kinds: Kinds = [None] * len(structure)
    tokens: dict[int, FenceToken] = {}
    at = first
    for fence in [*closed, None]:
        stop = len(structure) if fence is None else fence.start
        for line in structure[at:stop]:
            if line[:1] in _NOT_PLAIN and line.strip(" \t"):
                return None
            if line[:1] in _NESTS and re.match(_NESTED, line):
                return None
        if fence is None:
            break
        opening = structure[fence.start]
        if not opening.startswith(fence.fence):
            return None  # indented, or in a quote
        info = opening[len(fence.fence) :]
        if fence.fence[0] == "`" and "`" in info:
            return None
        kinds[fence.start : fence.end] = ["fence"] * (fence.end - fence.start)
        tokens[fence.start] = FenceToken(fence.start, fence.end, info)
        at = fence.end
    return kinds, tokens


def _kinds(tokens: Sequence[Token], count: int) -> tuple[Kinds, dict[int, FenceToken]]:
    """The leaf block each line belongs to (fence, paragraph, comment, code), and the
    fence tokens by their first line."""
    kinds: Kinds = [None] * count
    fences: dict[int, FenceToken] = {}
    for token in tokens:
        if token.map is None:
            continue
        if token.type == "fence":
            fences[token.map[0]] = FenceToken(token.map[0], token.map[1], token.info)
        elif token.type not in ("paragraph_open", "html_block", "code_block"):
            continue
        first, end = token.map[0], min(token.map[1], count)
        if first < end:
            kinds[first:end] = [token.type] * (end - first)
    return kinds, fences


def scan(text: str, path: Path, syntax: Syntax = DEFAULT_SYNTAX) -> Scan:
    """Return the front matter, every console fence of `text` the site shows, and a
    problem for each one it does not show as written."""
    source = split_lines(text)
    front = read_front_matter(text)  # MkDocs strips it before superfences runs
    first = front.lines
    with_includes: Expanded | None = None
    if syntax.includes is not None:
        from .includes import expand  # only a site with pymdownx.snippets has includes

        done = expand(source, first, syntax.includes, Location(path, 1), MAX_CHARACTERS)
        if done.origin:
            source, with_includes = list(done.lines), done
    fences = superfences(source, first, syntax.languages)
    structure = _as_structure(source, fences, first)
    structure[:first] = [""] * first
    # markdown-it reads a NUL as U+FFFD, in the page or in what it includes.
    read = (
        None if any("\0" in line for line in source) else _plain_structure(structure, fences, first)
    )
    if read is None:
        try:
            tokens = _parser().parse("\n".join(structure))
        except Exception as exc:  # a plugin bug must not become a writer's traceback
            raise PageError(Location(path, 1), f"Markdown parser failed: {exc!r}") from None
        read = _kinds(tokens, len(source))
    closings = {fence.end - 1: fence.start for fence in fences if fence.closed}
    page = _Page(source, path, syntax.languages, *read, closings)
    found: list[tuple[int, Region | PageError]] = []
    inside = [False] * len(source)
    warnings: list[PageError] = []
    for fence in fences:
        last = fence.end + 1 if fence.how is End.DROPPED else fence.end  # its dropping line too
        inside[fence.start : last] = [True] * (last - fence.start)  # last <= len(source)
        for item in page.fence(fence):
            if isinstance(item, PageError) and not _session(source, item, last, syntax):
                warnings.append(item)
            else:
                found.append((item.location.line, item))
    for number in range(first, len(source)):
        if not inside[number] and ("```" in source[number] or "~~~" in source[number]):
            problem = page.not_a_fence(number)
            if problem is not None and not _session(source, problem, number + 1, syntax):
                warnings.append(problem)
            elif problem is not None:
                found.append((number + 1, problem))
    found.sort(key=lambda pair: pair[0])
    return Scan(
        front.yaml,
        front.first_line,
        tuple(item for _, item in found if isinstance(item, Region)),
        tuple(item for _, item in found if isinstance(item, PageError)),
        with_includes,
        tuple(sorted(warnings, key=lambda warning: warning.location.line)),
    )


def _session(source: Sequence[str], problem: PageError, last: int, syntax: Syntax) -> bool:
    """Whether the fence a problem is about may be a session: always, unless the site's
    sessions are only its prompted fences and no line from the problem's to ``last`` (the
    fence's end, exclusive; 0-based) starts with a prompt, quote markers and indentation
    aside. Generous on purpose: a doubt stays an error."""
    if syntax.sessions is not Sessions.PROMPTED:
        return True
    lines = source[max(problem.location.line - 1, 0) : max(last, problem.location.line)]
    return prompted((line.lstrip(" \t>") for line in lines), syntax.prompts)


def _closes_as_written(line: str, fence: Fence) -> bool:
    """Whether `line` is a closing line for `fence` but for its indentation (or a longer
    run): what the writer meant to close it with."""
    body = line.lstrip(" \t>")
    return body.startswith(fence.fence) and not body.lstrip(fence.fence[0]).strip(" \t")


class _Page:
    """One page's lines with their block structure, and the questions asked of its fences."""

    __slots__ = ("closings", "kinds", "languages", "path", "source", "tokens")

    def __init__(
        self,
        source: list[str],
        path: Path,
        languages: tuple[str, ...],
        kinds: Kinds,
        tokens: dict[int, FenceToken],
        closings: dict[int, int],
    ) -> None:
        self.source = source
        self.path = path
        self.languages = languages
        self.kinds = kinds
        self.tokens = tokens
        self.closings = closings
        """The closing line of every fence the site formats, to its opening line."""

    def at(self, number: int) -> Location:
        return Location(self.path, number + 1)

    def ours(self, info: str) -> bool:
        return fence_language(info) in self.languages

    def hidden(self, number: int) -> bool:
        return self.kinds[number] in _HIDDEN

    def fence(self, fence: Fence) -> Iterator[Region | PageError]:
        """The region of one fence superfences finds, or the problems it makes."""
        yield from self._swallowed(fence)
        if not self.ours(fence.info) or self.hidden(fence.start):
            return
        if not fence.closed:
            yield self._not_formatted(fence)
            return
        yield from self._formatted(fence)

    def _name(self, fence: Fence) -> str:
        return f"{fence.fence}{fence_language(fence.info)}"

    def _prefix(self, fence: Fence) -> str:
        opening = self.source[fence.start]
        return opening[: len(opening) - len(opening.lstrip(" \t>"))]

    def _closing_like(self, line: str, fence: Fence) -> bool:
        """A line CommonMark would close `fence` at: its fence characters, at least as many,
        at most 3 blanks further in, nothing after them."""
        rest = expanded(line)[len(fence.ws) :] if line.strip() else ""
        body = rest.lstrip(" ")
        run = len(body) - len(body.lstrip(fence.fence[0]))
        return (
            len(rest) - len(body) < 4
            and run >= len(fence.fence)
            and not body[run:].strip(" ")
            and expanded(line).startswith(fence.ws)
        )

    def _opening_like(self, line: str, fence: Fence) -> bool:
        """A line that opens a fence like `fence` (same run, an info string) where the
        writer's next fence would stand: the site takes it for a line of this one."""
        if not self._at_level(line, fence):
            return False
        info = expanded(line)[len(fence.ws) + len(fence.fence) :]
        return bool(fence_language(info)) and not (fence.fence[0] == "`" and "`" in info)

    def _swallowed(self, fence: Fence) -> Iterator[PageError]:
        """Console fences among `fence`'s lines, which the site never shows as blocks."""
        outer = self._name(fence)
        if fence.closed:
            lines = range(fence.start + 1, fence.end - 1)
        elif fence.how is End.UNCLOSED:
            lines = range(fence.start + 1, fence.end)
        else:  # the line that drops the fence is read as one of its lines, never as a fence
            lines = range(fence.start + 1, fence.end + 1)
        stray: int | None = None  # the first line the writer may have meant as its closing line
        for number in lines:
            line = self.source[number]
            if "```" not in line and "~~~" not in line:
                continue  # most lines: no fence run at all (asked before the lstrip's copy)
            if not line.lstrip(" \t>").startswith(("```", "~~~")):
                continue
            if stray is None and self._closing_like(line, fence):
                stray = number
            m = _fence_line(_FENCE_LIKE, line)
            if m is None or not self.ours(m["info"]) or self.hidden(number):
                continue
            if fence.closed and not self._at_level(line, fence):
                continue  # shown inside another block, indented or longer: an example
            if number == fence.end and _closes_as_written(line, fence):
                continue  # the closing line the writer meant, indented differently
            name = f"{m['fence']}{fence_language(m['info'])}"
            if fence.closed:
                why = f"it is inside the {outer} block of lines {fence.start + 1}-{fence.end}"
            elif fence.how is End.UNCLOSED:
                why = f"the {outer} fence on line {fence.start + 1} is never closed, and takes it"
            elif number < fence.end:
                why = (
                    f"it is inside the {outer} fence on line {fence.start + 1}, which the site "
                    f"drops at line {fence.end + 1} (a line not indented like it)"
                )
            else:
                why = (
                    f"this line ends the {outer} fence on line {fence.start + 1}, which is not "
                    "closed before it, and so cannot open a fence"
                )
            if stray is not None and number != fence.end:
                why += f" (line {stray + 1} does not close it: it is not exactly "
                why += f"{self._prefix(fence) + fence.fence!r})"
            yield PageError(
                self.at(number),
                f"the site does not show this {name} block: {why}; close that fence first",
            )

    def _at_level(self, line: str, fence: Fence) -> bool:
        """Whether a fence-like line inside `fence` stands exactly where the writer's next
        fence would: right after the fence's prefix, with the same fence run."""
        text = expanded(line)
        if not text.startswith(fence.ws):
            return False
        body = text[len(fence.ws) :]
        run = len(body) - len(body.lstrip(fence.fence[0]))
        return body.startswith(fence.fence) and run == len(fence.fence)

    def _not_formatted(self, fence: Fence) -> PageError:
        """A console fence the site does not format: never closed, or dropped."""
        name, prefix = self._name(fence), self._prefix(fence)
        closer = prefix + fence.fence
        if fence.how is End.UNCLOSED:
            stray = next(
                (
                    n
                    for n in range(fence.start + 1, fence.end)
                    if self._closing_like(self.source[n], fence)
                ),
                None,
            )
            detail = "" if stray is None else f"; line {stray + 1} is not that line"
            return PageError(
                self.at(fence.start),
                f"{name} fence is never closed (the closing line must be {closer!r}, "
                f"with nothing else){detail}, so the site does not show the block",
            )
        if _closes_as_written(self.source[fence.end], fence):
            return PageError(
                self.at(fence.end),
                f"the closing line of the {name} fence on line {fence.start + 1} is not "
                f"indented like its opening line (it must be {closer!r}), "
                "so the site does not show the block",
            )
        return PageError(
            self.at(fence.end),
            f"line is not indented like its {name} fence on line {fence.start + 1} "
            f"(every line must start with {prefix!r}), so the site does not show the block",
        )

    def _formatted(self, fence: Fence) -> Iterator[Region | PageError]:
        """A console fence the site formats: read it, unless readers cannot see it as
        written (merged with what follows, or shown only by superfences' leniency)."""
        name, prefix = self._name(fence), self._prefix(fence)
        kind, token = self.kinds[fence.start], self.tokens.get(fence.start)
        if kind == "paragraph_open":
            yield PageError(
                self.at(fence.start),
                f"this {name} fence continues the paragraph above it; "
                "put a blank line before the fence (and no more indentation than its "
                "list or admonition needs)",
            )
            return
        if self._in_code_chunk(fence.start):
            yield PageError(
                self.at(fence.start),
                f"the site does not show this {name} block: no blank line separates it "
                "from the indented code block above it, and Python-Markdown turns the fence "
                "back into text there; put a blank line before the fence",
            )
            return
        if token is None or (token.start, token.end) != (fence.start, fence.end):
            yield PageError(
                self.at(fence.start),
                f"the site shows this {name} block on lines {fence.start + 1}-{fence.end}, "
                "but CommonMark readers (GitHub's preview) read the lines around it "
                "differently: check their indentation",
            )
            return
        body = range(fence.start + 1, fence.end - 1)
        for number in body:
            line = self.source[number]
            if fence.fence not in line or not line.lstrip(" \t>").startswith(fence.fence):
                continue  # most lines: not even the fence's run
            if self._closing_like(line, fence):
                yield PageError(
                    self.at(fence.start),
                    f"{name} fence is not closed by line {number + 1} ({line.rstrip()!r}): "
                    f"the closing line must be {prefix + fence.fence!r} exactly, so the site "
                    f"runs the block on to line {fence.end} and shows all of it as one block",
                )
                return
            if self._opening_like(line, fence):
                yield PageError(
                    self.at(fence.start),
                    f"{name} fence has no closing line before the fence on line {number + 1}, "
                    f"so the site shows both as one block, up to line {fence.end}: "
                    f"close it with {prefix + fence.fence!r}",
                )
                return
        if prefix:
            lines: list[str] = []
            quoted = fence.quoted
            for number in body:
                read = unprefixed(self.source[number], prefix)
                if read is None or (quoted and not self.source[number].strip()):
                    yield self._unquoted(number, fence, name, prefix)
                    return
                lines.append(read)
        else:  # most blocks: no prefix to take off, and none that a line could lack
            lines = self.source[fence.start + 1 : fence.end - 1]
        if not is_closing(self.source[fence.end - 1], prefix, fence.fence):
            yield self._unquoted(fence.end - 1, fence, name, prefix)
            return
        info = token.info.strip()
        yield Region(self.at(fence.start), fence.end, info, tuple(lines), prefix)

    def _in_code_chunk(self, start: int) -> bool:
        """Whether the fence opening on `start` is in a run of non-blank lines (Python-
        Markdown's block; a fence the site formats counts as one line) that starts as an
        indented code block: superfences then restores the fence's text into that block."""
        number = start - 1
        while number >= 0:
            if number in self.closings:
                number = self.closings[number] - 1  # a formatted fence: one line
            elif expanded(self.source[number]):
                number -= 1
            else:
                break
        first = number + 1
        return first < start and self.kinds[first] == "code_block"

    def _unquoted(self, number: int, fence: Fence, name: str, prefix: str) -> PageError:
        """A block line without the block's prefix that superfences still takes (it is
        lenient in blockquotes): the blockquote, and the block, end there for CommonMark."""
        if not self.source[number].strip():
            return PageError(
                self.at(number),
                f"an empty line inside a quoted {name} block must keep its "
                f"{prefix.rstrip()!r}: without it the blockquote ends here",
            )
        return PageError(
            self.at(number),
            f"this line of the {name} block on line {fence.start + 1} does not start with "
            f"{prefix!r}: CommonMark readers (GitHub's preview) end the block here",
        )

    def not_a_fence(self, number: int) -> PageError | None:
        """A console fence line outside every fence superfences finds: on a list item's
        line, or with an info string superfences refuses. Either is text on the site."""
        line = self.source[number]
        m = _fence_line(_ON_ITEM_LINE, line)
        if m is None or not self.ours(m["info"]) or self.hidden(number):
            return None
        name = f"{m['fence']}{fence_language(m['info'])}"
        if _fence_line(_FENCE_LIKE, line) is None:
            return PageError(
                self.at(number),
                f"a {name} fence on a list item's line is shown as inline code, "
                "not run: put the fence on its own line, indented under the item",
            )
        try:
            split_info(m["info"].strip(), self.at(number))
            why = "superfences does not accept its info string"
        except PageError as exc:
            why = exc.message
        return PageError(
            self.at(number),
            f"{why} (the site shows this {name} line as text, not as a block)",
        )
