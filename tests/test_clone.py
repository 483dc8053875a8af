"""run/clone.py: a child born inside its cgroup, with only the terminal open, or nothing at all."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from snippets_runner.run.clone import spawn_into
from snippets_runner.run.proctree import Cgroup, contain
from snippets_runner.run.shell import ShellSession

SIGPIPE_BIT = 1 << (13 - 1)


@pytest.fixture
def box(tmp_path: Path) -> Iterator[Cgroup]:
    cgroup = contain(f"test-clone-{os.getpid()}-{tmp_path.name}")
    assert isinstance(cgroup, Cgroup), cgroup.description
    yield cgroup
    cgroup.kill()
    cgroup.wait_empty()
    cgroup.close()


def _run(
    box: Cgroup, argv: list[str], cwd: Path | None = None, release: Path | None = None
) -> tuple[int, str, list[int]]:
    """Run argv born in ``box`` with a pipe as its terminal: (status, output, members seen).

    ``release`` is created once the members were read, for a child that waits for it
    (one that exits at once may be gone before the parent looks).
    """
    read_end, write_end = os.pipe()
    try:
        child = spawn_into(box.path, argv[0], argv, {"PATH": os.defpath}, write_end, cwd)
        assert child is not None
        members = box.members()
        if release is not None:
            release.touch()
    finally:
        os.close(write_end)
    with os.fdopen(read_end) as out:
        output = out.read()
    status = child.wait()
    assert child.wait() == status  # a second wait answers again, as Popen's does
    return status, output, members


def test_the_child_is_a_member_from_its_first_instruction(box: Cgroup, tmp_path: Path) -> None:
    flag = tmp_path / "released"
    script = 'cat /proc/self/cgroup; while [ ! -e "$0" ]; do sleep 0.01; done; exit 7'
    status, output, members = _run(box, ["/bin/sh", "-c", script, str(flag)], release=flag)
    assert status == 7
    assert output.strip().endswith(box.path.name)
    assert members  # it was inside before anything moved it


def test_only_the_terminal_is_open_and_sigpipe_is_not_ignored(box: Cgroup, tmp_path: Path) -> None:
    stray_r, stray_w = os.pipe()
    os.set_inheritable(stray_w, True)  # Popen would close it; so must the clone
    try:
        ls = shutil.which("ls")
        assert ls is not None
        _, fds, _ = _run(box, [ls, "-1", "/proc/self/fd"])
        _, status, _ = _run(box, ["/bin/sh", "-c", "pwd; grep SigIgn /proc/self/status"], tmp_path)
    finally:
        os.close(stray_r)
        os.close(stray_w)
    assert sorted(int(fd) for fd in fds.split()) == [0, 1, 2, 3]  # 3: ls reading the folder
    cwd, ignored = status.splitlines()
    assert cwd == str(tmp_path)
    assert not int(ignored.split()[1], 16) & SIGPIPE_BIT


def test_a_program_that_cannot_be_executed_exits_127(box: Cgroup, tmp_path: Path) -> None:
    status, output, _ = _run(box, [str(tmp_path / "missing")])
    assert (status, output) == (127, "")


def test_with_another_thread_running_nothing_is_cloned(box: Cgroup) -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert spawn_into(box.path, "/bin/true", ["/bin/true"], {}, 1, None) is None
        assert box.members() == []
        # The session still starts: spawned, then moved into its cgroup.
        with ShellSession() as shell:
            assert shell.run("echo inside").output == "inside\n"
            assert isinstance(shell.containment, Cgroup)
            assert len(shell.containment.members()) == 1
    finally:
        stop.set()
        other.join()
