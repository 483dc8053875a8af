"""The pages of an MkDocs build as the runner reads them, limited to what the site publishes.

The plugin lints, cross-checks and shows the status of what readers see,
with the runner's own extractor: a draft or an excluded page must not fail
`--strict`, and a page the build renders is judged as the runner reads it.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from mkdocs.structure.files import File, Files

from ...errors import PageError
from ...extract.discover import Extraction, extract, site_for
from ...extract.locales import identify
from ...extract.pages import extract_page
from ...model import Lesson, Page, Syntax
from .blame import edited_last_first_compared


def _included(file: File) -> bool:
    """Whether `mkdocs build` publishes the file (drafts and excluded files it does not)."""
    return bool(file.inclusion.is_included())  # type: ignore[no-untyped-call]


def _published(extraction: Extraction, unpublished: set[Path]) -> Extraction:
    """The extraction without the pages MkDocs leaves out of the site (resolved paths)."""
    if not unpublished:
        return extraction

    def shown(path: Path) -> bool:
        return path.resolve() not in unpublished

    lessons = []
    for lesson in extraction.lessons:
        pages = tuple(page for page in lesson.pages if shown(page.path))
        if pages:
            lessons.append(Lesson(lesson.key, pages))
    problems = tuple(p for p in extraction.problems if shown(p.location.path))
    return dataclasses.replace(extraction, lessons=tuple(lessons), problems=problems)


def published_extraction(files: Files, mkdocs_yml: Path, docs_dir: str) -> Extraction:
    """The docs folder extracted, less what MkDocs leaves out, ready for lint.

    The extractor already leaves out what mkdocs.yml's own patterns exclude
    (dot folders, `exclude_docs`, `draft_docs`); MkDocs' file list keeps the
    last word for the site, as it also knows what `INHERIT` and other
    plugins decide. Each lesson's pages are ordered so that parity blames
    the page edited last (blame.py).
    """
    unpublished = {
        Path(file.abs_src_path).resolve()
        for file in files
        if file.abs_src_path is not None and not _included(file)
    }
    docs = Path(os.path.relpath(docs_dir))  # messages name paths as writers type them
    extraction = _published(extract([docs], mkdocs_yml), unpublished)
    return edited_last_first_compared(extraction)


def page_for(
    pages: dict[Path, Page], src: str | None, mkdocs_yml: str | None, syntax: Syntax
) -> Page | None:
    """`src` as the runner reads it: from the build's extraction, else read once into `pages`.

    A page outside docs_dir's lessons is still read the way the runner would
    read it. A broken one is None: the check before rendering has already
    failed the build with file:line, so the cross-check and the status have
    nothing to add.
    """
    if src is None:  # generated in memory by another plugin
        return None
    found = pages.get(Path(src).resolve())
    if found is None and mkdocs_yml:
        locale, lesson = identify(Path(src), site_for(Path(mkdocs_yml)))
        try:
            found = extract_page(Path(src), locale, lesson, syntax)
        except PageError:
            return None
        pages[Path(src).resolve()] = found
    return found
