"""The console fence in pymdownx.superfences' configuration, put there by code.

A site lists `- snippets` under `plugins` and nothing under superfences: a
fence copied into mkdocs.yml would go stale, and the site would render
blocks the runner reads differently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...errors import ConfigError
from ...model import DEFAULT_SYNTAX, Syntax
from .console_fence import custom_fence

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

SUPERFENCES = "pymdownx.superfences"


def register_fence(config: MkDocsConfig, syntax: Syntax = DEFAULT_SYNTAX) -> None:
    """Put the console fence into superfences' config, exactly once.

    Idempotent because mkdocs-static-i18n calls `on_config` again for every
    extra language it builds, on the same config object.
    """
    if SUPERFENCES not in config.markdown_extensions:
        config.markdown_extensions.append(SUPERFENCES)
    if "" in syntax.languages:
        raise ConfigError(
            'fence-language "" (untagged fences) cannot be rendered by the snippets plugin: '
            "superfences gives a custom fence only to a named language, so the copy button "
            "of an untagged session could not be checked; tag the sessions, or verify the "
            "site without the plugin"
        )
    settings = config.mdx_configs.setdefault(SUPERFENCES, {})
    fences: list[dict[str, Any]] = list(settings.get("custom_fences") or [])
    fences = [f for f in fences if f.get("name") not in syntax.languages]
    fences.extend(custom_fence(syntax, language) for language in syntax.languages)
    settings["custom_fences"] = fences
    # Without it Python-Markdown expands a TAB in a command to spaces before the
    # fence sees it, and the copy button would copy a command nobody verified.
    settings["preserve_tabs"] = True
