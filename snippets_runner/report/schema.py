"""Which verify reports a reader may trust the shape of: one check for every reader.

The runner's `report` commands (json_report.read) and the site (the MkDocs
plugin, through integrations/status_report.py and status.py) read the same
files. They must agree on what a report is: a site that trusted a version-3
report the runner refuses would tell readers "verified" on the word of keys
that may mean something else by then. Kept apart from json_report so the
site needs none of the runner's result types to ask.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ReportError

SCHEMA = "snippets-runner/verify"
VERSION = 2
"""The version this runner writes; bump on any incompatible change (see json_report)."""
KNOWN_VERSIONS = (1, VERSION)
"""Versions whose keys this runner knows; 1 lacks run facts and content hashes."""


def validate(document: Any, path: Path) -> dict[str, Any]:
    """`document` as a report of a known version, or ReportError naming `path`.

    The version must be an integer (JSON ``true`` and ``2.0`` compare equal to
    1 and 2 in Python, but no writer ever produced them).
    """
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise ReportError(f"{path}: not a snippets-runner verify report (schema {SCHEMA!r})")
    version = document.get("version")
    if type(version) is not int or version not in KNOWN_VERSIONS:
        raise ReportError(f"{path}: unsupported report version {version!r}")
    if not isinstance(document.get("pages"), list):
        raise ReportError(f"{path}: report has no list of pages")
    return document
