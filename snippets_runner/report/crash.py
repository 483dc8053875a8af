"""An unexpected error becomes a masked message, never a raw traceback.

A traceback quotes exception messages, and those can hold anything the
runner had in hand: a command's output, a Secret's value, a token from the
environment. The command line therefore turns every exception into text
that went through the Masker: writer and environment errors as their one
line, anything else as a masked traceback without local variables, with
the values of secret-looking environment variables masked too.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import traceback
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click

from ..errors import SnippetsError, exit_code
from .masker import Masker

P = ParamSpec("P")
R = TypeVar("R")

_SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSW|PASSPHRASE|CREDENTIAL|AUTH|API_?KEY|PRIVATE", re.I)

_known = Masker()


def remember(mask: Masker) -> None:
    """Add values to mask in any crash report of this process (secrets learnt so far)."""
    global _known
    _known = _known | mask


def environment_secrets(environ: dict[str, str] | None = None) -> Masker:
    """Values of environment variables whose names say they are secret."""
    environ = dict(os.environ) if environ is None else environ
    return Masker(v for k, v in environ.items() if _SECRET_NAME.search(k))


def describe(exc: BaseException, mask: Masker | None = None) -> str:
    """What to print for ``exc``: masked, without locals, without the environment."""
    mask = (mask or _known) | environment_secrets()
    if isinstance(exc, SnippetsError):
        return mask(f"error: {exc}")
    text = "".join(traceback.TracebackException.from_exception(exc, capture_locals=False).format())
    return mask(f"internal error (a bug in snippets-runner, please report it):\n{text}").rstrip()


def masked_crashes(command: Callable[P, R]) -> Callable[P, R]:
    """Decorate a click command: errors leave as masked text and the right exit code."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:
            click.echo(describe(exc), err=True)
            sys.exit(exit_code(exc))

    return run
