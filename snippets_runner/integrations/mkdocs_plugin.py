"""The `snippets` MkDocs plugin: renders console blocks, refuses broken ones, shows status.

A site lists `- snippets` under `plugins`: the plugin adds the `console`
custom fence to pymdownx.superfences itself, so the renderer cannot drift
from the runner through a stale copy in mkdocs.yml.

Superfences calls the formatter without any page context, so a malformed block
would be reported without a file or line. The plugin therefore checks each page
with the extractor (the runner's own parser) before it is rendered and fails
the build with `file:line: message`, which is what a writer needs to fix it.
After rendering it compares what the site shows with what the runner reads
(crosscheck.py), and it hands each page's verification status (status.py,
from the runner's JSON report) to the `snippets-status.html` partial.

mkdocs-static-i18n runs a nested build per extra language with the same
plugin instance; everything that concerns the whole docs folder (lint, the
report) happens once per build in the outer one, and each message is logged
once per build however many languages render the page.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from ..config.include_settings import SNIPPETS, includes
from ..config.pyproject import load_runner_config
from ..errors import PageError, SnippetsError
from ..extract.pages import extract_page
from ..lint import lint
from ..model import DEFAULT_SYNTAX, Page
from .site.crosscheck import compare
from .site.footer import keep_footer_links_in_section
from .site.i18n import language_folders, nested
from .site.plugin_config import SnippetsConfig
from .site.report_watch import watch_report
from .site.site_pages import page_for, published_extraction
from .site.sitemap import write_language_sitemap
from .site.status import page_status
from .site.status_report import load_report

if TYPE_CHECKING:
    from ..report.document import Report
from .site.superfences import register_fence

log = get_plugin_logger(__name__)


class SnippetsPlugin(BasePlugin[SnippetsConfig]):  # type: ignore[no-untyped-call]
    """MkDocs plugin for pages whose console blocks snippets-runner verifies."""

    _project_dir: Path | None = None
    """Where mkdocs.yml lives; error paths are shown relative to it."""
    _root_site: Path | None = None
    """The outer build's site_dir; language builds write below it."""

    def __init__(self) -> None:
        super().__init__()
        self._pages: dict[Path, Page] = {}
        self._report: Report | None = None
        self._logged: set[str] = set()
        self._syntax = DEFAULT_SYNTAX

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if config.config_file_path:
            self._project_dir = Path(config.config_file_path).resolve().parent
        try:  # the runner's prompt and fence language, from the site's pyproject.toml
            self._syntax = load_runner_config(self._project_dir).syntax
            if SNIPPETS in config.markdown_extensions:  # --8<-- includes, as the site has them
                found = includes(
                    config.mdx_configs.get(SNIPPETS), self._project_dir or Path.cwd(), "mkdocs.yml"
                )
                self._syntax = replace(self._syntax, includes=found)
        except SnippetsError as exc:
            raise PluginError(str(exc)) from exc
        register_fence(config, self._syntax)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Read the report, once per build."""
        if nested(config) or not config.config_file_path:
            return
        self._logged = set()
        self._root_site = Path(config.site_dir)
        self._report = None
        if self.config.report:
            try:
                self._report = load_report(Path(self.config.report))
            except SnippetsError as exc:
                self._warn_once(str(exc))

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Lint the pages the site publishes, once per build.

        Here rather than in on_pre_build because only MkDocs' files know what
        it leaves out of the site (`draft_docs` as well as dot folders and
        `exclude_docs`): a page no reader sees must not fail `--strict`.
        Lint problems are warnings, so `--strict` fails on them while
        `mkdocs serve` keeps the preview live.
        """
        if nested(config) or not config.config_file_path:
            return files
        extraction = published_extraction(files, Path(config.config_file_path), config.docs_dir)
        self._pages = {page.path.resolve(): page for page in extraction.pages}
        for problem in lint(extraction):
            self._warn(problem)
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        """Reject a page whose console blocks the runner could not parse."""
        self._check(page)
        return markdown

    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        """Warn where the rendered blocks differ from the blocks the runner reads."""
        extracted = self._extracted(page, config)
        if extracted is not None:
            for problem in compare(extracted, html, self._syntax):
                self._warn(problem)
        return html

    def on_page_context(
        self, context: TemplateContext, /, *, page: MkDocsPage, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        """Give the `snippets-status.html` partial this page's verification status."""
        keep_footer_links_in_section(page)
        extracted = self._extracted(page, config)
        status = page_status(self._report, extracted) if extracted is not None else None
        locale = extracted.locale if extracted is not None else ""
        extra: dict[str, Any] = dict(context)  # TemplateContext lists MkDocs' own keys only
        extra["snippets_status"] = status.as_context(locale) if status else None
        return cast(TemplateContext, extra)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        """Rebuild the preview when `verify --json` writes a new report.

        MkDocs watches only the docs and mkdocs.yml (see report_watch.py).
        """
        if not self.config.report:
            return server
        report = Path(self.config.report)
        if not watch_report(server, report):
            log.info(
                f"{self._display_path(str(report))}: its folder does not exist, so the preview "
                "shows a new report only after a restart"
            )
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Give each language build its own sitemap (see sitemap.py)."""
        if self._root_site is None:
            return
        for folder in language_folders(config):
            write_language_sitemap(self._root_site, folder, config.site_url or "")

    def _extracted(self, page: MkDocsPage, config: MkDocsConfig) -> Page | None:
        src = page.file.abs_src_path
        return page_for(self._pages, src, config.config_file_path, self._syntax)

    def _check(self, page: MkDocsPage) -> None:
        src = page.file.abs_src_path
        if src is None:  # generated in memory by another plugin: nothing to check
            return
        try:  # the site's prompt and fence language: a ```console block may be prose there
            extract_page(Path(src), syntax=self._syntax)
        except PageError as exc:
            where = self._display_path(src)
            raise PluginError(f"{where}:{exc.location.line}: {exc.message}") from exc

    def _warn(self, problem: PageError) -> None:
        where = self._display_path(str(problem.location.path))
        self._warn_once(f"{where}:{problem.location.line}: {problem.message}")

    def _warn_once(self, message: str) -> None:
        """Each language build renders the page again; the writer needs the message once."""
        if message not in self._logged:
            self._logged.add(message)
            log.warning(message)

    def _display_path(self, src: str) -> str:
        """Paths relative to the project, as writers see them in their editor."""
        if self._project_dir is None:
            return src
        try:
            return Path(os.path.relpath(src, self._project_dir)).as_posix()
        except ValueError:  # another drive on Windows
            return src
