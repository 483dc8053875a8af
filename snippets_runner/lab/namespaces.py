"""Which namespaces a lesson touches: one answer for masking, xdist grouping and lab events.

Secrets are read from these namespaces to mask them, and lessons that share
one must never run at the same time under pytest-xdist, so both must agree
on the same set. It is the union of the lab's objects (a Namespace object is
its own namespace, any other object lives in its `metadata.namespace` or the
default one) and of what the commands name with ``-n``/``--namespace`` or
create with ``kubectl create namespace``, plus the context's default
namespace for a page that talks to the cluster at all.
"""

from __future__ import annotations

import re

from ..model import Lesson, Page
from .manifests import LabObject, load_objects

DEFAULT = "default"

_NS = re.compile(r"(?:\s-n\s*|\s--namespace[=\s]+)([a-z0-9][a-z0-9-]*)")
_CREATE_NS = re.compile(r"kubectl\s+create\s+(?:namespace|ns)\s+([a-z0-9][a-z0-9-]*)")


def object_namespace(obj: LabObject, default: str = DEFAULT) -> str:
    """The namespace an object lives in (a Namespace: itself; no namespace: ``default``)."""
    if obj.kind == "Namespace":
        return obj.name
    return obj.namespace or default


def page_namespaces(page: Page, default: str) -> set[str]:
    """The namespaces a page's commands name, plus the context's default one."""
    found = {default}
    for command in page.commands:
        text = f" {command.text}"
        found.update(_NS.findall(text))
        found.update(_CREATE_NS.findall(text))
    return found


def lesson_namespaces(lesson: Lesson | Page, default: str = DEFAULT) -> frozenset[str]:
    """Every namespace the lesson's lab and commands touch; empty for a page without cluster.

    Raises PageError (file:line) for a lab manifest that cannot be read.
    """
    page = lesson.primary if isinstance(lesson, Lesson) else lesson
    found = {object_namespace(obj, default) for obj in load_objects(page.lab.manifests)}
    if page.needs_cluster:
        found |= page_namespaces(page, default)
    return frozenset(found)
