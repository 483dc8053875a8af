"""No test leaves a process behind: what tests start is marked, and the session ends by looking.

While a test runs (its setup, call and teardown), this process's
environment holds ``SNIPPETS_TEST_RUN=<token>``, the token being one per
session, so every process a test starts -- and whatever those start, unless
they clear their environment -- inherits it.  When the whole session is
over (under pytest-xdist: in the controller, once every worker has
finished), /proc is searched for live processes whose environment holds the
token.  Each one was started by a test and outlived it: the session fails,
naming them, and they are ended.

Not counted, by construction rather than by timing:

* pytest itself and its xdist workers: they start before any test does, so
  they never carry the marker;
* the test cluster's long-running processes: ``scripts/cluster.sh`` starts
  them outside pytest, and ``cluster_fixture.run_cli`` (the fixture's and
  the cluster tests' ``python -m testcluster``) leaves the marker out on
  purpose; a process whose command line names the cluster's folders is
  passed over as well;
* processes other pytest sessions on this machine started: their token
  differs;
* a process that clears its environment (``env -i``) carries no marker:
  the page's cgroup (``run/proctree.py``) and its tests answer for those.

A process that is already ending when the session looks (killed a moment
earlier) is given a few seconds to go; one that stays was left behind.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

MARK = "SNIPPETS_TEST_RUN"
"""Set while a test runs; inherited by what it starts."""
TOKEN = "SNIPPETS_TEST_SESSION"
"""The session's token, handed from the controller to xdist workers (never a marker itself)."""
GRACE = float(os.environ.get("SNIPPETS_TEST_LEFTOVER_GRACE", "5"))
"""Seconds a marked process already on its way out is given before it counts as left behind."""

_token = pytest.StashKey[str]()
_found = pytest.StashKey[list["Leftover"]]()


@dataclass(frozen=True)
class Leftover:
    pid: int
    parent: int
    command: str

    def __str__(self) -> str:
        return f"pid {self.pid} (parent {self.parent}): {self.command}"


def without_mark(environ: dict[str, str] | None = None) -> dict[str, str]:
    """An environment for a process that is meant to outlive the tests (the test cluster)."""
    env = dict(os.environ if environ is None else environ)
    env.pop(MARK, None)
    return env


def _cluster_paths() -> tuple[str, ...]:
    paths = ["/run/snippets-testcluster"]
    with contextlib.suppress(Exception):  # the cluster package may be mid-change; skip it then
        from testcluster import settings

        paths += [str(settings.RUN_DIR), str(settings.CACHE_ROOT)]
    return tuple(paths)


def _read(path: str) -> bytes:
    with contextlib.suppress(OSError), open(path, "rb") as fh:
        return fh.read()
    return b""


def alive(pid: int) -> bool:
    """Zombies (already dead, waiting for their parent to reap them) do not count."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def marked(token: str) -> Iterator[Leftover]:
    """Live processes (not zombies) whose environment holds ``MARK=token``."""
    entry = f"{MARK}={token}".encode()
    cluster = _cluster_paths()
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        if entry not in _read(f"/proc/{name}/environ").split(b"\0"):
            continue
        stat = _read(f"/proc/{name}/stat")
        fields = stat[stat.rfind(b")") + 2 :].split()
        if not fields or fields[0] in (b"Z", b"X"):
            continue
        command = _read(f"/proc/{name}/cmdline").replace(b"\0", b" ").decode(errors="replace")
        if any(path in command for path in cluster):
            continue
        yield Leftover(int(name), int(fields[1]), command.strip()[:200])


def _pidfds(found: list[Leftover]) -> list[int]:
    fds = []
    for leftover in found:
        with contextlib.suppress(OSError):
            fds.append(os.pidfd_open(leftover.pid))
    return fds


def _wait_gone(fds: list[int], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    pending = list(fds)
    while pending and (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select(pending, [], [], left)
        pending = [fd for fd in pending if fd not in ready]


def left_behind(token: str) -> list[Leftover]:
    """The marked processes still alive after those already ending had :data:`GRACE` to go."""
    found = list(marked(token))
    if found:
        fds = _pidfds(found)
        try:
            _wait_gone(fds, GRACE)
        finally:
            for fd in fds:
                os.close(fd)
        found = list(marked(token))
    return found


def end(found: list[Leftover]) -> None:
    """SIGKILL them by pidfd (never a process that took over a pid) and wait till they are gone."""
    fds = _pidfds(found)
    try:
        for fd in fds:
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(fd, signal.SIGKILL)
        _wait_gone(fds, GRACE)
    finally:
        for fd in fds:
            os.close(fd)


# -- the hooks (tests/conftest.py imports them) -----------------------------------------------


def _controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    if _controller(config) or TOKEN not in os.environ:
        os.environ[TOKEN] = uuid.uuid4().hex  # before xdist starts its workers, who inherit it
    config.stash[_token] = os.environ[TOKEN]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    os.environ[MARK] = item.config.stash[_token]
    try:
        return (yield)
    finally:
        os.environ.pop(MARK, None)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _controller(session.config):
        return  # a worker's siblings may still be running tests: the controller looks, last
    found = left_behind(session.config.stash[_token])
    session.config.stash[_found] = found
    if found:
        end(found)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    found = terminalreporter.config.stash.get(_found, [])
    if found:
        terminalreporter.section("processes left behind by tests", sep="=", red=True)
        for leftover in found:
            terminalreporter.line(str(leftover))
        terminalreporter.line(
            f"each was started by a test ({MARK} in its environment) and outlived the "
            "session; they have been ended now. The session fails."
        )


__all__ = [
    "pytest_configure",
    "pytest_runtest_protocol",
    "pytest_sessionfinish",
    "pytest_terminal_summary",
]
