"""The variables a page's shell starts with are declared once (config.options) and set by
run.shellhome: every declared name is set, and nothing else is."""

from __future__ import annotations

from pathlib import Path

from snippets_runner.config.options import PAGE_VARIABLES, RESERVED
from snippets_runner.run.shellhome import ShellHome


def test_the_shell_starts_with_exactly_the_declared_variables(tmp_path: Path) -> None:
    home = ShellHome.create()
    try:
        env = home.env()
    finally:
        home.remove()
    declared = set(PAGE_VARIABLES) - {"KUBECONFIG", "USER", "LOGNAME"}  # set when known
    assert declared <= set(env) <= set(PAGE_VARIABLES), sorted(set(env) ^ set(PAGE_VARIABLES))
    assert set(PAGE_VARIABLES) <= RESERVED
