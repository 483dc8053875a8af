"""The MkDocs side: what the `snippets` plugin (integrations/mkdocs_plugin.py) uses.

The console fence renderer, the page check against what MkDocs publishes, the
status line computed from a verify report, the language sitemaps and the
i18n lookups. No module here imports MkDocs at import time except the options
class; the plugin module itself keeps only the plugin class and its events.
"""

from __future__ import annotations

__all__ = [
    "blame",
    "console_fence",
    "crosscheck",
    "footer",
    "i18n",
    "plugin_config",
    "report_watch",
    "site_pages",
    "sitemap",
    "status",
    "status_report",
    "superfences",
]
