"""A page's fingerprint: what a verification report vouches for.

A report says "these commands printed this output". Once a writer edits a
block of the page (a command, its published output, its options) the report
no longer vouches for it, so readers must be told "not verified" instead of
an outdated "verified". Prose edits do not change the fingerprint: they
cannot make a command's output wrong.
"""

from __future__ import annotations

import hashlib
import json

from ..model import Page


def page_fingerprint(page: Page) -> str:
    """``sha256:<hex>`` over the page's blocks: options, commands and published output."""
    blocks = [
        {
            "options": [b.options.timeout, b.options.retry, b.options.exit, b.options.skip],
            "commands": [[c.text, list(c.expected.lines)] for c in b.commands],
        }
        for b in page.blocks
    ]
    canonical = json.dumps({"lab": [str(p.name) for p in page.lab.manifests], "blocks": blocks})
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()
