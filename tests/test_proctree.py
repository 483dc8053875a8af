"""A page's processes stay in one box that ends with the page, and the fallback says it is one."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import uuid
from pathlib import Path

import pytest
from leftovers import alive

from snippets_runner.run import proctree
from snippets_runner.run.proctree import Cgroup, ContainmentWarning, SessionWalk, contain


def _first_line(proc: subprocess.Popen[bytes], timeout: float = 30) -> bytes:
    """The first line a process prints, waiting at most ``timeout`` seconds for it."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, "no output in time"
    return proc.stdout.readline()


def _start_escapes(adopt: object, pidfile: Path) -> subprocess.Popen[bytes]:
    """A shell that starts a setsid, cleared-environment, double-forked sleeper, says so, waits."""
    script = (
        f"(env -i setsid sh -c 'echo $$ > {pidfile}; exec sleep 1000' &); "
        f"while [ ! -s {pidfile} ]; do sleep 0.01; done; echo ready; exec sleep 1001"
    )
    return subprocess.Popen(
        ["sh", "-c", script],
        preexec_fn=adopt,  # type: ignore[arg-type]
        stdout=subprocess.PIPE,
    )


def test_a_cgroup_ends_escaped_processes(tmp_path: Path) -> None:
    box = contain(f"test-{uuid.uuid4().hex}")
    assert isinstance(box, Cgroup), box.description
    pidfile = tmp_path / "pid"
    # Joined between fork and exec, so even the first fork of `sh` happens inside.
    shell = _start_escapes(lambda: (box.path / "cgroup.procs").write_text("0"), pidfile)
    try:
        assert _first_line(shell) == b"ready\n"
        assert shell.pid in box.members()
        escaped = int(pidfile.read_text())
        assert escaped in box.members() and alive(escaped)
        box.kill()
        assert shell.wait(timeout=10) == -9
        box.wait_empty()
        assert box.members() == [] and not alive(escaped)
    finally:
        box.kill()
        box.close()
    assert not box.path.exists()


def test_without_cgroups_the_fallback_warns_and_still_kills_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(proctree, "_cgroup2_root", lambda: None)
    monkeypatch.setattr(proctree, "_warned", False)
    with pytest.warns(ContainmentWarning, match="may outlive the page"):
        box = contain("unused")
    assert isinstance(box, SessionWalk) and "no cgroup" in box.description
    pidfile = tmp_path / "escaped"
    script = (
        f"sleep 1000 & (setsid sh -c 'echo $$ > {pidfile}; exec sleep 1001' &); "
        f"while [ ! -s {pidfile} ]; do sleep 0.01; done; echo started; wait"
    )
    shell = subprocess.Popen(["bash", "-c", script], start_new_session=True, stdout=subprocess.PIPE)
    assert _first_line(shell) == b"started\n"
    escaped = os.pidfd_open(int(pidfile.read_text()))  # names it even once its pid is reused
    try:
        children = proctree.descendants(shell.pid)
        assert children and all(alive(pid) for pid in children)
        box.adopt(shell.pid)
        box.kill()
        assert shell.wait(timeout=10) == -9
        assert not any(alive(pid) for pid in children)
        # What the warning says: out of the session and re-parented, nothing names it.
        assert not select.select([escaped], [], [], 0)[0], "the escape outlived the session"
    finally:  # ended here: the escape the fallback cannot reach must not outlive the test
        signal.pidfd_send_signal(escaped, signal.SIGKILL)
        select.select([escaped], [], [], 10)
        os.close(escaped)


def test_kill_tree_reaches_a_process_that_left_the_group() -> None:
    shell = subprocess.Popen(
        ["bash", "-c", "setsid sleep 1000 & echo $!; wait"],
        start_new_session=True,
        stdout=subprocess.PIPE,
    )
    child = int(_first_line(shell))
    assert alive(child) and child in proctree.descendants(shell.pid)
    proctree.kill_tree(shell.pid)
    assert shell.wait(timeout=10) == -9
    assert not alive(child)
