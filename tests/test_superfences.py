"""superfences.py: the console fence registered in pymdownx.superfences' config."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from snippets_runner.integrations.site.superfences import register_fence


def test_register_fence_is_idempotent() -> None:
    """mkdocs-static-i18n runs on_config again per language on the same config."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "markdown_extensions": ["pymdownx.superfences"]})
    errors, _ = config.validate()
    assert not errors
    register_fence(config)
    register_fence(config)
    fences = config.mdx_configs["pymdownx.superfences"]["custom_fences"]
    assert [f["name"] for f in fences] == ["console"]
