"""The site's pymdownx.snippets settings, as the extension reads them from mkdocs.yml.

MkDocs hands each entry of ``markdown_extensions`` to Python-Markdown: a name,
or a name with its options. ``base_path`` is relative to the folder
``mkdocs build`` runs in, the folder of mkdocs.yml by every site's habit; the
other defaults are the extension's own (pymdownx/snippets.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..model import Includes

SNIPPETS = "pymdownx.snippets"


def extension_options(entries: Any) -> dict[str, dict[str, Any]]:
    """mkdocs.yml's ``markdown_extensions`` as {name: options}; a bare name has none."""
    items = entries if isinstance(entries, list) else [entries] if entries else []
    found: dict[str, dict[str, Any]] = {}
    for entry in items:
        if isinstance(entry, str):
            found[entry] = {}
        elif isinstance(entry, dict):
            for name, options in entry.items():
                found[str(name)] = options if isinstance(options, dict) else {}
    return found


def includes(options: Mapping[str, Any] | None, root: Path, where: str) -> Includes:
    """The extension's settings from its ``options`` (None or {} for its defaults)."""
    options = options or {}
    base = options.get("base_path", ["."])
    bases = [base] if isinstance(base, str) else base
    if not isinstance(bases, list) or not all(isinstance(b, str) for b in bases):
        raise ConfigError(f"{where}: {SNIPPETS} base_path must be a path or a list of paths")
    append = options.get("auto_append", [])
    if not isinstance(append, list) or not all(isinstance(a, str) for a in append):
        raise ConfigError(f"{where}: {SNIPPETS} auto_append must be a list of paths")
    flags = {}
    for key, default in (
        ("restrict_base_path", True),
        ("check_paths", False),
        ("dedent_subsections", False),
        ("url_download", False),
    ):
        value = options.get(key, default)
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: {SNIPPETS} {key} must be true or false")
        flags[key] = value
    encoding = options.get("encoding", "utf-8")
    if not isinstance(encoding, str):
        raise ConfigError(f"{where}: {SNIPPETS} encoding must be a name")
    return Includes(
        base_paths=tuple((root / b).resolve() for b in bases),
        auto_append=tuple(append),
        encoding=encoding,
        **flags,
    )


def site_includes(entries: Any, root: Path, where: str) -> Includes | None:
    """The Includes of a site whose ``markdown_extensions`` are ``entries``; None without
    pymdownx.snippets."""
    found = extension_options(entries)
    return includes(found[SNIPPETS], root, where) if SNIPPETS in found else None


__all__ = ["SNIPPETS", "extension_options", "includes", "site_includes"]
