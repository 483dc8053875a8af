"""What ``init`` reads: every fence a reader sees that could hold a shell session.

A site does not say how it writes its sessions, so init looks at every page
the site publishes (the same discovery and exclusions as ``lint`` and
``verify``) and keeps every fence whose language could be a session's: the
shell tags, untagged fences and the text-like tags some sites use for
terminals. Which of them really hold sessions is ``detect``'s question.
The fences are found by the extractor's own scan, so a fence counts exactly
when the site shows it (not in an HTML comment, not swallowed by another).

Every location is relative to the site's root (the folder of ``mkdocs.yml``,
where ``pyproject.toml`` lives), so the evidence init writes into that file
reads the same on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config.site import SiteConfig
from ..errors import PageError
from ..extract.block_options import fence_language
from ..extract.locales import markdown_files
from ..extract.markdown import Region, scan
from ..files import read_page_text
from ..model import Location, Syntax

SHELL_LANGUAGES: tuple[str, ...] = (
    *("console", "shell-session", "shellsession", "sh-session"),
    *("bash", "sh", "shell", "zsh", "ksh", "fish"),
)
"""Tags Pygments knows for shell sessions and shell scripts."""
TEXT_LANGUAGES: tuple[str, ...] = (
    *("", "text", "txt", "plain", "plaintext", "none"),
    *("output", "term", "terminal", "log"),
)
"""Untagged fences and text-like tags: some sites put their terminals there."""
CANDIDATE_LANGUAGES = SHELL_LANGUAGES + TEXT_LANGUAGES


@dataclass(frozen=True)
class CandidateFence:
    """A fence of a candidate language that the site shows."""

    region: Region
    """Its lines, at site-relative locations."""
    language: str

    @property
    def location(self) -> Location:
        return self.region.location

    @property
    def first_line(self) -> int:
        """The file line of the fence's first line of content."""
        return self.region.location.line + 1


@dataclass(frozen=True)
class SurveyedPage:
    path: Path
    """Relative to the site's root."""
    text: str
    fences: tuple[CandidateFence, ...]


@dataclass(frozen=True)
class Survey:
    site: SiteConfig
    pages: tuple[SurveyedPage, ...]
    problems: tuple[PageError, ...]
    """Pages that could not be read or scanned; init says so and reads the others."""

    @property
    def fences(self) -> tuple[CandidateFence, ...]:
        return tuple(fence for page in self.pages for fence in page.fences)


def site_relative(path: Path, site: SiteConfig) -> Path:
    """``path`` as the site's writers name it: below the folder of mkdocs.yml."""
    root = site.root or site.docs_dir
    for candidate in (path.absolute(), path.resolve()):  # a page that is a link: its own name
        try:
            return candidate.relative_to(root)
        except ValueError:
            continue
    return path


def survey_site(site: SiteConfig) -> Survey:
    """Read every page the site publishes and keep its candidate fences."""
    pages: list[SurveyedPage] = []
    problems: list[PageError] = []
    syntax = Syntax(languages=CANDIDATE_LANGUAGES)
    for path in markdown_files([site.docs_dir], site.excluded):
        name = site_relative(path, site)
        try:
            text = read_page_text(path).text
            found = scan(text, name, syntax)
        except PageError as exc:
            problems.append(PageError(Location(name, exc.location.line), exc.message))
            continue
        fences = tuple(
            CandidateFence(region, fence_language(region.info)) for region in found.regions
        )
        pages.append(SurveyedPage(name, text, fences))
    return Survey(site, tuple(pages), tuple(problems))


__all__ = [
    "CANDIDATE_LANGUAGES",
    "SHELL_LANGUAGES",
    "TEXT_LANGUAGES",
    "CandidateFence",
    "Survey",
    "SurveyedPage",
    "site_relative",
    "survey_site",
]
