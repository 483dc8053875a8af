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

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ...model import Block, Page
from ...report.document import PageRecord, Report, release_key, release_of
from ...report.fingerprint import page_fingerprint
from ...run.results import Result


class State(StrEnum):
    VERIFIED = "verified"
    """Every command the page runs passed, or ran where the page publishes no output
    (those are counted apart: ``not_compared``); at least one output was compared."""
    RAN = "ran"
    """Every command the page runs ran as expected, and none had its output compared
    (the page publishes none): never called verified."""
    CHANGED = "changed"
    """The last run found output that differs from the page (on at least one release)."""
    NOT_VERIFIED = "not-verified"


class Unverified(StrEnum):
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
    """The cluster's version when the page ran on exactly one; else empty (see releases)."""
    commands: int = 0
    """Verified: commands that passed, their output compared. Changed: commands that
    differed. Ran: 0."""
    reason: Unverified | None = None
    releases: tuple[str, ...] = ()
    """Releases (``1.37``) on which every command the page runs passed (or ran, output not
    compared), oldest first."""
    differs: tuple[str, ...] = ()
    """Changed: releases on which some command's output or status differed."""
    not_compared: int = 0
    """Verified or ran: commands that ran as expected whose output was not compared
    (``Result.RAN``), told apart from those verified."""

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
            "releases": list(self.releases),
            "differs": list(self.differs),
            "not_compared": self.not_compared,
        }


def _not_verified(reason: Unverified) -> PageStatus:
    return PageStatus(State.NOT_VERIFIED, reason=reason)


# --- the status ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    """One release's verdict on the page: how many commands ran, passed, failed."""

    release: str
    version: str
    ran: int
    """Commands the page runs on this release (not skipped by the page)."""
    passed: int
    failed: int
    not_compared: int
    """Commands that ran with the expected status and whose output was not compared."""

    @property
    def complete(self) -> bool:
        """Every command the page runs passed or ran (output not compared)."""
        return self.passed + self.not_compared == self.ran


def _outcome(entry: PageRecord, page: Page) -> _Outcome | None:
    """The verdict of ``entry``, or None when its results are not one per command.

    A command counts on the entry's release when its block is not ``skip``,
    publishes that release's output (``kubernetes=``, a variant for some releases)
    and holds no placeholder the page gives no value (which the runner skips).
    """
    runs = [
        runnable and block.options.covers(entry.release)
        for block, runnable in _runnable(page)
        for _ in block.commands
    ]
    if len(entry.commands) != len(runs):
        return None
    ran = [c.result for c, run in zip(entry.commands, runs, strict=True) if run]
    return _Outcome(
        entry.release,
        entry.kubernetes_version,
        len(ran),
        ran.count(Result.PASSED),
        ran.count(Result.FAILED),
        ran.count(Result.RAN),
    )


def _runnable(page: Page) -> list[tuple[Block, bool]]:
    """Each block, and whether the runner runs it on some release: not ``skip``, and no
    placeholder without a value."""
    return [(b, not b.options.skip and not page.unfilled(b)) for b in page.blocks]


def _date(report: Report) -> str:
    finished = report.run.finished if report.run else None
    return finished[:10] if finished else ""  # validated: YYYY-MM-DDTHH:MM:SSZ


def page_status(report: Report | None, page: Page) -> PageStatus | None:
    """The status to show on `page`, or None for a page without commands to verify.

    A report may hold the page's results on several releases (a merged nightly
    report). Verified only when, on every release it lists, it has one result
    per command of the page as it is now and every command the page runs
    passed -- or ran, where the page publishes no output for it: those are
    counted apart, and a page none of whose outputs was compared is RAN, never
    verified; changed when some command failed on some release, naming the
    releases it passed on and those it differs on. Results are paired with
    commands by order: the fingerprint already vouches that the commands are
    the same and in the same order, while line numbers move with prose edits,
    which change nothing a reader runs.
    """
    runs = [runnable for block, runnable in _runnable(page) for _ in block.commands]
    if not any(runs):
        return None
    if report is None or report.run is None:
        return _not_verified(Unverified.NO_RESULTS)
    entries = report.results_of(page.lesson, page.locale)
    if not entries:
        return _not_verified(Unverified.NOT_IN_REPORT)
    fingerprint = page_fingerprint(page)
    if any(entry.content_hash != fingerprint for entry in entries):
        return _not_verified(Unverified.PAGE_CHANGED)
    outcomes = [_outcome(entry, page) for entry in entries]
    if any(outcome is None for outcome in outcomes):
        return _not_verified(Unverified.RESULTS_MISMATCH)
    found = sorted((o for o in outcomes if o is not None), key=lambda o: release_key(o.release))
    date = _date(report)
    verified = tuple(o.release for o in found if o.complete and o.release)
    differs = tuple(o.release for o in found if o.failed and o.release)
    versions = {o.version for o in found}
    version = versions.pop() if len(versions) == 1 else ""
    failed = max(o.failed for o in found)
    if failed:
        return PageStatus(State.CHANGED, date, version, failed, None, verified, differs)
    if not all(o.complete for o in found):
        return _not_verified(Unverified.NOT_RUN)
    first = found[0]
    state = State.VERIFIED if any(o.passed for o in found) else State.RAN
    return PageStatus(
        state, date, version, first.passed, None, verified, not_compared=first.not_compared
    )


__all__ = ["PageStatus", "State", "Unverified", "page_status", "release_of"]
