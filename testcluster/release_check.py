"""Is the release table current? Pure functions of the table, the served versions, today, the host.

Why pure: the answer depends on the Go module proxy, the calendar and the
machine, none of which a test may depend on. `versions.py` gathers those
inputs; everything that decides (what is new, what fell out of support,
what this host cannot run, how the table is rewritten) is here and runs
offline on fixed inputs.

What counts as "should change" (exit status 1 of `versions --check`): a newer
patch of a supported minor, a new minor, a release whose support ended since
the table was last reviewed, a row that disagrees with its release's own
source, and a supported release this host cannot run. `bump` rewrites the
table for all of these but the new minor (adding one takes a person: the
node requirements and the default change with it) and the host.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import MISSING, dataclass, fields, replace
from datetime import date

from .releases import (
    Release,
    Table,
    at_least,
    default_release,
    find,
    is_supported,
    newest,
    version_key,
)

LINE_LENGTH = 100
_GA = re.compile(r"v([0-9]+)\.([0-9]+)\.([0-9]+)")
_PRE = re.compile(r"v([0-9]+)\.([0-9]+)\.([0-9]+)-[0-9A-Za-z.-]+")


@dataclass(frozen=True)
class HostFacts:
    """What the machine offers: Go, containerd, the cgroup hierarchy."""

    #: "1.26.8", or None without a Go toolchain.
    go: str | None
    #: "1.6.20", or None if unknown.
    containerd: str | None
    #: False when containerd is not installed and the version is the one apt would install.
    containerd_installed: bool
    #: 1 or 2.
    cgroup: int

    def describe(self) -> str:
        containerd = self.containerd or "unknown"
        if self.containerd and not self.containerd_installed:
            containerd += " (not installed; the version apt would install)"
        return f"Go {self.go or 'missing'}, containerd {containerd}, cgroup v{self.cgroup}"


@dataclass(frozen=True)
class UpstreamFacts:
    """What one k8s.io/kubernetes version's own source says."""

    #: build/dependencies.yaml's etcd, "v3.7.0".
    etcd: str
    #: go.mod's go directive, "1.26.0".
    go: str
    #: When the tag was made (the proxy's .info), if known.
    released: date | None = None


@dataclass(frozen=True)
class Needs:
    """What a minor asks of the node, and why (for the messages)."""

    go: str
    containerd: str
    cgroup_v1: bool
    containerd_reason: str = ""
    cgroup_reason: str = ""


@dataclass(frozen=True)
class Finding:
    """One line of `versions --check`."""

    #: new-patch, new-minor, out-of-support, source, host, etcd, not-served, upcoming
    kind: str
    minor: str
    message: str
    #: True: something should change (exit status 1).
    actionable: bool


def newest_patches(served: Iterable[str]) -> dict[str, str]:
    """Minor -> newest released (not pre-release) version among the served ones."""
    best: dict[str, str] = {}
    for version in served:
        if _GA.fullmatch(version) is None:
            continue
        minor = ".".join(version[1:].split(".")[:2])
        if minor not in best or version_key(version) > version_key(best[minor]):
            best[minor] = version
    return best


def newest_prereleases(served: Iterable[str]) -> dict[str, str]:
    """Minor -> newest pre-release version (alpha, beta, rc) among the served ones."""
    best: dict[str, str] = {}
    for version in sorted(served):
        if _PRE.fullmatch(version) is not None:
            best[".".join(version[1:].split(".")[:2])] = version
    return best


def parse_upstream(dependencies_yaml: str, go_mod: str, info_json: str = "") -> UpstreamFacts:
    """UpstreamFacts from a release's build/dependencies.yaml, go.mod and the proxy's .info."""
    etcd = re.search(r'-\s*name:\s*"?etcd"?\s*\n\s*version:\s*"?v?([0-9.]+)', dependencies_yaml)
    go = re.search(r"^go\s+([0-9]+\.[0-9]+(?:\.[0-9]+)?)\s*$", go_mod, re.M)
    if etcd is None or go is None:
        raise ValueError("no etcd in build/dependencies.yaml or no go directive in go.mod")
    released = None
    if info_json:
        stamp = str(json.loads(info_json).get("Time", ""))
        released = date.fromisoformat(stamp[:10]) if stamp else None
    return UpstreamFacts(etcd=f"v{etcd.group(1)}", go=go.group(1), released=released)


def parse_containerd_version(text: str) -> str | None:
    """'containerd github.com/containerd/containerd 1.6.20~ds1 ...' -> '1.6.20'."""
    match = re.search(r"\sv?([0-9]+\.[0-9]+\.[0-9]+)", text)
    return match.group(1) if match else None


def parse_apt_candidate(text: str) -> str | None:
    """`apt-cache policy containerd` -> the candidate's upstream version, '1.6.20'."""
    match = re.search(r"Candidate:\s*(?:[0-9]+:)?([0-9]+\.[0-9]+\.[0-9]+)", text)
    return match.group(1) if match else None


def versions_to_describe(table: Table, served: Iterable[str], today: date) -> list[str]:
    """Versions whose source `check` and `bump` need: new patches of supported minors and
    the newest of each new minor."""
    ga = newest_patches(served)
    wanted = []
    newest_listed = version_key(newest(table).minor)
    for minor, version in sorted(ga.items(), key=lambda kv: version_key(kv[0])):
        row = find(minor, table)
        if row is None:
            if version_key(minor) > newest_listed:
                wanted.append(version)
        elif is_supported(row, today) and version_key(version) > version_key(row.kubernetes):
            wanted.append(version)
    return wanted


def derive_end_of_life(released: date) -> date:
    """Upstream's pattern: the 28th of the month 14 months after the x.y.0 release."""
    months = released.year * 12 + released.month - 1 + 14
    return date(months // 12, months % 12 + 1, 28)


def needs(minor: str, table: Table, go: str | None = None) -> Needs:
    """The node requirements of a minor: its row, or for an unlisted one the newest row's
    requirements (and `go` from its source), raised by the table's host rules."""
    row = find(minor, table)
    base = row or newest(table)
    result = Needs(
        go=row.go if row else (go or base.go),
        containerd=base.containerd,
        cgroup_v1=base.cgroup_v1,
    )
    for rule in table.rules:
        if version_key(minor) < version_key(rule.since):
            continue
        if rule.containerd and not at_least(result.containerd, rule.containerd):
            result = replace(result, containerd=rule.containerd, containerd_reason=rule.reason)
        if not rule.cgroup_v1 and result.cgroup_v1:
            result = replace(result, cgroup_v1=False, cgroup_reason=rule.reason)
    return result


def host_problems(minor: str, need: Needs, host: HostFacts) -> list[str]:
    """Why this host cannot build or run a minor (empty: it can)."""
    problems = []
    if host.go is None:
        problems.append(f"no Go toolchain (Kubernetes {minor} needs Go {need.go} or newer)")
    elif not at_least(host.go, need.go):
        problems.append(f"Go {host.go} is older than the {need.go} Kubernetes {minor} needs")
    if host.containerd is not None and not at_least(host.containerd, need.containerd):
        which = "" if host.containerd_installed else " (what apt would install)"
        why = f": {need.containerd_reason}" if need.containerd_reason else ""
        problems.append(f"containerd {host.containerd}{which} is older than {need.containerd}{why}")
    if host.cgroup == 1 and not need.cgroup_v1:
        why = f": {need.cgroup_reason}" if need.cgroup_reason else ""
        problems.append(f"this host has cgroup v1, which the kubelet of {minor} refuses{why}")
    return problems


def _facts_text(facts: UpstreamFacts | None) -> str:
    return f" (upstream etcd {facts.etcd}, Go {facts.go})" if facts else ""


def check(
    table: Table,
    served: Iterable[str],
    today: date,
    host: HostFacts,
    facts: Mapping[str, UpstreamFacts] | None = None,
) -> list[Finding]:
    """Compare the table with the served versions, the support window and this host.

    `facts` maps versions to what their source says; rows whose version is
    in it are checked against it, and new patches and minors are described
    with it.
    """
    facts = facts or {}
    served = list(served)
    ga = newest_patches(served)
    pre = newest_prereleases(served)
    found: list[Finding] = []
    for row in sorted(table.releases, key=lambda r: version_key(r.minor), reverse=True):
        if not is_supported(row, today):
            ended = row.end_of_life.isoformat()
            if row.end_of_life >= table.reviewed:
                message = (
                    f"support ended on {ended}, after the table was last reviewed "
                    f"({table.reviewed.isoformat()}): it can no longer be selected"
                )
                found.append(Finding("out-of-support", row.minor, message, True))
            else:
                found.append(
                    Finding("out-of-support", row.minor, f"out of support since {ended}", False)
                )
            continue
        latest = ga.get(row.minor)
        if latest is not None and version_key(latest) > version_key(row.kubernetes):
            message = f"{latest} is served; the table builds {row.kubernetes}"
            message += _facts_text(facts.get(latest))
            found.append(Finding("new-patch", row.minor, message, True))
        elif row.kubernetes not in served:
            message = f"{row.kubernetes} is not in the proxy's version list"
            found.append(Finding("not-served", row.minor, message, False))
        source = facts.get(row.kubernetes)
        if source is not None and (source.etcd, source.go) != (row.etcd_upstream, row.go):
            message = (
                f"the table says etcd {row.etcd_upstream} and Go {row.go}; the source of "
                f"{row.kubernetes} says etcd {source.etcd} and Go {source.go}"
            )
            found.append(Finding("source", row.minor, message, True))
        if row.etcd != row.etcd_upstream:
            message = f"runs etcd {row.etcd}; upstream tests {row.minor} with {row.etcd_upstream}"
            found.append(Finding("etcd", row.minor, message, False))
        problems = host_problems(row.minor, needs(row.minor, table), host)
        if problems:
            message = "this host cannot run it: " + "; ".join(problems)
            found.append(Finding("host", row.minor, message, True))
    newest_listed = version_key(newest(table).minor)
    for minor, version in sorted(ga.items(), key=lambda kv: version_key(kv[0])):
        if find(minor, table) is not None or version_key(minor) <= newest_listed:
            continue
        source = facts.get(version)
        message = f"{version} is served and the table has no {minor}"
        if source is not None and source.released is not None:
            end = derive_end_of_life(source.released)
            message += f" (released {source.released.isoformat()}, end of life about {end})"
        found.append(Finding("new-minor", minor, message + _facts_text(source), True))
        problems = host_problems(minor, needs(minor, table, source.go if source else None), host)
        if problems:
            message = "this host cannot run it: " + "; ".join(problems)
            found.append(Finding("host", minor, message, False))
    for minor, version in sorted(pre.items(), key=lambda kv: version_key(kv[0])):
        if minor in ga or find(minor, table) is not None or version_key(minor) <= newest_listed:
            continue
        source = facts.get(version)
        problems = host_problems(minor, needs(minor, table, source.go if source else None), host)
        message = f"{version} is a pre-release"
        if problems:
            message += "; this host will not run it: " + "; ".join(problems)
        found.append(Finding("upcoming", minor, message, False))
    return found


def bump(
    table: Table, served: Iterable[str], today: date, facts: Mapping[str, UpstreamFacts]
) -> Table:
    """The table with each supported minor at its newest served patch, rows matching their
    source, and the review date moved to today if anything changed (or support ended).

    A row that runs its upstream etcd follows upstream's etcd; a row that
    deliberately runs another one keeps it. A new patch without facts is an
    error: its etcd and Go cannot be guessed.
    """
    ga = newest_patches(served)
    rows: list[Release] = []
    changed = False
    for row in table.releases:
        new = row
        latest = ga.get(row.minor)
        if is_supported(row, today):
            if latest is not None and version_key(latest) > version_key(row.kubernetes):
                new = replace(new, kubernetes=latest)
            source = facts.get(new.kubernetes)
            if source is None and new is not row:
                raise ValueError(f"no upstream facts for {latest}: its etcd and Go are unknown")
            if source is not None:
                follows = row.etcd == row.etcd_upstream
                new = replace(
                    new,
                    etcd_upstream=source.etcd,
                    etcd=source.etcd if follows else row.etcd,
                    go=source.go,
                )
        changed |= new != row
        rows.append(new)
    ended = any(
        not is_supported(r, today) and r.end_of_life >= table.reviewed for r in table.releases
    )
    if not changed and not ended:
        return table
    return replace(table, releases=tuple(rows), reviewed=today)


# Rendering: the Python block of releases.py and the README's Markdown table.


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, date):
        return f"date({value.year}, {value.month}, {value.day})"
    if isinstance(value, tuple):
        items = [_literal(v) for v in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    raise TypeError(f"cannot render {value!r}")


def _field_lines(name: str, value: object) -> list[str]:
    indent = " " * 8
    line = f"{indent}{name}={_literal(value)},"
    if len(line) <= LINE_LENGTH:
        return [line]
    inner = " " * 12
    if isinstance(value, str):
        width = LINE_LENGTH - len(inner) - 2
        parts = textwrap.wrap(value, width, drop_whitespace=False) or [value]
        body = [f"{inner}{_literal(p)}" for p in parts]
    elif isinstance(value, tuple):
        body = [f"{inner}{_literal(v)}," for v in value]
    else:
        raise ValueError(f"{name}={value!r} does not fit on a line")
    return [f"{indent}{name}=(", *body, f"{indent}),"]


def render_block(table: Table) -> str:
    """The table as the Python source between releases.py's BEGIN and END markers."""
    lines = [f"REVIEWED = {_literal(table.reviewed)}", "RELEASES: tuple[Release, ...] = ("]
    for row in table.releases:
        lines.append("    Release(")
        for spec in fields(Release):
            value = getattr(row, spec.name)
            if spec.default is not MISSING and value == spec.default:
                continue
            lines += _field_lines(spec.name, value)
        lines.append("    ),")
    lines.append(")")
    return "\n".join(lines) + "\n"


def _replace_between(text: str, begin: str, end: str, block: str) -> str:
    start, stop = text.find(begin), text.find(end)
    if start < 0 or stop < start:
        raise ValueError(f"markers {begin.strip()!r} ... {end.strip()!r} not found")
    return text[: start + len(begin)] + block + text[stop:]


PY_BEGIN, PY_END = "# BEGIN RELEASES\n", "# END RELEASES"
MD_BEGIN, MD_END = "<!-- BEGIN RELEASES -->\n", "<!-- END RELEASES -->"


def rewrite_source(text: str, table: Table) -> str:
    """releases.py's text with the block between its markers rendered from `table`."""
    return _replace_between(text, PY_BEGIN, PY_END, render_block(table))


def markdown_table(table: Table) -> str:
    """The README's release table (no date-dependent column, so it changes with the table)."""
    lines = [
        "| minor | builds | etcd | Go | containerd | cgroup v1 | released | end of life | "
        "`kubectl exec` |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    notes = []
    for r in sorted(table.releases, key=lambda r: version_key(r.minor), reverse=True):
        etcd = r.etcd if r.etcd == r.etcd_upstream else f"{r.etcd} (upstream: {r.etcd_upstream})"
        cgroup = "yes" if r.cgroup_v1 else "no"
        transport = "SPDY" if r.exec_over_spdy else "WebSocket"
        lines.append(
            f"| {r.minor} | {r.kubernetes} | {etcd} | ≥ {r.go} | ≥ {r.containerd} | {cgroup} | "
            f"{r.released.isoformat()} | {r.end_of_life.isoformat()} | {transport} |"
        )
        if r.note:
            notes.append(f"* {r.minor}: {r.note}")
    rule_notes = [
        f"* from {rule.since}: containerd ≥ {rule.containerd}: {rule.reason}"
        for rule in table.rules
        if rule.containerd
    ]
    tail = ["", *notes, *rule_notes] if notes or rule_notes else []
    reviewed = [f"Table reviewed on {table.reviewed.isoformat()}."]
    return "\n".join([*lines, *tail, "", *reviewed]) + "\n"


def rewrite_readme(text: str, table: Table) -> str:
    """The README's text with its release table rendered from `table`."""
    return _replace_between(text, MD_BEGIN, MD_END, markdown_table(table))


def format_table(table: Table, today: date) -> list[str]:
    """`python -m testcluster versions`: one line per row, with today's status."""
    default = default_release(today, table)
    head = ("minor", "builds", "etcd", "Go", "containerd", "cgroup v1", "end of life", "exec", "")
    rows = [head]
    for r in sorted(table.releases, key=lambda r: version_key(r.minor), reverse=True):
        if not is_supported(r, today):
            status = "out of support"
        else:
            status = "supported" + (", default" if r is default else "")
        etcd = r.etcd if r.etcd == r.etcd_upstream else f"{r.etcd} (upstream {r.etcd_upstream})"
        rows.append(
            (
                r.minor,
                r.kubernetes,
                etcd,
                f">={r.go}",
                f">={r.containerd}",
                "yes" if r.cgroup_v1 else "no",
                r.end_of_life.isoformat(),
                "SPDY" if r.exec_over_spdy else "WebSocket",
                status,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    return [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]


def format_findings(findings: list[Finding], host: HostFacts, today: date) -> list[str]:
    """`versions --check`: one line per finding, the ones that need a change marked."""
    lines = [f"on {today.isoformat()}; this host: {host.describe()}"]
    for f in findings:
        mark = "CHANGE" if f.actionable else "note"
        lines.append(f"{mark:<6}  {f.minor:<5} {f.kind:<14} {f.message}")
    if not any(f.actionable for f in findings):
        lines.append("the release table is current")
    return lines
