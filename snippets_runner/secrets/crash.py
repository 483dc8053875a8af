"""An unexpected error becomes a masked message, never a raw traceback.

A traceback quotes exception messages, and those can hold anything the
runner had in hand: a command's output, a Secret's value, a token from the
environment. So every exception that leaves a command is turned into text
that went through a Masker: writer and environment errors as their one
line, anything else as a masked traceback without local variables, with
the credentials of the runner's environment masked too.

What a crash must mask grows while a run learns secrets (the kubeconfig's
when the cluster is chosen, each lesson's before it runs). That knowledge
is a :class:`KnownSecrets` object the command line creates for one
command and passes down (`verification.verifier`); whoever learns a secret
tells it. Nothing here is module state and nothing here prints: the
command line catches, asks :meth:`KnownSecrets.describe` and prints.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Mapping

from ..errors import SnippetsError
from .gather import environment_secrets
from .mask import Masker


class KnownSecrets:
    """The secrets one command has learnt so far: what a crash report must mask."""

    def __init__(self) -> None:
        self._mask = Masker()

    @property
    def mask(self) -> Masker:
        return self._mask

    def learn(self, secrets: Masker | Iterable[str]) -> None:
        """Add values to mask in any crash report of this command from now on."""
        self._mask = self._mask | (secrets if isinstance(secrets, Masker) else Masker(secrets))

    def describe(self, exc: BaseException, environ: Mapping[str, str] | None = None) -> str:
        return describe(exc, self._mask, environ)


def describe(
    exc: BaseException, mask: Masker | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """What to print for ``exc``: masked, without locals, without the environment."""
    mask = (mask or Masker()) | Masker(environment_secrets(environ))
    if isinstance(exc, SnippetsError):
        return mask(f"error: {exc}")
    text = "".join(traceback.TracebackException.from_exception(exc, capture_locals=False).format())
    return mask(f"internal error (a bug in snippets-runner, please report it):\n{text}").rstrip()
