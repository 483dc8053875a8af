"""The page's bash gets a private HOME and a pinned environment, so the host does not shape output.

Why this shape:

* The environment is the runner's, minus what would change the shell's
  prompts (``PS1``, ``PROMPT_COMMAND``, ...), size (``COLUMNS``/``LINES``:
  bash sets them from the terminal) or nesting (``SHLVL``), plus pinned
  values: ``LC_ALL``/``LANG`` ``C.UTF-8``, ``TZ=UTC``, ``TERM``, and
  ``PAGER=cat`` because a pager would wait for a key that nobody presses.
  ``HOME`` is the session's own directory, so no reader's dotfiles shape
  the output.
* ``exec bash`` (and ``bash -l``) read the session's rc file from ``HOME``,
  a private directory per session, so the new shell frames the same way.
  The rc file sets the framing prompts (:mod:`.framing`) with the
  session's nonce; they are not exported, so the nonce never reaches a
  command's environment.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .terminal import TERM

_PINNED_ENV = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "UTC", "TERM": TERM, "PAGER": "cat"}
_DROPPED_ENV = (
    *("COLUMNS", "LINES", "PROMPT_COMMAND", "PS0", "PS1", "PS2", "BASH_ENV", "ENV"),
    "SHLVL",  # a reader's terminal starts at 1, whatever shell the runner was started from
)
_RC = """\
# snippets-runner session: read by the page's bash and by any `exec bash` on the page.
set +o emacs +o vi +m
unset PROMPT_COMMAND PS0
PS1='\\e]697;{nonce};P;$?\\a'
PS2='\\e]697;{nonce};C\\a'
readonly PS1 PS2
"""


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

    def env(self, extra: Iterable[tuple[str, str]] = ()) -> dict[str, str]:
        """The runner's environment, cleaned and pinned, with ``extra`` and this HOME."""
        env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
        env.update(extra)
        env.update(_PINNED_ENV, HOME=str(self.path))
        return env

    def remove(self) -> None:
        """Delete the directory and whatever the page left in it."""
        shutil.rmtree(self.path, ignore_errors=True)
