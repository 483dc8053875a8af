"""Read `mkdocs.yml`: where the pages are, which of them the site publishes, and
which languages they come in.

We read the settings of MkDocs and of the plugins that decide this ourselves
instead of booting MkDocs, because lint and list must stay fast and work
without building the site; each rule follows the released code it names:

* MkDocs 1.6: `exclude_docs`, `draft_docs`, dot files, `/templates/`; the
  `plugins` list (names or one-key mappings) or mapping, and the generic
  `enabled: false`;
* mkdocs-exclude (1.0.2, `exclude: {glob: [...], regex: [...]}`): a file is
  left out when ``fnmatch.fnmatchcase`` matches a glob, or ``re.match`` a
  regex, on its path relative to docs_dir (``/``-separated): ``*`` crosses
  folders, and a regex is anchored at the start only;
* mkdocs-static-i18n, in both of its configurations:

  - 1.x (``languages:`` a list of ``{locale, default, build, ...}``): the
    default is the language with ``default: true``; a language with
    ``build: false``, and the ``null`` switcher entry, is never built;
    ``build_only_locale`` builds that language alone, as the default. A page
    is a language's when the last suffix of its name (suffix layout,
    ``index.fr.md``) or its top folder (folder layout, ``fr/index.md``) is a
    configured locale *or looks like one* (``RE_LOCALE``: the plugin then
    takes it for a language it does not build, and never publishes the page);
  - 0.x (``default_language: en`` and ``languages:`` a mapping of locale to
    a name or to ``{name, build, ...}``; its ``default`` key holds options of
    the ``/`` version, not a language): only the configured locales mark a
    page, the default language is always built (it is the ``/`` version),
    another one unless ``build: false``; ``default_language_only`` builds the
    default alone.

  In both, a page without a locale (no suffix, or outside the language
  folders) is the default language's: the one every other language falls
  back to. Which pages are translations of each other does not depend on
  ``fallback_to_default``: falling back shows the default page again, it
  pairs nothing new.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import ConfigError, yaml_problem
from ..model import Includes, Location
from .include_settings import site_includes

if TYPE_CHECKING:
    import pathspec
    import yaml


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


@cache
def _tolerant_loader() -> type[yaml.SafeLoader]:
    """mkdocs.yml may hold `!!python/name:` and `!ENV` tags; we need none of them.

    Built on first use: a page checked outside any MkDocs site never loads PyYAML.
    """
    import yaml

    class TolerantLoader(yaml.SafeLoader):
        pass

    TolerantLoader.add_multi_constructor("", _ignore_tag)
    return TolerantLoader


RE_LOCALE = re.compile(r"(^[a-z]{2}(-[A-Za-z]{4})?(-[A-Z]{2})?$)|(^[a-z]{2}_[A-Z]{2}$)")
"""mkdocs-static-i18n's locale code (``en``, ``en-US``, ``zh-Hant-TW``, ``pt_BR``), 0.x and 1.x."""

NULL_LOCALE = "null"
"""mkdocs-static-i18n 1.x: an entry of the language switcher, never a language that is built."""


@dataclass(frozen=True)
class SiteConfig:
    docs_dir: Path
    locales: tuple[str, ...] = ()
    """Locales in the order mkdocs.yml lists them, the default first."""
    structure: str = "suffix"
    root: Path | None = None
    """The folder of mkdocs.yml, where the runner configuration (pyproject.toml) is read."""
    exclude_docs: str = ""
    """mkdocs.yml's ``exclude_docs``: gitignore-style patterns, relative to docs_dir."""
    draft_docs: str = ""
    """mkdocs.yml's ``draft_docs``: pages ``mkdocs serve`` shows and ``mkdocs build`` leaves out."""
    exclude_globs: tuple[str, ...] = ()
    """The mkdocs-exclude plugin's ``glob`` patterns (``fnmatch.fnmatchcase``)."""
    exclude_regexes: tuple[str, ...] = ()
    """The mkdocs-exclude plugin's ``regex`` patterns (``re.match``)."""
    built: tuple[str, ...] | None = None
    """The locales the i18n plugin builds (None: every one of ``locales``)."""
    locale_codes: bool = False
    """mkdocs-static-i18n 1.x: a suffix or top folder that looks like a locale code
    (``RE_LOCALE``) marks a page of that language even when it is not configured."""
    includes: Includes | None = None
    """pymdownx.snippets' settings when the site uses it (``--8<--`` includes)."""

    def relative(self, path: Path) -> PurePosixPath | None:
        """``path`` as MkDocs names the file: relative to docs_dir, ``/``-separated.

        MkDocs walks docs_dir following links, so a symbolic link is named by its own
        path, not its target's. None for a file outside docs_dir.
        """
        for candidate in (Path(os.path.abspath(path)), path.resolve()):
            try:
                return PurePosixPath(candidate.relative_to(self.docs_dir).as_posix())
            except ValueError:
                continue
        return None

    def identify(self, path: Path) -> tuple[str, str]:
        """(locale, lesson key) of a page: the language the i18n plugin gives it, and its
        path without the language (the plugin's ``norm_src_uri``), which its translations
        share. A page outside docs_dir is named by its file name."""
        rel = self.relative(path) or PurePosixPath(path.name)
        if self.structure == "folder":
            top = rel.parts[0] if len(rel.parts) > 1 else ""
            if top and self._is_locale(top):
                return top, str(PurePosixPath(*rel.parts[1:]))
            return self.default_locale, str(rel)
        stem, dot, code = rel.stem.rpartition(".")
        if dot and stem and self._is_locale(code):
            return code, str(rel.with_name(stem + rel.suffix))
        return self.default_locale, str(rel)

    def _is_locale(self, code: str) -> bool:
        return code in self.locales or (self.locale_codes and RE_LOCALE.match(code) is not None)

    def excluded(self, path: Path) -> bool:
        """Whether the site leaves ``path`` out, so no reader ever sees it.

        MkDocs' own rule: dot files and folders, ``/templates/``, then ``exclude_docs``
        (where a ``!`` pattern can bring a default back), and the ``draft_docs`` a
        build leaves out; then the mkdocs-exclude plugin's patterns, and the pages of
        a language the i18n plugin does not build. A page outside docs_dir is the
        writer's explicit choice and never excluded.
        """
        rel_path = self.relative(path)
        if rel_path is None:
            return False
        rel = str(rel_path)
        if self.draft_docs and _patterns(self.draft_docs).match_file(rel):
            return True
        if _patterns(".*\n/templates/\n" + self.exclude_docs).match_file(rel):
            return True
        if any(fnmatch.fnmatchcase(rel, glob) for glob in self.exclude_globs):
            return True
        if any(_regex(regex).match(rel) for regex in self.exclude_regexes):
            return True
        return bool(self.locales) and self.identify(path)[0] not in self.published_locales

    @property
    def default_locale(self) -> str:
        return self.locales[0] if self.locales else ""

    @property
    def published_locales(self) -> tuple[str, ...]:
        """The locales whose pages the site publishes, the default first."""
        return self.locales if self.built is None else self.built


@cache
def _patterns(lines: str) -> pathspec.GitIgnoreSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines.splitlines())


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _plugins(value: Any) -> dict[str, dict[str, Any]]:
    """The settings of each plugin in use, as MkDocs reads ``plugins``: a list of names
    and one-key mappings, or a mapping; ``enabled: false`` switches a plugin off."""
    if isinstance(value, dict):
        pairs = list(value.items())
    else:
        pairs = []
        for entry in value if isinstance(value, list) else [value] if value else []:
            if isinstance(entry, dict) and len(entry) == 1:
                pairs.append(next(iter(entry.items())))
            elif isinstance(entry, str):
                pairs.append((entry, {}))
    found: dict[str, dict[str, Any]] = {}
    for name, settings in pairs:
        settings = settings if isinstance(settings, dict) else {}
        if isinstance(name, str) and settings.get("enabled") is not False:
            found.setdefault(name.lstrip("/"), settings)
    return found


def _exclude_patterns(settings: dict[str, Any], where: Location) -> tuple[tuple[str, ...], ...]:
    """mkdocs-exclude's ``glob`` and ``regex``: each a pattern or a list of them."""
    found: list[tuple[str, ...]] = []
    for key in ("glob", "regex"):
        value = settings.get(key) or []
        patterns = value if isinstance(value, list) else [value]
        if not all(isinstance(p, str) for p in patterns):
            raise ConfigError(f"plugin exclude: {key} must be a pattern or a list of them", where)
        found.append(tuple(patterns))
    for pattern in found[1]:
        try:
            _regex(pattern)
        except re.error as exc:
            raise ConfigError(f"plugin exclude: regex {pattern!r}: {exc}", where) from None
    return tuple(found)


class _Languages(NamedTuple):
    locales: tuple[str, ...] = ()
    built: tuple[str, ...] | None = None
    locale_codes: bool = False


def _languages(settings: dict[str, Any]) -> _Languages:
    """The languages of mkdocs-static-i18n's settings, in its 1.x or its 0.x form."""
    languages = settings.get("languages")
    if isinstance(languages, list):
        return _languages_v1(settings, [lang for lang in languages if isinstance(lang, dict)])
    if isinstance(languages, dict) or "default_language" in settings:
        return _languages_v0(settings, languages if isinstance(languages, dict) else {})
    return _Languages()


def _languages_v1(settings: dict[str, Any], languages: list[dict[str, Any]]) -> _Languages:
    entries = [lang for lang in languages if isinstance(lang.get("locale"), str)]
    if not entries:
        return _Languages()
    only = settings.get("build_only_locale")
    default = next((e for e in entries if e.get("default") is True), entries[0])
    if isinstance(only, str) and any(e["locale"] == only for e in entries):
        default = next(e for e in entries if e["locale"] == only)
        built: tuple[str, ...] = (only,)
    else:
        built = tuple(
            e["locale"]
            for e in [default, *entries]
            if e.get("build") is not False and e["locale"] != NULL_LOCALE
        )
    locales = tuple(dict.fromkeys(e["locale"] for e in [default, *entries]))
    return _Languages(locales, tuple(dict.fromkeys(built)), locale_codes=True)


def _languages_v0(settings: dict[str, Any], languages: dict[Any, Any]) -> _Languages:
    codes = [code for code in languages if isinstance(code, str) and code != "default"]
    default = settings.get("default_language")
    if not isinstance(default, str):
        if not codes:
            return _Languages()
        default = codes[0]
    locales = tuple(dict.fromkeys([default, *codes]))
    if settings.get("default_language_only") is True:
        return _Languages(locales, (default,))

    def builds(code: str) -> bool:
        options = languages.get(code)
        return code == default or not (isinstance(options, dict) and options.get("build") is False)

    return _Languages(locales, tuple(code for code in locales if builds(code)))


def load_site(config_file: Path) -> SiteConfig:
    """Load the docs folder, what the site leaves out and its locales; a broken file is a
    SnippetsError at its line."""
    import yaml

    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_tolerant_loader())
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", Location(config_file, 1)) from None
    except yaml.YAMLError as exc:  # its text quotes the file (a token in extra:)
        line, problem = yaml_problem(exc)
        raise ConfigError(f"invalid YAML: {problem}", Location(config_file, line or 1)) from None
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of MkDocs settings", Location(config_file, 1))
    docs_dir = (config_file.parent / str(data.get("docs_dir", "docs"))).resolve()
    exclude, drafts = (data.get(key) or "" for key in ("exclude_docs", "draft_docs"))
    if not isinstance(exclude, str) or not isinstance(drafts, str):
        raise ConfigError(
            "exclude_docs and draft_docs must be strings of patterns", Location(config_file, 1)
        )
    plugins = _plugins(data.get("plugins"))
    globs, regexes = (
        _exclude_patterns(plugins["exclude"], Location(config_file, 1))
        if "exclude" in plugins
        else ((), ())
    )
    i18n = _languages(plugins["i18n"]) if "i18n" in plugins else _Languages()
    structure = str(plugins.get("i18n", {}).get("docs_structure") or "suffix")
    return SiteConfig(
        docs_dir,
        i18n.locales,
        structure,
        root=config_file.parent.resolve(),
        exclude_docs=exclude,
        draft_docs=drafts,
        exclude_globs=globs,
        exclude_regexes=regexes,
        built=i18n.built,
        locale_codes=i18n.locale_codes,
        includes=site_includes(
            data.get("markdown_extensions"), config_file.parent, str(config_file)
        ),
    )
