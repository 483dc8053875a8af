"""From command-line paths to lessons: find mkdocs.yml, expand folders, pair locales."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config.pyproject import RunnerConfig, load_runner_config
from ..config.site import SiteConfig, load_site
from ..errors import PageError
from ..files import read_page_text
from ..model import Lesson, Location, Page
from .locales import group_lessons, identify, markdown_files
from .pages import parse_page_lenient

CONFIG_NAME = "mkdocs.yml"


@dataclass(frozen=True)
class Extraction:
    site: SiteConfig
    lessons: tuple[Lesson, ...]
    problems: tuple[PageError, ...]
    """Pages or blocks that could not be extracted; their lessons are incomplete."""
    config: RunnerConfig = field(default_factory=RunnerConfig)
    """The site's runner configuration, read once here; commands put their flags on top."""
    warnings: tuple[PageError, ...] = ()
    """Worth a writer's look, never a reason to fail (a malformed fence that is no session)."""

    @property
    def pages(self) -> tuple[Page, ...]:
        return tuple(page for lesson in self.lessons for page in lesson.pages)


def find_config(start: Path) -> Path | None:
    """The nearest mkdocs.yml at or above `start`, as MkDocs users expect."""
    for folder in [start, *start.parents]:
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def site_for(config: Path | None) -> SiteConfig:
    config = config or find_config(Path.cwd().resolve())
    if config:
        return load_site(config)
    # No site: the folder the writer works in stands for it (its pyproject.toml too).
    return SiteConfig(Path.cwd().resolve(), root=Path.cwd().resolve())


def _relative(path: Path) -> Path:
    """Name the docs folder as a writer would type it, when it is below the cwd."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def extract(paths: Sequence[Path], config: Path | None = None) -> Extraction:
    """Extract every page under `paths` (default: the site's docs_dir), collecting problems."""
    site = site_for(config)
    settings = load_runner_config(site.root)
    syntax = replace(settings.syntax, includes=site.includes)
    pages: list[Page] = []
    problems: list[PageError] = []
    warnings: list[PageError] = []
    for path in markdown_files(paths or [_relative(site.docs_dir)], site.excluded):
        locale, lesson = identify(path, site)
        try:
            text = read_page_text(path).text
        except PageError as exc:
            problems.append(exc)
            continue
        if not text.strip():
            problems.append(PageError(Location(path, 1), "page is empty"))
        page, found = parse_page_lenient(text, path, locale, lesson, syntax, warnings)
        pages.append(page)
        problems.extend(found)
    lessons = tuple(group_lessons(pages, site))
    return Extraction(site, lessons, tuple(problems), settings, tuple(warnings))
