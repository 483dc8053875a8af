"""The files the tool reads and writes back: pages, reports, patches, sitemaps, a kubeconfig.

One place for their bytes: pages are read as MkDocs reads them (UTF-8, an
optional byte-order mark, one line-ending style; `encoding`) and written
back as they were found, through symlinks, only if unchanged since, or put
back (`pagefile.read`, `.write`, `.check`, `.put_back`: called through the
module, so a test can stand in for one); every file is written atomically,
a credential privately (`atomic`). Files the tool only reads as input
(mkdocs.yml, pyproject.toml, manifests, the user's kubeconfig) are read
where they are parsed.

Reading loads with the package; the writers load on first use, because
extraction, lint and a verify that writes no report read pages and never
write one (as `match` loads `origin`).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from .encoding import (
    BOM,
    MAX_BYTES,
    UTF8_BOM,
    PageText,
    read_at_most,
    read_lenient,
    read_page_text,
    read_text,
)

if TYPE_CHECKING:
    from . import pagefile
    from .atomic import write_atomic, write_private
    from .pagefile import PageFile

__all__ = [
    "BOM",
    "MAX_BYTES",
    "UTF8_BOM",
    "PageFile",
    "PageText",
    "pagefile",
    "read_at_most",
    "read_lenient",
    "read_page_text",
    "read_text",
    "write_atomic",
    "write_private",
]

_LAZY = {
    "write_atomic": "atomic",
    "write_private": "atomic",
    "PageFile": "pagefile",
}


def __getattr__(name: str) -> object:
    """The writers' names, and the module `pagefile`, from their module on first use."""
    if name == "pagefile":
        return import_module(".pagefile", __name__)
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
