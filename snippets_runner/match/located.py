"""The origin of a published output, found in its page, for callers that pass none.

``match`` needs to know what printed an output (``origin``).  A caller that
has the page and the command passes ``origin.origin_for(page, command)``;
one that only has the command's ``ExpectedOutput`` gets the origin from the
page file the output's location names: the page is extracted (once per
version of the file), and the command whose output starts at that line, with
exactly these published lines, is the one.  If the file cannot be read or
extracted with the default prompt, or holds other lines there (edited since,
or an output being rewritten), the origin is ``UNSTATED``: kubectl assumed,
names judged by their shape, as before origins existed.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Command, ExpectedOutput, Page
from .origin import UNSTATED, Origin, origin_for

_PAGES: dict[Path, tuple[tuple[int, int], Page | None, dict[int, Command]]] = {}


def _page(path: Path) -> tuple[Page | None, dict[int, Command]]:
    try:
        stat = path.stat()
    except OSError:
        return None, {}
    version = (stat.st_mtime_ns, stat.st_size)
    cached = _PAGES.get(path)
    if cached is None or cached[0] != version:
        from ..extract.pages import extract_page

        try:
            page: Page | None = extract_page(path)
        except Exception:  # any page the extractor refuses has no origin here
            page = None
        commands = {c.expected.location.line: c for c in page.commands} if page else {}
        if len(_PAGES) > 256:
            _PAGES.clear()
        cached = _PAGES[path] = (version, page, commands)
    return cached[1], cached[2]


def origin_at(expected: ExpectedOutput) -> Origin:
    """The origin of the command that publishes ``expected``, read from its page."""
    page, commands = _page(expected.location.path)
    command = commands.get(expected.location.line)
    if page is None or command is None or command.expected != expected:
        return UNSTATED
    return origin_for(page, command)
