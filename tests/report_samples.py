"""Typed reports for tests of the report readers (merge, drift, Markdown, validation).

:func:`failed_report` is a valid one-page report as JSON values, built from the
document's own types and dumped as a writer dumps it; a test breaks one field
of it and hands it to :func:`parse`, as another job's file would arrive.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from snippets_runner.report import document
from snippets_runner.run.results import Reason, Result


def failed_report(commands: int = 1) -> dict[str, Any]:
    """A valid one-page report (``commands`` failed commands, each with a two-row diff)."""
    rows = (
        document.DiffRow(document.RowSign.MISSING, "Running"),
        document.DiffRow(document.RowSign.EXTRA, "Pending"),
    )
    command = document.CommandRecord(
        file="docs/p.md", line=7, locale="", lesson="p.md", command="echo Pending",
        result=Result.FAILED, reason=Reason.OUTPUT_DIFFERS,
        exit_status=0, expected_exit=0, duration=0.1, tries=1, timed_out=False,
        note="output differs", normalizers=(), expected=("Running",), output="Pending\n",
        diff=rows,
    )  # fmt: skip
    page = document.PageRecord(
        file="docs/p.md", locale="", lesson="p.md", duration=0.2,
        content_hash="sha256:" + "0" * 64, kubernetes_version="v1.37.0",
        commands=(command,) * commands,
    )  # fmt: skip
    run = document.Run("2026-12-06T21:30:00Z", "2026-12-06T21:31:00Z", "0.1.0", None, None)
    data: dict[str, Any] = json.loads(document.dump(document.Report.build(run, (page,))))
    assert parse(data).summary.failed == commands  # valid as it stands: each test breaks one field
    return data


def parse(data: dict[str, Any], source: str = "shard.json") -> document.Report:
    """``data`` read as a report file from another job."""
    return document.parse(json.dumps(data).encode(), Path(source))
