"""Render one page the way the site does, to compare the extractor with the truth.

The extensions and their settings come from the project's own mkdocs.yml, so
the comparison follows the site when it changes; pymdownx.tabbed (Material's
content tabs) is added when the site does not list it yet, because pages may
use tabs as soon as it does. The console fence is registered exactly as the
`snippets` plugin registers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown  # type: ignore[import-untyped]
import yaml
from mkdocs.config.defaults import MkDocsConfig

from snippets_runner.integrations.site.superfences import register_fence

REPO = Path(__file__).resolve().parents[1]
TABBED = "pymdownx.tabbed"


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml may hold `!!python/name:` tags; rendering a page needs none of them."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def site_markdown() -> markdown.Markdown:
    """A Markdown instance with the site's extensions and the console fence."""
    data = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    config = MkDocsConfig()
    config.load_dict({"site_name": "render", "markdown_extensions": data["markdown_extensions"]})
    errors, _ = config.validate()
    assert not errors, errors
    if TABBED not in config.markdown_extensions:
        config.markdown_extensions.append(TABBED)
        config.mdx_configs[TABBED] = {"alternate_style": True}
    register_fence(config)
    configs: dict[str, Any] = dict(config.mdx_configs)
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=configs)


@dataclass(frozen=True)
class RenderedBlock:
    """What a reader sees of one console block: the copy text and the output lines."""

    copy: str
    output: tuple[str, ...]


class _Blocks(HTMLParser):
    """Console blocks a browser shows: HTML comments are skipped by the parser itself."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[RenderedBlock] = []
        self._out: list[str] | None = None
        self._in_out = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if "sr-console" in classes:
            self.blocks.append(RenderedBlock(values.get("data-copy") or "", ()))
        elif tag == "span" and "sr-out" in classes:
            self._in_out, self._out = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._in_out and self._out is not None:
            last = self.blocks[-1]
            line = "".join(self._out).removesuffix("\n")
            self.blocks[-1] = RenderedBlock(last.copy, (*last.output, line))
            self._in_out, self._out = False, None

    def handle_data(self, data: str) -> None:
        if self._in_out and self._out is not None:
            self._out.append(data)


def rendered_blocks(text: str) -> list[RenderedBlock]:
    """The console blocks the site shows for a page's text (front matter removed as MkDocs does)."""
    from mkdocs.utils.meta import get_data

    body, _ = get_data(text.removeprefix("\ufeff"))
    parser = _Blocks()
    parser.feed(site_markdown().convert(body))
    return parser.blocks
