"""The page's bash gets a private HOME and a clean, documented environment.

Why this shape:

* A page's output lands in reports and, through ``update``, in the page
  itself: a page that runs ``env`` must not publish the runner's
  ``GITHUB_TOKEN`` or cloud keys.  So the shell does not inherit the
  runner's environment; it starts from this list (:data:`ENVIRONMENT`),
  which is what a reader's fresh terminal has and nothing of the host:

  ``PATH``
      the runner's, so the programs the machine was set up with
      (``kubectl``, ``helm``) are found as in a reader's shell;
  ``HOME``
      the session's own directory, so no dotfiles, ``~/.kube/config`` or
      ``~/.aws`` of the machine shape the output or reach a cluster;
  ``USER``, ``LOGNAME``
      the account's name from the user database, as a login sets them;
  ``SHELL``
      the bash the page runs in;
  ``LANG``, ``LC_ALL`` = ``C.UTF-8``
      messages and sorting independent of the host's locale, UTF-8 text;
  ``TZ`` = ``UTC``
      dates print the same on every machine;
  ``TERM``
      the terminal the session is (:mod:`.terminal`);
  ``PAGER`` = ``cat``
      a pager would wait for a key that nobody presses;
  ``KUBECONFIG``
      given by the caller: the runner's private kubeconfig holding only
      the chosen context, or a file that does not exist for a page that
      declares it needs no cluster.

  Bash sets ``PWD``, ``SHLVL`` (1, as in a reader's terminal), ``COLUMNS``
  and ``LINES`` (from the terminal) itself.  Everything else stays out,
  unless the site passes it by name: ``pass-env`` in
  ``[tool.snippets-runner]`` (names or glob patterns, :func:`passed`).  A
  pattern never passes a variable the runner sets or that would change
  the shell's prompts (:data:`RESERVED`).
* ``exec bash`` (and ``bash -l``) read the session's rc file from ``HOME``,
  a private directory per session, so the new shell frames the same way.
  The rc file sets the framing prompts (:mod:`.framing`) with the
  session's nonce; they are not exported, so the nonce never reaches a
  command's environment.
"""

from __future__ import annotations

import os
import pwd
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path

from ..config.options import PAGE_VARIABLES, RESERVED
from .terminal import TERM

_PINNED_ENV = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "UTC", "TERM": TERM, "PAGER": "cat"}
_INHERITED = ("PATH",)
"""Taken from the runner as they are."""
ENVIRONMENT = PAGE_VARIABLES
"""Every variable the page's shell starts with, besides those the site passes (declared in
config.options, where ``pass-env`` is checked against them)."""
_RC = """\
# snippets-runner session: read by the page's bash and by any `exec bash` on the page.
set +o emacs +o vi +m
unset PROMPT_COMMAND PS0
PS1='\\e]697;{nonce};P;$?\\a'
PS2='\\e]697;{nonce};C\\a'
readonly PS1 PS2
"""


def passed(patterns: Iterable[str], environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The runner's variables that ``patterns`` (names or globs, case-sensitive) pass to pages."""
    patterns = tuple(patterns)
    if not patterns:
        return {}
    environ = os.environ if environ is None else environ
    return {
        name: value
        for name, value in environ.items()
        if name not in RESERVED and any(fnmatchcase(name, p) for p in patterns)
    }


@cache
def _account() -> str:
    """The account's name, as a login sets USER and LOGNAME ("" without a passwd entry)."""
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return ""


@cache
def _bash(path: str) -> str:
    return shutil.which("bash", path=path) or "/bin/bash"


class ShellHome:
    """A session's private HOME directory; :meth:`remove` it when the session ends.

    A plain class, not a dataclass: building one at import costs a quarter
    of a millisecond, which every one-command page would pay.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def create(cls, nonce: str) -> ShellHome:
        """A new HOME whose rc files make every bash in it frame with ``nonce``."""
        home = cls(Path(tempfile.mkdtemp(prefix="snippets-home-")))
        home.rc.write_text(_RC.format(nonce=nonce))
        (home.path / ".bash_profile").write_text(". ~/.bashrc\n")
        return home

    @property
    def rc(self) -> Path:
        """The rc file the session's bash starts with (``--rcfile``)."""
        return self.path / ".bashrc"

    def env(
        self,
        extra: Iterable[tuple[str, str]] = (),
        pass_env: Iterable[str] = (),
        environ: Mapping[str, str] | None = None,
    ) -> dict[str, str]:
        """The documented environment (:data:`ENVIRONMENT`) with ``extra`` and this HOME.

        Of the runner's own variables (``environ``, default ``os.environ``)
        only ``PATH`` and those ``pass_env`` names reach the shell.
        """
        environ = os.environ if environ is None else environ
        env = passed(pass_env, environ)
        env.update((name, environ[name]) for name in _INHERITED if name in environ)
        env.setdefault("PATH", os.defpath)
        env.update(extra)
        account = _account() or environ.get("USER", "")
        if account:
            env.update(USER=account, LOGNAME=account)
        env.update(_PINNED_ENV, HOME=str(self.path), SHELL=_bash(env["PATH"]))
        return env

    def remove(self) -> None:
        """Delete the directory and whatever the page left in it."""
        shutil.rmtree(self.path, ignore_errors=True)
