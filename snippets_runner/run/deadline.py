"""Bound the time spent judging one command's output by what is left of its timeout.

A command's timeout is the writer's promise that it ends in that time,
matching included: a pathological published line must not stall a run for
minutes after the command itself finished in a second.  Python cannot stop
another thread, but a signal handler runs in the main thread between
bytecodes and inside ``re``'s matching loop (which checks for signals), so
an interval timer interrupts the matcher wherever it is.

The timer is ``ITIMER_REAL``, which other tools (pytest-timeout) may use
too: an outer timer is saved, honoured if it is due first, and restored.
Off the main thread no handler can be installed; there the time is only
measured.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TypeVar


class OutOfTime(Exception):
    """The judging of one command ran past its deadline."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`OutOfTime` inside the block once ``seconds`` have passed."""
    if seconds <= 0:
        raise OutOfTime
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    start = time.monotonic()
    outer_handler = signal.getsignal(signal.SIGALRM) or signal.SIG_DFL
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, 0)
    outer_first = 0 < outer_delay <= seconds

    def expire(signum: int, frame: FrameType | None) -> None:
        if outer_first and callable(outer_handler):
            outer_handler(signum, frame)
        raise OutOfTime

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, outer_delay if outer_first else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, outer_handler)
        if outer_delay > 0:
            left = outer_delay - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), outer_interval)


T = TypeVar("T")


def within(seconds: float, work: Callable[[], T]) -> T:
    """``work()``, or :class:`OutOfTime` if it takes longer than ``seconds``."""
    with deadline(seconds):
        return work()
