"""What a page tells readers about its last verification.

Readers judge a published `describe` output by the Kubernetes version it came
from, and they must never be told "verified" about commands that were edited
after the run. So the status is computed from two things only: the JSON
report `verify --json` wrote (schema ``snippets-runner/verify``, loaded by
status_report.py) and the page as the extractor sees it now, compared by
:func:`page_fingerprint`. :func:`page_status` never trusts a value of the
report it did not check (status_report.py's checks); the partial escapes
everything besides.

Pure on purpose: no MkDocs, no file system (beyond the lab manifests the
fingerprint hashes). The runner never imports this module; the site only
reads the runner's JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..errors import ReportError
from ..model import Page
from ..report.fingerprint import page_fingerprint
from ..report.schema import VERSION, validate
from .status_report import _page_entry, _run_facts


class State(StrEnum):
    VERIFIED = "verified"
    CHANGED = "changed"
    """The last run found output that differs from the page."""
    NOT_VERIFIED = "not-verified"


class Reason(StrEnum):
    """Why a page is not verified; the partial words each one for readers in every language."""

    NO_RESULTS = "no-results"
    """No report, or none the site can trust (unreadable, malformed, unknown or old version)."""
    NOT_IN_REPORT = "not-in-report"
    """The report does not list this page (another shard's report, a new page)."""
    PAGE_CHANGED = "page-changed"
    """The page's blocks or lab changed since the run: its fingerprint differs."""
    RESULTS_MISMATCH = "results-mismatch"
    """The report's results are not one per command of the page."""
    NOT_RUN = "not-run"
    """Some commands did not run (a lab failed, an earlier command failed, ...)."""


@dataclass(frozen=True)
class PageStatus:
    """One page's status; `reason` says why it is not verified."""

    state: State
    date: str = ""
    """ISO date (YYYY-MM-DD, UTC) the run finished."""
    kubernetes_version: str = ""
    """Empty when the run needed no cluster (plain-shell pages) or shards ran on several."""
    commands: int = 0
    """Verified: commands that passed (all the page runs). Changed: commands that differed."""
    reason: Reason | None = None

    def as_context(self, locale: str) -> dict[str, Any]:
        """Plain values for the Jinja partial, which owns the wording in each language.

        `locale` is the page's source language; the partial speaks the language
        of the build rendering it (a fallback page is rendered in another).
        """
        return {
            "state": self.state.value,
            "date": self.date,
            "kubernetes_version": self.kubernetes_version,
            "commands": self.commands,
            "reason": self.reason.value if self.reason else "",
            "locale": locale,
        }


def _not_verified(reason: Reason) -> PageStatus:
    return PageStatus(State.NOT_VERIFIED, reason=reason)


# --- the status ------------------------------------------------------------------------


def _entry(report: Mapping[str, Any], page: Page) -> Any:
    for entry in report["pages"]:
        if (
            isinstance(entry, dict)
            and entry.get("lesson") == page.lesson
            and entry.get("locale") == page.locale
        ):
            return entry
    return None


def page_status(report: Mapping[str, Any] | None, page: Page) -> PageStatus | None:
    """The status to show on `page`, or None for a page without commands to verify.

    Verified only when the report (of this runner's version) has one result
    per command of the page as it is now, and every command the page runs
    passed. Results are paired with commands by order: the fingerprint already
    vouches that the commands are the same and in the same order, while line
    numbers move with prose edits, which change nothing a reader runs.
    """
    runs = [not block.options.skip for block in page.blocks for _ in block.commands]
    if not any(runs):
        return None
    if report is None:
        return _not_verified(Reason.NO_RESULTS)
    try:
        report = validate(report, Path("report"))
        if report["version"] != VERSION:  # version 1 records no run facts nor hashes
            return _not_verified(Reason.NO_RESULTS)
        date, kubernetes = _run_facts(report)
        found = _entry(report, page)
        entry = None if found is None else _page_entry(found)
    except ReportError:
        return _not_verified(Reason.NO_RESULTS)
    if entry is None:
        return _not_verified(Reason.NOT_IN_REPORT)
    if entry["content_hash"] != page_fingerprint(page):
        return _not_verified(Reason.PAGE_CHANGED)
    results = [command["result"] for command in entry["commands"]]
    if len(results) != len(runs):
        return _not_verified(Reason.RESULTS_MISMATCH)
    ran = [result for result, run in zip(results, runs, strict=True) if run]
    failed = ran.count("failed")
    if failed:
        return PageStatus(State.CHANGED, date, kubernetes, failed)
    if ran.count("passed") != len(ran):
        return _not_verified(Reason.NOT_RUN)
    return PageStatus(State.VERIFIED, date, kubernetes, len(ran))
