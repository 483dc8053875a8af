"""What a page tells readers about its last verification.

Readers judge a published `describe` output by the Kubernetes version it came
from, and they must never be told "verified" about commands that were edited
after the run. So the status is computed from two things only: the JSON
report `verify --json` wrote (schema ``snippets-runner/verify``) and the page
as the extractor sees it now, compared by :func:`page_fingerprint`.

The report is untrusted input: the Kubernetes version is whatever the
cluster's /version answered, and nightly builds merge artifacts of other
jobs. Its values end up in the page's HTML, so :func:`load_report` refuses a
report whose values are not what they claim to be (a version that is not a
Kubernetes version, a finish time that is not ISO 8601, a version of the
schema the runner does not know, a shape no writer produces) with a
ReportError naming the file, and :func:`page_status` never trusts a value it
did not check either. The partial escapes everything besides.

Pure on purpose: no MkDocs, no file system beyond :func:`load_report` (and
the lab manifests the fingerprint hashes). The runner never imports this
module; the site only reads the runner's JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..errors import ReportError
from ..model import Page
from ..report.fingerprint import page_fingerprint
from ..report.schema import VERSION, validate

KUBERNETES_VERSION = re.compile(
    r"v\d{1,4}\.\d{1,4}\.\d{1,6}(?:[-+][0-9A-Za-z][0-9A-Za-z.+-]{0,63})?"
)
"""A Kubernetes git version: ``v1.33.13``, ``v1.29.0-eks-5e0fdde``, ``v1.30.2+k3s1``."""


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


def load_report(path: Path) -> Mapping[str, Any] | None:
    """The report as JSON, or None when there is none yet (a site built before any run).

    A report that exists but cannot be used is an error, not "not verified":
    the build should say which file is broken instead of quietly hiding the
    status of every page.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ReportError(f"cannot read verification report {path}: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")  # a BOM is harmless (PowerShell writes one)
    except UnicodeDecodeError as exc:
        raise ReportError(
            f"{path}: verification report is not UTF-8 text (byte {data[exc.start]:#04x} "
            f"at offset {exc.start}); write it as UTF-8"
        ) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportError(
            f"{path}:{exc.lineno}: verification report is not JSON: {exc.msg}"
        ) from None
    except (ValueError, RecursionError) as exc:  # an integer of 5,000 digits, [[[[...
        raise ReportError(f"{path}: verification report is not usable JSON: {exc}") from None
    report = validate(document, path)
    try:
        _check(report)
    except ReportError as exc:
        raise ReportError(f"{path}: {exc}") from None
    return report


# --- the checks: each raises ReportError saying what is wrong, without the path --------


def _check(report: Mapping[str, Any]) -> None:
    """Everything page_status reads, checked once: the run's facts and every page entry."""
    if report.get("version") != VERSION:  # 1: the runner still reads it; the site cannot
        raise ReportError(
            f"report version {report.get('version')} records no content hashes: "
            "verify again to show each page's status"
        )
    _run_facts(report)
    for entry in report["pages"]:
        _page_entry(entry)


def _run_facts(report: Mapping[str, Any]) -> tuple[str, str]:
    """(UTC date, Kubernetes version or "") of the run."""
    run = report.get("run")
    if not isinstance(run, dict):
        raise ReportError("report has no run (when, on which cluster)")
    return _date(run.get("finished")), _kubernetes_version(run)


def _date(finished: Any) -> str:
    """The UTC date of an ISO 8601 time; refused rather than cut to ten characters."""
    if not isinstance(finished, str):
        raise ReportError(f"run finish time {finished!r:.80} is not an ISO 8601 time")
    try:
        moment = datetime.fromisoformat(finished)
    except ValueError:
        raise ReportError(f"run finish time {finished!r:.80} is not an ISO 8601 time") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.date().isoformat()


def _version(cluster: Any) -> str:
    """The cluster's Kubernetes version, "" when unknown; anything else is refused."""
    if cluster is None:
        return ""
    if not isinstance(cluster, dict):
        raise ReportError(f"cluster {cluster!r:.80} is not a mapping")
    version = cluster.get("kubernetes_version")
    if version is None or version == "":
        return ""
    if not isinstance(version, str) or not KUBERNETES_VERSION.fullmatch(version):
        raise ReportError(f"{version!r:.80} is not a Kubernetes version (like v1.33.13)")
    return version


def _kubernetes_version(run: Mapping[str, Any]) -> str:
    """The cluster's version; "" when no page needed a cluster or merged shards disagree.

    A merged report's own ``cluster`` joins disagreeing versions with commas
    (report merge), so the shards it lists decide instead.
    """
    shards = run.get("shards")
    if shards is None:
        return _version(run.get("cluster"))
    if not isinstance(shards, list) or not all(isinstance(s, dict) for s in shards):
        raise ReportError("run shards are not a list of mappings")
    versions = {_version(shard.get("cluster")) for shard in shards}
    versions.discard("")
    return versions.pop() if len(versions) == 1 else ""


def _page_entry(entry: Any) -> Mapping[str, Any]:
    """A page of the report, with the keys page_status reads of the types it needs."""
    if not isinstance(entry, dict):
        raise ReportError(f"page entry {entry!r:.60} is not a mapping")
    for key in ("lesson", "locale", "content_hash"):
        if not isinstance(entry.get(key), str):
            raise ReportError(f"page {entry.get('file')!r:.80}: {key} is not a string")
    commands = entry.get("commands")
    if not isinstance(commands, list) or not all(
        isinstance(c, dict) and isinstance(c.get("result"), str) for c in commands
    ):
        raise ReportError(f"page {entry.get('file')!r:.80}: commands are not a list of results")
    return entry


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
