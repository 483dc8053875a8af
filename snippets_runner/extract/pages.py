"""Read page files safely and turn them into `Page` models.

Writers hand us anything: binary files, broken encodings, huge pages. Each
becomes one PageError naming the file (and line where there is one).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import PageError
from ..model import LabSpec, Location, Page
from .frontmatter import parse_front_matter
from .markdown import scan
from .parser import parse_region

MAX_BYTES = 4 * 1024 * 1024
"""Far above any real page; beyond it we refuse rather than stall a build."""


def read_text(path: Path) -> str:
    """Decode a page as UTF-8, pointing at the first bad line if it is not text."""
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


def parse_page_lenient(
    text: str, path: Path, locale: str, lesson: str
) -> tuple[Page, list[PageError]]:
    """Parse what can be parsed and collect every problem, so lint reports them all at once."""
    problems: list[PageError] = []
    try:
        found = scan(text, path)
    except PageError as exc:
        return Page(path, locale, lesson, ()), [exc]
    try:
        lab = parse_front_matter(found.front_matter, found.front_matter_line, path)
    except PageError as exc:
        problems.append(exc)
        lab = LabSpec()
    blocks = []
    for region in found.regions:
        try:
            blocks.append(parse_region(region, path))
        except PageError as exc:
            problems.append(exc)
    return Page(path, locale, lesson, tuple(blocks), lab), problems


def parse_page(text: str, path: Path, locale: str, lesson: str) -> Page:
    """Parse strictly: the runner must never run half of a broken page."""
    page, problems = parse_page_lenient(text, path, locale, lesson)
    if problems:
        raise problems[0]
    return page


def extract_page(path: Path, locale: str = "", lesson: str = "") -> Page:
    """Extract one page; locale and lesson default to none and the file name."""
    return parse_page(read_text(path), path, locale, lesson or path.name)
