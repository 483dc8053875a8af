"""pytest plugin for tools/mutation.py: label coverage by the pytest node that ran each line.

coverage's own ``dynamic_context = test_function`` names the innermost
function whose name starts with ``test``; inside a Hypothesis property that
is Hypothesis's ``ConjectureRunner.test_function``, so the lines a property
reaches would belong to no test. Switching the context in pytest's hooks
names the node itself, fixtures included.

It also writes each node's call duration (JSON, to $MUTATION_DURATIONS), so
that a mutant's tests run fastest first and a killed mutant dies early.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import coverage
import pytest

_durations: dict[str, float] = {}


def _switch(context: str) -> None:
    current = coverage.Coverage.current()
    if current is not None:
        current.switch_context(context)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    _switch(item.nodeid)
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    _switch(item.nodeid)
    start = time.perf_counter()
    yield
    _durations[item.nodeid] = time.perf_counter() - start


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    yield
    _switch("")


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = os.environ.get("MUTATION_DURATIONS")
    if target:
        Path(target).write_text(json.dumps(_durations))
