"""Which volumeBindingMode governs a PersistentVolumeClaim, read from the cluster.

A lab cannot know it from the manifest alone: a claim that names no class
gets the cluster's default, and that differs between the reader's cluster
and ours. So the mode is read from the StorageClass the claim ends up with.
"""

from __future__ import annotations

from typing import Any

from kubernetes import client as k8s

DEFAULT_CLASS_ANNOTATIONS = (
    "storageclass.kubernetes.io/is-default-class",
    "storageclass.beta.kubernetes.io/is-default-class",
)
_NOT_FOUND = 404


def _is_default(storage_class: k8s.V1StorageClass) -> bool:
    annotations = storage_class.metadata.annotations or {}
    return any(annotations.get(key) == "true" for key in DEFAULT_CLASS_ANNOTATIONS)


def default_class(api: k8s.StorageV1Api) -> k8s.V1StorageClass | None:
    """The default StorageClass; the newest if several claim it, as Kubernetes picks."""
    defaults = [sc for sc in api.list_storage_class().items if _is_default(sc)]
    defaults.sort(key=lambda sc: (sc.metadata.creation_timestamp, sc.metadata.name))
    return defaults[-1] if defaults else None


def binding_mode(api: k8s.StorageV1Api, claim: dict[str, Any] | None) -> str | None:
    """The claim's class's volumeBindingMode, or None when no class applies or it is missing.

    None means "bind now" (Immediate, or a static claim with class ""), so the
    caller keeps waiting for Bound; a missing class then fails at the deadline
    with the claim's events, which say why.
    """
    if claim is None:
        return None
    name = (claim.get("spec") or {}).get("storageClassName")
    if name == "":
        return None
    if name is None:
        found = default_class(api)
    else:
        try:
            found = api.read_storage_class(name)
        except k8s.ApiException as exc:
            if exc.status != _NOT_FOUND:
                raise
            return None
    return str(found.volume_binding_mode) if found and found.volume_binding_mode else None
