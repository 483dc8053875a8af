"""Which pages of a report can be fixed by `update`: their only fault is drifted output.

A command that failed its exit status, timed out or did not run is not
drift; rewriting its output would paper over a real problem, so those
lessons are left to a person. Every language of a drifted lesson is named,
because `update` rewrites all languages of a lesson together.
"""

from __future__ import annotations

from typing import Any

OUTPUT_DIFFERS = "output differs"


def is_drift(command: dict[str, Any]) -> bool:
    return (
        command["result"] == "failed"
        and command["note"] == OUTPUT_DIFFERS
        and not command["timed_out"]
        and command["exit_status"] == command["expected_exit"]
    )


def drifted_files(document: dict[str, Any]) -> list[str]:
    """The page files (every language) of lessons with drifted output, in report order."""
    lessons = {page["lesson"] for page in document["pages"] if any(map(is_drift, page["commands"]))}
    return [page["file"] for page in document["pages"] if page["lesson"] in lessons]
