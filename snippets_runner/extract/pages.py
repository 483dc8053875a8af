"""Turn page files into `Page` models.

Writers hand us anything: binary files, broken encodings, huge pages. Each
becomes one PageError naming the file (and line where there is one); the
file itself is read as MkDocs reads it by `files.read_page_text`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PageError
from ..files import read_page_text
from ..model import DEFAULT_SYNTAX, Block, LabSpec, Location, Page, Sessions, Syntax
from .frontmatter import lab_spec
from .markdown import Region, scan
from .parser import parse_region
from .patterns import prompted

if TYPE_CHECKING:
    from .includes import Expanded


def _prompted(region: Region, syntax: Syntax) -> bool:
    """Whether a line of the region starts with one of the site's prompts: a session."""
    return prompted(region.lines, syntax.prompts)


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
