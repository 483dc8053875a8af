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
  The rc file (:data:`_RC`) sets up the framing (:mod:`.framing`) only in a
  bash that reads the terminal the runner types into: a prompt hook
  (``PROMPT_COMMAND``) that takes the next token the runner issued from
  descriptor :data:`.framing.TOKEN_FD` (the session's token file, opened by
  the first such bash, copied to :data:`.framing.BACKUP_FD`, and deleted by
  the runner once it is open, so its path leads nowhere) and marks the end
  of each command with it, its status and how the prompt will look.  The
  descriptors are the one thing of the framing a command inherits; a page
  that closes the first costs that command bash's complaint about it, and
  the hook takes it again from the copy (never over a number the page made
  its own).  A bash that does not read the terminal
  (``bash -i <<<'echo hi'``) is a plain interactive bash whose output is
  the command's.  Nothing of the framing is exported.
* The hook is kept cheap, since it runs once per command and bash spends
  more on it than on a short command itself: no redirection of its own
  (bash saves and restores descriptors around each one), the token read
  from an open file, and a short function body (bash copies a function's
  body at each call, and expands each word anew) whose one conditional
  checks that the prompt is still as the hook last saw it plain and the
  standard streams still the terminal.  What it last saw
  (``__snippets_quick``) is kept as a pattern that matches that text
  alone, as ``printf %q`` writes the session's plain ASCII (a backslash
  before each character a pattern reads otherwise), so ``[[`` does not
  quote it anew at each prompt.  The rest is in functions of their own
  (``__snippets_prompt_slow``, then ``__snippets_prompt_as_changed``),
  which a plain prompt never copies.  It declares no ``local`` (bash
  builds a variable scope for it, which cost more than reading the
  token): the
  status comes as its argument (``$?`` in ``PROMPT_COMMAND``) and the token
  goes through ``__snippets_t`` (in the slow path too), emptied once
  printed, so no command ever sees one.  A page's ``DEBUG`` trap runs for
  the hook's call, and under ``set -T`` for the commands of the hook
  itself, so the hook turns ``functrace`` off before the slow path, the
  one that reads a token then; only ``shopt -s extdebug`` lets a trap in
  (see the writers' guide: a trap that names ``__snippets_t`` is out of
  scope).  Bash keeps ``$?``, ``$_`` and
  ``PIPESTATUS`` across ``PROMPT_COMMAND``; under ``set -x`` the hook
  turns tracing off for itself before it reads a token (what bash traced
  until then is dropped by the framer, as is the hook's name that
  ``set -v`` echoes).  While the page has
  background jobs, the hook sources a ``( : )`` (:data:`_NOTIFY`): bash
  reports the jobs that ended after a child it waited for, so
  ``[1]+  Done ...`` comes before the end mark, with the command after
  which bash noticed it (as a reader sees it above the prompt), not
  inside the next prompt.
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path

from ..config.options import PAGE_VARIABLES, RESERVED
from .framing import BACKUP_FD, HOOK_CALL, PROMPT_STRINGS, TOKEN_FD
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
if [[ -t 0 ]]; then  # a shell reading the terminal commands are typed into: framed
if [[ -e /dev/fd/{fd} ]]; then :  # inherited: `exec bash`
elif [[ -e /dev/fd/{backup} ]]; then exec {fd}<&{backup}  # the page had closed it
else {{ exec {fd}<{tokens}; }} 2>/dev/null  # the first such bash
fi
[[ -e /dev/fd/{backup} || ! -e /dev/fd/{fd} ]] || exec {backup}<&{fd}
__snippets_quick=
__snippets_prompt() {{  # $1: the status.  Short, for a plain prompt (see the module's notes)
  if [[ ${{!:-}}$SHELLOPTS${{PS0-}}${{PS1-}}${{PS2-}} == $__snippets_quick && -t 1 && -t 2 ]] &&
    builtin read -ru{fd} __snippets_t; then
    builtin printf '\\e]697;E;%s;%s;012t\\a' "$__snippets_t" "$1"
    __snippets_t=
  else __snippets_prompt_slow "$1"
  fi
}}
__snippets_prompt_slow() {{
  case $- in *T*) local -; builtin set +T;; esac  # no DEBUG trap of the page in the hook
  __snippets_prompt_as_changed "$1" "$-"
}}
__snippets_prompt_as_changed() {{  # the page changed prompts, options, descriptors, has jobs
  case $2 in *x*) local -; builtin set +x;; esac
  local f= q=
  if {{ builtin read -r -u {fd} __snippets_t; }} 2>/dev/null; then q=1
  else  # the page closed the session's descriptor, or made that number its own
    if [[ ! -e /dev/fd/{fd} && -e /dev/fd/{backup} ]]; then builtin exec {fd}<&{backup}; fi
    if {{ builtin read -r -u {fd} __snippets_t; }} 2>/dev/null; then q=1
    else {{ builtin read -r -u {backup} __snippets_t; }} 2>/dev/null || __snippets_t=
    fi
  fi
  if [[ -n ${{!:-}} ]] && builtin compgen -A job >/dev/null; then builtin source {notify}; fi
  if [[ ${{PS0-}} == {ps0} ]]; then f=0; fi
  if [[ ${{PS1-}} == {ps1} ]]; then f+=1; fi
  if [[ ${{PS2-}} == {ps2} ]]; then f+=2; fi
  if [[ -o emacs || -o vi ]]; then f+=e; fi
  case $2 in *x*) f+=x;; esac
  case $2 in *v*) f+=v;; esac
  if [[ -t 2 ]]; then f+=t; fi
  if [[ $f != *2*t* ]] && builtin read -t 0; then f+=i; fi
  # L: no token left, the framing is lost
  if [[ -n $__snippets_t ]]; then __snippets_t="E;$__snippets_t;$1;$f"; else __snippets_t=L; fi
  if [[ -t 1 ]]; then builtin printf '\\e]697;%s\\a' "$__snippets_t"
  elif [[ $f == *t* ]]; then builtin printf '\\e]697;%s\\a' "$__snippets_t" >&2
  else builtin printf '\\e]697;%s\\a' "$__snippets_t" >/dev/tty
  fi
  __snippets_t=
  if [[ -z $q ]]; then  # not from the session's descriptor: never the quick way
    __snippets_quick=
  elif [[ $f == 012t && -t 1 && -z ${{!:-}} ]]; then  # plain again: the quick way from now on
    builtin printf -v __snippets_quick %q "$SHELLOPTS${{PS0-}}${{PS1-}}${{PS2-}}"  # a pattern
  fi
}}
PROMPT_COMMAND=([1]={hook})
PS0={ps0}
PS1={ps1}
PS2={ps2}
fi
"""
_NOTIFY = """\
# Sourced by the prompt hook while the page has jobs: PROMPT_COMMAND runs as if not
# interactive, and a sourced file is where bash, after waiting for a child, reports the
# jobs that ended ("[1]+  Done ...") as it does after a command.
( : )
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
    """A session's private HOME and framing directory; :meth:`remove` them when it ends.

    A plain class, not a dataclass: building one at import costs a quarter
    of a millisecond, which every one-command page would pay.
    """

    def __init__(self, path: Path, private: Path) -> None:
        self.path = path
        self.private = private
        """Outside HOME: the token file (until bash has it open) and the job-notice script."""

    @classmethod
    def create(cls) -> ShellHome:
        """A new HOME whose rc files make every bash that reads the terminal in it frame."""
        made = cls(
            Path(tempfile.mkdtemp(prefix="snippets-home-")),
            Path(tempfile.mkdtemp(prefix="snippets-frame-")),
        )
        quoted = {name: shlex.quote(value) for name, value in PROMPT_STRINGS.items()}
        made.tokens.touch(0o600)
        (made.private / "notify").write_text(_NOTIFY)
        made.rc.write_text(
            _RC.format(
                fd=TOKEN_FD,
                backup=BACKUP_FD,
                tokens=shlex.quote(str(made.tokens)),
                notify=shlex.quote(str(made.private / "notify")),
                hook=shlex.quote(HOOK_CALL),
                ps0=quoted["PS0"],
                ps1=quoted["PS1"],
                ps2=quoted["PS2"],
            )
        )
        (made.path / ".bash_profile").write_text(". ~/.bashrc\n")
        return made

    @property
    def tokens(self) -> Path:
        """The file of tokens the runner issues; bash reads it from :data:`TOKEN_FD`."""
        return self.private / "tokens"

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
        """Delete the directories and whatever the page left in them."""
        shutil.rmtree(self.path, ignore_errors=True)
        shutil.rmtree(self.private, ignore_errors=True)
