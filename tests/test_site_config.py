"""mkdocs.yml as MkDocs and its plugins read it: mkdocs-static-i18n (1.x and 0.x), mkdocs-exclude.

Where the plugin is installed (mkdocs-static-i18n 1.x is a dependency), the
page's locale and lesson are compared with the plugin's own `create_i18n_file`.
mkdocs-static-i18n 0.x and mkdocs-exclude are not installed: their expected
values follow their released code (0.56's `I18nFile._is_localized` and
`folder_structure.on_files`; mkdocs-exclude 1.0.2's `on_files`:
`fnmatch.fnmatchcase` and `re.match` on the path relative to docs_dir).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.structure.files import File
from mkdocs_static_i18n import folder as i18n_folder
from mkdocs_static_i18n import suffix as i18n_suffix

from snippets_runner.config.site import SiteConfig, load_site
from snippets_runner.errors import ConfigError
from snippets_runner.extract.discover import extract


def site(tmp_path: Path, yml: str) -> SiteConfig:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: t\ndocs_dir: docs\n" + yml, encoding="utf-8")
    return load_site(config)


def page(config: SiteConfig, rel: str) -> Path:
    return config.docs_dir / rel


V1 = """\
plugins:
  - i18n:
      docs_structure: {structure}
      languages:
        - locale: en
          name: English
        - locale: ja
          name: 日本語
          default: true
        - locale: de
          name: Deutsch
          build: false
"""

COPILOT_CLI = """\
plugins:
  - search
  - i18n:
      default_language: en
      languages:
        en: english
        ja: japanese
      material_alternate: false
  - macros:
      include_dir: site/content/docs/include
"""
"""copilot-cli's mkdocs.yml (the corpus): mkdocs-static-i18n 0.x, the legacy `languages` form."""


# --- mkdocs-static-i18n 1.x ---------------------------------------------------------------

SUFFIX_PATHS = [
    "index.md",
    "index.ja.md",
    "index.en.md",
    "a/b.md",
    "a/b.en.md",
    "a/b.de.md",
    "a/b.fr.md",  # not configured, but a locale code: the plugin takes it for one
    "a/b.en-US.md",
    "a/b.pt_BR.md",
    "a/install.sh.md",  # `sh` looks like a locale code too
    "a/v1.2.md",
    "a/b.EN.md",
    "README.en.md",
]


@pytest.mark.parametrize("rel", SUFFIX_PATHS)
def test_v1_suffix_locale_and_lesson_are_the_plugins(tmp_path: Path, rel: str) -> None:
    config = site(tmp_path, V1.format(structure="suffix"))
    theirs = i18n_suffix.create_i18n_file(
        File(rel, str(config.docs_dir), "/s", True),
        "ja",
        "ja",
        ["en", "ja", "de"],
        SimpleNamespace(docs_dir=str(config.docs_dir), site_dir="/s", use_directory_urls=True),
    )
    assert config.identify(page(config, rel)) == (theirs.locale, theirs.norm_src_uri)


FOLDER_PATHS = [
    "index.md",
    "ja/index.md",
    "en/index.md",
    "en/a/b.md",
    "a/b.md",
    "de/a/b.md",
    "fr/a/b.md",  # not configured, a locale code
    "go/a.md",  # likewise: a two-letter top folder is a language for the plugin
    "docs/a.md",
    "en-US/a.md",
    "a/en/b.md",  # a locale folder below the top is not one
]


@pytest.mark.parametrize("rel", FOLDER_PATHS)
def test_v1_folder_locale_and_lesson_are_the_plugins(tmp_path: Path, rel: str) -> None:
    config = site(tmp_path, V1.format(structure="folder"))
    theirs = i18n_folder.create_i18n_file(
        File(rel, str(config.docs_dir), "/s", True),
        "ja",
        "ja",
        ["en", "ja", "de"],
        SimpleNamespace(docs_dir=str(config.docs_dir), site_dir="/s", use_directory_urls=True),
    )
    assert config.identify(page(config, rel)) == (theirs.locale, theirs.norm_src_uri)


def test_v1_locales_default_first_and_what_is_built(tmp_path: Path) -> None:
    config = site(tmp_path, V1.format(structure="suffix"))
    assert config.locales == ("ja", "en", "de")
    assert config.default_locale == "ja"
    assert config.published_locales == ("ja", "en")
    # a language the plugin does not build is never published, nor is a locale it
    # takes from a file name without building it
    assert config.excluded(page(config, "a/b.de.md"))
    assert config.excluded(page(config, "a/b.fr.md"))
    assert not config.excluded(page(config, "a/b.en.md"))
    assert not config.excluded(page(config, "a/b.md"))


def test_v1_build_only_locale_builds_that_language_alone_as_the_default(tmp_path: Path) -> None:
    yml = V1.format(structure="suffix").replace(
        "  - i18n:\n", "  - i18n:\n      build_only_locale: en\n"
    )
    config = site(tmp_path, yml)
    assert config.default_locale == "en" and config.published_locales == ("en",)
    assert config.identify(page(config, "a/b.md")) == ("en", "a/b.md")
    assert config.excluded(page(config, "a/b.ja.md"))


def test_v1_null_locale_is_a_switcher_link_never_a_language(tmp_path: Path) -> None:
    yml = V1.format(structure="folder") + (
        "        - locale: 'null'\n          name: Help\n          fixed_link: https://x\n"
    )
    config = site(tmp_path, yml)
    assert "null" not in config.published_locales
    assert config.excluded(page(config, "null/a.md"))


def test_v1_without_a_default_the_first_language_stands_for_it(tmp_path: Path) -> None:
    config = site(tmp_path, V1.format(structure="suffix").replace("          default: true\n", ""))
    assert config.locales[0] == "en"


# --- mkdocs-static-i18n 0.x ---------------------------------------------------------------


def test_v0_legacy_languages_as_names_copilot_cli(tmp_path: Path) -> None:
    config = site(tmp_path, COPILOT_CLI)
    assert config.locales == ("en", "ja")
    assert config.structure == "suffix"
    assert config.published_locales == ("en", "ja")
    assert config.identify(page(config, "docs/concepts/services.en.md")) == (
        "en",
        "docs/concepts/services.md",
    )
    assert config.identify(page(config, "docs/concepts/services.ja.md")) == (
        "ja",
        "docs/concepts/services.md",
    )
    # a page without a locale suffix is the default language's (every language falls back to it)
    assert config.identify(page(config, "docs/include/image.md")) == ("en", "docs/include/image.md")
    # 0.x knows only the configured languages: any other suffix is part of the name
    assert config.identify(page(config, "a/b.fr.md")) == ("en", "a/b.fr.md")
    assert config.identify(page(config, "a/install.sh.md")) == ("en", "a/install.sh.md")
    assert not config.excluded(page(config, "a/b.fr.md"))


def test_v0_languages_with_options_and_the_default_key(tmp_path: Path) -> None:
    config = site(
        tmp_path,
        "plugins:\n  - i18n:\n      default_language: ja\n      languages:\n"
        "        default: {name: 既定}\n"  # options of the `/` version, not a language
        "        en: {name: English}\n"
        "        fr: {name: Français, build: false}\n",
    )
    assert config.locales == ("ja", "en", "fr")
    assert config.published_locales == ("ja", "en")
    assert config.identify(page(config, "a.fr.md")) == ("fr", "a.md")
    assert config.excluded(page(config, "a.fr.md"))
    assert not config.excluded(page(config, "a.ja.md"))


def test_v0_default_language_need_not_be_listed(tmp_path: Path) -> None:
    config = site(
        tmp_path,
        "plugins:\n  - i18n:\n      default_language: en\n      languages:\n        fr: français\n",
    )
    assert config.locales == ("en", "fr")
    assert config.published_locales == ("en", "fr")  # the `/` version is the default language
    assert config.identify(page(config, "a.en.md")) == ("en", "a.md")


def test_v0_default_language_only_builds_the_default(tmp_path: Path) -> None:
    config = site(
        tmp_path,
        COPILOT_CLI.replace(
            "      material_alternate",
            "      default_language_only: true\n      material_alternate",
        ),
    )
    assert config.published_locales == ("en",)
    assert config.excluded(page(config, "a.ja.md"))


def test_v0_folder_layout_knows_only_its_languages(tmp_path: Path) -> None:
    config = site(
        tmp_path,
        "plugins:\n  - i18n:\n      default_language: en\n      docs_structure: folder\n"
        "      languages:\n        en: English\n        ja: 日本語\n",
    )
    assert config.identify(page(config, "ja/a/b.md")) == ("ja", "a/b.md")
    assert config.identify(page(config, "en/a/b.md")) == ("en", "a/b.md")
    # outside the language folders: copied as is into every language, the default's page
    assert config.identify(page(config, "assets/a.md")) == ("en", "assets/a.md")
    assert config.identify(page(config, "fr/a.md")) == ("en", "fr/a.md")


def test_v0_pages_of_copilot_cli_pair_into_one_lesson(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: site/content\n" + COPILOT_CLI, encoding="utf-8"
    )
    docs = tmp_path / "site" / "content" / "docs"
    docs.mkdir(parents=True)
    for locale in ("en", "ja"):
        (docs / f"a.{locale}.md").write_text("# A\n\n```console\n~$ echo a\na\n```\n")
    (lesson,) = extract([docs], tmp_path / "mkdocs.yml").lessons
    assert lesson.key == "docs/a.md"
    assert [p.locale for p in lesson.pages] == ["en", "ja"]


# --- how MkDocs reads `plugins` -------------------------------------------------------------


def test_plugins_as_a_mapping_and_switched_off(tmp_path: Path) -> None:
    as_map = site(
        tmp_path,
        "plugins:\n  search: {}\n"
        "  i18n:\n    default_language: en\n    languages: {en: a, ja: b}\n",
    )
    assert as_map.locales == ("en", "ja")
    off = site(tmp_path, COPILOT_CLI.replace("  - i18n:\n", "  - i18n:\n      enabled: false\n"))
    assert off.locales == ()
    assert off.identify(page(off, "a.ja.md")) == ("", "a.ja.md")


# --- mkdocs-exclude ---------------------------------------------------------------------------

ROOK = """\
plugins:
  - search
  - exclude:
      glob:
        - README.md
        - "*.gotmpl"
        - "*.gotmpl.md"
  - awesome-pages
"""
"""rook's mkdocs.yml (the corpus)."""


@pytest.mark.parametrize(
    "rel,excluded",
    [
        ("README.md", True),
        ("Helm-Charts/README.md", False),  # fnmatch on the whole path: README.md is the top one
        ("Helm-Charts/operator-chart.gotmpl.md", True),  # `*` crosses `/` in fnmatch
        ("Helm-Charts/operator-chart.md", False),
        ("readme.md", False),  # fnmatchcase: case matters on every system
        ("Getting-Started/intro.md", False),
    ],
)
def test_exclude_plugin_globs_as_rook_uses_them(tmp_path: Path, rel: str, excluded: bool) -> None:
    config = site(tmp_path, ROOK)
    assert config.excluded(page(config, rel)) is excluded


def test_exclude_plugin_regex_matches_at_the_start_only(tmp_path: Path) -> None:
    config = site(tmp_path, "plugins:\n  - exclude:\n      regex: 'drafts/'\n      glob: a.md\n")
    assert config.excluded(page(config, "drafts/x.md"))
    assert not config.excluded(page(config, "lesson/drafts/x.md"))  # re.match, not re.search
    assert config.excluded(page(config, "a.md"))  # a single pattern may be a string
    regexes = site(tmp_path, "plugins:\n  - exclude:\n      regex: ['.*\\.tmp\\.md$', '^x']\n")
    assert regexes.excluded(page(regexes, "deep/a.tmp.md"))
    assert regexes.excluded(page(regexes, "x/a.md"))
    assert not regexes.excluded(page(regexes, "a/x.md"))


def test_exclude_plugin_switched_off_or_broken(tmp_path: Path) -> None:
    off = site(tmp_path, ROOK.replace("  - exclude:\n", "  - exclude:\n      enabled: false\n"))
    assert not off.excluded(page(off, "README.md"))
    with pytest.raises(ConfigError, match="exclude"):
        site(tmp_path, "plugins:\n  - exclude:\n      regex: ['(']\n")
    with pytest.raises(ConfigError, match="exclude"):
        site(tmp_path, "plugins:\n  - exclude:\n      glob: {a: b}\n")


def test_extract_leaves_out_what_the_exclude_plugin_hides(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: Documentation/\n" + ROOK, encoding="utf-8"
    )
    docs = tmp_path / "Documentation"
    (docs / "Helm-Charts").mkdir(parents=True)
    for rel in ("README.md", "Helm-Charts/chart.gotmpl.md", "Helm-Charts/chart.md"):
        (docs / rel).write_text("# A\n\n```console\n~$ echo a\na\n```\n")
    extraction = extract([docs], tmp_path / "mkdocs.yml")
    assert [p.path.name for p in extraction.pages] == ["chart.md"]


def test_a_symlinked_page_is_judged_by_its_own_path(tmp_path: Path) -> None:
    """MkDocs walks docs_dir following links: a page's path is the link's, not its target's."""
    config = site(tmp_path, ROOK + COPILOT_CLI.removeprefix("plugins:\n"))
    config.docs_dir.mkdir()
    (config.docs_dir / "target.ja.md").write_text("# t\n")
    (config.docs_dir / "README.md").symlink_to("target.ja.md")
    (config.docs_dir / "b.en.md").symlink_to("target.ja.md")
    assert config.excluded(config.docs_dir / "README.md")
    assert config.identify(config.docs_dir / "b.en.md") == ("en", "b.md")
