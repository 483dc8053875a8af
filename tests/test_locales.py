"""Pairing translations: suffix and folder layouts from mkdocs.yml."""

from pathlib import Path

from snippets_runner.config.site import SiteConfig, load_site
from snippets_runner.extract.discover import extract
from snippets_runner.extract.locales import identify

SITE = Path(__file__).parent / "pages" / "site"


def test_load_site_reads_i18n_with_default_first_and_ignores_python_tags() -> None:
    site = load_site(SITE / "mkdocs.yml")
    assert site.locales == ("ja", "en")
    assert site.docs_dir == (SITE / "docs").resolve()
    assert site.structure == "suffix"


def test_suffix_layout() -> None:
    site = SiteConfig(Path("/d"), ("ja", "en"))
    assert identify(Path("/d/a/b.en.md"), site) == ("en", "a/b.md")
    assert identify(Path("/d/a/b.md"), site) == ("ja", "a/b.md")
    assert identify(Path("/d/a/b.fr.md"), site) == ("ja", "a/b.fr.md")


def test_folder_layout() -> None:
    site = SiteConfig(Path("/d"), ("en", "ja"), "folder")
    assert identify(Path("/d/ja/a/b.md"), site) == ("ja", "a/b.md")
    assert identify(Path("/d/a/b.md"), site) == ("en", "a/b.md")


def test_extract_groups_a_lesson_default_locale_first() -> None:
    extraction = extract([SITE / "docs"], SITE / "mkdocs.yml")
    assert extraction.problems == ()
    (lesson,) = extraction.lessons
    assert lesson.key == "lesson/index.md"
    assert [p.locale for p in lesson.pages] == ["ja", "en"]
    assert len(lesson.primary.commands) == 3
