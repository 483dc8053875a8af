"""A page's fingerprint: what a verification report vouches for.

A report says "these commands printed this output". Once a writer edits a
block of the page (a command, its published output, its options) or the lab
the commands run in (which manifest files, in which order, and what they
contain) the report no longer vouches for it, so readers must be told "not
verified" instead of an outdated "verified". Prose edits do not change the
fingerprint: they cannot make a command's output wrong.

`verify --json` writes this fingerprint and the site recomputes it, both with
:func:`page_fingerprint`; the two run in different checkouts (a CI job, a
writer's laptop), so nothing in it may depend on where the docs are.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ..model import Command, Page

MISSING = "missing"
"""Stands for a manifest that cannot be read: not any file's content hash."""


def _manifest(manifest: Path, page: Page) -> dict[str, Any]:
    """The manifest as the page names it (relative to the page) and a hash of its bytes.

    Relative to the page's folder, because the extractor resolves it from there
    and the page's own path may be absolute (verify) or relative (the site).
    """
    try:
        where = os.path.relpath(manifest, page.path.parent)
    except ValueError:  # another drive on Windows: no relative path exists
        where = str(manifest)
    try:
        content = "sha256:" + hashlib.sha256(manifest.read_bytes()).hexdigest()
    except OSError:  # lint reports the missing manifest; the hash must not match a present one
        content = MISSING
    return {"path": Path(where).as_posix(), "content": content}


def _command(command: Command) -> list[Any]:
    """Its text and published output, and whether that output is compared at all.

    A command whose output is not compared (``output="not-published"``) hashes
    apart from one published as printing nothing: a report that says "passed"
    of the one does not vouch for the other. Every other command hashes as it
    did before the policy existed, so existing reports still vouch for it.
    """
    entry: list[Any] = [command.text, list(command.expected.lines)]
    return entry if command.expected.compared else [*entry, "not-compared"]


def page_fingerprint(page: Page) -> str:
    """``sha256:<hex>`` over the page's blocks (options, commands, published output), lab and
    placeholder values.

    A page without a lab hashes exactly as before manifests were hashed by
    content, so existing reports still vouch for plain-shell pages.
    """
    blocks = [
        {
            "options": [b.options.timeout, b.options.retry, b.options.exit, b.options.skip]
            + ([b.options.kubernetes] if b.options.kubernetes is not None else []),
            "commands": [_command(c) for c in b.commands],
        }
        for b in page.blocks
    ]
    lab = [_manifest(manifest, page) for manifest in page.lab.manifests]
    hashed: dict[str, Any] = {"lab": lab, "blocks": blocks}
    if page.lab.placeholders:  # what was typed instead of each; a page without hashes as before
        hashed["placeholders"] = [list(pair) for pair in page.lab.placeholders]
    canonical = json.dumps(hashed)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()
