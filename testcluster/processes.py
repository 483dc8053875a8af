"""Start and stop the cluster's host processes, tracked by PID files.

Why PID files with the process start time: `down` must stop exactly what
`up` started and nothing else; a bare PID can be reused by an unrelated
process after a crash, so the start time from /proc is recorded with it and
checked before any signal is sent.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Proc:
    """A process we started: its PID and its start time in clock ticks."""

    name: str
    pid: int
    start_ticks: int


def start_ticks(pid: int) -> int | None:
    """Field 22 of /proc/PID/stat, or None if the process is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may contain spaces; split after its ')'.
    fields = stat.rsplit(")", 1)[1].split()
    if fields[0] == "Z":
        return None
    return int(fields[19])


def is_alive(proc: Proc) -> bool:
    return start_ticks(proc.pid) == proc.start_ticks


def pidfile(pid_dir: Path, name: str) -> Path:
    return pid_dir / f"{name}.json"


def load(pid_dir: Path, name: str) -> Proc | None:
    """The recorded process for a component, if its PID file exists."""
    path = pidfile(pid_dir, name)
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return Proc(name, int(data["pid"]), int(data["start_ticks"]))


def running(pid_dir: Path, name: str) -> Proc | None:
    proc = load(pid_dir, name)
    return proc if proc is not None and is_alive(proc) else None


def start(
    name: str,
    argv: list[str],
    log: Path,
    pid_dir: Path,
    env: dict[str, str] | None = None,
    nice: int = 0,
) -> Proc:
    """Start one component in its own session, logging to its own file.

    Its own session keeps it out of the caller's process group, so a
    terminal's Ctrl-C or a pytest run ending does not take the cluster down.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    pid_dir.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as fh:
        fh.write(f"\n=== {time.strftime('%Y-%m-%dT%H:%M:%S')} {' '.join(argv)}\n".encode())
        fh.flush()
        if nice:
            # Via nice(1) so every thread the program starts inherits the priority.
            argv = ["nice", "-n", str(nice), *argv]
        child = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
            close_fds=True,
        )
    ticks = start_ticks(child.pid)
    if ticks is None:
        raise RuntimeError(f"{name} exited at once; see {log}")
    proc = Proc(name, child.pid, ticks)
    pidfile(pid_dir, name).write_text(json.dumps({"pid": proc.pid, "start_ticks": ticks}))
    return proc


def stop_many(procs: list[Proc], timeout: float = 5.0) -> None:
    """SIGTERM all, wait for them together, SIGKILL stragglers."""
    alive = [p for p in procs if is_alive(p)]
    for proc in alive:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while alive and time.monotonic() < deadline:
        _reap()
        alive = [p for p in alive if is_alive(p)]
        if alive:
            time.sleep(0.05)
    for proc in alive:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while alive and time.monotonic() < deadline:
        _reap()
        alive = [p for p in alive if is_alive(p)]
        time.sleep(0.05)


def _reap() -> None:
    """Collect our own exited children so they do not linger as zombies."""
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass


def stop(pid_dir: Path, names: list[str], timeout: float = 5.0) -> None:
    """Stop the named components (if running) and remove their PID files."""
    procs = [p for n in names if (p := load(pid_dir, n)) is not None]
    stop_many(procs, timeout)
    for name in names:
        pidfile(pid_dir, name).unlink(missing_ok=True)


def pids_with_cmdline(fragment: str) -> list[int]:
    """PIDs whose command line contains fragment (e.g. our containerd socket path).

    Used to find containerd shims, which re-parent themselves and are not in
    any PID file, by the unique path of our own containerd.
    """
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if fragment in cmd:
            found.append(int(entry.name))
    return found


def rss_kib(pid: int) -> int:
    """Resident set size of one process in KiB (0 if gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
