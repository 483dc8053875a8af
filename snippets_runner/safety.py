"""Which kubeconfig contexts a verification run may touch.

Pages delete pods, scale StatefulSets and create Secrets.  Pointing the
runner at the wrong cluster (the one the current context happens to name)
would do that to someone's real workload, so a context must be allowed
explicitly -- on the command line, in the project's pyproject.toml or in the
environment -- before anything runs.  An allow-list, never a deny-list.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from .errors import ClusterError

ENV_VAR = "SNIPPETS_ALLOWED_CONTEXTS"
"""Comma- or whitespace-separated context names."""



def find_pyproject(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def configured_contexts(pyproject: Path | None) -> set[str]:
    """``[tool.snippets-runner] allowed-contexts = [...]`` from pyproject.toml."""
    if pyproject is None:
        return set()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ClusterError(f"{pyproject}: cannot read allowed-contexts: {exc}") from None
    value = data.get("tool", {}).get("snippets-runner", {}).get("allowed-contexts", [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ClusterError(
            f"{pyproject}: [tool.snippets-runner] allowed-contexts must be a list of strings"
        )
    return set(value)


def allowed_contexts(
    flags: Iterable[str] = (),
    pyproject: Path | None = None,
    environ: dict[str, str] | None = None,
) -> set[str]:
    environ = dict(os.environ) if environ is None else environ
    from_env = {name for name in re.split(r"[,\s]+", environ.get(ENV_VAR, "")) if name}
    return set(flags) | configured_contexts(pyproject) | from_env


def check_allowed(context: str, allowed: set[str]) -> None:
    """Refuse, saying why and how to allow, unless ``context`` is explicitly allowed."""
    if context in allowed:
        return
    known = ", ".join(sorted(allowed)) or "none"
    raise ClusterError(
        f"refusing to run pages against kubeconfig context {context!r}: pages delete pods "
        "and create and remove resources, so only contexts explicitly allowed for "
        f"verification are used (allowed: {known}). If {context!r} is a disposable test "
        f"cluster, allow it with --allow-context {context}, {ENV_VAR}={context}, or "
        "allowed-contexts under [tool.snippets-runner] in pyproject.toml."
    )
