"""secrets/exposure.py: the runner keeps its own environment from its pages' reach.

A page's shell is the runner's child, and Linux lets a process read the
environment of any other process of its user (``/proc/$PPID/environ``). A
runner that is not dumpable has its ``/proc`` files owned by root, so a page
running as the runner's (non-root) user gets "Permission denied". Root reads
it regardless: these tests show both, and the reports' masking covers root
(tests/test_verification.py).

The runner is run as a separate process, never inside pytest's own: the flag
is the whole process's. As root, the page-reading tests switch the runner to
the ``nobody`` user, the only honest way to show what a same-user page sees.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from subprocess import CompletedProcess

import pytest

REPO = Path(__file__).resolve().parents[1]
TOKEN = "ghp_Exposure0Token0123456789abcdefABCD"
READ_PARENT = "tr '\\0' '\\n' < /proc/$PPID/environ | grep '^GITHUB_TOKEN='"
NOBODY = 65534

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")


def _run(
    argv: list[str], cwd: Path | None = None, page_user: bool = False
) -> CompletedProcess[str]:
    """``argv`` with the token in its environment; as the page's user when asked."""
    environ = {**os.environ, "GITHUB_TOKEN": TOKEN, "PYTHONPATH": str(REPO)}
    prefix = _as_page_user() if page_user else []
    return subprocess.run(
        [*prefix, *argv], cwd=cwd, env=environ, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def _python(script: str, cwd: Path | None = None, page_user: bool = False) -> CompletedProcess[str]:
    return _run([sys.executable, "-c", script], cwd, page_user)


def _as_page_user() -> list[str]:
    """Run as the runner's own user, not root: ``nobody`` when the tests run as root.

    setpriv keeps root's capabilities until it executes the command, so the
    interpreter is found wherever root installed it; the runner then runs
    without any.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, and no setpriv to run as another user")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


@pytest.fixture
def workdir() -> Iterator[Path]:
    """A folder the page user owns (pytest's tmp_path is private to the test's user)."""
    folder = Path(tempfile.mkdtemp(prefix="snippets-exposure-"))
    if os.geteuid() == 0:
        os.chown(folder, NOBODY, NOBODY)
        probe = _python("import snippets_runner, yaml, click", page_user=True)
        if probe.returncode != 0:
            shutil.rmtree(folder)
            pytest.skip(f"the nobody user cannot import the runner: {probe.stderr[-200:]}")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


PARENT = f"""
import subprocess, sys
from snippets_runner.secrets import hide_environment
if sys.argv[1:] == ["hide"]:
    assert hide_environment()
read = subprocess.run(["/bin/sh", "-c", {READ_PARENT!r}], capture_output=True, text=True)
print(read.stdout + read.stderr)
"""


@linux
def test_the_runner_makes_itself_non_dumpable() -> None:
    script = (
        "import ctypes\nfrom snippets_runner.secrets import hide_environment\n"
        "prctl = ctypes.CDLL(None).prctl\nbefore = prctl(3, 0, 0, 0, 0)\n"
        "print(before, hide_environment(), prctl(3, 0, 0, 0, 0))\n"
    )
    assert _python(script).stdout.split() == ["1", "True", "0"]


@linux
def test_a_process_of_the_same_user_reads_the_parents_environment_unless_it_is_hidden(
    workdir: Path,
) -> None:
    """The control: without the flag the same user reads the token; with it, it cannot."""
    shown = _python(PARENT, workdir, page_user=True)
    assert f"GITHUB_TOKEN={TOKEN}" in shown.stdout, shown.stderr
    hidden = _python(PARENT.replace("sys.argv[1:]", '["hide"]'), workdir, page_user=True)
    assert TOKEN not in hidden.stdout and "Permission denied" in hidden.stdout, hidden.stderr


@linux
def test_a_page_run_by_the_runner_as_its_own_user_cannot_read_the_runners_environment(
    workdir: Path,
) -> None:
    page = workdir / "env.md"
    page.write_text(
        "---\nsnippets: {cluster: false}\n---\n# env\n\n"
        f"```console\n~$ {READ_PARENT}\nnothing\n```\n"
    )
    if os.geteuid() == 0:
        os.chown(page, NOBODY, NOBODY)
    verify = ["-W", "ignore", "-m", "snippets_runner", "verify", "--json", "r.json", page.name]
    ran = _run([sys.executable, *verify], workdir, page_user=True)
    assert ran.returncode == 1, ran.stderr
    report = (workdir / "r.json").read_text(encoding="utf-8")
    assert TOKEN not in report + ran.stdout + ran.stderr
    assert "environ: Permission denied" in report, "not even masked: the page could not read it"


@linux
@pytest.mark.skipif(os.geteuid() != 0, reason="what root can do")
def test_root_still_reads_a_hidden_environment() -> None:
    """The documented limit: a page running as root reads it; reports mask it then."""
    shown = _python(PARENT.replace("sys.argv[1:]", '["hide"]'))
    assert f"GITHUB_TOKEN={TOKEN}" in shown.stdout, shown.stderr


def test_where_prctl_is_missing_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    from snippets_runner.secrets import exposure

    monkeypatch.setattr(exposure.sys, "platform", "darwin")
    assert exposure.hide_environment() is False
