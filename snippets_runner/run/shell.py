"""One persistent bash session per page, driven like a reader's terminal.

Why this shape:

* Commands run in the *main* shell (via ``eval``), so ``cd``, exported
  variables and shell functions carry over from one command (and block) to
  the next, exactly as they do for a reader.
* Framing: bash runs a tiny driver loop that reads one NUL-terminated command
  from its stdin (NUL can never occur inside a bash string, so no quoting or
  length prefix is needed), evaluates it with stdin from ``/dev/null`` (a
  command must never swallow the next command) and then prints a marker made
  of a random per-session nonce and ``$?``.  Python reads the merged
  stdout+stderr pipe until the nonce appears.  No fork happens per command
  besides the command's own, which keeps the overhead well under a
  millisecond.
* stdout and stderr share one pipe, so they interleave in the order a
  terminal would show them.
* Bash is started as the leader of its own session/process group.  On a
  timeout the whole tree (bash, its process group and the groups of all its
  descendants, so background jobs and ``setsid`` children too) is killed and
  the partial output kept; the session is then dead and must be restarted,
  because whatever the command was doing to the shell's state is unknown.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import select
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .proctree import kill_tree

DEFAULT_COLUMNS = 120
_DRIVER = (
    "set -o pipefail\n"
    "while IFS= read -r -d '' __sr_cmd; do\n"
    '  eval "$__sr_cmd" </dev/null\n'
    '  builtin printf \'%s %d\\n\' "$__SR_NONCE" "$?"\n'
    "done\n"
)


@dataclass(frozen=True)
class ShellOptions:
    """How the session's environment is pinned so output does not depend on the host."""

    cwd: Path | None = None
    env: tuple[tuple[str, str], ...] = ()
    """Extra variables (e.g. KUBECONFIG) on top of the pinned ones."""
    columns: int = DEFAULT_COLUMNS
    default_timeout: float = 60.0


@dataclass(frozen=True)
class Execution:
    """What one command did: its merged output, status and wall time.

    ``exit_status`` is None when the command was killed by the timeout;
    ``shell_exited`` is True when the command ended the shell itself
    (``exit 3``), in which case ``exit_status`` is the shell's status.
    """

    output: str
    exit_status: int | None
    duration: float
    timed_out: bool = False
    shell_exited: bool = False


class ShellSession:
    """A running bash; use as a context manager so the process tree never leaks."""

    def __init__(self, options: ShellOptions | None = None) -> None:
        self.options = options or ShellOptions()
        self._nonce = "__SR_" + secrets.token_hex(12) + "__"
        self._marker = (self._nonce + " ").encode()
        env = dict(os.environ)
        env.update(self.options.env)
        env.update(
            LC_ALL="C.UTF-8",
            LANG="C.UTF-8",
            TZ="UTC",
            COLUMNS=str(self.options.columns),
            TERM="dumb",
            __SR_NONCE=self._nonce,
        )
        self._proc = subprocess.Popen(
            ["bash", "--noprofile", "--norc", "-c", _DRIVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=self.options.cwd,
            env=env,
            start_new_session=True,
            bufsize=0,
        )
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._in = self._proc.stdin.fileno()
        self._out = self._proc.stdout.fileno()
        self._poll = select.poll()
        self._poll.register(self._out, select.POLLIN | select.POLLHUP)
        self.alive = True
        # Output that arrived after the previous marker (a background job's), kept in order.
        self._pending = bytearray()

    def run(self, command: str, timeout: float | None = None) -> Execution:
        """Run one command to completion (or until ``timeout`` seconds) and frame its output."""
        if not self.alive:
            raise RuntimeError("the shell session is closed; start a new one")
        limit = self.options.default_timeout if timeout is None else timeout
        start = time.monotonic()
        deadline = start + limit
        # If the shell died, writing fails and the read below sees EOF and reports it.
        with contextlib.suppress(BrokenPipeError):
            os.write(self._in, command.encode() + b"\0")
        buf, self._pending = self._pending, bytearray()
        marker = self._marker
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return self._timed_out(buf, start)
            events = self._poll.poll(remaining * 1000)
            if not events:
                continue
            chunk = os.read(self._out, 65536)
            if not chunk:
                return self._exited(buf, start)
            buf += chunk
            at = buf.find(marker)
            end = buf.find(b"\n", at) if at >= 0 else -1
            if end >= 0:
                status = int(buf[at + len(marker) : end])
                self._pending = buf[end + 1 :]
                return Execution(_decode(buf[:at]), status, time.monotonic() - start)

    def _timed_out(self, buf: bytearray, start: float) -> Execution:
        duration = time.monotonic() - start
        kill_tree(self._proc.pid, f"__SR_NONCE={self._nonce}".encode())
        buf += self._drain()
        self._finish()
        return Execution(_decode(buf), None, duration, timed_out=True)

    def _exited(self, buf: bytearray, start: float) -> Execution:
        status = self._proc.wait()
        self._finish()
        if status < 0:  # killed by a signal: report it the way bash would
            status = 128 - status
        return Execution(_decode(buf), status, time.monotonic() - start, shell_exited=True)

    def _drain(self) -> bytes:
        """Collect what the killed tree had already written, without waiting on stragglers."""
        out = bytearray()
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline and self._poll.poll(100):
            chunk = os.read(self._out, 65536)
            if not chunk:
                break
            out += chunk
        return bytes(out)

    def _finish(self) -> None:
        self.alive = False
        for stream in (self._proc.stdin, self._proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        try:
            self._proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self._proc.pid, signal.SIGKILL)
            self._proc.wait()

    def close(self) -> None:
        """Kill what the page left behind (background jobs, port-forwards) with the shell."""
        if self.alive:
            kill_tree(self._proc.pid, f"__SR_NONCE={self._nonce}".encode())
            self._finish()

    def __enter__(self) -> ShellSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _decode(data: bytes | bytearray) -> str:
    return bytes(data).decode("utf-8", errors="replace")
