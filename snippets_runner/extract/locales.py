"""Pair each page with its translations under one lesson key.

`statefulsets/index.ja.md` and `statefulsets/index.en.md` (suffix layout) or
`ja/statefulsets/index.md` and `en/...` (folder layout) are one lesson,
`statefulsets/index.md`; the runner runs a lesson once for all its languages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..config.site import SiteConfig
from ..errors import ConfigError
from ..model import Lesson, Page


def identify(path: Path, site: SiteConfig) -> tuple[str, str]:
    """Return (locale, lesson key) for a page file under the site's docs folder
    (`SiteConfig.identify`: the i18n plugin's own rule)."""
    return site.identify(path)


def markdown_files(
    paths: Iterable[Path], excluded: Callable[[Path], bool] = lambda _: False
) -> list[Path]:
    """Expand folders to their Markdown files, in a stable order.

    A folder's pages are those the site publishes: what MkDocs excludes
    (``excluded``: dot folders, ``exclude_docs``) no reader sees, so it is
    neither linted nor verified; a page named on its own is always taken.
    A path that holds no page is a usage error, not an empty success: a
    nightly job pointed at a mistyped folder, or at mkdocs.yml, must go red
    instead of reporting "0 passed" for ever.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            pages = [p for p in sorted(path.rglob("*.md")) if not excluded(p)]
            if not pages:
                raise ConfigError(f"{path}: no Markdown pages (*.md) in this folder")
            found.extend(pages)
        elif path.suffix != ".md":
            raise ConfigError(f"{path}: not a Markdown page (*.md)")
        else:
            found.append(path)
    return found


def group_lessons(pages: Iterable[Page], site: SiteConfig) -> list[Lesson]:
    """Group pages by lesson key; the default locale's page comes first."""
    by_key: dict[str, list[Page]] = {}
    for page in pages:
        by_key.setdefault(page.lesson, []).append(page)
    order = {locale: i for i, locale in enumerate(site.locales)}
    return [
        Lesson(key, tuple(sorted(group, key=lambda p: (order.get(p.locale, len(order)), p.locale))))
        for key, group in by_key.items()
    ]
