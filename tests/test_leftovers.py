"""The session-end check (tests/leftovers.py) fails a run whose test left a process behind.

Each case runs pytest on a tiny test file in a subprocess, with the same
hooks as this suite's conftest, and looks at its exit status and report.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
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
# test would leave it; it writes its pid, and the test waits for that before it ends.
LEAKS = """
import subprocess
from pathlib import Path

def test_leaks(tmp_path):
    pidfile = Path({pidfile!r})
    subprocess.run(
        ["sh", "-c", f"(setsid sh -c 'echo $$ > {{pidfile}}; exec sleep 1000' &); "
                     f"while [ ! -s {{pidfile}} ]; do sleep 0.01; done"],
        check=True,
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


def _alive(pidfd: int) -> bool:
    return not select.select([pidfd], [], [], 0)[0]


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    # The inner session is a controller of its own, whatever this one is.
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    monkeypatch.setenv("SNIPPETS_TEST_LEFTOVER_GRACE", "0.5")  # a leak here never ends by itself
    pytester.makeconftest(CONFTEST)
    return pytester


@pytest.mark.parametrize("xdist", [[], ["-n", "2"]], ids=["plain", "xdist"])
def test_a_test_that_leaves_a_process_behind_fails_the_session(
    inner: pytest.Pytester, tmp_path: Path, xdist: list[str]
) -> None:
    pidfile = tmp_path / "leaked.pid"
    inner.makepyfile(test_inner=LEAKS.format(pidfile=str(pidfile)))
    pidfd = -1
    try:
        result = inner.runpytest_subprocess("-p", "no:cacheprovider", *xdist)
        pidfd = os.pidfd_open(int(pidfile.read_text()))
        assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
        result.assert_outcomes(passed=2)  # every test passed: the check alone fails the run
        result.stdout.fnmatch_lines(
            [
                "*= processes left behind by tests =*",
                f"pid {pidfile.read_text().strip()} (parent *): sleep 1000",
                "*have been ended now. The session fails.",
            ]
        )
        assert not _alive(pidfd), "the check ends what it found"
    finally:
        if pidfd >= 0:
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(pidfd, signal.SIGKILL)
            select.select([pidfd], [], [], 10)
            os.close(pidfd)


@pytest.mark.parametrize("xdist", [[], ["-n", "2"]], ids=["plain", "xdist"])
def test_a_tidy_session_passes_and_its_workers_do_not_count(
    inner: pytest.Pytester, xdist: list[str]
) -> None:
    inner.makepyfile(test_inner=TIDY)
    result = inner.runpytest_subprocess("-p", "no:cacheprovider", *xdist)
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert "left behind" not in result.stdout.str()


def test_a_process_started_without_the_marker_is_not_counted(
    inner: pytest.Pytester, tmp_path: Path
) -> None:
    """As the test cluster's, started through cluster_fixture.run_cli: meant to outlive us."""
    pidfile = tmp_path / "kept.pid"
    inner.makepyfile(
        test_inner=f"""
import subprocess, sys
from leftovers import without_mark

def test_starts_a_service():
    subprocess.run(
        ["sh", "-c", "(setsid sh -c 'echo $$ > {pidfile}; exec sleep 1000' &); "
                     "while [ ! -s {pidfile} ]; do sleep 0.01; done"],
        env=without_mark(), check=True,
    )
"""
    )
    pidfd = -1
    try:
        result = inner.runpytest_subprocess("-p", "no:cacheprovider")
        pidfd = os.pidfd_open(int(pidfile.read_text()))
        assert result.ret == pytest.ExitCode.OK, result.stdout.str()
        assert _alive(pidfd)
    finally:
        if pidfd >= 0:
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
            select.select([pidfd], [], [], 10)
            os.close(pidfd)


def test_this_session_marks_what_its_tests_start() -> None:
    """The check is live here too: this very test runs under the marker."""
    from leftovers import MARK

    assert os.environ.get(MARK), f"{MARK} is set while a test runs"
