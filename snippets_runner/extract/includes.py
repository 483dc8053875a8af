"""``--8<--`` includes, expanded as the site expands them, with a map back to the page.

A site with pymdownx.snippets replaces ``--8<-- "file"`` lines (and blocks of
paths between two ``--8<--`` lines) by the files they name before Markdown
reads anything, so a session can be written in one file and shown on many
pages. Readers see the expanded page; so must the runner. The expansion is
the extension's own (its SnippetPreprocessor), not a port: sections, line
ranges, nested includes, escapes and ``auto_append`` behave as on the site.

What the extension cannot give is where each expanded line came from. Its
notation is line-based, so the page is expanded one unit at a time (a plain
line, one include line, or one block of paths) and each unit's lines are
mapped to the page line that produced them. A line that came from another
file points at the include line in the page; its block is marked
``included``, and update, which writes pages, leaves it alone.

URLs are never downloaded: reading a site must not depend on the network, and
a page must not make the runner fetch what it names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import PageError
from ..model import Includes, Location

MARKER = "8<"
"""Every include, block marker and section line holds it: a page without it is untouched."""


@dataclass(frozen=True)
class Expanded:
    """A page after its includes: its lines, and for each the page line it came from."""

    lines: tuple[str, ...]
    origin: tuple[int, ...]
    """1-based page line of each expanded line."""
    included: frozenset[int]
    """Expanded lines (0-based) that came from another file."""
    problems: tuple[PageError, ...] = ()
    """Includes the runner cannot read as the site does (a URL the site downloads):
    each costs only what it would have brought in."""

    def page_line(self, line: int) -> int:
        """The page line (1-based) of expanded line ``line`` (1-based)."""
        if not self.origin:
            return line
        return self.origin[min(max(line, 1), len(self.origin)) - 1]


class _Budget(Exception):
    """The files read for one page passed the page limit."""


class _Download(Exception):
    """An include the site downloads and the runner does not."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


@cache
def _preprocessor(settings: Includes) -> Any:
    """The extension's preprocessor for the site's settings, downloads off, with a budget.

    pymdownx.snippets stops only cycles: a file may be included by many lines of many
    files, so a few hundred bytes can expand to gigabytes. Every file read is charged
    to ``budget`` (characters) before its lines are used, so the work stops at the
    page limit, not after it.
    """
    import markdown  # type: ignore[import-untyped]
    from pymdownx.snippets import SnippetPreprocessor

    class Bounded(SnippetPreprocessor):  # type: ignore[misc]
        budget = 0

        def read_lines(self, filename: str) -> list[str]:
            lines: list[str] = super().read_lines(filename)
            self.budget -= sum(len(line) + 1 for line in lines)
            if self.budget < 0:
                raise _Budget(filename)
            return lines

        def get_snippet_path(self, path: str) -> str | None:
            if settings.url_download and path.lower().startswith(("https://", "http://")):
                raise _Download(path)
            found: str | None = super().get_snippet_path(path)
            return found

    config = {
        "base_path": [str(path) for path in settings.base_paths],
        "restrict_base_path": settings.restrict_base_path,
        "encoding": settings.encoding,
        "check_paths": settings.check_paths,
        "auto_append": list(settings.auto_append),
        "url_download": False,
        "url_max_size": 0,
        "url_timeout": 0.0,
        "url_request_headers": {},
        "dedent_subsections": settings.dedent_subsections,
        "max_retries": 0,
        "backoff_factor": 0,
    }
    return Bounded(config, markdown.Markdown())


def _units(lines: Sequence[str], mask: Sequence[bool]) -> list[tuple[int, int]]:
    """[start, end) of each unit: a block of paths between two block markers, or one line."""
    units: list[tuple[int, int]] = []
    k = 0
    while k < len(lines):
        end = k + 1
        if mask[k] and _is_block_marker(lines[k]):
            while end < len(lines) and not (mask[end] and _is_block_marker(lines[end])):
                end += 1
            end = min(end + 1, len(lines))
        units.append((k, end))
        k = end
    return units


def _is_block_marker(line: str) -> bool:
    from pymdownx.snippets import SnippetPreprocessor

    m = SnippetPreprocessor.RE_ALL_SNIPPETS.match(line)
    return bool(m and not m.group("escape") and not m.group("inline_marker"))


def expand(
    lines: Sequence[str], first: int, settings: Includes, where: Location, limit: int
) -> Expanded:
    """The page's lines from ``first`` (0-based; the front matter before it is MkDocs',
    never expanded) with every include replaced as the site replaces it.

    Raises PageError at the include line when the site's build would fail there
    (``check_paths`` and a missing file) or when the page grows past ``limit``
    characters.
    """
    from pymdownx.snippets import SnippetMissingError

    pre = _preprocessor(settings)
    body = list(lines[first:])
    if not settings.auto_append and not any(MARKER in line for line in body):
        return Expanded(tuple(lines), (), frozenset())
    pre.seen, pre.bases, pre.failed = set(), None, set()
    pre.budget = limit
    mask = pre.get_syntax_mask(body)
    out: list[str] = list(lines[:first])
    origin: list[int] = list(range(1, first + 1))
    included: set[int] = set()
    problems: list[PageError] = []
    size = sum(len(line) for line in out)
    units = [(first + a, first + b) for a, b in _units(body, mask)]
    if settings.auto_append:
        units.append((len(lines), len(lines)))
    for start, end in units:
        unit = list(lines[start:end])
        notation = start < len(lines) and mask[start - first]
        if start == end:  # auto_append: a block of the configured paths after the page
            unit = ["", "-8<-", *settings.auto_append, "-8<-"]
            notation = True
        at = Location(where.path, min(start, len(lines) - 1) + 1)
        try:
            pre.seen = set()
            got = pre.parse_snippets(unit) if notation or MARKER in unit[0] else unit
        except _Download as exc:
            problems.append(
                PageError(
                    at,
                    f"the site downloads {exc.url} (url_download) and shows what it holds; "
                    "the runner reads a site offline, so nothing of it is verified: "
                    "include a file of the site instead",
                )
            )
            got = []
        except _Budget:
            raise PageError(
                at, f"with its includes the page is over the {limit // 1024} KiB limit"
            ) from None
        except SnippetMissingError as exc:
            raise PageError(at, f"the site cannot include this: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise PageError(at, f"the included file cannot be read: {exc}") from None
        line = min(start, len(lines) - 1) + 1
        for text in got:
            if notation:
                included.add(len(out))
            out.append(text)
            origin.append(line)
            size += len(text)
        if size > limit:
            raise PageError(
                Location(where.path, line),
                f"with its includes the page is over the {limit // 1024} KiB limit",
            )
    return Expanded(tuple(out), tuple(origin), frozenset(included), tuple(problems))


__all__ = ["MARKER", "Expanded", "expand"]
