"""Kill a process and everything it started, including children that changed group.

A command's timeout must not leave a `kubectl port-forward` or a `sleep`
behind, and a child that called setsid() is no longer in the shell's process
group, so the tree is walked through /proc (Linux) before anything is killed.
A double-forked daemon is not even a descendant any more; it still carries
the session's environment, so a per-session marker variable finds it.
"""

from __future__ import annotations

import contextlib
import os
import signal


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
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
        children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def descendants(pid: int) -> list[int]:
    """All live descendants of ``pid`` (not including it)."""
    children = _children_map()
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def marked(marker: bytes) -> list[int]:
    """Processes whose environment contains ``marker`` (e.g. ``__SR_NONCE=...``)."""
    found: list[int] = []
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as fh:
                if marker in fh.read():
                    found.append(int(entry))
        except OSError:
            continue
    return found


def kill_tree(pid: int, marker: bytes | None = None) -> None:
    """SIGKILL ``pid``, its process group, every descendant and descendant's group,
    and (when ``marker`` is given) every process whose environment carries it."""
    victims = [pid, *descendants(pid), *(marked(marker) if marker else [])]
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
