"""Read the objects of a lab's manifest files, with file:line on bad input."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PageError, yaml_problem
from ..model import Location


@dataclass(frozen=True)
class LabObject:
    """One Kubernetes object of a manifest, and where it is written."""

    body: dict[str, Any]
    location: Location

    @property
    def api_version(self) -> str:
        return str(self.body["apiVersion"])

    @property
    def kind(self) -> str:
        return str(self.body["kind"])

    @property
    def name(self) -> str:
        return str(self.body["metadata"]["name"])

    @property
    def namespace(self) -> str | None:
        ns = self.body["metadata"].get("namespace")
        return str(ns) if ns else None

    def __str__(self) -> str:
        where = f"{self.namespace}/" if self.namespace else ""
        return f"{self.kind} {where}{self.name}"


def _documents(path: Path) -> Iterable[tuple[Any, int]]:
    import yaml  # pages without a lab never need a YAML parser

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PageError(Location(path, 1), f"cannot read manifest: {exc}") from None
    try:
        for node in yaml.compose_all(text, Loader=yaml.SafeLoader):
            if node is not None:
                yield yaml.safe_load(yaml.serialize(node)), node.start_mark.line + 1
    except yaml.YAMLError as exc:  # its text quotes the file: a Secret's value
        line, problem = yaml_problem(exc)
        raise PageError(Location(path, line or 1), f"invalid YAML: {problem}") from None


def load_objects(paths: Iterable[Path]) -> list[LabObject]:
    """Every object, in file order; each needs apiVersion, kind and metadata.name."""
    objects = []
    for path in paths:
        for body, line in _documents(path):
            location = Location(path, line)
            if not isinstance(body, dict):
                raise PageError(location, "a manifest document must be a mapping")
            meta = body.get("metadata")
            if not body.get("apiVersion") or not body.get("kind") or not isinstance(meta, dict):
                raise PageError(location, "object needs apiVersion, kind and metadata")
            if not meta.get("name"):
                raise PageError(location, "object needs metadata.name")
            objects.append(LabObject(body, location))
    return objects
