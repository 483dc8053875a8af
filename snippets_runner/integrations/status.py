"""What a page tells readers about its last verification.

Readers judge a published `describe` output by the Kubernetes version it came
from, and they must never be told "verified" about commands that were edited
after the run. So the status is computed from two things only: the JSON
report `verify --json` wrote (schema ``snippets-runner/verify``) and the page
as the extractor sees it now, compared by :func:`page_fingerprint`.

Pure on purpose: no MkDocs, no file system beyond :func:`load_report`. The
runner never imports this module; the site only reads the runner's JSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..errors import ReportError
from ..model import Page
from ..report.fingerprint import page_fingerprint

SCHEMA = "snippets-runner/verify"
MIN_VERSION = 2
"""Version 1 reports carry neither the run's cluster nor page hashes: they vouch for nothing."""


class State(StrEnum):
    VERIFIED = "verified"
    CHANGED = "changed"
    """The last run found output that differs from the page."""
    NOT_VERIFIED = "not-verified"


@dataclass(frozen=True)
class PageStatus:
    """One page's status; `reason` says why it is not verified (for writers and tests)."""

    state: State
    date: str = ""
    """ISO date (YYYY-MM-DD, UTC) the run finished."""
    kubernetes_version: str = ""
    """Empty when the run needed no cluster (plain-shell pages) or shards ran on several."""
    commands: int = 0
    """Verified: commands that passed. Changed: commands whose output or status differed."""
    reason: str = ""

    def as_context(self, locale: str) -> dict[str, Any]:
        """Plain values for the Jinja partial, which owns the wording in each language."""
        return {
            "state": self.state.value,
            "date": self.date,
            "kubernetes_version": self.kubernetes_version,
            "commands": self.commands,
            "reason": self.reason,
            "locale": locale,
        }


def _not_verified(reason: str) -> PageStatus:
    return PageStatus(State.NOT_VERIFIED, reason=reason)


def load_report(path: Path) -> Mapping[str, Any] | None:
    """The report as JSON, or None when there is none yet (a site built before any run).

    A report that exists but cannot be read is an error, not "not verified":
    the build should say which file is broken instead of quietly hiding the
    status of every page.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ReportError(f"cannot read verification report {path}: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportError(
            f"{path}:{exc.lineno}: verification report is not JSON: {exc.msg}"
        ) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ReportError(f"{path}: not a {SCHEMA} report")
    return data


def _kubernetes_version(run: Mapping[str, Any]) -> str:
    """The cluster's version; "" when no page needed a cluster or merged shards disagree."""
    clusters = [run.get("cluster")]
    if run.get("cluster") is None and isinstance(run.get("shards"), list):
        clusters = [shard.get("cluster") for shard in run["shards"] if isinstance(shard, dict)]
    versions = {c.get("kubernetes_version") for c in clusters if isinstance(c, dict)}
    versions.discard(None)
    return str(versions.pop()) if len(versions) == 1 else ""


def _run_facts(report: Mapping[str, Any]) -> tuple[str, str] | None:
    """(date, kubernetes version or "") of the run, or None if the report lacks a date."""
    run = report.get("run")
    if not isinstance(run, dict):
        return None
    finished = run.get("finished")
    if not isinstance(finished, str) or len(finished) < 10:
        return None
    return finished[:10], _kubernetes_version(run)


def _entry(report: Mapping[str, Any], page: Page) -> Mapping[str, Any] | None:
    for entry in report.get("pages") or ():
        if (
            isinstance(entry, dict)
            and entry.get("lesson") == page.lesson
            and entry.get("locale") == page.locale
        ):
            return entry
    return None


def page_status(report: Mapping[str, Any] | None, page: Page) -> PageStatus | None:
    """The status to show on `page`, or None for a page without commands to verify."""
    if not any(not block.options.skip for block in page.blocks):
        return None
    if report is None:
        return _not_verified("no verification report")
    version = report.get("version")
    if not isinstance(version, int) or version < MIN_VERSION:
        return _not_verified(f"report version {version} records no content hashes")
    facts = _run_facts(report)
    if facts is None:
        return _not_verified("report does not say when it ran")
    entry = _entry(report, page)
    if entry is None:
        return _not_verified("page is not in the report")
    if entry.get("content_hash") != page_fingerprint(page):
        return _not_verified("page's console blocks changed since the report")
    results = [c.get("result") for c in entry.get("commands") or () if isinstance(c, dict)]
    failed = results.count("failed")
    date, kubernetes = facts
    if failed:
        return PageStatus(State.CHANGED, date, kubernetes, failed)
    if "not-run" in results:
        return _not_verified("some commands did not run at the last verification")
    passed = results.count("passed")
    if not passed:
        return _not_verified("no command ran at the last verification")
    return PageStatus(State.VERIFIED, date, kubernetes, passed)
