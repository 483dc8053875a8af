"""Apply a page's lab, wait until it is ready, and take it away again.

All waiting is a watch on the one object concerned, bounded by a deadline:
no sleeps, so a fast cluster is not slowed down and a slow one is not
mistaken for a broken one before the deadline says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import partial
from typing import Any

from kubernetes import client as k8s
from kubernetes.dynamic import DynamicClient
from kubernetes.dynamic.exceptions import NotFoundError, ResourceNotFoundError
from kubernetes.dynamic.resource import Resource

from ..errors import LabError
from ..model import LabSpec
from .manifests import LabObject, load_objects
from .namespaces import object_namespace
from .readiness import Readiness, claim_readiness, readiness
from .storage import binding_mode

FIELD_MANAGER = "snippets-runner"
_GONE = 410


Check = Callable[[dict[str, Any] | None], Readiness]


class Lab:
    def __init__(self, api: k8s.ApiClient, objects: list[LabObject], timeout: float) -> None:
        self.dynamic = DynamicClient(api)
        self.core = k8s.CoreV1Api(api)
        self.storage = k8s.StorageV1Api(api)
        self.objects = objects
        self.timeout = timeout

    def _resource(self, obj: LabObject) -> Resource:
        try:
            return self.dynamic.resources.get(api_version=obj.api_version, kind=obj.kind)
        except ResourceNotFoundError:
            raise LabError(
                obj.location, f"the cluster has no {obj.api_version} {obj.kind}"
            ) from None

    def _namespace(self, obj: LabObject, resource: Resource) -> str | None:
        return (obj.namespace or "default") if resource.namespaced else None

    def _get(self, resource: Resource, obj: LabObject) -> dict[str, Any] | None:
        try:
            found = self.dynamic.get(resource, obj.name, self._namespace(obj, resource))
            return dict(found.to_dict())
        except NotFoundError:
            return None

    def _wait(self, obj: LabObject, check: Check, deadline: float) -> Readiness:
        resource = self._resource(obj)
        current = self._get(resource, obj)
        verdict = check(current)
        while not verdict[0] and (remaining := deadline - time.monotonic()) > 0:
            version = (current or {}).get("metadata", {}).get("resourceVersion")
            try:
                for event in self.dynamic.watch(
                    resource,
                    namespace=self._namespace(obj, resource),
                    field_selector=f"metadata.name={obj.name}",
                    resource_version=version,
                    timeout=max(1, int(remaining)),
                ):
                    current = None if event["type"] == "DELETED" else event["raw_object"]
                    verdict = check(current)
                    if verdict[0] or time.monotonic() >= deadline:
                        break
            except k8s.ApiException as exc:
                if exc.status != _GONE:
                    raise
            if not verdict[0]:
                current = self._get(resource, obj)  # resync after a watch ends or expires
                verdict = check(current)
        return verdict

    def _events(self, obj: LabObject) -> list[str]:
        """Recent events of the object and of what it owns (pods of a StatefulSet, say)."""
        namespace = object_namespace(obj)
        try:
            events = self.core.list_namespaced_event(namespace).items
        except k8s.ApiException:
            return []
        mine = [e for e in events if (e.involved_object.name or "").startswith(obj.name)]
        mine.sort(key=lambda e: str(e.metadata.creation_timestamp))
        return [
            f"{e.type} {e.reason} {e.involved_object.kind}/{e.involved_object.name}: {e.message}"
            for e in mine[-8:]
        ]

    def _fail(self, obj: LabObject, what: str, verdict: Readiness) -> LabError:
        events = "\n".join(f"    {line}" for line in self._events(obj)) or "    (no events)"
        return LabError(
            obj.location,
            f"{what}: {obj} not ready after {self.timeout:g}s, waiting for {verdict[1]}\n{events}",
        )

    def _readiness(self, obj: LabObject) -> Check:
        """The kind's rule; for a claim, the rule of the binding mode its StorageClass sets."""
        if obj.kind != "PersistentVolumeClaim":
            return partial(_ready, obj.kind)
        mode = binding_mode(self.storage, self._get(self._resource(obj), obj))

        def claim(found: dict[str, Any] | None) -> Readiness:
            return claim_readiness(found, mode) if found else (False, "the object to appear")

        return claim

    def setup(self) -> None:
        for obj in self.objects:
            resource = self._resource(obj)
            self.dynamic.server_side_apply(
                resource,
                body=obj.body,
                namespace=self._namespace(obj, resource),
                field_manager=FIELD_MANAGER,
                force_conflicts=True,
            )
        deadline = time.monotonic() + self.timeout
        for obj in self.objects:
            verdict = self._wait(obj, self._readiness(obj), deadline)
            if not verdict[0]:
                raise self._fail(obj, "lab setup failed", verdict)

    def cleanup(self) -> None:
        for obj in reversed(self.objects):
            resource = self._resource(obj)
            with suppress(NotFoundError):
                self.dynamic.delete(
                    resource,
                    obj.name,
                    self._namespace(obj, resource),
                    body={"propagationPolicy": "Foreground"},
                )
        deadline = time.monotonic() + self.timeout
        for obj in reversed(self.objects):
            verdict = self._wait(obj, lambda o: (o is None, "deletion"), deadline)
            if not verdict[0]:
                raise LabError(obj.location, f"lab cleanup failed: {obj} still exists")


def _ready(kind: str, obj: dict[str, Any] | None) -> Readiness:
    return readiness(kind, obj) if obj is not None else (False, "the object to appear")


@contextmanager
def lab(api: k8s.ApiClient, spec: LabSpec, timeout: float = 180) -> Iterator[list[LabObject]]:
    """Set the lab up for the duration of the block, and clean it even if the block fails."""
    objects = load_objects(spec.manifests)
    session = Lab(api, objects, timeout)
    try:
        session.setup()
        yield objects
    finally:
        session.cleanup()
