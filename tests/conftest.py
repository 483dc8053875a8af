"""Shared test wiring: prerequisites, the real cluster, hypothesis profiles, shared helpers.

Under the README's test command (``scripts/test.sh``, and so CI)
``SNIPPETS_REQUIRE_ALL=1`` is set: a missing prerequisite (cluster, seed,
browser, Playwright) then FAILS the test that needs it instead of skipping
it, so CI can never go green without running what matters. A developer's
plain ``pytest`` still skips them, saying why.

Markers have one meaning each (``--strict-markers`` refuses others):
``cluster`` means "uses the running local cluster" and is added to every
test that asks for the ``k8s_cluster`` fixture, which brings the cluster up;
``disruptive`` means the test stops parts of the cluster, so it takes the
cluster lock exclusively while every other cluster test holds it shared --
safe in any order and under pytest-xdist.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

# Before any test: pytester's in-process runs (test_pytest_plugin, test_shard, test_leftovers)
# drop from sys.modules what they imported, and PyYAML imported again no longer loads with its
# C loader ("could not determine a constructor for the tag None"). Whether a test passed hung
# on which test imported yaml first on its worker, which xdist decides by load.
import yaml  # noqa: F401
from cluster_fixture import Cluster, k8s_cluster
from hypothesis import HealthCheck, settings
from leftovers import (  # noqa: F401  (hooks: no test leaves a process behind)
    pytest_configure,
    pytest_runtest_protocol,
    pytest_sessionfinish,
    pytest_terminal_summary,
)

from snippets_runner.errors import ReportError
from snippets_runner.report.document import Report, parse

__all__ = [
    "Cluster",
    "i18n_config",
    "k8s_cluster",
    "missing",
    "parsed_report",
    "running_cluster",
    "verify_report",
]

REPO = Path(__file__).resolve().parents[1]
REQUIRE_ALL = os.environ.get("SNIPPETS_REQUIRE_ALL") == "1"
CLUSTER_LOCK = Path(
    os.environ.get("SNIPPETS_TEST_CLUSTER_LOCK", "/tmp/snippets-tests-cluster.lock")
)

# `ci`: the same examples on every run and no example database, so a test
# cannot fail at random in CI nor keep failing from a stale local database.
# `dev` (the default outside the test command): random, for finding new
# failures; each one found is then pinned with @example. Neither measures
# time: no deadline, and no too_slow health check (it times how long the
# examples take to generate, which a loaded machine decides).
NO_CLOCK = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, **NO_CLOCK)
settings.register_profile("dev", print_blob=True, **NO_CLOCK)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if REQUIRE_ALL else "dev"))

# Fixture sites whose pages the snippets pytest plugin must not verify when
# someone runs `pytest tests/`: they are inputs of tests, not docs.
collect_ignore_glob = ["pages/*"]


def i18n_config(*locales: str, docs_dir: str = "docs", structure: str = "suffix") -> str:
    """An mkdocs.yml for a mkdocs-static-i18n site; the first locale is the default."""
    languages = "".join(
        f"        - {{locale: {loc}, name: {loc}{', default: true' if i == 0 else ''}}}\n"
        for i, loc in enumerate(locales)
    )
    return (
        f"site_name: t\ndocs_dir: {docs_dir}\nplugins:\n  - i18n:\n"
        f"      docs_structure: {structure}\n      languages:\n{languages}"
    )


_REASONS = {
    "passed": None,
    "failed": "output-differs",
    "skipped": "skip-option",
    "not-run": "after-timeout",
}


def _full_command(page: dict[str, Any], command: dict[str, Any]) -> dict[str, Any]:
    """A command entry with every key a version 4 report has; ``command`` wins."""
    result = command.get("result", "passed")
    full = {
        "file": page.get("file", "docs/lesson/index.md"),
        "line": 1,
        "locale": page.get("locale", ""),
        "lesson": page.get("lesson", "lesson"),
        "command": "true",
        "result": result,
        "reason": _REASONS.get(result) if isinstance(result, str) else None,
        "exit_status": 0 if result in ("passed", "ran", "failed") else None,
        "expected_exit": 0,
        "duration": 0.1,
        "tries": 1 if result in ("passed", "ran", "failed") else 0,
        "timed_out": False,
        "note": "",
        "normalizers": [],
        "expected": [],
        "output": "",
        "diff": [],
    }
    full.update(command)
    return full


def _full_page(page: dict[str, Any], kubernetes_version: str) -> dict[str, Any]:
    full = {
        "file": "docs/lesson/index.md",
        "locale": "",
        "lesson": "lesson",
        "duration": 1.0,
        "content_hash": "sha256:" + "0" * 64,
        "kubernetes_version": kubernetes_version,
        "commands": [],
    }
    full.update(page)
    if isinstance(full["commands"], list):
        full["commands"] = [
            _full_command(full, c) if isinstance(c, dict) else c for c in full["commands"]
        ]
    return full


def verify_report(
    pages: list[dict[str, Any]],
    summary: dict[str, int] | None = None,
    *,
    kubernetes_version: str = "v1.33.13",
) -> dict[str, Any]:
    """A version 4 `verify --json` document around `pages`, as run on the local cluster.

    Pages and commands get every key a report has (``pages`` wins where it
    gives one); the summary is counted from them unless given.
    """
    full = [_full_page(p, kubernetes_version) if isinstance(p, dict) else p for p in pages]
    if summary is None or set(summary) != {"passed", "ran", "failed", "skipped", "not_run"}:
        results = [
            c.get("result")
            for p in full
            if isinstance(p, dict) and isinstance(p.get("commands"), list)
            for c in p["commands"]
            if isinstance(c, dict)
        ]
        summary = {
            key: results.count(value)
            for key, value in (
                ("passed", "passed"),
                ("ran", "ran"),
                ("failed", "failed"),
                ("skipped", "skipped"),
                ("not_run", "not-run"),
            )
        }
    return {
        "schema": "snippets-runner/verify",
        "version": 4,
        "run": {
            "started": "2026-11-28T21:00:00Z",
            "finished": "2026-11-28T21:02:10Z",
            "tool_version": "0.1.0",
            "cluster": {
                "context": "testcluster",
                "server": "https://127.0.0.1:6443",
                "kubernetes_version": kubernetes_version,
            },
            "shard": None,
        },
        "summary": summary,
        "pages": full,
    }


def recounted(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with its summary counted again from its pages (after a test edits them)."""
    pages = document.get("pages")
    if isinstance(pages, list) and all(isinstance(p, dict) for p in pages):
        document["summary"] = verify_report(pages)["summary"]
    return document


def parsed_report(document: Any) -> Report | None:
    """``document`` as the site reads it: validated, or None where it refuses it."""
    try:
        return parse(json.dumps(document).encode(), Path("verify.json"))
    except ReportError:
        return None


def missing(what: str) -> NoReturn:
    """A prerequisite is missing: fail under the test command, skip (saying why) elsewhere."""
    if REQUIRE_ALL:
        pytest.fail(f"missing prerequisite: {what} (SNIPPETS_REQUIRE_ALL=1)", pytrace=False)
    pytest.skip(f"missing prerequisite: {what}")


@pytest.fixture
def running_cluster(k8s_cluster: Cluster) -> Cluster:
    """The project's cluster, brought up if needed (kept as a name older tests use)."""
    return k8s_cluster


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A local port that refuses connections for the whole test.

    The socket stays bound (but never listens) until the test ends, so no
    other process can take the port in the meantime and make it answer.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        uses_cluster = "k8s_cluster" in getattr(item, "fixturenames", ())
        if uses_cluster:
            item.add_marker(pytest.mark.cluster)
        elif item.get_closest_marker("cluster") or item.get_closest_marker("disruptive"):
            raise pytest.UsageError(
                f"{item.nodeid}: marked cluster/disruptive but does not use the k8s_cluster "
                "fixture; the marker means 'uses the running cluster'"
            )


@pytest.fixture(autouse=True)
def _cluster_lock(request: pytest.FixtureRequest) -> Iterator[None]:
    """Readers-writer lock over the cluster, across processes and xdist workers."""
    if request.node.get_closest_marker("cluster") is None:
        yield
        return
    exclusive = request.node.get_closest_marker("disruptive") is not None
    with CLUSTER_LOCK.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
