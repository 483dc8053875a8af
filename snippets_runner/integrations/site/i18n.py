"""What the plugin needs to know of mkdocs-static-i18n's builds.

mkdocs-static-i18n builds each extra language in a nested build, with the
same plugin instance and config object: work that concerns the whole docs
folder must happen once, in the outer build, and each language build owns
one folder of the site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def nested(config: MkDocsConfig) -> bool:
    """True inside mkdocs-static-i18n's build of an extra language."""
    return bool(getattr(config.plugins.get("i18n"), "building", False))


def language_folders(config: MkDocsConfig) -> list[str]:
    """The site folders (links without slashes) of the language a nested build renders.

    None in the outer build; "" for a language linked at the site's root.
    """
    i18n = config.plugins.get("i18n")
    if not nested(config) or i18n is None:
        return []
    current = getattr(i18n, "current_language", None)
    return [
        str(language["link"]).strip("/")
        for language in getattr(i18n, "config", {}).get("languages") or ()
        if language.get("locale") == current and language.get("link")
    ]
