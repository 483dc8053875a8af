"""The verification report the site reads, loaded and checked before any value is used.

The report is untrusted input: the Kubernetes version is whatever the
cluster's /version answered, and nightly builds merge artifacts of other
jobs. Its values end up in the page's HTML, so :func:`load_report` refuses a
report whose values are not what they claim to be (a version that is not a
Kubernetes version, a finish time that is not ISO 8601, a version of the
schema the runner does not know, a shape no writer produces) with a
ReportError naming the file. status.py reads the report's values only
through the same checks, since it may be handed a report nobody loaded.

No MkDocs here, and no file system beyond :func:`load_report`. The runner
never imports this module; the site only reads the runner's JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import ReportError
from ..report.schema import VERSION, validate

KUBERNETES_VERSION = re.compile(
    r"v\d{1,4}\.\d{1,4}\.\d{1,6}(?:[-+][0-9A-Za-z][0-9A-Za-z.+-]{0,63})?"
)
"""A Kubernetes git version: ``v1.33.13``, ``v1.29.0-eks-5e0fdde``, ``v1.30.2+k3s1``."""


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
