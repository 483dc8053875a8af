"""The `snippets:` key of a page's front matter: the lab the page needs.

---
snippets:
  lab: [../manifests/catalog-mysql-emptydir.yaml]   # relative to the page
  secrets: [my-secret-pw]                           # masked in every report
---

A page that needs no cluster at all says so, and its shell then gets no
kubeconfig (model.Page.needs_cluster):

---
snippets:
  cluster: false
---
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import PageError
from ..model import LabSpec, Location

KEY = "snippets"
_FIELDS = {"lab", "secrets", "cluster"}


def _strings(value: Any, field: str, location: Location) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise PageError(location, f"{KEY}.{field} must be a list of non-empty strings")
    return tuple(value)


def parse_front_matter(text: str | None, first_line: int, path: Path) -> LabSpec:
    """Parse the lab spec; other front matter keys belong to MkDocs and are ignored."""
    if text is None:
        return LabSpec()
    import yaml  # only a page with front matter pays for a YAML parser

    location = Location(path, first_line)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise PageError(Location(path, line), f"front matter: {problem}") from None
    if not isinstance(data, dict) or KEY not in data:
        return LabSpec()
    spec = data[KEY]
    if not isinstance(spec, dict):
        raise PageError(location, f"front matter {KEY!r} must be a mapping")
    unknown = set(spec) - _FIELDS
    if unknown:
        names = ", ".join(sorted(map(str, unknown)))
        known = ", ".join(sorted(_FIELDS))
        raise PageError(location, f"unknown key(s) under {KEY!r}: {names} (known: {known})")
    manifests = tuple(
        Path(os.path.normpath(path.parent / m)) for m in _strings(spec.get("lab"), "lab", location)
    )
    cluster = spec.get("cluster", True)
    if not isinstance(cluster, bool):
        raise PageError(location, f"{KEY}.cluster must be true or false")
    if not cluster and manifests:
        raise PageError(
            location, f"{KEY}.cluster is false but the page has a lab, which is set up on a cluster"
        )
    secrets = _strings(spec.get("secrets"), "secrets", location)
    return LabSpec(manifests, secrets, location, cluster)
