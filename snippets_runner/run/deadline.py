"""Bound the time spent judging one command's output by what is left of its timeout.

A command's timeout is the writer's promise that it ends in that time,
matching included: a pathological published line must not stall a run for
minutes after the command itself finished in a second.  Python cannot stop
another thread, but a signal handler runs in the main thread between
bytecodes and inside ``re``'s matching loop (which checks for signals), so
an interval timer interrupts the matcher wherever it is.

One :class:`Alarm` serves a whole page (installing a handler costs more
than judging a short output); each judgement only arms and disarms the
timer.  The timer is ``ITIMER_REAL``, which other tools (pytest-timeout)
may use too: an outer timer is saved, honoured if it is due first, and
restored.  Off the main thread no handler can be installed; there the time
is only measured.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import TypeVar

T = TypeVar("T")


class OutOfTime(Exception):
    """The judging of one command ran past its deadline."""


class Alarm:
    """A SIGALRM handler held for the lifetime of a ``with`` block."""

    def __init__(self) -> None:
        self._active = False
        self._outer_handler: signal._HANDLER = signal.SIG_DFL
        self._outer_due: float | None = None
        self._outer_interval = 0.0
        self._outer_first = False

    def __enter__(self) -> Alarm:
        self._active = threading.current_thread() is threading.main_thread()
        if self._active:
            self._outer_handler = signal.getsignal(signal.SIGALRM) or signal.SIG_DFL
            delay, self._outer_interval = signal.setitimer(signal.ITIMER_REAL, 0)
            self._outer_due = time.monotonic() + delay if delay > 0 else None
            signal.signal(signal.SIGALRM, self._expire)
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._active:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._outer_handler)
        if self._outer_due is not None:
            left = max(self._outer_due - time.monotonic(), 1e-6)
            signal.setitimer(signal.ITIMER_REAL, left, self._outer_interval)

    def _expire(self, signum: int, frame: FrameType | None) -> None:
        if self._outer_first and callable(self._outer_handler):
            self._outer_handler(signum, frame)
        raise OutOfTime

    def within(self, seconds: float, work: Callable[[], T]) -> T:
        """``work()``, or :class:`OutOfTime` if it takes longer than ``seconds``."""
        if seconds <= 0:
            raise OutOfTime
        if not self._active:
            return work()
        outer_left = None if self._outer_due is None else self._outer_due - time.monotonic()
        self._outer_first = outer_left is not None and outer_left <= seconds
        delay = max(outer_left or 0.0, 1e-6) if self._outer_first else seconds
        signal.setitimer(signal.ITIMER_REAL, delay)
        try:
            return work()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)


def within(seconds: float, work: Callable[[], T]) -> T:
    """``work()`` under its own :class:`Alarm`, for a single judgement."""
    with Alarm() as alarm:
        return alarm.within(seconds, work)
