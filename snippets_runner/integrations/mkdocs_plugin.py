"""The `snippets` MkDocs plugin: renders console blocks and refuses broken ones.

A site lists `- snippets` under `plugins` and nothing else: the plugin adds the
`console` custom fence to pymdownx.superfences itself, so the renderer cannot
drift from the runner through a stale copy in mkdocs.yml.

Superfences calls the formatter without any page context, so a malformed block
would be reported without a file or line. The plugin therefore checks each page
with the extractor (the runner's own parser) before it is rendered and fails
the build with `file:line: message`, which is what a writer needs to fix it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage

from ..errors import PageError
from ..extract.discover import extract
from ..extract.pages import extract_page
from ..lint import lint
from .console_fence import LANGUAGE, custom_fence

SUPERFENCES = "pymdownx.superfences"

log = get_plugin_logger(__name__)


def register_fence(config: MkDocsConfig) -> None:
    """Put the console fence into superfences' config, exactly once.

    Idempotent because mkdocs-static-i18n calls `on_config` again for every
    extra language it builds, on the same config object.
    """
    if SUPERFENCES not in config.markdown_extensions:
        config.markdown_extensions.append(SUPERFENCES)
    settings = config.mdx_configs.setdefault(SUPERFENCES, {})
    fences: list[dict[str, Any]] = list(settings.get("custom_fences") or [])
    fences = [f for f in fences if f.get("name") != LANGUAGE]
    fences.append(custom_fence())
    settings["custom_fences"] = fences


class SnippetsConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin's options in mkdocs.yml; none yet, declared so they can be added typed."""


class SnippetsPlugin(BasePlugin[SnippetsConfig]):  # type: ignore[no-untyped-call]
    """MkDocs plugin for pages whose console blocks snippets-runner verifies.

    Deliberately small: registering the fence, linting the whole docs folder
    once per build (parity and lab files need every page, not one), and
    refusing pages the runner could not parse.
    """

    _project_dir: Path | None = None
    """Where mkdocs.yml lives; error paths are shown relative to it."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        register_fence(config)
        if config.config_file_path:
            self._project_dir = Path(config.config_file_path).resolve().parent
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Report every lint problem as a warning, so `--strict` fails on them.

        mkdocs-static-i18n runs a whole nested build per extra language; the
        docs folder is the same, so lint runs only in the outer build.
        """
        i18n = config.plugins.get("i18n")
        if getattr(i18n, "building", False) or not config.config_file_path:
            return
        docs = Path(os.path.relpath(config.docs_dir))  # messages name paths as writers type them
        for problem in lint(extract([docs], Path(config.config_file_path))):
            where = self._display_path(str(problem.location.path))
            log.warning(f"{where}:{problem.location.line}: {problem.message}")

    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        """Reject a page whose console blocks the runner could not parse."""
        self._check(page)
        return markdown

    def _check(self, page: MkDocsPage) -> None:
        src = page.file.abs_src_path
        if src is None:  # generated in memory by another plugin: nothing to check
            return
        try:
            extract_page(Path(src))
        except PageError as exc:
            where = self._display_path(src)
            raise PluginError(f"{where}:{exc.location.line}: {exc.message}") from exc

    def _display_path(self, src: str) -> str:
        """Paths relative to the project, as writers see them in their editor."""
        if self._project_dir is None:
            return src
        try:
            return Path(os.path.relpath(src, self._project_dir)).as_posix()
        except ValueError:  # another drive on Windows
            return src
