"""Read `mkdocs.yml`: where the pages are and which languages they come in.

We read the mkdocs-static-i18n settings ourselves instead of booting MkDocs,
because lint and list must stay fast and work without building the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..model import Includes, Location
from .includes import site_includes

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
    includes: Includes | None = None
    """pymdownx.snippets' settings when the site uses it (``--8<--`` includes)."""

    def excluded(self, path: Path) -> bool:
        """Whether MkDocs leaves ``path`` out of the site, so no reader ever sees it.

        MkDocs' own rule: dot files and folders, ``/templates/``, then ``exclude_docs``
        (where a ``!`` pattern can bring a default back), and the ``draft_docs`` a
        build leaves out. A page outside docs_dir is the writer's explicit choice and
        never excluded.
        """
        try:
            rel = path.resolve().relative_to(self.docs_dir).as_posix()
        except ValueError:
            return False
        drafts = bool(self.draft_docs) and _patterns(self.draft_docs).match_file(rel)
        return drafts or _patterns(".*\n/templates/\n" + self.exclude_docs).match_file(rel)

    @property
    def default_locale(self) -> str:
        return self.locales[0] if self.locales else ""


@cache
def _patterns(lines: str) -> pathspec.GitIgnoreSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines.splitlines())


def _i18n_settings(plugins: Any) -> dict[str, Any] | None:
    entries = plugins if isinstance(plugins, list) else [plugins] if plugins else []
    for entry in entries:
        if isinstance(entry, dict) and "i18n" in entry:
            settings = entry["i18n"]
            return settings if isinstance(settings, dict) else {}
        if entry == "i18n":
            return {}
    return None


def load_site(config_file: Path) -> SiteConfig:
    """Load the docs folder and locales; a broken file is a SnippetsError at its line."""
    import yaml

    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_tolerant_loader())
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", Location(config_file, 1)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ConfigError(f"invalid YAML: {exc}", Location(config_file, line)) from None
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of MkDocs settings", Location(config_file, 1))
    docs_dir = (config_file.parent / str(data.get("docs_dir", "docs"))).resolve()
    exclude, drafts = (data.get(key) or "" for key in ("exclude_docs", "draft_docs"))
    if not isinstance(exclude, str) or not isinstance(drafts, str):
        raise ConfigError(
            "exclude_docs and draft_docs must be strings of patterns", Location(config_file, 1)
        )
    found = site_includes(data.get("markdown_extensions"), config_file.parent, str(config_file))
    i18n = _i18n_settings(data.get("plugins"))
    if i18n is None:
        return SiteConfig(
            docs_dir,
            root=config_file.parent.resolve(),
            exclude_docs=exclude,
            draft_docs=drafts,
            includes=found,
        )
    languages = [lang for lang in i18n.get("languages") or [] if isinstance(lang, dict)]
    languages.sort(key=lambda lang: not lang.get("default", False))
    locales = tuple(str(lang["locale"]) for lang in languages if "locale" in lang)
    structure = str(i18n.get("docs_structure", "suffix"))
    root = config_file.parent.resolve()
    return SiteConfig(
        docs_dir,
        locales,
        structure,
        root=root,
        exclude_docs=exclude,
        draft_docs=drafts,
        includes=found,
    )
