"""Keep the runner's own environment out of its pages' reach, where the kernel allows.

A page's shell starts with a clean environment (`run.shellhome`), but the
runner is its parent, and Linux lets any process of the same user read
another's ``/proc/<pid>/environ`` (and its memory): ``tr '\\0' '\\n' <
/proc/$PPID/environ`` would print the CI token the runner was started with.
Reports mask the runner's credentials anyway (`gather.environment_secrets`);
this closes the door itself: a process that is not *dumpable* has its
``/proc/<pid>`` files owned by root, so another process of the same user can
no longer read its environment or memory, nor attach a debugger to it.

What it does not do: root (or a process with ``CAP_SYS_PTRACE``) still reads
everything, so a page run as root, or one that can become root (``sudo``),
can still print the runner's environment; masking is the protection then.
Only the runner's own process is hidden: the processes that started it (a
CI step's shell) usually hold the same variables and stay readable to a
same-user page, whose reports mask those values as the runner's own.
The flag is the process's, not inherited through ``exec``: the page's own
processes stay readable to each other, as on a reader's machine. A
non-dumpable runner writes no core dump, and a same-user debugger or
profiler (``py-spy``, ``gdb -p``) needs root to attach to it.
"""

from __future__ import annotations

import sys

PR_GET_DUMPABLE = 3
PR_SET_DUMPABLE = 4


def hide_environment() -> bool:
    """Make this process non-dumpable (Linux ``prctl(PR_SET_DUMPABLE, 0)``).

    Returns whether it is now: False where there is no ``prctl`` (not Linux)
    or the call fails; nothing else changes then, and reports still mask.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # run.clone loads it too, for the page's shell

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return False
    prctl.restype = ctypes.c_int
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        return False
    return bool(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0)
