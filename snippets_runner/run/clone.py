"""Start a program already inside its cgroup: clone3() with CLONE_INTO_CGROUP.

Moving a running process into a cgroup (a write to ``cgroup.procs``) makes
the kernel wait for an RCU grace period, 10 to 20 ms: a tenth of what a
one-command page costs from start to finish. A child cloned into the cgroup
is born there at the price of a fork, and cannot run a single instruction
outside it.

Python has no clone3, so it is called through libc's ``syscall()``. Between
the clone and the exec the child runs a few lines of Python, which is as safe
as ``os.fork()`` only while this process has one thread: with more, another
thread may hold a lock the child needs. So :func:`spawn_into` declines (returns
None) when other threads run, and where the kernel has no clone3 or no
CLONE_INTO_CGROUP (before Linux 5.7); the caller then spawns and moves.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

_SYS_CLONE3 = {"x86_64": 435, "aarch64": 435}.get(os.uname().machine)
_CLONE_INTO_CGROUP = 0x200000000
_EXEC_FAILED = 127


class _CloneArgs(ctypes.Structure):
    """``struct clone_args`` (linux/sched.h), up to ``cgroup`` (CLONE_ARGS_SIZE_VER2)."""

    _fields_ = [
        (name, ctypes.c_uint64)
        for name in (
            "flags",
            "pidfd",
            "child_tid",
            "parent_tid",
            "exit_signal",
            "stack",
            "stack_size",
            "tls",
            "set_tid",
            "set_tid_size",
            "cgroup",
        )
    ]


class Child:
    """A cloned child, waited for as :class:`subprocess.Popen` is.

    ``wait()`` returns the exit status, or minus the signal that killed it,
    and may be called again once the child is reaped.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def wait(self) -> int:
        if self.returncode is None:
            _, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode


def spawn_into(
    cgroup: Path,
    executable: str,
    argv: Sequence[str],
    env: Mapping[str, str],
    terminal: int,
    cwd: Path | None,
) -> Child | None:
    """Exec ``executable`` with ``terminal`` as stdin, stdout and stderr, born in ``cgroup``.

    None when this cannot be done safely here (see the module docstring);
    nothing has been started then.
    """
    if _SYS_CLONE3 is None or threading.active_count() > 1:
        return None
    # Everything the child needs is prepared here: between clone and exec it only copies fds.
    args_c = [os.fsencode(a) for a in argv]
    open_max = os.sysconf("SC_OPEN_MAX")
    env_c = {os.fsencode(k): os.fsencode(v) for k, v in env.items()}
    try:
        directory = os.open(cgroup, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        request = _CloneArgs(
            flags=_CLONE_INTO_CGROUP, exit_signal=int(signal.SIGCHLD), cgroup=directory
        )
        libc = ctypes.CDLL(None, use_errno=True)
        pid = libc.syscall(_SYS_CLONE3, ctypes.byref(request), ctypes.sizeof(request))
        if pid == 0:  # the child
            _exec(executable, args_c, env_c, terminal, cwd, open_max)
        if pid < 0:  # ENOSYS, EINVAL (no CLONE_INTO_CGROUP), EPERM, ...
            return None
        return Child(pid)
    finally:
        os.close(directory)


def _exec(
    executable: str,
    argv: list[bytes],
    env: dict[bytes, bytes],
    terminal: int,
    cwd: Path | None,
    open_max: int,
) -> None:
    """In the child: the terminal on fds 0-2, no other fd, signals as Popen leaves them."""
    try:
        for fd in (0, 1, 2):
            os.dup2(terminal, fd)
        os.closerange(3, open_max)  # what Popen's close_fds does
        for number in (signal.SIGPIPE, signal.SIGXFSZ):  # Python ignores them; a program must not
            signal.signal(number, signal.SIG_DFL)
        if cwd is not None:
            os.chdir(cwd)
        os.execve(executable, argv, env)
    finally:
        os._exit(_EXEC_FAILED)
