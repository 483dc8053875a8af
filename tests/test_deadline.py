"""Judging a command stops at its deadline, and an outer timer (pytest-timeout's) survives."""

from __future__ import annotations

import re
import signal
import threading

import pytest

from snippets_runner.run.deadline import OutOfTime, within


def test_a_backtracking_regex_is_interrupted() -> None:
    with pytest.raises(OutOfTime):
        within(0.2, lambda: re.fullmatch(r"(a+)+b", "a" * 64))


def test_work_that_ends_in_time_returns_its_value() -> None:
    assert within(5, lambda: 42) == 42


def test_no_time_left_is_out_of_time_at_once() -> None:
    ran = []
    with pytest.raises(OutOfTime):
        within(0, lambda: ran.append(1))
    assert ran == []


def test_an_outer_timer_is_restored() -> None:
    fired = threading.Event()
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.set())
    try:
        signal.setitimer(signal.ITIMER_REAL, 60)
        assert within(5, lambda: "done") == "done"
        left, _ = signal.setitimer(signal.ITIMER_REAL, 0)
        assert 0 < left <= 60  # still armed, for what remained of it
        assert not fired.is_set()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_an_outer_timer_due_first_still_fires() -> None:
    fired = threading.Event()
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.set())
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.1)
        with pytest.raises(OutOfTime):
            within(30, lambda: re.fullmatch(r"(a+)+b", "a" * 64))
        assert fired.is_set()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
