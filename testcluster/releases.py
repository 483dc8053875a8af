"""The Kubernetes releases testcluster can build and run: one row per minor.

Why one table: the version to build, the etcd to build with it, the Go it
needs, what the node must offer (containerd, cgroup v1), how long upstream
supports it and what differs per release all change together when a release
moves, so they live in one row and every module reads the row `settings`
selected. `python -m testcluster versions --check` compares the table with
what the Go module proxy serves, today's date and this host;
`--write-table` rewrites the block below for new patches (the nightly bump
pull request is that diff).

Where the facts come from (read in each release's source, the
`k8s.io/kubernetes` module): `etcd_upstream` is the etcd entry of
build/dependencies.yaml (also hack/lib/etcd.sh and kubeadm's
DefaultEtcdVersion); `go` is the `go` directive of its go.mod;
`released` is the proxy's time of the x.y.0 tag; `end_of_life` is the
date kubernetes.io publishes (1.33-1.35), or for later releases derived
the way upstream sets them: the 28th of the month 14 months after the
release (`release_check.derive_end_of_life`).

Only this file's standard-library imports are allowed: `settings` imports
it before any virtualenv exists.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

#: The environment variable that selects a release (a minor such as `1.36`).
ENV_VAR = "TESTCLUSTER_KUBERNETES"
#: Evaluate support as of this ISO date instead of today (tests, "what if").
TODAY_ENV_VAR = "TESTCLUSTER_TODAY"


class ReleaseError(ValueError):
    """An unknown or unsupported release was asked for; the message lists the choices."""


@dataclass(frozen=True)
class Release:
    """One Kubernetes minor as testcluster builds and runs it."""

    #: "1.37"
    minor: str
    #: The patch built: the newest the Go module proxy serves for this minor.
    kubernetes: str
    #: The etcd built and run with it (with `kubernetes`, the cache key).
    etcd: str
    #: The etcd this release is tested with upstream (build/dependencies.yaml).
    etcd_upstream: str
    #: Minimum Go: the `go` directive of k8s.io/kubernetes' go.mod.
    go: str
    #: Minimum containerd of the node.
    containerd: str
    #: Whether the kubelet can run on a cgroup v1 host (with failCgroupV1: false).
    cgroup_v1: bool
    #: When x.y.0 was tagged.
    released: date
    #: The last day of upstream support.
    end_of_life: date
    #: Export KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false so `kubectl exec` uses SPDY:
    #: client-go before 1.34 reads the WebSocket before registering its streams.
    exec_over_spdy: bool
    #: Extra command-line flags for this release only: (component, flag) pairs.
    extra_args: tuple[tuple[str, str], ...] = ()
    #: What else a reader of the table should know about this row.
    note: str = ""

    def args_for(self, component: str) -> list[str]:
        """This release's extra flags for one component."""
        return [flag for name, flag in self.extra_args if name == component]

    def same_build(self, other: Release) -> bool:
        """Do the two run the same binaries (the cache key is the version pair)?"""
        return (self.kubernetes, self.etcd) == (other.kubernetes, other.etcd)


@dataclass(frozen=True)
class HostRule:
    """A node requirement that starts with a minor the table may not list yet."""

    #: First minor it applies to.
    since: str
    #: Minimum containerd from that minor on ("" if unchanged).
    containerd: str = ""
    #: False if that minor's kubelet cannot run on cgroup v1 at all.
    cgroup_v1: bool = True
    reason: str = ""


@dataclass(frozen=True)
class Table:
    """The rows, the day they were last reviewed, and the known future requirements."""

    releases: tuple[Release, ...]
    #: The day the table was last checked against the proxy and the calendar:
    #: releases whose support ended after it are news for `versions --check`.
    reviewed: date
    rules: tuple[HostRule, ...] = ()


# The block between BEGIN and END is written by release_check.render_block;
# `python -m testcluster versions --check --write-table` rewrites it.
# BEGIN RELEASES
REVIEWED = date(2026, 12, 6)
RELEASES: tuple[Release, ...] = (
    Release(
        minor="1.37",
        kubernetes="v1.37.2",
        etcd="v3.7.0",
        etcd_upstream="v3.7.0",
        go="1.26.0",
        containerd="1.6",
        cgroup_v1=True,
        released=date(2026, 8, 26),
        end_of_life=date(2027, 10, 28),
        exec_over_spdy=False,
    ),
    Release(
        minor="1.36",
        kubernetes="v1.36.3",
        etcd="v3.6.8",
        etcd_upstream="v3.6.8",
        go="1.26.0",
        containerd="1.6",
        cgroup_v1=True,
        released=date(2026, 4, 22),
        end_of_life=date(2027, 6, 28),
        exec_over_spdy=False,
    ),
    Release(
        minor="1.35",
        kubernetes="v1.35.4",
        etcd="v3.6.6",
        etcd_upstream="v3.6.6",
        go="1.25.0",
        containerd="1.6",
        cgroup_v1=True,
        released=date(2025, 12, 17),
        end_of_life=date(2027, 2, 28),
        exec_over_spdy=False,
        note="from 1.35 the kubelet refuses cgroup v1 unless failCgroupV1 is false (we set it)",
    ),
    Release(
        minor="1.34",
        kubernetes="v1.34.4",
        etcd="v3.6.5",
        etcd_upstream="v3.6.5",
        go="1.24.0",
        containerd="1.6",
        cgroup_v1=True,
        released=date(2025, 8, 27),
        end_of_life=date(2026, 10, 27),
        exec_over_spdy=False,
    ),
    Release(
        minor="1.33",
        kubernetes="v1.33.13",
        etcd="v3.5.35",
        etcd_upstream="v3.5.24",
        go="1.24.0",
        containerd="1.6",
        cgroup_v1=True,
        released=date(2025, 4, 23),
        end_of_life=date(2026, 6, 28),
        exec_over_spdy=True,
        note="the release testcluster was measured on (README); exec over WebSocket races",
    ),
)
# END RELEASES

#: Requirements announced by the newest releases for the ones after them.
HOST_RULES: tuple[HostRule, ...] = (
    HostRule(
        since="1.38",
        containerd="2.0",
        reason=(
            "the kubelet drops its fallback for runtimes without the CRI RuntimeConfig call "
            "(containerd < 2.0): 1.37's kubelet counts that fallback as losing support in "
            "1.38.0, and its changelog defers the removal 'from 1.37 to 1.38'"
        ),
    ),
)

TABLE = Table(RELEASES, REVIEWED, HOST_RULES)


def version_key(version: str) -> tuple[int, ...]:
    """'v1.37.2' -> (1, 37, 2); '1.6.20~ds1' -> (1, 6, 20); '1.6' -> (1, 6)."""
    match = re.match(r"v?([0-9]+(?:\.[0-9]+)*)", version.strip())
    if match is None:
        raise ValueError(f"not a version: {version!r}")
    return tuple(int(part) for part in match.group(1).split("."))


def at_least(version: str, minimum: str) -> bool:
    """Is version >= minimum, comparing only as many parts as minimum has?"""
    have, need = version_key(version), version_key(minimum)
    return have[: len(need)] + (0,) * max(0, len(need) - len(have)) >= need


def minor_of(version: str) -> str:
    """'v1.37.2' -> '1.37'."""
    major, minor = version_key(version)[:2]
    return f"{major}.{minor}"


def find(minor: str, table: Table = TABLE) -> Release | None:
    """The row of one minor, if the table lists it."""
    return next((r for r in table.releases if r.minor == minor), None)


def is_supported(release: Release, today: date) -> bool:
    """Upstream supports a release through its end-of-life day."""
    return today <= release.end_of_life


def supported(today: date, table: Table = TABLE) -> list[Release]:
    """Supported rows, newest minor first."""
    rows = [r for r in table.releases if is_supported(r, today)]
    return sorted(rows, key=lambda r: version_key(r.minor), reverse=True)


def newest(table: Table = TABLE) -> Release:
    """The row of the newest minor."""
    return max(table.releases, key=lambda r: version_key(r.minor))


def default_release(today: date, table: Table = TABLE) -> Release:
    """The newest supported release; if the table is so stale that none is, its newest row."""
    rows = supported(today, table)
    return rows[0] if rows else newest(table)


def describe_supported(today: date, table: Table = TABLE) -> str:
    """'1.37 (v1.37.2, the default), 1.36 (v1.36.3), ...' for error messages."""
    rows = supported(today, table)
    if not rows:
        return f"none on {today.isoformat()} (the table needs new releases)"
    default = rows[0]
    return ", ".join(
        f"{r.minor} ({r.kubernetes}{', the default' if r is default else ''})" for r in rows
    )


def support_warning(kubernetes_version: str, today: date, table: Table = TABLE) -> str:
    """Why a cluster of ``kubernetes_version`` is not one readers run, or "" when it is.

    A release older than every supported one, or one whose support has ended, is
    out of support; one newer than the table's newest is taken as current.
    """
    match = re.match(r"v?([0-9]+)\.([0-9]+)", kubernetes_version)
    if not match:
        return ""
    minor = f"{match[1]}.{match[2]}"
    rows = supported(today, table)
    if not rows or version_key(minor) > version_key(rows[0].minor):
        return ""
    row = find(minor, table)
    if row is not None and is_supported(row, today):
        return ""
    ended = f" since {row.end_of_life.isoformat()}" if row else ""
    listed = ", ".join(r.minor for r in reversed(rows))
    return (
        f"the cluster runs Kubernetes {kubernetes_version}, out of support{ended} "
        f"(supported: {listed}): readers run newer releases, whose output may differ"
    )


def matrix(today: date, table: Table = TABLE) -> str:
    """The supported releases as JSON for a CI matrix: each job builds one release.

    ``go`` is the toolchain the release's go.mod asks for (the build sets
    GOTOOLCHAIN=local, so the job must install it); ``default`` marks the release
    the pages publish (drift is taken from it alone).
    """
    newest = default_release(today, table)
    rows = [
        {"kubernetes": r.minor, "go": r.go, "default": r.minor == newest.minor}
        for r in supported(today, table)
    ]
    return json.dumps(rows, separators=(",", ":"))


def select(wanted: str, today: date, table: Table = TABLE) -> Release:
    """The row for a minor such as '1.36' (or 'v1.36'); refuse unknown or unsupported ones."""
    text = wanted.strip()
    if not re.fullmatch(r"v?[0-9]+\.[0-9]+", text):
        raise ReleaseError(
            f"{text!r} is not a Kubernetes minor such as 1.36 (a patch is not chosen: each "
            f"minor builds its newest); supported: {describe_supported(today, table)}"
        )
    minor = text.lstrip("v")
    row = find(minor, table)
    if row is None:
        raise ReleaseError(
            f"Kubernetes {minor} is not in testcluster's release table; "
            f"supported: {describe_supported(today, table)}"
        )
    if not is_supported(row, today):
        raise ReleaseError(
            f"Kubernetes {minor} is out of support (its end of life was "
            f"{row.end_of_life.isoformat()}); supported: {describe_supported(today, table)}"
        )
    return row


def initial(
    requested: str | None, running_minor: str | None, today: date, table: Table = TABLE
) -> Release:
    """The release a process works with when nothing else says.

    A requested minor (TESTCLUSTER_KUBERNETES) wins and must be supported;
    then the minor of the cluster that runs (its current row, so a patch
    bump reaches it at the next `up`); then the newest supported release.
    """
    if requested:
        return select(requested, today, table)
    if running_minor:
        row = find(running_minor, table)
        if row is not None and is_supported(row, today):
            return row
    return default_release(today, table)


def today() -> date:
    """Today, or the date in TESTCLUSTER_TODAY."""
    value = os.environ.get(TODAY_ENV_VAR, "").strip()
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ReleaseError(f"{TODAY_ENV_VAR}={value!r} is not an ISO date (YYYY-MM-DD)") from None


def to_record(release: Release) -> str:
    """The running cluster's release as JSON, so `down` still knows it after a table bump."""
    data = asdict(release)
    data["released"] = release.released.isoformat()
    data["end_of_life"] = release.end_of_life.isoformat()
    return json.dumps(data, indent=2) + "\n"


def from_record(text: str) -> Release:
    """Parse to_record's JSON (ValueError if it is not one)."""
    data: dict[str, Any] = json.loads(text)
    try:
        return Release(
            minor=str(data["minor"]),
            kubernetes=str(data["kubernetes"]),
            etcd=str(data["etcd"]),
            etcd_upstream=str(data.get("etcd_upstream", data["etcd"])),
            go=str(data.get("go", "")),
            containerd=str(data.get("containerd", "")),
            cgroup_v1=bool(data.get("cgroup_v1", True)),
            released=date.fromisoformat(str(data["released"])),
            end_of_life=date.fromisoformat(str(data["end_of_life"])),
            exec_over_spdy=bool(data["exec_over_spdy"]),
            extra_args=tuple((str(c), str(f)) for c, f in data.get("extra_args", [])),
            note=str(data.get("note", "")),
        )
    except (KeyError, TypeError) as err:
        raise ValueError(f"not a release record: {err}") from None


def for_build(kubernetes: str, etcd: str, table: Table = TABLE) -> Release:
    """A release for binaries found on disk: its minor's row (or the newest) with these versions."""
    minor = minor_of(kubernetes)
    row = find(minor, table) or newest(table)
    if row.kubernetes == kubernetes and row.etcd == etcd:
        return row
    return replace(row, minor=minor, kubernetes=kubernetes, etcd=etcd)
