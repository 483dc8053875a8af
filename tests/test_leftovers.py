"""The session-end check (tests/leftovers.py) fails a run whose test left a process behind.

Each case runs pytest on a tiny test file in a subprocess, with the same
hooks as this suite's conftest, and looks at its exit status and report.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

TESTS = Path(__file__).resolve().parent

CONFTEST = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from leftovers import (
    pytest_configure, pytest_runtest_protocol, pytest_sessionfinish, pytest_terminal_summary,
)
"""

# A double-forked, setsid sleeper (re-parented to init, in its own session), as a leaking
# test would leave it; LEAK names it (in its environment) for this test to find, and end.
LEAKS = """
import os, subprocess

def test_leaks():
    subprocess.run(
        ["sh", "-c", "(setsid sh -c 'exec sleep 1000' &)"],
        env=dict(os.environ, LEAK={leak!r}), check=True,
    )

def test_cleans_up():
    proc = subprocess.Popen(["sleep", "1000"])
    proc.kill()
    proc.wait()
"""

TIDY = """
import subprocess

def test_cleans_up():
    proc = subprocess.Popen(["sleep", "1000"])
    proc.kill()
    proc.wait()

def test_runs_to_the_end():
    subprocess.run(["true"], check=True)
"""

KEPT = """
import os, subprocess
from leftovers import without_mark

def test_starts_a_service():
    subprocess.run(
        ["sh", "-c", "(setsid sh -c 'exec sleep 1000' &)"],
        env=dict(without_mark(), LEAK={leak!r}), check=True,
    )
"""


@pytest.fixture
def leak() -> Iterator[str]:
    """A name for the processes this test's inner session starts; whatever is left, is ended."""
    name = uuid.uuid4().hex
    yield name
    for pid in _named(name):
        with contextlib.suppress(OSError):
            fd = os.pidfd_open(pid)
            try:
                if pid in _named(name):  # the pidfd holds this process: it is still the one
                    signal.pidfd_send_signal(fd, signal.SIGKILL)
                    select.select([fd], [], [], 10)
            finally:
                os.close(fd)


def _named(leak: str) -> list[int]:
    """Live processes (not zombies) with ``LEAK=leak`` in their environment."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if f"LEAK={leak}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                stat = (entry / "stat").read_bytes()
                if stat[stat.rfind(b")") + 2 :].split()[0] not in (b"Z", b"X"):
                    found.append(int(entry.name))
    return found


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    # The inner session is a controller of its own, whatever this one is.
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    monkeypatch.setenv("SNIPPETS_TEST_LEFTOVER_GRACE", "0.5")  # a leak here never ends by itself
    pytester.makeconftest(CONFTEST)
    return pytester


@pytest.mark.parametrize("xdist", [[], ["-n", "2"]], ids=["plain", "xdist"])
def test_a_test_that_leaves_a_process_behind_fails_the_session(
    inner: pytest.Pytester, leak: str, xdist: list[str]
) -> None:
    inner.makepyfile(test_inner=LEAKS.format(leak=leak))
    result = inner.runpytest_subprocess("-p", "no:cacheprovider", *xdist)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    result.assert_outcomes(passed=2)  # every test passed: the check alone fails the run
    result.stdout.fnmatch_lines(
        [
            "*= processes left behind by tests =*",
            "pid * (parent *): *sleep 1000*",
            "*have been ended now. The session fails.",
        ]
    )
    assert len([line for line in result.outlines if line.startswith("pid ")]) == 1
    assert _named(leak) == [], "the check ends what it found"


def test_a_tidy_session_passes_and_its_workers_do_not_count(inner: pytest.Pytester) -> None:
    """Without xdist, this suite's own run is the case: it passes the same check."""
    inner.makepyfile(test_inner=TIDY)
    result = inner.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert "left behind" not in result.stdout.str()


def test_a_process_started_without_the_marker_is_not_counted(
    inner: pytest.Pytester, leak: str
) -> None:
    """As the test cluster's, started through cluster_fixture.run_cli: meant to outlive us."""
    inner.makepyfile(test_inner=KEPT.format(leak=leak))
    result = inner.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert len(_named(leak)) == 1, "still running (the fixture ends it)"


def test_this_session_marks_what_its_tests_start() -> None:
    """The check is live here too: this very test runs under the marker."""
    from leftovers import MARK

    assert os.environ.get(MARK), f"{MARK} is set while a test runs"
