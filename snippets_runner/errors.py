"""The one error type the extractor raises, so callers never see a traceback."""

from __future__ import annotations

from .model import Location


class SnippetsError(Exception):
    """A problem in a page (or its configuration) that a writer must fix.

    It always names the file and line, because writers fix pages, not stacks.
    """

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message
