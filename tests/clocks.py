"""Clocks a test controls, so no expectation depends on how fast this machine is today.

A test swaps one of these in for the ``time`` module a module under test
imported (``monkeypatch.setattr(module, "time", clock)``): only that
module's view of time changes.

* :class:`FakeTime` stands still until the test (or the code's own
  ``time.sleep``) moves it: what the code measures is exactly what the test
  made happen.
* :class:`JumpingTime` runs with the real clock, plus jumps the test makes:
  by hand (:meth:`JumpingTime.jump`) or once a command in a real shell has
  printed a cue (:meth:`JumpingTime.jump_when_printed`), which makes "its
  time is up" a point in the command, not an amount of the machine's time.

:func:`shell_clock` gives shell sessions either one. With a :class:`FakeTime`
shared with the runner (:func:`page_clock`), a page's commands take no time
at all unless a cue says otherwise: a ``retry=`` deadline, a command's
timeout and what is left of it for matching are then counts of the test's
own steps, however long bash really took on a loaded machine.
"""

from __future__ import annotations

import time
from typing import TypeVar

import pytest

from snippets_runner.run import runner, shell
from snippets_runner.run.framing import Framer


class _Cued:
    """Jumps set off by what a command in a real shell prints (see :func:`shell_clock`)."""

    def __init__(self) -> None:
        self._cues: list[tuple[bytes, float]] = []

    def jump(self, seconds: float) -> None:
        raise NotImplementedError

    def jump_when_printed(self, cue: str, seconds: float) -> None:
        """Jump ``seconds`` ahead once the running command's framed output holds ``cue``."""
        self._cues.append((cue.encode(), seconds))

    def _framed(self, output: bytes | bytearray) -> None:
        for cue in [c for c in self._cues if c[0] in output]:
            self._cues.remove(cue)
            self.jump(cue[1])


class FakeTime(_Cued):
    """A monotonic clock that moves only when told to; ``sleep`` moves it and returns."""

    def __init__(self, start: float = 1000.0) -> None:
        super().__init__()
        self.now = start
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def jump(self, seconds: float) -> None:
        self.advance(seconds)


class JumpingTime(_Cued):
    """The real monotonic clock plus the jumps the test made (and those its cues set off)."""

    def __init__(self) -> None:
        super().__init__()
        self.offset = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

    def jump(self, seconds: float) -> None:
        self.offset += seconds


Clock = TypeVar("Clock", FakeTime, JumpingTime)


def shell_clock(monkeypatch: pytest.MonkeyPatch, clock: Clock | None = None) -> Clock:
    """From now on shell sessions read ``clock`` (a new :class:`JumpingTime` by default), for
    their timeouts and framing.

    A command's timeout is measured by the session (``shell.time``) from the
    moment its framer (``shell.Framer``) saw the previous prompt; both read
    the same clock here.  A cue is looked for in what the framer has given
    the running command, not in what the shell has done: commands are typed
    ahead, so the shell may be well past a point the framer has yet to see.
    """
    chosen = JumpingTime() if clock is None else clock

    class ClockedFramer(Framer):
        def __init__(self) -> None:
            super().__init__(chosen.monotonic)

        def feed(self, data: bytes | bytearray) -> None:
            super().feed(data)
            if self.typed:
                chosen._framed(self.typed[0].output)

    monkeypatch.setattr(shell, "time", chosen)
    monkeypatch.setattr(shell, "Framer", ClockedFramer)
    return chosen  # type: ignore[return-value]


def page_clock(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    """One :class:`FakeTime` for the runner (retries, durations) and its shell sessions.

    Time moves only by the runner's own backoff sleeps and the jumps the test
    makes (or cues: :meth:`FakeTime.jump_when_printed`): a command "takes" no
    time, so a retry deadline or a timeout is never reached by a slow machine.
    """
    clock = shell_clock(monkeypatch, FakeTime())
    monkeypatch.setattr(runner, "time", clock)
    return clock
