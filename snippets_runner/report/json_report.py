"""Machine-readable results, for dashboards and the update mode.

Schema ``snippets-runner/verify``, version 1 (bump ``version`` on any
incompatible change; adding keys is compatible)::

    {
      "schema": "snippets-runner/verify",
      "version": 1,
      "summary": {"passed": int, "failed": int, "skipped": int, "not_run": int},
      "pages": [{
        "file": str, "locale": str, "lesson": str, "duration": float,
        "commands": [{
          "file": str, "line": int,          # the command's `~$` line
          "locale": str, "lesson": str,
          "command": str,                    # masked
          "result": "passed" | "failed" | "skipped" | "not-run",
          "exit_status": int | null,         # null: not run or killed by a timeout
          "expected_exit": int,
          "duration": float,                 # seconds, all tries
          "tries": int,                      # 0 when not run
          "timed_out": bool,
          "note": str,                       # why it failed or did not run
          "normalizers": [str],              # normalizers the match relied on
          "expected": [str],                 # published lines, masked
          "output": str                      # real output, masked
        }]
      }]
    }

Strings are masked with the same Masker as the terminal report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..run.results import CommandResult, PageResult
from .atomic import write_atomic
from .masker import Masker
from .summary import Summary

SCHEMA = "snippets-runner/verify"
VERSION = 1


def _command(page: PageResult, result: CommandResult, mask: Masker) -> dict[str, Any]:
    command = result.command
    return {
        "file": str(command.location.path),
        "line": command.location.line,
        "locale": page.page.locale,
        "lesson": page.page.lesson,
        "command": mask(command.text),
        "result": result.verdict.value,
        "exit_status": result.exit_status,
        "expected_exit": result.expected_exit,
        "duration": round(result.duration, 6),
        "tries": result.tries,
        "timed_out": result.timed_out,
        "note": mask(result.note),
        "normalizers": sorted(result.match.normalizers) if result.match else [],
        "expected": [mask(line) for line in command.expected.lines],
        "output": mask(result.output),
    }


def render(pages: Iterable[PageResult], mask: Masker) -> dict[str, Any]:
    pages = list(pages)
    summary = Summary.of(pages)
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "summary": {
            "passed": summary.passed,
            "failed": summary.failed,
            "skipped": summary.skipped,
            "not_run": summary.not_run,
        },
        "pages": [
            {
                "file": str(page.page.path),
                "locale": page.page.locale,
                "lesson": page.page.lesson,
                "duration": round(page.duration, 6),
                "commands": [
                    _command(page, c, mask.for_page(page.page.path)) for c in page.commands
                ],
            }
            for page in pages
        ],
    }


def write(path: Path, pages: Iterable[PageResult], mask: Masker) -> None:
    write_atomic(path, json.dumps(render(pages, mask), indent=2, ensure_ascii=False) + "\n")
