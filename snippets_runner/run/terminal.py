"""The reader's terminal: a pseudo-terminal of fixed size and settings, and bash on it.

Readers paste commands into an interactive bash in a terminal, and programs
notice: ``ls`` prints columns, buffered programs flush per line,
``kubectl exec -it`` needs a terminal on stdin.  So the page's bash is
interactive (``-i``) on a fresh pty that is its controlling terminal.

Everything a host could change is pinned here: the size (120x50 by default),
the line settings (the kernel's defaults for a new pty, which ``stty sane``
also gives, with ``echo`` off so typed commands are not copied into the
output, and ``iutf8``), ``TERM``.  Line editing is off (``--noediting``):
readline would echo and redraw what is typed, which a reader sees but the
page does not publish.  A page may turn either on (``stty sane``,
``set -o vi``), as a reader may; the session then asks the terminal
(:func:`echoes`) before it types, and the framing drops what is echoed
with the prompt (:mod:`.framing`).

What is typed goes through the terminal's line discipline (canonical mode),
so two things are prepared here: control characters in a command are
prefixed with ``^V`` (literal next) so they reach bash as typed rather than
acting as ``^C``/``^D``; and a line may not exceed the kernel's 4095-byte
line buffer, beyond which the kernel silently drops input.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import struct
import subprocess
import termios
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Protocol

from ..errors import ShellError
from .clone import spawn_into

TERM = "xterm"
MAX_LINE = 4095
"""The kernel's canonical-mode line buffer (N_TTY_BUF_SIZE - 1)."""
_IUTF8 = 0o40000
"""Linux's IUTF8 input flag (erase whole UTF-8 characters); the termios module lacks it."""
_LNEXT = b"\x16"
_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")


def open_pty(columns: int, rows: int) -> tuple[int, int]:
    """A new (master, slave) pair with pinned settings; the master is non-blocking."""
    master, slave = os.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[0] |= _IUTF8
    attrs[3] &= ~(termios.ECHO | termios.ECHONL)
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    os.set_blocking(master, False)
    return master, slave


_TERMIOS = struct.Struct("4I")
"""The flags that begin ``struct termios``: c_iflag, c_oflag, c_cflag, c_lflag."""


def echoes(master: int) -> bool:
    """Whether the terminal echoes what is typed now (a page's ``stty echo``, ``stty sane``).

    ``TCGETS`` on the master reads the slave's settings; one ioctl, no list
    built as :func:`termios.tcgetattr` does, since it is asked before every
    batch of typing.
    """
    settings = bytearray(60)  # struct termios is 60 bytes on Linux
    fcntl.ioctl(master, termios.TCGETS, settings)
    return bool(_TERMIOS.unpack_from(settings)[3] & termios.ECHO)


_PARSER_READS = frozenset({b"0x400", b"0x80"})
"""What bash's command reader asks ``read`` for without line editing: 1024 bytes (bash 5.1 and
later; 128 in 5.0).  The ``read`` builtin asks for 4096 bytes or 1, other programs other sizes."""


@cache
def _read_call() -> bytes:
    """The number of the ``read`` system call, as ``/proc/PID/syscall`` shows it.

    Read from this thread's own entry, which shows the ``read`` that reads it.
    """
    fd = os.open("/proc/thread-self/syscall", os.O_RDONLY)
    try:
        return os.read(fd, 64).split(b" ", 1)[0]
    finally:
        os.close(fd)


def reads_commands(pid: int) -> bool:
    """Whether bash (``pid``) sleeps in its command reader, reading the terminal for more.

    ``/proc/PID/syscall`` shows the system call a sleeping process is in and its
    arguments: bash's reader reads descriptor 0 in blocks of its own size
    (:data:`_PARSER_READS`); a command bash runs (``read``, a child it waits
    for) shows otherwise.  False when the system does not say (no ``/proc``,
    a kernel that hides it).
    """
    try:
        fd = os.open(f"/proc/{pid}/syscall", os.O_RDONLY)
        try:
            shown = os.read(fd, 256).split(b" ", 4)
        finally:
            os.close(fd)
        call = _read_call()
    except OSError:
        return False
    return len(shown) > 3 and shown[0] == call and shown[1] == b"0x0" and shown[3] in _PARSER_READS


class Spawned(Protocol):
    """The started bash: a Popen, or a :class:`~.clone.Child` born in its cgroup."""

    @property
    def pid(self) -> int: ...

    def wait(self) -> int: ...


def spawn_bash(
    slave: int,
    rcfile: Path,
    cwd: Path | None,
    env: Mapping[str, str],
    cgroup: Path | None = None,
) -> tuple[Spawned, bool]:
    """Start an interactive bash whose controlling terminal is ``slave``.

    util-linux ``setsid --ctty`` makes the new session and takes the
    terminal, then execs bash in the same process (it only forks when it is
    already a group leader, which a plain child is not).  That keeps the
    spawn a vfork: a ``preexec_fn`` would force a full fork of this process,
    several milliseconds per page.

    With ``cgroup``, bash is born inside it when that can be done safely
    (see :mod:`.clone`); the flag returned says whether it was, so the
    caller moves it in otherwise.
    """
    argv = ["setsid", "--ctty", "bash", "--noprofile", "--rcfile", str(rcfile), "--noediting", "-i"]
    setsid = shutil.which("setsid", path=env.get("PATH", os.defpath))
    if cgroup is not None and setsid is not None:
        child = spawn_into(cgroup, setsid, argv, env, slave, cwd)
        if child is not None:
            return child, True
    try:
        proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=dict(env)
        )
    except OSError as exc:
        raise ShellError(f"cannot start bash on a terminal: {exc}") from exc
    return proc, False


class LineTooLong(ShellError):
    """A command line the terminal would cut: the page must split it."""


def typed(text: str) -> bytes:
    """The bytes to type for ``text`` (plus Enter), control characters taken literally."""
    data = text.encode()
    if len(data) < MAX_LINE and _CONTROL.search(data) is None:  # most commands: as they are
        return data + b"\n"
    data = _CONTROL.sub(lambda m: _LNEXT + m.group(), data)
    for line in data.split(b"\n"):
        if len(line) >= MAX_LINE:
            raise LineTooLong(
                f"a command line of {len(line)} bytes does not fit a terminal line "
                f"({MAX_LINE} bytes); split it with a backslash continuation"
            )
    return data + b"\n"


_TRAILING_CR = re.compile(rb"\r+\n")


def cleaned(data: bytes | bytearray) -> str:
    """What a reader reads: the terminal's CR before each LF dropped, nothing else touched.

    The terminal's output processing (``onlcr``) turns every ``\\n`` into
    ``\\r\\n``; a program's own ``\\r\\n`` arrives as ``\\r\\r\\n``.  On screen
    any run of CRs right before a LF is invisible, so it is removed; a lone
    ``\\r`` (a progress bar redrawing its line), escape sequences a program
    prints, NUL bytes and everything else are kept as they are.
    """
    if b"\r\r" not in data:  # most output: one CR per LF at most, no run to find
        return data.replace(b"\r\n", b"\n").decode("utf-8", errors="replace")
    return _TRAILING_CR.sub(b"\n", bytes(data)).decode("utf-8", errors="replace")
