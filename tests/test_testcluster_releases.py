"""testcluster's release table and `versions --check`, offline and without the wall clock.

The check's inputs (served versions, today, the host, each release's
source) are passed in; the table under test is a fixed one built here, so
these tests do not change meaning when the real table is bumped. Tests of
the real table derive their expectations from its rows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import missing

from testcluster import release_check, releases, settings
from testcluster.release_check import HostFacts, UpstreamFacts
from testcluster.releases import HostRule, Release, ReleaseError, Table

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 12, 6)


def row(minor: str, patch: int, end_of_life: date, **changes: Any) -> Release:
    base = Release(
        minor=minor,
        kubernetes=f"v{minor}.{patch}",
        etcd="v3.6.8",
        etcd_upstream="v3.6.8",
        go="1.26.0",
        containerd="1.6",
        cgroup_v1=True,
        released=end_of_life - timedelta(days=430),
        end_of_life=end_of_life,
        exec_over_spdy=False,
    )
    return replace(base, **changes)


RULE = HostRule(since="1.38", containerd="2.0", reason="no RuntimeConfig fallback")
TABLE = Table(
    releases=(
        row("1.37", 2, date(2027, 10, 28), etcd="v3.6.16", etcd_upstream="v3.7.0"),
        row("1.36", 3, date(2027, 6, 28)),
        row("1.35", 4, date(2027, 2, 28), go="1.25.0", etcd="v3.6.6", etcd_upstream="v3.6.6"),
        row("1.34", 4, date(2026, 10, 27), go="1.24.0"),
        row("1.33", 13, date(2026, 6, 28), go="1.24.0", exec_over_spdy=True),
    ),
    reviewed=TODAY,
    rules=(RULE,),
)
SERVED = ["v1.33.6", "v1.33.13", "v1.34.4", "v1.35.4", "v1.36.1", "v1.36.3", "v1.37.2"]
HOST = HostFacts(go="1.26.8", containerd="1.6.20", containerd_installed=True, cgroup=1)


def kinds(findings: list[release_check.Finding]) -> list[tuple[str, str, bool]]:
    return [(f.kind, f.minor, f.actionable) for f in findings]


# Lookup and selection


def test_select_returns_the_row_of_a_supported_minor() -> None:
    assert releases.select("1.36", TODAY, TABLE).kubernetes == "v1.36.3"
    assert releases.select("v1.35", TODAY, TABLE).kubernetes == "v1.35.4"
    assert releases.find("1.37", TABLE) is TABLE.releases[0]
    assert releases.find("1.99", TABLE) is None


def test_select_refuses_an_unknown_minor_listing_the_supported_ones() -> None:
    with pytest.raises(ReleaseError) as err:
        releases.select("1.99", TODAY, TABLE)
    assert str(err.value) == (
        "Kubernetes 1.99 is not in testcluster's release table; supported: "
        "1.37 (v1.37.2, the default), 1.36 (v1.36.3), 1.35 (v1.35.4)"
    )


def test_select_refuses_an_unsupported_minor_with_its_end_of_life() -> None:
    with pytest.raises(
        ReleaseError, match=r"1\.33 is out of support .*2026-06-28.*supported: 1\.37"
    ):
        releases.select("1.33", TODAY, TABLE)


@pytest.mark.parametrize(
    "wanted", ["1.36.3", "latest", "", "1", "\uff11.\uff13\uff16", "1.\u0663\u0666"]
)
def test_select_refuses_what_is_not_a_minor(wanted: str) -> None:
    with pytest.raises(ReleaseError, match="not a Kubernetes minor"):
        releases.select(wanted, TODAY, TABLE)


def test_support_ends_after_the_end_of_life_day() -> None:
    eol = TABLE.releases[2].end_of_life
    assert releases.select("1.35", eol, TABLE).minor == "1.35"
    with pytest.raises(ReleaseError):
        releases.select("1.35", eol + timedelta(days=1), TABLE)


def test_default_is_the_newest_supported_release() -> None:
    assert releases.default_release(TODAY, TABLE).minor == "1.37"
    newest_gone = replace(TABLE, releases=TABLE.releases[1:])
    assert releases.default_release(TODAY, newest_gone).minor == "1.36"
    # A table so stale that nothing is supported still names a release (the check says why).
    stale = date(2027, 11, 1)
    assert releases.default_release(stale, TABLE).minor == "1.37"
    assert releases.describe_supported(stale, TABLE).startswith("none on 2027-11-01")


def test_initial_selection_order() -> None:
    # The environment variable wins and is validated.
    assert releases.initial("1.35", "1.36", TODAY, TABLE).minor == "1.35"
    with pytest.raises(ReleaseError):
        releases.initial("1.33", None, TODAY, TABLE)
    # Then the running cluster's minor (its current row), if still supported.
    assert releases.initial(None, "1.36", TODAY, TABLE).minor == "1.36"
    assert releases.initial(None, "1.33", TODAY, TABLE).minor == "1.37"
    assert releases.initial(None, "1.20", TODAY, TABLE).minor == "1.37"
    # Else the newest supported.
    assert releases.initial(None, None, TODAY, TABLE).minor == "1.37"
    assert releases.initial("", None, date(2027, 7, 1), TABLE).minor == "1.37"


def test_a_record_round_trips_and_names_binaries_not_in_the_table() -> None:
    release = replace(TABLE.releases[0], extra_args=(("kubelet", "--v=2"),), note="n")
    assert releases.from_record(releases.to_record(release)) == release
    with pytest.raises(ValueError):
        releases.from_record('{"minor": "1.37"}')
    old = releases.for_build("v1.37.1", "v3.6.16", TABLE)
    assert (old.minor, old.kubernetes, old.etcd) == ("1.37", "v1.37.1", "v3.6.16")
    assert releases.for_build("v1.36.3", "v3.6.8", TABLE) is TABLE.releases[1]
    assert old.same_build(replace(TABLE.releases[1], kubernetes="v1.37.1", etcd="v3.6.16"))
    assert not old.same_build(TABLE.releases[0])


def test_versions_compare_by_number() -> None:
    assert releases.version_key("v1.37.10") > releases.version_key("v1.37.9")
    assert releases.at_least("1.6.20", "1.6") and not releases.at_least("1.6.20", "2.0")
    assert releases.at_least("1.26", "1.26.0") and not releases.at_least("1.25.9", "1.26.0")
    assert releases.minor_of("v1.38.0-beta.0") == "1.38"


def test_release_specific_flags_reach_their_component() -> None:
    from testcluster import config
    from testcluster.components import components

    release = replace(TABLE.releases[0], extra_args=(("kubelet", "--v=4"), ("etcd", "--x")))
    assert release.args_for("kubelet") == ["--v=4"]
    before = settings.RELEASE
    settings.use(release)
    try:
        comps = {c.name: c for c in components(config.Layout(Path("/r")), Path("/b"), "10.0.0.1")}
    finally:
        settings.use(before)
    assert comps["kubelet"].argv[-1] == "--v=4" and comps["etcd"].argv[-1] == "--x"
    assert comps["kube-proxy"].argv[-1] == "--v=1"


def test_exec_transport_follows_the_release() -> None:
    from testcluster.lifecycle import WEBSOCKETS_VAR, kubectl_env

    assert kubectl_env(TABLE.releases[4]) == {WEBSOCKETS_VAR: "false"}
    assert kubectl_env(TABLE.releases[0]) == {}


# The check


def test_a_current_table_needs_no_change() -> None:
    findings = release_check.check(TABLE, SERVED, TODAY, HOST)
    assert kinds(findings) == [
        ("etcd", "1.37", False),
        ("out-of-support", "1.34", False),
        ("out-of-support", "1.33", False),
    ]
    assert findings[0].message == "runs etcd v3.6.16; upstream tests 1.37 with v3.7.0"
    assert findings[1].message == "out of support since 2026-10-27"
    lines = release_check.format_findings(findings, HOST, TODAY)
    assert lines[0] == "on 2026-12-06; this host: Go 1.26.8, containerd 1.6.20, cgroup v1"
    assert lines[-1] == "the release table is current"


def test_a_newer_patch_of_a_supported_minor_is_news() -> None:
    facts = {"v1.36.4": UpstreamFacts(etcd="v3.6.9", go="1.26.0")}
    findings = release_check.check(TABLE, [*SERVED, "v1.36.4", "v1.33.14"], TODAY, HOST, facts)
    new = [f for f in findings if f.kind == "new-patch"]
    assert [(f.minor, f.actionable) for f in new] == [("1.36", True)]  # not 1.33: out of support
    assert new[0].message == (
        "v1.36.4 is served; the table builds v1.36.3 (upstream etcd v3.6.9, Go 1.26.0)"
    )
    assert release_check.versions_to_describe(TABLE, [*SERVED, "v1.36.4"], TODAY) == ["v1.36.4"]
    assert "CHANGE  1.36  new-patch" in "\n".join(
        release_check.format_findings(findings, HOST, TODAY)
    )


def test_a_new_minor_is_news_and_this_host_cannot_run_it() -> None:
    facts = {"v1.38.0": UpstreamFacts(etcd="v3.7.1", go="1.26.0", released=date(2026, 12, 16))}
    served = [*SERVED, "v1.38.0-rc.1", "v1.38.0"]
    assert release_check.versions_to_describe(TABLE, served, TODAY) == ["v1.38.0"]
    findings = release_check.check(TABLE, served, TODAY, HOST, facts)
    assert kinds(findings)[-2:] == [("new-minor", "1.38", True), ("host", "1.38", False)]
    assert findings[-2].message == (
        "v1.38.0 is served and the table has no 1.38 (released 2026-12-16, end of life about "
        "2028-02-28) (upstream etcd v3.7.1, Go 1.26.0)"
    )
    assert findings[-1].message == (
        "this host cannot run it: containerd 1.6.20 is older than 2.0: no RuntimeConfig fallback"
    )
    # A host with containerd 2 can.
    host2 = replace(HOST, containerd="2.1.4", cgroup=2)
    assert kinds(release_check.check(TABLE, served, TODAY, host2, facts))[-1] == (
        "new-minor",
        "1.38",
        True,
    )


def test_a_pre_release_is_only_announced() -> None:
    findings = release_check.check(
        TABLE, [*SERVED, "v1.38.0-alpha.1", "v1.38.0-beta.0"], TODAY, HOST
    )
    assert kinds(findings)[-1] == ("upcoming", "1.38", False)
    assert findings[-1].message.startswith(
        "v1.38.0-beta.0 is a pre-release; this host will not run it: containerd 1.6.20 is older "
        "than 2.0"
    )
    apt = replace(HOST, containerd_installed=False)
    assert "containerd 1.6.20 (what apt would install)" in (
        release_check.check(TABLE, [*SERVED, "v1.38.0-beta.0"], TODAY, apt)[-1].message
    )


def test_support_that_ended_since_the_review_is_news() -> None:
    later = date(2027, 3, 1)
    findings = release_check.check(TABLE, SERVED, later, HOST)
    ended = [(f.minor, f.actionable) for f in findings if f.kind == "out-of-support"]
    assert ended == [("1.35", True), ("1.34", False), ("1.33", False)]
    assert next(f for f in findings if f.minor == "1.35").message == (
        "support ended on 2027-02-28, after the table was last reviewed (2026-12-06): "
        "it can no longer be selected"
    )
    # Reviewing the table (bump moves the date) makes it a plain note.
    reviewed = release_check.bump(TABLE, SERVED, later, {})
    assert reviewed.reviewed == later and reviewed.releases == TABLE.releases
    assert not any(f.actionable for f in release_check.check(reviewed, SERVED, later, HOST))


def test_a_supported_release_this_host_cannot_run_needs_a_change() -> None:
    old_go = replace(HOST, go="1.25.9")
    findings = [f for f in release_check.check(TABLE, SERVED, TODAY, old_go) if f.kind == "host"]
    assert [(f.minor, f.actionable) for f in findings] == [("1.37", True), ("1.36", True)]
    assert findings[0].message == (
        "this host cannot run it: Go 1.25.9 is older than the 1.26.0 Kubernetes 1.37 needs"
    )
    no_go = replace(HOST, go=None)
    assert "no Go toolchain" in release_check.check(TABLE, SERVED, TODAY, no_go)[1].message


def test_cgroup_v1_rules_apply_from_their_minor() -> None:
    table = replace(TABLE, rules=(HostRule(since="1.37", cgroup_v1=False, reason="gone"),))
    findings = [f for f in release_check.check(table, SERVED, TODAY, HOST) if f.kind == "host"]
    assert [(f.minor, f.message) for f in findings] == [
        (
            "1.37",
            "this host cannot run it: this host has cgroup v1, which the kubelet of 1.37 "
            "refuses: gone",
        )
    ]
    assert release_check.check(table, SERVED, TODAY, replace(HOST, cgroup=2))[0].kind == "etcd"


def test_a_row_that_disagrees_with_its_source_needs_a_change() -> None:
    facts = {"v1.36.3": UpstreamFacts(etcd="v3.6.7", go="1.26.0")}
    findings = [f for f in release_check.check(TABLE, SERVED, TODAY, HOST, facts) if f.actionable]
    assert kinds(findings) == [("source", "1.36", True)]
    assert findings[0].message == (
        "the table says etcd v3.6.8 and Go 1.26.0; the source of v1.36.3 says etcd v3.6.7 "
        "and Go 1.26.0"
    )


def test_a_version_missing_from_the_proxy_list_is_noted() -> None:
    findings = release_check.check(TABLE, [v for v in SERVED if v != "v1.36.3"], TODAY, HOST)
    assert ("not-served", "1.36", False) in kinds(findings)


# The rewrite


def test_bump_moves_a_minor_to_its_new_patch_with_the_etcd_and_go_of_its_source() -> None:
    served = [*SERVED, "v1.36.4", "v1.37.3"]
    facts = {
        "v1.36.4": UpstreamFacts(etcd="v3.6.9", go="1.26.0"),
        "v1.37.3": UpstreamFacts(etcd="v3.7.1", go="1.26.1"),
    }
    later = date(2026, 12, 20)
    new = release_check.bump(TABLE, served, later, facts)
    assert new.reviewed == later
    # 1.36 ran its upstream etcd and follows it; 1.37 deliberately runs another and keeps it.
    assert new.releases[1] == replace(
        TABLE.releases[1], kubernetes="v1.36.4", etcd="v3.6.9", etcd_upstream="v3.6.9"
    )
    assert new.releases[0] == replace(
        TABLE.releases[0], kubernetes="v1.37.3", etcd_upstream="v3.7.1", go="1.26.1"
    )
    assert new.releases[2:] == TABLE.releases[2:]
    assert not any(f.actionable for f in release_check.check(new, served, later, HOST, facts))


def test_bump_without_news_returns_the_same_table() -> None:
    assert release_check.bump(TABLE, SERVED, TODAY, {}) is TABLE


def test_bump_refuses_a_new_patch_whose_source_it_has_not_read() -> None:
    with pytest.raises(ValueError, match=r"no upstream facts for v1\.36\.4"):
        release_check.bump(TABLE, [*SERVED, "v1.36.4"], TODAY, {})


def test_the_rewrite_changes_only_the_bumped_row_in_the_source() -> None:
    source = Path(releases.__file__).read_text()
    first = releases.TABLE.releases[0]
    bumped = replace(first, kubernetes="v1.99.99", etcd_upstream="v3.99.0")
    new = replace(
        releases.TABLE,
        releases=(bumped, *releases.TABLE.releases[1:]),
        reviewed=date(2099, 1, 2),
    )
    before = source.splitlines()
    after = release_check.rewrite_source(source, new).splitlines()
    reviewed = releases.TABLE.reviewed
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        (
            f"REVIEWED = date({reviewed.year}, {reviewed.month}, {reviewed.day})",
            "REVIEWED = date(2099, 1, 2)",
        ),
        (f'        kubernetes="{first.kubernetes}",', '        kubernetes="v1.99.99",'),
        (f'        etcd_upstream="{first.etcd_upstream}",', '        etcd_upstream="v3.99.0",'),
    ]


def test_render_wraps_what_does_not_fit_a_line() -> None:
    long = replace(TABLE.releases[0], note="word " * 30, extra_args=(("kubelet", "--a"),))
    block = release_check.render_block(replace(TABLE, releases=(long,)))
    assert all(len(line) <= release_check.LINE_LENGTH for line in block.splitlines())
    assert '        extra_args=(("kubelet", "--a"),),' in block
    namespace: dict[str, object] = {}
    exec(  # the rendering is Python that yields the same rows
        "from datetime import date\nfrom testcluster.releases import Release\n" + block, namespace
    )
    assert namespace["RELEASES"] == (long,)
    assert namespace["REVIEWED"] == TODAY


# The real table, its files and its sources


def test_the_table_in_releases_py_is_what_the_rewrite_renders() -> None:
    source = Path(releases.__file__).read_text()
    assert release_check.rewrite_source(source, releases.TABLE) == source


def test_the_readme_table_is_what_the_rewrite_renders() -> None:
    readme = (REPO / "testcluster" / "README.md").read_text()
    assert release_check.rewrite_readme(readme, releases.TABLE) == readme


def test_the_real_rows_are_consistent() -> None:
    rows = releases.TABLE.releases
    assert len({r.minor for r in rows}) == len(rows)
    assert [releases.version_key(r.minor) for r in rows] == sorted(
        (releases.version_key(r.minor) for r in rows), reverse=True
    )
    for r in rows:
        assert releases.minor_of(r.kubernetes) == r.minor
        assert r.released < r.end_of_life
        # Published dates are the 27th or 28th of the month 14 months after the release.
        assert abs(release_check.derive_end_of_life(r.released) - r.end_of_life).days <= 1
    assert release_check.derive_end_of_life(date(2025, 4, 23)) == date(2026, 6, 28)


def test_the_default_release_agrees_with_its_source_in_the_module_cache() -> None:
    """The build downloads the default release's source; its etcd and Go are the table's."""
    checked = []
    for r in releases.TABLE.releases:
        src = settings.GO_MODCACHE / f"k8s.io/kubernetes@{r.kubernetes}"
        if not (src / "go.mod").is_file():
            continue
        facts = release_check.parse_upstream(
            (src / "build" / "dependencies.yaml").read_text(), (src / "go.mod").read_text()
        )
        assert (facts.etcd, facts.go) == (r.etcd_upstream, r.go), r.kubernetes
        checked.append(r.minor)
    if settings.RELEASE.minor not in checked:
        missing(f"the source of k8s.io/kubernetes@{settings.KUBERNETES_VERSION} in the Go cache")


def test_parse_upstream_reads_etcd_go_and_the_tag_date() -> None:
    deps = '  - name: "golang"\n    version: 1.26\n  - name: "etcd"\n    version: 3.7.0\n'
    gomod = "module k8s.io/kubernetes\n\ngo 1.26.0\n\ngodebug default=go1.26\n"
    info = '{"Version":"v1.37.0","Time":"2026-08-26T10:44:20Z"}'
    assert release_check.parse_upstream(deps, gomod, info) == UpstreamFacts(
        etcd="v3.7.0", go="1.26.0", released=date(2026, 8, 26)
    )
    with pytest.raises(ValueError):
        release_check.parse_upstream("", gomod)


def test_host_version_parsing() -> None:
    debian = "containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+deb12u3\n"
    assert release_check.parse_containerd_version(debian) == "1.6.20"
    v2 = "containerd github.com/containerd/containerd/v2 v2.1.4 75cb2b7193e4\n"
    assert release_check.parse_containerd_version(v2) == "2.1.4"
    policy = "containerd:\n  Installed: (none)\n  Candidate: 1.6.20~ds1-1+deb12u3\n"
    assert release_check.parse_apt_candidate(policy) == "1.6.20"
    assert release_check.parse_apt_candidate("containerd:\n  Candidate: (none)\n") is None


# settings and the CLI, in their own processes (the selection happens at import)


def _run(code_or_args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v for k, v in os.environ.items() if k not in (releases.ENV_VAR, releases.TODAY_ENV_VAR)
    }
    environ.update(TESTCLUSTER_RUN_DIR=str(tmp_path / "run"), TESTCLUSTER_CACHE=str(tmp_path))
    environ.update(env)
    return subprocess.run(
        [sys.executable, *code_or_args],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


PRINT_SETTINGS = [
    "-c",
    "from testcluster import settings as s; print(s.KUBERNETES_VERSION, s.ETCD_VERSION, s.BIN_DIR)",
]


@pytest.mark.parametrize("r", releases.TABLE.releases, ids=lambda r: r.minor)
def test_the_environment_selects_a_release_while_it_is_supported(
    r: Release, tmp_path: Path
) -> None:
    last_day = r.end_of_life.isoformat()
    proc = _run(
        PRINT_SETTINGS, tmp_path, TESTCLUSTER_KUBERNETES=r.minor, TESTCLUSTER_TODAY=last_day
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [
        r.kubernetes,
        r.etcd,
        str(tmp_path / f"k8s-{r.kubernetes}-etcd-{r.etcd}" / "bin"),
    ]
    after = (r.end_of_life + timedelta(days=1)).isoformat()
    proc = _run(
        ["-m", "testcluster", "env"],
        tmp_path,
        TESTCLUSTER_KUBERNETES=r.minor,
        TESTCLUSTER_TODAY=after,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert f"TESTCLUSTER_KUBERNETES: Kubernetes {r.minor} is out of support" in proc.stderr


def test_the_cli_refuses_an_unknown_minor_in_one_line(tmp_path: Path) -> None:
    proc = _run(["-m", "testcluster", "up", "--kubernetes", "0.1"], tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.startswith("testcluster: error: Kubernetes 0.1 is not in testcluster's")
    assert "supported: " in proc.stderr and len(proc.stderr.splitlines()) == 1


def test_env_status_and_down_follow_the_running_release(tmp_path: Path) -> None:
    """A cluster recorded at an older patch keeps its binaries until `up` moves it."""
    newest = releases.TABLE.releases[0]
    running = replace(newest, kubernetes=newest.kubernetes + "-old", exec_over_spdy=True)
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "release.json").write_text(releases.to_record(running))
    today = {"TESTCLUSTER_TODAY": newest.end_of_life.isoformat()}
    proc = _run(["-m", "testcluster", "env"], tmp_path, **today)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1:] == [
        f"export PATH={tmp_path}/k8s-{running.kubernetes}-etcd-{running.etcd}/bin:$PATH",
        "export KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false",
    ]
    # Importers without a choice get the running minor's current row.
    proc = _run(PRINT_SETTINGS, tmp_path, **today)
    assert proc.stdout.split()[0] == newest.kubernetes


def test_versions_prints_the_table(tmp_path: Path) -> None:
    proc = _run(["-m", "testcluster", "versions", "--today", "2026-12-06"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:3] == ["minor", "builds", "etcd"]
    assert [line.split()[0] for line in lines[1:]] == [r.minor for r in releases.TABLE.releases]
    proc = _run(["-m", "testcluster", "versions", "--write-table"], tmp_path)
    assert proc.returncode == 2 and "--write-table needs --check" in proc.stderr


def test_a_cluster_out_of_support_is_named_with_the_supported_releases() -> None:
    warning = releases.support_warning("v1.33.13", TODAY, TABLE)
    assert "Kubernetes v1.33.13, out of support since 2026-06-28" in warning
    assert "(supported: 1.35, 1.36, 1.37)" in warning
    assert "out of support (supported:" in releases.support_warning("v1.31.0", TODAY, TABLE)


@pytest.mark.parametrize("version", ["v1.35.4", "v1.37.2", "v1.38.0", "v1.36.3-eks-1234", "?"])
def test_a_supported_or_newer_cluster_gets_no_warning(version: str) -> None:
    assert releases.support_warning(version, TODAY, TABLE) == ""


@pytest.mark.parametrize("version", ["v\u0661.\u0663\u0663.0", "\uff11.\uff13\uff17"])
def test_versions_are_read_in_ascii_digits_only(version: str) -> None:
    """``int`` reads other Unicode digits as numbers: a version written in them is none."""
    with pytest.raises(ValueError, match="not a version"):
        releases.version_key(version)
    assert releases.support_warning(version, TODAY, TABLE) == ""


def test_the_matrix_lists_the_supported_releases_newest_first_with_their_go() -> None:
    rows = json.loads(releases.matrix(TODAY, TABLE))
    assert [r["kubernetes"] for r in rows] == ["1.37", "1.36", "1.35"]
    assert [r["default"] for r in rows] == [True, False, False]
    assert all(r["go"] == releases.find(r["kubernetes"], TABLE).go for r in rows)  # type: ignore[union-attr]
