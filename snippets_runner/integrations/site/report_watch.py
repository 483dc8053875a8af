"""`mkdocs serve` rebuilds the preview when `verify --json` writes a new report.

MkDocs watches only the docs and mkdocs.yml, so a fresh report would show
only after the next page edit.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer


def watch_report(server: LiveReloadServer, report: Path) -> bool:
    """Watch the report, or its folder before the first verification; False if neither exists.

    The report file is watched when it exists (watchdog follows the atomic
    rename that writes it); before the first verification its folder is,
    since a missing path cannot be watched.
    """
    if report.is_file():
        server.watch(str(report))
    elif report.parent.is_dir():
        server.watch(str(report.parent), recursive=False)
    else:
        return False
    return True
