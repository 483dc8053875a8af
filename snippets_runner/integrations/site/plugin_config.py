"""The `snippets` plugin's options in mkdocs.yml, as MkDocs validates them.

Kept apart from the hooks so a site's whole interface to the plugin reads
at a glance; MkDocs checks the values when it loads mkdocs.yml, before any
hook runs, so a hook never sees a value of the wrong type.
"""

from __future__ import annotations

from mkdocs.config import config_options
from mkdocs.config.base import Config


class SnippetsConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin's options in mkdocs.yml."""

    report = config_options.Optional(config_options.File(exists=False))
    """The latest `snippets-runner verify --json` report, relative to mkdocs.yml.

    A missing file means "not verified" on every page: the site still builds
    before the first verification, and says so honestly.
    """
