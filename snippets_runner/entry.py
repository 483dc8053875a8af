"""The console script's entry point, where start-up is paid for every page a writer checks.

Importing the command line and a command allocates tens of thousands of
objects and frees almost none, yet each burst of allocations makes the
garbage collector scan everything allocated so far again; and at exit the
interpreter scans it all once more. None of it is ever garbage. So the
console script imports the command line and the command it is asked for
with the collector paused, then freezes what they created (moves it out of
every later collection, the one at exit included): about 15 ms of the
100 ms a one-command page takes.

Only the console script does this; importing :mod:`snippets_runner.cli` as
a library (tests, other tools) leaves the collector alone.
"""

from __future__ import annotations

import gc
import importlib
import sys


def main() -> None:
    """``snippets-runner``: the click group in snippets_runner.cli."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        cli = importlib.import_module("snippets_runner.cli")
        # The group has no option that takes a value: the first other word names the command.
        name = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "")
        if name in cli.COMMANDS:
            importlib.import_module(cli.COMMANDS[name].split(":")[0])
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    cli.main()
