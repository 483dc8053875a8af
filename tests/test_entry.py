"""entry.py: the console script loads its command with the collector paused, then freezes it."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

PROBE = """
import atexit, gc, sys
def report():
    loaded = "snippets_runner.commands.list_cmd" in sys.modules
    print(f"enabled={gc.isenabled()} frozen={gc.get_freeze_count() > 1000} loaded={loaded}")
atexit.register(report)
sys.argv = ["snippets-runner", *sys.argv[1:]]
from snippets_runner.entry import main
main()
"""


def _probe(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=REPO, capture_output=True, text=True, check=False
    )
    return done.stdout.strip().splitlines()[-1]


def test_the_command_is_loaded_frozen_and_collection_resumes() -> None:
    assert _probe("list", "--help") == "enabled=True frozen=True loaded=True"


def test_an_unknown_word_loads_nothing_more_and_click_reports_it() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "snippets_runner", "frobnicate"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "No such command 'frobnicate'" in done.stderr
    assert _probe("--version") == "enabled=True frozen=True loaded=False"
