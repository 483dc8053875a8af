"""From command-line paths to lessons: mkdocs.yml lookup, folders, problems collected."""

from pathlib import Path

import pytest
from conftest import i18n_config

from snippets_runner.extract.discover import extract, find_config, site_for
from snippets_runner.model import Location

SITE = Path(__file__).parent / "pages" / "site"

MKDOCS = i18n_config("en", "ja", docs_dir="pages")


def make_site(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    docs = tmp_path / "pages"
    (docs / "a").mkdir(parents=True)
    (docs / "a" / "index.en.md").write_text("# A\n\n```console\n~$ echo a\na\n```\n")
    (docs / "a" / "index.ja.md").write_text("# A\n\n```console\n~$ echo a\na\n```\n")
    return docs


def test_find_config_walks_up_to_the_nearest_mkdocs_yml(tmp_path: Path) -> None:
    docs = make_site(tmp_path)
    assert find_config(docs / "a") == tmp_path / "mkdocs.yml"
    assert find_config(tmp_path) == tmp_path / "mkdocs.yml"
    assert find_config(SITE / "docs" / "lesson") == SITE / "mkdocs.yml"


def test_find_config_never_looks_into_sibling_folders(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    make_site(tmp_path / "site")
    (tmp_path / "other").mkdir()
    assert find_config(tmp_path / "other") != tmp_path / "site" / "mkdocs.yml"
    assert find_config(tmp_path / "site" / "pages") == tmp_path / "site" / "mkdocs.yml"


def test_site_for_defaults_to_the_cwd_without_a_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site = site_for(None)
    assert site.docs_dir == tmp_path.resolve() and site.locales == ()
    make_site(tmp_path)
    assert site_for(None).docs_dir == (tmp_path / "pages").resolve()


def test_without_paths_the_sites_docs_dir_is_extracted_and_lessons_paired(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    extraction = extract([], tmp_path / "mkdocs.yml")
    assert extraction.problems == ()
    (lesson,) = extraction.lessons
    assert lesson.key == "a/index.md"
    assert [(p.locale, p.path) for p in lesson.pages] == [
        ("en", Path("pages/a/index.en.md")),  # the default language first, relative to the cwd
        ("ja", Path("pages/a/index.ja.md")),
    ]
    assert [p.path for p in extraction.pages] == [p.path for p in lesson.pages]


def test_problems_are_collected_and_the_rest_is_still_extracted(tmp_path: Path) -> None:
    docs = make_site(tmp_path)
    (docs / "empty.md").write_text("  \n")
    (docs / "binary.md").write_bytes(b"# x\n\x00")
    (docs / "broken.md").write_text("# b\n\n```console\n~$ a \\\n```\n")
    (docs / "mixed.md").write_bytes(b"# m\r\n\nx\r\n")
    extraction = extract([docs], tmp_path / "mkdocs.yml")
    problems = sorted((p.location, p.message.split(" (")[0]) for p in extraction.problems)
    assert problems == sorted(
        [
            (Location(docs / "binary.md", 2), "not a text file"),
            (
                Location(docs / "broken.md", 4),
                "line ends with '\\' but the block ends: the command is cut off",
            ),
            (Location(docs / "empty.md", 1), "page is empty"),
            (
                Location(docs / "mixed.md", 2),
                "mixed line endings: this line ends in LF, line 1 in CRLF; "
                "save the page with one style",
            ),
        ]
    )
    keys = sorted(lesson.key for lesson in extraction.lessons)
    assert keys == ["a/index.md", "broken.md", "empty.md"]  # unreadable pages have no lesson


def test_a_bom_page_is_extracted_with_its_front_matter(tmp_path: Path) -> None:
    docs = make_site(tmp_path)
    (docs / "bom.md").write_bytes(
        "\ufeff---\nsnippets:\n  secrets: [hunter2-token]\n---\n# B\n".encode()
    )
    extraction = extract([docs / "bom.md"], tmp_path / "mkdocs.yml")
    assert extraction.problems == ()
    (page,) = extraction.pages
    assert page.lab.secrets == ("hunter2-token",) and page.locale == "en"


def test_a_single_file_path_is_taken_as_given(tmp_path: Path) -> None:
    docs = make_site(tmp_path)
    extraction = extract([docs / "a" / "index.ja.md"], tmp_path / "mkdocs.yml")
    assert [(p.locale, p.lesson) for p in extraction.pages] == [("ja", "a/index.md")]


BROKEN = "# Draft\n\n```console\n~$ echo never closed\n"


@pytest.mark.parametrize(
    ("exclude_docs", "published"),
    [
        (None, {"a/index.en.md", "a/index.ja.md", "drafts/d.en.md"}),
        ("drafts/\n", {"a/index.en.md", "a/index.ja.md"}),
        ("draft_docs:drafts/\n", {"a/index.en.md", "a/index.ja.md"}),
        ("drafts/\n!.well-known/\n", {"a/index.en.md", "a/index.ja.md", ".well-known/w.en.md"}),
    ],
)
def test_a_folder_holds_the_pages_mkdocs_publishes(
    tmp_path: Path, exclude_docs: str | None, published: set[str]
) -> None:
    """Dot folders, templates/ and exclude_docs never reach a reader: not linted, not run."""
    docs = make_site(tmp_path)
    if exclude_docs is not None:
        key, _, patterns = exclude_docs.rpartition(":")
        config = tmp_path / "mkdocs.yml"
        config.write_text(
            config.read_text()
            + f"{key or 'exclude_docs'}: |\n  {patterns.replace(chr(10), chr(10) + '  ')}\n"
        )
    for hidden in (
        ".wip/draft.en.md",
        "templates/t.en.md",
        "drafts/d.en.md",
        ".well-known/w.en.md",
    ):
        (docs / hidden).parent.mkdir(parents=True, exist_ok=True)
        (docs / hidden).write_text(BROKEN if "drafts" not in hidden else "# D\n")
    found = extract([docs], tmp_path / "mkdocs.yml")
    assert {p.path.relative_to(docs).as_posix() for p in found.pages} == published
    assert [p for p in found.problems if ".well-known" not in str(p.location.path)] == []


def test_an_excluded_page_named_on_its_own_is_still_taken(tmp_path: Path) -> None:
    docs = make_site(tmp_path)
    (docs / ".wip").mkdir()
    (docs / ".wip" / "draft.en.md").write_text(BROKEN)
    found = extract([docs / ".wip" / "draft.en.md"], tmp_path / "mkdocs.yml")
    assert [p.location for p in found.problems] == [Location(docs / ".wip" / "draft.en.md", 3)]
