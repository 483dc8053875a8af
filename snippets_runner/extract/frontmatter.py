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

A page gives values to the placeholders its commands hold (``<pod-name>``,
``YOUR_REGION``, as the site's ``placeholders`` patterns find them), which
the runner types instead; a command's placeholder without a value keeps its
block from running (model.fill, Page.unfilled):

---
snippets:
  placeholders: {"<pod-name>": web-0, YOUR_REGION: eu-west-1}
---
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ..errors import PageError
from ..model import LabSpec, Location

KEY = "snippets"
_FIELDS = {"lab", "secrets", "cluster", "placeholders"}
MAX_PLACEHOLDERS = 100
"""Values one page may give: a page holds a handful of placeholders."""
MAX_PLACEHOLDER = 200
"""Characters in a placeholder (``<pod-name>``)."""
MAX_VALUE = 1000
"""Characters in a value: it is typed into a command line."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _strings(value: Any, field: str, location: Location) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise PageError(location, f"{KEY}.{field} must be a list of non-empty strings")
    return tuple(value)


def _placeholders(value: Any, location: Location) -> tuple[tuple[str, str], ...]:
    """``snippets.placeholders``: a mapping of placeholders to the text typed instead.

    Each value lands in a command line, so it is one line of printable text: a
    newline would make the command two, a control character would be typed as a key.
    """
    where = f"{KEY}.placeholders"
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise PageError(location, f'{where} must be a mapping like {{"<pod-name>": web-0}}')
    if len(value) > MAX_PLACEHOLDERS:
        raise PageError(location, f"{where} has {len(value)} values, at most {MAX_PLACEHOLDERS}")
    pairs = []
    for name, text in value.items():
        if not isinstance(name, str) or not name.strip():
            raise PageError(
                location, f"{where}: {name!r:.60} is not a placeholder (a non-empty string)"
            )
        if len(name) > MAX_PLACEHOLDER or _CONTROL.search(name):
            raise PageError(
                location,
                f"{where}: {name!r:.60} is not a placeholder (one line of at most "
                f"{MAX_PLACEHOLDER} characters)",
            )
        if not isinstance(text, str):
            raise PageError(
                location,
                f"{where}[{name!r:.60}] must be a string, not {type(text).__name__} "
                "(quote it in the YAML)",
            )
        if len(text) > MAX_VALUE or _CONTROL.search(text):
            raise PageError(
                location,
                f"{where}[{name!r:.60}] must be one line of at most {MAX_VALUE} characters, "
                "without control characters: it is typed into the command",
            )
        pairs.append((name, text))
    return tuple(pairs)


def _key_line(text: str, first_line: int, path: Path) -> Location:
    """Where the front matter writes ``placeholders:``, for its errors (else its first line)."""
    for number, line in enumerate(text.splitlines()):
        if re.search(r"(^|[\s{,])placeholders\s*:", line):
            return Location(path, first_line + number)
    return Location(path, first_line)


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
    placeholders = _placeholders(spec.get("placeholders"), _key_line(text, first_line, path))
    return LabSpec(manifests, secrets, location, cluster, placeholders)
