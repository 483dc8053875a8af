"""Read page files safely and turn them into `Page` models.

Writers hand us anything: binary files, broken encodings, huge pages. Each
becomes one PageError naming the file (and line where there is one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import PageError
from ..model import DEFAULT_SYNTAX, Block, LabSpec, Location, Page, Sessions, Syntax
from .frontmatter import BOM, lab_spec
from .includes import Expanded
from .markdown import Region, scan
from .parser import parse_region
from .patterns import prompt_at

MAX_BYTES = 4 * 1024 * 1024
"""Far above any real page; beyond it we refuse rather than stall a build."""

_ENDINGS = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class PageText:
    """A page as MkDocs reads it, plus what a writer needs to save it back unchanged.

    MkDocs decodes pages as `utf-8-sig`: a leading byte-order mark is not
    text. `text` is the page without it (so front matter is found and line
    numbers are those of an editor); `bom` says whether to write it back.
    `newline` is the page's one line-ending style ("\\n", "\\r\\n" or "\\r");
    `text` keeps its endings as they are on disk.
    """

    text: str
    bom: bool = False
    newline: str = "\n"

    def encode(self, text: str | None = None) -> bytes:
        """`text` (default: this page's) as the file's bytes: BOM restored when there was one."""
        body = self.text if text is None else text
        return ((BOM if self.bom else "") + body).encode("utf-8")


def _newline(text: str, path: Path) -> str:
    """The page's line-ending style; a page that mixes styles is refused at its first odd line."""
    if "\r" not in text:  # the common cases, without walking every line
        return "\n"
    crlf = text.count("\r\n")
    if crlf == text.count("\n") == text.count("\r"):
        return "\r\n"
    first: str | None = None
    line = 1
    for match in _ENDINGS.finditer(text):
        ending = match.group()
        if first is None:
            first = ending
        elif ending != first:
            raise PageError(
                Location(path, line),
                f"mixed line endings: this line ends in {_NAMES[ending]}, line 1 in "
                f"{_NAMES[first]}; save the page with one style",
            )
        line += 1
    return first or "\n"


_NAMES = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}


def read_page_text(path: Path) -> PageText:
    """Read a page exactly as MkDocs does (UTF-8, optional BOM), refusing what is not a page.

    Shared by extraction and the update writer, so both see the same text
    and the writer can keep the BOM and the newline style.
    """
    text = read_text(path)
    bom = text.startswith(BOM)
    if bom:
        text = text[len(BOM) :]
    return PageText(text, bom, _newline(text, path))


def read_text(path: Path) -> str:
    """Decode a page as UTF-8 (BOM kept), pointing at the first bad line if it is not text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PageError(Location(path, 1), f"cannot read page: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        raise PageError(
            Location(path, 1),
            f"page is {len(data) // 1024} KiB, over the {MAX_BYTES // 1024} KiB limit; split it",
        )
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise PageError(Location(path, line), "not a text file (contains a NUL byte)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PageError(Location(path, line), "not valid UTF-8") from None


def _prompted(region: Region, syntax: Syntax) -> bool:
    """Whether a line of the region starts with one of the site's prompts: a session."""
    return any(prompt_at(line, syntax.prompts) is not None for line in region.lines)


def parse_page_lenient(
    text: str,
    path: Path,
    locale: str,
    lesson: str,
    syntax: Syntax = DEFAULT_SYNTAX,
    warnings: list[PageError] | None = None,
) -> tuple[Page, list[PageError]]:
    """Parse what can be parsed and collect every problem, so lint reports them all at once.

    ``warnings``, when given, gets what is worth a writer's look but no problem: a
    malformed fence that is no session on a site whose sessions are its prompted fences.
    """
    try:
        found = scan(text, path, syntax)
    except PageError as exc:
        return Page(path, locale, lesson, ()), [exc]
    if warnings is not None:
        expanded = found.expanded
        warnings.extend(
            found.warnings
            if expanded is None
            else [_at_page_line(warning, expanded) for warning in found.warnings]
        )
    problems = list(found.problems)  # each costs its own block, never the page
    try:
        lab = lab_spec(text, path)
    except PageError as exc:
        problems.append(exc)
        lab = LabSpec()
    blocks = []
    for region in found.regions:
        if syntax.sessions is Sessions.PROMPTED and not _prompted(region, syntax):
            continue  # a script, a listing or output: not a session on this site
        try:
            blocks.append(parse_region(region, path, syntax))
        except PageError as exc:
            problems.append(exc)
    if found.expanded is not None:
        blocks = [_in_page(block, found.expanded) for block in blocks]
        problems = [_at_page_line(problem, found.expanded) for problem in problems]
        problems += found.expanded.problems  # at page lines already
    problems.sort(key=lambda problem: problem.location.line)
    return Page(path, locale, lesson, tuple(blocks), lab), problems


def _moved(location: Location, expanded: Expanded) -> Location:
    return replace(location, line=expanded.page_line(location.line))


def _at_page_line(problem: PageError, expanded: Expanded) -> PageError:
    return PageError(_moved(problem.location, expanded), problem.message)


def _in_page(block: Block, expanded: Expanded) -> Block:
    """A block read from the expanded page, with the page's own line numbers; a block with
    a line from another file points at the include line and is marked ``included``."""
    first, last = block.location.line, block.end_line
    included = any(number - 1 in expanded.included for number in range(first, last + 1))
    commands = tuple(
        replace(
            command,
            location=_moved(command.location, expanded),
            expected=replace(
                command.expected, location=_moved(command.expected.location, expanded)
            ),
        )
        for command in block.commands
    )
    return replace(
        block,
        location=_moved(block.location, expanded),
        end_line=expanded.page_line(last),
        commands=commands,
        included=included,
    )


def parse_page(
    text: str, path: Path, locale: str, lesson: str, syntax: Syntax = DEFAULT_SYNTAX
) -> Page:
    """Parse strictly: the runner must never run half of a broken page."""
    page, problems = parse_page_lenient(text, path, locale, lesson, syntax)
    if problems:
        raise problems[0]
    return page


def extract_page(
    path: Path, locale: str = "", lesson: str = "", syntax: Syntax = DEFAULT_SYNTAX
) -> Page:
    """Extract one page; locale and lesson default to none and the file name."""
    return parse_page(read_page_text(path).text, path, locale, lesson or path.name, syntax)
