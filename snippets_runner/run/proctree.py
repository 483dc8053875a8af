"""Keep every process a page starts inside one box, and end the box with the page.

A page's processes escape a process-tree walk in two ways: ``setsid`` moves
them out of the shell's session and process group, and a double fork (or
the shell exiting first) re-parents them to init.  ``env -i setsid sleep
1000 &`` does both and clears the environment too, so no marker variable
finds it either.  A cgroup is the one handle the kernel keeps regardless:
children are born in their parent's cgroup and cannot leave it unless
someone with write access to the hierarchy moves them.  So each session
gets its own cgroup (v2, where ``cgroup.kill`` ends every member
atomically, even one forking at that moment).

Where no writable cgroup v2 hierarchy exists (not root, or a v1-only host),
the page still runs, but :func:`contain` warns once, by name, that escaped
processes may outlive it; the fallback then kills the shell's descendants
and everything in its session.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import time
import warnings
from pathlib import Path
from typing import Protocol

CGROUP_PARENT = "snippets-runner"
"""The folder, under this process's own cgroup, that holds one cgroup per page session."""
_EMPTY_WAIT = 10.0
"""Seconds to wait for killed members to leave the cgroup before reporting a leak."""


class ContainmentWarning(UserWarning):
    """Processes a page started could outlive it on this machine."""


class Containment(Protocol):
    description: str

    @property
    def birthplace(self) -> Path | None:
        """A cgroup folder a process can be cloned into directly (see run/clone.py), if any."""

    def adopt(self, pid: int) -> None:
        """Move ``pid`` in; its later children are born inside."""

    def kill(self) -> None:
        """SIGKILL every process inside."""

    def wait_empty(self) -> None:
        """Wait until every killed process has ended (reap your own children first)."""

    def close(self) -> None:
        """Release the box; call after :meth:`kill`."""


def _cgroup2_root() -> Path | None:
    try:
        mounts = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return None
    for line in mounts:
        fields = line.split()
        if len(fields) > 2 and fields[2] == "cgroup2":
            return Path(fields[1])
    return None


def _own_cgroup2() -> str | None:
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            if line.startswith("0::"):
                return line[3:]
    return None


class Cgroup:
    """One cgroup v2 per session; ``cgroup.kill`` ends it, ``cgroup.events`` says when."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = f"cgroup {path}"
        path.mkdir(parents=True)
        self._procs = str(path / "cgroup.procs")

    @property
    def birthplace(self) -> Path | None:
        return self.path

    def adopt(self, pid: int) -> None:
        with open(self._procs, "w") as fh:
            fh.write(str(pid))

    def members(self) -> list[int]:
        try:
            return [int(p) for p in Path(self._procs).read_text().split()]
        except OSError:
            return []

    def kill(self) -> None:
        kill_file = self.path / "cgroup.kill"
        if kill_file.exists():
            kill_file.write_text("1")
        else:  # kernels before 5.14: kill until empty (members cannot leave on their own)
            for pid in self.members():
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)

    def wait_empty(self) -> None:
        """Block on ``cgroup.events`` (the kernel signals POLLPRI when it changes)."""
        events = self.path / "cgroup.events"
        with open(events, "rb", buffering=0) as fh:
            poller = select.poll()
            poller.register(fh, select.POLLPRI | select.POLLERR)
            deadline = time.monotonic() + _EMPTY_WAIT
            while time.monotonic() < deadline:
                fh.seek(0)
                if b"populated 0" in fh.read():
                    return
                for pid in self.members():  # a member forked before cgroup.kill landed
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
                poller.poll(100)
        warnings.warn(f"{self.path}: processes survived SIGKILL", ContainmentWarning, stacklevel=2)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.path.rmdir()


class SessionWalk:
    """The fallback: the shell's descendants and every process in its session."""

    def __init__(self, reason: str) -> None:
        self.description = f"process tree (no cgroup: {reason})"
        self.pid: int | None = None

    @property
    def birthplace(self) -> Path | None:
        return None

    def adopt(self, pid: int) -> None:
        self.pid = pid

    def kill(self) -> None:
        if self.pid is not None:
            kill_tree(self.pid)

    def wait_empty(self) -> None:
        pass  # kill_tree waited for every process it could name

    def close(self) -> None:
        pass


_warned = False


def contain(name: str) -> Containment:
    """A fresh box for one session; falls back (with a ContainmentWarning) where it must."""
    global _warned
    root, own = _cgroup2_root(), _own_cgroup2()
    reason = "no cgroup v2 hierarchy mounted"
    if root is not None and own is not None:
        try:
            return Cgroup(root / own.lstrip("/") / CGROUP_PARENT / name)
        except OSError as exc:
            reason = f"cannot create a cgroup under {root}: {exc.strerror}"
    if not _warned:
        _warned = True
        warnings.warn(
            f"snippets-runner: {reason}; processes a page moves out of its session "
            "(setsid with a cleared environment) may outlive the page",
            ContainmentWarning,
            stacklevel=2,
        )
    return SessionWalk(reason)


def _stat_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, session id), from /proc."""
    table: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: parse after the last ')'.
        fields = stat[stat.rfind(b")") + 2 :].split()
        table[int(entry)] = (int(fields[1]), int(fields[3]))
    return table


def descendants(pid: int) -> list[int]:
    """All live descendants of ``pid`` (not including it)."""
    children: dict[int, list[int]] = {}
    for child, (parent, _) in _stat_table().items():
        children.setdefault(parent, []).append(child)
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_tree(pid: int) -> None:
    """SIGKILL ``pid``, its descendants, their process groups and everyone in its session."""
    session = [p for p, (_, sid) in _stat_table().items() if sid == pid]
    victims = [pid, *descendants(pid), *session]
    handles = []
    for victim in victims:  # opened first: a pidfd keeps naming this process, never a reused pid
        with contextlib.suppress(OSError):
            handles.append(os.pidfd_open(victim))
    groups = set()
    for victim in victims:
        with contextlib.suppress(OSError):
            groups.add(os.getpgid(victim))
    for group in groups:
        with contextlib.suppress(OSError):
            os.killpg(group, signal.SIGKILL)
    for victim in victims:
        with contextlib.suppress(OSError):
            os.kill(victim, signal.SIGKILL)
    _wait_dead(handles)


def _wait_dead(handles: list[int]) -> None:
    """SIGKILL is delivered asynchronously: wait until each process has really ended."""
    poller = select.poll()
    for fd in handles:
        poller.register(fd, select.POLLIN)
    deadline = time.monotonic() + _EMPTY_WAIT
    try:
        while handles and time.monotonic() < deadline:
            for fd, _ in poller.poll(100):
                poller.unregister(fd)
                handles.remove(fd)
                os.close(fd)
    finally:
        for fd in handles:
            os.close(fd)
