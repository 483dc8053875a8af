"""Which kubeconfig contexts a verification run may touch.

Pages delete pods, scale StatefulSets and create Secrets.  Pointing the
runner at the wrong cluster (the one the current context happens to name)
would do that to someone's real workload, so a context must be allowed
explicitly -- on the command line, in the runner configuration
(``[tool.snippets-runner]`` next to mkdocs.yml) or in the environment -- before
anything runs.  An allow-list, never a deny-list.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from ..errors import ClusterError

ENV_VAR = "SNIPPETS_ALLOWED_CONTEXTS"
"""Comma- or whitespace-separated context names."""


def allowed_contexts(
    configured: Iterable[str] = (), environ: dict[str, str] | None = None
) -> set[str]:
    """The runner configuration's contexts (file and flags) plus the environment's."""
    environ = dict(os.environ) if environ is None else environ
    from_env = {name for name in re.split(r"[,\s]+", environ.get(ENV_VAR, "")) if name}
    return set(configured) | from_env


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
