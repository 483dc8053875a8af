"""The stable JSON shape of extracted commands (`snippets-runner list --json`).

Schema `snippets-runner/list`, version 1 (tests pin it; add fields, never
rename or remove them without bumping the version):

    {"schema": "snippets-runner/list", "version": 1,
     "commands": [{"file": str, "line": int, "locale": str, "lesson": str,
                   "block": {"line": int, "end_line": int, "language": str,
                             "options": {"timeout": float|null, "retry": float|null,
                                         "exit": int, "skip": bool,
                                         "kubernetes": str|null, "output": str|null}},
                   "index": int, "command": str, "prompt": str, "placeholders": [str],
                   "expected": {"line": int, "lines": [str], "elisions": bool,
                                "compared": bool}}]}

``language`` is the fence language the session was found by ("" untagged),
``prompt`` the prompt its command line starts with; ``compared`` is false for a
command whose output the page does not publish (``no-output = "not-published"``).
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
                "language": block.language,
                "options": {
                    **asdict(block.options),
                    "output": block.options.output.value if block.options.output else None,
                },
            },
            "index": command.index,
            "command": command.text,
            "prompt": command.prompt,
            "placeholders": list(command.placeholders),
            "expected": {
                "line": command.expected.location.line,
                "lines": list(command.expected.lines),
                "elisions": command.expected.has_elisions,
                "compared": command.expected.compared,
            },
        }
        for page in pages
        for block in page.blocks
        for command in block.commands
    ]
    return {"schema": SCHEMA, "version": VERSION, "commands": rows}
