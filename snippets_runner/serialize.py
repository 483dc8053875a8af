"""The stable JSON shape of extracted commands (`snippets-runner list --json`).

Schema `snippets-runner/list`, version 1 (tests pin it; add fields, never
rename or remove them without bumping the version):

    {"schema": "snippets-runner/list", "version": 1,
     "commands": [{"file": str, "line": int, "locale": str, "lesson": str,
                   "block": {"line": int, "end_line": int,
                             "options": {"timeout": float|null, "retry": float|null,
                                         "exit": int, "skip": bool}},
                   "index": int, "command": str,
                   "expected": {"line": int, "lines": [str], "elisions": bool}}]}
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from .model import Page

SCHEMA = "snippets-runner/list"
VERSION = 1


def commands_document(pages: Iterable[Page]) -> dict[str, Any]:
    rows = [
        {
            "file": str(page.path),
            "line": command.location.line,
            "locale": page.locale,
            "lesson": page.lesson,
            "block": {
                "line": block.location.line,
                "end_line": block.end_line,
                "options": asdict(block.options),
            },
            "index": command.index,
            "command": command.text,
            "expected": {
                "line": command.expected.location.line,
                "lines": list(command.expected.lines),
                "elisions": command.expected.has_elisions,
            },
        }
        for page in pages
        for block in page.blocks
        for command in block.commands
    ]
    return {"schema": SCHEMA, "version": VERSION, "commands": rows}
